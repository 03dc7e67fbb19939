package apisixrt

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// SetHTTP2 turns HTTP/2 on (or back off) for the proxy's listeners on addrs
// ("ip:port", as given to Listen): a plain listener then speaks h2c with
// prior knowledge only (nginx 1.22 cannot serve HTTP/1.1 and h2c on one
// port), a TLS listener offers h2 and http/1.1 by ALPN.
//
// APISIX 3.18 enables HTTP/2 with the server-level `http2 on;` of nginx
// 1.25, which the runtime's nginx 1.22 rejects; 1.22 has the HTTP/2 module
// and takes the older `listen ... http2` parameter. So this edits the
// rendered DIR/conf/nginx.conf in place (apisix-runtime reload would render
// it again without the parameter) and sends HUP to the nginx master. It
// returns once the first plain address answers h2c (on) or HTTP/1.1 (off).
func (in *Instance) SetHTTP2(ctx context.Context, on bool, addrs []string) error {
	pid, err := strconv.Atoi(in.Env["APISIX_PID"])
	if err != nil {
		return fmt.Errorf("no APISIX_PID in %s/env", in.Dir)
	}
	path := filepath.Join(in.Dir, "conf", "nginx.conf")
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	conf, n := setListenHTTP2(string(raw), on, addrs)
	if n == 0 {
		return nil
	}
	if err := os.WriteFile(path, []byte(conf), 0o644); err != nil {
		return err
	}
	if err := syscall.Kill(pid, syscall.SIGHUP); err != nil {
		return fmt.Errorf("reloading the nginx master %d: %w", pid, err)
	}
	if len(addrs) == 0 {
		return nil
	}
	return in.awaitProtocol(ctx, on, addrs[0])
}

// listenLine is one `listen ip:port [ssl] [params];` line of nginx.conf.
var listenLine = regexp.MustCompile(`(?m)^(\s*listen\s+)(\S+)((?:\s+ssl)?)((?:\s+[a-z0-9_=]+)*);$`)

// setListenHTTP2 adds (on) or removes (off) the http2 parameter of the
// listen lines for addrs, and says how many lines it changed.
func setListenHTTP2(conf string, on bool, addrs []string) (string, int) {
	want := map[string]bool{}
	for _, a := range addrs {
		want[a] = true
	}
	changed := 0
	out := listenLine.ReplaceAllStringFunc(conf, func(line string) string {
		m := listenLine.FindStringSubmatch(line)
		if !want[m[2]] {
			return line
		}
		params := strings.Fields(m[4])
		has := false
		kept := params[:0]
		for _, p := range params {
			if p == "http2" {
				has = true
				continue
			}
			kept = append(kept, p)
		}
		if has == on {
			return line
		}
		changed++
		if on {
			kept = append([]string{"http2"}, kept...)
		}
		rest := ""
		if len(kept) > 0 {
			rest = " " + strings.Join(kept, " ")
		}
		return m[1] + m[2] + m[3] + rest + ";"
	})
	return out, changed
}

// awaitProtocol waits (up to 15 s) until addr, a plain listener, answers
// with HTTP/2 over h2c prior knowledge (on) or with HTTP/1.1 (off): the
// reloaded workers serve it.
func (in *Instance) awaitProtocol(ctx context.Context, on bool, addr string) error {
	p := new(http.Protocols)
	if on {
		p.SetUnencryptedHTTP2(true)
	} else {
		p.SetHTTP1(true)
	}
	c := http.Client{Timeout: 2 * time.Second, Transport: &http.Transport{Protocols: p, DisableKeepAlives: true}}
	defer c.CloseIdleConnections()
	deadline := time.Now().Add(15 * time.Second)
	var last error
	for time.Now().Before(deadline) && ctx.Err() == nil {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+"/", nil)
		resp, err := c.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.ProtoMajor == 2 == on {
				return nil
			}
			err = fmt.Errorf("answered with %s", resp.Proto)
		}
		last = err
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("APISIX on %s: HTTP/2 %v not in effect after reload: %v\nerror.log:\n%s", addr, on, last, in.ErrorLogTail(20))
}
