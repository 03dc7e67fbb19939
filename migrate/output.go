package migrate

import (
	"bytes"
	"path/filepath"
	"strings"
)

// File is one file of the rewritten manifests.
type File struct {
	// Path is relative to the output directory.
	Path string
	Data []byte
}

// Files lays the outputs out as files: each input file keeps its path
// relative to the root (a file or directory argument) it was found under,
// stdin becomes stdin.yaml, and objects listed from a cluster are written
// to <namespace>.yaml, only those that change. Documents are separated by
// "---" and keep their order.
func Files(outs []Output, roots []string) []File {
	var files []File
	index := map[string]int{}
	add := func(path string, doc []byte) {
		i, ok := index[path]
		if !ok {
			i = len(files)
			index[path] = i
			files = append(files, File{Path: path})
		}
		f := &files[i]
		if len(f.Data) > 0 {
			f.Data = append(f.Data, "---\n"...)
		}
		f.Data = append(f.Data, bytes.TrimRight(doc, "\n")...)
		f.Data = append(f.Data, '\n')
	}
	for _, o := range outs {
		if FromCluster(o.Doc) {
			if !o.Changed() {
				continue
			}
			ns := o.Doc.Head.Metadata.Namespace
			if ns == "" {
				ns = "cluster"
			}
			for _, d := range o.Docs {
				add(ns+".yaml", d)
			}
			continue
		}
		p := relPath(o.Doc.Path, roots)
		if !o.Changed() {
			add(p, o.Doc.Raw)
			continue
		}
		for _, d := range o.Docs {
			add(p, d)
		}
	}
	return files
}

// relPath is a document's path relative to the root it was found under.
func relPath(p string, roots []string) string {
	if p == "-" {
		return "stdin.yaml"
	}
	for _, r := range roots {
		r = filepath.Clean(r)
		c := filepath.Clean(p)
		if c == r {
			return filepath.Base(c)
		}
		if rel, err := filepath.Rel(r, c); err == nil && !strings.HasPrefix(rel, "..") {
			return rel
		}
	}
	return filepath.Base(p)
}
