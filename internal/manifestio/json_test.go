package manifestio

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

// checkSameAsYAMLToJSON asserts that a document read by Read has the JSON
// bytes and Head that sigs.k8s.io/yaml.YAMLToJSON gives.
func checkSameAsYAMLToJSON(t *testing.T, d Document) {
	t.Helper()
	want, err := yaml.YAMLToJSON(d.Raw)
	if err != nil {
		t.Fatalf("%s:%d: %v", d.Path, d.Line, err)
	}
	if string(d.JSON) != string(want) {
		t.Errorf("%s:%d:\n got %s\nwant %s", d.Path, d.Line, d.JSON, want)
	}
	var h Head
	if len(want) > 0 && want[0] == '{' {
		_ = json.Unmarshal(want, &h)
	}
	if h != d.Head {
		t.Errorf("%s:%d: head %+v, want %+v", d.Path, d.Line, d.Head, h)
	}
}

// TestJSONMatchesYAMLToJSON reads every YAML file of the module and
// documents with scalars that YAML 1.1 and 1.2 read differently.
func TestJSONMatchesYAMLToJSON(t *testing.T) {
	root := moduleRoot(t)
	n, direct := 0, 0
	err := filepath.WalkDir(root, func(p string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() || !(strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")) {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		docs, err := Read(p, f)
		if err != nil {
			return nil // malformed on purpose: errors are sigs.k8s.io/yaml's
		}
		for _, d := range docs {
			checkSameAsYAMLToJSON(t, d)
			n++
			if _, ok := nodeJSON(d.Node); ok {
				direct++
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 50 {
		t.Fatalf("only %d documents found under %s", n, root)
	}
	if direct < n*9/10 {
		t.Errorf("only %d of %d documents converted from the parsed nodes", direct, n)
	}
	tricky := `apiVersion: v1
kind: ConfigMap
metadata: {name: x, namespace: "ns"}
data:
  a: yes
  b: No
  c: on
  d: 0x1F
  e: 012
  f: 1.5
  g: 1e3
  h: 2001-12-14
  i: 1:20
  j: ~
  k:
  l: "quoted: yes"
  m: 'single ''q'''
  n: |
    block
    text
  o: >-
    folded
    text
  p: -1
  q: -0
  r: +1
  s: 99999999999999999999
  u: true
  v: False
  w: [1, two, "3", {x: y}]
  x: &a anchored
  y: *a
  z: !!str 12
  "80": port
  on: key
  tab: "a\tb\u00e9\x01\x7f\b\f <>& \u2028 \r \\ \""
  frac: 1.50
  frac2: -0.000001
  frac3: 00.5
  ip: 10.96.1.10
  dur: 500ms
  cidr: 10.0.0.0/8
  ver: 1.2.3
  neg: -5s
  date: 2001-12-14T10:00:00Z
  hexish: 0x1F
  under: 1_000
  uni: "é ✓"
  dup: 1
  y2: y
  list:
  - n
  - - nested
  <<: {merged: 1}
`
	docs, err := Read("tricky.yaml", strings.NewReader(tricky+"---\nkind: Pod\nKind: Other\n---\n- a\n---\nplain\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		checkSameAsYAMLToJSON(t, d)
	}
	// One document per scalar, so that a scalar the direct conversion
	// leaves to sigs.k8s.io/yaml does not hide the others.
	var one strings.Builder
	for _, line := range strings.Split(tricky, "\n") {
		if strings.HasPrefix(line, "  ") && !strings.HasPrefix(line, "   ") && !strings.Contains(line, "*a") {
			one.WriteString("kind: ConfigMap\ndata:\n" + line + "\n---\n")
		}
	}
	docs, err = Read("scalars.yaml", strings.NewReader(one.String()))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		checkSameAsYAMLToJSON(t, d)
	}
}

func moduleRoot(t *testing.T) string {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found")
		}
		dir = parent
	}
}
