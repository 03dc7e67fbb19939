#!/usr/bin/env bash
# Compares the translator benchmarks of two commits measured in the same
# minutes: builds each commit's translator test binary, runs them in turn
# ROUNDS times (-benchtime 30x, or $BENCHTIME; one core) and prints each benchmark's runs
# in cpu-ms/op, sorted, and its memory per op. Each benchmark runs in a
# process of its own: the first benchmark of a process pays for growing
# the heap (page faults), which would otherwise weigh on whichever comes
# first.
#
#   bash hack/bench-translator-ab.sh [BASE [HEAD [ROUNDS]]]   (default: HEAD~1 HEAD 6)
#
# With ANCHOR set to a test binary of the APISIX ingress controller's
# translator package holding BenchmarkAnchor* benchmarks (built outside
# this repository, see BENCHMARKS.md), each round runs it too, from its
# package directory (ANCHOR_DIR), as "anchor".
set -euo pipefail
base=${1:-HEAD~1} head=${2:-HEAD} rounds=${3:-6} benchtime=${BENCHTIME:-30x}
root=$(git rev-parse --show-toplevel)
tmp=$(mktemp -d)
trap 'git -C "$root" worktree remove --force "$tmp/wt" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
for rev in "$base" "$head"; do
	name=$(git -C "$root" rev-parse --short "$rev")
	git -C "$root" worktree add --detach "$tmp/wt" "$rev" >/dev/null 2>&1
	(cd "$tmp/wt" && go test -c -o "$tmp/$name.test" ./translator)
	git -C "$root" worktree remove --force "$tmp/wt"
	echo "$name" >>"$tmp/names"
done
cd "$root/translator"
ours='^BenchmarkTranslateIngresses$ ^BenchmarkTranslateApisixRoutes$/^shared-port$ ^BenchmarkTranslateApisixRoutes$/^two-ports$'
theirs='^BenchmarkAnchorTranslateIngresses$/^mix$ ^BenchmarkAnchorTranslateIngresses$/^five-each$
	^BenchmarkAnchorTranslateApisixRoutes$/^shared-port$ ^BenchmarkAnchorTranslateApisixRoutes$/^two-ports$'
for _ in $(seq "$rounds"); do
	while read -r name; do
		for bench in $ours; do
			"$tmp/$name.test" -test.run '^$' -test.bench "$bench" \
				-test.benchmem -test.cpu 1 -test.benchtime "$benchtime" | awk -v n="$name" '/^Benchmark/ {print $1, n, $5, $7}'
		done
	done <"$tmp/names"
	if [ -n "${ANCHOR:-}" ]; then
		for bench in $theirs; do
			(cd "${ANCHOR_DIR:-.}" && "$ANCHOR" -test.run '^$' -test.bench "$bench" \
				-test.benchmem -test.cpu 1 -test.benchtime "$benchtime") | awk '/^Benchmark/ {print $1, "anchor", $5, $7}'
		done
	fi
done | sort -k1,1 -k2,2 -k3,3n | awk '
	{ key = $1 " " $2; runs[key] = runs[key] " " $3; mem[key] = $4 }
	END { for (k in runs) printf "%-45s cpu-ms/op:%s  (%.1f MB/op)\n", k, runs[k], mem[k] / 1e6 }' | sort
