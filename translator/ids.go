package translator

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math/bits"
	"strings"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// Short kind tags used as id prefixes, so an id says where it came from.
const (
	tagIngress      = "ing"
	tagApisixRoute  = "ar"
	tagApisixUp     = "au"
	tagApisixTls    = "atls"
	tagApisixPC     = "apc"
	tagApisixCons   = "ac"
	tagApisixGlobal = "agr"
)

// makeID returns "<tag>-<kind letter>-<32 hex digits>": a hash of parts,
// stable for the same parts and well within APISIX's 64-character id limit.
func makeID(tag, kind string, parts ...string) string {
	var stack [256]byte
	buf := stack[:0]
	for _, p := range parts {
		buf = append(buf, p...)
		buf = append(buf, 0)
	}
	sum := sha256.Sum256(buf)
	var hexSum [32]byte
	hex.Encode(hexSum[:], sum[:16])
	var b strings.Builder
	b.Grow(len(tag) + len(kind) + 2 + len(hexSum))
	b.WriteString(tag)
	b.WriteByte('-')
	b.WriteString(kind)
	b.WriteByte('-')
	b.Write(hexSum[:])
	return b.String()
}

// sourceDigest identifies a source object (an Ingress, an ApisixRoute) in
// the ids of the routes and upstreams it emits: the first 16 bytes of the
// SHA-256 of its namespace and name, and their 32 hex digits. Ids of
// different sources never collide, whatever names users choose.
type sourceDigest struct {
	sum [16]byte
	hex [32]byte
}

func digestOf(ns, name string) sourceDigest {
	var stack [256]byte
	in := append(append(append(append(stack[:0], ns...), 0), name...), 0)
	sum := sha256.Sum256(in)
	d := sourceDigest{sum: [16]byte(sum[:16])}
	appendHex64(appendHex64(d.hex[:0], binary.BigEndian.Uint64(d.sum[:8])), binary.BigEndian.Uint64(d.sum[8:]))
	return d
}

// childIDName returns the id and name of one object emitted for a source:
// "<tag>-<kind>-<16 hex digits><32 hex digits>", a 64-bit hash of the
// child's parts keyed by the source, then the source's digest (54 or 55
// characters, within APISIX's 64), and the parts of nameParts joined by "_"
// (at most 256 characters).
//
// A translation emits tens of thousands of these; one SHA-256 per source
// rather than per child halves their cost. The child hash is not
// collision-resistant against a deliberate choice of paths, but only the
// source's own objects could collide, and Result.finish reports a
// duplicate id as an error of its source.
func childIDName(tag, kind string, src *sourceDigest, childParts []string, nameParts ...string) (id, name string) {
	idLen := len(tag) + len(kind) + 2 + 16 + 32
	nameLen := len(nameParts) - 1
	for _, p := range nameParts {
		nameLen += len(p)
	}
	nameLen = min(nameLen, 256)
	var b strings.Builder // one allocation for both
	b.Grow(idLen + nameLen)
	b.WriteString(tag)
	b.WriteByte('-')
	b.WriteString(kind)
	b.WriteByte('-')
	var hash [16]byte
	b.Write(appendHex64(hash[:0], childHash(src, childParts)))
	b.Write(src.hex[:])
	for i, p := range nameParts {
		if i > 0 {
			b.WriteByte('_')
		}
		b.WriteString(p[:min(len(p), idLen+nameLen-b.Len())])
		if b.Len() == idLen+nameLen {
			break
		}
	}
	s := b.String()
	return s[:idLen], s[idLen:]
}

// appendHex64 appends v as 16 lowercase hex digits.
func appendHex64(b []byte, v uint64) []byte {
	const pairs = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f" +
		"202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f" +
		"404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f" +
		"606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f" +
		"808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f" +
		"a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf" +
		"c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf" +
		"e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff"
	var out [16]byte
	for i := 14; i >= 0; i -= 2 {
		x := 2 * (v & 0xff)
		out[i], out[i+1] = pairs[x], pairs[x+1]
		v >>= 8
	}
	return append(b, out[:]...)
}

// childHash is a 64-bit hash of parts (each length-delimited) seeded with
// the source digest. It is part of the ids APISIX stores, so it must never
// change: it is written out here rather than taken from a library.
func childHash(src *sourceDigest, parts []string) uint64 {
	const m1, m2 = 0x9e3779b97f4a7c15, 0xbf58476d1ce4e5b9
	h := binary.LittleEndian.Uint64(src.sum[:8]) ^ m1
	h2 := binary.LittleEndian.Uint64(src.sum[8:])
	mix := func(h, w uint64) uint64 {
		h ^= w * m2
		h = bits.RotateLeft64(h, 29) * m1
		return h ^ h>>32
	}
	for _, p := range parts {
		h = mix(h, uint64(len(p))|1<<63)
		for len(p) >= 8 {
			h = mix(h, uint64(p[0])|uint64(p[1])<<8|uint64(p[2])<<16|uint64(p[3])<<24|
				uint64(p[4])<<32|uint64(p[5])<<40|uint64(p[6])<<48|uint64(p[7])<<56)
			p = p[8:]
		}
		var w uint64
		for i := 0; i < len(p); i++ {
			w |= uint64(p[i]) << (8 * i)
		}
		h = mix(h, w)
	}
	// Final avalanche (as in MurmurHash3's fmix64).
	h ^= h2
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}

// makeName returns a readable APISIX object name (at most 256 characters).
func makeName(parts ...string) string {
	size := len(parts) - 1
	for _, p := range parts {
		size += len(p)
	}
	var b strings.Builder
	b.Grow(min(size, 256))
	for i, p := range parts {
		if i > 0 {
			b.WriteByte('_')
		}
		b.WriteString(p)
	}
	n := b.String()
	if len(n) > 256 {
		n = n[:256]
	}
	return n
}

// ownerLabels returns the ownership labels of objects emitted for ref.
func (t *translation) ownerLabels(ref ObjectRef) apisix.Labels {
	return apisix.Labels{
		apisix.LabelManagedBy:       t.opts.ManagedBy,
		apisix.LabelSourceKind:      ref.Kind,
		apisix.LabelSourceNamespace: ref.Namespace,
		apisix.LabelSourceName:      ref.Name,
	}
}
