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
	"errors"
	"fmt"
	"net"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/generated/clientset/versioned"
	"k8s.io/federation/test/integration/framework"
)

// throughputClients is how many clients create objects at once in BenchmarkThroughput.
const throughputClients = 16

// throughputProcesses names the processes whose CPU BenchmarkThroughput reports, in the
// order of its <process>-cpu-ms/object metrics' series index.
var throughputProcesses = []string{
	"host-kube-apiserver", "host-etcd", "fcp", "controller-manager",
	"member-1-kube-apiserver", "member-1-etcd", "member-2-kube-apiserver", "member-2-etcd",
}

// throughputEnv is a host running the whole product (fcp apiserver with its embedded etcd,
// and the controller-manager, with the flags users run them with) and two members, with
// throughputClients clients to the host and to member-1, each on its own connection.
type throughputEnv struct {
	members []*framework.ControlPlane
	fed     []versioned.Interface
	direct  []kubernetes.Interface
	pids    map[string]int // by throughputProcesses name
}

// BenchmarkThroughput measures how many objects per second 16 concurrent clients create:
//
//   - path=direct: ConfigMaps, straight on member-1.
//   - path=federated: FederatedConfigMaps placed on member-1 and member-2, through the host's
//     aggregator, timed until every one is Propagated (the create's response says so when the
//     write-through reached both members; the rest are waited for, as the controller-manager
//     retries them).
//
// Each path creates -bench-throughput-objects objects and reports objects/s and, for each
// process in throughputProcesses, its CPU time (user + system, /proc/<pid>/stat) over the same
// interval per object, as <process>-cpu-ms/object; fcp's includes its embedded etcd. The CPU
// figures are also written as series throughput-cpu-ms-per-object-<path>: X is the index in
// throughputProcesses, Y ms/object. fcp and the controller-manager run with their default
// flags (no client-side limit on member clients). The CPU window ends when every object is
// Propagated: the controller-manager's later pass over each new object (after
// --write-through-grace) falls outside it, so its, fcp's and the host's figures are a lower
// bound.
//
//	go test ./test/integration/ -run '^$' -bench BenchmarkThroughput -benchtime=1x -args -bench-throughput-objects=2000
func BenchmarkThroughput(b *testing.B) {
	env := startThroughputEnv(b)
	for _, path := range []string{"direct", "federated"} {
		b.Run("path="+path, func(b *testing.B) { env.run(b, path) })
	}
}

// run measures path's creates, once per b.Loop iteration, and reports their totals.
func (e *throughputEnv) run(b *testing.B, path string) {
	ctx := b.Context()
	n := *benchThroughputObjects
	slug := "throughput-" + path
	var objects int
	var elapsed time.Duration
	cpu := make([]time.Duration, len(throughputProcesses))
	for b.Loop() {
		b.StopTimer()
		before := e.cpuTimes(b)
		b.StartTimer()
		start := time.Now()
		var err error
		if path == "direct" {
			err = e.createDirect(ctx, slug, n)
		} else {
			err = e.createFederated(ctx, slug, n)
		}
		if err != nil {
			b.Fatal(err)
		}
		elapsed += time.Since(start)
		b.StopTimer()
		for i, after := range e.cpuTimes(b) {
			cpu[i] += after - before[i]
		}
		objects += n
		if err := e.verifyAndClean(ctx, path, slug, n); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(objects)/elapsed.Seconds(), "objects/s")
	series := benchSeries{Name: "throughput-cpu-ms-per-object-" + path, XUnit: "process", YUnit: "ms"}
	for i, p := range throughputProcesses {
		ms := float64(cpu[i]) / float64(time.Millisecond) / float64(objects)
		b.ReportMetric(ms, p+"-cpu-ms/object")
		series.X = append(series.X, float64(i))
		series.Y = append(series.Y, ms)
	}
	writeSeries(b, series)
}

// createDirect creates n ConfigMaps on member-1 from every client at once.
func (e *throughputEnv) createDirect(ctx context.Context, slug string, n int) error {
	return concurrently(ctx, n, func(ctx context.Context, client, i int) error {
		cm := &corev1.ConfigMap{
			ObjectMeta: metav1.ObjectMeta{Name: slug + "-" + strconv.Itoa(i), Labels: map[string]string{"bench": slug}},
			Data:       benchData(),
		}
		_, err := e.direct[client].CoreV1().ConfigMaps(benchNamespace).Create(ctx, cm, metav1.CreateOptions{})
		return err
	})
}

// createFederated creates n FederatedConfigMaps placed on both members from every client at
// once, and returns once all of them are Propagated.
func (e *throughputEnv) createFederated(ctx context.Context, slug string, n int) error {
	var pending atomic.Int64
	err := concurrently(ctx, n, func(ctx context.Context, client, i int) error {
		fcm := benchFCM(slug+"-"+strconv.Itoa(i), slug)
		fcm.Spec.PropagationSpec = placedOn(e.members[0].Name(), e.members[1].Name())
		got, err := e.fed[client].FederationV1beta1().FederatedConfigMaps(benchNamespace).Create(ctx, fcm, metav1.CreateOptions{})
		if err == nil && propagated(got.Status) != metav1.ConditionTrue {
			pending.Add(1)
		}
		return err
	})
	if err != nil || pending.Load() == 0 {
		return err
	}
	// The write-through did not reach a member for some (e.g. a member write timed out):
	// the controller-manager's sync finishes them.
	fcms := e.fed[0].FederationV1beta1().FederatedConfigMaps(benchNamespace)
	var last string
	err = wait.PollUntilContextTimeout(ctx, time.Second, 10*time.Minute, true, func(ctx context.Context) (bool, error) {
		list, err := fcms.List(ctx, metav1.ListOptions{LabelSelector: "bench=" + slug})
		if err != nil {
			return false, err
		}
		left := 0
		for _, f := range list.Items {
			if propagated(f.Status) != metav1.ConditionTrue || f.Status.ObservedGeneration != f.Generation {
				left++
			}
		}
		last = fmt.Sprintf("%d of %d not Propagated (%d were not when created)", left, len(list.Items), pending.Load())
		return left == 0 && len(list.Items) == n, nil
	})
	if err != nil {
		return fmt.Errorf("waiting for FederatedConfigMaps to be Propagated: %w; %s", err, last)
	}
	return nil
}

// verifyAndClean checks that the members hold the n objects path created (member-1 alone for
// direct, both for federated), then deletes them, from every client at once for federated.
func (e *throughputEnv) verifyAndClean(ctx context.Context, path, slug string, n int) error {
	holders := e.members
	if path == "direct" {
		holders = holders[:1]
	}
	selector := metav1.ListOptions{LabelSelector: "bench=" + slug}
	for _, m := range holders {
		list, err := m.Client().CoreV1().ConfigMaps(benchNamespace).List(ctx, selector)
		if err != nil {
			return err
		}
		if len(list.Items) != n {
			return fmt.Errorf("%s holds %d ConfigMaps labelled bench=%s, want %d", m.Name(), len(list.Items), slug, n)
		}
	}
	if path == "direct" {
		return e.direct[0].CoreV1().ConfigMaps(benchNamespace).DeleteCollection(ctx, metav1.DeleteOptions{}, selector)
	}
	return concurrently(ctx, n, func(ctx context.Context, client, i int) error {
		return e.fed[client].FederationV1beta1().FederatedConfigMaps(benchNamespace).Delete(ctx, slug+"-"+strconv.Itoa(i), metav1.DeleteOptions{})
	})
}

// concurrently runs do for i in [0, n) from throughputClients goroutines (client is the
// goroutine's index) and returns every error.
func concurrently(ctx context.Context, n int, do func(ctx context.Context, client, i int) error) error {
	var next atomic.Int64
	errs := make([]error, throughputClients)
	var wg sync.WaitGroup
	for client := range throughputClients {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				if err := do(ctx, client, i); err != nil {
					errs[client] = errors.Join(errs[client], err)
				}
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// cpuTimes returns the CPU time each process in throughputProcesses has used so far.
func (e *throughputEnv) cpuTimes(b *testing.B) []time.Duration {
	b.Helper()
	out := make([]time.Duration, len(throughputProcesses))
	for i, p := range throughputProcesses {
		t, err := framework.CPUTime(e.pids[p])
		if err != nil {
			b.Fatalf("%s: %v", p, err)
		}
		out[i] = t
	}
	return out
}

// startThroughputEnv starts the host and two members, fcp and the controller-manager on the
// host with their default flags, registers the members and waits until the controller-manager
// reports them Ready and fcp writes through to both.
func startThroughputEnv(b *testing.B) *throughputEnv {
	b.Helper()
	// Made first so that removing it is the last cleanup, after fcp has stopped; tmpfs for the
	// reason startBenchEnv gives.
	fcpDir := tmpfsDir(b)
	cps := framework.StartControlPlanes(b, framework.Options{Name: "host"}, framework.Options{Name: "member-1"}, framework.Options{Name: "member-2"})
	host, members := cps[0], cps[1:]
	ctx := framework.TestContext(b)
	fcp, err := host.StartFCP(ctx, framework.FCPOptions{Binary: fcpBinary, Dir: fcpDir})
	if err != nil {
		b.Fatal(err)
	}
	for _, cp := range cps {
		ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: benchNamespace}}
		if _, err := cp.Client().CoreV1().Namespaces().Create(ctx, ns, metav1.CreateOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	var clusters []string
	for _, m := range members {
		if _, err := host.RegisterMember(ctx, m, framework.MemberOptions{}); err != nil {
			b.Fatal(err)
		}
		clusters = append(clusters, m.Name())
	}
	// The framework's test defaults put back to the controller-manager's own.
	cm, err := host.StartControllerManager(ctx, framework.ControllerManagerOptions{Binary: fcpBinary, Args: []string{
		"--cluster-probe-interval=10s", "--cluster-probe-timeout=5s", "--write-through-grace=15s",
		"--leader-elect-lease-duration=15s", "--leader-elect-renew-deadline=10s", "--leader-elect-retry-period=2s",
	}})
	if err != nil {
		b.Fatal(err)
	}
	env := &throughputEnv{members: members, pids: map[string]int{"fcp": fcp.PID(), "controller-manager": cm.PID()}}
	for _, cp := range cps {
		pids := cp.PIDs()
		env.pids[cp.Name()+"-kube-apiserver"] = pids["kube-apiserver"]
		env.pids[cp.Name()+"-etcd"] = pids["etcd"]
	}
	for range throughputClients {
		fed, err := versioned.NewForConfig(ownConnection(host.RESTConfig()))
		if err != nil {
			b.Fatal(err)
		}
		direct, err := kubernetes.NewForConfig(ownConnection(members[0].RESTConfig()))
		if err != nil {
			b.Fatal(err)
		}
		env.fed, env.direct = append(env.fed, fed), append(env.direct, direct)
	}
	if err := waitForClusters(ctx, env.fed[0], clusters); err != nil {
		b.Fatal(err)
	}
	if err := waitClustersReady(ctx, env.fed[0], clusters); err != nil {
		b.Fatal(err)
	}
	return env
}

// ownConnection makes cfg's client unthrottled and on a connection of its own, as separate
// users' are: client-go shares one transport (one HTTP/2 connection) among configurations
// that are alike, unless they dial themselves.
func ownConnection(cfg *rest.Config) *rest.Config {
	cfg = unthrottled(cfg)
	cfg.Dial = (&net.Dialer{}).DialContext
	return cfg
}

// waitClustersReady waits until the controller-manager, which probes the members, reports
// every cluster Ready: it leads and has synced, so its start-up is not measured.
func waitClustersReady(ctx context.Context, fed versioned.Interface, clusters []string) error {
	return wait.PollUntilContextTimeout(ctx, pollInterval, waitTimeout, true, func(ctx context.Context) (bool, error) {
		for _, name := range clusters {
			c, err := fed.FederationV1beta1().Clusters().Get(ctx, name, metav1.GetOptions{})
			if err != nil {
				return false, err
			}
			if !meta.IsStatusConditionTrue(c.Status.Conditions, fedv1beta1.ClusterReady) {
				return false, nil
			}
		}
		return true, nil
	})
}
