package annotations

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/apisix-ingress/apisix-ingress/internal/testutil"
)

// TestDocsAreFresh fails when docs/annotations.md differs from the table;
// regenerate it with: go run ./hack/gen-annotations-doc > docs/annotations.md
func TestDocsAreFresh(t *testing.T) {
	path := filepath.Join(testutil.ModuleRoot(), "docs", "annotations.md")
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v; generate it with: go run ./hack/gen-annotations-doc > docs/annotations.md", err)
	}
	if !bytes.Equal(got, Markdown()) {
		t.Fatal("docs/annotations.md is stale; regenerate it with: go run ./hack/gen-annotations-doc > docs/annotations.md")
	}
}

func TestMarkdownIsDeterministic(t *testing.T) {
	first := Markdown()
	for i := 0; i < 5; i++ {
		if !bytes.Equal(first, Markdown()) {
			t.Fatal("Markdown output changes between calls")
		}
	}
}
