package translator

import (
	networkingv1 "k8s.io/api/networking/v1"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// claimedPath is the route serving a host+path.
type claimedPath struct {
	owner *parsedIngress
	// route's UpstreamID is its own upstream, which canaries split with.
	route *apisix.Route
}

// pathClaims records which route serves each host+path (pathKey). A large
// cluster claims tens of thousands of paths, a few per host: entries are
// kept in one array, chained per host, and a map finds the first entry of
// each host. This takes half the memory of a map keyed by pathKey, and
// hashes only the host.
type pathClaims struct {
	first   map[string]int32 // host -> index of its first entry
	entries []claimEntry
}

type claimEntry struct {
	path     string
	pathType networkingv1.PathType
	claim    claimedPath
	next     int32 // the host's next entry, -1 for none
}

// find returns the index of k's entry, or -1 and the host's last entry
// (-1 when the host has none).
func (c *pathClaims) find(k pathKey) (entry, last int32) {
	i, ok := c.first[k.host]
	if !ok {
		return -1, -1
	}
	for {
		e := &c.entries[i]
		if e.path == k.path && e.pathType == k.pathType {
			return i, -1
		}
		if e.next < 0 {
			return -1, i
		}
		i = e.next
	}
}

// get returns the claim of k.
func (c *pathClaims) get(k pathKey) (claimedPath, bool) {
	if i, _ := c.find(k); i >= 0 {
		return c.entries[i].claim, true
	}
	return claimedPath{}, false
}

// set records v as the claim of k, replacing any earlier one.
func (c *pathClaims) set(k pathKey, v claimedPath) {
	i, last := c.find(k)
	c.setFound(k, i, last, v)
}

// setFound is set with what find returned for k, when no claim was set
// since.
func (c *pathClaims) setFound(k pathKey, i, last int32, v claimedPath) {
	if i >= 0 {
		c.entries[i].claim = v
		return
	}
	n := int32(len(c.entries))
	c.entries = append(c.entries, claimEntry{path: k.path, pathType: k.pathType, claim: v, next: -1})
	if last >= 0 {
		c.entries[last].next = n
	} else {
		c.first[k.host] = n
	}
}

// firstOwner returns the Ingress that claimed the first path of host, or
// nil.
func (c *pathClaims) firstOwner(host string) *parsedIngress {
	if i, ok := c.first[host]; ok {
		return c.entries[i].claim.owner
	}
	return nil
}

// servesHost reports whether any path of host is claimed.
func (c *pathClaims) servesHost(host string) bool {
	_, ok := c.first[host]
	return ok
}
