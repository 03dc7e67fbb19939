package podsim

import (
	"fmt"
	"net/netip"
)

// pool hands out the addresses of a block: the first to the Node, the
// others to Pods, in order, wrapping around and skipping the ones in use, so
// a freed address is reused as late as possible.
type pool struct {
	prefix netip.Prefix
	node   string
	next   netip.Addr
	used   map[string]bool
}

func newPool(cidr string) (*pool, error) {
	p, err := netip.ParsePrefix(cidr)
	if err != nil || !p.Addr().Is4() || p.Bits() > 24 {
		return nil, fmt.Errorf("pod CIDR %q: want an IPv4 block of /24 or larger", cidr)
	}
	p = p.Masked()
	node := p.Addr().Next()
	return &pool{prefix: p, node: node.String(), next: node.Next(), used: map[string]bool{}}, nil
}

// take returns a free address ("" when the block is exhausted).
func (p *pool) take() string {
	start := p.next
	for {
		a := p.next
		p.next = p.next.Next()
		if !p.prefix.Contains(p.next) {
			p.next = netip.MustParseAddr(p.node).Next()
		}
		b := a.As4()
		if b[3] != 0 && b[3] != 255 && !p.used[a.String()] {
			p.used[a.String()] = true
			return a.String()
		}
		if p.next == start {
			return ""
		}
	}
}

// mark records ip as in use (a Pod found with an address already).
func (p *pool) mark(ip string) { p.used[ip] = true }

// free returns ip to the pool.
func (p *pool) free(ip string) { delete(p.used, ip) }

// contains reports whether ip is in the block.
func (p *pool) contains(ip string) bool {
	a, err := netip.ParseAddr(ip)
	return err == nil && p.prefix.Contains(a)
}
