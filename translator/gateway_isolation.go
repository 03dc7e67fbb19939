package translator

import (
	"regexp"
	"strings"
)

// isolation returns the route vars that keep a listener's routes off the
// requests of a more specific listener of the same Gateway, port and
// protocol (extended feature GatewayHTTPListenerIsolation): a request
// belongs to the most specific listener whose hostname matches it, so a
// route of the "*.example.com" listener does not answer abc.example.com
// when a listener has that hostname, nor x.foo.example.com when one has
// "*.foo.example.com". Listeners that are not programmed take nothing.
func (b gwBind) isolation() []any {
	var out []any
	for _, o := range b.g.listeners {
		if o == b.l || !o.programmed() || o.l.Port != b.l.l.Port || o.l.Protocol != b.l.l.Protocol ||
			!moreSpecificHostname(b.l.hostname, o.hostname) {
			continue
		}
		if sfx, ok := strings.CutPrefix(o.hostname, "*."); ok {
			out = append(out, []any{"host", "!", "~~", `\.` + regexp.QuoteMeta(sfx) + "$"})
		} else {
			out = append(out, []any{"host", "!", "==", o.hostname})
		}
	}
	return out
}

// moreSpecificHostname reports whether listener hostname m is matched by,
// and more specific than, listener hostname h ("" matches every name,
// "*.example.com" every name under example.com, wildcards included).
func moreSpecificHostname(h, m string) bool {
	switch {
	case m == "" || h == m:
		return false
	case h == "":
		return true
	}
	sfx, ok := strings.CutPrefix(h, "*")
	return ok && strings.HasSuffix(m, sfx)
}
