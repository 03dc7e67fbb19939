// Package echo is a backend for end-to-end tests and the dev demo: an HTTP
// server standing in for a pod, on a local address, that answers every
// request with what it received (its own name, method, URI, Host, headers
// and body) as JSON, so a test asserts what the backend saw.
package echo

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"
)

// Request is what a backend received, as it answers it.
type Request struct {
	Backend string              `json:"backend"`
	Method  string              `json:"method"`
	URI     string              `json:"uri"`
	Host    string              `json:"host"`
	Headers map[string][]string `json:"headers"`
	Body    string              `json:"body"`
}

// Header returns the first value of a received header ("" when absent).
func (r Request) Header(name string) string {
	return http.Header(r.Headers).Get(name)
}

// Server is one running backend.
type Server struct {
	Name string
	IP   string // 127.0.0.x
	Port int32
	// Status, when set, is the status code answered (default 200).
	Status atomic.Int32
	srv    *http.Server
	hits   atomic.Int64
	// wsOpen and wsMessages count WebSocket connections and echoed
	// messages (websocket.go).
	wsOpen, wsMessages atomic.Int64
}

// Start serves a backend named name on ip (an address of this machine) and a
// free port.
func Start(name, ip string) (*Server, error) {
	return StartPort(name, ip, 0)
}

// StartPort serves a backend named name on ip:port (port 0: a free one), so
// that several backends on distinct addresses can share a port, as the pods
// of one EndpointSlice do.
func StartPort(name, ip string, port int32) (*Server, error) {
	ln, err := net.Listen("tcp", net.JoinHostPort(ip, strconv.Itoa(int(port))))
	if err != nil {
		return nil, fmt.Errorf("echo %s: %w", name, err)
	}
	s := &Server{Name: name, IP: ip, Port: int32(ln.Addr().(*net.TCPAddr).Port)}
	s.srv = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = s.srv.Serve(ln) }()
	return s, nil
}

// Addr is ip:port.
func (s *Server) Addr() string { return net.JoinHostPort(s.IP, strconv.Itoa(int(s.Port))) }

// Hits is the number of requests served.
func (s *Server) Hits() int64 { return s.hits.Load() }

// Close stops the backend.
func (s *Server) Close() { _ = s.srv.Close() }

// ServeHTTP answers with the request as JSON, or echoes WebSocket
// messages when the request is an upgrade (websocket.go).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.hits.Add(1)
	if isWebSocket(r) {
		s.serveWebSocket(w, r)
		return
	}
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	rec := Request{Backend: s.Name, Method: r.Method, URI: r.RequestURI, Host: r.Host, Headers: r.Header, Body: string(body)}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Backend", s.Name)
	code := int(s.Status.Load())
	if code == 0 {
		code = http.StatusOK
	}
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(rec)
}
