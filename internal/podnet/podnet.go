// Package podnet makes local "pod" addresses for backends that stand in for
// pods (the end-to-end suite's and the dev demo's echo servers).
//
// The API server refuses loopback addresses in an EndpointSlice ("may not be
// in the loopback range"), so such pods cannot be 127.0.0.x. Ensure assigns
// 198.18.0.0/15 (RFC 2544's benchmarking range, never routed) to the
// loopback interface instead: Linux then treats every address in it as
// local, as it does 127.0.0.0/8, so backends bind to distinct addresses,
// EndpointSlices accept them, and no packet leaves the loopback interface.
// The range stays assigned afterwards: other processes may be using it at
// the same time, and it is local-only.
//
// By convention the end-to-end suite takes addresses in 198.18.0.0/16 (from
// 198.18.1.0 up) and `apisix-ingress dev` in 198.19.0.0/16; the Gateway API
// conformance harness takes 198.18.240.0/21 for Pods (internal/podsim) and
// 198.18.250.0/24 for Gateway addresses; podsim's own test 198.18.248.0/24
// and apisixrt's 198.18.251.0/24.
package podnet

import (
	"fmt"
	"net"
	"os/exec"
	"strings"
)

const (
	// Net is the range made local.
	Net = "198.18.0.0/15"
	// addr is what is assigned to the loopback interface.
	addr = "198.18.0.1/15"
)

// Ensure makes Net local (idempotent). It needs root and iproute2 when the
// range is not local yet.
func Ensure() error {
	if Local("198.18.0.2") && Local("198.19.0.2") {
		return nil
	}
	out, err := exec.Command("ip", "addr", "add", addr, "dev", "lo").CombinedOutput()
	if err != nil {
		return fmt.Errorf("assigning %s to the loopback interface (needs root and iproute2; the API server refuses loopback endpoint addresses): %v: %s",
			Net, err, strings.TrimSpace(string(out)))
	}
	return nil
}

// Local reports whether ip can be bound here.
func Local(ip string) bool {
	ln, err := net.Listen("tcp", net.JoinHostPort(ip, "0"))
	if err != nil {
		return false
	}
	_ = ln.Close()
	return true
}
