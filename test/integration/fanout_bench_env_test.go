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
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"k8s.io/federation/pkg/generated/clientset/versioned"
	fedv1beta1client "k8s.io/federation/pkg/generated/clientset/versioned/typed/federation/v1beta1"
	"k8s.io/federation/test/integration/framework"
)

// fanOutStartTimeout bounds each component's start: the members start together, on a
// machine that may have only 2 cores.
const fanOutStartTimeout = 5 * time.Minute

// fanOutEnv is one host running fcp and the controller-manager, and members each registered
// on both networks.
type fanOutEnv struct {
	host      *framework.ControlPlane
	fcpDir    string
	fcp       *framework.FCP
	ctrls     *framework.ControllerManager
	preflight bool // fcp's --preflight
	members   []*framework.ControlPlane
	networks  []fanOutNetwork
	fed       versioned.Interface
	seq       int     // makes object names unique across scenarios
	idleCPU   float64 // CPU seconds per second a member spends idle
}

// startFanOutEnv starts the host and members control planes, a WANProxy in front of each
// member, registers each member as loopback-<member> and wan-<member>, and starts the
// controller-manager with the product's defaults for probes and member clients. fcp runs
// with pre-flight off.
func startFanOutEnv(b *testing.B, members int) *fanOutEnv {
	b.Helper()
	// Made first so that removing it is the last cleanup, after fcp has stopped.
	e := &fanOutEnv{fcpDir: tmpfsDir(b)}
	opts := []framework.Options{{Name: "host", StartTimeout: fanOutStartTimeout}}
	for i := range members {
		opts = append(opts, framework.Options{Name: "member-" + strconv.Itoa(i+1), StartTimeout: fanOutStartTimeout})
	}
	began := time.Now()
	cps := framework.StartControlPlanes(b, opts...)
	e.host, e.members = cps[0], cps[1:]
	ctx := framework.TestContext(b)
	b.Logf("%d member control planes started in %v", len(e.members), time.Since(began).Round(time.Second))
	e.logRSS(b)
	var err error
	if e.fed, err = versioned.NewForConfig(unthrottled(e.host.RESTConfig())); err != nil {
		b.Fatal(err)
	}
	// Clusters are fcp's API: it runs before they are registered.
	e.startFCP(b, false)
	loopback := fanOutNetwork{name: "loopback"}
	wan := fanOutNetwork{name: "wan", rtt: 2 * wanOneWay}
	for _, cp := range cps {
		ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: benchNamespace}}
		if _, err := cp.Client().CoreV1().Namespaces().Create(ctx, ns, metav1.CreateOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	for _, m := range e.members {
		u, err := url.Parse(m.APIServerURL())
		if err != nil {
			b.Fatal(err)
		}
		proxy, err := framework.StartWANProxy(ctx, u.Host, wanOneWay)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() {
			if err := proxy.Close(); err != nil {
				b.Error(err)
			}
		})
		for _, o := range []framework.MemberOptions{
			{Name: "loopback-" + m.Name()},
			{Name: "wan-" + m.Name(), Server: proxy.URL()},
		} {
			if _, err := e.host.RegisterMember(ctx, m, o); err != nil {
				b.Fatal(err)
			}
		}
		loopback.clusters = append(loopback.clusters, "loopback-"+m.Name())
		wan.clusters = append(wan.clusters, "wan-"+m.Name())
	}
	e.networks = []fanOutNetwork{loopback, wan}
	if err := waitForClusters(ctx, e.fed, e.clusters()); err != nil {
		b.Fatal(err)
	}
	// The framework's test defaults probe every second, leave a new spec to the
	// write-through for 2 s and renew the leader's lease within 3 s (which a loaded machine
	// misses, and the controller-manager exits); users run with the product's defaults.
	if e.ctrls, err = e.host.StartControllerManager(ctx, framework.ControllerManagerOptions{Binary: fcpBinary,
		Args: []string{"--cluster-probe-interval=10s", "--cluster-probe-timeout=5s", "--write-through-grace=15s",
			"--leader-elect-lease-duration=15s", "--leader-elect-renew-deadline=10s", "--leader-elect-retry-period=2s"}}); err != nil {
		b.Fatal(err)
	}
	e.measureIdleCPU(ctx, b)
	return e
}

// startFCP (re)starts fcp with pre-flight on or off, its other flags the product's defaults,
// and waits until it reaches every registered member on both networks. It does nothing when
// fcp runs with that setting already.
func (e *fanOutEnv) startFCP(b *testing.B, preflight bool) {
	b.Helper()
	if e.fcp != nil && e.preflight == preflight {
		return
	}
	ctx := framework.TestContext(b)
	if e.fcp != nil {
		if err := e.fcp.Stop(ctx); err != nil {
			b.Fatal(err)
		}
	}
	var err error
	e.fcp, err = e.host.StartFCP(ctx, framework.FCPOptions{Binary: fcpBinary, Dir: e.fcpDir,
		Args: []string{"--preflight=" + strconv.FormatBool(preflight)}})
	if err != nil {
		b.Fatal(err)
	}
	e.preflight = preflight
	if clusters := e.clusters(); len(clusters) > 0 {
		if err := waitForClusters(ctx, e.fed, clusters); err != nil {
			b.Fatal(err)
		}
	}
}

// clusters names every Cluster registered, on both networks.
func (e *fanOutEnv) clusters() []string {
	var out []string
	for _, net := range e.networks {
		out = append(out, net.clusters...)
	}
	return out
}

func (e *fanOutEnv) fcms() fedv1beta1client.FederatedConfigMapInterface {
	return e.fed.FederationV1beta1().FederatedConfigMaps(benchNamespace)
}

// fanOutUsage is what the processes of a fan-out had done at a moment: the ConfigMap
// requests the members served (their apiserver_request_total, every verb and code, dry runs
// included) and the CPU seconds (process_cpu_seconds_total) of each member (kube-apiserver and
// etcd), fcp and the controller-manager.
type fanOutUsage struct {
	at               time.Time
	requests         float64
	memberCPU        []float64 // by member
	fcpCPU, ctrlsCPU float64
}

// idleCPUWindow is how long startFanOutEnv watches the members idle.
const idleCPUWindow = 5 * time.Second

// usage reads every member's, fcp's and the controller-manager's metrics.
func (e *fanOutEnv) usage(ctx context.Context, b *testing.B) fanOutUsage {
	b.Helper()
	requests := make([]float64, len(e.members))
	errs := make([]error, len(e.members)+1)
	out := fanOutUsage{at: time.Now(), memberCPU: make([]float64, len(e.members))}
	var wg sync.WaitGroup
	for i, m := range e.members {
		wg.Go(func() {
			api, err := apiserverMetrics(ctx, m)
			if err != nil {
				errs[i] = err
				return
			}
			etcd, err := etcdMetrics(ctx, m)
			if err != nil {
				errs[i] = err
				return
			}
			for _, metric := range api["apiserver_request_total"].GetMetric() {
				if label(metric, "resource") == "configmaps" {
					requests[i] += metric.GetCounter().GetValue()
				}
			}
			out.memberCPU[i] = cpuSeconds(api) + cpuSeconds(etcd)
		})
	}
	wg.Go(func() {
		var fcp, ctrls map[string]*dto.MetricFamily
		if fcp, errs[len(e.members)] = parseMetricsText(e.fcp.Metrics(ctx)); errs[len(e.members)] != nil {
			return
		}
		if ctrls, errs[len(e.members)] = parseMetricsText(e.ctrls.Metrics(ctx)); errs[len(e.members)] != nil {
			return
		}
		out.fcpCPU, out.ctrlsCPU = cpuSeconds(fcp), cpuSeconds(ctrls)
	})
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		b.Fatal(err)
	}
	for _, r := range requests {
		out.requests += r
	}
	return out
}

// logCPU logs the CPU milliseconds per operation that each part spent between before and
// after, ops operations on the first n members apart; the members' less what they spend idle
// (e.idleCPU). On one machine the members share its cores with fcp, so a fan-out that is
// flat in wall time on separate machines grows with the members' CPU here.
func (e *fanOutEnv) logCPU(b *testing.B, before, after fanOutUsage, ops, n int) {
	perOp := func(seconds float64) float64 { return seconds * 1000 / float64(ops) }
	var placed float64
	for i := range n {
		placed += after.memberCPU[i] - before.memberCPU[i]
	}
	idle := float64(n) * e.idleCPU * after.at.Sub(before.at).Seconds()
	b.Logf("CPU per operation: the %d members %.1f ms (%.1f ms with their idle %.1f ms/s each), fcp %.1f ms, controller-manager %.1f ms",
		n, perOp(placed-idle), perOp(placed), e.idleCPU*1000, perOp(after.fcpCPU-before.fcpCPU), perOp(after.ctrlsCPU-before.ctrlsCPU))
}

// measureIdleCPU sets e.idleCPU from the members' CPU over idleCPUWindow with nothing to do.
func (e *fanOutEnv) measureIdleCPU(ctx context.Context, b *testing.B) {
	before := e.usage(ctx, b)
	time.Sleep(idleCPUWindow)
	after := e.usage(ctx, b)
	var sum float64
	for i := range e.members {
		sum += after.memberCPU[i] - before.memberCPU[i]
	}
	e.idleCPU = sum / float64(len(e.members)) / after.at.Sub(before.at).Seconds()
}

// logRSS logs each member control plane's resident memory, its kube-apiserver's and its
// etcd's process_resident_memory_bytes, and writes them (MiB by member) as the series
// fanout-member-rss.
func (e *fanOutEnv) logRSS(b *testing.B) {
	b.Helper()
	ctx := framework.TestContext(b)
	series := benchSeries{Name: "fanout-member-rss", XUnit: "member", YUnit: "MiB"}
	for i, m := range e.members {
		api, err := apiserverMetrics(ctx, m)
		if err != nil {
			b.Fatal(err)
		}
		etcd, err := etcdMetrics(ctx, m)
		if err != nil {
			b.Fatal(err)
		}
		apiRSS, etcdRSS := rss(api)/(1<<20), rss(etcd)/(1<<20)
		series.X, series.Y = append(series.X, float64(i+1)), append(series.Y, apiRSS+etcdRSS)
		b.Logf("member %s RSS: kube-apiserver %.0f MiB, etcd %.0f MiB", m.Name(), apiRSS, etcdRSS)
	}
	var total float64
	for _, y := range series.Y {
		total += y
	}
	b.Logf("%d members RSS: %.0f MiB in all, %.0f MiB each", len(e.members), total, total/float64(len(e.members)))
	writeSeries(b, series)
}

// apiserverMetrics returns the member kube-apiserver's /metrics, read as its admin.
func apiserverMetrics(ctx context.Context, m *framework.ControlPlane) (map[string]*dto.MetricFamily, error) {
	raw, err := m.Client().CoreV1().RESTClient().Get().AbsPath("/metrics").DoRaw(ctx)
	if err != nil {
		return nil, fmt.Errorf("metrics of %s: %w", m.Name(), err)
	}
	return parseMetrics(bytes.NewReader(raw))
}

// etcdMetrics returns the member etcd's /metrics (plain HTTP on loopback).
func etcdMetrics(ctx context.Context, m *framework.ControlPlane) (map[string]*dto.MetricFamily, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, m.EtcdURL()+"/metrics", nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("etcd metrics of %s: %w", m.Name(), err)
	}
	defer func() { _ = resp.Body.Close() }()
	return parseMetrics(resp.Body)
}

// parseMetricsText parses what a framework Metrics method returned.
func parseMetricsText(text string, err error) (map[string]*dto.MetricFamily, error) {
	if err != nil {
		return nil, err
	}
	return parseMetrics(strings.NewReader(text))
}

func parseMetrics(r io.Reader) (map[string]*dto.MetricFamily, error) {
	parser := expfmt.NewTextParser(model.UTF8Validation)
	return parser.TextToMetricFamilies(r)
}

func rss(families map[string]*dto.MetricFamily) float64 {
	for _, metric := range families["process_resident_memory_bytes"].GetMetric() {
		return metric.GetGauge().GetValue()
	}
	return 0
}

func cpuSeconds(families map[string]*dto.MetricFamily) float64 {
	for _, metric := range families["process_cpu_seconds_total"].GetMetric() {
		return metric.GetCounter().GetValue()
	}
	return 0
}

func label(m *dto.Metric, name string) string {
	for _, l := range m.GetLabel() {
		if l.GetName() == name {
			return l.GetValue()
		}
	}
	return ""
}
