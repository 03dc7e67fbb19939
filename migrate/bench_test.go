package migrate_test

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/apisix-ingress/apisix-ingress/internal/testutil"
	"github.com/apisix-ingress/apisix-ingress/migrate"
)

// benchAnnotations are the annotation sets the benchmark Ingresses cycle
// through: common combinations from the examples.
func benchAnnotations() []string {
	return []string{
		`    nginx.ingress.kubernetes.io/proxy-body-size: "8m"`,
		`    nginx.ingress.kubernetes.io/proxy-read-timeout: "120"
    nginx.ingress.kubernetes.io/proxy-send-timeout: "120"`,
		`    nginx.ingress.kubernetes.io/enable-cors: "true"
    nginx.ingress.kubernetes.io/cors-allow-origin: "https://app.example.com"`,
		`    nginx.ingress.kubernetes.io/limit-rps: "20"
    nginx.ingress.kubernetes.io/whitelist-source-range: "10.0.0.0/8"`,
		`    nginx.ingress.kubernetes.io/affinity: cookie
    nginx.ingress.kubernetes.io/session-cookie-name: SESSION`,
		`    nginx.ingress.kubernetes.io/backend-protocol: "HTTPS"
    nginx.ingress.kubernetes.io/ssl-redirect: "false"`,
		`    nginx.ingress.kubernetes.io/auth-url: "https://auth.example.com/check"`,
		`    nginx.ingress.kubernetes.io/configuration-snippet: |
      more_set_headers "X-Frame-Options: DENY";`,
	}
}

// benchManifests is n Ingresses (3 Prefix paths, TLS, one of the
// annotation sets) with their Services, as one multi-document stream.
func benchManifests(n, first int) []byte {
	var b bytes.Buffer
	sets := benchAnnotations()
	for i := first; i < first+n; i++ {
		ns, name := fmt.Sprintf("team-%d", i%50), fmt.Sprintf("app-%d", i)
		fmt.Fprintf(&b, `apiVersion: v1
kind: Service
metadata:
  name: %[2]s
  namespace: %[1]s
spec:
  ports:
  - port: 80
    targetPort: 8080
---
# app %[2]s
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: %[2]s
  namespace: %[1]s
  annotations:
%[3]s
spec:
  ingressClassName: nginx
  tls:
  - hosts:
    - %[2]s.example.com
    secretName: %[2]s-tls
  rules:
  - host: %[2]s.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: %[2]s
            port:
              number: 80
      - path: /api
        pathType: Prefix
        backend:
          service:
            name: %[2]s
            port:
              number: 80
      - path: /static
        pathType: Prefix
        backend:
          service:
            name: %[2]s
            port:
              number: 80
---
`, ns, name, sets[i%len(sets)])
	}
	return b.Bytes()
}

// benchFiles writes the benchmark manifests as a repository would hold
// them: 100 files of 100 Ingresses.
func benchFiles(b *testing.B) string {
	dir := b.TempDir()
	per := benchN() / 100
	for f := 0; f < 100; f++ {
		raw := benchManifests(per, f*per)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("team-%03d.yaml", f)), raw, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return dir
}

// BenchmarkMigrate10k migrates 10,000 Ingresses (and their 10,000
// Services) end to end: read and split the files, decode, translate,
// classify, rewrite every Ingress, lay out the output files and write the
// text report. It reports cpu-ms/op too, which stays comparable on a busy
// machine.
//
//	go test ./migrate -run XXX -bench Migrate10k -benchtime 3x
func BenchmarkMigrate10k(b *testing.B) {
	for _, mode := range []migrate.Mode{migrate.ModeIngress, migrate.ModeCRD} {
		b.Run(string(mode), func(b *testing.B) {
			dir := benchFiles(b)
			b.ReportAllocs()
			b.ResetTimer()
			start := testutil.ProcessCPU()
			defer testutil.ReportCPU(b, start)
			for i := 0; i < b.N; i++ {
				docs, err := migrate.ReadPaths([]string{dir}, nil)
				if err != nil {
					b.Fatal(err)
				}
				res, err := migrate.Run(docs, migrate.Options{Mode: mode})
				if err != nil {
					b.Fatal(err)
				}
				if res.Report.Totals.Ingresses != benchN() {
					b.Fatalf("ingresses: %d", res.Report.Totals.Ingresses)
				}
				_ = migrate.Files(res.Outputs, []string{dir})
				if err := res.Report.Write(io.Discard, migrate.FormatText); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// benchN is the number of Ingresses of BenchmarkMigrate10k.
func benchN() int { return 10000 }
