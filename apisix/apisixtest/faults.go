package apisixtest

import (
	"math/rand/v2"
	"net"
	"net/http"
	"sync"
	"time"
)

// Faults are the failures the server injects into requests before handling
// them. The zero value injects nothing.
type Faults struct {
	// Latency delays every request.
	Latency time.Duration
	// ErrorRate is the probability (0..1) of answering 503 without doing
	// anything.
	ErrorRate float64
	// ResetRate is the probability (0..1) of cutting the connection (TCP RST)
	// without answering or doing anything.
	ResetRate float64
	// LostReplyRate is the probability (0..1) of doing the request, then
	// answering 503 as if it had failed: APISIX does that when its etcd
	// write times out but went through.
	LostReplyRate float64
}

// Fault names recorded in Request.Fault.
const (
	FaultNone  = ""
	Fault5xx   = "5xx"
	FaultReset = "reset"
	// FaultLostReply: the request was done, the answer says 503.
	FaultLostReply = "lost-reply"
)

// faults holds the current Faults and a seeded random source.
type faults struct {
	mu  sync.Mutex
	cur Faults
	rng *rand.Rand
}

func newFaults(seed uint64) faults {
	return faults{rng: rand.New(rand.NewPCG(seed, seed^0x5851f42d4c957f2d))}
}

// roll returns the current latency and the fault to inject into one request.
func (f *faults) roll() (time.Duration, string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.cur.ErrorRate <= 0 && f.cur.ResetRate <= 0 && f.cur.LostReplyRate <= 0 {
		return f.cur.Latency, FaultNone
	}
	x := f.rng.Float64()
	switch {
	case x < f.cur.ResetRate:
		return f.cur.Latency, FaultReset
	case x < f.cur.ResetRate+f.cur.ErrorRate:
		return f.cur.Latency, Fault5xx
	case x < f.cur.ResetRate+f.cur.ErrorRate+f.cur.LostReplyRate:
		return f.cur.Latency, FaultLostReply
	}
	return f.cur.Latency, FaultNone
}

// SetFaults replaces the injected faults; safe to call while requests run.
func (s *Server) SetFaults(f Faults) {
	s.faults.mu.Lock()
	s.faults.cur = f
	s.faults.mu.Unlock()
}

// Faults returns the injected faults.
func (s *Server) Faults() Faults {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	return s.faults.cur
}

// SetLatency delays every request by d.
func (s *Server) SetLatency(d time.Duration) { s.updateFaults(func(f *Faults) { f.Latency = d }) }

// SetErrorRate makes a fraction p (0..1) of requests fail with 503.
func (s *Server) SetErrorRate(p float64) { s.updateFaults(func(f *Faults) { f.ErrorRate = p }) }

// SetResetRate makes a fraction p (0..1) of requests end in a connection reset.
func (s *Server) SetResetRate(p float64) { s.updateFaults(func(f *Faults) { f.ResetRate = p }) }

func (s *Server) updateFaults(fn func(*Faults)) {
	s.faults.mu.Lock()
	fn(&s.faults.cur)
	s.faults.mu.Unlock()
}

// resetConn hijacks the request's connection and closes it with a TCP RST.
func resetConn(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}
