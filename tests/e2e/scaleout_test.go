package e2e

import (
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/apisix-ingress/apisix-ingress/internal/apisixrt"
	"github.com/apisix-ingress/apisix-ingress/internal/testutil"
)

// TestScaleOutControllerWrites: the controller talks to one Admin API (the
// suite's APISIX); a second APISIX started on the same etcd serves what the
// controller wrote, without the controller knowing it exists. Each change is
// served by the second instance within a second of the first serving it; the
// times from kubectl apply are logged. The Admin-API-only version of this
// path is tests/apisixreal.
func TestScaleOutControllerWrites(t *testing.T) {
	s := need(t)
	ns := newNamespace(t)
	backend(t, ns, "one")
	backend(t, ns, "two")
	second := testutil.APISIX(t, apisixrt.Options{EtcdURL: s.apisix.EtcdURL})
	host := "scale." + ns + ".test"
	bases := []string{s.apisix.HTTPURL, second.HTTPURL}
	ingress := func(svc string) string {
		return `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: scale}
spec:
  ingressClassName: apisix
  rules:
  - host: ` + host + `
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: ` + svc + `, port: {number: 80}}}}
`
	}

	scaleOut(t, "Ingress created", bases, host, "one", func() { apply(t, ns, ingress("one")) })
	scaleOut(t, "Ingress backend changed", bases, host, "two", func() { apply(t, ns, ingress("two")) })
	scaleOut(t, "Ingress deleted", bases, host, "", func() {
		if out, code := kubectl(t, nil, "delete", "-n", ns, "ingress", "scale"); code != 0 {
			t.Fatalf("kubectl delete: %s", out)
		}
	})
}

// scaleOut runs change, then polls host on every base until it is served by
// backend (or, when backend is "", answered 404), and fails unless every
// instance serves it within a second of the first one that did.
func scaleOut(t *testing.T, what string, bases []string, host, backend string, change func()) {
	t.Helper()
	change()
	start := time.Now()
	took := make([]time.Duration, len(bases))
	last := make([]string, len(bases))
	for pending := len(bases); pending > 0 && time.Since(start) < 20*time.Second; {
		for i, base := range bases {
			if took[i] != 0 {
				continue
			}
			code, got := hostGet(base, host)
			if (backend == "" && code == http.StatusNotFound) || (backend != "" && code == http.StatusOK && got == backend) {
				took[i] = time.Since(start)
				pending--
			}
			last[i] = fmt.Sprintf("%d from %q", code, got)
		}
		time.Sleep(2 * time.Millisecond)
	}
	first := time.Duration(0)
	for i, d := range took {
		if d == 0 {
			t.Fatalf("%s: instance %d never served it (last: %s)", what, i+1, last[i])
		}
		if first == 0 || d < first {
			first = d
		}
	}
	for i, d := range took {
		if d-first > time.Second {
			t.Errorf("%s: instance %d served it %v after the first instance, want within 1s", what, i+1, d-first)
		}
	}
	t.Logf("%s: served by the controller's APISIX %v and by the second APISIX %v after kubectl returned",
		what, took[0].Round(time.Millisecond), took[1].Round(time.Millisecond))
}

// hostGet sends GET / with Host host to base and returns the status and the
// answering backend (X-Backend).
func hostGet(base, host string) (int, string) {
	req, err := http.NewRequest(http.MethodGet, base+"/", nil)
	if err != nil {
		return 0, err.Error()
	}
	req.Host = host
	resp, err := client.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, resp.Header.Get("X-Backend")
}
