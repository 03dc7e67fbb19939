package manifestio

import (
	"strings"

	yamlv3 "go.yaml.in/yaml/v3"
)

// nodeHead reads apiVersion, kind and metadata's name and namespace from a
// document that nodeJSON converted, as json.Unmarshal would into Head;
// false when it cannot say the same (a field that is not a string, or a
// key that differs from a field only in case, which json matches too).
func nodeHead(doc *yamlv3.Node, h *Head) bool {
	var meta *yamlv3.Node
	ok := headFields(doc.Content[0], []string{"apiVersion", "kind", "metadata"}, []*string{&h.APIVersion, &h.Kind, nil}, &meta)
	if ok && meta != nil {
		ok = headFields(meta, []string{"name", "namespace"}, []*string{&h.Metadata.Name, &h.Metadata.Namespace}, nil)
	}
	if !ok {
		*h = Head{}
	}
	return ok
}

// headFields sets dst[i] to the string value of key names[i] of mapping m;
// a nil dst[i] names the mapping to return in *sub.
func headFields(m *yamlv3.Node, names []string, dst []*string, sub **yamlv3.Node) bool {
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i].Value, m.Content[i+1]
		for j, name := range names {
			if !strings.EqualFold(k, name) {
				continue
			}
			t, _ := plainType(v)
			switch {
			case k != name:
				return false
			case v.Kind == yamlv3.ScalarNode && t == typeNull:
			case dst[j] == nil && v.Kind == yamlv3.MappingNode:
				*sub = v
			case dst[j] != nil && v.Kind == yamlv3.ScalarNode && t == typeString:
				*dst[j] = v.Value
			default:
				return false
			}
		}
	}
	return true
}
