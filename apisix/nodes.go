package apisix

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"sort"
	"strconv"
)

// Node is one upstream target in APISIX's list form.
type Node struct {
	Host     string         `json:"host"`
	Port     int            `json:"port,omitempty"`
	Weight   int            `json:"weight"`
	Priority int            `json:"priority,omitempty"`
	Metadata map[string]any `json:"metadata,omitempty"`
}

// Nodes is an upstream's node list. It marshals as a JSON array (`[]` when
// empty) and unmarshals from either APISIX form: the array, or the map
// {"host:port": weight} (sorted by key for determinism).
type Nodes []Node

// MarshalJSON implements json.Marshaler.
func (n Nodes) MarshalJSON() ([]byte, error) {
	if n == nil {
		return []byte("[]"), nil
	}
	return json.Marshal([]Node(n))
}

// UnmarshalJSON implements json.Unmarshaler.
func (n *Nodes) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '{' {
		var m map[string]int
		if err := json.Unmarshal(b, &m); err != nil {
			return err
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		out := make(Nodes, 0, len(m))
		for _, k := range keys {
			host, port, err := splitHostPort(k)
			if err != nil {
				return err
			}
			out = append(out, Node{Host: host, Port: port, Weight: m[k]})
		}
		*n = out
		return nil
	}
	var list []Node
	if err := json.Unmarshal(b, &list); err != nil {
		return err
	}
	if list == nil {
		list = []Node{}
	}
	*n = list
	return nil
}

func splitHostPort(s string) (string, int, error) {
	host, p, err := net.SplitHostPort(s)
	if err != nil {
		// "host" without a port is allowed by APISIX's map form.
		return s, 0, nil
	}
	port, err := strconv.Atoi(p)
	if err != nil {
		return "", 0, fmt.Errorf("node %q: bad port: %w", s, err)
	}
	if net.ParseIP(host) != nil && net.ParseIP(host).To4() == nil {
		host = "[" + host + "]"
	}
	return host, port, nil
}
