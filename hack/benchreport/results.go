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
	"slices"
	"strings"

	"golang.org/x/perf/benchfmt"
)

// result is one benchmark line: BenchmarkFanOut/network=wan/preflight=on/op=create/members=4-2
// has base BenchmarkFanOut and parts network, preflight, op and members.
type result struct {
	base  string
	parts map[string]string
	// name is the full name without its -<GOMAXPROCS> suffix.
	name string
	// values maps each reported unit, as the benchmark spelled it, to its value.
	values map[string]float64
}

// results are every line of one `make bench` run, in the order read.
type results []result

// parse reads Go benchmark output (the format golang.org/x/perf/benchfmt reads, as benchstat
// does) and the machine's configuration lines (goos, goarch, cpu).
func parse(r io.Reader, fileName string) (results, map[string]string, error) {
	var out results
	config := map[string]string{}
	reader := benchfmt.NewReader(r, fileName)
	for reader.Scan() {
		rec, ok := reader.Result().(*benchfmt.Result)
		if !ok {
			// Syntax errors are lines of test logs between results; the format skips them.
			continue
		}
		for _, c := range rec.Config {
			if c.File {
				config[c.Key] = string(c.Value)
			}
		}
		b, rawParts := rec.Name.Parts()
		// The format drops the "Benchmark" every name starts with; the report names
		// benchmarks as `go test -bench` takes them.
		base := "Benchmark" + string(b)
		res := result{base: base, parts: map[string]string{}, name: base, values: map[string]float64{}}
		for _, p := range rawParts {
			part := string(p)
			if !strings.HasPrefix(part, "/") {
				continue // -<GOMAXPROCS>
			}
			res.name += part
			if k, v, ok := strings.Cut(part[1:], "="); ok {
				res.parts[k] = v
			}
		}
		for _, v := range rec.Values {
			unit, value := v.Unit, v.Value
			if v.OrigUnit != "" {
				// benchfmt tidies units (ns/op to sec/op); the report speaks the benchmarks' units.
				unit, value = v.OrigUnit, v.OrigValue
			}
			res.values[unit] = value
		}
		out = append(out, res)
	}
	if err := reader.Err(); err != nil {
		return nil, nil, fmt.Errorf("reading %s: %w", fileName, err)
	}
	return out, config, nil
}

// pick returns the results of benchmark base whose parts hold every key=value pair in kv.
func (rs results) pick(base string, kv ...string) results {
	var out results
next:
	for _, r := range rs {
		if r.base != base {
			continue
		}
		for i := 0; i+1 < len(kv); i += 2 {
			if r.parts[kv[i]] != kv[i+1] {
				continue next
			}
		}
		out = append(out, r)
	}
	return out
}

// median is the median of unit over rs, and whether any result reported it.
func (rs results) median(unit string) (float64, bool) {
	var v []float64
	for _, r := range rs {
		if x, ok := r.values[unit]; ok {
			v = append(v, x)
		}
	}
	if len(v) == 0 {
		return 0, false
	}
	return median(v), true
}

// values lists the distinct values of part key among rs, sorted.
func (rs results) values(key string) []string {
	set := map[string]bool{}
	for _, r := range rs {
		if v, ok := r.parts[key]; ok {
			set[v] = true
		}
	}
	return slices.Sorted(maps.Keys(set))
}

// grouped is one benchmark name's runs: the medians of each unit over the lines that share
// the name once round=<n> is left out, as benchstat -ignore /round does.
type grouped struct {
	Name    string             `json:"name"`
	Runs    int                `json:"runs"`
	Metrics map[string]float64 `json:"metrics"`
}

// group folds rs by name without their round part, in first-seen order.
func (rs results) group() []grouped {
	index := map[string]int{}
	var names []string
	all := map[string]map[string][]float64{}
	runs := map[string]int{}
	for _, r := range rs {
		name := r.name
		if round, ok := r.parts["round"]; ok {
			name = strings.Replace(name, "/round="+round, "", 1)
		}
		if _, ok := index[name]; !ok {
			index[name] = len(names)
			names = append(names, name)
			all[name] = map[string][]float64{}
		}
		runs[name]++
		for u, v := range r.values {
			all[name][u] = append(all[name][u], v)
		}
	}
	out := make([]grouped, 0, len(names))
	for _, n := range names {
		g := grouped{Name: n, Runs: runs[n], Metrics: map[string]float64{}}
		for u, v := range all[n] {
			g.Metrics[u] = median(v)
		}
		out = append(out, g)
	}
	return out
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
