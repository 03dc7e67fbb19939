package annotations

import (
	"fmt"
	"go/ast"
	goparser "go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestOnlyThisPackageReadsAnnotationKeys fails when product code outside
// this package names an annotation key: a string literal holding an
// ingress-nginx or canonical key, or one of the class keys Kubernetes
// defines, or a key built from NginxPrefix or APISIXPrefix. Such code must
// ask a function of this package instead (Parse, IsCanary, LegacyClass,
// Ours, ...), so each key is read with the table's semantics in one place.
// Building the field path of an error (FieldPath(NginxPrefix+"x")) is not a
// read. Test files, and the test-support packages under tests/ and
// internal/testutil, which write annotations into test inputs, may name keys.
func TestOnlyThisPackageReadsAnnotationKeys(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	here, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	skip := map[string]bool{
		here:                         true,
		filepath.Join(root, "tests"): true,
		filepath.Join(root, "internal", "testutil"): true,
	}
	keys := []string{NginxPrefix, APISIXPrefix, LegacyClassKey, DefaultClassKey}
	var found []string
	fset := token.NewFileSet()
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if skip[path] || strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "vendor" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := goparser.ParseFile(fset, path, nil, goparser.SkipObjectResolution)
		if err != nil {
			return err
		}
		found = append(found, keyReads(fset, f, keys)...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range found {
		t.Errorf("%s: read the annotation through translator/annotations instead", f)
	}
}

// keyReads returns the positions of the key literals and prefix uses of f.
func keyReads(fset *token.FileSet, f *ast.File, keys []string) []string {
	var out []string
	ast.Inspect(f, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.ImportSpec:
			return false
		case *ast.CallExpr:
			if sel, ok := x.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "FieldPath" {
				if id, ok := sel.X.(*ast.Ident); ok && id.Name == "annotations" {
					return false // an error's field path, not a read
				}
			}
		case *ast.SelectorExpr:
			if x.Sel.Name == "NginxPrefix" || x.Sel.Name == "APISIXPrefix" {
				out = append(out, fmt.Sprintf("%s: %s", fset.Position(x.Pos()), x.Sel.Name))
			}
		case *ast.BasicLit:
			if x.Kind != token.STRING {
				return true
			}
			v, err := strconv.Unquote(x.Value)
			if err != nil {
				return true
			}
			for _, k := range keys {
				if strings.Contains(v, k) {
					out = append(out, fmt.Sprintf("%s: %q", fset.Position(x.Pos()), v))
					break
				}
			}
		}
		return true
	})
	return out
}
