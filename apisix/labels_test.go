package apisix_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

func TestLabelsJSONIsAPlainSortedObject(t *testing.T) {
	owner := &apisix.Owner{ManagedBy: "apisix-ingress", Kind: "Ingress", Namespace: "default", Name: "web"}
	for _, c := range []struct {
		name string
		l    apisix.Labels
		want string
	}{
		{"owner only", apisix.OwnedBy(owner),
			`{"k8s-kind":"Ingress","k8s-name":"web","k8s-namespace":"default","managed-by":"apisix-ingress"}`},
		{"owner and others", apisix.LabelsOf(map[string]string{"zone": "a", "app": "x<y", "managed-by": "apisix-ingress",
			"k8s-kind": "Ingress", "k8s-namespace": "default", "k8s-name": "web"}),
			`{"app":"x\u003cy","k8s-kind":"Ingress","k8s-name":"web","k8s-namespace":"default","managed-by":"apisix-ingress","zone":"a"}`},
		{"some ownership labels only", apisix.LabelsOf(map[string]string{"managed-by": "me"}), `{"managed-by":"me"}`},
		{"none", apisix.Labels{}, `{}`},
	} {
		b, err := json.Marshal(c.l)
		if err != nil || string(b) != c.want {
			t.Errorf("%s: Marshal = %s, %v; want %s", c.name, b, err, c.want)
		}
		var back apisix.Labels
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("%s: Unmarshal: %v", c.name, err)
		}
		// One canonical form: what is decoded is deeply equal to what was made.
		if !reflect.DeepEqual(back, c.l) {
			t.Errorf("%s: decoded %#v, made %#v", c.name, back, c.l)
		}
		if !reflect.DeepEqual(back.Map(), c.l.Map()) || back.Len() != len(c.l.Map()) {
			t.Errorf("%s: Map/Len differ: %v %d", c.name, back.Map(), back.Len())
		}
	}
}

func TestLabelsGetAndOmitZero(t *testing.T) {
	l := apisix.LabelsOf(map[string]string{"managed-by": "c", "k8s-kind": "ApisixRoute", "k8s-namespace": "ns", "k8s-name": "n", "team": "a"})
	for k, want := range map[string]string{"managed-by": "c", "k8s-kind": "ApisixRoute", "k8s-namespace": "ns", "k8s-name": "n", "team": "a", "other": ""} {
		if got := l.Get(k); got != want {
			t.Errorf("Get(%s) = %q, want %q", k, got, want)
		}
	}
	if o := l.Owner(); o == nil || *o != (apisix.Owner{ManagedBy: "c", Kind: "ApisixRoute", Namespace: "ns", Name: "n"}) {
		t.Errorf("Owner = %+v", o)
	}
	if got := l.Keys(); !reflect.DeepEqual(got, []string{"k8s-kind", "k8s-name", "k8s-namespace", "managed-by", "team"}) {
		t.Errorf("Keys = %v", got)
	}
	b, err := json.Marshal(&apisix.Route{ID: "r1", URI: "/"})
	if err != nil || string(b) != `{"id":"r1","uri":"/"}` {
		t.Errorf("a route without labels: %s %v", b, err)
	}
	var r apisix.Route
	if err := json.Unmarshal([]byte(`{"id":"r1","labels":null}`), &r); err != nil || !r.Labels.IsZero() {
		t.Errorf("null labels: %+v %v", r.Labels, err)
	}
	if err := json.Unmarshal([]byte(`{"labels":{"a":1}}`), &r); err == nil {
		t.Error("a non-string label value was accepted")
	}
}
