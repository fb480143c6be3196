// Copyright 2026 The Kubernetes Authors.
//
// Licensed under the Apache License, Version 2.0 (the "License");
// you may not use this file except in compliance with the License.
// You may obtain a copy of the License at
//
//     http://www.apache.org/licenses/LICENSE-2.0
//
// Unless required by applicable law or agreed to in writing, software
// distributed under the License is distributed on an "AS IS" BASIS,
// WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
// See the License for the specific language governing permissions and
// limitations under the License.

package integration

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"k8s.io/federation/test/benchseries"
)

// The benchmark suite's sizes. `make bench` passes them after -args; BENCH_QUICK=1 passes
// smaller ones. Defaults are the full suite's.
var (
	// benchRounds is how many times BenchmarkWriteThrough runs its scenarios, all of them in
	// each round, so that the machine turning busier or quieter shifts every scenario alike
	// rather than the ones that happened to run last.
	benchRounds = flag.Int("bench-rounds", 5, "rounds of BenchmarkWriteThrough's scenarios")
	// benchObjects is how many FederatedConfigMaps the scale benchmarks (memory, steady
	// state, reconvergence) hold.
	benchObjects = flag.Int("bench-objects", 10000, "FederatedConfigMaps in the memory, steady-state and reconvergence benchmarks")
	// benchFanOut lists the member counts BenchmarkFanOut measures, comma-separated.
	benchFanOut = flag.String("bench-fanout", "1,4,10", "member counts of BenchmarkFanOut, comma-separated")
	// benchThroughputObjects is how many objects BenchmarkThroughput's clients create, per path.
	benchThroughputObjects = flag.Int("bench-throughput-objects", 2000, "objects BenchmarkThroughput creates per path")
	// benchDir is where benchmarks write their raw series (samples/*.json) and profiles
	// (profiles/*.pprof) for hack/benchreport; empty writes none.
	benchDir = flag.String("bench-dir", "", "directory for raw benchmark series and profiles; empty: none")
)

// benchSeries is a raw series a benchmark leaves for the report's charts (see benchseries).
type benchSeries = benchseries.Series

// writeSeries writes s under -bench-dir, replacing an earlier series of the same name;
// without -bench-dir it only checks s. A series that cannot be written fails the benchmark.
func writeSeries(tb testing.TB, s benchSeries) {
	tb.Helper()
	if err := s.Validate(); err != nil {
		tb.Fatal(err)
	}
	if *benchDir == "" {
		return
	}
	if err := benchseries.Write(*benchDir, s); err != nil {
		tb.Fatal(err)
	}
}

// benchProfilePath is where a benchmark saves a profile named name (e.g.
// "convergence-controller-manager-cpu.pprof"): <bench-dir>/profiles/<name>, or "" without
// -bench-dir.
func benchProfilePath(tb testing.TB, name string) string {
	tb.Helper()
	if *benchDir == "" {
		return ""
	}
	dir := filepath.Join(*benchDir, "profiles")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	return filepath.Join(dir, name)
}
