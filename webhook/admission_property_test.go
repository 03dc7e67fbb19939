package webhook

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/yaml"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// The property "admitted means applied": for a set of Ingresses and
// apisix.apache.org/v2 objects (valid and invalid, sharing hosts, with
// canaries and references between them), admitting them one by one in
// creation order through the Validator (over a MemoryStore, as the offline
// validate command does) and then translating the admitted ones together
// gives no admitted object an error status.
//
// An unresolved reference (field.ErrorTypeNotFound) is not an error here:
// it is a warning by design, since GitOps tools apply objects in any order
// and a reference resolves once its target is created. Every other error
// type is a violation.
//
// TestAdmittedMeansApplied runs a fixed sequence of seeds (make test);
// FuzzAdmittedMeansApplied explores further (go test -fuzz). A violation
// is reported with the smallest subset of the objects that still shows it,
// as YAML in creation order: add it to admissionRegressions.

// propertyRounds is the number of generated sets TestAdmittedMeansApplied
// checks.
const propertyRounds = 400

func TestAdmittedMeansApplied(t *testing.T) {
	for seed := int64(1); seed <= propertyRounds; seed++ {
		if msg := checkAdmittedMeansApplied(generateObjects(rand.New(rand.NewSource(seed)))); msg != "" {
			t.Fatalf("seed %d: %s", seed, msg)
		}
	}
}

func FuzzAdmittedMeansApplied(f *testing.F) {
	for seed := int64(1); seed <= 16; seed++ {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, seed int64) {
		if msg := checkAdmittedMeansApplied(generateObjects(rand.New(rand.NewSource(seed)))); msg != "" {
			t.Fatalf("seed %d: %s", seed, msg)
		}
	})
}

// checkAdmittedMeansApplied returns "" when the property holds for objs
// (in creation order), else the violation for the smallest subset found.
func checkAdmittedMeansApplied(objs []client.Object) string {
	v := admissionViolation(objs)
	if v == "" {
		return ""
	}
	// Shrink: drop objects one at a time while the property still fails.
	for i := 0; i < len(objs); {
		fewer := append(append([]client.Object{}, objs[:i]...), objs[i+1:]...)
		if w := admissionViolation(fewer); w != "" {
			objs, v = fewer, w
			continue
		}
		i++
	}
	return v + "\nobjects, in creation order:\n" + dumpObjects(objs)
}

// propertyServices are the Services the generated objects may send to.
func propertyServices() []*corev1.Service {
	return []*corev1.Service{service("default", "web"), service("team", "web")}
}

// admissionViolation admits objs in order and translates the admitted
// ones; it describes the first admitted object with an error status.
func admissionViolation(objs []client.Object) string {
	snap := &translator.Snapshot{Services: propertyServices()}
	addToSnapshot(snap, objs...)
	store := NewMemoryStore(snap, nil)
	v := NewValidator(store, Options{})
	applied := &translator.Snapshot{Services: propertyServices()}
	var admitted []translator.ObjectRef
	for _, o := range objs {
		vd := v.Validate(context.Background(), Create, o, nil)
		if len(vd.Errors) > 0 {
			continue
		}
		store.Admit(o)
		addToSnapshot(applied, o)
		if !vd.Ignored {
			admitted = append(admitted, translator.ObjectRef{Kind: kindOf(o), Namespace: o.GetNamespace(), Name: o.GetName()})
		}
	}
	res := translator.Translate(applied, v.opts.Translator)
	for _, ref := range admitted {
		st, ok := res.StatusOf(ref)
		if !ok {
			continue
		}
		for _, e := range st.Errors {
			if e.Type != field.ErrorTypeNotFound {
				return fmt.Sprintf("%s was admitted, then translated with error %q", ref, e.Error())
			}
		}
	}
	return ""
}

func addToSnapshot(s *translator.Snapshot, objs ...client.Object) {
	for _, o := range objs {
		switch o := o.(type) {
		case *networkingv1.Ingress:
			s.Ingresses = append(s.Ingresses, o)
		case *apiv2.ApisixRoute:
			s.ApisixRoutes = append(s.ApisixRoutes, o)
		case *apiv2.ApisixTls:
			s.ApisixTlses = append(s.ApisixTlses, o)
		case *apiv2.ApisixUpstream:
			s.ApisixUpstreams = append(s.ApisixUpstreams, o)
		case *apiv2.ApisixPluginConfig:
			s.ApisixPluginConfigs = append(s.ApisixPluginConfigs, o)
		case *apiv2.ApisixGlobalRule:
			s.ApisixGlobalRules = append(s.ApisixGlobalRules, o)
		case *apiv2.ApisixConsumer:
			s.ApisixConsumers = append(s.ApisixConsumers, o)
		}
	}
}

func dumpObjects(objs []client.Object) string {
	var b strings.Builder
	for _, o := range objs {
		y, err := yaml.Marshal(o)
		if err != nil {
			y = []byte(err.Error())
		}
		fmt.Fprintf(&b, "--- # %s\n%s", kindOf(o), y)
	}
	return b.String()
}

// Pools the generator draws from: few values, so that objects share hosts,
// paths, Secrets and names.
var (
	propHosts = []string{"a.example.com", "A.example.com", "b.example.com", ""}
	propPaths = []string{"/", "/api", "/api/", "/login", "/a[", "/b(", "/x*", "/.*", "api"}
	propTypes = []networkingv1.PathType{networkingv1.PathTypePrefix, networkingv1.PathTypeExact, networkingv1.PathTypeImplementationSpecific}
	// propAnnotations are Ingress annotations with valid and invalid values.
	propAnnotations = []map[string]string{
		{nginx + "use-regex": "true"},
		{nginx + "rewrite-target": "/$1"},
		{nginx + "canary": "true", nginx + "canary-weight": "10"},
		{nginx + "canary": "true", nginx + "canary-weight": "150"},
		{nginx + "canary": "true", nginx + "canary-by-header": "X-Canary"},
		{nginx + "limit-rps": "5"},
		{nginx + "limit-rps": "ten"},
		{nginx + "configuration-snippet": "return 200;"},
		{nginx + "proxy-read-timeout": "30"},
		{nginx + "server-alias": "alias.example.com"},
		{nginx + "server-alias": "b.example.com"},
		{nginx + "enable-cors": "true"},
		{nginx + "ssl-redirect": "false"},
		{nginx + "ssl-passthrough": "true"},
		{nginx + "auth-tls-secret": "default/ca"},
		{"k8s.apisix.apache.org/plugin-config-name": "pc"},
		{"k8s.apisix.apache.org/svc-namespace": "team"},
	}
	propPlugins = []apiv2.ApisixRoutePlugin{
		{Name: "cors", Config: &apiextensionsv1.JSON{Raw: []byte(`{}`)}},
		{Name: "limit-count", Config: &apiextensionsv1.JSON{Raw: []byte(`{"count":10,"time_window":60}`)}},
		{Name: "limit-count", Config: &apiextensionsv1.JSON{Raw: []byte(`{"count":-5,"time_window":60}`)}},
		{Name: "proxy-rewrite", Config: &apiextensionsv1.JSON{Raw: []byte(`{"uri":"/x"}`)}},
	}
)

func pick[T any](r *rand.Rand, from []T) T { return from[r.Intn(len(from))] }

// generateObjects returns 2 to 12 objects in creation order, one second
// apart (or, in a quarter of the sets, without creationTimestamps).
func generateObjects(r *rand.Rand) []client.Object {
	n := 2 + r.Intn(11)
	var out []client.Object
	taken := map[string]bool{}
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	// Files read by the validate command have no creationTimestamp.
	unset := r.Intn(4) == 0
	for i := 0; len(out) < n; i++ {
		var o client.Object
		switch k := r.Intn(12); {
		case k < 4:
			o = genIngress(r, i)
		case k < 7:
			o = genRoute(r, i)
		case k < 8:
			o = genTLS(r, i)
		case k < 9:
			o = genUpstream(r)
		case k < 10:
			o = genPluginConfig(r)
		case k < 11:
			o = genGlobalRule(r, i)
		default:
			o = genConsumer(r, i)
		}
		if r.Intn(6) == 0 {
			o.SetNamespace("team")
		}
		id := kindOf(o) + " " + o.GetNamespace() + "/" + o.GetName()
		if taken[id] {
			continue
		}
		taken[id] = true
		if !unset {
			o.SetCreationTimestamp(metav1.NewTime(t0.Add(time.Duration(len(out)) * time.Second)))
		}
		out = append(out, o)
	}
	return out
}

func genIngress(r *rand.Rand, i int) *networkingv1.Ingress {
	ing := &networkingv1.Ingress{ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: fmt.Sprintf("ing%d", i)}}
	if r.Intn(8) > 0 {
		class := "apisix"
		ing.Spec.IngressClassName = &class
	}
	for range 1 + r.Intn(2) {
		rule := networkingv1.IngressRule{Host: pick(r, propHosts), IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{}}}
		for range 1 + r.Intn(2) {
			pt := pick(r, propTypes)
			svc := "web"
			if r.Intn(6) == 0 {
				svc = "missing"
			}
			rule.HTTP.Paths = append(rule.HTTP.Paths, networkingv1.HTTPIngressPath{Path: pick(r, propPaths), PathType: &pt,
				Backend: networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{Name: svc, Port: networkingv1.ServiceBackendPort{Number: 80}}}})
		}
		ing.Spec.Rules = append(ing.Spec.Rules, rule)
	}
	if r.Intn(3) == 0 {
		ing.Spec.TLS = []networkingv1.IngressTLS{{SecretName: pick(r, []string{"c1", "c2"}), Hosts: []string{pick(r, propHosts[:3])}}}
	}
	if r.Intn(8) == 0 {
		ing.Spec.DefaultBackend = &networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{Name: "web", Port: networkingv1.ServiceBackendPort{Number: 80}}}
	}
	for range r.Intn(3) {
		if ing.Annotations == nil {
			ing.Annotations = map[string]string{}
		}
		for k, v := range pick(r, propAnnotations) {
			ing.Annotations[k] = v
		}
	}
	return ing
}

func genRoute(r *rand.Rand, i int) *apiv2.ApisixRoute {
	ar := &apiv2.ApisixRoute{ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: fmt.Sprintf("ar%d", i)}}
	if r.Intn(2) == 0 {
		ar.Spec.IngressClassName = "apisix"
	}
	for j := range 1 + r.Intn(2) {
		rule := apiv2.ApisixRouteHTTP{Name: fmt.Sprintf("r%d", j)}
		if r.Intn(10) == 0 {
			rule.Name = "r0"
		}
		for range r.Intn(3) {
			rule.Match.Hosts = append(rule.Match.Hosts, pick(r, propHosts[:3]))
		}
		for range 1 + r.Intn(2) {
			rule.Match.Paths = append(rule.Match.Paths, pick(r, []string{"/api", "/api/*", "/login", "/*", "/x*", "/", "bad"}))
		}
		if r.Intn(5) == 0 {
			rule.Match.Methods = []string{"POST"}
		}
		switch r.Intn(6) {
		case 0:
			rule.Upstreams = []apiv2.ApisixRouteUpstreamReference{{Name: "ext"}}
		case 1:
			rule.Backends = []apiv2.ApisixRouteHTTPBackend{{ServiceName: "missing", ServicePort: intstr.FromInt32(80)}}
		case 2:
			rule.Backends = []apiv2.ApisixRouteHTTPBackend{{ServiceName: "web", ServicePort: intstr.FromInt32(80)}, {ServiceName: "web", ServicePort: intstr.FromString("http"), Weight: ptrTo(10)}}
		case 3:
			rule.Backends = []apiv2.ApisixRouteHTTPBackend{{ServiceName: "web", ServicePort: intstr.FromInt32(80), Subset: "v1",
				ResolveGranularity: pick(r, []string{"", "service"})}}
		default:
			rule.Backends = []apiv2.ApisixRouteHTTPBackend{{ServiceName: "web", ServicePort: intstr.FromInt32(80)}}
		}
		for range r.Intn(2) {
			rule.Plugins = append(rule.Plugins, pick(r, propPlugins))
		}
		if r.Intn(5) == 0 {
			rule.PluginConfigName = "pc"
		}
		ar.Spec.HTTP = append(ar.Spec.HTTP, rule)
	}
	if r.Intn(4) == 0 {
		ar.Spec.Stream = []apiv2.ApisixRouteStream{{Name: "s", Protocol: "TCP",
			Match:   apiv2.ApisixRouteStreamMatch{IngressPort: pick(r, []int32{9100, 9101, 9443}), Host: pick(r, []string{"", "a.example.com"})},
			Backend: apiv2.ApisixRouteStreamBackend{ServiceName: "web", ServicePort: intstr.FromInt32(80)}}}
		if r.Intn(2) == 0 {
			ar.Spec.HTTP = nil
		}
	}
	return ar
}

func genGlobalRule(r *rand.Rand, i int) *apiv2.ApisixGlobalRule {
	return &apiv2.ApisixGlobalRule{ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: fmt.Sprintf("gr%d", i)},
		Spec: apiv2.ApisixGlobalRuleSpec{Plugins: []apiv2.ApisixRoutePlugin{pick(r, propPlugins)}}}
}

func genConsumer(r *rand.Rand, i int) *apiv2.ApisixConsumer {
	return &apiv2.ApisixConsumer{ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: fmt.Sprintf("c%d", i)},
		Spec: apiv2.ApisixConsumerSpec{AuthParameter: apiv2.ApisixConsumerAuthParameter{
			KeyAuth: &apiv2.ApisixConsumerKeyAuth{Value: &apiv2.ApisixConsumerKeyAuthValue{Key: pick(r, []string{"k1", "k2"})}}}}}
}

func genTLS(r *rand.Rand, i int) *apiv2.ApisixTls {
	o := &apiv2.ApisixTls{ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: fmt.Sprintf("tls%d", i)},
		Spec: apiv2.ApisixTlsSpec{Secret: apiv2.ApisixSecret{Name: pick(r, []string{"c1", "c2"}), Namespace: "default"}}}
	for range 1 + r.Intn(2) {
		o.Spec.Hosts = append(o.Spec.Hosts, apiv2.HostType(pick(r, propHosts[:3])))
	}
	if r.Intn(4) == 0 {
		o.Spec.Client = &apiv2.ApisixMutualTlsClientConfig{CASecret: apiv2.ApisixSecret{Name: "ca", Namespace: "default"}}
	}
	return o
}

func genUpstream(r *rand.Rand) *apiv2.ApisixUpstream {
	o := &apiv2.ApisixUpstream{ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: pick(r, []string{"web", "ext"})}}
	if o.Name == "ext" {
		o.Spec.ExternalNodes = []apiv2.ApisixUpstreamExternalNode{{Name: "httpbin.org", Type: apiv2.ExternalTypeDomain}}
	}
	if r.Intn(3) == 0 {
		o.Spec.Subsets = []apiv2.ApisixUpstreamSubset{{Name: pick(r, []string{"v1", "v2"}), Labels: map[string]string{"version": "v1"}}}
	}
	if r.Intn(4) == 0 {
		o.Spec.PortLevelSettings = []apiv2.PortLevelSettings{{Port: 80, ApisixUpstreamConfig: apiv2.ApisixUpstreamConfig{Scheme: "https"}}}
	}
	switch r.Intn(4) {
	case 0:
		o.Spec.LoadBalancer = &apiv2.LoadBalancer{Type: "chash", HashOn: "vars", Key: "remote_addr"}
	case 1:
		o.Spec.LoadBalancer = &apiv2.LoadBalancer{Type: "chash", HashOn: "vars", Key: "http_x_user"}
	case 2:
		o.Spec.Scheme = pick(r, []string{"https", "gopher"})
	}
	return o
}

func genPluginConfig(r *rand.Rand) *apiv2.ApisixPluginConfig {
	return &apiv2.ApisixPluginConfig{ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: "pc"},
		Spec: apiv2.ApisixPluginConfigSpec{Plugins: []apiv2.ApisixRoutePlugin{pick(r, propPlugins)}}}
}

func ptrTo[T any](v T) *T { return &v }

// admissionRegressions are sets the property test once failed on, shrunk,
// in creation order (YAML documents).
var admissionRegressions = map[string]string{
	// Admission saw no other ApisixRoute: the newer stream rule was
	// admitted, then withheld for the port and SNI the older one serves.
	"stream port and SNI of an older ApisixRoute": `
--- # ApisixRoute
metadata: {name: ar1, namespace: default}
spec:
  stream:
  - {name: s, protocol: TCP, match: {host: a.example.com, ingressPort: 9100}, backend: {serviceName: web, servicePort: 80}}
--- # ApisixRoute
metadata: {name: ar7, namespace: default}
spec:
  ingressClassName: apisix
  stream:
  - {name: s, protocol: TCP, match: {host: a.example.com, ingressPort: 9100}, backend: {serviceName: web, servicePort: 80}}
`,
	// Admission translated an ApisixGlobalRule alone: a plugin another one
	// already makes global was admitted, then refused.
	"plugin of an older ApisixGlobalRule": `
--- # ApisixGlobalRule
metadata: {name: gr1, namespace: default}
spec:
  plugins:
  - {name: proxy-rewrite, config: {uri: /x}}
--- # ApisixGlobalRule
metadata: {name: gr9, namespace: default}
spec:
  plugins:
  - {name: proxy-rewrite, config: {uri: /x}}
`,
	// An ssl-passthrough Ingress and an older ApisixRoute TCP stream rule
	// on the passthrough port with the same SNI: both were served, one at
	// random; the translator now refuses the newer, and admission finds the
	// ApisixRoute through the stream rule's SNI.
	"ssl-passthrough SNI of an older ApisixRoute stream rule": `
--- # ApisixRoute
metadata: {name: ar0, namespace: default}
spec:
  stream:
  - {name: s, protocol: TCP, match: {host: a.example.com, ingressPort: 9443}, backend: {serviceName: web, servicePort: 80}}
--- # Ingress
metadata:
  name: ing8
  namespace: default
  annotations: {nginx.ingress.kubernetes.io/ssl-passthrough: "true"}
spec:
  ingressClassName: apisix
  rules:
  - host: a.example.com
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
`,
	// Admission saw no other object of the host: an Ingress with a
	// certificate for a host an older ApisixTls has from another Secret.
	"SNI of an older ApisixTls": `
--- # ApisixTls
metadata: {name: tls9, namespace: default}
spec:
  hosts: [A.example.com]
  secret: {name: c2, namespace: default}
--- # Ingress
metadata: {name: ing12, namespace: default}
spec:
  ingressClassName: apisix
  rules:
  - host: a.example.com
    http:
      paths:
      - {path: /, pathType: Exact, backend: {service: {name: web, port: {number: 80}}}}
  tls:
  - {hosts: [A.example.com], secretName: c1}
`,
}

func TestAdmissionRegressions(t *testing.T) {
	for name, docs := range admissionRegressions {
		t.Run(name, func(t *testing.T) {
			objs := decodeObjects(t, docs)
			if len(objs) < 2 {
				t.Fatalf("decoded %d objects", len(objs))
			}
			if msg := admissionViolation(objs); msg != "" {
				t.Fatal(msg)
			}
		})
	}
}

// decodeObjects decodes YAML documents, each preceded by "--- # Kind".
func decodeObjects(t *testing.T, docs string) []client.Object {
	t.Helper()
	var out []client.Object
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i, doc := range strings.Split(docs, "--- # ")[1:] {
		kind, body, _ := strings.Cut(doc, "\n")
		var o client.Object
		switch strings.TrimSpace(kind) {
		case "Ingress":
			o = &networkingv1.Ingress{}
		case apiv2.KindApisixRoute:
			o = &apiv2.ApisixRoute{}
		case apiv2.KindApisixTls:
			o = &apiv2.ApisixTls{}
		case apiv2.KindApisixUpstream:
			o = &apiv2.ApisixUpstream{}
		case apiv2.KindApisixPluginConfig:
			o = &apiv2.ApisixPluginConfig{}
		case apiv2.KindApisixGlobalRule:
			o = &apiv2.ApisixGlobalRule{}
		case apiv2.KindApisixConsumer:
			o = &apiv2.ApisixConsumer{}
		default:
			t.Fatalf("kind %q", kind)
		}
		js, err := yaml.YAMLToJSON([]byte(body))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(js, o); err != nil {
			t.Fatal(err)
		}
		o.SetCreationTimestamp(metav1.NewTime(t0.Add(time.Duration(i) * time.Second)))
		out = append(out, o)
	}
	return out
}
