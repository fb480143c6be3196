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

// Command benchreport turns `make bench` output into the ratios the write-through is judged
// by: each scenario's median p50 and p95 against a direct create on one member, the floor
// made of the write-through's parts measured alone, and the fan-out to 2 and 4 members. It
// then prints the cost of status aggregation (BenchmarkStatusAggregation*), each metric
// with what it means, and the other benchmarks' lines as they are.
//
//	go run ./hack/benchreport _output/bench.txt
package main

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
)

// scenario is one sub-benchmark: BenchmarkWriteThrough/path=<path>/members=<members>.
type scenario struct {
	path    string
	members int
}

func (s scenario) String() string { return fmt.Sprintf("%s/members=%d", s.path, s.members) }

// results holds, per scenario, every run's value of each reported metric.
type results map[scenario]map[string][]float64

// parse reads benchmark output: BenchmarkWriteThrough's scenarios into results, and the
// lines of other benchmarks, which the report prints as they are.
func parse(r io.Reader) (results, []string, error) {
	out := results{}
	var other []string
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 4 || !strings.HasPrefix(fields[0], "Benchmark") {
			continue
		}
		s, ok := parseName(fields[0])
		if !ok {
			other = append(other, sc.Text())
			continue
		}
		if out[s] == nil {
			out[s] = map[string][]float64{}
		}
		// fields[1] is the iteration count; then value/unit pairs.
		for i := 2; i+1 < len(fields); i += 2 {
			v, err := strconv.ParseFloat(fields[i], 64)
			if err != nil {
				return nil, nil, fmt.Errorf("%q: %w", sc.Text(), err)
			}
			out[s][fields[i+1]] = append(out[s][fields[i+1]], v)
		}
	}
	return out, other, sc.Err()
}

// parseName reads BenchmarkWriteThrough/round=R/path=P/members=N-<procs>; rounds are
// repetitions of the same scenario.
func parseName(name string) (scenario, bool) {
	rest, ok := strings.CutPrefix(name, "BenchmarkWriteThrough/")
	if !ok {
		return scenario{}, false
	}
	if strings.HasPrefix(rest, "round=") {
		_, rest, _ = strings.Cut(rest, "/")
	}
	if rest, ok = strings.CutPrefix(rest, "path="); !ok {
		return scenario{}, false
	}
	path, members, ok := strings.Cut(rest, "/members=")
	if !ok {
		return scenario{}, false
	}
	if i := strings.LastIndex(members, "-"); i >= 0 {
		members = members[:i]
	}
	n, err := strconv.Atoi(members)
	if err != nil {
		return scenario{}, false
	}
	return scenario{path: path, members: n}, true
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(v))
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func (r results) p50(s scenario) float64 { return median(r[s]["p50-ms"]) }
func (r results) p95(s scenario) float64 { return median(r[s]["p95-ms"]) }

var (
	direct      = scenario{"direct", 1}
	directApply = scenario{"direct-apply", 1}
	fcpOnly     = scenario{"writethrough", 0}
	writeThru   = scenario{"writethrough", 1}
)

func report(w io.Writer, r results, other []string) {
	status, other := parseStatus(other)
	if len(r) > 0 || len(status.names) == 0 {
		reportWriteThrough(w, r)
	}
	if len(status.names) > 0 {
		if len(r) > 0 {
			fmt.Fprintln(w)
		}
		reportStatus(w, status)
	}
	if len(other) > 0 {
		fmt.Fprintln(w)
		for _, l := range other {
			fmt.Fprintln(w, l)
		}
	}
}

// reportWriteThrough prints BenchmarkWriteThrough's ratios.
func reportWriteThrough(w io.Writer, r results) {
	if _, ok := r[direct]; !ok {
		fmt.Fprintln(w, "no path=direct/members=1 results: nothing to compare against")
		return
	}
	rounds := len(r[direct]["p50-ms"])
	fmt.Fprintf(w, "Write-through against a direct create on one member: medians of %d rounds, ratios to %s\n", rounds, direct)
	fmt.Fprintf(w, "%-36s %8s %8s %7s %7s\n", "scenario", "p50 ms", "p95 ms", "p50 ×", "p95 ×")
	var single []scenario
	for s := range r {
		if s.members <= 1 {
			single = append(single, s)
		}
	}
	slices.SortFunc(single, func(a, b scenario) int { return cmp.Compare(r.p50(a), r.p50(b)) })
	for _, s := range single {
		fmt.Fprintf(w, "%-36s %8.2f %8.2f %7.2f %7.2f\n", s, r.p50(s), r.p95(s), r.p50(s)/r.p50(direct), r.p95(s)/r.p95(direct))
	}
	if _, ok := r[directApply]; ok {
		if _, ok := r[fcpOnly]; ok {
			floor := r.p50(fcpOnly) + r.p50(directApply)
			fmt.Fprintf(w, "floor of %s = %s + %s: %.2f ms = %.2f× direct; measured %.2f× the floor\n",
				writeThru, fcpOnly, directApply, floor, floor/r.p50(direct), r.p50(writeThru)/floor)
		}
	}

	fmt.Fprintf(w, "\nFan-out: p50 ms, and the ratio to 1 member on the same path\n")
	paths := map[string]bool{}
	for s := range r {
		if s.members > 1 {
			paths[s.path] = true
		}
	}
	for _, p := range slices.Sorted(maps.Keys(paths)) {
		one := scenario{p, 1}
		line := fmt.Sprintf("%-24s 1: %6.2f", p, r.p50(one))
		for _, n := range []int{2, 4} {
			if s := (scenario{p, n}); r[s] != nil {
				line += fmt.Sprintf("   %d: %6.2f (%.2f×)", n, r.p50(s), r.p50(s)/r.p50(one))
			}
		}
		fmt.Fprintln(w, line)
	}
}

func main() {
	in := io.Reader(os.Stdin)
	if len(os.Args) > 1 {
		f, err := os.Open(os.Args[1])
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		defer f.Close()
		in = f
	}
	r, other, err := parse(in)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	report(os.Stdout, r, other)
}
