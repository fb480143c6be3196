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
	"strconv"
)

// figure is one figure of the report held against its aim. Ratio is Value over Reference
// unless said otherwise; an aim is met when Ratio is at most Limit (LowerIsBetter) or at
// least Limit.
type figure struct {
	Area          string  `json:"area"`
	Name          string  `json:"name"`
	Value         float64 `json:"value"`
	Unit          string  `json:"unit"`
	Reference     float64 `json:"reference"`
	ReferenceName string  `json:"referenceName"`
	Ratio         float64 `json:"ratio"`
	Limit         float64 `json:"limit"`
	LowerIsBetter bool    `json:"lowerIsBetter"`
	Met           bool    `json:"met"`
}

// judge fills in Ratio and Met from Value, Reference and Limit.
func (f figure) judge() figure {
	if f.Reference != 0 {
		f.Ratio = f.Value / f.Reference
	}
	if f.LowerIsBetter {
		f.Met = f.Ratio <= f.Limit
	} else {
		f.Met = f.Ratio >= f.Limit
	}
	return f
}

// aim is how a figure's limit reads: "≤ 1.10×".
func (f figure) aim() string {
	if f.Reference == 0 && f.Limit == 0 {
		return "0"
	}
	if f.LowerIsBetter {
		return "≤ " + strconv.FormatFloat(f.Limit, 'f', 2, 64) + "×"
	}
	return "≥ " + strconv.FormatFloat(f.Limit, 'f', 2, 64) + "×"
}

// Areas of the report, in the order.
const (
	areaLatency     = "Write-through latency"
	areaFanOut      = "Fan-out"
	areaThroughput  = "Throughput"
	areaMemory      = "Memory"
	areaConvergence = "Reconvergence"
	areaSteady      = "Steady state"
)

// Benchmark names the report reads.
const (
	benchWriteThrough = "BenchmarkWriteThrough"
	benchFanOut       = "BenchmarkFanOut"
	benchThroughput   = "BenchmarkThroughput"
	benchAtScale      = "BenchmarkAtScale"
	benchConvergence  = "BenchmarkConvergence"
)

// scaleObjects is the object count the memory and reconvergence aims are stated for; a run
// at another size (BENCH_QUICK=1) is held against the aim scaled in proportion.
const scaleObjects = 10000

// floorPart is, per write-through path, the member part of its floor measured alone.
var floorPart = map[string]string{
	"writethrough":           "direct-apply",
	"writethrough-preflight": "direct-dryrun-apply",
}

// aims holds every figure the issue sets an aim for against it.
func aims(rs results) []figure {
	var out []figure
	out = append(out, latencyAims(rs)...)
	out = append(out, fanOutAims(rs)...)
	out = append(out, throughputAims(rs)...)
	out = append(out, memoryAims(rs)...)
	out = append(out, convergenceAims(rs)...)
	out = append(out, steadyAims(rs)...)
	return out
}

// latencyAims: a write-through to one member at most 1.10× its floor, the sum of its parts
// measured alone in the same rounds (fcp's own part, placed on no member, plus the member
// write fcp makes), at p50 and p95, for every operation, pre-flight on and off.
func latencyAims(rs results) []figure {
	wt := rs.pick(benchWriteThrough)
	var out []figure
	for _, op := range wt.values("op") {
		for _, path := range []string{"writethrough", "writethrough-preflight"} {
			measured := wt.pick(benchWriteThrough, "op", op, "path", path, "members", "1")
			fcpPart := wt.pick(benchWriteThrough, "op", op, "path", "writethrough", "members", "0")
			part := floorPart[path]
			if op == "delete" {
				// Deletes are not pre-flighted: the member part is the delete either way.
				part = "direct-apply"
			}
			memberPart := wt.pick(benchWriteThrough, "op", op, "path", part, "members", "1")
			for _, q := range []string{"p50", "p95"} {
				v, ok1 := measured.median(q + "-ms")
				f, ok2 := fcpPart.median(q + "-ms")
				m, ok3 := memberPart.median(q + "-ms")
				if !ok1 || !ok2 || !ok3 {
					continue
				}
				out = append(out, figure{
					Area: areaLatency, Name: fmt.Sprintf("%s %s, %s, 1 member", op, q, path),
					Value: v, Unit: "ms", Reference: f + m,
					ReferenceName: fmt.Sprintf("floor %s + %s (fcp alone + %s)", num(f), num(m), part),
					Limit:         1.10, LowerIsBetter: true,
				}.judge())
			}
		}
	}
	return out
}

// fanOutAims: the p50 at the most members measured at most 1.15× the p50 at one member, on
// each network; and over the simulated WAN, the p50 at the most members at most the
// protocol's round trips times the injected round-trip time plus the loopback floor (the same
// write-through to one member on loopback).
func fanOutAims(rs results) []figure {
	fo := rs.pick(benchFanOut)
	var out []figure
	members := fo.values("members")
	widest := 0
	for _, m := range members {
		if n, err := strconv.Atoi(m); err == nil {
			widest = max(widest, n)
		}
	}
	if widest < 2 {
		return nil
	}
	w := strconv.Itoa(widest)
	for _, network := range fo.values("network") {
		for _, pre := range fo.values("preflight") {
			for _, op := range fo.values("op") {
				at := func(n string) results {
					return fo.pick(benchFanOut, "network", network, "preflight", pre, "op", op, "members", n)
				}
				one, ok1 := at("1").median("p50-ms")
				many, ok2 := at(w).median("p50-ms")
				if ok1 && ok2 {
					out = append(out, figure{
						Area: areaFanOut, Name: fmt.Sprintf("%s p50, %s members vs 1, %s, pre-flight %s", op, w, network, pre),
						Value: many, Unit: "ms", Reference: one, ReferenceName: "p50 at 1 member",
						Limit: 1.15, LowerIsBetter: true,
					}.judge())
				}
				if network != "wan" {
					continue
				}
				trips, ok3 := at(w).median("round-trips")
				rtt, ok4 := at(w).median("rtt-ms")
				// The loopback floor: the same write-through to one member with no delay. At
				// more members on one machine the loopback figure grows with the members'
				// CPU, which a WAN's members would not share.
				loop, ok5 := fo.pick(benchFanOut, "network", "loopback", "preflight", pre, "op", op, "members", "1").median("p50-ms")
				if ok2 && ok3 && ok4 && ok5 {
					out = append(out, figure{
						Area: areaFanOut, Name: fmt.Sprintf("%s p50 over WAN, %s members, pre-flight %s", op, w, pre),
						Value: many, Unit: "ms", Reference: trips*rtt + loop,
						ReferenceName: fmt.Sprintf("%g round trips × %g ms + loopback p50 at 1 member %s", trips, rtt, num(loop)),
						Limit:         1, LowerIsBetter: true,
					}.judge())
				}
			}
		}
	}
	return out
}

// throughputAims: 16 clients creating federated objects placed on 2 members reach at least
// half the rate of the same clients creating the objects directly on one member.
func throughputAims(rs results) []figure {
	fed, ok1 := rs.pick(benchThroughput, "path", "federated").median("objects/s")
	direct, ok2 := rs.pick(benchThroughput, "path", "direct").median("objects/s")
	if !ok1 || !ok2 {
		return nil
	}
	return []figure{figure{
		Area: areaThroughput, Name: "federated objects/s (2 members each) vs direct to 1 member",
		Value: fed, Unit: "objects/s", Reference: direct, ReferenceName: "direct objects/s", Limit: 0.5,
	}.judge()}
}

// memoryAims: each fcp process grows by at most 150 MiB RSS per 10,000 objects held, and
// after a restart with the same data holds at most 1.2× what it held before.
func memoryAims(rs results) []figure {
	s := rs.pick(benchAtScale)
	objects, ok := s.median("objects")
	if !ok || objects == 0 {
		return nil
	}
	var out []figure
	for _, proc := range []string{"apiserver", "controller-manager"} {
		idle, ok1 := s.median(proc + "-idle-rss-MiB")
		loaded, ok2 := s.median(proc + "-loaded-rss-MiB")
		restarted, ok3 := s.median(proc + "-restarted-rss-MiB")
		if ok1 && ok2 {
			out = append(out, figure{
				Area: areaMemory, Name: fmt.Sprintf("%s RSS growth per %d objects", proc, scaleObjects),
				Value: (loaded - idle) * scaleObjects / objects, Unit: "MiB", Reference: 150,
				ReferenceName: fmt.Sprintf("150 MiB (idle %.0f, loaded %.0f at %.0f objects)", idle, loaded, objects),
				Limit:         1, LowerIsBetter: true,
			}.judge())
		}
		if ok2 && ok3 {
			out = append(out, figure{
				Area: areaMemory, Name: proc + " RSS after a restart vs before",
				Value: restarted, Unit: "MiB", Reference: loaded, ReferenceName: "loaded RSS before the restart",
				Limit: 1.2, LowerIsBetter: true,
			}.judge())
		}
	}
	return out
}

// convergenceAims: a member back from an outage holds all 10,000 objects created meanwhile
// within 60 s (scaled to the objects measured).
func convergenceAims(rs results) []figure {
	c := rs.pick(benchConvergence)
	took, ok1 := c.median("s-to-converge")
	objects, ok2 := c.median("objects")
	if !ok1 || !ok2 || objects == 0 {
		return nil
	}
	limit := 60 * objects / scaleObjects
	return []figure{figure{
		Area: areaConvergence, Name: fmt.Sprintf("%.0f objects Propagated after the member returns", objects),
		Value: took, Unit: "s", Reference: limit, ReferenceName: fmt.Sprintf("%.0f s (60 s per %d objects)", limit, scaleObjects),
		Limit: 1, LowerIsBetter: true,
	}.judge()}
}

// steadyAims: no writes anywhere while nothing changes. The ratio of a count to an aim of zero
// is the count itself.
func steadyAims(rs results) []figure {
	s := rs.pick(benchAtScale)
	writes, ok1 := s.median("steady-writes")
	window, _ := s.median("steady-window-s")
	objects, _ := s.median("objects")
	if !ok1 {
		return nil
	}
	f := figure{
		Area: areaSteady, Name: fmt.Sprintf("writes in %.0f s holding %.0f objects", window, objects),
		Value: writes, Unit: "writes", ReferenceName: "0 writes", Ratio: writes, LowerIsBetter: true,
	}
	f.Met = writes == 0
	return []figure{f}
}
