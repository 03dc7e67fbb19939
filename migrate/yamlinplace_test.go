package migrate

import (
	"testing"

	"github.com/stretchr/testify/require"
	yaml "go.yaml.in/yaml/v3"
)

// TestEditInPlaceKeepsBytes pins an in-place edit: renamed and dropped
// annotations, the class set, and every other byte (indentation, comments,
// quoting) kept.
func TestEditInPlaceKeepsBytes(t *testing.T) {
	in := `# keep me
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
    name: a   # trailing
    annotations:
        kubernetes.io/ingress.class: nginx
        nginx.ingress.kubernetes.io/backend-protocol: 'HTTPS'  # scheme
        other: "x"
spec:
    # rules first
    rules:
        -   host: a.example.com
`
	want := `# keep me
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
    name: a   # trailing
    annotations:
        k8s.apisix.apache.org/upstream-scheme: 'https'  # scheme
        other: "x"
spec:
    ingressClassName: apisix
    # rules first
    rules:
        -   host: a.example.com
`
	p := newPlan(map[string]string{"nginx.ingress.kubernetes.io/backend-protocol": "HTTPS"})
	got, err := editIngressYAML([]byte(in), nil, p, "apisix")
	require.NoError(t, err)
	require.Equal(t, want, string(got))
}

// TestEditInPlaceMatchesReencoding checks that editing in place gives the
// same YAML value as re-encoding, and falls back where it must.
func TestEditInPlaceMatchesReencoding(t *testing.T) {
	ann := map[string]string{
		"nginx.ingress.kubernetes.io/backend-protocol": "HTTPS",
		"nginx.ingress.kubernetes.io/proxy-body-size":  "8m",
		"kubernetes.io/ingress.class":                  "nginx",
	}
	cases := map[string]string{
		"all dropped":          "metadata:\n  annotations:\n    kubernetes.io/ingress.class: nginx\nspec:\n  ingressClassName: nginx\n",
		"last line":            "spec:\n  rules: []\nmetadata:\n  name: x\n  annotations:\n    kubernetes.io/ingress.class: nginx\n    a: b\n    kubernetes.io/ingress.class: nginx",
		"class added":          "metadata:\n  annotations:\n    nginx.ingress.kubernetes.io/backend-protocol: HTTPS\nspec:\n  rules:\n  - host: x\n",
		"quoted class":         "spec:\n  ingressClassName: \"nginx\"\n  rules: []\n",
		"null class":           "spec:\n  ingressClassName:\n  rules: []\n",
		"flow":                 "metadata: {annotations: {kubernetes.io/ingress.class: nginx}}\nspec: {rules: []}\n",
		"no spec":              "metadata:\n  name: x\n",
		"multi-line":           "metadata:\n  annotations:\n    kubernetes.io/ingress.class: ngi\n      nx\n    a: b\nspec:\n  rules: []\n",
		"value below":          "metadata:\n  annotations:\n    kubernetes.io/ingress.class:\n      nginx\n    a: b\nspec:\n  rules: []\n",
		"untouched multi-line": "metadata:\n  annotations:\n    nginx.ingress.kubernetes.io/proxy-body-size: 8m\n      more\nspec:\n  rules: []\n",
		"block value":          "metadata:\n  annotations:\n    nginx.ingress.kubernetes.io/backend-protocol: |\n      HTTPS\nspec:\n  rules: []\n",
		"quoted key":           "metadata:\n  annotations:\n    \"nginx.ingress.kubernetes.io/backend-protocol\": \"HTTPS\"\nspec:\n  rules: []\n",
		"unicode":              "metadata:\n  annotations:\n    é: \"ü\"\n    nginx.ingress.kubernetes.io/backend-protocol: \"HTTPS\"\nspec:\n  x: 1\n",
	}
	fallback := map[string]bool{"all dropped": true, "null class": true, "flow": true, "no spec": true, "multi-line": true, "block value": true, "value below": true}
	for name, in := range cases {
		t.Run(name, func(t *testing.T) {
			p := newPlan(ann)
			got, err := editIngressYAML([]byte(in), nil, p, "apisix")
			require.NoError(t, err)
			var doc yaml.Node
			require.NoError(t, yaml.Unmarshal([]byte(in), &doc))
			_, inPlace := editInPlace([]byte(in), &doc, p, "apisix")
			require.Equal(t, !fallback[name], inPlace, "edited in place")
			reenc := reencoded(t, []byte(in), p)
			var a, b any
			require.NoError(t, yaml.Unmarshal(got, &a), "%s", got)
			require.NoError(t, yaml.Unmarshal(reenc, &b))
			require.Equal(t, b, a, "in place:\n%s\nre-encoded:\n%s", got, reenc)
		})
	}
}

// reencoded is editIngressYAML without the in-place path.
func reencoded(t *testing.T, raw []byte, p *annotationPlan) []byte {
	t.Helper()
	var doc yaml.Node
	require.NoError(t, yaml.Unmarshal(raw, &doc))
	editIngressNodes(doc.Content[0], p, "apisix")
	out, err := encodeYAML(&doc, 2, false)
	require.NoError(t, err)
	return out
}
