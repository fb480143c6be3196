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
	"io"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	typedcorev1 "k8s.io/client-go/kubernetes/typed/core/v1"
	"k8s.io/client-go/rest"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/generated/clientset/versioned"
	"k8s.io/federation/pkg/propagation"
	"k8s.io/federation/test/integration/framework"
)

// benchNamespace exists on both hosts and in every member before the benchmark, so no
// measured write creates a namespace.
const benchNamespace = "bench"

// benchMembers is the widest fan-out measured.
const benchMembers = 4

// benchEnv is two hosts sharing four members. Each host runs its own fcp, one with
// pre-flight off and one with it on (the default), so both are measured in one run.
type benchEnv struct {
	members       []*framework.ControlPlane
	direct        []kubernetes.Interface // each member's admin, straight to its kube-apiserver
	directDynamic []dynamic.Interface
	plain         fcpTarget // the host whose fcp runs --preflight=false
	preflight     fcpTarget // the host whose fcp runs with pre-flight
	seq           int       // makes object names unique across scenarios and runs
}

// fcpTarget is a host to write federated objects through, and its fcp's metrics endpoint.
type fcpTarget struct {
	fed     versioned.Interface
	metrics *http.Client
	fcpURL  string
}

// benchScenario is one way of creating a ConfigMap in members.
type benchScenario struct {
	// name is the sub-benchmark's, path=<how>/members=<n>.
	name string
	// slug prefixes object names and is their bench label's value.
	slug string
	// create creates one object named name; it is the measured operation.
	create func(ctx context.Context, name string) error
	// cleanup deletes what create made; it is not measured.
	cleanup func(ctx context.Context) error
	// fcp, when set, is scraped for the mean duration of each member write, by operation.
	fcp *fcpTarget
}

// BenchmarkWriteThrough measures a write-through create of a FederatedConfigMap, through
// the host's aggregator, against a direct create of the same ConfigMap on the member, and
// the fan-out to 1, 2 and 4 members. Two more scenarios measure the write-through's parts
// alone: direct-apply (fcp's member write, sent straight to the member) and writethrough to
// 0 members (fcp's own create and status write through the aggregator); their sum is the
// floor the write-through itself cannot go below. Each scenario also reports the median and
// 95th percentile of its operations (p50-ms, p95-ms) and, through fcp, the mean duration of
// one member write (member-apply-ms, member-dryrun-ms). Scenario names are
// round=R/path=.../members=N: `make bench` summarises them with hack/benchreport, and
// benchstat computes the ratios too:
//
//	go test ./test/integration/ -run '^$' -bench BenchmarkWriteThrough -benchtime=30x -args -bench-rounds=10 >out.txt
//	benchstat -ignore /round -filter /members:1 -col /path out.txt              # write-through vs direct
//	benchstat -ignore /round -filter /path:writethrough -col /members out.txt   # fan-out
//	benchstat -ignore /round -filter /path:direct -col /members out.txt         # this machine's parallelism
func BenchmarkWriteThrough(b *testing.B) {
	env := startBenchEnv(b)
	scenarios := []benchScenario{
		env.directScenario(1),
		// The fan-out's floor on this machine: the same creates sent to 4 members at once.
		env.directScenario(4),
		// What the write-through is made of, each measured alone: the member write fcp makes
		// (a server-side apply of the rendered object), and fcp's own part, a federated object
		// placed on no cluster (created through the aggregator, status written).
		env.directApplyScenario(1),
		env.directApplyScenario(4),
		env.federatedScenario("writethrough", env.plain, 0),
		env.federatedScenario("writethrough", env.plain, 1),
		env.federatedScenario("writethrough-preflight", env.preflight, 1),
		env.federatedScenario("writethrough", env.plain, 2),
		env.federatedScenario("writethrough", env.plain, 4),
	}
	for round := range *benchRounds {
		b.Run("round="+strconv.Itoa(round+1), func(b *testing.B) {
			for _, sc := range scenarios {
				b.Run(sc.name, func(b *testing.B) { env.run(b, sc) })
			}
		})
	}
}

// run measures sc's creates.
func (e *benchEnv) run(b *testing.B, sc benchScenario) {
	b.ReportAllocs()
	ctx := b.Context()
	before := sc.fcp.memberWrites(ctx, b)
	durations := make([]time.Duration, 0, 1024)
	for b.Loop() {
		e.seq++
		name := sc.slug + "-" + strconv.Itoa(e.seq)
		start := time.Now()
		if err := sc.create(ctx, name); err != nil {
			b.Fatal(err)
		}
		durations = append(durations, time.Since(start))
	}
	// b.Loop has stopped the timer: what follows is not measured.
	for op, after := range sc.fcp.memberWrites(ctx, b) {
		if n := after.count - before[op].count; n > 0 {
			b.ReportMetric((after.seconds-before[op].seconds)/n*1000, "member-"+op+"-ms")
		}
	}
	if err := sc.cleanup(ctx); err != nil {
		b.Fatal(err)
	}
	slices.Sort(durations)
	b.ReportMetric(float64(percentile(durations, 50))/float64(time.Millisecond), "p50-ms")
	b.ReportMetric(float64(percentile(durations, 95))/float64(time.Millisecond), "p95-ms")
}

// percentile returns the p-th percentile (nearest rank) of sorted durations.
func percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := (p*len(sorted) + 99) / 100
	return sorted[max(rank, 1)-1]
}

// directScenario creates a ConfigMap straight on each of the first n members, in parallel.
func (e *benchEnv) directScenario(n int) benchScenario {
	slug := "direct-" + strconv.Itoa(n)
	selector := metav1.ListOptions{LabelSelector: "bench=" + slug}
	var cms []typedcorev1.ConfigMapInterface
	for _, c := range e.direct[:n] {
		cms = append(cms, c.CoreV1().ConfigMaps(benchNamespace))
	}
	return benchScenario{
		name: fmt.Sprintf("path=direct/members=%d", n),
		slug: slug,
		create: func(ctx context.Context, name string) error {
			cm := &corev1.ConfigMap{
				ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{"bench": slug}},
				Data:       benchData(),
			}
			errs := make([]error, len(cms))
			var wg sync.WaitGroup
			for i, c := range cms {
				wg.Go(func() { _, errs[i] = c.Create(ctx, cm, metav1.CreateOptions{}) })
			}
			wg.Wait()
			return errors.Join(errs...)
		},
		cleanup: func(ctx context.Context) error {
			var errs []error
			for _, c := range cms {
				errs = append(errs, c.DeleteCollection(ctx, metav1.DeleteOptions{}, selector))
			}
			return errors.Join(errs...)
		},
	}
}

// directApplyScenario server-side applies, straight to each of the first n members in
// parallel, the very object fcp would write there for a FederatedConfigMap, as fcp does.
func (e *benchEnv) directApplyScenario(n int) benchScenario {
	slug := "direct-apply-" + strconv.Itoa(n)
	var cms []dynamic.ResourceInterface
	for _, c := range e.directDynamic[:n] {
		cms = append(cms, c.Resource(corev1.SchemeGroupVersion.WithResource("configmaps")).Namespace(benchNamespace))
	}
	return benchScenario{
		name: fmt.Sprintf("path=direct-apply/members=%d", n),
		slug: slug,
		create: func(ctx context.Context, name string) error {
			obj, err := propagation.Render(benchFCM(name, slug), e.members[0].Name(), nil)
			if err != nil {
				return err
			}
			errs := make([]error, len(cms))
			var wg sync.WaitGroup
			for i, c := range cms {
				wg.Go(func() {
					_, errs[i] = c.Apply(ctx, name, obj, metav1.ApplyOptions{FieldManager: propagation.FieldManager, Force: true})
				})
			}
			wg.Wait()
			return errors.Join(errs...)
		},
		cleanup: func(ctx context.Context) error {
			var errs []error
			for _, c := range cms {
				errs = append(errs, c.DeleteCollection(ctx, metav1.DeleteOptions{}, metav1.ListOptions{LabelSelector: "bench=" + slug}))
			}
			return errors.Join(errs...)
		},
	}
}

// federatedScenario creates FederatedConfigMaps through target, placed on the first n
// members; with n = 0, on none (a selector no cluster matches).
func (e *benchEnv) federatedScenario(path string, target fcpTarget, n int) benchScenario {
	slug := path + "-" + strconv.Itoa(n)
	var clusters []string
	for _, m := range e.members[:n] {
		clusters = append(clusters, m.Name())
	}
	placement := placedOn(clusters...)
	want := metav1.ConditionTrue
	if n == 0 {
		placement.Placement.ClusterSelector = &metav1.LabelSelector{MatchLabels: map[string]string{"bench": "no-such-cluster"}}
		want = metav1.ConditionFalse // NoClustersPlaced
	}
	fcms := target.fed.FederationV1beta1().FederatedConfigMaps(benchNamespace)
	return benchScenario{
		name: fmt.Sprintf("path=%s/members=%d", path, n),
		slug: slug,
		fcp:  &target,
		create: func(ctx context.Context, name string) error {
			fcm := benchFCM(name, slug)
			fcm.Spec.PropagationSpec = placement
			got, err := fcms.Create(ctx, fcm, metav1.CreateOptions{})
			if err != nil {
				return err
			}
			// A create that did not reach its members would make the numbers meaningless.
			if propagated(got.Status) != want {
				return fmt.Errorf("FederatedConfigMap %s: Propagated is not %s: %+v", name, want, got.Status)
			}
			return nil
		},
		cleanup: func(ctx context.Context) error {
			return fcms.DeleteCollection(ctx, metav1.DeleteOptions{}, metav1.ListOptions{LabelSelector: "bench=" + slug})
		},
	}
}

// benchFCM is the FederatedConfigMap the scenarios create, without a placement.
func benchFCM(name, slug string) *fedv1beta1.FederatedConfigMap {
	return &fedv1beta1.FederatedConfigMap{
		TypeMeta:   metav1.TypeMeta{APIVersion: fedv1beta1.SchemeGroupVersion.String(), Kind: "FederatedConfigMap"},
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: benchNamespace, Labels: map[string]string{"bench": slug}},
		Spec:       fedv1beta1.FederatedConfigMapSpec{Template: fedv1beta1.ConfigMapTemplate{Data: benchData()}},
	}
}

func benchData() map[string]string {
	return map[string]string{"greeting": "hello", "color": "blue"}
}

// startBenchEnv starts two hosts and benchMembers members, an fcp on each host, registers
// every member with both and waits until both fcps reach them all.
func startBenchEnv(b *testing.B) *benchEnv {
	b.Helper()
	opts := []framework.Options{{Name: "host-plain"}, {Name: "host-preflight"}}
	for i := range benchMembers {
		opts = append(opts, framework.Options{Name: "member-" + strconv.Itoa(i+1)})
	}
	// Made first so that removing them is the last cleanup, after fcp has stopped.
	fcpDirs := []string{tmpfsDir(b), tmpfsDir(b)}
	cps := framework.StartControlPlanes(b, opts...)
	hosts, members := cps[:2], cps[2:]
	ctx := framework.TestContext(b)
	// The members' etcd runs with --unsafe-no-fsync. fcp's embedded etcd has no such switch,
	// so its data goes to tmpfs, where fsync costs nothing either: both sides of every ratio
	// write with the same durability. Member client limits are raised so that the
	// benchmark measures writes, not fcp's client-side rate limiter.
	common := []string{"--member-qps=10000", "--member-burst=10000"}
	env := &benchEnv{members: members}
	env.plain = startFCPTarget(ctx, b, hosts[0], members, framework.FCPOptions{Dir: fcpDirs[0], Args: append([]string{"--preflight=false"}, common...)})
	env.preflight = startFCPTarget(ctx, b, hosts[1], members, framework.FCPOptions{Dir: fcpDirs[1], Args: common})
	var clusters []string
	for _, cp := range cps {
		ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: benchNamespace}}
		if _, err := cp.Client().CoreV1().Namespaces().Create(ctx, ns, metav1.CreateOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	for _, m := range members {
		clusters = append(clusters, m.Name())
		direct, err := kubernetes.NewForConfig(unthrottled(m.RESTConfig()))
		if err != nil {
			b.Fatal(err)
		}
		env.direct = append(env.direct, direct)
		dyn, err := dynamic.NewForConfig(unthrottled(m.RESTConfig()))
		if err != nil {
			b.Fatal(err)
		}
		env.directDynamic = append(env.directDynamic, dyn)
	}
	for _, target := range []fcpTarget{env.plain, env.preflight} {
		if err := waitForClusters(ctx, target.fed, clusters); err != nil {
			b.Fatal(err)
		}
	}
	return env
}

// startFCPTarget runs fcp for host with opts (its Binary is set here) and registers members.
func startFCPTarget(ctx context.Context, b *testing.B, host *framework.ControlPlane, members []*framework.ControlPlane, opts framework.FCPOptions) fcpTarget {
	b.Helper()
	opts.Binary = fcpBinary
	fcp, err := host.StartFCP(ctx, opts)
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
	// fcp's serving certificate comes from the host's CA, and it authenticates the host's
	// admin by delegation: the admin's configuration reaches fcp directly.
	cfg := host.RESTConfig()
	cfg.Host = fcp.URL()
	metrics, err := rest.HTTPClientFor(cfg)
	if err != nil {
		b.Fatal(err)
	}
	return fcpTarget{fed: fed, metrics: metrics, fcpURL: fcp.URL()}
}

// memberWriteTotals are the sum and count of a histogram of member write durations.
type memberWriteTotals struct{ seconds, count float64 }

// memberWrites returns fcp's successful member write durations so far, summed over
// clusters, by operation (apply, dryrun, remove). A nil target has none.
func (f *fcpTarget) memberWrites(ctx context.Context, b *testing.B) map[string]memberWriteTotals {
	b.Helper()
	out := map[string]memberWriteTotals{}
	if f == nil {
		return out
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, f.fcpURL+"/metrics", nil)
	if err != nil {
		b.Fatal(err)
	}
	resp, err := f.metrics.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	if err := errors.Join(err, resp.Body.Close()); err != nil {
		b.Fatal(err)
	}
	const metric = "federation_propagation_member_write_duration_seconds"
	for line := range strings.Lines(string(body)) {
		fields := strings.Fields(line)
		if len(fields) != 2 || !strings.Contains(fields[0], `result="success"`) {
			continue
		}
		_, labels, _ := strings.Cut(fields[0], `operation="`)
		op, _, _ := strings.Cut(labels, `"`)
		v, err := strconv.ParseFloat(fields[1], 64)
		if err != nil {
			b.Fatalf("metrics line %q: %v", line, err)
		}
		t := out[op]
		switch {
		case strings.HasPrefix(fields[0], metric+"_sum{"):
			t.seconds += v
		case strings.HasPrefix(fields[0], metric+"_count{"):
			t.count += v
		default:
			continue
		}
		out[op] = t
	}
	return out
}

// unthrottled turns off cfg's client-side rate limiter: a negative QPS disables it.
func unthrottled(cfg *rest.Config) *rest.Config {
	cfg.QPS, cfg.Burst = -1, 0
	return cfg
}

// tmpfsDir returns a new directory on /dev/shm, removed when b ends, or b.TempDir() where
// there is no /dev/shm (the ratios then include fcp's fsyncs). Cleanups run last first: call
// it before starting what uses the directory.
func tmpfsDir(b *testing.B) string {
	b.Helper()
	dir, err := os.MkdirTemp("/dev/shm", "federation-bench-fcp-")
	if err != nil {
		b.Logf("No tmpfs for fcp's etcd (%v); its fsyncs count in the results", err)
		return b.TempDir()
	}
	b.Cleanup(func() {
		if err := os.RemoveAll(dir); err != nil {
			b.Error(err)
		}
	})
	return dir
}
