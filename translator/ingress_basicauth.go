package translator

import (
	"fmt"
	"sort"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/translator/annotations"
)

// basicAuth translates auth-type basic with auth-secret: the Secret's user
// becomes an APISIX consumer with basic-auth credentials, and the Ingress's
// routes require basic-auth and, through consumer-restriction, accept only
// the consumers of that Secret (APISIX consumers are global; without the
// restriction any consumer of the cluster could log in).
//
// APISIX compares plain passwords, so the Secret must be of type
// kubernetes.io/basic-auth (keys username and password). An htpasswd file or
// user-to-hash map holds hashes that cannot be turned back into passwords:
// that is an error naming the Secret and the fix.
//
// Consumers are keyed by the Secret and user, so Ingresses sharing a Secret
// share its consumer (emitted once, owned by the first Ingress).
func (b *ingressBuilder) basicAuth() (restrict []string, ok bool) {
	ba := b.p.cfg.BasicAuth
	if ba.Type == "" {
		if ba.Secret != nil {
			b.e.warn(annotations.FieldPath(annotations.NginxPrefix+"auth-secret"), "auth-secret without auth-type basic does nothing")
		}
		return nil, true
	}
	secretPath := annotations.FieldPath(annotations.NginxPrefix + "auth-secret")
	if ba.Secret == nil {
		b.e.err(field.Required(secretPath, "auth-type basic needs auth-secret, a kubernetes.io/basic-auth Secret"))
		return nil, false
	}
	ns := ba.Secret.Namespace
	if ns == "" {
		ns = b.p.ing.Namespace
	}
	if ns != b.p.ing.Namespace {
		b.e.err(field.Forbidden(secretPath, "the Secret must be in the Ingress's namespace"))
		return nil, false
	}
	sec, found := b.t.secret(ns, ba.Secret.Name)
	if !found {
		if !b.t.opts.SkipSecretContents {
			b.e.err(field.NotFound(secretPath, fmt.Sprintf("Secret %s/%s", ns, ba.Secret.Name)))
		}
		// Still require authentication: until the Secret exists nobody gets in.
		return []string{}, true
	}
	if sec.Type != corev1.SecretTypeBasicAuth {
		b.e.err(field.Invalid(secretPath, ba.Secret.Name, fmt.Sprintf(
			"Secret %s/%s has type %s: APISIX needs plain passwords, which htpasswd hashes cannot give; create a kubernetes.io/basic-auth Secret (kubectl create secret generic NAME --type=kubernetes.io/basic-auth --from-literal=username=U --from-literal=password=P)",
			ns, ba.Secret.Name, secretTypeName(sec.Type))))
		return nil, false
	}
	if b.t.opts.SkipSecretContents {
		return []string{}, true
	}
	user, pass := string(sec.Data[corev1.BasicAuthUsernameKey]), string(sec.Data[corev1.BasicAuthPasswordKey])
	if user == "" || pass == "" {
		b.e.err(field.Invalid(secretPath, ba.Secret.Name, fmt.Sprintf("Secret %s/%s must hold username and password", ns, ba.Secret.Name)))
		return nil, false
	}
	username := consumerName("ba", ns, ba.Secret.Name, user)
	if !b.t.emittedConsumers[username] {
		if b.t.emittedConsumers == nil {
			b.t.emittedConsumers = map[string]bool{}
		}
		b.t.emittedConsumers[username] = true
		c := &apisix.Consumer{
			Username: username,
			Desc:     fmt.Sprintf("user %s of Secret %s/%s", user, ns, ba.Secret.Name),
			Labels:   b.e.labels,
		}
		setPlugin(&c.Plugins, "basic-auth", &apisix.BasicAuthConsumer{Username: user, Password: pass})
		b.e.add(c)
	}
	return []string{username}, true
}

// consumerName is a deterministic APISIX consumer username
// (^[a-zA-Z0-9_]+$ and short) for a credential source.
func consumerName(tag string, parts ...string) string {
	id := makeID(tag, "c", parts...)
	out := []byte(id)
	for i, c := range out {
		if c == '-' {
			out[i] = '_'
		}
	}
	return string(out)
}

func secretTypeName(t corev1.SecretType) string {
	if t == "" {
		return "Opaque"
	}
	return string(t)
}

// basicAuthPlugins adds basic-auth and consumer-restriction to a plugin map.
func basicAuthPlugins(ps *apisix.Plugins, realm string, consumers []string) {
	ba := &apisix.BasicAuth{Realm: realm}
	setPlugin(ps, "basic-auth", ba)
	list := append([]string(nil), consumers...)
	sort.Strings(list)
	if len(list) == 0 {
		// No valid user yet: reject everyone rather than admit anyone.
		list = []string{"nobody"}
	}
	setPlugin(ps, "consumer-restriction", map[string]any{"type": "consumer_name", "whitelist": list, "rejected_code": 401})
}
