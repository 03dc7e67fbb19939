// Package manifestio reads Kubernetes manifests: multi-document YAML from
// files, directories (recursive) or a reader, keeping each document's source
// file and line for error messages.
package manifestio

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	yamlv3 "go.yaml.in/yaml/v3"
	"sigs.k8s.io/yaml"
)

// Document is one YAML document of a manifest file.
type Document struct {
	Path string // file it came from ("-" for stdin)
	Line int    // 1-based line of the document's first line
	Raw  []byte // the document's YAML
	// JSON is the document converted to JSON once, for decoders.
	JSON []byte
	// Node is the document parsed by yaml.v3, with the line and column of
	// every node, for editing Raw in place; nil when yaml.v3 cannot parse
	// it (yaml.v2, which JSON comes from, may).
	Node *yamlv3.Node
	// Head is the document's apiVersion, kind, namespace and name, when present.
	Head Head
}

// Head identifies a Kubernetes object.
type Head struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Metadata   struct {
		Name      string `json:"name"`
		Namespace string `json:"namespace"`
	} `json:"metadata"`
}

// ReadPaths reads every .yaml, .yml and .json file under the given paths,
// in lexical order; "-" reads stdin.
func ReadPaths(paths []string, stdin io.Reader) ([]Document, error) {
	var docs []Document
	for _, p := range paths {
		if p == "-" {
			d, err := Read("-", stdin)
			if err != nil {
				return nil, err
			}
			docs = append(docs, d...)
			continue
		}
		files, err := ListFiles(p)
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			fh, err := os.Open(f)
			if err != nil {
				return nil, err
			}
			d, err := Read(f, fh)
			fh.Close()
			if err != nil {
				return nil, err
			}
			docs = append(docs, d...)
		}
	}
	return docs, nil
}

// ListFiles lists the .yaml, .yml and .json files under p (recursively),
// sorted; a file path is returned as is.
func ListFiles(p string) ([]string, error) {
	st, err := os.Stat(p)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return []string{p}, nil
	}
	var files []string
	err = filepath.WalkDir(p, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		switch strings.ToLower(filepath.Ext(path)) {
		case ".yaml", ".yml", ".json":
			files = append(files, path)
		}
		return nil
	})
	sort.Strings(files)
	return files, err
}

// Read splits a multi-document YAML stream. Empty documents are skipped.
func Read(path string, r io.Reader) ([]Document, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	var docs []Document
	var cur bytes.Buffer
	start, line := 1, 0
	flush := func() error {
		raw := bytes.TrimSpace(cur.Bytes())
		cur.Reset()
		if len(stripComments(raw)) == 0 {
			return nil
		}
		d := Document{Path: path, Line: start, Raw: append([]byte(nil), raw...)}
		if err := d.parse(); err != nil {
			return fmt.Errorf("%s:%d: %w", path, start, err)
		}
		docs = append(docs, d)
		return nil
	}
	for sc.Scan() {
		line++
		text := sc.Text()
		if strings.HasPrefix(text, "---") && strings.TrimSpace(strings.TrimPrefix(text, "---")) == "" {
			if err := flush(); err != nil {
				return nil, err
			}
			start = line + 1
			continue
		}
		if cur.Len() == 0 && strings.TrimSpace(text) == "" {
			start = line + 1
			continue
		}
		cur.WriteString(text)
		cur.WriteByte('\n')
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return docs, nil
}

func stripComments(b []byte) []byte {
	var out []byte
	for _, l := range bytes.Split(b, []byte("\n")) {
		t := bytes.TrimSpace(l)
		if len(t) == 0 || t[0] == '#' {
			continue
		}
		out = append(out, t...)
	}
	return out
}

// parse sets the document's Node, JSON and Head. It parses the YAML once:
// JSON is written from the parsed nodes where that gives the same value as
// sigs.k8s.io/yaml.YAMLToJSON, which converts the others (and words the
// errors).
func (d *Document) parse() error {
	var n yamlv3.Node
	if err := yamlv3.Unmarshal(d.Raw, &n); err == nil {
		d.Node = &n
		if js, ok := nodeJSON(&n); ok && nodeHead(&n, &d.Head) {
			d.JSON = js
			return nil
		}
	}
	js, err := yaml.YAMLToJSON(d.Raw)
	if err != nil {
		return err
	}
	d.JSON = js
	if len(js) > 0 && js[0] == '{' {
		return json.Unmarshal(d.JSON, &d.Head)
	}
	return nil
}
