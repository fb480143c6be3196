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
	"time"

	"k8s.io/federation/test/benchseries"
)

// report is report.json.
type report struct {
	Machine    machine   `json:"machine"`
	Aims       []figure  `json:"aims"`
	Charts     []chart   `json:"charts"`
	Benchmarks []grouped `json:"benchmarks"`
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
	r := report{
		Machine:    describeMachine(dir, config, sizes, now),
		Aims:       aims(rs),
		Charts:     charts,
		Benchmarks: rs.group(),
	}
	var md bytes.Buffer
	writeMarkdown(&md, r.Machine, r.Aims, r.Charts, rs)
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
	fmt.Printf("\nreport: %s, %s, %d charts under %s\n", filepath.Join(dir, "report.md"), filepath.Join(dir, "report.json"), len(charts), filepath.Join(dir, "charts"))
	return nil
}
