package translator_test

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestTranslatorIsPure enforces the design rule: the translator and its
// annotations package never import a client, the network (net/netip is fine),
// the OS or a random source, and never read the clock, so translation depends
// on its arguments alone.
func TestTranslatorIsPure(t *testing.T) {
	forbidden := []string{
		"net", "net/http", "os", "os/exec", "math/rand", "math/rand/v2", "crypto/rand", "syscall",
		"k8s.io/client-go", "sigs.k8s.io/controller-runtime",
		"github.com/apisix-ingress/apisix-ingress/controller",
		"github.com/apisix-ingress/apisix-ingress/webhook",
	}
	for _, dir := range []string{".", "annotations"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		require.NoError(t, err)
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			src, err := os.ReadFile(f)
			require.NoError(t, err)
			parsed, err := parser.ParseFile(token.NewFileSet(), f, src, parser.ImportsOnly)
			require.NoError(t, err)
			for _, call := range []string{"time.Now(", "time.Since(", "time.Until(", "time.Sleep(", "time.After(", "time.Tick(", "time.NewTimer(", "time.NewTicker("} {
				if strings.Contains(string(src), call) {
					t.Errorf("%s calls %s: the translator must not read a clock", f, call)
				}
			}
			for _, imp := range parsed.Imports {
				path, _ := strconv.Unquote(imp.Path.Value)
				for _, bad := range forbidden {
					if path == bad || (strings.Contains(bad, ".") && strings.HasPrefix(path, bad+"/")) || path == "net/http/httptest" {
						t.Errorf("%s imports %s: the translator must stay pure", f, path)
					}
				}
			}
		}
	}
}
