package apisixrt

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"

	yaml "go.yaml.in/yaml/v3"
)

// Listen makes the instance's proxy accept plain HTTP on every address of
// httpAddrs and HTTPS on every address of httpsAddrs ("ip:port"; ports
// below 1024 need root), besides its own 127.0.0.1 listeners. It adds them
// to apisix.node_listen and apisix.ssl.listen of DIR/conf/config.yaml, runs
// `apisix-runtime reload DIR` (which re-renders nginx.conf and sends HUP),
// and returns once every new address accepts connections. Addresses already
// listed are kept, so calling it again only adds.
func (in *Instance) Listen(ctx context.Context, httpAddrs, httpsAddrs []string) error {
	path := filepath.Join(in.Dir, "conf", "config.yaml")
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if len(doc.Content) != 1 {
		return fmt.Errorf("%s: not a YAML document", path)
	}
	apisixNode := mapValue(doc.Content[0], "apisix")
	if apisixNode == nil {
		return fmt.Errorf("%s: no apisix: section", path)
	}
	if err := addListeners(mapValue(apisixNode, "node_listen"), httpAddrs); err != nil {
		return fmt.Errorf("%s: apisix.node_listen: %w", path, err)
	}
	ssl := mapValue(apisixNode, "ssl")
	if ssl == nil {
		return fmt.Errorf("%s: no apisix.ssl: section", path)
	}
	if err := addListeners(mapValue(ssl, "listen"), httpsAddrs); err != nil {
		return fmt.Errorf("%s: apisix.ssl.listen: %w", path, err)
	}
	var out bytes.Buffer
	enc := yaml.NewEncoder(&out)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return err
	}
	if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
		return err
	}
	if b, err := exec.CommandContext(ctx, in.launcher, "reload", in.Dir).CombinedOutput(); err != nil {
		return fmt.Errorf("apisix-runtime reload: %w\n%s\nerror.log:\n%s", err, tail(string(b), 20), in.ErrorLogTail(20))
	}
	return waitListening(ctx, append(append([]string(nil), httpAddrs...), httpsAddrs...))
}

// addListeners appends {ip, port} entries for addrs missing from seq.
func addListeners(seq *yaml.Node, addrs []string) error {
	if seq == nil || seq.Kind != yaml.SequenceNode {
		return fmt.Errorf("not a list")
	}
	have := map[string]bool{}
	for _, e := range seq.Content {
		ip, port := mapValue(e, "ip"), mapValue(e, "port")
		if ip != nil && port != nil {
			have[net.JoinHostPort(ip.Value, port.Value)] = true
		}
	}
	for _, a := range addrs {
		host, port, err := net.SplitHostPort(a)
		if err != nil || net.ParseIP(host) == nil {
			return fmt.Errorf("%q: want ip:port", a)
		}
		if _, err := strconv.ParseUint(port, 10, 16); err != nil {
			return fmt.Errorf("%q: bad port", a)
		}
		if have[a] {
			continue
		}
		have[a] = true
		seq.Content = append(seq.Content, &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: []*yaml.Node{
			{Kind: yaml.ScalarNode, Tag: "!!str", Value: "ip"}, {Kind: yaml.ScalarNode, Tag: "!!str", Value: host},
			{Kind: yaml.ScalarNode, Tag: "!!str", Value: "port"}, {Kind: yaml.ScalarNode, Tag: "!!int", Value: port},
		}})
	}
	return nil
}

// mapValue is the value of key in a YAML mapping node (nil when absent).
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

// waitListening waits (up to 15 s) until every address accepts a TCP
// connection.
func waitListening(ctx context.Context, addrs []string) error {
	deadline := time.Now().Add(15 * time.Second)
	d := net.Dialer{Timeout: time.Second}
	for _, a := range addrs {
		for {
			c, err := d.DialContext(ctx, "tcp", a)
			if err == nil {
				_ = c.Close()
				break
			}
			if time.Now().After(deadline) || ctx.Err() != nil {
				return fmt.Errorf("APISIX does not accept connections on %s after reload: %v", a, err)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	return nil
}
