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

package main

import (
	"fmt"
	"io"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// section is one benchmark's table in report.md: its result lines grouped by name (rounds
// folded), with a column per name part and per unit listed.
type section struct {
	title string
	base  string
	units []string
	about string
}

// sections are the detailed tables, in the order; every other benchmark is listed
// after them unit by unit.
var sections = []section{
	{areaLatency, benchWriteThrough, []string{"p50-ms", "p95-ms", "p99-ms"},
		"Medians over rounds. direct: a ConfigMap written straight to the member; direct-apply: the member write fcp makes, alone; " +
			"direct-dryrun-apply: the pre-flight's member part (dry run, then the write), alone; writethrough members=0: fcp's own part (stored, status written) placed on no member."},
	{areaFanOut, benchFanOut, []string{"p50-ms", "p95-ms", "p99-ms", "rtt-ms", "round-trips", "member-requests/op"},
		"rtt-ms is the round trip the proxy adds between fcp and each member (0 on loopback); round-trips are the sequential member round trips the operation needs; member-requests/op is what the members' apiserver_request_total counted per operation."},
	{areaThroughput, benchThroughput, nil, "16 clients, a fixed count per path; CPU milliseconds per object by process, read from /proc."},
}

// writeMarkdown writes report.md.
func writeMarkdown(w io.Writer, r report, rs results) {
	m, figs, charts := r.Machine, r.Aims, r.Charts
	fmt.Fprintf(w, "# Benchmark report\n\n")
	if m.Ran != "" {
		fmt.Fprintf(w, "Ran %s", m.Ran)
	} else {
		fmt.Fprintf(w, "Reported %s", m.Date)
	}
	fmt.Fprintf(w, " on %d cores", m.Cores)
	if m.CPU != "" {
		fmt.Fprintf(w, " (%s)", m.CPU)
	}
	if m.MemoryGiB > 0 {
		fmt.Fprintf(w, ", %.1f GiB", m.MemoryGiB)
	}
	fmt.Fprintf(w, ", %s, %s.", m.OS, m.Go)
	if m.LoadBefore != "" || m.LoadAfter != "" {
		fmt.Fprintf(w, " Load average (1, 5, 15 min) before: %s; after: %s.", m.LoadBefore, m.LoadAfter)
	}
	if m.Sizes != "" {
		fmt.Fprintf(w, " Sizes: `%s`.", m.Sizes)
	}
	fmt.Fprintf(w, "\nReproduce with `make bench` (`BENCH_QUICK=1 make bench` for smaller sizes). Every aim is a ratio to what the same run measured.\n\n")

	if len(r.Failed) > 0 {
		fmt.Fprintf(w, "**Failed, so missing from this report: %s.** See bench.txt.\n\n", strings.Join(r.Failed, ", "))
	}
	fmt.Fprintf(w, "## Aims\n\n| Area | Figure | Measured | Against | Ratio | Aim | Met |\n|---|---|---|---|---|---|---|\n")
	for _, f := range figs {
		met := "yes"
		if !f.Met {
			met = "**no**"
		}
		fmt.Fprintf(w, "| %s | %s | %s %s | %s | %.2f | %s | %s |\n", f.Area, f.Name, num(f.Value), f.Unit, f.ReferenceName, f.Ratio, f.aim(), met)
	}
	if len(figs) == 0 {
		fmt.Fprintf(w, "| | no benchmark the aims read ran | | | | | |\n")
	}

	if len(charts) > 0 {
		fmt.Fprintf(w, "\n## Charts\n\n")
		for _, c := range charts {
			fmt.Fprintf(w, "![%s](%s)\n\n*%s*\n\n", c.Caption, c.File, c.Caption)
		}
	}

	if len(r.Profiles) > 0 {
		fmt.Fprintf(w, "## Profiles\n\nRead with `go tool pprof -top <file>`:")
		for _, p := range r.Profiles {
			fmt.Fprintf(w, " [%s](%s)", filepath.Base(p), p)
		}
		fmt.Fprintf(w, "\n\n")
	}

	done := map[string]bool{}
	for _, s := range sections {
		done[s.base] = true
		if g := rs.pick(s.base).group(); len(g) > 0 {
			fmt.Fprintf(w, "\n## %s (%s)\n\n%s\n\n", s.title, s.base, s.about)
			partsTable(w, g, s.units)
		}
	}
	var rest []grouped
	for _, g := range rs.group() {
		if !done[baseOf(g.Name)] {
			rest = append(rest, g)
		}
	}
	if len(rest) > 0 {
		fmt.Fprintf(w, "\n## Every other benchmark (medians over runs)\n")
		for _, g := range rest {
			fmt.Fprintf(w, "\n### %s (runs: %d)\n\n| unit | value | meaning |\n|---|---|---|\n", g.Name, g.Runs)
			for _, unit := range orderedUnits(g.Metrics) {
				fmt.Fprintf(w, "| %s | %s | %s |\n", unit, num(g.Metrics[unit]), meanings[unit])
			}
		}
	}
}

// partsTable writes one row per grouped name: its parts, then the units (all reported units
// but the testing package's when units is nil).
func partsTable(w io.Writer, g []grouped, units []string) {
	var keys []string
	seen := map[string]bool{}
	for _, x := range g {
		for _, kv := range strings.Split(x.Name, "/")[1:] {
			if k, _, ok := strings.Cut(kv, "="); ok && !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	if units == nil {
		set := map[string]bool{}
		for _, x := range g {
			for u := range x.Metrics {
				if !testingUnits[u] {
					set[u] = true
				}
			}
		}
		units = slices.Sorted(maps.Keys(set))
	}
	fmt.Fprintf(w, "| %s | %s |\n|%s\n", strings.Join(keys, " | "), strings.Join(units, " | "), strings.Repeat("---|", len(keys)+len(units)))
	for _, x := range g {
		parts := map[string]string{}
		for _, kv := range strings.Split(x.Name, "/")[1:] {
			k, v, _ := strings.Cut(kv, "=")
			parts[k] = v
		}
		row := make([]string, 0, len(keys)+len(units))
		for _, k := range keys {
			row = append(row, parts[k])
		}
		for _, u := range units {
			if v, ok := x.Metrics[u]; ok {
				row = append(row, num(v))
			} else {
				row = append(row, "")
			}
		}
		fmt.Fprintf(w, "| %s |\n", strings.Join(row, " | "))
	}
}

// testingUnits are the units the testing package reports for every benchmark; the report's
// tables leave them out unless a benchmark's section names them.
var testingUnits = map[string]bool{"ns/op": true, "B/op": true, "allocs/op": true}

// orderedUnits lists a benchmark's units: those with a meaning first, in meanings' order of
// the report, then the rest sorted, the testing package's last.
func orderedUnits(m map[string]float64) []string {
	return slices.SortedFunc(maps.Keys(m), func(a, b string) int {
		ka, kb := unitRank(a), unitRank(b)
		if ka != kb {
			return ka - kb
		}
		return strings.Compare(a, b)
	})
}

func unitRank(u string) int {
	switch {
	case testingUnits[u]:
		return 2
	case meanings[u] != "":
		return 0
	default:
		return 1
	}
}

func baseOf(name string) string {
	base, _, _ := strings.Cut(name, "/")
	return base
}

// num prints a figure with the precision its size deserves.
func num(v float64) string {
	switch {
	case v == 0:
		return "0"
	case v >= 1000 || v <= -1000:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case v >= 10 || v <= -10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	default:
		return strconv.FormatFloat(v, 'f', 2, 64)
	}
}

// meanings explain the units of the benchmarks without a section of their own.
var meanings = map[string]string{
	"changes/s":                             "member status changes absorbed per second: first member write until every federated status shows the last",
	"offered-changes/s":                     "member status changes the writers made per second; when far above changes/s, the controller was the bottleneck",
	"s-behind-writers":                      "seconds from the last member write until the last federated status showed it",
	"status-writes":                         "writes to the federated objects in one burst (resourceVersion changes a watch saw)",
	"writes/change":                         "federated status writes per member status change; below 1, the controller batched changes",
	"conflicts":                             "status writes fcp refused as stale (409) in one burst",
	"s/rollout":                             "seconds from the image update until the object is Ready at the new generation",
	"writes/rollout":                        "writes to the federated object during the rollout, the update's own included",
	"status-writes/rollout":                 "of those, the ones after the update returned: the controller's status writes",
	"member-changes/rollout":                "status changes of the member Deployments, both members, in the same time",
	"writes/member-change":                  "status-writes/rollout over member-changes/rollout; below 1, the controller batched changes",
	"s-to-converge":                         "seconds from the member's return until every object is Propagated and the member holds it",
	"objects/s":                             "objects per second",
	"objects":                               "objects the benchmark held",
	"steady-writes":                         "writes anywhere (fcp, host, members) with no user churn",
	"steady-window-s":                       "seconds the steady-state writes were counted over",
	"etcd-db-MiB":                           "fcp's etcd database file after the load",
	"create-objects/s":                      "the load phase's create rate",
	"apiserver-idle-rss-MiB":                "fcp apiserver RSS with the members registered and nothing else",
	"apiserver-loaded-rss-MiB":              "fcp apiserver RSS holding the objects",
	"apiserver-restarted-rss-MiB":           "fcp apiserver RSS after a restart with the same data",
	"apiserver-idle-heap-MiB":               "fcp apiserver Go heap in use (after a GC) at idle",
	"apiserver-loaded-heap-MiB":             "fcp apiserver Go heap in use (after a GC) holding the objects",
	"apiserver-restarted-heap-MiB":          "fcp apiserver Go heap in use (after a GC) after the restart",
	"controller-manager-idle-rss-MiB":       "controller-manager RSS with the members registered and nothing else",
	"controller-manager-loaded-rss-MiB":     "controller-manager RSS holding the objects",
	"controller-manager-restarted-rss-MiB":  "controller-manager RSS after a restart with the same data",
	"controller-manager-idle-heap-MiB":      "controller-manager Go heap in use (after a GC) at idle",
	"controller-manager-loaded-heap-MiB":    "controller-manager Go heap in use (after a GC) holding the objects",
	"controller-manager-restarted-heap-MiB": "controller-manager Go heap in use (after a GC) after the restart",
}
