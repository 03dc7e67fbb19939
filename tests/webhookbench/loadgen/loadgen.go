// Package loadgen measures how many admissions per second a webhook server
// confined to one core answers over HTTPS, without counting the load
// generator's own CPU time.
//
// The server runs in a child process: the running test binary executed
// again (Start) with GOMAXPROCS=1 and, when taskset is installed and the
// machine has two CPUs or more, pinned to CPU 0, while the parent, which
// generates the load over keep-alive HTTP/1.1 connections, pins itself to
// the other CPUs. Run reports the wall rate while the server is capped at
// one core and the server's own CPU time per admission, read from
// /proc/<pid>/stat, so that
//
//	admissions/server-cpu-s = admissions / server CPU seconds
//
// is the rate one core sustains whatever else shares the machine.
//
// In the child, the test selected by the arguments given to Start (which
// TestMain, if any, must let run) sees Child and serves: Serve, or
// NewServing, a server of its own and Serving.WaitServing, then WaitParent.
// Child profiles: APISIX_INGRESS_LOADGEN_ARGS=-test.cpuprofile=FILE.
package loadgen

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// envChild marks the child process.
const envChild = "APISIX_INGRESS_LOADGEN_CHILD"

// envArgs holds more arguments for the child.
const envArgs = "APISIX_INGRESS_LOADGEN_ARGS"

// announcePrefix starts the line the child prints on stdout when serving.
const announcePrefix = "loadgen-serving "

// clockTicks is USER_HZ, the unit of the times in /proc/<pid>/stat: 100 on
// every Linux architecture Go supports.
const clockTicks = 100

// Child reports whether this process is a server started by Start.
func Child() bool { return os.Getenv(envChild) == "1" }

// Announce tells the parent the server is serving at addr (host:port) with
// a certificate signed by the PEM-encoded caPEM.
func Announce(addr string, caPEM []byte) {
	fmt.Printf("%s%s %s\n", announcePrefix, addr, base64.StdEncoding.EncodeToString(caPEM))
}

// WaitParent blocks until the parent closes the child's standard input
// (Server.Stop, or the parent's exit). A parent gone leaves the child's
// stdout and stderr closed: SIGPIPE is then ignored, so that the child
// exits normally (writing the profiles asked for) instead of being killed
// by its last words.
func WaitParent() {
	_, _ = io.Copy(io.Discard, os.Stdin)
	signal.Ignore(syscall.SIGPIPE)
}

// Server is a webhook server running in a child process.
type Server struct {
	Addr string      // host:port
	TLS  *tls.Config // trusts the server's certificate
	cmd  *exec.Cmd
	in   io.WriteCloser
	// Pinned is set when the server is pinned to CPU 0 (and Run pins the
	// load generator to the other CPUs).
	Pinned bool
}

// Lazy starts a server child once, the first time Get is called (a
// benchmark function runs several times), and keeps it for this process.
type Lazy struct {
	once sync.Once
	srv  *Server
}

// Get returns the server, starting it with args (before, when set, runs
// first, e.g. to hand the child its environment).
func (l *Lazy) Get(b *testing.B, before func(), args ...string) *Server {
	l.once.Do(func() {
		if before != nil {
			before()
		}
		l.srv = Start(b, args...)
	})
	if l.srv == nil {
		b.Fatal("the server did not start")
	}
	return l.srv
}

// Start runs the test binary again with args (such as
// "-test.run=^TestServeChild$") followed by the words of
// $APISIX_INGRESS_LOADGEN_ARGS (for instance
// "-test.cpuprofile=/tmp/server.cpu": the server's profile, written when
// it exits), GOMAXPROCS=1 and Child set, and waits
// until it announces that it serves. Call Stop when done; the server also
// exits with this process (its standard input closes). A benchmark
// function runs several times (once with b.N = 1 first), so benchmarks
// start their server once and share it.
func Start(tb testing.TB, args ...string) *Server {
	tb.Helper()
	bin, err := os.Executable()
	if err != nil {
		tb.Fatal(err)
	}
	s := &Server{}
	args = append(args, strings.Fields(os.Getenv(envArgs))...)
	name := bin
	if ts, err := exec.LookPath("taskset"); err == nil && runtime.NumCPU() >= 2 {
		args = append([]string{"-c", "0", bin}, args...)
		name, s.Pinned = ts, true
	}
	s.cmd = exec.Command(name, args...)
	s.cmd.Env = append(os.Environ(), envChild+"=1", "GOMAXPROCS=1")
	s.cmd.Stderr = os.Stderr
	out, err := s.cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if s.in, err = s.cmd.StdinPipe(); err != nil {
		tb.Fatal(err)
	}
	if err := s.cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	announced := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			if line, ok := strings.CutPrefix(sc.Text(), announcePrefix); ok {
				announced <- line
				break
			}
			fmt.Fprintln(os.Stderr, "server:", sc.Text())
		}
		close(announced)
		_, _ = io.Copy(os.Stderr, out)
	}()
	var line string
	select {
	case l, ok := <-announced:
		if !ok {
			s.Stop()
			tb.Fatal("the server exited before serving")
		}
		line = l
	case <-time.After(3 * time.Minute):
		s.Stop()
		tb.Fatal("the server did not announce itself in 3 minutes")
	}
	addr, ca64, _ := strings.Cut(line, " ")
	ca, err := base64.StdEncoding.DecodeString(ca64)
	if err != nil {
		s.Stop()
		tb.Fatal(err)
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(ca) {
		s.Stop()
		tb.Fatal("the server announced no CA certificate")
	}
	host, _, _ := net.SplitHostPort(addr)
	s.Addr, s.TLS = addr, &tls.Config{RootCAs: roots, ServerName: host, MinVersion: tls.VersionTLS12}
	return s
}

// Stop ends the server and waits for it.
func (s *Server) Stop() {
	if s.in != nil {
		_ = s.in.Close()
		s.in = nil
		done := make(chan struct{})
		go func() { _ = s.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = s.cmd.Process.Kill()
			<-done
		}
	}
}

// CPU returns the CPU time (user + system, every thread) the server has
// used, with a resolution of 10 ms.
func (s *Server) CPU() (time.Duration, error) {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", s.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	// The command name (field 2) is in parentheses and may hold spaces:
	// fields are counted after the last ')'. utime and stime are fields 14
	// and 15, the 12th and 13th after it.
	i := bytes.LastIndexByte(raw, ')')
	f := strings.Fields(string(raw[i+1:]))
	if len(f) < 13 {
		return 0, fmt.Errorf("short /proc/%d/stat", s.cmd.Process.Pid)
	}
	ut, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("bad /proc/%d/stat: %q", s.cmd.Process.Pid, raw)
	}
	return time.Duration(ut+st) * time.Second / clockTicks, nil
}

// Run posts body b.N times to path over clients keep-alive HTTP/1.1
// connections, one goroutine each, checking every answer with check, and
// reports:
//
//   - admissions/s: the wall rate, the server capped at one core;
//   - server-cpu-µs/op: the server's CPU time per admission;
//   - admissions/server-cpu-s: admissions per second of one core;
//   - server-cpu-util: the server's CPU time over the wall time (near 1
//     when the load generator keeps it busy and no other process competes
//     for its core);
//   - loadgen-cpu-µs/op: the load generator's CPU time per admission.
//
// The load generator is kept lean, so that its one core can keep the
// server's busy: each connection writes a request serialised once and
// reads the answer with http.ReadResponse, without http.Transport's
// goroutine handoffs.
func (s *Server) Run(b *testing.B, path string, body []byte, clients int, check func(status int, body []byte) error) {
	req := fmt.Appendf(nil, "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", path, s.Addr, len(body))
	req = append(req, body...)
	cfg := s.TLS.Clone()
	cfg.NextProtos = []string{"http/1.1"}
	conns := make([]*conn, clients)
	for i := range conns {
		c, err := dial(s.Addr, cfg)
		if err != nil {
			b.Fatal(err)
		}
		defer c.Close()
		// One admission each opens the connection before measuring.
		if err := c.post(req, check); err != nil {
			b.Fatal(err)
		}
		conns[i] = c
	}
	if s.Pinned {
		restore := pinSelf(b)
		defer restore()
	}
	var left atomic.Int64
	left.Store(int64(b.N))
	var wg sync.WaitGroup
	b.ResetTimer()
	cpu0, err := s.CPU()
	if err != nil {
		b.Fatal(err)
	}
	start, self0 := time.Now(), selfCPU()
	for _, c := range conns {
		wg.Go(func() {
			for left.Add(-1) >= 0 {
				if err := c.post(req, check); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	wall, self := time.Since(start), selfCPU()-self0
	cpu1, err := s.CPU()
	b.StopTimer()
	if err != nil {
		b.Fatal(err)
	}
	cpu := cpu1 - cpu0
	b.ReportMetric(float64(b.N)/wall.Seconds(), "admissions/s")
	b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "server-cpu-µs/op")
	if cpu > 0 {
		b.ReportMetric(float64(b.N)/cpu.Seconds(), "admissions/server-cpu-s")
	}
	b.ReportMetric(cpu.Seconds()/wall.Seconds(), "server-cpu-util")
	b.ReportMetric(float64(self.Microseconds())/float64(b.N), "loadgen-cpu-µs/op")
	if cpu < 100*time.Millisecond && b.N > 1 {
		b.Logf("the server used %v of CPU time only: raise -benchtime for a precise figure", cpu)
	}
}

// conn is one keep-alive HTTP/1.1 connection of the load generator.
type conn struct {
	*tls.Conn
	r   *bufio.Reader
	buf bytes.Buffer
}

func dial(addr string, cfg *tls.Config) (*conn, error) {
	c, err := tls.Dial("tcp", addr, cfg)
	if err != nil {
		return nil, err
	}
	return &conn{Conn: c, r: bufio.NewReaderSize(c, 16<<10)}, nil
}

// post writes one request and reads its answer.
func (c *conn) post(req []byte, check func(status int, body []byte) error) error {
	if _, err := c.Write(req); err != nil {
		return err
	}
	resp, err := http.ReadResponse(c.r, nil)
	if err != nil {
		return err
	}
	c.buf.Reset()
	_, err = c.buf.ReadFrom(resp.Body)
	resp.Body.Close()
	if err != nil {
		return err
	}
	if resp.Close {
		return fmt.Errorf("the server closed the connection (%d): %s", resp.StatusCode, c.buf.Bytes())
	}
	return check(resp.StatusCode, c.buf.Bytes())
}

// selfCPU returns the CPU time (user + system) this process has used.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// pinSelf pins every thread of this process (and so the threads they
// start) to the CPUs other than 0, where the server runs, and returns a
// function that restores the affinity it had.
func pinSelf(tb testing.TB) (restore func()) {
	pid := strconv.Itoa(os.Getpid())
	out, err := exec.Command("taskset", "-c", "-p", pid).Output()
	if err != nil {
		tb.Logf("not pinning the load generator: %v", err)
		return func() {}
	}
	// "pid 123's current affinity list: 0,1"
	_, prev, ok := strings.Cut(strings.TrimSpace(string(out)), ": ")
	if !ok {
		tb.Logf("not pinning the load generator: taskset said %q", out)
		return func() {}
	}
	others := "1-" + strconv.Itoa(runtime.NumCPU()-1)
	if err := exec.Command("taskset", "-a", "-c", "-p", others, pid).Run(); err != nil {
		tb.Logf("not pinning the load generator: %v", err)
		return func() {}
	}
	return func() { _ = exec.Command("taskset", "-a", "-c", "-p", prev, pid).Run() }
}
