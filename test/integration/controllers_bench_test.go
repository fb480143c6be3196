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

package integration

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/pprof/profile"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/cache"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/generated/clientset/versioned"
	"k8s.io/federation/pkg/propagation"
	"k8s.io/federation/test/integration/framework"
)

// productDefaults undo the framework's test timings of the controller-manager (1s probes, 2s
// write-through grace, a 4s lease renewed within 3s) so that the benchmark runs it as users
// do: every flag at its default. With the test lease, a machine busy creating 10,000 objects
// made it lose leadership, and exit.
var productDefaults = []string{"--cluster-probe-interval=10s", "--cluster-probe-timeout=5s", "--write-through-grace=15s",
	"--leader-elect-lease-duration=15s", "--leader-elect-renew-deadline=10s", "--leader-elect-retry-period=2s"}

// convergenceTimeout bounds one reconvergence; far above the aim (60 s for 10,000 objects).
const convergenceTimeout = 15 * time.Minute

// BenchmarkConvergence measures how fast the controller-manager catches a member up:
// -bench-objects FederatedConfigMaps are created while member-2 (of 2) is down, then member-2
// is started and the clock runs until every object is Propagated and member-2 holds a copy of
// each (its ConfigMaps in the namespace carrying the object's origin annotation). fcp and the
// controller-manager run with their default flags. Reported: s-to-converge, objects/s and
// objects; the series convergence-progress (objects Propagated against seconds since member-2
// was started) and CPU profiles of both processes over the reconvergence,
// convergence-<apiserver|controller-manager>-cpu.pprof, go under -bench-dir. One iteration is
// one outage; run it with -benchtime=1x.
func BenchmarkConvergence(b *testing.B) {
	n := *benchObjects
	// Made before the control planes so that its removal is the last cleanup, after fcp has
	// stopped: removed under a running fcp, the embedded etcd exits fatally.
	fcpDir := tmpfsDir(b)
	cps := framework.StartControlPlanes(b,
		framework.Options{Name: "host"}, framework.Options{Name: "member-1"}, framework.Options{Name: "member-2"})
	host, members := cps[0], cps[1:]
	ctx := framework.TestContext(b)
	fcp, err := host.StartFCP(ctx, framework.FCPOptions{Binary: fcpBinary, Dir: fcpDir})
	if err != nil {
		b.Fatal(err)
	}
	for _, m := range members {
		if _, err := host.RegisterMember(ctx, m, framework.MemberOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	fed, err := versioned.NewForConfig(unthrottled(host.RESTConfig()))
	if err != nil {
		b.Fatal(err)
	}
	if err := waitForClusters(ctx, fed, []string{members[0].Name(), members[1].Name()}); err != nil {
		b.Fatal(err)
	}
	cm, err := host.StartControllerManager(ctx, framework.ControllerManagerOptions{Binary: fcpBinary, Args: productDefaults})
	if err != nil {
		b.Fatal(err)
	}
	admin, err := rest.HTTPClientFor(host.RESTConfig())
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for iteration := range b.N {
		b.StopTimer()
		ns := "converge-" + strconv.Itoa(iteration)
		for _, cp := range []*framework.ControlPlane{host, members[0]} {
			if _, err := cp.Client().CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}, metav1.CreateOptions{}); err != nil {
				b.Fatal(err)
			}
		}
		if err := members[1].StopAPIServer(ctx); err != nil {
			b.Fatal(err)
		}
		created := time.Now()
		createFCMs(b, fed, ns, n, 16)
		b.Logf("Created %d FederatedConfigMaps with member-2 down in %s", n, time.Since(created).Round(time.Millisecond))
		before := convergenceCounts(ctx, b, fcp, cm)
		progress := watchPropagated(ctx, b, fed, ns)
		profiles := startCPUProfiles(ctx, admin, map[string]string{"apiserver": fcp.URL(), "controller-manager": cm.URL()})
		// The clock starts when the member is back (its kube-apiserver ready): its own start-up
		// is not federation's time, and is reported apart as member-start-s.
		restart := time.Now()
		if err := members[1].StartAPIServer(ctx); err != nil {
			b.Fatal(err)
		}
		ready := time.Since(restart)
		b.StartTimer()
		start := time.Now()
		series := benchSeries{Name: "convergence-progress", XUnit: "s", YUnit: "objects"}
		var held int
		for tick := time.NewTicker(200 * time.Millisecond); ; <-tick.C {
			done := progress.Load()
			series.X, series.Y = append(series.X, time.Since(start).Seconds()), append(series.Y, float64(done))
			if done == int64(n) {
				// Propagated everywhere by status; the member must hold them too.
				if held, err = heldByMember(ctx, members[1], ns); err == nil && held == n {
					tick.Stop()
					break
				}
			}
			if time.Since(start) > convergenceTimeout {
				b.Fatalf("not converged after %s: %d of %d Propagated, member-2 holds %d (%v)", convergenceTimeout, done, n, held, err)
			}
		}
		took := time.Since(start)
		b.StopTimer()
		profiles.stopAndSave(b, "convergence-%s-cpu.pprof")
		after := convergenceCounts(ctx, b, fcp, cm)
		// Where the requests went, for the reader of the profiles (stderr: a benchmark's log is cut short).
		fmt.Fprintf(os.Stderr, "Reconvergence of %d objects: member-2's kube-apiserver took %s to start; %.0f reconciles, %.0f retried; fcp served %.0f GET, %.0f PUT\n",
			n, ready.Round(time.Millisecond), after[0]-before[0], after[1]-before[1], after[2]-before[2], after[3]-before[3])
		writeSeries(b, series)
		b.ReportMetric(took.Seconds(), "s-to-converge")
		b.ReportMetric(float64(n)/took.Seconds(), "objects/s")
		b.ReportMetric(float64(n), "objects")
		b.ReportMetric(ready.Seconds(), "member-start-s")
		b.StartTimer()
	}
}

// convergenceCounts reads the controller-manager's reconciles and retries of the sync queue
// and the GETs and PUTs fcp has served, each a running total.
func convergenceCounts(ctx context.Context, b *testing.B, fcp *framework.FCP, cm *framework.ControllerManager) [4]float64 {
	b.Helper()
	cmText, err := cm.Metrics(ctx)
	if err != nil {
		b.Fatal(err)
	}
	fcpText, err := fcp.Metrics(ctx)
	if err != nil {
		b.Fatal(err)
	}
	verb := func(v string) func(map[string]string) bool {
		return func(l map[string]string) bool { return l["verb"] == v && l["group"] == fedv1beta1.GroupName }
	}
	return [4]float64{
		sumMetric(cmText, "federation_sync_reconcile_duration_seconds_count", func(map[string]string) bool { return true }),
		sumMetric(cmText, "workqueue_retries_total", func(l map[string]string) bool { return l["name"] == "federation-sync" }),
		sumMetric(fcpText, "apiserver_request_total", verb("GET")),
		sumMetric(fcpText, "apiserver_request_total", verb("PUT")),
	}
}

// watchPropagated watches ns's FederatedConfigMaps and returns the count of those whose
// Propagated condition is True, kept current by the watch: cheaper for the control plane
// than listing thousands of objects at each poll, and exact to the event.
func watchPropagated(ctx context.Context, b *testing.B, fed versioned.Interface, ns string) *atomic.Int64 {
	b.Helper()
	var count atomic.Int64
	var mu sync.Mutex
	seen := map[string]bool{}
	update := func(obj any, gone bool) {
		fcm, ok := obj.(*fedv1beta1.FederatedConfigMap)
		if !ok {
			return
		}
		now := !gone && propagated(fcm.Status) == metav1.ConditionTrue
		mu.Lock()
		defer mu.Unlock()
		if seen[fcm.Name] != now {
			seen[fcm.Name] = now
			count.Add(map[bool]int64{true: 1, false: -1}[now])
		}
	}
	client := fed.FederationV1beta1().FederatedConfigMaps(ns)
	_, informer := cache.NewInformerWithOptions(cache.InformerOptions{
		ListerWatcher: &cache.ListWatch{
			ListWithContextFunc: func(ctx context.Context, o metav1.ListOptions) (runtime.Object, error) { return client.List(ctx, o) },
			WatchFuncWithContext: func(ctx context.Context, o metav1.ListOptions) (watch.Interface, error) {
				return client.Watch(ctx, o)
			},
		},
		ObjectType: &fedv1beta1.FederatedConfigMap{},
		Handler: cache.ResourceEventHandlerFuncs{
			AddFunc:    func(obj any) { update(obj, false) },
			UpdateFunc: func(_, obj any) { update(obj, false) },
			DeleteFunc: func(obj any) {
				if t, ok := obj.(cache.DeletedFinalStateUnknown); ok {
					obj = t.Obj
				}
				update(obj, true)
			},
		},
	})
	wctx, cancel := context.WithCancel(ctx)
	b.Cleanup(cancel)
	go informer.RunWithContext(wctx)
	if !cache.WaitForCacheSync(wctx.Done(), informer.HasSynced) {
		b.Fatal("FederatedConfigMap watch did not sync")
	}
	return &count
}

// heldByMember counts the ConfigMaps in ns of member that federation wrote for a
// FederatedConfigMap of the same name (origin annotation).
func heldByMember(ctx context.Context, member *framework.ControlPlane, ns string) (int, error) {
	list, err := member.Client().CoreV1().ConfigMaps(ns).List(ctx, metav1.ListOptions{LabelSelector: propagation.ManagedLabel + "=true"})
	if err != nil {
		return 0, err
	}
	held := 0
	for _, cm := range list.Items {
		if cm.Annotations[propagation.OriginAnnotation] == propagation.OriginOf("FederatedConfigMap", ns, cm.Name) {
			held++
		}
	}
	return held, nil
}

// cpuProfiles collects CPU profiles of processes from their /debug/pprof/profile, in
// back-to-back windows of cpuProfileWindow until stopped (a window cut short by an ended
// request returns nothing), merged into one profile each.
type cpuProfiles struct {
	stop    context.CancelFunc
	wg      sync.WaitGroup
	mu      sync.Mutex
	windows map[string][]*profile.Profile
	errs    []error
}

// cpuProfileWindow is the length of one profile request; the last window runs past the end
// of what is measured by up to this much.
const cpuProfileWindow = 5 * time.Second

// startCPUProfiles starts profiling each process of urls (name → base URL) as the host's
// admin, which their delegated authorization allows.
func startCPUProfiles(ctx context.Context, client *http.Client, urls map[string]string) *cpuProfiles {
	ctx, stop := context.WithCancel(ctx)
	p := &cpuProfiles{stop: stop, windows: map[string][]*profile.Profile{}}
	for name, url := range urls {
		p.wg.Go(func() {
			for ctx.Err() == nil {
				prof, err := fetchCPUProfile(context.WithoutCancel(ctx), client, url, cpuProfileWindow)
				p.mu.Lock()
				if err != nil {
					p.errs = append(p.errs, fmt.Errorf("%s: %w", name, err))
				} else {
					p.windows[name] = append(p.windows[name], prof)
				}
				p.mu.Unlock()
				if err != nil {
					return
				}
			}
		})
	}
	return p
}

// stopAndSave waits for the windows in flight, then writes each process's merged profile to
// benchProfilePath(nameFormat with the process name); without -bench-dir it writes nothing.
func (p *cpuProfiles) stopAndSave(b *testing.B, nameFormat string) {
	b.Helper()
	p.stop()
	p.wg.Wait()
	for _, err := range p.errs {
		b.Logf("CPU profile: %v", err)
	}
	for name, windows := range p.windows {
		path := benchProfilePath(b, fmt.Sprintf(nameFormat, name))
		if path == "" {
			continue
		}
		merged, err := profile.Merge(windows)
		if err != nil {
			b.Fatalf("merging %s's CPU profiles: %v", name, err)
		}
		var buf bytes.Buffer
		if err := merged.Write(&buf); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			b.Fatal(err)
		}
	}
}

// fetchCPUProfile returns a CPU profile of d from the process serving base.
func fetchCPUProfile(ctx context.Context, client *http.Client, base string, d time.Duration) (*profile.Profile, error) {
	url := base + "/debug/pprof/profile?seconds=" + strconv.Itoa(int(d/time.Second))
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s: %.200s", url, resp.Status, body)
	}
	return profile.ParseData(body)
}
