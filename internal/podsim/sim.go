// Package podsim stands in for the parts of a cluster that a test API server
// (kube-apiserver and etcd, no kubelet, no kube-controller-manager) lacks,
// enough for suites that create Deployments and expect to reach their Pods,
// such as the Gateway API conformance suite:
//
//   - a Node (node.go) whose kubelet (kubelet.go) serves pods/log;
//   - Deployments become Pods named <deployment>-<10 char hash>-<5 char
//     hash>, bound to that Node (deployments.go); each Pod gets a unique
//     address, an echo-basic server on it (internal/echobasic; podecho.go)
//     and a Running, Ready status (pods.go);
//   - every Service with a selector gets an EndpointSlice of its ready Pods
//     (endpointslices.go);
//   - a deleted Namespace is emptied and finalized (namespaces.go), since no
//     namespace controller does it.
//
// Pod addresses come from PodCIDR, which must be local (internal/podnet
// makes 198.18.0.0/15 local; the API server refuses loopback addresses in
// EndpointSlices). The Sim reconciles by listing from the API server (never a
// cache, so it never acts on a stale view) every Interval.
package podsim

import (
	"context"
	"fmt"
	"io"
	"sync"
	"time"

	"k8s.io/client-go/kubernetes"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/metadata"
	"k8s.io/client-go/rest"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/apisix-ingress/apisix-ingress/internal/echobasic"
)

// DefaultPodCIDR is where Pod addresses come from by default: a block of
// 198.18.0.0/15 that neither tests/e2e (198.18.1.0 upwards), `dev`
// (198.19.0.0/16) nor the Gateway address pool (198.18.250.0/24) use. Its
// first address is the Node's (and its kubelet's).
const DefaultPodCIDR = "198.18.240.0/21"

// DefaultNodeName names the Node the Pods are bound to.
const DefaultNodeName = "podsim-node"

// Options configure a Sim.
type Options struct {
	// PodCIDR is the block Pod addresses come from (default DefaultPodCIDR).
	PodCIDR string
	// NodeName is the Node's name (default DefaultNodeName).
	NodeName string
	// Interval is the reconcile period (default 250ms).
	Interval time.Duration
	// Log receives one line per action (default: discarded).
	Log io.Writer
}

// Sim is a running kubelet and controller stand-in.
type Sim struct {
	opts  Options
	c     client.Client
	cs    kubernetes.Interface
	meta  metadata.Interface
	ips   *pool
	node  string
	kubel *kubelet

	mu   sync.Mutex
	pods map[string]*podState // by Pod UID

	cancel context.CancelFunc
	done   chan struct{}
}

// podState is a Pod the Sim runs.
type podState struct {
	namespace, name string
	ip              string
	echo            *echobasic.Server     // nil for Pods that are not echo-basic
	grpc            *echobasic.GRPCServer // echo-basic with GRPC_ECHO_SERVER set
	log             *echobasic.Log
}

// Start creates the Node and its kubelet, then reconciles until Close.
func Start(ctx context.Context, cfg *rest.Config, opts Options) (*Sim, error) {
	if opts.PodCIDR == "" {
		opts.PodCIDR = DefaultPodCIDR
	}
	if opts.NodeName == "" {
		opts.NodeName = DefaultNodeName
	}
	if opts.Interval == 0 {
		opts.Interval = 250 * time.Millisecond
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	ips, err := newPool(opts.PodCIDR)
	if err != nil {
		return nil, err
	}
	// Deleting every resource of a namespace touches deprecated ones
	// (v1 Endpoints): their warnings are noise here. A pass makes several
	// requests every Interval: client-go's default 5 requests/s would
	// throttle it.
	cfg = rest.CopyConfig(cfg)
	cfg.WarningHandler = rest.NoWarnings{}
	cfg.QPS, cfg.Burst = 200, 400
	c, err := client.New(cfg, client.Options{Scheme: clientgoscheme.Scheme})
	if err != nil {
		return nil, err
	}
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return nil, err
	}
	meta, err := metadata.NewForConfig(cfg)
	if err != nil {
		return nil, err
	}
	s := &Sim{opts: opts, c: c, cs: cs, meta: meta, ips: ips, node: opts.NodeName, pods: map[string]*podState{}, done: make(chan struct{})}
	if s.kubel, err = startKubelet(ips.node, s.podLog); err != nil {
		return nil, err
	}
	if err := s.ensureNode(ctx); err != nil {
		s.kubel.close()
		return nil, err
	}
	lctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	s.cancel = cancel
	go s.loop(lctx)
	return s, nil
}

// Close stops reconciling, the kubelet and every Pod's echo server. Objects
// stay in the API server.
func (s *Sim) Close() {
	if s == nil || s.cancel == nil {
		return
	}
	s.cancel()
	<-s.done
	s.kubel.close()
	s.mu.Lock()
	defer s.mu.Unlock()
	for uid, p := range s.pods {
		p.stop()
		delete(s.pods, uid)
	}
}

func (s *Sim) loop(ctx context.Context) {
	defer close(s.done)
	t := time.NewTicker(s.opts.Interval)
	defer t.Stop()
	for {
		if err := s.Sync(ctx); err != nil && ctx.Err() == nil {
			s.logf("sync: %v", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Sync runs one reconcile pass: Namespaces, Deployments, Pods, then
// EndpointSlices. The loop calls it every Interval; tests may call it to
// avoid waiting.
func (s *Sim) Sync(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.syncNamespaces(ctx); err != nil {
		return fmt.Errorf("namespaces: %w", err)
	}
	if err := s.syncDeployments(ctx); err != nil {
		return fmt.Errorf("deployments: %w", err)
	}
	if err := s.syncPods(ctx); err != nil {
		return fmt.Errorf("pods: %w", err)
	}
	if err := s.syncEndpointSlices(ctx); err != nil {
		return fmt.Errorf("endpointslices: %w", err)
	}
	return nil
}

func (s *Sim) logf(format string, args ...any) {
	fmt.Fprintf(s.opts.Log, "podsim: "+format+"\n", args...)
}
