package gatewayconformance

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	networkingv1 "k8s.io/api/networking/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/client-go/kubernetes"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/gateway-api/conformance"
	"sigs.k8s.io/gateway-api/conformance/utils/config"
	confhttp "sigs.k8s.io/gateway-api/conformance/utils/http"
	confk8s "sigs.k8s.io/gateway-api/conformance/utils/kubernetes"
	"sigs.k8s.io/gateway-api/conformance/utils/roundtripper"
	confsuite "sigs.k8s.io/gateway-api/conformance/utils/suite"
)

// baseNamespaces are the namespaces of the suite's base manifests.
var baseNamespaces = []string{confsuite.InfrastructureNamespace, confsuite.AppBackendNamespace, confsuite.WebBackendNamespace}

// podName is how a ReplicaSet names its Pods: <deployment>-<10 character
// template hash>-<5 random characters>, both from the API server's
// generated-name alphabet.
var podName = regexp.MustCompile(`^(.+)-[bcdfghjklmnpqrstvwxz2456789]{10}-[bcdfghjklmnpqrstvwxz2456789]{5}$`)

// TestHarnessServesBaseManifests proves the kubelet stand-in without the
// suite: it applies the suite's base manifests (with the suite's own
// Applier, gateway class substituted) and the Secrets the suite creates for
// TLS backends, then checks what the suite relies on: every Deployment has
// its replicas as Ready Pods named as a ReplicaSet names them, bound to the
// Node; every Service with a selector has an EndpointSlice of them; a Pod's
// echo answers the suite's own request and comparison (CompareRoundTrip
// through MakeRequestAndExpectEventuallyConsistentResponse: namespace, pod
// prefix, path with query, request and X-Echo-Set-Header response headers);
// /status/503 answers 503; the suite's DumpEchoLogs finds the echo's log
// line through pods/log, with a clientset built from the RestConfig; and
// deleting the namespaces completes.
func TestHarnessServesBaseManifests(t *testing.T) {
	s := need(t)
	ctx := context.Background()
	timeouts := harnessTimeouts()
	awaitNamespacesGone(t, s.client, baseNamespaces)
	applier := confk8s.Applier{
		GatewayClass: gatewayClassName, ControllerName: gatewayControllerName,
		ManifestFS: []fs.FS{&conformance.Manifests},
	}
	applier.MustApplyWithCleanup(t, s.client, timeouts, "base/manifests.yaml", false)
	t.Cleanup(func() { deleteNamespaces(t, s.client, baseNamespaces) })
	// The Secrets the suite's Setup creates that Pods mount.
	_, ca, caKey := confk8s.MustCreateCACertConfigMap(t, confsuite.InfrastructureNamespace, "tls-checks-ca-certificate")
	secrets := []client.Object{
		confk8s.MustCreateCASignedCertSecret(t, confsuite.InfrastructureNamespace, "tls-checks-certificate",
			[]string{"abc.example.com", "other.example.com"}, ca, caKey),
		confk8s.MustCreateCASignedCertSecret(t, confsuite.InfrastructureNamespace, "tls-passthrough-checks-certificate", []string{"abc.example.com"}, ca, caKey),
		confk8s.MustCreateCASignedCertSecret(t, confsuite.AppBackendNamespace, "tls-passthrough-checks-certificate", []string{"abc.example.com"}, ca, caKey),
	}
	applier.MustApplyObjectsWithCleanup(t, s.client, timeouts, secrets, false)

	eventually(t, 60*time.Second, "every Deployment's Pods Ready", func() error { return deploymentsReady(ctx, s.client) })
	eventually(t, 30*time.Second, "every selector Service's EndpointSlice", func() error { return slicesComplete(ctx, s.client) })

	var pods corev1.PodList
	if err := s.client.List(ctx, &pods, client.InNamespace(confsuite.InfrastructureNamespace),
		client.MatchingLabels{"app": confsuite.InfraBackendServiceNameV1}); err != nil {
		t.Fatal(err)
	}
	pod := pods.Items[0]
	podAddr := net.JoinHostPort(pod.Status.PodIP, "3000")
	rt := &roundtripper.DefaultRoundTripper{TimeoutConfig: timeouts}
	since := time.Now()
	confhttp.MakeRequestAndExpectEventuallyConsistentResponse(t, rt, timeouts, podAddr, confhttp.ExpectedResponse{
		Request: confhttp.Request{Host: "echo.example.com", Path: "/harness/check?x=1&y=two",
			Headers: map[string]string{"X-Harness": "yes"}},
		BackendSetResponseHeaders: map[string]string{"X-Backend-Said": "hello"},
		ExpectedRequest: &confhttp.ExpectedRequest{Request: confhttp.Request{Host: "echo.example.com", Path: "/harness/check?x=1&y=two",
			Headers: map[string]string{"X-Harness": "yes"}}},
		Response:  confhttp.Response{StatusCode: 200, Headers: map[string]string{"X-Backend-Said": "hello"}},
		Backend:   confsuite.InfraBackendServiceNameV1,
		Namespace: confsuite.InfrastructureNamespace,
	})
	confhttp.MakeRequestAndExpectEventuallyConsistentResponse(t, rt, timeouts, podAddr, confhttp.ExpectedResponse{
		Request:   confhttp.Request{Path: "/status/503"},
		Response:  confhttp.Response{StatusCode: 503},
		Namespace: confsuite.InfrastructureNamespace,
	})

	// The data path a Gateway gets: an address of the pool, through APISIX,
	// to the Pods of the Service's EndpointSlice (a route put straight into
	// the Admin API, without labels, so the controller leaves it alone).
	routeToSlice(t, s, confsuite.InfrastructureNamespace, confsuite.InfraBackendServiceNameV1, "echo.example.com")
	confhttp.MakeRequestAndExpectEventuallyConsistentResponse(t, rt, timeouts, "198.18.250.7:80", confhttp.ExpectedResponse{
		Request:   confhttp.Request{Host: "echo.example.com", Path: "/via-apisix?z=3"},
		Response:  confhttp.Response{StatusCode: 200},
		Backend:   confsuite.InfraBackendServiceNameV1,
		Namespace: confsuite.InfrastructureNamespace,
	})

	// The product reads podsim's EndpointSlices: an Ingress (through the
	// webhook and controller) to a base Service reaches its Pods.
	ingressTo(t, s, confsuite.InfrastructureNamespace, confsuite.InfraBackendServiceNameV2, 8080, "ingress.example.com")
	confhttp.MakeRequestAndExpectEventuallyConsistentResponse(t, rt, timeouts, "198.18.250.9:80", confhttp.ExpectedResponse{
		Request:   confhttp.Request{Host: "ingress.example.com", Path: "/via-ingress"},
		Response:  confhttp.Response{StatusCode: 200},
		Backend:   confsuite.InfraBackendServiceNameV2,
		Namespace: confsuite.InfrastructureNamespace,
	})

	cs, err := kubernetes.NewForConfig(s.dev.Config)
	if err != nil {
		t.Fatal(err)
	}
	logs, err := confk8s.DumpEchoLogs(ctx, confsuite.InfrastructureNamespace, confsuite.InfraBackendServiceNameV1, s.client, cs, since.Add(-time.Second))
	if err != nil {
		t.Fatal(err)
	}
	want := "Echoing back request made to /harness/check?x=1&y=two to client ("
	if !slices.ContainsFunc(logs, func(l string) bool { return strings.Contains(l, want) }) {
		t.Errorf("pods/log of %s: no line with %q in %q", confsuite.InfraBackendServiceNameV1, want, logs)
	}
}

// routeToSlice puts an APISIX route for host to the endpoints of Service
// ns/svc's EndpointSlice (first port), deleted when t ends.
func routeToSlice(t *testing.T, s *stack, ns, svc, host string) {
	t.Helper()
	var slices discoveryv1.EndpointSliceList
	if err := s.client.List(context.Background(), &slices, client.InNamespace(ns), client.MatchingLabels{discoveryv1.LabelServiceName: svc}); err != nil {
		t.Fatal(err)
	}
	nodes := map[string]int{}
	for _, es := range slices.Items {
		for _, ep := range es.Endpoints {
			for _, a := range ep.Addresses {
				nodes[net.JoinHostPort(a, strconv.Itoa(int(*es.Ports[0].Port)))] = 1
			}
		}
	}
	body, _ := json.Marshal(map[string]any{"uri": "/*", "hosts": []string{host},
		"upstream": map[string]any{"type": "roundrobin", "nodes": nodes}})
	admin := func(method string, body []byte) {
		req, _ := http.NewRequest(method, s.apisix.AdminURL+"/apisix/admin/routes/harness-"+svc, bytes.NewReader(body))
		req.Header.Set("X-API-KEY", s.apisix.AdminKey)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Error(err)
			return
		}
		out, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode >= 300 {
			t.Errorf("%s route: %d %s", method, resp.StatusCode, out)
		}
	}
	admin(http.MethodPut, body)
	t.Cleanup(func() { admin(http.MethodDelete, nil) })
}

// ingressTo creates an Ingress (class apisix) for host to Service ns/svc.
func ingressTo(t *testing.T, s *stack, ns, svc string, port int32, host string) {
	t.Helper()
	class, prefix := "apisix", networkingv1.PathTypePrefix
	ing := &networkingv1.Ingress{
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "harness-" + svc},
		Spec: networkingv1.IngressSpec{IngressClassName: &class, Rules: []networkingv1.IngressRule{{
			Host: host,
			IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{Paths: []networkingv1.HTTPIngressPath{{
				Path: "/", PathType: &prefix,
				Backend: networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{
					Name: svc, Port: networkingv1.ServiceBackendPort{Number: port}}},
			}}}},
		}}},
	}
	if err := s.client.Create(context.Background(), ing); err != nil {
		t.Fatal(err)
	}
}

// harnessTimeouts are the suite's defaults, as the suite runs with them
// (MaxTimeToConsistency 30 s: on a loaded machine the Ingress's route may
// take a while to reach APISIX).
func harnessTimeouts() config.TimeoutConfig {
	return config.DefaultTimeoutConfig()
}

// deploymentsReady checks that every Deployment of the base namespaces has
// spec.replicas Ready Pods bound to the Node, named <deployment>-<hash>-<hash>.
func deploymentsReady(ctx context.Context, c client.Client) error {
	for _, ns := range baseNamespaces {
		var deps appsv1.DeploymentList
		if err := c.List(ctx, &deps, client.InNamespace(ns)); err != nil {
			return err
		}
		if len(deps.Items) == 0 {
			return fmt.Errorf("namespace %s has no Deployments", ns)
		}
		for _, d := range deps.Items {
			sel, err := metav1.LabelSelectorAsSelector(d.Spec.Selector)
			if err != nil {
				return err
			}
			var pods corev1.PodList
			if err := c.List(ctx, &pods, client.InNamespace(ns), client.MatchingLabelsSelector{Selector: sel}); err != nil {
				return err
			}
			if int32(len(pods.Items)) != *d.Spec.Replicas {
				return fmt.Errorf("Deployment %s/%s: %d Pods, want %d", ns, d.Name, len(pods.Items), *d.Spec.Replicas)
			}
			for _, p := range pods.Items {
				if m := podName.FindStringSubmatch(p.Name); m == nil || m[1] != d.Name {
					return fmt.Errorf("Pod %s/%s: not named %s-<10 chars>-<5 chars>", ns, p.Name, d.Name)
				}
				if !podReady(&p) || p.Status.PodIP == "" || p.Spec.NodeName == "" {
					return fmt.Errorf("Pod %s/%s: not Ready with an address on a Node (phase %s, IP %q)", ns, p.Name, p.Status.Phase, p.Status.PodIP)
				}
			}
		}
	}
	return nil
}

func podReady(p *corev1.Pod) bool {
	for _, c := range p.Status.Conditions {
		if c.Type == corev1.PodReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}

// slicesComplete checks that every Service with a selector in the base
// namespaces has an IPv4 EndpointSlice (label kubernetes.io/service-name)
// with one port per Service port (its name, the numeric target port) and
// exactly its Ready Pods' addresses.
func slicesComplete(ctx context.Context, c client.Client) error {
	for _, ns := range baseNamespaces {
		var svcs corev1.ServiceList
		if err := c.List(ctx, &svcs, client.InNamespace(ns)); err != nil {
			return err
		}
		for _, svc := range svcs.Items {
			if len(svc.Spec.Selector) == 0 {
				continue
			}
			var pods corev1.PodList
			if err := c.List(ctx, &pods, client.InNamespace(ns), client.MatchingLabelsSelector{Selector: labels.SelectorFromSet(svc.Spec.Selector)}); err != nil {
				return err
			}
			var want []string
			for _, p := range pods.Items {
				if podReady(&p) {
					want = append(want, p.Status.PodIP)
				}
			}
			var slices discoveryv1.EndpointSliceList
			if err := c.List(ctx, &slices, client.InNamespace(ns), client.MatchingLabels{discoveryv1.LabelServiceName: svc.Name}); err != nil {
				return err
			}
			if len(slices.Items) != 1 {
				return fmt.Errorf("Service %s/%s: %d EndpointSlices, want 1", ns, svc.Name, len(slices.Items))
			}
			es := slices.Items[0]
			if es.AddressType != discoveryv1.AddressTypeIPv4 || len(es.Ports) != len(svc.Spec.Ports) {
				return fmt.Errorf("EndpointSlice %s/%s: addressType %s, %d ports; want IPv4, %d", ns, es.Name, es.AddressType, len(es.Ports), len(svc.Spec.Ports))
			}
			for i, sp := range svc.Spec.Ports {
				if *es.Ports[i].Name != sp.Name || *es.Ports[i].Port != sp.TargetPort.IntVal {
					return fmt.Errorf("EndpointSlice %s/%s port %d: %s/%d, want %s/%d", ns, es.Name, i, *es.Ports[i].Name, *es.Ports[i].Port, sp.Name, sp.TargetPort.IntVal)
				}
			}
			var got []string
			for _, ep := range es.Endpoints {
				if ep.Conditions.Ready != nil && *ep.Conditions.Ready {
					got = append(got, ep.Addresses...)
				}
			}
			slicesSort(got, want)
			if strings.Join(got, ",") != strings.Join(want, ",") || len(want) == 0 {
				return fmt.Errorf("EndpointSlice %s/%s: ready addresses %v, want the Pods' %v", ns, es.Name, got, want)
			}
		}
	}
	return nil
}

func slicesSort(a ...[]string) {
	for _, s := range a {
		slices.Sort(s)
	}
}

// deleteNamespaces deletes the namespaces and waits until they are gone:
// podsim empties and finalizes them, as the namespace controller would.
func deleteNamespaces(t *testing.T, c client.Client, names []string) {
	t.Helper()
	ctx := context.Background()
	for _, n := range names {
		err := c.Delete(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: n}})
		if err != nil && !apierrors.IsNotFound(err) && !apierrors.IsConflict(err) { // Conflict: already being deleted
			t.Error(err)
		}
	}
	awaitNamespacesGone(t, c, names)
}

// awaitNamespacesGone waits until the namespaces do not exist (a test that
// applies the base manifests must not find them still terminating after
// an earlier test's cleanup: nothing can be created in them then).
func awaitNamespacesGone(t *testing.T, c client.Client, names []string) {
	t.Helper()
	ctx := context.Background()
	eventually(t, 40*time.Second, "namespace deletion", func() error {
		for _, n := range names {
			var ns corev1.Namespace
			err := c.Get(ctx, client.ObjectKey{Name: n}, &ns)
			if err == nil {
				return fmt.Errorf("namespace %s still exists (phase %s)", n, ns.Status.Phase)
			}
			if !apierrors.IsNotFound(err) {
				return err
			}
		}
		return nil
	})
}
