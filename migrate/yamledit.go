package migrate

import (
	"bytes"
	"fmt"
	"strings"

	yaml "go.yaml.in/yaml/v3"
)

// editIngressYAML rewrites one Ingress document in place: the plan's
// annotation keys and values, the legacy class annotation removed, and
// spec.ingressClassName set. Everything else, comments and key order
// included, is kept: byte for byte where editInPlace can edit the text
// (parsed is the document as manifestio parsed it, or nil), else by
// re-encoding the edited nodes.
func editIngressYAML(raw []byte, parsed *yaml.Node, plan *annotationPlan, class string) ([]byte, error) {
	if out, ok := editInPlace(raw, parsed, plan, class); ok {
		return out, nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		return nil, err
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("not a YAML mapping")
	}
	if parsed == nil {
		if out, ok := editInPlace(raw, &doc, plan, class); ok {
			return out, nil
		}
	}
	editIngressNodes(doc.Content[0], plan, class)
	indent, compact := layout(raw)
	return encodeYAML(&doc, indent, compact)
}

// editIngressNodes applies the plan's annotation edits and sets
// spec.ingressClassName on the Ingress mapping root.
func editIngressNodes(root *yaml.Node, plan *annotationPlan, class string) {
	if meta := mapValue(root, "metadata"); meta != nil {
		if ann := mapValue(meta, "annotations"); ann != nil && ann.Kind == yaml.MappingNode {
			editAnnotations(ann, plan)
			if len(ann.Content) == 0 {
				mapDelete(meta, "annotations")
			}
		}
	}
	spec := mapValue(root, "spec")
	if spec == nil || spec.Kind != yaml.MappingNode {
		spec = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		root.Content = append(root.Content, strNode("spec"), spec)
	}
	if v := mapValue(spec, "ingressClassName"); v != nil {
		setStr(v, class)
	} else {
		spec.Content = append([]*yaml.Node{strNode("ingressClassName"), strNode(class)}, spec.Content...)
	}
}

// layout guesses how a document is indented: the indentation of its first
// nested line, and whether sequences sit at their key's indentation
// ("compact", as kubectl writes them) or one level deeper.
func layout(raw []byte) (indent int, compact bool) {
	indent, compact = 2, false
	prev := ""
	foundIndent, foundSeq := false, false
	for _, line := range bytes.Split(raw, []byte("\n")) {
		l := string(line)
		t := strings.TrimLeft(l, " ")
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		n := len(l) - len(t)
		pt := strings.TrimLeft(prev, " ")
		pn := len(prev) - len(pt)
		if !foundIndent && n > pn && strings.HasSuffix(strings.TrimSpace(prev), ":") && !strings.HasPrefix(t, "- ") {
			indent, foundIndent = n-pn, true
		}
		if !foundSeq && strings.HasPrefix(t, "- ") && strings.HasSuffix(strings.TrimSpace(prev), ":") {
			compact, foundSeq = n == pn, true
		}
		if foundIndent && foundSeq {
			break
		}
		prev = l
	}
	if indent < 2 || indent > 8 {
		indent = 2
	}
	return indent, compact
}

func editAnnotations(ann *yaml.Node, plan *annotationPlan) {
	out := ann.Content[:0]
	for i := 0; i+1 < len(ann.Content); i += 2 {
		k, v := ann.Content[i], ann.Content[i+1]
		if k.Value == legacyClassAnnotation {
			continue
		}
		if rw, ok := plan.set[k.Value]; ok {
			if rw.key == "" {
				continue
			}
			k.Value = rw.key
			setStr(v, rw.value)
		}
		out = append(out, k, v)
	}
	ann.Content = out
}

// mapValue returns the value of key in a mapping node.
func mapValue(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func mapDelete(m *yaml.Node, key string) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			m.Content = append(m.Content[:i], m.Content[i+2:]...)
			return
		}
	}
}

// setStr makes n the string scalar v; a quoted style is kept, and the
// encoder quotes a plain value that would otherwise read as another type.
func setStr(n *yaml.Node, v string) {
	n.Kind, n.Tag, n.Value = yaml.ScalarNode, "!!str", v
	if n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		n.Style = 0
	}
}

func strNode(v string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v}
}

func encodeYAML(n *yaml.Node, indent int, compact bool) ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(indent)
	if compact {
		enc.CompactSeqIndent()
	}
	if err := enc.Encode(n); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
