// Package manifestio reads Kubernetes manifests: multi-document YAML from
// files, directories (recursive) or a reader, keeping each document's source
// file and line for error messages.
package manifestio

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"sigs.k8s.io/yaml"
)

// Document is one YAML document of a manifest file.
type Document struct {
	Path string // file it came from ("-" for stdin)
	Line int    // 1-based line of the document's first line
	Raw  []byte // the document's YAML
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
		files, err := listFiles(p)
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

func listFiles(p string) ([]string, error) {
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
		if err := yaml.Unmarshal(d.Raw, &d.Head); err != nil {
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
