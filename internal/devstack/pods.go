package devstack

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"sort"
	"strings"

	discoveryv1 "k8s.io/api/discovery/v1"
	"k8s.io/apimachinery/pkg/runtime/serializer"

	"github.com/apisix-ingress/apisix-ingress/controller"
	"github.com/apisix-ingress/apisix-ingress/examples"
	"github.com/apisix-ingress/apisix-ingress/internal/echo"
	"github.com/apisix-ingress/apisix-ingress/internal/manifestio"
	"github.com/apisix-ingress/apisix-ingress/internal/podnet"
)

// demoServices is the demo file whose EndpointSlices name the pods.
const demoServices = "demo/01-web.yaml"

// Pods are echo servers (internal/echo) standing in for the pods of the
// demo's EndpointSlices, so that requests through a real APISIX reach
// something. Each answers with what it received and its name (X-Backend):
// the Service's name and the endpoint's index, e.g. web-0.
type Pods struct {
	servers []*echo.Server
	// port maps an EndpointSlice's name to the port its pods listen on:
	// the port written in the file unless that was taken (another dev
	// running), then a free one shared by the slice's pods.
	port map[string]int32
}

// startPods starts a server at every endpoint address of the demo's
// EndpointSlices, after making the pod range local.
func startPods() (_ *Pods, err error) {
	if err := podnet.Ensure(); err != nil {
		return nil, err
	}
	slices, err := demoSlices()
	if err != nil {
		return nil, err
	}
	p := &Pods{port: map[string]int32{}}
	defer func() {
		if err != nil {
			p.Close()
		}
	}()
	for _, es := range slices {
		if len(es.Ports) != 1 || es.Ports[0].Port == nil {
			return nil, fmt.Errorf("%s: EndpointSlice %s: want one port", demoServices, es.Name)
		}
		servers, err := startSlice(es, *es.Ports[0].Port)
		if err != nil {
			// Taken: the same addresses on a free port shared by the slice.
			servers, err = startSlice(es, 0)
		}
		if err != nil {
			return nil, err
		}
		p.servers = append(p.servers, servers...)
		p.port[es.Name] = servers[0].Port
	}
	return p, nil
}

// startSlice starts the pods of one EndpointSlice on port (0: the first
// gets a free port and the others share it).
func startSlice(es *discoveryv1.EndpointSlice, port int32) ([]*echo.Server, error) {
	svc := es.Labels[discoveryv1.LabelServiceName]
	var out []*echo.Server
	for i, ep := range es.Endpoints {
		if len(ep.Addresses) != 1 || net.ParseIP(ep.Addresses[0]) == nil {
			return nil, fmt.Errorf("%s: EndpointSlice %s: endpoint %d needs one IP address", demoServices, es.Name, i)
		}
		s, err := echo.StartPort(fmt.Sprintf("%s-%d", svc, i), ep.Addresses[0], port)
		if err != nil {
			for _, o := range out {
				o.Close()
			}
			return nil, err
		}
		port = s.Port
		out = append(out, s)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: EndpointSlice %s has no endpoints", demoServices, es.Name)
	}
	return out, nil
}

// demoSlices decodes the EndpointSlices of the demo's Services file.
func demoSlices() ([]*discoveryv1.EndpointSlice, error) {
	raw, err := examples.Demo.ReadFile(demoServices)
	if err != nil {
		return nil, err
	}
	docs, err := manifestio.Read(demoServices, bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	dec := serializer.NewCodecFactory(controller.NewScheme()).UniversalDeserializer()
	var out []*discoveryv1.EndpointSlice
	for _, d := range docs {
		obj, _, err := dec.Decode(d.JSON, nil, nil)
		if err != nil {
			return nil, err
		}
		if es, ok := obj.(*discoveryv1.EndpointSlice); ok {
			out = append(out, es)
		}
	}
	if len(out) == 0 {
		return nil, errors.New(demoServices + " has no EndpointSlices")
	}
	return out, nil
}

// rewrite points a demo EndpointSlice at the port its pods listen on.
func (p *Pods) rewrite(es *discoveryv1.EndpointSlice) {
	if port, ok := p.port[es.Name]; ok && len(es.Ports) == 1 {
		es.Ports[0].Port = &port
	}
}

// Moved reports the slices whose pods are not on the file's port (so
// applying the file by hand would point them at nothing).
func (p *Pods) Moved() []string {
	slices, err := demoSlices()
	if err != nil {
		return nil
	}
	var out []string
	for _, es := range slices {
		if port, ok := p.port[es.Name]; ok && port != *es.Ports[0].Port {
			out = append(out, fmt.Sprintf("%s (port %d instead of %d)", es.Name, port, *es.Ports[0].Port))
		}
	}
	return out
}

// String lists the pods: "web-0 198.19.0.11:8080, ...".
func (p *Pods) String() string {
	var out []string
	for _, s := range p.servers {
		out = append(out, s.Name+" "+s.Addr())
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}

// Close stops the pods.
func (p *Pods) Close() {
	if p == nil {
		return
	}
	for _, s := range p.servers {
		s.Close()
	}
}
