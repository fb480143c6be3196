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
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"k8s.io/federation/pkg/generated/clientset/versioned"
	"k8s.io/federation/test/integration/framework"
)

// benchNamespace exists on both hosts and in every member before the benchmark, so no
// measured write creates a namespace.
const benchNamespace = "bench"

// benchMembers is the widest fan-out measured.
const benchMembers = 4

// benchOp is the operation a write-through sub-benchmark measures.
type benchOp string

const (
	opCreate benchOp = "create"
	opUpdate benchOp = "update"
	opDelete benchOp = "delete"
)

// benchEnv is two hosts sharing four members. Each host runs its own fcp, one with
// pre-flight off and one with it on (the default), so both are measured in one run.
type benchEnv struct {
	members       []*framework.ControlPlane
	direct        []kubernetes.Interface // each member's admin, straight to its kube-apiserver
	directDynamic []dynamic.Interface
	plain         fcpTarget // the host whose fcp runs --preflight=false
	preflight     fcpTarget // the host whose fcp runs with pre-flight
	seq           int       // makes object names unique across scenarios and runs
	// samples holds every measured latency in ms by series name
	// (writethrough-<op>-<path>-members=<n>), over all rounds.
	samples map[string][]float64
}

// fcpTarget is a host to write federated objects through, and its fcp's metrics endpoint.
type fcpTarget struct {
	fed     versioned.Interface
	metrics *http.Client
	fcpURL  string
}

// benchScenario is one way of making, changing and removing a ConfigMap in members.
type benchScenario struct {
	path    string
	members int
	// slug prefixes object names and is their bench label's value.
	slug string
	// create makes the object name: the measured operation of op=create, and the unmeasured
	// setup of op=update and op=delete. update changes its data, delete removes it.
	create, update, delete func(ctx context.Context, name string) error
	// verify, when set, checks after an op's loop that the op did what it says in the
	// members (names are the objects the loop wrote); it is not measured.
	verify func(ctx context.Context, op benchOp, names []string) error
	// cleanup deletes what the scenario made; it is not measured.
	cleanup func(ctx context.Context) error
	// fcp, when set, is scraped for the mean duration of each member write, by operation.
	fcp *fcpTarget
}

// name is the sub-benchmark's: path=<path>/members=<n>.
func (sc benchScenario) name() string { return fmt.Sprintf("path=%s/members=%d", sc.path, sc.members) }

// BenchmarkWriteThrough measures a FederatedConfigMap's write-through create, update and
// delete through the host's aggregator, pre-flight off and on, against the parts it is made
// of, each measured alone in the same rounds:
//
//   - path=direct: the ConfigMap created, updated (its data changed) or deleted straight on
//     the member, as a user of the member would.
//   - path=direct-apply: what fcp sends the member for that operation, alone: a server-side
//     apply of the rendered object (create); a read of the copy, then that apply (update) or
//     a delete on condition of its UID (delete).
//   - path=direct-dryrun-apply: the pre-flight's member part, a dry-run apply then the apply.
//     fcp pre-flights creates and updates only; a delete is not pre-flighted, so for delete
//     this is the delete alone.
//   - path=writethrough, members=0: fcp's own part, the object stored and its status written,
//     placed on no cluster; members=1, 2, 4: the write-through.
//   - path=writethrough-preflight, members=1: the write-through with pre-flight (fcp's default).
//
// The floor of the write-through at an op is writethrough/members=0 + direct-apply/members=1;
// with pre-flight, writethrough/members=0 + direct-dryrun-apply/members=1. Every scenario
// reports p50-ms, p95-ms and p99-ms of its operations (nearest rank) and, through fcp, the mean
// duration of one member write (op=create: member-apply-ms, member-dryrun-ms; op=delete:
// member-remove-ms; none for op=update, whose setup makes the same writes). An update
// is a typed Update of the object the client read (its data changed, so the member must write
// it); a delete returns when the API answers, which for a FederatedConfigMap is after fcp has
// deleted every member copy and released the object (verified after each loop). Every
// latency is also written, over all rounds, as series writethrough-<op>-<path>-members=<n>
// (ms). Sub-benchmarks are round=R/op=<op>/path=<path>/members=<n>:
//
//	go test ./test/integration/ -run '^$' -bench BenchmarkWriteThrough -benchtime=30x -args -bench-rounds=10 >out.txt
//	benchstat -ignore /round -filter '/op:create /members:1' -col /path out.txt   # write-through vs its parts
//	benchstat -ignore /round -filter /path:writethrough -col /members out.txt      # fan-out
func BenchmarkWriteThrough(b *testing.B) {
	env := startBenchEnv(b)
	scenarios := []benchScenario{
		env.directScenario(),
		env.directApplyScenario("direct-apply", false),
		env.directApplyScenario("direct-dryrun-apply", true),
		env.federatedScenario("writethrough", env.plain, 0),
		env.federatedScenario("writethrough", env.plain, 1),
		env.federatedScenario("writethrough-preflight", env.preflight, 1),
		env.federatedScenario("writethrough", env.plain, 2),
		env.federatedScenario("writethrough", env.plain, 4),
	}
	for round := range *benchRounds {
		b.Run("round="+strconv.Itoa(round+1), func(b *testing.B) {
			for _, op := range []benchOp{opCreate, opUpdate, opDelete} {
				b.Run("op="+string(op), func(b *testing.B) {
					for _, sc := range scenarios {
						b.Run(sc.name(), func(b *testing.B) { env.run(b, op, sc) })
					}
				})
			}
		})
	}
	for name, y := range env.samples {
		writeSeries(b, benchSeries{Name: name, YUnit: "ms", Y: y})
	}
}

// run measures sc's op.
func (e *benchEnv) run(b *testing.B, op benchOp, sc benchScenario) {
	b.ReportAllocs()
	ctx := b.Context()
	measured := map[benchOp]func(context.Context, string) error{opCreate: sc.create, opUpdate: sc.update, opDelete: sc.delete}[op]
	before := sc.fcp.memberWrites(ctx, b)
	var durations []time.Duration
	var names []string
	for b.Loop() {
		e.seq++
		name := sc.slug + "-" + strconv.Itoa(e.seq)
		names = append(names, name)
		if op != opCreate {
			b.StopTimer()
			if err := sc.create(ctx, name); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
		start := time.Now()
		if err := measured(ctx, name); err != nil {
			b.Fatal(err)
		}
		durations = append(durations, time.Since(start))
	}
	// b.Loop has stopped the timer: what follows is not measured. fcp's metrics are read
	// around the whole loop (per operation they would cost fcp more CPU than the write), so
	// only member writes the setup's creates do not make are reported: all of a create's,
	// a delete's removals, none of an update's (its apply and dry run are the setup's too).
	for write, after := range sc.fcp.memberWrites(ctx, b) {
		n := after.count - before[write].count
		if n > 0 && (op == opCreate || (op == opDelete && write == "remove")) {
			b.ReportMetric((after.seconds-before[write].seconds)/n*1000, "member-"+write+"-ms")
		}
	}
	if sc.verify != nil {
		if err := sc.verify(ctx, op, names); err != nil {
			b.Fatal(err)
		}
	}
	if err := sc.cleanup(ctx); err != nil {
		b.Fatal(err)
	}
	series := fmt.Sprintf("writethrough-%s-%s-members=%d", op, sc.path, sc.members)
	for _, d := range durations {
		e.samples[series] = append(e.samples[series], float64(d)/float64(time.Millisecond))
	}
	slices.Sort(durations)
	for _, p := range []int{50, 95, 99} {
		b.ReportMetric(float64(percentile(durations, p))/float64(time.Millisecond), "p"+strconv.Itoa(p)+"-ms")
	}
}

// percentile returns the p-th percentile (nearest rank) of sorted durations.
func percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := (p*len(sorted) + 99) / 100
	return sorted[max(rank, 1)-1]
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
	// write with the same durability. fcp's member clients have no client-side limit by
	// default, so the benchmark measures writes, not a rate limiter.
	env := &benchEnv{members: members, samples: map[string][]float64{}}
	env.plain = startFCPTarget(ctx, b, hosts[0], members, framework.FCPOptions{Dir: fcpDirs[0], Args: []string{"--preflight=false"}})
	env.preflight = startFCPTarget(ctx, b, hosts[1], members, framework.FCPOptions{Dir: fcpDirs[1]})
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
