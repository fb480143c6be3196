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
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/test/integration/framework"
)

// wanOneWay is the simulated WAN's latency each way between fcp (and the controller-manager)
// and a member: a round trip of 40 ms, as between regions of one continent.
const wanOneWay = 20 * time.Millisecond

// fanOutRoundTrips is how many member round trips, one after another, each operation's
// write-through needs per member on its critical path (members are written in parallel),
// by operation and pre-flight. From pkg/propagation's Engine and pkg/registry's write-through:
//   - create: one server-side apply, made a create by a resourceVersion precondition so that
//     no read is needed (ApplyOptions.Absent); pre-flight first dry-runs that apply: 2.
//   - update: a read of the member's copy, to check it is still federation's (someone may
//     have replaced it) before forcing the apply over it, then the apply: 2; pre-flight
//     dry-runs first (the dry run skips the ownership read): 3.
//   - delete: a read, to check the copy is ours and take its UID, then a delete with that UID
//     as precondition: 2. A delete has no pre-flight.
var fanOutRoundTrips = map[benchOp]map[bool]int{
	opCreate: {false: 1, true: 2},
	opUpdate: {false: 2, true: 3},
	opDelete: {false: 2, true: 2},
}

// fanOutNetwork is one way fcp reaches the members: a Cluster per member, all with this
// network's name prefix.
type fanOutNetwork struct {
	name     string // loopback or wan
	rtt      time.Duration
	clusters []string // member i's Cluster at index i
}

// BenchmarkFanOut measures the write-through of a FederatedConfigMap placed on 1 to N
// members (-bench-fanout), with the members on loopback and behind a simulated WAN (a
// framework.WANProxy adding wanOneWay each way), pre-flight on and off, for create, update
// and delete. It runs the whole product: fcp apiserver and controller-manager with their
// defaults for member clients. Each member is registered twice, as loopback-<member> and
// wan-<member> (through its proxy), and each scenario writes objects of its own names, so no
// two scenarios share a member copy.
//
// Sub-benchmarks are network=<loopback|wan>/preflight=<on|off>/op=<create|update|delete>/members=<n>,
// with metrics p50-ms, p95-ms and p99-ms of the operations (as the client sees them), rtt-ms
// (the round trip injected between fcp and a member), round-trips (fanOutRoundTrips) and
// member-requests/op (ConfigMap requests the members served per operation and per placed
// member, from their apiserver_request_total, to check round-trips against: it counts the
// controller-manager's requests too, which are off the operation's critical path). Aims, computed by the
// report: p50 at 10 members ≤ 1.15× p50 at 1 member, per network; and on the WAN, p50 ≤
// round-trips × rtt-ms + the loopback p50 at the same n. Use -benchtime=Nx so that each
// operation runs on as many objects as the create made.
func BenchmarkFanOut(b *testing.B) {
	counts := fanOutCounts(b)
	env := startFanOutEnv(b, slices.Max(counts))
	// fcp runs with pre-flight off, then is restarted with it on (the default): one host and
	// one set of member clients, rather than a second host, fcp and controller-manager each
	// with their own watches and probes on every member, on a machine that must also hold
	// the members.
	for _, preflight := range []bool{false, true} {
		env.startFCP(b, preflight)
		for _, net := range env.networks {
			for _, n := range counts {
				env.scenario(b, net, preflight, n)
			}
		}
	}
	env.logRSS(b)
}

// fanOutCounts parses -bench-fanout.
func fanOutCounts(b *testing.B) []int {
	b.Helper()
	var counts []int
	for f := range strings.SplitSeq(*benchFanOut, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			b.Fatalf("-bench-fanout=%q: %q is not a member count", *benchFanOut, f)
		}
		counts = append(counts, n)
	}
	return counts
}

// scenario measures create, update and delete on the first n members of net, in that
// order: each operation works on the objects the one before left.
func (e *fanOutEnv) scenario(b *testing.B, net fanOutNetwork, preflight bool, n int) {
	slug := fmt.Sprintf("fanout-%s-preflight-%s-members-%d", net.name, onOff(preflight), n)
	s := &fanOutScenario{env: e, net: net, preflight: preflight, n: n, slug: slug,
		placement: placedOn(net.clusters[:n]...)}
	for _, op := range []benchOp{opCreate, opUpdate, opDelete} {
		b.Run(fmt.Sprintf("network=%s/preflight=%s/op=%s/members=%d", net.name, onOff(preflight), op, n),
			func(b *testing.B) { s.measure(b, op) })
	}
	ctx := framework.TestContext(b)
	if err := e.fcms().DeleteCollection(ctx, metav1.DeleteOptions{}, metav1.ListOptions{LabelSelector: "bench=" + slug}); err != nil {
		b.Fatal(err)
	}
}

// fanOutScenario is one network, pre-flight setting and member count; live holds the
// objects created and not yet deleted, oldest first.
type fanOutScenario struct {
	env       *fanOutEnv
	net       fanOutNetwork
	preflight bool
	n         int
	slug      string
	placement fedv1beta1.PropagationSpec
	live      []string
	updates   int
	deleted   string // the object deleted last
}

// measure runs op in a b.Loop, timing each operation alone, and reports the metrics.
func (s *fanOutScenario) measure(b *testing.B, op benchOp) {
	ctx := b.Context()
	if op == opUpdate && len(s.live) == 0 {
		s.create(ctx, b) // op=create was not selected
	}
	before := s.env.usage(ctx, b)
	var latencies []time.Duration
	refills := 0
	for b.Loop() {
		var name string
		switch op {
		case opCreate:
			s.env.seq++
			name = s.slug + "-" + strconv.Itoa(s.env.seq)
		case opUpdate:
			name = s.live[s.updates%len(s.live)]
			s.updates++
		case opDelete:
			if len(s.live) == 0 {
				// More deletes than creates (a -benchtime in seconds): not timed, but its
				// member requests would be counted, so none are reported.
				s.create(ctx, b)
				refills++
			}
			name = s.live[0]
		}
		start := time.Now()
		s.do(ctx, b, op, name)
		latencies = append(latencies, time.Since(start))
		switch op {
		case opCreate:
			s.live = append(s.live, name)
		case opDelete:
			s.live, s.deleted = s.live[1:], name
		}
	}
	// b.Loop has stopped the timer: what follows is not measured.
	after := s.env.usage(ctx, b)
	s.env.logCPU(b, before, after, len(latencies), s.n)
	if op == opDelete {
		s.checkRemoved(ctx, b)
	}
	slices.Sort(latencies)
	for _, p := range []int{50, 95, 99} {
		b.ReportMetric(float64(percentile(latencies, p))/float64(time.Millisecond), "p"+strconv.Itoa(p)+"-ms")
	}
	b.ReportMetric(float64(s.net.rtt)/float64(time.Millisecond), "rtt-ms")
	b.ReportMetric(float64(fanOutRoundTrips[op][s.preflight]), "round-trips")
	if refills == 0 {
		b.ReportMetric((after.requests-before.requests)/float64(len(latencies)*s.n), "member-requests/op")
	} else {
		b.Logf("%d objects created within op=delete's loop; member-requests/op not reported", refills)
	}
	ys := make([]float64, len(latencies))
	for i, d := range latencies {
		ys[i] = float64(d) / float64(time.Millisecond)
	}
	writeSeries(b, benchSeries{Name: fmt.Sprintf("fanout-%s-preflight-%s-%s-members=%d", s.net.name, onOff(s.preflight), op, s.n), YUnit: "ms", Y: ys})
}

// create makes one object outside a measurement, for an operation that needs one.
func (s *fanOutScenario) create(ctx context.Context, b *testing.B) {
	s.env.seq++
	name := s.slug + "-" + strconv.Itoa(s.env.seq)
	s.do(ctx, b, opCreate, name)
	s.live = append(s.live, name)
}

// do runs op on the object name and fails b unless its write-through reached every member.
func (s *fanOutScenario) do(ctx context.Context, b *testing.B, op benchOp, name string) {
	fcms := s.env.fcms()
	var got *fedv1beta1.FederatedConfigMap
	var err error
	switch op {
	case opCreate:
		fcm := benchFCM(name, s.slug)
		fcm.Spec.PropagationSpec = s.placement
		got, err = fcms.Create(ctx, fcm, metav1.CreateOptions{})
	case opUpdate:
		patch := fmt.Sprintf(`{"spec":{"template":{"data":{"color":"shade-%d"}}}}`, s.updates)
		got, err = fcms.Patch(ctx, name, types.MergePatchType, []byte(patch), metav1.PatchOptions{})
	case opDelete:
		err = fcms.Delete(ctx, name, metav1.DeleteOptions{})
	}
	if err != nil {
		b.Fatalf("%s %s: %v", op, name, err)
	}
	// A write that did not reach its members would make the numbers meaningless.
	if got != nil && (propagated(got.Status) != metav1.ConditionTrue || got.Status.ObservedGeneration != got.Generation || len(got.Status.Clusters) != s.n) {
		b.Fatalf("%s %s: not propagated to its %d members: generation %d, status %+v", op, name, s.n, got.Generation, got.Status)
	}
}

// checkRemoved fails b if the object deleted last is still on the host or in a member: a
// delete returns once its members are done.
func (s *fanOutScenario) checkRemoved(ctx context.Context, b *testing.B) {
	name := s.deleted
	if _, err := s.env.fcms().Get(ctx, name, metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		b.Fatalf("FederatedConfigMap %s after its delete returned: %v", name, err)
	}
	for _, m := range s.env.members[:s.n] {
		if _, err := m.Client().CoreV1().ConfigMaps(benchNamespace).Get(ctx, name, metav1.GetOptions{}); !apierrors.IsNotFound(err) {
			b.Fatalf("member %s still holds %s after its delete returned: %v", m.Name(), name, err)
		}
	}
}

func onOff(on bool) string {
	if on {
		return "on"
	}
	return "off"
}
