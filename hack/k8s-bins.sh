#!/usr/bin/env bash
# Builds the test control plane (kube-apiserver, etcd) from the Go module proxy.
#
# The binaries are cached outside the tree, keyed by the pinned versions, so a
# fresh clone on the same machine reuses them; a fresh machine builds them once
# (about 4 minutes on 2 cores). Prints the directory that holds them.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
tools="$root/hack/tools/k8s"
k8s_version="$(awk '$1=="k8s.io/kubernetes" && $2 ~ /^v/ {print $2; exit}' "$tools/go.mod")"
etcd_version="$(awk '$1=="go.etcd.io/etcd/server/v3" && $2 ~ /^v/ {print $2; exit}' "$tools/go.mod")"
cache="${APISIX_INGRESS_K8S_BINS:-${XDG_CACHE_HOME:-$HOME/.cache}/apisix-ingress/k8s-${k8s_version}-etcd-${etcd_version}}"
mkdir -p "$cache"

minor="$(echo "$k8s_version" | cut -d. -f2)"
if [[ ! -x "$cache/kube-apiserver" ]]; then
  echo "building kube-apiserver $k8s_version into $cache (about 3.5 minutes the first time)" >&2
  (cd "$tools" && CGO_ENABLED=0 go build -trimpath -o "$cache/kube-apiserver.tmp" \
    -ldflags "-s -w -X k8s.io/component-base/version.gitVersion=${k8s_version} -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=${minor}" \
    k8s.io/kubernetes/cmd/kube-apiserver)
  mv "$cache/kube-apiserver.tmp" "$cache/kube-apiserver"
fi
if [[ ! -x "$cache/etcd" ]]; then
  echo "building etcd $etcd_version into $cache" >&2
  (cd "$tools" && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$cache/etcd.tmp" go.etcd.io/etcd/server/v3)
  mv "$cache/etcd.tmp" "$cache/etcd"
fi
if ! command -v kubectl >/dev/null 2>&1 && [[ ! -x "$cache/kubectl" ]]; then
  echo "building kubectl $k8s_version into $cache" >&2
  (cd "$tools" && CGO_ENABLED=0 go build -trimpath -o "$cache/kubectl.tmp" \
    -ldflags "-s -w -X k8s.io/component-base/version.gitVersion=${k8s_version} -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=${minor}" \
    k8s.io/kubernetes/cmd/kubectl)
  mv "$cache/kubectl.tmp" "$cache/kubectl"
fi
echo "$cache"
