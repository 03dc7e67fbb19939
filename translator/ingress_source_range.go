package translator

import (
	"net/netip"

	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/translator/annotations"
)

// ipRestriction translates allowlist-source-range and denylist-source-range
// (and their canonical keys). ingress-nginx writes the deny rules before the
// allow rules, so a denied address is refused even inside an allowed range.
// APISIX's ip-restriction takes a whitelist or a blacklist, not both, so
// with both lists the whitelist is the allowed ranges minus the denied ones:
// the same addresses pass, in one plugin, with ip-restriction's 403.
func ipRestriction(a annotations.Access) *apisix.IPRestriction {
	switch {
	case len(a.Allow) > 0 && len(a.Deny) > 0:
		allowed := subtractRanges(a.Allow, a.Deny)
		if len(allowed) == 0 {
			// Every allowed address is denied: refuse everyone.
			return &apisix.IPRestriction{Blacklist: []string{"0.0.0.0/0", "::/0"}}
		}
		return &apisix.IPRestriction{Whitelist: allowed}
	case len(a.Allow) > 0:
		return &apisix.IPRestriction{Whitelist: a.Allow}
	case len(a.Deny) > 0:
		return &apisix.IPRestriction{Blacklist: a.Deny}
	}
	return nil
}

// subtractRanges returns the addresses of allow that no entry of deny
// covers, as CIDRs (entries are addresses or masked CIDRs, as the
// annotation parser normalises them). An allow entry no deny entry touches
// is kept as written; one that contains a denied range is split into the
// largest CIDRs around it.
func subtractRanges(allow, deny []string) []string {
	denied := make([]netip.Prefix, 0, len(deny))
	for _, d := range deny {
		if p, ok := parseRange(d); ok {
			denied = append(denied, p)
		}
	}
	var out []string
	for _, a := range allow {
		p, ok := parseRange(a)
		if !ok {
			continue
		}
		parts := []netip.Prefix{p}
		for _, d := range denied {
			var next []netip.Prefix
			for _, q := range parts {
				next = append(next, subtractPrefix(q, d)...)
			}
			parts = next
		}
		if len(parts) == 1 && parts[0] == p {
			out = append(out, a)
			continue
		}
		for _, q := range parts {
			out = append(out, q.String())
		}
	}
	return out
}

// parseRange reads an address (as a full-length prefix) or a CIDR.
func parseRange(s string) (netip.Prefix, bool) {
	if p, err := netip.ParsePrefix(s); err == nil {
		return p.Masked(), true
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, false
	}
	return netip.PrefixFrom(a, a.BitLen()), true
}

// subtractPrefix returns p without the addresses of d: p itself when they
// do not overlap (or are of different families), nothing when d covers p,
// and otherwise the sibling of every prefix on the way from p down to d.
func subtractPrefix(p, d netip.Prefix) []netip.Prefix {
	if p.Addr().Is4() != d.Addr().Is4() || !p.Overlaps(d) {
		return []netip.Prefix{p}
	}
	if d.Bits() <= p.Bits() {
		return nil // d covers p
	}
	out := make([]netip.Prefix, 0, d.Bits()-p.Bits())
	for bits := p.Bits(); bits < d.Bits(); bits++ {
		// The half of the current prefix that holds d goes on being
		// split; the other half is kept whole.
		toward := netip.PrefixFrom(d.Addr(), bits+1).Masked()
		out = append(out, netip.PrefixFrom(flipBit(toward.Addr(), bits), bits+1))
	}
	return out
}

// flipBit inverts bit i (0 is the most significant) of a.
func flipBit(a netip.Addr, i int) netip.Addr {
	if a.Is4() {
		b := a.As4()
		b[i/8] ^= 0x80 >> (i % 8)
		return netip.AddrFrom4(b)
	}
	b := a.As16()
	b[i/8] ^= 0x80 >> (i % 8)
	return netip.AddrFrom16(b)
}
