package translator

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// TestIntersectHosts pins the spec's listener x route hostname examples.
func TestIntersectHosts(t *testing.T) {
	hs := func(s ...string) []gwv1.Hostname {
		var out []gwv1.Hostname
		for _, h := range s {
			out = append(out, gwv1.Hostname(h))
		}
		return out
	}
	for _, c := range []struct {
		listener string
		route    []gwv1.Hostname
		want     []string
		ok       bool
	}{
		{"", nil, nil, true},
		{"test.example.com", nil, []string{"test.example.com"}, true},
		{"test.example.com", hs("test.example.com"), []string{"test.example.com"}, true},
		{"test.example.com", hs("*.example.com"), []string{"test.example.com"}, true},
		{"*.example.com", hs("*.example.com", "test.example.com", "foo.test.example.com"), []string{"*.example.com", "foo.test.example.com", "test.example.com"}, true},
		{"*.example.com", hs("example.com", "test.example.net"), nil, false},
		{"*.example.com", hs("test.example.com", "test.example.net"), []string{"test.example.com"}, true},
		{"*.example.com", hs("*.foo.example.com"), []string{"*.foo.example.com"}, true},
		{"*.foo.example.com", hs("*.example.com"), []string{"*.foo.example.com"}, true},
		{"", hs("a.example.com"), []string{"a.example.com"}, true},
	} {
		got, ok := intersectHosts(c.listener, c.route)
		require.Equal(t, c.ok, ok, "%s x %v", c.listener, c.route)
		require.Equal(t, c.want, got, "%s x %v", c.listener, c.route)
	}
}

// TestPrefixRewrite applies the regex_uri of ReplacePrefixMatch to the
// spec's table (Go's regexp stands in for PCRE: the patterns use only
// what both share).
func TestPrefixRewrite(t *testing.T) {
	for _, c := range []struct{ path, prefix, repl, want string }{
		{"/foo/bar", "/foo", "/xyz", "/xyz/bar"},
		{"/foo/bar", "/foo", "/xyz/", "/xyz/bar"},
		{"/foo/bar", "/foo/", "/xyz", "/xyz/bar"},
		{"/foo/bar", "/foo/", "/xyz/", "/xyz/bar"},
		{"/foo", "/foo", "/xyz", "/xyz"},
		{"/foo/", "/foo", "/xyz", "/xyz/"},
		{"/foo/bar", "/foo", "", "/bar"},
		{"/foo/", "/foo", "", "/"},
		{"/foo", "/foo", "", "/"},
		{"/foo/", "/foo", "/", "/"},
		{"/foo", "/foo", "/", "/"},
		{"/prefix/one/two", "/prefix/one", "/one", "/one/two"},
		{"/strip-prefix/three", "/strip-prefix", "/", "/three"},
		{"/strip-prefix", "/strip-prefix", "/", "/"},
	} {
		rx := prefixRewrite(c.prefix, c.repl)
		re := regexp.MustCompile(rx[0])
		got := re.ReplaceAllString(c.path, strings.ReplaceAll(rx[1], "$1", "${1}"))
		require.Equal(t, c.want, got, "%s with prefix %q replaced by %q (%v)", c.path, c.prefix, c.repl, rx)
	}
}

// TestRedirectPort: the port comes from the filter, else the scheme's
// well-known port, else the listener; default ports are left out.
func TestRedirectPort(t *testing.T) {
	bind := func(p gwv1.ProtocolType, port int32) gwBind {
		return gwBind{l: &gwListener{l: &gwv1.Listener{Protocol: p, Port: port}}}
	}
	https, port := "https", gwv1.PortNumber(8443)
	for _, c := range []struct {
		f    gwv1.HTTPRequestRedirectFilter
		b    gwBind
		want string
	}{
		{gwv1.HTTPRequestRedirectFilter{}, bind(gwv1.HTTPProtocolType, 80), "http://$host$request_uri"},
		{gwv1.HTTPRequestRedirectFilter{}, bind(gwv1.HTTPProtocolType, 8080), "http://$host:8080$request_uri"},
		{gwv1.HTTPRequestRedirectFilter{Scheme: &https}, bind(gwv1.HTTPProtocolType, 8080), "https://$host$request_uri"},
		{gwv1.HTTPRequestRedirectFilter{Port: &port}, bind(gwv1.HTTPProtocolType, 80), "http://$host:8443$request_uri"},
		{gwv1.HTTPRequestRedirectFilter{}, bind(gwv1.HTTPSProtocolType, 443), "https://$host$request_uri"},
	} {
		r, _ := redirectPlugin(&c.f, c.b, nil)
		require.Equal(t, c.want, r.URI)
	}
}

// TestAddressPool: addresses are stable, distinct, and an older Gateway
// keeps its address when a newer one arrives; a full pool leaves the
// newest without one.
func TestAddressPool(t *testing.T) {
	gw := func(name string, sec int) *gwv1.Gateway {
		return &gwv1.Gateway{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: name, CreationTimestamp: metav1.Unix(int64(sec), 0)}}
	}
	tr := &translation{opts: Options{GatewayAddressPool: "10.9.0.0/30"}} // 2 usable addresses
	a := tr.addressPool([]*gwv1.Gateway{gw("a", 1)})
	ab := tr.addressPool([]*gwv1.Gateway{gw("b", 2), gw("a", 1)})
	require.Equal(t, a[nsName{"ns", "a"}], ab[nsName{"ns", "a"}])
	require.NotEqual(t, ab[nsName{"ns", "a"}], ab[nsName{"ns", "b"}])
	for _, v := range ab {
		require.Contains(t, []string{"10.9.0.1", "10.9.0.2"}, v)
	}
	abc := tr.addressPool([]*gwv1.Gateway{gw("c", 3), gw("b", 2), gw("a", 1)})
	require.Equal(t, ab[nsName{"ns", "b"}], abc[nsName{"ns", "b"}])
	require.NotContains(t, abc, nsName{"ns", "c"})
}

// TestPriorityBelow2To53: the largest priority is exact in a double, and
// under 10^14, which APISIX stores exactly (its Lua JSON encoder writes 14
// significant digits: 4504239210445123 came back as 4.5042392104451e+15,
// merging routes whose priorities differed in their rule or rank bits).
func TestPriorityBelow2To53(t *testing.T) {
	oldest := uint32(1)<<prioAgeBits - 1
	m := gwMatch{pathKind: 2, methods: []string{"GET"}, headers: 16, args: 16}
	p := m.priority(oldest, 0, 0)
	require.Less(t, int64(p), int64(1)<<53)
	require.Less(t, p, int(1e14))
	require.Greater(t, p, gwMatch{pathKind: 1}.priority(oldest, 0, 0))
	// Precedence: exact > method > headers > query > age > rank > rule.
	base := gwMatch{}
	require.Greater(t, gwMatch{methods: []string{"GET"}}.priority(0, 15, 15), base.priority(oldest, 0, 0))
	require.Greater(t, gwMatch{headers: 1}.priority(0, 15, 15), gwMatch{args: 16}.priority(oldest, 0, 0))
	require.Greater(t, base.priority(2, 15, 15), base.priority(1, 0, 0))
	require.Greater(t, base.priority(1, 0, 15), base.priority(1, 1, 0))
	require.Greater(t, base.priority(1, 0, 0), base.priority(1, 0, 1))
}

// TestListenerConflicts: indistinct listeners are all conflicted, the
// distinct rest are not.
func TestListenerConflicts(t *testing.T) {
	h := gwv1.Hostname("a.example.com")
	mk := func(name string, p gwv1.ProtocolType, port int32, host *gwv1.Hostname) *gwListener {
		l := &gwListener{l: &gwv1.Listener{Name: gwv1.SectionName(name), Protocol: p, Port: gwv1.PortNumber(port), Hostname: host}, accepted: true}
		if host != nil {
			l.hostname = string(*host)
		}
		return l
	}
	ls := []*gwListener{
		mk("a", gwv1.HTTPProtocolType, 80, &h), mk("b", gwv1.HTTPProtocolType, 80, &h), mk("c", gwv1.HTTPProtocolType, 80, nil),
		mk("d", gwv1.HTTPSProtocolType, 443, nil), mk("e", gwv1.TLSProtocolType, 443, &h),
		mk("f", gwv1.TCPProtocolType, 9000, nil), mk("g", gwv1.UDPProtocolType, 9000, nil), mk("h", gwv1.HTTPProtocolType, 9000, nil),
	}
	markConflicts(ls)
	var got []string
	for _, l := range ls {
		if l.conflicted {
			got = append(got, string(l.l.Name)+":"+l.conflictReason)
		}
	}
	require.Equal(t, []string{"a:HostnameConflict", "b:HostnameConflict", "f:ProtocolConflict", "h:ProtocolConflict"}, got)
}
