package e2e

import (
	"fmt"
	"net"
	"os/exec"
	"strings"
)

// Backends' addresses. The API server refuses loopback addresses in an
// EndpointSlice ("may not be in the loopback range"), so pods cannot be
// 127.0.0.x here. The suite assigns 198.18.0.0/15 (RFC 2544's benchmarking
// range, never routed) to the loopback interface instead: Linux then treats
// every address in it as local, as it does 127.0.0.0/8, so backends bind to
// distinct addresses, EndpointSlices accept them, and no packet leaves the
// loopback interface. The range stays assigned after the run: suites in
// other checkouts may be using it at the same time, and it is local-only.
const (
	podNet     = "198.18.0.0/15"
	podNetAddr = "198.18.0.1/15"
)

// ensurePodNet makes podNet local (idempotent).
func ensurePodNet() error {
	if local(net.ParseIP("198.18.0.2")) {
		return nil
	}
	out, err := exec.Command("ip", "addr", "add", podNetAddr, "dev", "lo").CombinedOutput()
	if err != nil {
		return fmt.Errorf("assigning %s to the loopback interface (needs root and iproute2; the API server refuses loopback endpoint addresses): %v: %s",
			podNet, err, strings.TrimSpace(string(out)))
	}
	return nil
}

// local reports whether ip can be bound here.
func local(ip net.IP) bool {
	ln, err := net.Listen("tcp", net.JoinHostPort(ip.String(), "0"))
	if err != nil {
		return false
	}
	_ = ln.Close()
	return true
}
