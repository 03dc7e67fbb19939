package translator

import (
	"fmt"
	"maps"
	"regexp"
	"strconv"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation/field"
	gwv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// apisixGroup and the kind an ExtensionRef filter names: an
// ApisixPluginConfig of the route's namespace, whose plugins the rule's
// routes carry.
const apisixGroup = "apisix.apache.org"

// ruleFilters is what a rule's filters become: plugins, a proxy-rewrite
// (request headers, URLRewrite) and a redirect completed per listener.
type ruleFilters struct {
	plugins  apisix.Plugins
	rewrite  *apisix.ProxyRewrite
	redirect *gwv1.HTTPRequestRedirectFilter
	// unsupported says why the rule cannot be served as written
	// (Accepted False, UnsupportedValue).
	unsupported string
	// failed is set when an ExtensionRef does not resolve: the rule
	// answers 500 rather than run without its plugins (the spec: an
	// unresolved custom filter is never skipped).
	failed bool
	// timeout is the rule's timeouts (not a filter, but applied to the
	// rule's routes like one; see ruleTimeout).
	timeout *apisix.Timeout
	// websocket is set when a backend of the rule speaks WebSocket.
	websocket bool
}

// filters translates a rule's filters in order (a later filter's plugin
// replaces an earlier one of the same name; the proxy-rewrite of
// RequestHeaderModifier and URLRewrite is set last). prefix is the rule's
// only PathPrefix match value, when it has exactly one match of that type
// (what ReplacePrefixMatch needs). Unsupported filter types and an
// ExtensionRef to a missing or invalid ApisixPluginConfig are errors (the
// webhook refuses them); an unresolved mirror backend is a ResolvedRefs
// problem.
func (b *gwRouteBuilder) filters(fs []gwv1.HTTPRouteFilter, fp *field.Path, prefix *string) *ruleFilters {
	out := &ruleFilters{}
	mirrored := false
	var extraMirrors []*apisix.ProxyMirror
	for i := range fs {
		f := &fs[i]
		at := fp.Index(i)
		switch f.Type {
		case gwv1.HTTPRouteFilterRequestHeaderModifier:
			if f.RequestHeaderModifier != nil {
				rw := out.proxyRewrite()
				rw.Headers = requestHeaderOps(f.RequestHeaderModifier)
			}
		case gwv1.HTTPRouteFilterResponseHeaderModifier:
			if m := f.ResponseHeaderModifier; m != nil {
				h := &apisix.ResponseHeaders{Remove: m.Remove}
				for _, x := range m.Set {
					if h.Set == nil {
						h.Set = map[string]apisix.HeaderValue{}
					}
					h.Set[string(x.Name)] = apisix.HeaderValue(x.Value)
				}
				for _, x := range m.Add {
					h.Add = append(h.Add, string(x.Name)+": "+x.Value)
				}
				setPlugin(&out.plugins, "response-rewrite", &apisix.ResponseRewrite{Headers: h})
			}
		case gwv1.HTTPRouteFilterRequestRedirect:
			out.redirect = f.RequestRedirect
			if r := f.RequestRedirect; r != nil {
				if r.Scheme != nil && *r.Scheme != "http" && *r.Scheme != "https" {
					out.unsupported = fmt.Sprintf("redirect scheme %q is not supported (http, https are)", *r.Scheme)
				}
				if c := r.StatusCode; c != nil && !validRedirectCode(*c) {
					out.unsupported = fmt.Sprintf("redirect statusCode %d is not supported (301, 302, 303, 307, 308 are)", *c)
				}
				b.checkPathModifier(out, r.Path, prefix)
			}
		case gwv1.HTTPRouteFilterURLRewrite:
			if u := f.URLRewrite; u != nil {
				rw := out.proxyRewrite()
				if u.Hostname != nil {
					rw.Host = string(*u.Hostname)
				}
				if b.checkPathModifier(out, u.Path, prefix) {
					switch u.Path.Type {
					case gwv1.FullPathHTTPPathModifier:
						rw.URI = *u.Path.ReplaceFullPath
					case gwv1.PrefixMatchHTTPPathModifier:
						rw.RegexURI = prefixRewrite(*prefix, *u.Path.ReplacePrefixMatch)
					}
				}
			}
		case gwv1.HTTPRouteFilterRequestMirror:
			if m := f.RequestMirror; m != nil {
				pm := b.mirror(m)
				switch {
				case pm == nil:
				case !mirrored:
					mirrored = true
					setPlugin(&out.plugins, "proxy-mirror", pm)
				default:
					extraMirrors = append(extraMirrors, pm)
				}
			}
		case gwv1.HTTPRouteFilterCORS:
			if c := f.CORS; c != nil {
				setPlugin(&out.plugins, "cors", gatewayCORS(c))
				if corsEchoesMethod(c) {
					setPlugin(&out.plugins, "serverless-post-function", corsMethodEcho())
				}
			}
		case gwv1.HTTPRouteFilterExtensionRef:
			if f.ExtensionRef != nil {
				ps, ok := b.extensionRef(f.ExtensionRef, at.Child("extensionRef"))
				out.failed = out.failed || !ok
				maps.Copy(b.ensure(&out.plugins), ps)
			}
		default:
			b.e.err(field.NotSupported(at.Child("type"), string(f.Type), []string{
				string(gwv1.HTTPRouteFilterRequestHeaderModifier), string(gwv1.HTTPRouteFilterResponseHeaderModifier),
				string(gwv1.HTTPRouteFilterRequestRedirect), string(gwv1.HTTPRouteFilterURLRewrite),
				string(gwv1.HTTPRouteFilterRequestMirror), string(gwv1.HTTPRouteFilterCORS), string(gwv1.HTTPRouteFilterExtensionRef)}))
		}
	}
	if len(extraMirrors) > 0 {
		setPlugin(&out.plugins, "serverless-pre-function", mirrorsFunction(extraMirrors))
	}
	return out
}

func (b *gwRouteBuilder) ensure(p *apisix.Plugins) apisix.Plugins {
	if *p == nil {
		*p = apisix.Plugins{}
	}
	return *p
}

func (r *ruleFilters) proxyRewrite() *apisix.ProxyRewrite {
	if r.rewrite == nil {
		r.rewrite = &apisix.ProxyRewrite{}
	}
	return r.rewrite
}

func validRedirectCode(c int) bool {
	switch c {
	case 301, 302, 303, 307, 308:
		return true
	}
	return false
}

// checkPathModifier checks a path modifier; false when there is none or it
// is unsupported (recorded in out).
func (b *gwRouteBuilder) checkPathModifier(out *ruleFilters, p *gwv1.HTTPPathModifier, prefix *string) bool {
	if p == nil {
		return false
	}
	switch p.Type {
	case gwv1.FullPathHTTPPathModifier:
		if p.ReplaceFullPath == nil {
			out.unsupported = "ReplaceFullPath needs replaceFullPath"
			return false
		}
	case gwv1.PrefixMatchHTTPPathModifier:
		if p.ReplacePrefixMatch == nil {
			out.unsupported = "ReplacePrefixMatch needs replacePrefixMatch"
			return false
		}
		if prefix == nil {
			out.unsupported = "ReplacePrefixMatch needs a rule with exactly one match, of type PathPrefix"
			return false
		}
	default:
		out.unsupported = fmt.Sprintf("path modifier type %q is not supported", p.Type)
		return false
	}
	return true
}

// requestHeaderOps turns a header filter into proxy-rewrite operations.
func requestHeaderOps(m *gwv1.HTTPHeaderFilter) *apisix.HeaderOps {
	h := &apisix.HeaderOps{Remove: m.Remove}
	for _, x := range m.Set {
		if h.Set == nil {
			h.Set = map[string]apisix.HeaderValue{}
		}
		h.Set[string(x.Name)] = apisix.HeaderValue(x.Value)
	}
	for _, x := range m.Add {
		if h.Add == nil {
			h.Add = map[string]apisix.HeaderValue{}
		}
		h.Add[string(x.Name)] = apisix.HeaderValue(x.Value)
	}
	return h
}

// trimSlash drops a trailing "/" of a path ("/" itself becomes "").
func trimSlash(p string) string { return strings.TrimSuffix(p, "/") }

// prefixRewrite is the proxy-rewrite regex_uri that replaces the path
// prefix with repl element-wise: with prefix /foo, /foo/bar becomes
// repl/bar, /foo repl and /foo/ repl/; an empty (or "/") repl gives /bar,
// / and /.
func prefixRewrite(prefix, repl string) []string {
	p, r := regexp.QuoteMeta(trimSlash(prefix)), trimSlash(repl)
	if r == "" {
		return []string{"^" + p + "/?(.*)$", "/$1"}
	}
	return []string{"^" + p + "(/.*)?$", r + "$1"}
}

// redirectPlugin completes a RequestRedirect for the listener it is served
// on: the scheme is the filter's or the listener's; the port the filter's,
// else the scheme's well-known port when the filter sets a scheme, else
// the listener's (never the Host header's), left out when it is the
// scheme's default; the host the filter's or the request's; the path the
// request's (with its query) unless the filter replaces it. A
// ReplacePrefixMatch is done by proxy-rewrite (regex, returned), which
// runs before redirect and leaves the new path and the query in
// $upstream_uri for the Location.
func redirectPlugin(f *gwv1.HTTPRequestRedirectFilter, bind gwBind, prefix *string) (*apisix.Redirect, []string) {
	scheme := "http"
	if bind.l.l.Protocol == gwv1.HTTPSProtocolType {
		scheme = "https"
	}
	port := int(bind.l.l.Port)
	if f.Scheme != nil {
		scheme = *f.Scheme
		port = map[string]int{"http": 80, "https": 443}[scheme]
	}
	if f.Port != nil {
		port = int(*f.Port)
	}
	host := "$host"
	if f.Hostname != nil {
		host = string(*f.Hostname)
	}
	base := scheme + "://" + host
	if !(scheme == "http" && port == 80) && !(scheme == "https" && port == 443) {
		base += ":" + strconv.Itoa(port)
	}
	code := 302
	if f.StatusCode != nil {
		code = *f.StatusCode
	}
	r := &apisix.Redirect{RetCode: apisix.Ptr(code)}
	switch {
	case f.Path == nil:
		r.URI = base + "$request_uri"
	case f.Path.Type == gwv1.FullPathHTTPPathModifier:
		r.URI, r.AppendQueryString = base+*f.Path.ReplaceFullPath, true
	case f.Path.Type == gwv1.PrefixMatchHTTPPathModifier && prefix != nil:
		r.URI = base + "$upstream_uri"
		return r, prefixRewrite(*prefix, *f.Path.ReplacePrefixMatch)
	}
	return r, nil
}

// mirror returns the proxy-mirror of a RequestMirror filter: one endpoint
// of its backend, the share of percent or fraction (nothing at 0%). An
// unresolved backend is a ResolvedRefs problem and no mirror.
func (b *gwRouteBuilder) mirror(m *gwv1.HTTPRequestMirrorFilter) *apisix.ProxyMirror {
	res, _, ok := b.resolveBackend(m.BackendRef)
	if !ok || len(res.nodes) == 0 {
		return nil
	}
	ratio := 1.0
	switch {
	case m.Percent != nil:
		ratio = float64(*m.Percent) / 100
	case m.Fraction != nil:
		d := int32(100)
		if m.Fraction.Denominator != nil {
			d = *m.Fraction.Denominator
		}
		if d > 0 {
			ratio = float64(m.Fraction.Numerator) / float64(d)
		}
	}
	if ratio <= 0 {
		return nil
	}
	n := res.nodes[0]
	pm := &apisix.ProxyMirror{Host: fmt.Sprintf("http://%s:%d", n.Host, n.Port)}
	if ratio < 1 {
		pm.SampleRatio = apisix.Ptr(max(ratio, 0.00001))
	}
	return pm
}

// extensionRef returns the plugins of the ApisixPluginConfig an
// ExtensionRef filter names (in the route's namespace). Another group or
// kind, a missing ApisixPluginConfig (or one of another ingress class)
// and one with errors are errors at fp: the rule would run without
// plugins its author asked for.
func (b *gwRouteBuilder) extensionRef(r *gwv1.LocalObjectReference, fp *field.Path) (apisix.Plugins, bool) {
	if r.Group != apisixGroup || r.Kind != KindApisixPluginConfig {
		b.e.err(field.NotSupported(fp, fmt.Sprintf("%s/%s", r.Group, r.Kind), []string{apisixGroup + "/" + KindApisixPluginConfig}))
		return nil, false
	}
	pc, ok := b.t.apisixPluginConfigObject(b.ns, string(r.Name))
	if !ok || !b.t.ownsCRD(pc.Spec.IngressClassName) {
		// Invalid, not NotFound: an unresolved reference is served without
		// what it names, and a rule must not run without its plugins
		// (authentication, say).
		b.e.err(field.Invalid(fp.Child("name"), string(r.Name), fmt.Sprintf(
			"no ApisixPluginConfig %s/%s of this controller's class: create it first; the rule is not served without its plugins", b.ns, r.Name)))
		return nil, false
	}
	tmp := &emitter{ref: b.e.ref}
	plugins, complete := b.t.crdPlugins(tmp, b.ns, pc.Spec.Plugins, lazyPath{field.NewPath("spec"), "plugins", -1})
	if len(tmp.errs) > 0 || !complete {
		b.e.err(field.Invalid(fp.Child("name"), string(r.Name), fmt.Sprintf("ApisixPluginConfig %s/%s has errors: %v", b.ns, r.Name, tmp.errs.ToAggregate())))
		return nil, false
	}
	return plugins, true
}
