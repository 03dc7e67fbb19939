// Package install_test checks the kustomize manifests: both overlays apply
// (server-side dry run) to a real kube-apiserver with cert-manager's CRDs
// installed, the RBAC is least-privilege, the webhook configurations and the
// Deployment have the properties docs/install.md promises, the cert-manager
// objects are the ones certs.NewCertManagerObjects builds, and a certificate
// near expiry is renewed and served without a restart.
package install_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"

	"github.com/apisix-ingress/apisix-ingress/internal/manifestio"
	"github.com/apisix-ingress/apisix-ingress/internal/testutil"
	"github.com/apisix-ingress/apisix-ingress/tests/testenv"
)

var (
	update = flag.Bool("update", false, "rewrite manifests/overlays/cert-manager/certificates.yaml from certs.NewCertManagerObjects")
	env    *testenv.Env
)

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := certManagerCRDs()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	testenv.Main(m, &env, testenv.Options{ExtraCRDPaths: []string{
		filepath.Join(dir, "cert-manager.io_issuers.yaml"),
		filepath.Join(dir, "cert-manager.io_certificates.yaml"),
	}})
}

// certManagerCRDs is the directory of cert-manager's CRDs in the module
// cache: plain YAML, no templating, shipped with the module go.mod pins.
func certManagerCRDs() (string, error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/cert-manager/cert-manager").Output()
	if err != nil {
		return "", fmt.Errorf("locating cert-manager in the module cache: %w", err)
	}
	return filepath.Join(string(bytes.TrimSpace(out)), "deploy", "crds"), nil
}

func manifestsDir(parts ...string) string {
	return filepath.Join(append([]string{testutil.ModuleRoot(), "manifests"}, parts...)...)
}

// render returns the documents `kubectl kustomize` builds from dir.
func render(t *testing.T, dir string) []manifestio.Document {
	t.Helper()
	res := env.RunKubectl(context.Background(), nil, "kustomize", dir)
	require.Equal(t, 0, res.ExitCode, res.Stderr)
	docs, err := manifestio.Read(dir, bytes.NewReader([]byte(res.Stdout)))
	require.NoError(t, err)
	return docs
}

// object decodes the one document of kind and name into out.
func object(t *testing.T, docs []manifestio.Document, kind, name string, out any) {
	t.Helper()
	for _, d := range docs {
		if d.Head.Kind == kind && d.Head.Metadata.Name == name {
			require.NoError(t, yaml.UnmarshalStrict(d.Raw, out), "%s %s", kind, name)
			return
		}
	}
	t.Fatalf("no %s %s in the rendered manifests", kind, name)
}

func ofKind(docs []manifestio.Document, kind string) []manifestio.Document {
	var out []manifestio.Document
	for _, d := range docs {
		if d.Head.Kind == kind {
			out = append(out, d)
		}
	}
	return out
}
