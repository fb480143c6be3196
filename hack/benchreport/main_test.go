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
	"encoding/json"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestReport runs the report over a run of every benchmark the aims read (testdata/run) and
// checks what a reader opens: report.md's figures against their aims, report.json, and charts
// that decode as PNG.
func TestReport(t *testing.T) {
	dir := t.TempDir()
	if out, err := exec.Command("cp", "-r", "testdata/run/.", dir).CombinedOutput(); err != nil {
		t.Fatalf("copying testdata: %v: %s", err, out)
	}
	start, end := time.Date(2026, 11, 30, 11, 40, 0, 0, time.UTC), time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	for file, at := range map[string]time.Time{"loadavg-before": start, "loadavg-after": end} {
		if err := os.Chtimes(filepath.Join(dir, file), at, at); err != nil {
			t.Fatal(err)
		}
	}
	if err := run(dir, "-bench-objects=1000", end.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	md, err := os.ReadFile(filepath.Join(dir, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Ran 2026-11-30 11:40 to 12:00 UTC on ",
		"**Failed, so missing from this report: BenchmarkKindDiscovery.**",
		"(Test CPU @ 2.00GHz)",
		"before: 0.50 0.40 0.30; after: 1.50 0.90 0.40",
		"Sizes: `-bench-objects=1000`",
		// The median p50 of direct is 3 (of 2, 3, 9); write-through 9.5 against 5 + 4.
		"| Write-through latency | create p50, writethrough, 1 member | 9.50 ms | floor 5.00 + 4.00 (fcp alone + direct-apply) | 1.06 | ≤ 1.10× | yes |",
		"| Write-through latency | create p95, writethrough-preflight, 1 member | 21.0 ms | floor 9.00 + 12.0 (fcp alone + direct-dryrun-apply) | 1.00 | ≤ 1.10× | yes |",
		"| Fan-out | create p50, 10 members vs 1, wan, pre-flight off | 60.0 ms | p50 at 1 member | 1.20 | ≤ 1.15× | **no** |",
		// 1 × 40 + 10 on loopback at 1 member.
		"| Fan-out | create p50 over WAN, 10 members, pre-flight off | 60.0 ms | 1 round trips × 40 ms + loopback p50 at 1 member 10.0 | 1.20 | ≤ 1.00× | **no** |",
		"| Throughput | federated objects/s (2 members each) vs direct to 1 member | 150.0 objects/s | direct objects/s | 0.38 | ≥ 0.50× | **no** |",
		// (60 − 40) × 10000 / 1000 = 200 MiB per 10,000.
		"| Memory | apiserver RSS growth per 10000 objects | 200.0 MiB |",
		"| Memory | controller-manager RSS after a restart vs before | 36.0 MiB | loaded RSS before the restart | 1.03 | ≤ 1.20× | yes |",
		"| Reconvergence | 1000 objects Propagated after the member returns | 5.50 s | 6 s (60 s per 10000 objects) | 0.92 | ≤ 1.00× | yes |",
		"| Steady state | writes in 60 s holding 1000 objects | 3.00 writes | 0 writes | 3.00 | 0 | **no** |",
		"![Write-through create latency",
		"| op | path | members | p50-ms | p95-ms | p99-ms |",
		"| create | direct | 1 | 3.00 | 6.00 | 7.00 |",
		"| path | fcp-cpu-ms/object | host-kube-apiserver-cpu-ms/object | member-1-kube-apiserver-cpu-ms/object | objects/s |",
		"### BenchmarkStatusAggregationRollout (runs: 1)",
		"| s/rollout | 30.0 | seconds from the image update",
	} {
		if !strings.Contains(string(md), want) {
			t.Errorf("report.md lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("report.md:\n%s", md)
	}

	var r report
	data, err := os.ReadFile(filepath.Join(dir, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Aims) != 14 || r.Machine.Cores == 0 {
		t.Errorf("report.json has %d aims (want 14) and %d cores", len(r.Aims), r.Machine.Cores)
	}
	wantCharts := []string{"charts/latency-create.png", "charts/fanout.png", "charts/throughput.png", "charts/cpu-per-object.png", "charts/memory.png", "charts/convergence.png"}
	if len(r.Charts) != len(wantCharts) {
		t.Errorf("charts = %v, want %v (update and delete have no samples)", r.Charts, wantCharts)
	}
	for i, c := range r.Charts {
		if i < len(wantCharts) && c.File != wantCharts[i] {
			t.Errorf("chart %d = %s, want %s", i, c.File, wantCharts[i])
		}
		f, err := os.Open(filepath.Join(dir, c.File))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Errorf("%s: %v", c.File, err)
		} else if b := img.Bounds(); b.Dx() < 400 || b.Dy() < 200 {
			t.Errorf("%s is %v", c.File, b)
		}
	}
}

// TestQuantileSum checks the floor's distribution: the q-quantile of the sum is the sum of
// the parts' q-quantiles.
func TestQuantileSum(t *testing.T) {
	got := quantileSum(4, []float64{4, 1, 3, 2}, []float64{10, 20, 30, 40})
	want := []float64{11, 22, 33, 44}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("quantileSum = %v, want %v", got, want)
		}
	}
	if quantileSum(4, []float64{1}, nil) != nil {
		t.Error("a floor with a part never measured should be nil")
	}
}
