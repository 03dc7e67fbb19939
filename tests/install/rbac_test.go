package install_test

import (
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	rbacv1 "k8s.io/api/rbac/v1"

	"github.com/apisix-ingress/apisix-ingress/controller"
	"github.com/apisix-ingress/apisix-ingress/internal/manifestio"
)

// grants maps "group/resource" to its sorted verbs (resourceNames noted as
// "verb@name,name").
type grants map[string][]string

func collect(rules []rbacv1.PolicyRule) grants {
	g := grants{}
	for _, r := range rules {
		for _, grp := range r.APIGroups {
			for _, res := range r.Resources {
				for _, v := range r.Verbs {
					if len(r.ResourceNames) > 0 {
						v += "@" + strings.Join(r.ResourceNames, ",")
					}
					g[grp+"/"+res] = append(g[grp+"/"+res], v)
				}
			}
		}
	}
	for k := range g {
		sort.Strings(g[k])
	}
	return g
}

func boundRules(t *testing.T, docs []manifestio.Document, sa string) (cluster, namespaced []rbacv1.PolicyRule) {
	t.Helper()
	bound := func(subjects []rbacv1.Subject) bool {
		return slices.ContainsFunc(subjects, func(s rbacv1.Subject) bool {
			return s.Kind == "ServiceAccount" && s.Name == sa && s.Namespace == "apisix-ingress"
		})
	}
	for _, d := range ofKind(docs, "ClusterRoleBinding") {
		var b rbacv1.ClusterRoleBinding
		object(t, docs, d.Head.Kind, d.Head.Metadata.Name, &b)
		if bound(b.Subjects) {
			var r rbacv1.ClusterRole
			object(t, docs, "ClusterRole", b.RoleRef.Name, &r)
			cluster = append(cluster, r.Rules...)
		}
	}
	for _, d := range ofKind(docs, "RoleBinding") {
		var b rbacv1.RoleBinding
		object(t, docs, d.Head.Kind, d.Head.Metadata.Name, &b)
		if bound(b.Subjects) {
			require.Equal(t, "apisix-ingress", b.Namespace)
			require.Equal(t, "Role", b.RoleRef.Kind, "a RoleBinding to a ClusterRole hides namespaced grants in a cluster object")
			var r rbacv1.Role
			object(t, docs, "Role", b.RoleRef.Name, &r)
			require.Equal(t, "apisix-ingress", r.Namespace)
			namespaced = append(namespaced, r.Rules...)
		}
	}
	return cluster, namespaced
}

func requireNoWildcards(t *testing.T, docs []manifestio.Document) {
	t.Helper()
	for _, kind := range []string{"ClusterRole", "Role"} {
		for _, d := range ofKind(docs, kind) {
			var r rbacv1.ClusterRole // a Role's rules decode the same way
			object(t, docs, kind, d.Head.Metadata.Name, &r)
			require.NotEmpty(t, r.Rules, d.Head.Metadata.Name)
			for _, rule := range r.Rules {
				for _, s := range slices.Concat(rule.Verbs, rule.Resources, rule.APIGroups, rule.ResourceNames) {
					require.NotContains(t, s, "*", "%s %s: %+v", kind, d.Head.Metadata.Name, rule)
				}
				require.Empty(t, rule.NonResourceURLs)
			}
		}
	}
}

var (
	read     = []string{"get", "list", "watch"}
	writeSub = []string{"get", "patch", "update"}
)

// TestControllerRBAC pins every permission of the controller's
// ServiceAccount: cluster-wide only what it needs in every namespace, Secrets
// and ConfigMaps read-only, the webhook configurations by name, and the leader election
// Lease through a Role in its own namespace.
func TestControllerRBAC(t *testing.T) {
	docs := render(t, manifestsDir("base"))
	requireNoWildcards(t, docs)
	cluster, namespaced := boundRules(t, docs, "apisix-ingress")
	want := grants{
		"networking.k8s.io/ingresses":        read,
		"networking.k8s.io/ingressclasses":   read,
		"networking.k8s.io/ingresses/status": writeSub,
		"/services":                          read,
		"discovery.k8s.io/endpointslices":    read,
		"/secrets":                           read,
		"/configmaps":                        read,
		"/pods":                              read,
		"/namespaces":                        read,
		"/events":                            {"create", "patch"},
		"events.k8s.io/events":               {"create", "patch"},
	}
	for _, k := range []string{"apisixroutes", "apisixupstreams", "apisixtlses", "apisixconsumers", "apisixpluginconfigs", "apisixglobalrules"} {
		want["apisix.apache.org/"+k] = read
		want["apisix.apache.org/"+k+"/status"] = writeSub
	}
	for _, k := range []string{"gatewayclasses", "gateways", "httproutes", "grpcroutes", "tlsroutes", "tcproutes", "udproutes"} {
		want["gateway.networking.k8s.io/"+k] = read
		want["gateway.networking.k8s.io/"+k+"/status"] = writeSub
	}
	want["gateway.networking.k8s.io/referencegrants"] = read
	for _, k := range []string{"validatingwebhookconfigurations", "mutatingwebhookconfigurations"} {
		want["admissionregistration.k8s.io/"+k] = []string{"get@apisix-ingress", "list@apisix-ingress", "patch@apisix-ingress", "update@apisix-ingress", "watch@apisix-ingress"}
	}
	require.Equal(t, want, collect(cluster))
	lease := controller.DefaultLeaderElectionID // serve has no flag to change it
	require.Equal(t, grants{
		"coordination.k8s.io/leases": {"create", "get@" + lease, "patch@" + lease, "update@" + lease, "watch@" + lease},
	}, collect(namespaced))

	// The Deployment runs as that ServiceAccount and uses that Lease.
	var dep appsv1.Deployment
	object(t, docs, "Deployment", "apisix-ingress", &dep)
	require.Equal(t, "apisix-ingress", dep.Spec.Template.Spec.ServiceAccountName)
	require.Contains(t, dep.Spec.Template.Spec.Containers[0].Args, "--leader-elect")
}

// TestCertgenRBAC: the self-signed overlay gives certgen its own
// ServiceAccount; it may create Secrets (create cannot be limited by name)
// but read or update only the webhook's, and patch only the two webhook
// configurations. The controller's permissions are the base's, unchanged.
func TestCertgenRBAC(t *testing.T) {
	docs := render(t, manifestsDir("overlays", "self-signed"))
	requireNoWildcards(t, docs)
	cluster, namespaced := boundRules(t, docs, "apisix-ingress-certgen")
	require.Equal(t, grants{
		"admissionregistration.k8s.io/validatingwebhookconfigurations": {"get@apisix-ingress", "patch@apisix-ingress"},
		"admissionregistration.k8s.io/mutatingwebhookconfigurations":   {"get@apisix-ingress", "patch@apisix-ingress"},
	}, collect(cluster))
	require.Equal(t, grants{
		"/secrets": {"create", "get@apisix-ingress-webhook-tls", "update@apisix-ingress-webhook-tls"},
	}, collect(namespaced))

	base := render(t, manifestsDir("base"))
	c1, n1 := boundRules(t, base, "apisix-ingress")
	c2, n2 := boundRules(t, docs, "apisix-ingress")
	require.Equal(t, collect(c1), collect(c2))
	require.Equal(t, collect(n1), collect(n2))
	c3, n3 := boundRules(t, render(t, manifestsDir("overlays", "cert-manager")), "apisix-ingress")
	require.Equal(t, collect(c1), collect(c3))
	require.Equal(t, collect(n1), collect(n3))
}
