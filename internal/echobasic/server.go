// Package echobasic is an in-process stand-in for the Gateway API
// conformance suite's backend image, echo-basic
// (sigs.k8s.io/gateway-api/conformance/echo-basic): one Server per Pod,
// bound to the Pod's address, answering as the image does. The suite reads
// its JSON echo (path, host, method, proto, headers, namespace, pod...),
// turns X-Echo-Set-Header into response headers, asks /status/NNN for a
// status code, ?delay= for a slow answer, and reads the pod's log for
// "Echoing back request made to ..." lines (mirror tests).
//
// Written from the image's documented behaviour; no code is copied.
package echobasic

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Options describe one Pod's echo server, as echo-basic reads them from its
// environment.
type Options struct {
	// IP is the Pod's address; every listener binds to it (echo-basic binds
	// all interfaces of its own network namespace).
	IP string
	// HTTPPort (HTTP_PORT, default 3000), H2CPort (H2C_PORT, default 3001)
	// and HTTPSPort (HTTPS_PORT, default 8443).
	HTTPPort, H2CPort, HTTPSPort int
	// Namespace, Ingress, Service, Pod are NAMESPACE, INGRESS_NAME,
	// SERVICE_NAME and POD_NAME, echoed in every answer.
	Namespace, Ingress, Service, Pod string
	// Cert, when set, enables the HTTPS listener (TLS_SERVER_CERT and
	// TLS_SERVER_PRIVKEY).
	Cert *tls.Certificate
}

// Server is one Pod's running echo.
type Server struct {
	opts    Options
	Log     *Log
	servers []*http.Server
	retry   retries
}

// Start starts the HTTP, h2c and (with a certificate) HTTPS listeners.
func Start(opts Options) (*Server, error) {
	if opts.HTTPPort == 0 {
		opts.HTTPPort = 3000
	}
	if opts.H2CPort == 0 {
		opts.H2CPort = 3001
	}
	if opts.HTTPSPort == 0 {
		opts.HTTPSPort = 8443
	}
	s := &Server{opts: opts, Log: &Log{}, retry: retries{attempts: map[string]int{}}}
	if err := s.serve(opts.HTTPPort, s.handler(), nil, nil); err != nil {
		return nil, err
	}
	h2c := new(http.Protocols)
	h2c.SetHTTP1(true)
	h2c.SetUnencryptedHTTP2(true)
	if err := s.serve(opts.H2CPort, http.HandlerFunc(s.h2c), h2c, nil); err != nil {
		s.Close()
		return nil, err
	}
	if opts.Cert != nil {
		tc := &tls.Config{Certificates: []tls.Certificate{*opts.Cert}, MinVersion: tls.VersionTLS12}
		if err := s.serve(opts.HTTPSPort, s.handler(), nil, tc); err != nil {
			s.Close()
			return nil, err
		}
	}
	return s, nil
}

func (s *Server) serve(port int, h http.Handler, protocols *http.Protocols, tc *tls.Config) error {
	addr := net.JoinHostPort(s.opts.IP, strconv.Itoa(port))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("echo-basic for pod %s/%s: %w", s.opts.Namespace, s.opts.Pod, err)
	}
	srv := &http.Server{Handler: h, Protocols: protocols, TLSConfig: tc, ReadHeaderTimeout: 10 * time.Second}
	s.servers = append(s.servers, srv)
	go func() {
		var err error
		if tc != nil {
			err = srv.ServeTLS(ln, "", "")
		} else {
			err = srv.Serve(ln)
		}
		if err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.Log.Printf("server on %s stopped: %v", addr, err)
		}
	}()
	return nil
}

// Addr is the HTTP listener's ip:port.
func (s *Server) Addr() string {
	return net.JoinHostPort(s.opts.IP, strconv.Itoa(s.opts.HTTPPort))
}

// Close stops every listener.
func (s *Server) Close() {
	for _, srv := range s.servers {
		_ = srv.Close()
	}
}

// retries is the /retry/ handler's per-uuid attempt count.
type retries struct {
	mu       sync.Mutex
	attempts map[string]int
}
