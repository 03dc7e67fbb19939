package echobasic

import (
	"crypto/tls"
	"encoding/json"
	"encoding/pem"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/websocket"
)

// Echo is the JSON body of an echo answer, field for field as echo-basic
// writes it (the suite's CapturedRequest reads these names).
type Echo struct {
	Path      string              `json:"path"` // the RequestURI: path and query as sent
	Host      string              `json:"host"`
	Method    string              `json:"method"`
	Proto     string              `json:"proto"`
	Headers   map[string][]string `json:"headers"`
	HTTPPort  string              `json:"httpPort"`
	Namespace string              `json:"namespace"`
	Ingress   string              `json:"ingress"`
	Service   string              `json:"service"`
	Pod       string              `json:"pod"`
	TLS       *TLS                `json:"tls,omitempty"`
}

// TLS describes the connection of a request received over HTTPS.
type TLS struct {
	Version            string   `json:"version"`
	PeerCertificates   []string `json:"peerCertificates,omitempty"`
	ServerName         string   `json:"serverName"`
	NegotiatedProtocol string   `json:"negotiatedProtocol,omitempty"`
	CipherSuite        string   `json:"cipherSuite"`
}

// handler routes as echo-basic does: "//" collapsed to "/" in the path
// first, then /health, /status/NNN, /retry/, /ws and everything else echoed.
func (s *Server) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/health", func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte("OK"))
	})
	mux.HandleFunc("/status/", status)
	mux.HandleFunc("/retry/", s.retryHandler)
	mux.Handle("/ws", websocket.Handler(func(c *websocket.Conn) {
		s.Log.Printf("established websocket connection %s", c.Request().RemoteAddr)
		buf := make([]byte, 32*1024)
		for {
			n, err := c.Read(buf)
			if n > 0 {
				if _, werr := c.Write(buf[:n]); werr != nil {
					return
				}
			}
			if err != nil {
				return
			}
		}
	}))
	mux.HandleFunc("/", s.echo)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.URL.Path = strings.ReplaceAll(r.URL.Path, "//", "/")
		mux.ServeHTTP(w, r)
	})
}

// h2c answers only HTTP/2 (prior knowledge) or an h2c upgrade request.
func (s *Server) h2c(w http.ResponseWriter, r *http.Request) {
	if r.ProtoMajor != 2 && r.Header.Get("Upgrade") != "h2c" {
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte("Expected h2c request"))
		return
	}
	s.echo(w, r)
}

var statusPath = regexp.MustCompile(`^/status/(\d\d\d)$`)

// status answers the code named by the request URI (400 when it names none).
func status(w http.ResponseWriter, r *http.Request) {
	code := http.StatusBadRequest
	if m := statusPath.FindStringSubmatch(r.RequestURI); m != nil {
		code, _ = strconv.Atoi(m[1])
	}
	w.WriteHeader(code)
}

// echo logs the request, waits ?delay=, then answers with what it received.
func (s *Server) echo(w http.ResponseWriter, r *http.Request) {
	s.Log.Printf("Echoing back request made to %s to client (%s)", r.RequestURI, r.RemoteAddr)
	if err := sleepFor(r, "delay"); err != nil {
		failure(w, err, http.StatusInternalServerError)
		return
	}
	body, err := json.MarshalIndent(Echo{
		Path: r.RequestURI, Host: r.Host, Method: r.Method, Proto: r.Proto, Headers: r.Header,
		HTTPPort: strconv.Itoa(s.opts.HTTPPort), Namespace: s.opts.Namespace, Ingress: s.opts.Ingress,
		Service: s.opts.Service, Pod: s.opts.Pod, TLS: tlsOf(r.TLS),
	}, "", " ")
	if err != nil {
		failure(w, err, http.StatusInternalServerError)
		return
	}
	setEchoHeaders(w, r.Header)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(body)
}

// setEchoHeaders turns every "name:value" of X-Echo-Set-Header (a
// comma-separated list) into a response header, keeping the name's case and
// joining repeated names with ",".
func setEchoHeaders(w http.ResponseWriter, h http.Header) {
	for _, list := range h["X-Echo-Set-Header"] {
		for _, kv := range strings.Split(list, ",") {
			name, value, _ := strings.Cut(strings.TrimSpace(kv), ":")
			if len(w.Header()[name]) == 0 {
				w.Header()[name] = []string{value}
			} else {
				w.Header()[name][0] += "," + strings.TrimSpace(value)
			}
		}
	}
}

// sleepFor waits the duration given by query or form field key, if any.
func sleepFor(r *http.Request, key string) error {
	v := r.FormValue(key)
	if v == "" {
		return nil
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		return err
	}
	time.Sleep(d)
	return nil
}

func failure(w http.ResponseWriter, err error, code int) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	body, _ := json.Marshal(struct {
		Message string `json:"message"`
	}{err.Error()})
	w.WriteHeader(code)
	_, _ = w.Write(body)
}

// retryHandler fails the first succeedAfter requests of a uuid (with a TCP
// reset, or ?responseCode=), after ?delayRetry=, then echoes.
func (s *Server) retryHandler(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	uuid := q.Get("uuid")
	if uuid == "" {
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte("uuid is required"))
		return
	}
	succeedAfter, err := strconv.Atoi(q.Get("succeedAfter"))
	if err != nil {
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte("succeedAfter is required"))
		return
	}
	fail := reset
	if code, err := strconv.Atoi(q.Get("responseCode")); err == nil {
		fail = func(w http.ResponseWriter) error { w.WriteHeader(code); return nil }
	}
	s.retry.mu.Lock()
	defer s.retry.mu.Unlock()
	if s.retry.attempts[uuid] >= succeedAfter {
		s.echo(w, r)
		return
	}
	s.retry.attempts[uuid]++
	if err := sleepFor(r, "delayRetry"); err != nil {
		failure(w, err, http.StatusInternalServerError)
		return
	}
	if err := fail(w); err != nil {
		failure(w, err, http.StatusInternalServerError)
	}
}

// reset aborts the connection with a TCP RST.
func reset(w http.ResponseWriter) error {
	hj, ok := w.(http.Hijacker)
	if !ok {
		return http.ErrNotSupported
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		return err
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		if err := tcp.SetLinger(0); err != nil {
			return err
		}
	}
	return conn.Close()
}

// tlsOf describes a TLS connection (nil for plain HTTP).
func tlsOf(cs *tls.ConnectionState) *TLS {
	if cs == nil {
		return nil
	}
	out := &TLS{
		NegotiatedProtocol: cs.NegotiatedProtocol, ServerName: cs.ServerName,
		CipherSuite: tls.CipherSuiteName(cs.CipherSuite),
	}
	switch cs.Version {
	case tls.VersionTLS13:
		out.Version = "TLSv1.3"
	case tls.VersionTLS12:
		out.Version = "TLSv1.2"
	case tls.VersionTLS11:
		out.Version = "TLSv1.1"
	case tls.VersionTLS10:
		out.Version = "TLSv1.0"
	}
	for _, c := range cs.PeerCertificates {
		out.PeerCertificates = append(out.PeerCertificates, string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})))
	}
	return out
}
