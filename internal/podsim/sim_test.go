package podsim_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/client-go/kubernetes"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/apisix-ingress/apisix-ingress/internal/echobasic"
	"github.com/apisix-ingress/apisix-ingress/internal/podnet"
	"github.com/apisix-ingress/apisix-ingress/internal/podsim"
	"github.com/apisix-ingress/apisix-ingress/tests/testenv"
)

// testCIDR is this test's block, apart from the gateway conformance
// harness's (podsim.DefaultPodCIDR), which may run at the same time.
const testCIDR = "198.18.248.0/24"

// TestSimRunsDeployments: a Deployment of the echo-basic image becomes
// Ready Pods named as a ReplicaSet's, each answering on its own address as
// echo-basic does; its Service gets an EndpointSlice; pods/log (through the
// API server and the stand-in kubelet) has the echo's log line; scaling down
// deletes a Pod; deleting the Namespace completes.
func TestSimRunsDeployments(t *testing.T) {
	if err := podnet.Ensure(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	env, err := testenv.Start(testenv.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer env.Stop()
	ctx := context.Background()
	sim, err := podsim.Start(ctx, env.Config, podsim.Options{PodCIDR: testCIDR, Interval: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	c := env.Client
	ns := "sim-test"
	must(t, c.Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}))
	two := int32(2)
	labels := map[string]string{"app": "web"}
	must(t, c.Create(ctx, &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "web"},
		Spec: appsv1.DeploymentSpec{Replicas: &two, Selector: &metav1.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: labels}, Spec: corev1.PodSpec{
				Containers: []corev1.Container{{Name: "web", Image: "registry.k8s.io/gateway-api/echo-basic:v1.5.1", Env: []corev1.EnvVar{
					{Name: "POD_NAME", ValueFrom: &corev1.EnvVarSource{FieldRef: &corev1.ObjectFieldSelector{FieldPath: "metadata.name"}}},
					{Name: "NAMESPACE", ValueFrom: &corev1.EnvVarSource{FieldRef: &corev1.ObjectFieldSelector{FieldPath: "metadata.namespace"}}},
				}}}}}},
	}))
	must(t, c.Create(ctx, &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "web"},
		Spec: corev1.ServiceSpec{Selector: labels, Ports: []corev1.ServicePort{{
			Name: "http", Port: 8080, TargetPort: intstr.FromInt32(3000), Protocol: corev1.ProtocolTCP}}},
	}))

	name := regexp.MustCompile(`^web-[bcdfghjklmnpqrstvwxz2456789]{10}-[bcdfghjklmnpqrstvwxz2456789]{5}$`)
	var pods corev1.PodList
	wait(t, "2 Ready Pods", func() error {
		pods = corev1.PodList{}
		if err := c.List(ctx, &pods, client.InNamespace(ns)); err != nil {
			return err
		}
		if len(pods.Items) != 2 {
			return fmt.Errorf("%d Pods", len(pods.Items))
		}
		for _, p := range pods.Items {
			if !name.MatchString(p.Name) || p.Status.Phase != corev1.PodRunning || !strings.HasPrefix(p.Status.PodIP, "198.18.248.") {
				return fmt.Errorf("Pod %s: phase %s IP %q", p.Name, p.Status.Phase, p.Status.PodIP)
			}
		}
		return nil
	})
	p := pods.Items[0]
	since := time.Now().Add(-time.Second)
	resp, err := http.Get("http://" + p.Status.PodIP + ":3000/a/b?c=d")
	must(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var e echobasic.Echo
	must(t, json.Unmarshal(body, &e))
	if e.Pod != p.Name || e.Namespace != ns || e.Path != "/a/b?c=d" || resp.Header.Get("Content-Type") != "application/json" {
		t.Errorf("echo of %s = %+v", p.Name, e)
	}

	wait(t, "the EndpointSlice", func() error {
		var slices discoveryv1.EndpointSliceList
		if err := c.List(ctx, &slices, client.InNamespace(ns), client.MatchingLabels{discoveryv1.LabelServiceName: "web"}); err != nil {
			return err
		}
		if len(slices.Items) != 1 || len(slices.Items[0].Endpoints) != 2 || *slices.Items[0].Ports[0].Port != 3000 ||
			*slices.Items[0].Ports[0].Name != "http" || slices.Items[0].AddressType != discoveryv1.AddressTypeIPv4 {
			return fmt.Errorf("slices %+v", slices.Items)
		}
		return nil
	})

	cs, err := kubernetes.NewForConfig(env.Config)
	must(t, err)
	st := metav1.NewTime(since)
	raw, err := cs.CoreV1().Pods(ns).GetLogs(p.Name, &corev1.PodLogOptions{Container: "web", SinceTime: &st}).DoRaw(ctx)
	must(t, err)
	if !strings.Contains(string(raw), "Echoing back request made to /a/b?c=d to client (") {
		t.Errorf("pods/log = %q", raw)
	}

	var d appsv1.Deployment
	must(t, c.Get(ctx, client.ObjectKey{Namespace: ns, Name: "web"}, &d))
	one := int32(1)
	d.Spec.Replicas = &one
	must(t, c.Update(ctx, &d))
	wait(t, "1 Pod after scaling down", func() error {
		pods = corev1.PodList{}
		if err := c.List(ctx, &pods, client.InNamespace(ns)); err != nil {
			return err
		}
		if len(pods.Items) != 1 {
			return fmt.Errorf("%d Pods", len(pods.Items))
		}
		return nil
	})

	must(t, c.Delete(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}))
	wait(t, "the Namespace gone", func() error {
		err := c.Get(ctx, client.ObjectKey{Name: ns}, &corev1.Namespace{})
		if apierrors.IsNotFound(err) {
			return nil
		}
		return fmt.Errorf("still there (%v)", err)
	})
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func wait(t *testing.T, what string, check func() error) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		err := check()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: %v", what, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
