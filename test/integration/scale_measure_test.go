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

package integration

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/procfs"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/test/integration/framework"
)

// memSample is one process's memory at one moment, in MiB.
type memSample struct {
	rss, heap float64
	// anon, file and shmem split rss (/proc/<pid>/status RssAnon, RssFile, RssShmem): the
	// Go heap is anonymous memory; the embedded etcd's mmapped database (on tmpfs in the
	// benchmark) is shared memory.
	anon, file, shmem float64
	// gcForced says whether a GC ran just before heap was read.
	gcForced bool
}

// measure reads both processes' memory. Where a process serves /debug/pprof (fcp does,
// behind its delegated authorization), its heap profile is fetched with gc=1 first, which
// runs a GC, and saved under -bench-dir as atscale-<process>[-<phase>]-heap.pprof (the
// loaded phase unnamed; its last checkpoint is kept). Elsewhere the heap is read as is.
func (e *scaleEnv) measure(ctx context.Context, b *testing.B, phase string) map[string]memSample {
	b.Helper()
	out := map[string]memSample{}
	for _, p := range scaleProcesses {
		url, pid, metrics := e.fcp.URL(), e.fcp.PID(), e.fcp.Metrics
		if p == "controller-manager" {
			url, pid, metrics = e.cm.URL(), e.cm.PID(), e.cm.Metrics
		}
		var s memSample
		profile, status, err := e.get(ctx, url+"/debug/pprof/heap?gc=1")
		if err != nil {
			b.Fatal(err)
		}
		if s.gcForced = status == http.StatusOK; s.gcForced {
			name := "atscale-" + p + "-" + phase + "-heap.pprof"
			if phase == "loaded" {
				name = "atscale-" + p + "-heap.pprof"
			}
			if path := benchProfilePath(b, name); path != "" {
				if err := os.WriteFile(path, profile, 0o644); err != nil {
					b.Fatal(err)
				}
			}
		}
		families, err := parseMetricsText(metrics(ctx))
		if err != nil {
			b.Fatal(err)
		}
		s.heap = sumFamily(families, "go_memstats_heap_inuse_bytes") / mib
		if pid == 0 {
			b.Fatalf("%s is not running", p)
		}
		if s.rss, s.anon, s.file, s.shmem, err = residentMiB(pid); err != nil {
			b.Fatal(err)
		}
		out[p] = s
	}
	b.Logf("Memory %s: %+v", phase, out)
	return out
}

// get fetches url as the host's admin and returns the body and status.
func (e *scaleEnv) get(ctx context.Context, url string) ([]byte, int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, 0, err
	}
	resp, err := e.admin.Do(req)
	if err != nil {
		return nil, 0, err
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(resp.Body)
	return body, resp.StatusCode, err
}

// residentMiB is the resident set size of process pid and its anonymous, file-backed and
// shared parts, in MiB, from /proc/<pid>/status.
func residentMiB(pid int) (rss, anon, file, shmem float64, err error) {
	fs, err := procfs.NewDefaultFS()
	if err != nil {
		return 0, 0, 0, 0, err
	}
	proc, err := fs.Proc(pid)
	if err != nil {
		return 0, 0, 0, 0, err
	}
	st, err := proc.NewStatus()
	if err != nil {
		return 0, 0, 0, 0, err
	}
	return float64(st.VmRSS) / mib, float64(st.RssAnon) / mib, float64(st.RssFile) / mib, float64(st.RssShmem) / mib, nil
}

// steadyWrites counts every write anywhere over window and returns their number. Left out,
// and logged apart:
//   - Leases: each kube-apiserver renews its identity Lease, the controller-manager its
//     leader-election Lease; liveness on a timer, the same with 0 or 10,000 objects.
//   - TokenReviews and SubjectAccessReviews (authentication.k8s.io, authorization.k8s.io):
//     POSTs that store nothing; fcp and the controller-manager send them to the host to
//     authorize this benchmark's own scrapes of their /metrics.
//   - On the host, federation.k8s.io requests, which its aggregator hands to fcp, whose own
//     count has them.
//
// No kube controllers run on these control planes, so nothing else writes unless federation
// does.
func (e *scaleEnv) steadyWrites(ctx context.Context, b *testing.B, window time.Duration) float64 {
	b.Helper()
	before, excludedBefore := e.writeTally(ctx, b)
	reconciles := e.reconciles(ctx, b)
	select {
	case <-ctx.Done():
		b.Fatal(ctx.Err())
	case <-time.After(window):
	}
	after, excludedAfter := e.writeTally(ctx, b)
	var total float64
	for k, v := range after {
		if d := v - before[k]; d != 0 {
			total += d
			b.Logf("Steady-state write: %s: %v", k, d)
		}
	}
	for k, v := range excludedAfter {
		if d := v - excludedBefore[k]; d != 0 {
			b.Logf("Steady state, not counted: %s: %v", k, d)
		}
	}
	b.Logf("Steady state over %v: %v writes, %v reconciles", window, total, e.reconciles(ctx, b)-reconciles)
	return total
}

// writeTally returns the write requests served so far by fcp, the host and each member, by
// "server group/resource verb": those steadyWrites counts and those it leaves out.
func (e *scaleEnv) writeTally(ctx context.Context, b *testing.B) (counted, excluded map[string]float64) {
	b.Helper()
	counted, excluded = map[string]float64{}, map[string]float64{}
	tally := func(server string, families map[string]*dto.MetricFamily, err error, exclude func(group, resource string) bool) {
		if err != nil {
			b.Fatal(err)
		}
		for _, m := range families["apiserver_request_total"].GetMetric() {
			group, resource, verb := label(m, "group"), label(m, "resource"), label(m, "verb")
			if !writeVerbs[verb] {
				continue
			}
			into := counted
			if exclude(group, resource) {
				into = excluded
			}
			into[server+" "+group+"/"+resource+" "+verb] += m.GetCounter().GetValue()
		}
	}
	families, err := parseMetricsText(e.fcp.Metrics(ctx))
	tally("fcp", families, err, func(string, string) bool { return false })
	for _, cp := range append([]*framework.ControlPlane{e.host}, e.members...) {
		raw, err := cp.Client().CoreV1().RESTClient().Get().AbsPath("/metrics").DoRaw(ctx)
		if err != nil {
			b.Fatal(err)
		}
		families, err := parseMetrics(bytes.NewReader(raw))
		tally(cp.Name(), families, err, func(group, resource string) bool {
			return resource == "leases" || group == "authentication.k8s.io" || group == "authorization.k8s.io" ||
				(cp == e.host && group == fedv1beta1.GroupName)
		})
	}
	return counted, excluded
}

// reconciles is the controller-manager's sync reconcile count since it started.
func (e *scaleEnv) reconciles(ctx context.Context, b *testing.B) float64 {
	b.Helper()
	families, err := parseMetricsText(e.cm.Metrics(ctx))
	if err != nil {
		b.Fatal(err)
	}
	return sumFamily(families, "federation_sync_reconcile_duration_seconds")
}

// sumFamily sums the samples of the family name: a counter's or gauge's value, a
// histogram's or summary's count.
func sumFamily(families map[string]*dto.MetricFamily, name string) float64 {
	var sum float64
	for _, m := range families[name].GetMetric() {
		switch {
		case m.Counter != nil:
			sum += m.GetCounter().GetValue()
		case m.Gauge != nil:
			sum += m.GetGauge().GetValue()
		case m.Histogram != nil:
			sum += float64(m.GetHistogram().GetSampleCount())
		case m.Summary != nil:
			sum += float64(m.GetSummary().GetSampleCount())
		case m.Untyped != nil:
			sum += m.GetUntyped().GetValue()
		}
	}
	return sum
}

// memoryCurve is memory against objects held, one point per checkpoint.
type memoryCurve struct {
	objects []float64
	samples []map[string]memSample
}

func (c *memoryCurve) add(objects int, s map[string]memSample) {
	c.objects = append(c.objects, float64(objects))
	c.samples = append(c.samples, s)
}

func (c *memoryCurve) last() map[string]memSample { return c.samples[len(c.samples)-1] }

// write leaves memory-<process>-rss and memory-<process>-heap (MiB against objects).
func (c *memoryCurve) write(b *testing.B) {
	b.Helper()
	for _, p := range scaleProcesses {
		var rss, heap []float64
		for _, s := range c.samples {
			rss, heap = append(rss, s[p].rss), append(heap, s[p].heap)
		}
		writeSeries(b, benchSeries{Name: "memory-" + p + "-rss", XUnit: "objects", YUnit: "MiB", X: c.objects, Y: rss})
		writeSeries(b, benchSeries{Name: "memory-" + p + "-heap", XUnit: "objects", YUnit: "MiB", X: c.objects, Y: heap})
	}
}
