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
	"image/color"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
)

// chart is one PNG the report links: its file name under charts/ and what it shows.
type chart struct {
	File    string `json:"file"`
	Caption string `json:"caption"`
}

// drawCharts writes every chart the data allows into dir/charts and returns them in the
// report's order. A chart without data is left out, not drawn empty.
func drawCharts(dir string, rs results, all map[string]series) ([]chart, error) {
	var out []chart
	add := func(file, caption string, p *plot.Plot, err error) error {
		if err != nil || p == nil {
			return err
		}
		if err := p.Save(16*vg.Centimeter, 10*vg.Centimeter, filepath.Join(dir, "charts", file)); err != nil {
			return fmt.Errorf("saving %s: %w", file, err)
		}
		out = append(out, chart{File: "charts/" + file, Caption: caption})
		return nil
	}
	for _, op := range []string{"create", "update", "delete"} {
		p, err := latencyCDF(all, op)
		if err := add("latency-"+op+".png", "Write-through "+op+" latency to one member, CDF, against its floor (the sum of its parts' quantiles, each measured alone)", p, err); err != nil {
			return nil, err
		}
	}
	p, err := fanOutChart(rs)
	if err := add("fanout.png", "Write-through create p50 against members, on loopback and over a simulated WAN", p, err); err != nil {
		return nil, err
	}
	p, err = throughputChart(rs)
	if err := add("throughput.png", "Objects created per second by 16 clients: directly on one member, federated to two", p, err); err != nil {
		return nil, err
	}
	p, err = cpuChart(rs)
	if err := add("cpu-per-object.png", "CPU milliseconds per object created, by process", p, err); err != nil {
		return nil, err
	}
	p, err = curveChart("Memory against objects held", withPrefix(all, "memory-"))
	if err := add("memory.png", "fcp's RSS and Go heap against FederatedConfigMaps held (each on two members)", p, err); err != nil {
		return nil, err
	}
	p, err = curveChart("Reconvergence after a member outage", withPrefix(all, "convergence-progress"))
	if err := add("convergence.png", "Objects Propagated against seconds since the member returned", p, err); err != nil {
		return nil, err
	}
	return out, nil
}

// latencyCDF draws the distributions of one operation's write-through, direct write and floors.
func latencyCDF(all map[string]series, op string) (*plot.Plot, error) {
	get := func(path, members string) []float64 {
		return all["writethrough-"+op+"-"+path+"-members="+members].Y
	}
	fcpPart := get("writethrough", "0")
	lines := []struct {
		name string
		y    []float64
	}{
		{"direct to the member", get("direct", "1")},
		{"floor", quantileSum(1000, fcpPart, get("direct-apply", "1"))},
		{"write-through", get("writethrough", "1")},
		{"floor, pre-flight", quantileSum(1000, fcpPart, get("direct-dryrun-apply", "1"))},
		{"write-through, pre-flight", get("writethrough-preflight", "1")},
	}
	var args []any
	var all99 []float64
	for _, l := range lines {
		if len(l.y) == 0 {
			continue
		}
		s := slices.Sorted(slices.Values(l.y))
		all99 = append(all99, quantile(s, 0.99))
		args = append(args, l.name, cdf(s))
	}
	if len(args) == 0 {
		return nil, nil
	}
	p := plot.New()
	p.Title.Text = "Write-through " + op + " latency (CDF)"
	p.X.Label.Text = "ms"
	p.Y.Label.Text = "fraction of operations"
	// The slowest 1% would stretch the axis past what the aims judge.
	p.X.Max = slices.Max(all99)
	p.X.Min = 0
	p.Legend.Top, p.Legend.Left = false, false
	return p, plotutil.AddLines(p, args...)
}

// cdf is the empirical distribution of sorted values.
func cdf(sorted []float64) plotter.XYs {
	xy := make(plotter.XYs, len(sorted))
	for i, v := range sorted {
		xy[i].X, xy[i].Y = v, float64(i+1)/float64(len(sorted))
	}
	return xy
}

// fanOutChart draws BenchmarkFanOut's create p50 against members, one line per network and
// pre-flight setting.
func fanOutChart(rs results) (*plot.Plot, error) {
	fo := rs.pick(benchFanOut, "op", "create")
	var args []any
	for _, network := range fo.values("network") {
		for _, pre := range fo.values("preflight") {
			var xy plotter.XYs
			for _, m := range fo.values("members") {
				n, err := strconv.Atoi(m)
				if err != nil {
					continue
				}
				if v, ok := fo.pick(benchFanOut, "network", network, "preflight", pre, "members", m).median("p50-ms"); ok {
					xy = append(xy, plotter.XY{X: float64(n), Y: v})
				}
			}
			slices.SortFunc(xy, func(a, b plotter.XY) int { return int(a.X - b.X) })
			if len(xy) > 0 {
				args = append(args, network+", pre-flight "+pre, xy)
			}
		}
	}
	if len(args) == 0 {
		return nil, nil
	}
	p := plot.New()
	p.Title.Text = "Fan-out: create p50 against members"
	p.X.Label.Text = "members"
	p.Y.Label.Text = "p50 ms"
	p.Y.Min = 0
	p.Legend.Top, p.Legend.Left = true, true
	return p, plotutil.AddLinePoints(p, args...)
}

// throughputChart draws BenchmarkThroughput's objects/s per path.
func throughputChart(rs results) (*plot.Plot, error) {
	var names []string
	var values plotter.Values
	for _, path := range []string{"direct", "federated"} {
		if v, ok := rs.pick(benchThroughput, "path", path).median("objects/s"); ok {
			names = append(names, path)
			values = append(values, v)
		}
	}
	if len(values) == 0 {
		return nil, nil
	}
	p := plot.New()
	p.Title.Text = "Throughput, 16 clients"
	p.Y.Label.Text = "objects/s"
	bars, err := plotter.NewBarChart(values, vg.Centimeter*2)
	if err != nil {
		return nil, err
	}
	bars.Color = plotutil.Color(0)
	p.Add(bars)
	p.NominalX(names...)
	return p, nil
}

// cpuSuffix ends the units of BenchmarkThroughput's CPU time per object, per process.
const cpuSuffix = "-cpu-ms/object"

// cpuChart draws, per process, the CPU milliseconds per object of each throughput path as
// grouped bars.
func cpuChart(rs results) (*plot.Plot, error) {
	t := rs.pick(benchThroughput)
	procSet := map[string]bool{}
	for _, r := range t {
		for unit := range r.values {
			if proc, ok := strings.CutSuffix(unit, cpuSuffix); ok {
				procSet[proc] = true
			}
		}
	}
	if len(procSet) == 0 {
		return nil, nil
	}
	procs := slices.Sorted(func(yield func(string) bool) {
		for p := range procSet {
			if !yield(p) {
				return
			}
		}
	})
	p := plot.New()
	p.Title.Text = "CPU per object, by process"
	p.X.Label.Text = "CPU ms per object"
	width := vg.Centimeter * 0.35
	for i, path := range []string{"direct", "federated"} {
		values := make(plotter.Values, len(procs))
		for j, proc := range procs {
			values[j], _ = t.pick(benchThroughput, "path", path).median(proc + cpuSuffix)
		}
		bars, err := plotter.NewBarChart(values, width)
		if err != nil {
			return nil, err
		}
		bars.Color = plotutil.Color(i)
		bars.LineStyle.Width = 0
		bars.Horizontal = true
		bars.Offset = width * vg.Length(float64(i)-0.5)
		p.Add(bars)
		p.Legend.Add(path, bars)
	}
	p.NominalY(procs...)
	p.X.Min = 0
	p.Legend.Top = true
	return p, nil
}

// curveChart draws curve series (X and Y) as lines with points, named by series.
func curveChart(title string, curves []series) (*plot.Plot, error) {
	var args []any
	for _, s := range curves {
		if len(s.X) == 0 {
			continue
		}
		xy := make(plotter.XYs, len(s.X))
		for i := range s.X {
			xy[i].X, xy[i].Y = s.X[i], s.Y[i]
		}
		args = append(args, s.Name, xy)
	}
	if len(args) == 0 {
		return nil, nil
	}
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = curves[0].XUnit
	p.Y.Label.Text = curves[0].YUnit
	p.Y.Min = 0
	p.Legend.Top, p.Legend.Left = true, true
	p.BackgroundColor = color.White
	return p, plotutil.AddLinePoints(p, args...)
}
