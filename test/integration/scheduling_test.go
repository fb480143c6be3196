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
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/test/integration/framework"
)

// failoverGrace is the controller-manager's --cluster-failover-grace in these tests.
const failoverGrace = 3 * time.Second

// schedulingResync is the controller-manager's --resync-period in these tests.
const schedulingResync = 4 * time.Second

// scheduledFDeploy is newFDeploy with spec.replicaScheduling weights {member-1: 2, member-2: 1}.
func scheduledFDeploy(ns, name string, replicas int32, rebalance bool) *fedv1beta1.FederatedDeployment {
	d := newFDeploy(ns, name, replicas)
	d.Spec.ReplicaScheduling = &fedv1beta1.ReplicaScheduling{
		Clusters:  map[string]fedv1beta1.ClusterReplicaPreference{"member-1": {Weight: 2}, "member-2": {Weight: 1}},
		Rebalance: rebalance,
	}
	return d
}

// memberReplicas returns spec.replicas of member's Deployment ns/name (-1 when it has none).
func memberReplicas(ctx context.Context, member *framework.ControlPlane, ns, name string) (int32, error) {
	d, err := member.Client().AppsV1().Deployments(ns).Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return 0, err
	}
	if d.Spec.Replicas == nil {
		return -1, nil
	}
	return *d.Spec.Replicas, nil
}

// split returns the scheduled replicas of the FederatedDeployment's status rows, as
// "member-1=4,member-2=2".
func (e *ctlEnv) split(ctx context.Context, ns, name string) (string, *fedv1beta1.FederatedDeployment, error) {
	d, err := e.fed.FederationV1beta1().FederatedDeployments(ns).Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return "", nil, err
	}
	var parts []string
	for _, r := range d.Status.Clusters {
		if r.Replicas != nil {
			parts = append(parts, fmt.Sprintf("%s=%d", r.Name, *r.Replicas))
		}
	}
	return strings.Join(parts, ","), d, nil
}

// wantSplitNow fails t unless the members hold want (member-1's and member-2's replicas) and
// the status rows say so, right now: the write-through wrote the shares before returning.
func (e *ctlEnv) wantSplitNow(t *testing.T, ns, name string, want [2]int32) {
	t.Helper()
	if err := e.checkSplit(t.Context(), ns, name, want, true); err != nil {
		t.Fatalf("right after the write: %v", err)
	}
}

// eventuallySplit waits until the members hold want and the status rows say so.
func (e *ctlEnv) eventuallySplit(t *testing.T, ns, name string, want [2]int32, checkMember2 bool) {
	t.Helper()
	eventually(t, fmt.Sprintf("%s/%s split %v", ns, name, want), func(ctx context.Context) error {
		return e.checkSplit(ctx, ns, name, want, checkMember2)
	})
}

func (e *ctlEnv) checkSplit(ctx context.Context, ns, name string, want [2]int32, checkMember2 bool) error {
	wantRows := fmt.Sprintf("member-1=%d,member-2=%d", want[0], want[1])
	if got, _, err := e.split(ctx, ns, name); err != nil || got != wantRows {
		return fmt.Errorf("status rows %q (err %v), want %q", got, err, wantRows)
	}
	members := []*framework.ControlPlane{e.member1}
	if checkMember2 {
		members = append(members, e.member2)
	}
	for i, m := range members {
		got, err := memberReplicas(ctx, m, ns, name)
		if err != nil || got != want[i] {
			return fmt.Errorf("%s holds spec.replicas %d (err %v), want %d", m.Name(), got, err, want[i])
		}
	}
	return nil
}

// wantScheduledCondition fails t unless the object's ReplicasScheduled condition has status
// and reason.
func (e *ctlEnv) wantScheduledCondition(t *testing.T, ns, name string, status metav1.ConditionStatus, reason string) *metav1.Condition {
	t.Helper()
	var c *metav1.Condition
	eventually(t, fmt.Sprintf("ReplicasScheduled %s/%s", status, reason), func(ctx context.Context) error {
		_, d, err := e.split(ctx, ns, name)
		if err != nil {
			return err
		}
		c = meta.FindStatusCondition(d.Status.Conditions, fedv1beta1.ConditionReplicasScheduled)
		if c == nil || c.Status != status || c.Reason != reason {
			return fmt.Errorf("conditions %+v", d.Status.Conditions)
		}
		return nil
	})
	return c
}

func (e *ctlEnv) patchFDeploy(t *testing.T, ns, name, patch string) {
	t.Helper()
	e.mustKubectl(t, "patch", "fdeploy", name, "-n", ns, "--type=merge", "-p", patch)
}

// TestReplicaScheduling runs the replica scheduling scenarios with the whole product (fcp
// apiserver and controller-manager), in order, against one environment.
func TestReplicaScheduling(t *testing.T) {
	e := startControllersEnv(t, []string{"--etcd-compaction-interval=0"},
		[]string{"--resync-period=" + schedulingResync.String(), "--cluster-failover-grace=" + failoverGrace.String(), "--v=4"})
	m2 := e.member2.Name()
	ns := e.newNamespace(t, "scheduling")

	t.Run("weights 2:1 of 6 give 4 and 2; 9 gives 6 and 3; maxReplicas 1 gives 8 and 1", func(t *testing.T) {
		e.mustApply(t, ns, scheduledFDeploy(ns, "web", 6, true), applyOptions{})
		e.wantSplitNow(t, ns, "web", [2]int32{4, 2})
		c := e.wantScheduledCondition(t, ns, "web", metav1.ConditionTrue, "Scheduled")
		t.Logf("ReplicasScheduled: %s", c.Message)
		out := e.mustKubectl(t, "get", "fdeploy", "web", "-n", ns, "-o", "wide")
		if rows := tableRows(out); len(rows) != 2 || rows[0][len(rows[0])-1] != "REPLICAS" || rows[1][len(rows[1])-1] != "member-1=4,member-2=2" {
			t.Errorf("kubectl get fdeploy -o wide:\n%s\nwant a REPLICAS column member-1=4,member-2=2", out)
		}

		e.patchFDeploy(t, ns, "web", `{"spec":{"template":{"spec":{"replicas":9}}}}`)
		e.wantSplitNow(t, ns, "web", [2]int32{6, 3})

		e.patchFDeploy(t, ns, "web", `{"spec":{"replicaScheduling":{"clusters":{"member-2":{"weight":1,"maxReplicas":1}}}}}`)
		e.wantSplitNow(t, ns, "web", [2]int32{8, 1})
		e.wantScheduledCondition(t, ns, "web", metav1.ConditionTrue, "Scheduled")
	})

	t.Run("infeasible minimums: condition False with the reason, nothing dropped", func(t *testing.T) {
		e.patchFDeploy(t, ns, "web", `{"spec":{"replicaScheduling":{"clusters":{"member-1":{"weight":2,"minReplicas":6},"member-2":{"weight":1,"minReplicas":5,"maxReplicas":null}}}}}`)
		// Minimums 6 + 5 exceed the 9: met in name order, so 6 and 3, all 9 placed.
		e.wantSplitNow(t, ns, "web", [2]int32{6, 3})
		c := e.wantScheduledCondition(t, ns, "web", metav1.ConditionFalse, "MinimumsExceedTotal")
		if !strings.Contains(c.Message, "member-2 (3 of 5)") {
			t.Errorf("ReplicasScheduled message %q does not say member-2 got 3 of its 5", c.Message)
		}
		// Back to plain weights: 6 and 3, Scheduled.
		e.patchFDeploy(t, ns, "web", `{"spec":{"replicaScheduling":{"clusters":{"member-1":{"weight":2,"minReplicas":null},"member-2":{"weight":1,"minReplicas":null}}}}}`)
		e.wantSplitNow(t, ns, "web", [2]int32{6, 3})
		e.wantScheduledCondition(t, ns, "web", metav1.ConditionTrue, "Scheduled")
	})

	t.Run("a member down longer than the grace: its replicas move; back: rebalance or stay", func(t *testing.T) {
		ctx := t.Context()
		e.mustApply(t, ns, scheduledFDeploy(ns, "sticky", 9, false), applyOptions{})
		e.wantSplitNow(t, ns, "sticky", [2]int32{6, 3})
		// member-1 holds at most 3 of capped's 6: with member-2 down the bounds cannot be met,
		// yet that is a failover in progress, not a stall.
		capped := scheduledFDeploy(ns, "capped", 6, true)
		capped.Spec.ReplicaScheduling.Clusters["member-1"] = fedv1beta1.ClusterReplicaPreference{Weight: 1, MaxReplicas: ptr.To[int32](3)}
		capped.Spec.ReplicaScheduling.Clusters["member-2"] = fedv1beta1.ClusterReplicaPreference{Weight: 1}
		e.mustApply(t, ns, capped, applyOptions{})
		e.wantSplitNow(t, ns, "capped", [2]int32{3, 3})

		stopped := time.Now()
		if err := e.member2.StopAPIServer(ctx); err != nil {
			t.Fatal(err)
		}
		cl := e.waitForCondition(t, m2, fedv1beta1.ClusterSchedulable, metav1.ConditionFalse)
		ready := meta.FindStatusCondition(cl.Status.Conditions, fedv1beta1.ClusterReady)
		sched := meta.FindStatusCondition(cl.Status.Conditions, fedv1beta1.ClusterSchedulable)
		if gap := sched.LastTransitionTime.Sub(ready.LastTransitionTime.Time); gap < failoverGrace-time.Second {
			t.Errorf("Schedulable turned False %v after Ready did, want at least the grace (%v)", gap, failoverGrace)
		}
		t.Logf("member-2 unschedulable %v after it stopped: %s", time.Since(stopped).Round(time.Second), sched.Message)
		for _, name := range []string{"web", "sticky"} {
			e.eventuallySplit(t, ns, name, [2]int32{9, 0}, false)
		}
		e.eventuallySplit(t, ns, "capped", [2]int32{3, 0}, false)
		c := e.wantScheduledCondition(t, ns, "capped", metav1.ConditionFalse, "MaximumsBelowTotal")
		t.Logf("capped while member-2 is down: %s", c.Message)
		for _, name := range []string{"web", "sticky", "capped"} {
			_, d, err := e.split(ctx, ns, name)
			if err != nil {
				t.Fatal(err)
			}
			stalled := meta.FindStatusCondition(d.Status.Conditions, fedv1beta1.ConditionStalled)
			reconciling := meta.FindStatusCondition(d.Status.Conditions, fedv1beta1.ConditionReconciling)
			if stalled == nil || stalled.Status != metav1.ConditionFalse || reconciling == nil || reconciling.Status != metav1.ConditionTrue {
				t.Errorf("%s during the failover: Stalled %+v, Reconciling %+v; want Stalled False and Reconciling True (kstatus InProgress)", name, stalled, reconciling)
			}
		}

		if err := e.member2.StartAPIServer(ctx); err != nil {
			t.Fatal(err)
		}
		e.waitForCondition(t, m2, fedv1beta1.ClusterSchedulable, metav1.ConditionTrue)
		// rebalance: true goes back to the weights, in member-2 too.
		e.eventuallySplit(t, ns, "web", [2]int32{6, 3}, true)
		e.eventuallySplit(t, ns, "capped", [2]int32{3, 3}, true)
		e.wantScheduledCondition(t, ns, "capped", metav1.ConditionTrue, "Scheduled")
		// rebalance: false keeps the replicas where they run; member-2's copy is told 0.
		e.eventuallySplit(t, ns, "sticky", [2]int32{9, 0}, true)
		// ... and stays so over a resync.
		time.Sleep(schedulingResync + time.Second)
		if err := e.checkSplit(ctx, ns, "sticky", [2]int32{9, 0}, true); err != nil {
			t.Errorf("a resync after member-2 returned: %v", err)
		}
		// A scale-up divides only the new replicas: 3 more by 2:1.
		e.patchFDeploy(t, ns, "sticky", `{"spec":{"template":{"spec":{"replicas":12}}}}`)
		e.wantSplitNow(t, ns, "sticky", [2]int32{11, 1})
	})

	t.Run("no replicas in the template: a member-side kubectl scale sticks", func(t *testing.T) {
		d := newFDeploy(ns, "autoscaled", 1)
		d.Spec.Template.Spec.Replicas = nil
		e.mustApply(t, ns, d, applyOptions{})
		if _, stderr, err := e.kubectl(t, "wait", "--for=condition=Propagated", "fdeploy/autoscaled", "-n", ns, "--timeout=60s"); err != nil {
			t.Fatalf("kubectl wait: %v\n%s", err, stderr)
		}
		e.memberKubectl(t, e.member1, "scale", "deployment", "autoscaled", "-n", ns, "--replicas=5")
		time.Sleep(2*schedulingResync + time.Second)
		got, err := memberReplicas(t.Context(), e.member1, ns, "autoscaled")
		if err != nil || got != 5 {
			t.Errorf("member-1 spec.replicas = %d (err %v) two resyncs after kubectl scale --replicas=5, want 5", got, err)
		}
		if got, err := memberReplicas(t.Context(), e.member2, ns, "autoscaled"); err != nil || got != 1 {
			t.Errorf("member-2 spec.replicas = %d (err %v), want the member's default 1", got, err)
		}
		fd, err := e.fed.FederationV1beta1().FederatedDeployments(ns).Get(t.Context(), "autoscaled", metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range fd.Status.Clusters {
			if r.Replicas != nil || r.Reason != "" {
				t.Errorf("status row %+v: want no scheduled replicas and no conflict reported", r)
			}
		}
	})
}
