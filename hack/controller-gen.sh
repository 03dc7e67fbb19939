#!/usr/bin/env bash
# Builds the pinned controller-gen from the Go module proxy into the cache
# (skipped when present) and prints its path.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version="$(awk '{for(i=1;i<NF;i++) if ($i=="sigs.k8s.io/controller-tools") {print $(i+1); exit}}' "$root/hack/tools/gen/go.mod")"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/apisix-ingress"
bin="$cache/controller-gen-$version"
if [[ ! -x "$bin" ]]; then
  mkdir -p "$cache"
  (cd "$root/hack/tools/gen" && go build -o "$bin.tmp" sigs.k8s.io/controller-tools/cmd/controller-gen)
  mv "$bin.tmp" "$bin"
fi
echo "$bin"
