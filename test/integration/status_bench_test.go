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
	"strconv"
	"sync"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/utils/ptr"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/test/integration/framework"
)

const (
	// statusObjects FederatedDeployments, each on both members, take the status changes.
	statusObjects = 200
	// statusChangesPerCopy is how often each member copy's status changes in one burst:
	// a burst is statusObjects × 2 × statusChangesPerCopy member writes.
	statusChangesPerCopy = 5
	// statusWriters write the member status changes concurrently.
	statusWriters = 4
	// rolloutReplicas is the rolled-out FederatedDeployment's spec.replicas, divided evenly
	// over the two members by spec.replicaScheduling.
	rolloutReplicas = 100
)

// statusScenario is a controller-manager configuration the status throughput is measured
// with.
type statusScenario struct {
	// name is the sub-benchmark's.
	name string
	// args are the controller-manager's flags after the framework's defaults.
	args []string
}

// BenchmarkStatusAggregationThroughput measures how many member status changes per second
// the sync controller absorbs into the FederatedDeployments' status. statusObjects
// FederatedDeployments are placed on both members; one iteration is a burst in which
// statusWriters writers change every member copy's status (replicas, updated, ready and
// available, all to the same rising value) statusChangesPerCopy times, as fast as they can,
// with status patches straight to the members. The clock runs from the first member write
// until a watch of the federated objects has seen every one of them show its copies' last
// values, in the sums and in both status.clusters rows. Reported: changes/s absorbed,
// offered-changes/s (how fast the writers wrote them), s-behind-writers (from the last
// member write until the last federated status showed it), status-writes (resourceVersion
// changes of the federated objects that watch saw, per burst), writes/change, and
// conflicts (status writes fcp refused as stale). The scenario runs the controller-manager
// at its defaults, with no client-side limit to the federation API (the API's own priority
// and fairness paces it), so the figures are what the controller itself costs.
//
// The members run no kube-controller-manager, so no Deployment controller overwrites the
// status the writers set.
func BenchmarkStatusAggregationThroughput(b *testing.B) {
	e := startStatusEnv(b, framework.Options{})
	ctx := framework.TestContext(b)
	const ns = "status-throughput"
	e.createNamespace(ctx, b, ns)
	names := make([]string, statusObjects)
	for i := range names {
		names[i] = fmt.Sprintf("web-%04d", i)
	}
	createFDeploys(ctx, b, e.fed, ns, names, 8, func(name string) *fedv1beta1.FederatedDeployment {
		d := newFDeploy(ns, name, 1)
		d.Spec.PropagationSpec = placedOn(e.memberNames()...)
		return d
	})
	// The write-through has recorded both copies and their (empty) status counts.
	if err := waitFDeploys(ctx, e.fed, ns, statusObjects, func(d *fedv1beta1.FederatedDeployment) error {
		if propagated(d.Status) != metav1.ConditionTrue || d.Status.ReadyReplicas == nil {
			return fmt.Errorf("not Propagated with status counts: %+v", d.Status)
		}
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	burst := &statusBurst{env: e, ns: ns, names: names}
	for i, sc := range []statusScenario{
		{name: "api-qps=default"},
	} {
		// One controller-manager at a time: the previous one released its Lease on Stop.
		cm := e.startControllerManager(ctx, b, "fcp-controller-manager-"+strconv.Itoa(i), sc.args)
		if err := waitSyncIdle(ctx, cm, statusObjects); err != nil {
			b.Fatal(err)
		}
		b.Run(sc.name, burst.bench)
		if err := cm.Stop(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// statusBurst changes the status of every member copy of names, one burst per iteration.
type statusBurst struct {
	env   *statusEnv
	ns    string
	names []string
	// round counts the bursts so far, over every scenario: burst r writes the values
	// (r-1)×statusChangesPerCopy+1 … r×statusChangesPerCopy, so every write changes the copy.
	round int
}

// burstResult is what one burst measured.
type burstResult struct {
	// took runs from the first member write until every federated object showed the last;
	// offered until the writers finished.
	took, offered time.Duration
	// writes are the resourceVersion changes of the federated objects in took.
	writes int
	// conflicts are status writes fcp refused as stale, in took.
	conflicts float64
}

func (s *statusBurst) bench(b *testing.B) {
	ctx := b.Context()
	changes := len(s.names) * len(s.env.members) * statusChangesPerCopy
	var sum burstResult
	n := 0
	for b.Loop() {
		s.round++
		r, err := s.run(ctx, b)
		if err != nil {
			b.Fatal(err)
		}
		sum.took += r.took
		sum.offered += r.offered
		sum.writes += r.writes
		sum.conflicts += r.conflicts
		n++
	}
	total := float64(changes * n)
	b.ReportMetric(total/sum.took.Seconds(), "changes/s")
	b.ReportMetric(total/sum.offered.Seconds(), "offered-changes/s")
	b.ReportMetric((sum.took-sum.offered).Seconds()/float64(n), "s-behind-writers")
	b.ReportMetric(float64(sum.writes)/float64(n), "status-writes")
	b.ReportMetric(float64(sum.writes)/total, "writes/change")
	b.ReportMetric(sum.conflicts/float64(n), "conflicts")
}

// run writes one burst and waits until every federated object shows its last values.
func (s *statusBurst) run(ctx context.Context, b *testing.B) (burstResult, error) {
	fds := s.env.fed.FederationV1beta1().FederatedDeployments(s.ns)
	list, err := fds.List(ctx, metav1.ListOptions{})
	if err != nil {
		return burstResult{}, err
	}
	w, err := watchFDeploys(ctx, fds, list.ResourceVersion)
	if err != nil {
		return burstResult{}, err
	}
	defer w.Stop()
	conflicts := s.env.fcpStatusConflicts(ctx, b)
	final := int32(s.round * statusChangesPerCopy)
	pending := map[string]bool{}
	for _, name := range s.names {
		pending[name] = true
	}

	ctx, cancel := context.WithTimeout(ctx, statusSettleTimeout)
	defer cancel()
	start := time.Now()
	writers := s.write(ctx, final-statusChangesPerCopy+1, final)
	var res burstResult
	for len(pending) > 0 {
		ev, err := nextFDeploy(ctx, w)
		if err != nil {
			cancel()
			<-writers
			return burstResult{}, fmt.Errorf("%d of %d objects do not show %d ready replicas per member: %w", len(pending), len(s.names), final, err)
		}
		res.writes++
		if showsEverywhere(ev.obj, final, len(s.env.members)) {
			delete(pending, ev.obj.Name)
		} else {
			pending[ev.obj.Name] = true
		}
		res.took = ev.at.Sub(start)
	}
	wr := <-writers
	if wr.err != nil {
		return burstResult{}, wr.err
	}
	res.offered = wr.done.Sub(start)
	res.conflicts = s.env.fcpStatusConflicts(ctx, b) - conflicts
	return res, nil
}

// showsEverywhere reports whether d's status shows value ready and available replicas in each
// of its members' rows and members×value in the sums.
func showsEverywhere(d *fedv1beta1.FederatedDeployment, value int32, members int) bool {
	st := d.Status
	if ptr.Deref(st.ReadyReplicas, -1) != value*int32(members) || ptr.Deref(st.AvailableReplicas, -1) != value*int32(members) {
		return false
	}
	rows := 0
	for _, row := range st.Clusters {
		if ptr.Deref(row.ReadyReplicas, -1) == value && ptr.Deref(row.AvailableReplicas, -1) == value {
			rows++
		}
	}
	return rows == members
}

// writersResult is how the writers ended: when, and the errors they met.
type writersResult struct {
	done time.Time
	err  error
}

// write starts statusWriters writers that set every member copy's status to from, from+1, …,
// to, in rounds over all the copies, and returns where their result will be sent.
func (s *statusBurst) write(ctx context.Context, from, to int32) <-chan writersResult {
	type memberCopy struct {
		member int
		name   string
	}
	var copies []memberCopy
	for _, name := range s.names {
		for m := range s.env.members {
			copies = append(copies, memberCopy{m, name})
		}
	}
	out := make(chan writersResult, 1)
	errs := make([]error, statusWriters)
	var wg sync.WaitGroup
	for i := range statusWriters {
		wg.Go(func() {
			for v := from; v <= to && errs[i] == nil; v++ {
				patch := fmt.Appendf(nil, `{"status":{"replicas":%d,"updatedReplicas":%d,"readyReplicas":%d,"availableReplicas":%d}}`, v, v, v, v)
				for c := i; c < len(copies) && errs[i] == nil; c += statusWriters {
					cp := copies[c]
					_, errs[i] = s.env.direct[cp.member].AppsV1().Deployments(s.ns).Patch(ctx, cp.name, types.MergePatchType, patch,
						metav1.PatchOptions{}, "status")
				}
			}
		})
	}
	go func() {
		wg.Wait()
		out <- writersResult{done: time.Now(), err: errors.Join(errs...)}
	}()
	return out
}

// BenchmarkStatusAggregationRollout measures the status writes a rollout costs: one
// FederatedDeployment of rolloutReplicas replicas, divided evenly over two members whose
// pods become ready on kwok nodes (each member runs kube-controller-manager and
// kube-scheduler), with the controller-manager of `make run`. Each iteration changes the
// image and waits, on a watch, until the object is Ready at the new generation. Reported
// per rollout: s/rollout, writes/rollout (resourceVersion changes of the federated object,
// the update's own included), status-writes/rollout (those after the update returned: the
// controller's), member-changes/rollout (status changes of the member Deployments, both
// members, in the same time) and writes/member-change (status-writes over member-changes:
// below 1, the controller batches).
func BenchmarkStatusAggregationRollout(b *testing.B) {
	e := startStatusEnv(b, framework.Options{ControllerManager: true, Scheduler: true, KWOK: true})
	ctx := framework.TestContext(b)
	cm := e.startControllerManager(ctx, b, "", nil)
	const ns, name = "status-rollout", "web"
	e.createNamespace(ctx, b, ns)
	images := []string{"registry.k8s.io/pause:3.10", "registry.k8s.io/pause:3.9"}
	createFDeploys(ctx, b, e.fed, ns, []string{name}, 1, func(name string) *fedv1beta1.FederatedDeployment {
		d := kwokFDeploy(ns, name, rolloutReplicas, images[0])
		d.Spec.PropagationSpec = placedOn(e.memberNames()...)
		d.Spec.ReplicaScheduling = &fedv1beta1.ReplicaScheduling{}
		return d
	})
	if err := waitFDeploys(ctx, e.fed, ns, 1, func(d *fedv1beta1.FederatedDeployment) error { return readyAt(d, d.Generation) }); err != nil {
		b.Fatal(err)
	}
	if err := waitSyncIdle(ctx, cm, 1); err != nil {
		b.Fatal(err)
	}
	var sum rolloutResult
	n := 0
	for b.Loop() {
		n++
		r, err := e.rollout(ctx, ns, name, images[n%len(images)])
		if err != nil {
			b.Fatal(err)
		}
		sum.took += r.took
		sum.writes += r.writes
		sum.statusWrites += r.statusWrites
		sum.memberChanges += r.memberChanges
	}
	per := func(v int) float64 { return float64(v) / float64(n) }
	b.ReportMetric(sum.took.Seconds()/float64(n), "s/rollout")
	b.ReportMetric(per(sum.writes), "writes/rollout")
	b.ReportMetric(per(sum.statusWrites), "status-writes/rollout")
	b.ReportMetric(per(sum.memberChanges), "member-changes/rollout")
	if sum.memberChanges > 0 {
		b.ReportMetric(float64(sum.statusWrites)/float64(sum.memberChanges), "writes/member-change")
	}
}

// rolloutResult is what one rollout measured.
type rolloutResult struct {
	took time.Duration
	// writes are the federated object's resourceVersion changes, statusWrites those after
	// the update's own.
	writes, statusWrites int
	// memberChanges are the member Deployments' status changes.
	memberChanges int
}

// rollout sets the image of FederatedDeployment ns/name and waits until it is Ready at the
// new generation.
func (e *statusEnv) rollout(ctx context.Context, ns, name, image string) (rolloutResult, error) {
	ctx, cancel := context.WithTimeout(ctx, statusSettleTimeout)
	defer cancel()
	fds := e.fed.FederationV1beta1().FederatedDeployments(ns)
	list, err := fds.List(ctx, metav1.ListOptions{})
	if err != nil {
		return rolloutResult{}, err
	}
	w, err := watchFDeploys(ctx, fds, list.ResourceVersion)
	if err != nil {
		return rolloutResult{}, err
	}
	defer w.Stop()
	var watches []*memberStatusWatch
	for _, m := range e.direct {
		mw, err := watchMemberStatus(ctx, m, ns)
		if err != nil {
			return rolloutResult{}, err
		}
		watches = append(watches, mw)
	}

	start := time.Now()
	patch := fmt.Appendf(nil, `{"spec":{"template":{"spec":{"template":{"spec":{"containers":[{"name":"web","image":%q}]}}}}}}`, image)
	updated, err := fds.Patch(ctx, name, types.MergePatchType, patch, metav1.PatchOptions{})
	if err != nil {
		return rolloutResult{}, err
	}
	var res rolloutResult
	updateWrites := -1
	for {
		ev, err := nextFDeploy(ctx, w)
		if err != nil {
			return rolloutResult{}, fmt.Errorf("rollout to %s: %w", image, err)
		}
		res.writes++
		if ev.obj.ResourceVersion == updated.ResourceVersion {
			updateWrites = res.writes
		}
		if readyAt(ev.obj, updated.Generation) == nil {
			res.took = ev.at.Sub(start)
			break
		}
	}
	if updateWrites < 0 {
		return rolloutResult{}, fmt.Errorf("the watch never delivered the update's resourceVersion %s", updated.ResourceVersion)
	}
	res.statusWrites = res.writes - updateWrites
	// The member changes that led to Ready: each member's watch up to the state it has now.
	for i, m := range e.direct {
		d, err := m.AppsV1().Deployments(ns).Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return rolloutResult{}, err
		}
		changes, err := watches[i].stopAt(ctx, name, d.ResourceVersion)
		if err != nil {
			return rolloutResult{}, err
		}
		res.memberChanges += changes
	}
	return res, nil
}
