package apisixtest

import (
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"sync"
	"time"
)

// Options configures a Server. The zero value is a server without API key
// whose plugin checks cover only the plugins the project models.
type Options struct {
	// Addr is the loopback host:port to listen on; default 127.0.0.1 with a
	// random port.
	Addr string
	// SchemasDir is a directory of APISIX's JSON schemas (core.<kind>.json,
	// plugin.<name>.json). When set, bodies are checked against them, their
	// defaults are filled in, and the plugin endpoints serve them.
	SchemasDir string
	// APIKey, when set, must arrive as the X-API-KEY header (or the api_key
	// query argument); otherwise the server answers 401.
	APIKey string
	// Checker replaces the checks chosen from SchemasDir.
	Checker Checker
	// Seed makes fault injection deterministic when non-zero.
	Seed uint64
	// Now is the clock of create_time and update_time; default time.Now.
	Now func() time.Time
	// Logger receives the server's notices; nil discards them.
	Logger *slog.Logger
	// DisableConfigsValidate answers POST /apisix/admin/configs/validate with
	// 404, like APISIX before 3.17.
	DisableConfigsValidate bool
	// EmptyListAsObject encodes an empty list as {} the way lua-cjson does.
	EmptyListAsObject bool
}

// Server is an in-memory APISIX Admin API v3 listening on 127.0.0.1.
type Server struct {
	// URL is the base URL, e.g. http://127.0.0.1:41234 (no trailing slash).
	URL string

	opts    Options
	checker Checker
	schemas *schemaSet // nil without SchemasDir
	srv     *http.Server

	mu     sync.Mutex // guards store, reqlog, counts
	store  *store
	reqlog []Request
	counts map[CountKey]int

	faults faults

	netMu  sync.Mutex // guards ln, conns, down, closed
	addr   string
	ln     net.Listener
	conns  map[net.Conn]struct{}
	down   bool
	closed bool
}

// NewServer starts a server on 127.0.0.1 with a random port. It panics when
// it cannot listen or SchemasDir cannot be loaded, like httptest.NewServer.
func NewServer(opts Options) *Server {
	s, err := Start(opts)
	if err != nil {
		panic(fmt.Sprintf("apisixtest: %v", err))
	}
	return s
}

// Start is NewServer returning an error instead of panicking.
func Start(opts Options) (*Server, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	seed := opts.Seed
	if seed == 0 {
		seed = rand.Uint64()
	}
	s := &Server{
		opts:   opts,
		store:  newStore(),
		counts: map[CountKey]int{},
		conns:  map[net.Conn]struct{}{},
		faults: newFaults(seed),
	}
	if opts.SchemasDir != "" {
		ss, err := loadSchemaSet(opts.SchemasDir)
		if err != nil {
			return nil, err
		}
		s.schemas = ss
	}
	checker, err := s.newChecker()
	if err != nil {
		return nil, err
	}
	s.checker = checker
	addr := opts.Addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	if host, _, err := net.SplitHostPort(addr); err != nil || !isLoopback(host) {
		return nil, fmt.Errorf("apisixtest: Addr %q must be a loopback host:port", addr)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s.addr = ln.Addr().String()
	s.URL = "http://" + s.addr
	s.srv = &http.Server{Handler: http.HandlerFunc(s.serve), ConnState: s.trackConn, ReadHeaderTimeout: 10 * time.Second}
	s.ln = ln
	go s.srv.Serve(ln) //nolint:errcheck // returns when the listener closes
	return s, nil
}

// Close shuts the server down and closes every connection.
func (s *Server) Close() {
	s.netMu.Lock()
	s.closed = true
	s.netMu.Unlock()
	_ = s.srv.Close()
}

// trackConn keeps the set of open connections so that SetDown can cut them.
func (s *Server) trackConn(c net.Conn, st http.ConnState) {
	s.netMu.Lock()
	defer s.netMu.Unlock()
	switch st {
	case http.StateNew:
		if s.down {
			_ = c.Close()
			return
		}
		s.conns[c] = struct{}{}
	case http.StateClosed, http.StateHijacked:
		delete(s.conns, c)
	}
}

// SetDown switches the server off (its port refuses connections and open
// connections are cut) or back on at the same address.
func (s *Server) SetDown(down bool) error {
	s.netMu.Lock()
	defer s.netMu.Unlock()
	if s.closed {
		return errors.New("apisixtest: server closed")
	}
	if down == s.down {
		return nil
	}
	if down {
		s.down = true
		err := s.ln.Close()
		for c := range s.conns {
			_ = c.Close()
		}
		clear(s.conns)
		return err
	}
	ln, err := net.Listen("tcp", s.addr)
	if err != nil {
		return fmt.Errorf("apisixtest: listening again on %s: %w", s.addr, err)
	}
	s.ln, s.down = ln, false
	go s.srv.Serve(ln) //nolint:errcheck // returns when the listener closes
	return nil
}

// isDown reports the down switch.
func (s *Server) isDown() bool {
	s.netMu.Lock()
	defer s.netMu.Unlock()
	return s.down
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
