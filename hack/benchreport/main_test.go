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
	"strings"
	"testing"
)

const sample = `goos: linux
BenchmarkWriteThrough/round=1/path=direct/members=1-2   30  3410894 ns/op  2.0 p50-ms  4.0 p95-ms  14265 B/op  172 allocs/op
BenchmarkWriteThrough/round=2/path=direct/members=1-2   30  3410894 ns/op  3.0 p50-ms  6.0 p95-ms  14265 B/op  172 allocs/op
BenchmarkWriteThrough/path=direct/members=1-2   30  3410894 ns/op  9.0 p50-ms  9.0 p95-ms  14265 B/op  172 allocs/op
BenchmarkWriteThrough/path=direct-apply/members=1-2   30  1 ns/op  4.0 p50-ms  8.0 p95-ms
BenchmarkWriteThrough/path=writethrough/members=0-2   30  1 ns/op  5.0 p50-ms  9.0 p95-ms
BenchmarkWriteThrough/path=writethrough/members=1-2   30  1 ns/op  5.0 member-apply-ms  12.0 p50-ms  18.0 p95-ms
BenchmarkWriteThrough/path=writethrough/members=4-2   30  1 ns/op  5.0 member-apply-ms  18.0 p50-ms  30.0 p95-ms
BenchmarkConvergence-2  1  13003047535 ns/op  76.91 objects/s  13.00 s-to-converge
BenchmarkStatusAggregationThroughput/api-qps=default-2  1  9000000000 ns/op  200.0 changes/s  400.0 offered-changes/s  0.25 writes/change  3.0 widgets
BenchmarkStatusAggregationThroughput/api-qps=default-2  1  9000000000 ns/op  300.0 changes/s  400.0 offered-changes/s  0.35 writes/change
BenchmarkStatusAggregationRollout-2  1  30000000000 ns/op  12.0 member-changes/rollout  30.0 s/rollout  6.0 writes/rollout
PASS
`

func TestReport(t *testing.T) {
	r, other, err := parse(strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	if got := r.p50(direct); got != 3 {
		t.Errorf("median p50 of direct = %v, want 3 (the median of 2, 3 and 9)", got)
	}
	var out strings.Builder
	report(&out, r, other)
	for _, want := range []string{
		"medians of 3 rounds",
		"writethrough/members=1                  12.00    18.00    4.00    3.00",
		// 5 + 4 ms, and 12 / 9.
		"= writethrough/members=0 + direct-apply/members=1: 9.00 ms = 3.00× direct; measured 1.33× the floor",
		"writethrough             1:  12.00   4:  18.00 (1.50×)",
		"BenchmarkConvergence-2  1  13003047535 ns/op  76.91 objects/s  13.00 s-to-converge",
		// Medians of two runs, explained, in the report's order; unknown units last, bare.
		"StatusAggregationThroughput/api-qps=default (runs: 2)\n" +
			"  changes/s                    250.00  member status changes absorbed per second",
		"  writes/change                  0.30  federated status writes per member status change",
		"  widgets                        3.00\n",
		"StatusAggregationRollout (runs: 1)\n" +
			"  s/rollout                     30.00  seconds from the image update",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
}

func TestReportWithoutBaseline(t *testing.T) {
	r, other, err := parse(strings.NewReader("BenchmarkWriteThrough/path=writethrough/members=1-2 30 1 ns/op 12.0 p50-ms\n"))
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	report(&out, r, other)
	if !strings.Contains(out.String(), "nothing to compare against") {
		t.Errorf("report without a direct scenario = %q", out.String())
	}
}

func TestReportStatusOnly(t *testing.T) {
	r, other, err := parse(strings.NewReader("BenchmarkStatusAggregationRollout-2 1 1 ns/op 6.0 writes/rollout\n"))
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	report(&out, r, other)
	if strings.Contains(out.String(), "nothing to compare against") || !strings.Contains(out.String(), "  writes/rollout") {
		t.Errorf("report of status aggregation alone = %q", out.String())
	}
	if strings.Contains(out.String(), "BenchmarkStatusAggregationRollout-2") {
		t.Errorf("report repeats the raw line: %q", out.String())
	}
}
