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
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apimeta "k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/rest"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/generated/clientset/versioned"
	"k8s.io/federation/test/integration/framework"
)

const (
	// scaleCheckpoints is how many batches the load is created in; memory is measured after
	// each, so the curve has this many points besides idle.
	scaleCheckpoints = 5
	// scaleClients is how many create requests are in flight during the load.
	scaleClients = 8
	// scaleWriteThroughGrace is the controller-manager's default --write-through-grace: a new
	// object is reconciled again this long after its create, so the controllers are not
	// settled before it has passed.
	scaleWriteThroughGrace = 15 * time.Second
	// scaleSettleTimeout bounds every wait for propagation and for the controllers to settle.
	scaleSettleTimeout = 20 * time.Minute
	mib                = 1 << 20
)

// BenchmarkAtScale holds -bench-objects FederatedConfigMaps placed on 2 members (twice as
// many member objects) under an `fcp apiserver` and `fcp controller-manager` run with the
// product's default flags (fcp's embedded etcd on tmpfs), and measures issue 16's aims 4
// (memory) and 6 (steady state):
//   - each process's RSS (from /proc) and Go heap in use (go_memstats_heap_inuse_bytes, after
//     a forced GC where the process serves /debug/pprof) idle, after every fifth of the
//     objects, and after both processes restart on the same data (MiB);
//   - the create rate of the load (objects/s) and fcp's etcd database file (MiB);
//   - every write anywhere (fcp, host, members) over a window with no user churn (count,
//     expected 0), the window covering two full resyncs of every object.
//
// One iteration is the whole story: run it with -benchtime=1x.
func BenchmarkAtScale(b *testing.B) {
	if b.N != 1 {
		b.Fatalf("BenchmarkAtScale builds one federation and measures it once: run it with -benchtime=1x (b.N = %d)", b.N)
	}
	n := *benchObjects
	// Quick runs (fewer objects) watch for one minute, the full suite for two.
	window := 60 * time.Second
	if n >= 10000 {
		window = 120 * time.Second
	}
	e := startScaleEnv(b, window/2)
	ctx := framework.TestContext(b)
	curve := &memoryCurve{}
	idle := e.measure(ctx, b, "idle")
	curve.add(0, idle)

	// Load: n objects in scaleCheckpoints batches, one namespace each.
	var creating time.Duration
	for batch := range scaleCheckpoints {
		count := n*(batch+1)/scaleCheckpoints - n*batch/scaleCheckpoints
		ns := "atscale-" + strconv.Itoa(batch)
		if _, err := e.host.Client().CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}, metav1.CreateOptions{}); err != nil {
			b.Fatal(err)
		}
		creating += timed(func() { createFCMs(b, e.fed, ns, count, scaleClients) })
		held := n * (batch + 1) / scaleCheckpoints
		e.settle(ctx, b, held, held)
		curve.add(held, e.measure(ctx, b, "loaded"))
	}
	loaded := curve.last()
	db, err := os.Stat(filepath.Join(e.fcp.DataDir(), "member", "snap", "db"))
	if err != nil {
		b.Fatal(err)
	}

	steady := e.steadyWrites(ctx, b, window)

	for _, stop := range []func(context.Context) error{e.cm.Stop, e.fcp.Stop} {
		if err := stop(ctx); err != nil {
			b.Fatal(err)
		}
	}
	for _, start := range []func(context.Context) error{e.fcp.Start, e.cm.Start} {
		if err := start(ctx); err != nil {
			b.Fatal(err)
		}
	}
	e.settle(ctx, b, n, n)
	restarted := e.measure(ctx, b, "restarted")

	b.ReportMetric(float64(n), "objects")
	for _, p := range scaleProcesses {
		b.ReportMetric(idle[p].rss, p+"-idle-rss-MiB")
		b.ReportMetric(idle[p].heap, p+"-idle-heap-MiB")
		b.ReportMetric(loaded[p].rss, p+"-loaded-rss-MiB")
		b.ReportMetric(loaded[p].heap, p+"-loaded-heap-MiB")
		b.ReportMetric(restarted[p].rss, p+"-restarted-rss-MiB")
		b.ReportMetric(restarted[p].heap, p+"-restarted-heap-MiB")
		b.Logf("%s: RSS %.1f -> %.1f MiB (+%.1f MiB per 10,000 objects, aim <= 150), restarted %.1f MiB (%.2fx loaded, aim <= 1.2); "+
			"heap %.1f -> %.1f MiB (+%.1f per 10,000), restarted %.1f MiB (%.2fx); heap after a forced GC: %v",
			p, idle[p].rss, loaded[p].rss, (loaded[p].rss-idle[p].rss)*10000/float64(n), restarted[p].rss, restarted[p].rss/loaded[p].rss,
			idle[p].heap, loaded[p].heap, (loaded[p].heap-idle[p].heap)*10000/float64(n), restarted[p].heap, restarted[p].heap/loaded[p].heap,
			loaded[p].gcForced)
	}
	b.ReportMetric(float64(db.Size())/mib, "etcd-db-MiB")
	b.ReportMetric(steady, "steady-writes")
	b.ReportMetric(window.Seconds(), "steady-window-s")
	b.ReportMetric(float64(n)/creating.Seconds(), "create-objects/s")
	curve.write(b)
}

// scaleProcesses names the measured processes as the metrics do.
var scaleProcesses = []string{"apiserver", "controller-manager"}

// scaleEnv is a host, 2 members, fcp and its controller-manager, and the clients that read
// them.
type scaleEnv struct {
	host    *framework.ControlPlane
	members []*framework.ControlPlane
	fcp     *framework.FCP
	cm      *framework.ControllerManager
	fed     versioned.Interface
	// admin reaches fcp's and the controller-manager's own ports as the host's admin, whom
	// both authenticate and authorize by delegation to the host.
	admin *http.Client
}

// startScaleEnv starts the federation with the product's default flags, except the
// controller-manager's --resync-period, and waits until both Clusters are Ready.
func startScaleEnv(b *testing.B, resync time.Duration) *scaleEnv {
	b.Helper()
	// Made before the control planes so that its removal is the last cleanup, after fcp has
	// stopped: removed under a running fcp, the embedded etcd exits fatally.
	fcpDir := tmpfsDir(b)
	cps := framework.StartControlPlanes(b,
		framework.Options{Name: "host"}, framework.Options{Name: "member-1"}, framework.Options{Name: "member-2"})
	e := &scaleEnv{host: cps[0], members: cps[1:]}
	ctx := framework.TestContext(b)
	var err error
	if e.fcp, err = e.host.StartFCP(ctx, framework.FCPOptions{Binary: fcpBinary, Dir: fcpDir}); err != nil {
		b.Fatal(err)
	}
	var clusters []string
	for _, m := range e.members {
		if _, err := e.host.RegisterMember(ctx, m, framework.MemberOptions{}); err != nil {
			b.Fatal(err)
		}
		clusters = append(clusters, m.Name())
	}
	if e.fed, err = versioned.NewForConfig(unthrottled(e.host.RESTConfig())); err != nil {
		b.Fatal(err)
	}
	if e.admin, err = rest.HTTPClientFor(e.host.RESTConfig()); err != nil {
		b.Fatal(err)
	}
	if err := waitForClusters(ctx, e.fed, clusters); err != nil {
		b.Fatal(err)
	}
	// The framework's test timings (1s probes, 4s lease, 2s grace) are put back to the
	// product's defaults. The resync period is the one change: at its default of 5 minutes
	// the steady-state window would see no resync, and a resync of every object is what
	// could write when nothing changed.
	e.cm, err = e.host.StartControllerManager(ctx, framework.ControllerManagerOptions{Binary: fcpBinary, Args: []string{
		"--cluster-probe-interval=10s", "--cluster-probe-timeout=5s",
		"--leader-elect-lease-duration=15s", "--leader-elect-renew-deadline=10s", "--leader-elect-retry-period=2s",
		"--write-through-grace=" + scaleWriteThroughGrace.String(), "--resync-period=" + resync.String(),
	}})
	if err != nil {
		b.Fatal(err)
	}
	e.settle(ctx, b, 0, 0)
	return e
}

// settle waits until both Clusters are Ready, objects FederatedConfigMaps are Propagated,
// and the controller-manager is quiet: a write-through grace has passed (objects created
// just before are reconciled again once it ends), it has made at least reconciles reconciles
// since it started, its queues are empty and its reconcile count has not moved for 3s.
func (e *scaleEnv) settle(ctx context.Context, b *testing.B, objects, reconciles int) {
	b.Helper()
	start := time.Now()
	var last error
	var lastCount float64
	lastChange := start
	err := wait.PollUntilContextTimeout(ctx, time.Second, scaleSettleTimeout, true, func(ctx context.Context) (bool, error) {
		last = e.quiet(ctx, objects, reconciles, &lastCount, &lastChange)
		return last == nil && time.Since(start) >= scaleWriteThroughGrace, nil
	})
	if err != nil {
		b.Fatalf("not settled with %d objects: %v; last: %v", objects, err, last)
	}
	b.Logf("Settled with %d objects after %v: %.0f reconciles", objects, time.Since(start).Round(time.Second), lastCount)
}

// quiet is one look of settle; it tracks when the reconcile count last moved.
func (e *scaleEnv) quiet(ctx context.Context, objects, reconciles int, lastCount *float64, lastChange *time.Time) error {
	clusters, err := e.fed.FederationV1beta1().Clusters().List(ctx, metav1.ListOptions{})
	if err != nil {
		return err
	}
	for _, c := range clusters.Items {
		if !apimeta.IsStatusConditionTrue(c.Status.Conditions, fedv1beta1.ClusterReady) {
			return fmt.Errorf("cluster %s is not Ready", c.Name)
		}
	}
	list, err := e.fed.FederationV1beta1().FederatedConfigMaps("").List(ctx, metav1.ListOptions{})
	if err != nil {
		return err
	}
	done := 0
	for _, o := range list.Items {
		if propagated(o.Status) == metav1.ConditionTrue {
			done++
		}
	}
	if done != objects || len(list.Items) != objects {
		return fmt.Errorf("%d of %d Propagated (%d objects)", done, objects, len(list.Items))
	}
	families, err := parseMetricsText(e.cm.Metrics(ctx))
	if err != nil {
		return err
	}
	count := sumFamily(families, "federation_sync_reconcile_duration_seconds")
	if count != *lastCount {
		*lastCount, *lastChange = count, time.Now()
	}
	if depth := sumFamily(families, "workqueue_depth"); depth != 0 || count < float64(reconciles) {
		return fmt.Errorf("controller-manager: %v queued, %v of at least %d reconciles", depth, count, reconciles)
	}
	if since := time.Since(*lastChange); since < 3*time.Second {
		return fmt.Errorf("controller-manager reconciled %v ago", since.Round(time.Second))
	}
	return nil
}
