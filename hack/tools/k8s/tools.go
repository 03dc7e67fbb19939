//go:build tools

// Package tools pins the test control plane binaries (kube-apiserver, etcd) that
// hack/k8s-bins.sh builds from the Go module proxy.
package tools

import (
	_ "go.etcd.io/etcd/server/v3"
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
