package translator

import (
	"crypto/sha256"
	"encoding/hex"
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

// makeIDName returns makeID(tag, kind, idParts...) and makeName(nameParts...)
// in one allocation: every route and upstream needs both.
func makeIDName(tag, kind string, idParts []string, nameParts ...string) (id, name string) {
	var stack [256]byte
	buf := stack[:0]
	for _, p := range idParts {
		buf = append(buf, p...)
		buf = append(buf, 0)
	}
	sum := sha256.Sum256(buf)
	var hexSum [32]byte
	hex.Encode(hexSum[:], sum[:16])
	idLen := len(tag) + len(kind) + 2 + len(hexSum)
	nameLen := len(nameParts) - 1
	for _, p := range nameParts {
		nameLen += len(p)
	}
	var b strings.Builder
	b.Grow(idLen + nameLen)
	b.WriteString(tag)
	b.WriteByte('-')
	b.WriteString(kind)
	b.WriteByte('-')
	b.Write(hexSum[:])
	for i, p := range nameParts {
		if i > 0 {
			b.WriteByte('_')
		}
		b.WriteString(p)
	}
	s := b.String()
	return s[:idLen], s[idLen:min(len(s), idLen+256)]
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
func ownerLabels(managedBy string, ref ObjectRef) map[string]string {
	return map[string]string{
		apisix.LabelManagedBy:       managedBy,
		apisix.LabelSourceKind:      ref.Kind,
		apisix.LabelSourceNamespace: ref.Namespace,
		apisix.LabelSourceName:      ref.Name,
	}
}
