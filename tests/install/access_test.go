package install_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
	authorizationv1 "k8s.io/api/authorization/v1"

	"github.com/apisix-ingress/apisix-ingress/controller"
)

// requireAccess asks the API server's RBAC authorizer whether a
// ServiceAccount of apisix-ingress may do verb on resource.
func requireAccess(t *testing.T, sa string, want bool, attrs authorizationv1.ResourceAttributes) {
	t.Helper()
	sar := &authorizationv1.SubjectAccessReview{Spec: authorizationv1.SubjectAccessReviewSpec{
		User:               "system:serviceaccount:apisix-ingress:" + sa,
		Groups:             []string{"system:serviceaccounts", "system:serviceaccounts:apisix-ingress"},
		ResourceAttributes: &attrs,
	}}
	require.NoError(t, env.Client.Create(context.Background(), sar))
	require.Equal(t, want, sar.Status.Allowed, "%s %+v: %s", sa, attrs, sar.Status.Reason)
}

// checkInstalledRBAC runs against the installed self-signed overlay.
func checkInstalledRBAC(t *testing.T) {
	const ctl, gen = "apisix-ingress", "apisix-ingress-certgen"
	secrets := func(verb, ns, name string) authorizationv1.ResourceAttributes {
		return authorizationv1.ResourceAttributes{Verb: verb, Resource: "secrets", Version: "v1", Namespace: ns, Name: name}
	}
	vwc := func(verb, name string) authorizationv1.ResourceAttributes {
		return authorizationv1.ResourceAttributes{Verb: verb, Group: "admissionregistration.k8s.io", Resource: "validatingwebhookconfigurations", Version: "v1", Name: name}
	}
	lease := func(verb, ns, name string) authorizationv1.ResourceAttributes {
		return authorizationv1.ResourceAttributes{Verb: verb, Group: "coordination.k8s.io", Resource: "leases", Version: "v1", Namespace: ns, Name: name}
	}
	// The controller reads Secrets everywhere and writes none.
	requireAccess(t, ctl, true, secrets("list", "", ""))
	requireAccess(t, ctl, true, secrets("watch", "team-a", ""))
	requireAccess(t, ctl, false, secrets("update", "apisix-ingress", "apisix-ingress-webhook-tls"))
	requireAccess(t, ctl, false, secrets("create", "apisix-ingress", ""))
	// ConfigMaps (named by Ingress annotations) likewise.
	configMaps := func(verb, ns, name string) authorizationv1.ResourceAttributes {
		return authorizationv1.ResourceAttributes{Verb: verb, Resource: "configmaps", Version: "v1", Namespace: ns, Name: name}
	}
	requireAccess(t, ctl, true, configMaps("list", "", ""))
	requireAccess(t, ctl, true, configMaps("get", "team-a", "response-headers"))
	requireAccess(t, ctl, false, configMaps("update", "team-a", "response-headers"))
	requireAccess(t, ctl, false, configMaps("create", "team-a", ""))
	// Its webhook configuration by name, no other.
	requireAccess(t, ctl, true, vwc("patch", "apisix-ingress"))
	requireAccess(t, ctl, true, vwc("watch", "apisix-ingress"))
	requireAccess(t, ctl, false, vwc("patch", "someone-elses"))
	requireAccess(t, ctl, false, vwc("list", ""))
	// Its Lease, in its namespace only.
	requireAccess(t, ctl, true, lease("update", "apisix-ingress", controller.DefaultLeaderElectionID))
	requireAccess(t, ctl, false, lease("update", "apisix-ingress", "kube-scheduler"))
	requireAccess(t, ctl, false, lease("create", "kube-system", ""))
	requireAccess(t, ctl, true, authorizationv1.ResourceAttributes{Verb: "patch", Group: "apisix.apache.org", Resource: "apisixroutes", Subresource: "status", Version: "v2", Namespace: "team-a"})
	requireAccess(t, ctl, false, authorizationv1.ResourceAttributes{Verb: "update", Group: "apisix.apache.org", Resource: "apisixroutes", Version: "v2", Namespace: "team-a"})
	// Pods are read (ApisixUpstream subsets), never written.
	requireAccess(t, ctl, true, authorizationv1.ResourceAttributes{Verb: "list", Resource: "pods", Version: "v1"})
	requireAccess(t, ctl, false, authorizationv1.ResourceAttributes{Verb: "delete", Resource: "pods", Version: "v1", Namespace: "default", Name: "x"})

	// certgen: its one Secret, and caBundle.
	requireAccess(t, gen, true, secrets("update", "apisix-ingress", "apisix-ingress-webhook-tls"))
	requireAccess(t, gen, false, secrets("get", "apisix-ingress", "other"))
	requireAccess(t, gen, false, secrets("list", "apisix-ingress", ""))
	requireAccess(t, gen, false, secrets("create", "default", ""))
	requireAccess(t, gen, true, vwc("patch", "apisix-ingress"))
	requireAccess(t, gen, false, vwc("delete", "apisix-ingress"))
}
