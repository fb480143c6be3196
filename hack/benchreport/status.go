/*
Copyright 2026 The Kubernetes Authors.

Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.
You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software
distributed under the License is distributed on an "AS IS" BASIS,
WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
See the License for the specific language governing permissions and
limitations under the License.
*/

package main

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// statusPrefix starts the names of the status aggregation benchmarks.
const statusPrefix = "BenchmarkStatusAggregation"

// statusMetrics are the units the status aggregation benchmarks report, in the order the
// report prints them, each with what it means.
var statusMetrics = []struct{ unit, means string }{
	{"changes/s", "member status changes absorbed per second: first member write until every federated status shows the last"},
	{"offered-changes/s", "member status changes the writers made per second; far above changes/s, the controller was the bottleneck"},
	{"s-behind-writers", "seconds from the last member write until the last federated status showed it"},
	{"status-writes", "writes to the federated objects in one burst (resourceVersion changes a watch saw)"},
	{"writes/change", "federated status writes per member status change; below 1, the controller batched changes"},
	{"conflicts", "status writes fcp refused as stale (409) in one burst"},
	{"s/rollout", "seconds from the image update until the object is Ready at the new generation"},
	{"writes/rollout", "writes to the federated object during the rollout, the update's own included"},
	{"status-writes/rollout", "of those, the ones after the update returned: the controller's status writes"},
	{"member-changes/rollout", "status changes of the member Deployments, both members, in the same time"},
	{"writes/member-change", "status-writes/rollout over member-changes/rollout; below 1, the controller batched changes"},
}

// ignoredUnits are the units every benchmark reports that say nothing about aggregation.
var ignoredUnits = map[string]bool{"ns/op": true, "B/op": true, "allocs/op": true}

// statusResults holds, per status aggregation benchmark (named without its -<procs>
// suffix), every run's value of each reported metric.
type statusResults struct {
	// names are the benchmarks in the order they first appear.
	names   []string
	metrics map[string]map[string][]float64
}

// parseStatus takes the status aggregation benchmarks' lines out of lines, which are
// benchmark result lines, and returns the rest as they were.
func parseStatus(lines []string) (statusResults, []string) {
	out := statusResults{metrics: map[string]map[string][]float64{}}
	var rest []string
	for _, line := range lines {
		fields := strings.Fields(line)
		if !strings.HasPrefix(fields[0], statusPrefix) {
			rest = append(rest, line)
			continue
		}
		name := trimProcs(fields[0])
		if out.metrics[name] == nil {
			out.names = append(out.names, name)
			out.metrics[name] = map[string][]float64{}
		}
		// fields[1] is the iteration count; then value/unit pairs.
		for i := 2; i+1 < len(fields); i += 2 {
			if v, err := strconv.ParseFloat(fields[i], 64); err == nil && !ignoredUnits[fields[i+1]] {
				out.metrics[name][fields[i+1]] = append(out.metrics[name][fields[i+1]], v)
			}
		}
	}
	return out, rest
}

// trimProcs drops the -<GOMAXPROCS> suffix go test adds to benchmark names.
func trimProcs(name string) string {
	i := strings.LastIndex(name, "-")
	if i < 0 {
		return name
	}
	if _, err := strconv.Atoi(name[i+1:]); err != nil {
		return name
	}
	return name[:i]
}

// reportStatus prints each status aggregation benchmark's medians, known units first and
// explained.
func reportStatus(w io.Writer, s statusResults) {
	fmt.Fprintln(w, "Status aggregation: medians over runs (one burst or rollout per run)")
	for _, name := range s.names {
		m := s.metrics[name]
		runs := 0
		for _, v := range m {
			runs = max(runs, len(v))
		}
		fmt.Fprintf(w, "%s (runs: %d)\n", strings.TrimPrefix(name, "Benchmark"), runs)
		known := map[string]bool{}
		for _, sm := range statusMetrics {
			known[sm.unit] = true
			if v, ok := m[sm.unit]; ok {
				fmt.Fprintf(w, "  %-24s %10.2f  %s\n", sm.unit, median(v), sm.means)
			}
		}
		for _, unit := range slices.Sorted(maps.Keys(m)) {
			if !known[unit] {
				fmt.Fprintf(w, "  %-24s %10.2f\n", unit, median(m[unit]))
			}
		}
	}
}
