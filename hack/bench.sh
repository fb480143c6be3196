#!/usr/bin/env bash
# Copyright 2026 The Kubernetes Authors.
#
# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
# You may obtain a copy of the License at
#
#     http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.

# bench.sh runs the benchmark suite (issue 16) in one go and writes _output/bench/report.md,
# report.json and charts/*.png with hack/benchreport: write-through latency against its floor,
# fan-out on loopback and over a simulated WAN, throughput with CPU per object, memory at
# scale and after a restart, steady-state writes, reconvergence after a member outage, and the
# older benchmarks (status aggregation, capacity sums, member discovery).
#
# BENCH_QUICK=1 runs the same benchmarks at smaller sizes (about ten minutes on 2 cores), for
# development; its aims are scaled to the sizes run. Each benchmark starts its own control
# planes; one that fails is reported and the others still run; the exit code is non-zero if any
# failed. The raw `go test` output is _output/bench/bench.txt.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT="$ROOT/_output/bench"
GO=${GO:-go}
cd "$ROOT"

if [[ "${BENCH_QUICK:-}" == 1 ]]; then
  SIZES=(-bench-rounds=2 -bench-objects=1000 -bench-fanout=1,4 -bench-throughput-objects=500)
  WRITES=20x
else
  SIZES=(-bench-rounds=5 -bench-objects=10000 -bench-fanout=1,4,10 -bench-throughput-objects=2000)
  WRITES=30x
fi

# name-regexp benchtime timeout: every benchmark of the suite, in the report's order; the
# quick run leaves out the older benchmarks no aim of the suite reads (status aggregation,
# the 10,000-pod capacity sum, member discovery).
SUITE=(
  "BenchmarkWriteThrough $WRITES 60m"
  "BenchmarkFanOut $WRITES 60m"
  "BenchmarkThroughput 1x 30m"
  "BenchmarkAtScale 1x 60m"
  "BenchmarkConvergence 1x 60m"
)
if [[ "${BENCH_QUICK:-}" != 1 ]]; then
  SUITE+=(
    "BenchmarkStatusAggregation(Throughput|Rollout) 1x 30m"
    "BenchmarkAllocated 10x 30m"
    "BenchmarkKindDiscovery 200x 10m"
  )
fi

rm -rf "$OUT"
mkdir -p "$OUT"
cat /proc/loadavg >"$OUT/loadavg-before" 2>/dev/null || true
failed=()
# Ctrl-C reaches the running benchmark (it stops its control planes and exits); stop the
# suite too rather than going on to the next benchmark.
trap 'echo "interrupted: the suite stops here" >&2; exit 130' INT
for entry in "${SUITE[@]}"; do
  read -r name benchtime timeout <<<"$entry"
  echo "=== $name (-benchtime=$benchtime ${SIZES[*]})"
  if ! "$GO" test -run '^$' -bench "^$name\$" -benchtime="$benchtime" -count=1 -timeout "$timeout" \
      ./test/integration/ -args -bench-dir="$OUT" "${SIZES[@]}" 2>&1 | tee -a "$OUT/bench.txt"; then
    failed+=("$name")
  fi
done
cat /proc/loadavg >"$OUT/loadavg-after" 2>/dev/null || true

echo
"$GO" run ./hack/benchreport -dir "$OUT" -sizes "${SIZES[*]}" || failed+=(benchreport)
if ((${#failed[@]})); then
  echo "failed: ${failed[*]}" >&2
  exit 1
fi
