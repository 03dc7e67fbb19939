package translator_test

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// pinnedIDs is a sample of object ids from the golden scenarios, each with
// the source that emitted it. APISIX stores these ids: a change would make
// the controller delete and recreate every object. The table was taken
// before the translator's internals were rewritten in plain Go, and must
// never change.
var pinnedIDs = []struct{ scenario, kind, source, id string }{
	{"crd-auth", "upstreams", "ApisixRoute default/secured", "ar-u-5c4ba90e4c8d393b753107a454bc55833ab855e1b2041673"},
	{"crd-auth", "consumers", "ApisixConsumer default/alice-from-secret", "default_alice-from-secret"},
	{"crd-auth", "routes", "ApisixRoute default/secured", "ar-r-171d665b6b9a50d6753107a454bc55833ab855e1b2041673"},
	{"crd-globalrule", "global_rules", " /", "agr-0f3f661e-b3cc7b9cb9f118af44a97959f4b3b7a9"},
	{"crd-ingressclass", "upstreams", "ApisixRoute default/no-class", "ar-u-8ddeb0bb87f7a4c2675c212cffe71d96a9abb1fd80642886"},
	{"crd-ingressclass", "routes", "ApisixRoute default/no-class", "ar-r-ee25f723c7f9141b675c212cffe71d96a9abb1fd80642886"},
	{"crd-plugins", "plugin_configs", "ApisixPluginConfig default/common", "apc-pc-fc0e805f4710e854eba8c5c5c1d6e121"},
	{"crd-plugins", "routes", "ApisixRoute default/app", "ar-r-764a70f77a682cb8865275f4eb5fee280efac39226de80ef"},
	{"crd-references", "upstreams", "ApisixRoute default/dangling", "ar-u-15e36de7b91a6f5b71660e74717538227c638b6070e1801e"},
	{"crd-references", "routes", "ApisixRoute default/dangling", "ar-r-028529c39812a38d71660e74717538227c638b6070e1801e"},
	{"crd-route-backends", "upstreams", "ApisixRoute default/store", "ar-u-13337dbd50a3beb2b8ce4a9ed96af08a5dbc8d7580ed190f"},
	{"crd-route-backends", "routes", "ApisixRoute default/store", "ar-r-3ea1fd46fa82f056b8ce4a9ed96af08a5dbc8d7580ed190f"},
	{"crd-route-match", "upstreams", "ApisixRoute default/shop", "ar-u-072ae2ae18116aafdb334f2181dc702ae2b373dd8698c8cb"},
	{"crd-route-match", "routes", "ApisixRoute default/shop", "ar-r-f997daab683654aedb334f2181dc702ae2b373dd8698c8cb"},
	{"crd-stream", "upstreams", "ApisixRoute default/databases", "ar-u-415af6c8afbdb2241b326d3b034a794cb678ec1edf848b32"},
	{"crd-stream", "stream_routes", "ApisixRoute default/databases", "ar-s-420c1e8a24ec583f87cd530d4025c59b"},
	{"crd-tls", "ssls", "ApisixTls default/api-example-com", "atls-s-fd4d1f4b2ad58d4fca802f4894f3970c"},
	{"crd-upstream-settings", "upstreams", "ApisixRoute default/tuned", "ar-u-3908ee943e39d684aad8fdb888ee9d8b98fdbda602c9486e"},
	{"crd-upstream-settings", "routes", "ApisixRoute default/tuned", "ar-r-41db138d02449b84aad8fdb888ee9d8b98fdbda602c9486e"},
	{"ingress-affinity-lb", "upstreams", "Ingress default/hashed", "ing-u-895a50a689ebd6b9004f2909cc501e361422af63d0e4b7fc"},
	{"ingress-affinity-lb", "routes", "Ingress default/hashed", "ing-r-3f635fc0f0ccb33d004f2909cc501e361422af63d0e4b7fc"},
	{"ingress-affinity-tls", "upstreams", "Ingress default/sticky-tls", "ing-u-a9625899a3a20f224e4a84d7a4b37ae5293cc98767e64537"},
	{"ingress-affinity-tls", "ssls", "Ingress default/sticky-tls-http", "ing-s-d16ad29400423264502a525b09f80ae5"},
	{"ingress-affinity-tls", "routes", "Ingress default/sticky-tls-http", "ing-r-e75bd5e815d4303698303341f3e13c9ea5f3f7310826e6e9"},
	{"ingress-basic-auth", "consumers", "Ingress default/admin", "ba_c_31ba3f85d2d98ce48e5342cfa26f9e83"},
	{"ingress-basic", "upstreams", "Ingress default/web", "ing-u-bbf58bdf23d588ae695780e52763b8cf4d5881f3ec16ba51"},
	{"ingress-basic", "routes", "Ingress default/web", "ing-r-0030247bb85019af695780e52763b8cf4d5881f3ec16ba51"},
	{"ingress-canary", "upstreams", "Ingress default/shop-canary", "ing-u-0226daf7f41dd16b59d87151561de809cd30513cdcf8655d"},
	{"ingress-canary", "routes", "Ingress default/shop", "ing-r-c97cd9158e96901bdb334f2181dc702ae2b373dd8698c8cb"},
	{"ingress-classes-errors", "upstreams", "Ingress default/legacy-class", "ing-u-027d01760eb55b7f12f72e8713fb4b1baec8d9d5ecf9d654"},
	{"ingress-classes-errors", "routes", "Ingress default/legacy-class", "ing-r-02a74ac95abcf62d12f72e8713fb4b1baec8d9d5ecf9d654"},
	{"ingress-hosts", "upstreams", "Ingress default/shop-more", "ing-u-39074a4be772df276fdfd246b866f916209b67b91f466e69"},
	{"ingress-hosts", "routes", "Ingress default/blog", "ing-r-39b5ed5d02fa45a8be4baede620be3e8a8a0b776ebc8587f"},
	{"ingress-more", "upstreams", "Ingress default/full", "ing-u-8d64b6053f004390b8702381363ceee30a8f7e222ea95ba9"},
	{"ingress-more", "ssls", "Ingress default/full", "ing-s-6ecd82b308ae506aff14513ed5d1b078"},
	{"ingress-more", "routes", "Ingress default/oauth", "ing-r-786d4878b7b0896438596eecf116f48a34686dea5a47027f"},
	{"ingress-mtls-host", "upstreams", "Ingress default/a", "ing-u-2c58bca5254f5eac838ad7df1f9f3a3d461a03d61cdac57e"},
	{"ingress-mtls-host", "routes", "Ingress default/a", "ing-r-2205b5b4f27ba2e4838ad7df1f9f3a3d461a03d61cdac57e"},
	{"ingress-policies", "upstreams", "Ingress default/rpm-deny", "ing-u-0d4e89dcb691cb95aa315fd1c78d7df459bf80759b397034"},
	{"ingress-policies", "routes", "Ingress default/rpm-deny", "ing-r-495e659d65ccc476aa315fd1c78d7df459bf80759b397034"},
	{"ingress-redirects", "upstreams", "Ingress default/portal", "ing-u-264a3e201b1280d6a275a0312591876e12a5487db361d0b0"},
	{"ingress-redirects", "routes", "Ingress default/portal", "ing-r-3d541d2877bdad26a275a0312591876e12a5487db361d0b0"},
	{"ingress-rewrite-regex", "upstreams", "Ingress default/rewrite", "ing-u-3a097a625df045b66ecda444161d09e1e3ab657d1666e1c4"},
	{"ingress-rewrite-regex", "routes", "Ingress default/exact-on-regex-host", "ing-r-bef0e0db4227e44e23d99ad13ff62a29930cd034cacd6f29"},
	{"ingress-tls", "upstreams", "Ingress default/secure", "ing-u-dad88a0e20e2bbd9180137c1193ca52c5d14a22ad9a9a5e3"},
	{"ingress-tls", "routes", "Ingress default/secure", "ing-r-22267fc5e9ddb8e6180137c1193ca52c5d14a22ad9a9a5e3"},
}

// TestObjectIDsPinned translates each golden scenario and checks that every
// pinned id is emitted, of its kind and by its source.
func TestObjectIDsPinned(t *testing.T) {
	if len(pinnedIDs) < 20 {
		t.Fatalf("only %d pinned ids", len(pinnedIDs))
	}
	results := map[string]map[[2]string]string{} // scenario -> (kind, id) -> source
	for _, p := range pinnedIDs {
		objs, ok := results[p.scenario]
		if !ok {
			res := translateFile(t, filepath.Join("testdata", p.scenario+".in.yaml"))
			objs = map[[2]string]string{}
			for _, o := range res.State.All() {
				l := labelsOf(t, o)
				objs[[2]string{string(o.Kind()), o.GetID()}] = l[apisix.LabelSourceKind] + " " + l[apisix.LabelSourceNamespace] + "/" + l[apisix.LabelSourceName]
			}
			results[p.scenario] = objs
		}
		src, ok := objs[[2]string{p.kind, p.id}]
		if !ok {
			t.Errorf("%s: %s %s is no longer emitted", p.scenario, p.kind, p.id)
			continue
		}
		if src != p.source {
			t.Errorf("%s: %s %s comes from %q, want %q", p.scenario, p.kind, p.id, src, p.source)
		}
	}
}

// labelsOf reads an object's labels from its JSON form, as APISIX stores them.
func labelsOf(t *testing.T, o apisix.Object) map[string]string {
	b, err := json.Marshal(o)
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Labels map[string]string `json:"labels"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return v.Labels
}
