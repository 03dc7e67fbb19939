package translator

import (
	"crypto/sha256"
	"encoding/binary"
	"math/big"
	"net/netip"

	gwv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// maxPoolProbe bounds the addresses tried for one Gateway (a pool larger
// than this is never full in practice).
const maxPoolProbe = 1 << 16

// addressPool gives each Gateway its own address from
// Options.GatewayAddressPool (a CIDR), or nothing without a pool.
//
// The address is chosen deterministically: Gateways are taken oldest first
// (creation time, then namespace and name), so that a new Gateway never
// moves an existing one's address. Each starts at the slot given by the
// first 8 bytes of the SHA-256 of "namespace/name", modulo the number of
// usable addresses (for IPv4 pools of 4 or more addresses, the network and
// broadcast addresses are not used), and probes the following slots in
// increasing order, wrapping around, until it finds one no older Gateway
// holds. A Gateway that finds none (a full pool) gets no address, and its
// status says AddressNotAssigned.
func (t *translation) addressPool(gws []*gwv1.Gateway) map[nsName]string {
	out := map[nsName]string{}
	if t.opts.GatewayAddressPool == "" {
		return out
	}
	prefix, err := netip.ParsePrefix(t.opts.GatewayAddressPool)
	if err != nil {
		return out
	}
	prefix = prefix.Masked()
	hostBits := prefix.Addr().BitLen() - prefix.Bits()
	size := uint64(1) << min(hostBits, 62)
	first := uint64(0)
	if prefix.Addr().Is4() && hostBits >= 2 {
		first, size = 1, size-2
	}
	taken := map[uint64]bool{}
	for _, g := range oldestFirst(gws) {
		sum := sha256.Sum256([]byte(g.Namespace + "/" + g.Name))
		start := binary.BigEndian.Uint64(sum[:8]) % size
		for i := uint64(0); i < min(size, maxPoolProbe); i++ {
			slot := (start + i) % size
			if taken[slot] {
				continue
			}
			taken[slot] = true
			out[nsName{g.Namespace, g.Name}] = addrAt(prefix.Addr(), first+slot).String()
			break
		}
	}
	return out
}

// addrAt returns base plus offset.
func addrAt(base netip.Addr, offset uint64) netip.Addr {
	b := base.AsSlice()
	n := new(big.Int).SetBytes(b)
	n.Add(n, new(big.Int).SetUint64(offset))
	out := n.FillBytes(make([]byte, len(b)))
	a, _ := netip.AddrFromSlice(out)
	return a
}
