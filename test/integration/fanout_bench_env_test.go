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
	preflight bool // fcp's --preflight
	members   []*framework.ControlPlane
	networks  []fanOutNetwork
	fed       versioned.Interface
	seq       int // makes object names unique across scenarios
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
	if _, err := e.host.StartControllerManager(ctx, framework.ControllerManagerOptions{Binary: fcpBinary,
		Args: []string{"--cluster-probe-interval=10s", "--cluster-probe-timeout=5s", "--write-through-grace=15s",
			"--leader-elect-lease-duration=15s", "--leader-elect-renew-deadline=10s", "--leader-elect-retry-period=2s"}}); err != nil {
		b.Fatal(err)
	}
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

// memberRequests returns the ConfigMap requests all members have served so far (their
// apiserver_request_total, every verb and code, dry runs included).
func (e *fanOutEnv) memberRequests(ctx context.Context, b *testing.B) float64 {
	b.Helper()
	totals := make([]float64, len(e.members))
	errs := make([]error, len(e.members))
	var wg sync.WaitGroup
	for i, m := range e.members {
		wg.Go(func() {
			var families map[string]*dto.MetricFamily
			if families, errs[i] = apiserverMetrics(ctx, m); errs[i] != nil {
				return
			}
			for _, metric := range families["apiserver_request_total"].GetMetric() {
				if label(metric, "resource") == "configmaps" {
					totals[i] += metric.GetCounter().GetValue()
				}
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		b.Fatal(err)
	}
	var sum float64
	for _, t := range totals {
		sum += t
	}
	return sum
}

// logRSS logs each member control plane's resident memory: its kube-apiserver's and its
// etcd's process_resident_memory_bytes.
func (e *fanOutEnv) logRSS(b *testing.B) {
	b.Helper()
	ctx := framework.TestContext(b)
	var total float64
	for _, m := range e.members {
		api, err := apiserverMetrics(ctx, m)
		if err != nil {
			b.Fatal(err)
		}
		etcd, err := etcdMetrics(ctx, m)
		if err != nil {
			b.Fatal(err)
		}
		apiRSS, etcdRSS := rss(api), rss(etcd)
		total += apiRSS + etcdRSS
		b.Logf("member %s RSS: kube-apiserver %.0f MiB, etcd %.0f MiB", m.Name(), apiRSS/(1<<20), etcdRSS/(1<<20))
	}
	b.Logf("%d members RSS: %.0f MiB in all, %.0f MiB each", len(e.members), total/(1<<20), total/float64(len(e.members))/(1<<20))
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

func label(m *dto.Metric, name string) string {
	for _, l := range m.GetLabel() {
		if l.GetName() == name {
			return l.GetValue()
		}
	}
	return ""
}
