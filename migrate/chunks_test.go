package migrate_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/apisix-ingress/apisix-ingress/internal/manifestio"
	"github.com/apisix-ingress/apisix-ingress/migrate"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// TestConfigMapsPastTheFirstDecodeChunkAreKept: a run of more than 512
// documents is decoded in chunks; a ConfigMap in a later chunk must still
// resolve an Ingress's custom-headers, so the result does not depend on the
// number of files.
func TestConfigMapsPastTheFirstDecodeChunkAreKept(t *testing.T) {
	var b bytes.Buffer
	b.WriteString(`apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: default
  annotations:
    nginx.ingress.kubernetes.io/custom-headers: default/headers
spec:
  ingressClassName: nginx
  rules:
  - host: web.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: web
            port:
              number: 80
`)
	for i := 0; i < 600; i++ {
		fmt.Fprintf(&b, "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: filler-%d\n  namespace: default\nspec:\n  ports:\n  - port: 80\n", i)
	}
	b.WriteString("---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: default\nspec:\n  ports:\n  - port: 80\n")
	b.WriteString("---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: headers\n  namespace: default\ndata:\n  X-Team: payments\n")
	docs, err := manifestio.Read("all.yaml", &b)
	require.NoError(t, err)
	require.Greater(t, len(docs), 512)
	res, err := migrate.Run(docs, migrate.Options{IncludeUnclassed: true})
	require.NoError(t, err)
	st, ok := res.Expected.StatusOf(translator.ObjectRef{Kind: "Ingress", Namespace: "default", Name: "web"})
	require.True(t, ok)
	require.Empty(t, st.Errors)
}
