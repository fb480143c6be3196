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

// Command benchreport turns a `make bench` run into _output/bench/report.md, report.json
// and PNG charts: every figure the benchmark suite (issue 16) sets an aim for, held against
// what the same run measured, the machine it ran on, and every other benchmark's medians.
//
//	go run ./hack/benchreport -dir _output/bench -sizes "-bench-objects=10000 ..."
//
// It reads <dir>/bench.txt (Go benchmark output), the raw series the benchmarks wrote under
// <dir>/samples, and the load averages `make bench` saved (<dir>/loadavg-before, -after).
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"k8s.io/federation/test/benchseries"
)

// report is report.json.
type report struct {
	Machine machine `json:"machine"`
	// Failed names the benchmarks that failed (`--- FAIL:` in bench.txt): their figures are
	// missing from the report.
	Failed     []string  `json:"failed,omitempty"`
	Aims       []figure  `json:"aims"`
	Charts     []chart   `json:"charts"`
	Benchmarks []grouped `json:"benchmarks"`
	// Profiles are the pprof files the benchmarks saved, relative to the report.
	Profiles []string `json:"profiles,omitempty"`
}

func main() {
	dir := flag.String("dir", "_output/bench", "directory holding bench.txt and samples/; the report is written there")
	sizes := flag.String("sizes", "", "the suite's sizes, as passed to the benchmarks, for the report's header")
	flag.Parse()
	if err := run(*dir, *sizes, time.Now()); err != nil {
		fmt.Fprintln(os.Stderr, "benchreport:", err)
		os.Exit(1)
	}
}

func run(dir, sizes string, now time.Time) error {
	in := filepath.Join(dir, "bench.txt")
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	defer f.Close()
	rs, config, err := parse(f, in)
	if err != nil {
		return err
	}
	all, err := benchseries.ReadAll(dir)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(dir, "charts"), 0o755); err != nil {
		return err
	}
	charts, err := drawCharts(dir, rs, all)
	if err != nil {
		return err
	}
	failed, err := failures(in)
	if err != nil {
		return err
	}
	profiles, err := filepath.Glob(filepath.Join(dir, "profiles", "*.pprof"))
	if err != nil {
		return err
	}
	for i, p := range profiles {
		profiles[i] = filepath.Join("profiles", filepath.Base(p))
	}
	r := report{
		Machine:    describeMachine(dir, config, sizes, now),
		Failed:     failed,
		Aims:       aims(rs),
		Charts:     charts,
		Benchmarks: rs.group(),
		Profiles:   profiles,
	}
	var md bytes.Buffer
	writeMarkdown(&md, r, rs)
	if err := os.WriteFile(filepath.Join(dir, "report.md"), md.Bytes(), 0o644); err != nil {
		return err
	}
	js, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "report.json"), append(js, '\n'), 0o644); err != nil {
		return err
	}
	for _, a := range r.Aims {
		met := "met"
		if !a.Met {
			met = "MISSED"
		}
		fmt.Printf("%-22s %-60s %10s %-10s %6.2f  aim %-7s %s\n", a.Area, a.Name, num(a.Value), a.Unit, a.Ratio, a.aim(), met)
	}
	for _, f := range failed {
		fmt.Printf("FAILED: %s (its figures are missing)\n", f)
	}
	fmt.Printf("\nreport: %s, %s, %d charts under %s\n", filepath.Join(dir, "report.md"), filepath.Join(dir, "report.json"), len(charts), filepath.Join(dir, "charts"))
	return nil
}

// failures lists the benchmarks bench.txt says failed (`--- FAIL: <name>` lines, as go test
// prints them), in order.
func failures(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, line := range strings.Split(string(data), "\n") {
		if name, ok := strings.CutPrefix(strings.TrimSpace(line), "--- FAIL: "); ok {
			name, _, _ = strings.Cut(name, " ")
			out = append(out, name)
		}
	}
	return out, nil
}
