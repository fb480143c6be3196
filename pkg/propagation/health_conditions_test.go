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

package propagation

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"syscall"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/cli-utils/pkg/kstatus/status"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
)

// cond is a condition a case expects: its status and, when not empty, its reason.
type cond struct {
	status metav1.ConditionStatus
	reason string
}

// healthCase is what one health scenario expects of the status WithHealth produces.
type healthCase struct {
	available, ready, reconciling, stalled cond
	kstatus                                status.Status
	// messages are substrings of the named conditions' messages.
	messages map[string]string
}

// check compares st, the status of obj, with c; kstatus runs on obj carrying st.
func (c healthCase) check(t *testing.T, obj fedv1beta1.FederatedObject, st fedv1beta1.FederatedStatus) {
	t.Helper()
	for typ, want := range map[string]cond{
		fedv1beta1.ConditionAvailable: c.available, fedv1beta1.ConditionReady: c.ready,
		fedv1beta1.ConditionReconciling: c.reconciling, fedv1beta1.ConditionStalled: c.stalled,
	} {
		got := meta.FindStatusCondition(st.Conditions, typ)
		switch {
		case got == nil:
			t.Errorf("%s absent; conditions %+v", typ, st.Conditions)
		case got.Status != want.status || (want.reason != "" && got.Reason != want.reason):
			t.Errorf("%s = %s (%s: %s), want %s (%s)", typ, got.Status, got.Reason, got.Message, want.status, want.reason)
		}
	}
	for typ, sub := range c.messages {
		if got := meta.FindStatusCondition(st.Conditions, typ); got == nil || !strings.Contains(got.Message, sub) {
			t.Errorf("%s message %v does not contain %q", typ, got, sub)
		}
	}
	if got := kstatusOf(t, obj, st); got != c.kstatus {
		t.Errorf("kstatus = %s, want %s", got, c.kstatus)
	}
}

var (
	placedBoth = []string{"member-1", "member-2"}
	// member2Down: member-2 failed over (Schedulable=False).
	member2Down = schedClusters{"member-1": true, "member-2": false}
)

func maxOf(weight, maxReplicas int32) fedv1beta1.ClusterReplicaPreference {
	return fedv1beta1.ClusterReplicaPreference{Weight: weight, MaxReplicas: ptr.To(maxReplicas)}
}

func minOf(minReplicas int32) fedv1beta1.ClusterReplicaPreference {
	return fedv1beta1.ClusterReplicaPreference{Weight: 1, MinReplicas: minReplicas}
}

func replicasOverride(cluster, value string) fedv1beta1.ClusterOverride {
	return fedv1beta1.ClusterOverride{ClusterName: cluster, Patches: []fedv1beta1.OverridePatch{patch("replace", "/spec/replicas", value)}}
}

// rolledOut is a member copy at generation 1 that has rolled out n replicas.
func rolledOut(t *testing.T, cluster string, n int32) Outcome {
	return Outcome{Cluster: cluster, Generation: 1, Object: memberDeployment(t, 1, n, done(1, n), true)}
}

// Available and Ready compare with what the user asked for: the replicas the members are
// told to run (rendered, overrides included) plus those replicaScheduling could not place.
func TestWithHealthDesiredReplicas(t *testing.T) {
	equal := map[string]fedv1beta1.ClusterReplicaPreference{"member-1": w(1), "member-2": w(1)}
	for name, tc := range map[string]struct {
		obj      func() *fedv1beta1.FederatedDeployment
		outcomes func(t *testing.T) []Outcome
		want     healthCase
	}{
		"maxReplicas hold 4 of 6: 2 run nowhere, so not Available and not Ready": {
			obj: func() *fedv1beta1.FederatedDeployment {
				return scheduled(ptr.To[int32](6), map[string]fedv1beta1.ClusterReplicaPreference{"member-1": maxOf(1, 2), "member-2": maxOf(1, 2)}, true, nil)
			},
			outcomes: func(t *testing.T) []Outcome {
				return []Outcome{rolledOut(t, "member-1", 2), rolledOut(t, "member-2", 2)}
			},
			want: healthCase{
				available: cond{"False", ReasonReplicasNotPlaced}, ready: cond{"False", ReasonReplicasNotSchedulable},
				reconciling: cond{"False", ReasonStalled}, stalled: cond{"True", ReasonReplicasNotSchedulable}, kstatus: status.FailedStatus,
				messages: map[string]string{fedv1beta1.ConditionAvailable: "4 of 6 replicas available; 2 not placed"},
			},
		},
		"minimums exceed the total: all placed and available, yet not Ready": {
			obj: func() *fedv1beta1.FederatedDeployment {
				return scheduled(ptr.To[int32](4), map[string]fedv1beta1.ClusterReplicaPreference{"member-1": minOf(3), "member-2": minOf(3)}, true, nil)
			},
			outcomes: func(t *testing.T) []Outcome {
				return []Outcome{rolledOut(t, "member-1", 3), rolledOut(t, "member-2", 1)}
			},
			want: healthCase{
				available: cond{"True", ReasonAllAvailable}, ready: cond{"False", ReasonReplicasNotSchedulable},
				reconciling: cond{"False", ReasonStalled}, stalled: cond{"True", ReasonReplicasNotSchedulable}, kstatus: status.FailedStatus,
			},
		},
		"an override raises member-1 from its share 3 to 6: 9 desired": {
			obj: func() *fedv1beta1.FederatedDeployment {
				obj := scheduled(ptr.To[int32](6), equal, true, nil)
				obj.Spec.Overrides = []fedv1beta1.ClusterOverride{replicasOverride("member-1", "6")}
				return obj
			},
			outcomes: func(t *testing.T) []Outcome {
				return []Outcome{rolledOut(t, "member-1", 6), rolledOut(t, "member-2", 3)}
			},
			want: healthCase{
				available: cond{"True", ReasonAllAvailable}, ready: cond{"True", ReasonReady},
				reconciling: cond{"False", ""}, stalled: cond{"False", ""}, kstatus: status.CurrentStatus,
				messages: map[string]string{fedv1beta1.ConditionAvailable: "9 of 9 replicas available", fedv1beta1.ConditionReady: "9 of 9"},
			},
		},
		"the override is not run yet: 6 of 9": {
			obj: func() *fedv1beta1.FederatedDeployment {
				obj := scheduled(ptr.To[int32](6), equal, true, nil)
				obj.Spec.Overrides = []fedv1beta1.ClusterOverride{replicasOverride("member-1", "6")}
				return obj
			},
			outcomes: func(t *testing.T) []Outcome {
				return []Outcome{rolledOut(t, "member-1", 3), rolledOut(t, "member-2", 3)}
			},
			want: healthCase{
				available: cond{"False", ReasonUnavailable}, ready: cond{"False", ReasonRolloutInProgress},
				reconciling: cond{"True", ReasonRolloutInProgress}, stalled: cond{"False", ""}, kstatus: status.InProgressStatus,
				messages: map[string]string{fedv1beta1.ConditionAvailable: "6 of 9 replicas available"},
			},
		},
		"an override lowers member-1 to 1: 4 desired": {
			obj: func() *fedv1beta1.FederatedDeployment {
				obj := scheduled(ptr.To[int32](6), equal, true, nil)
				obj.Spec.Overrides = []fedv1beta1.ClusterOverride{replicasOverride("member-1", "1")}
				return obj
			},
			outcomes: func(t *testing.T) []Outcome {
				return []Outcome{rolledOut(t, "member-1", 1), rolledOut(t, "member-2", 3)}
			},
			want: healthCase{
				available: cond{"True", ReasonAllAvailable}, ready: cond{"True", ReasonReady},
				reconciling: cond{"False", ""}, stalled: cond{"False", ""}, kstatus: status.CurrentStatus,
				messages: map[string]string{fedv1beta1.ConditionAvailable: "4 of 4 replicas available"},
			},
		},
		"without replicaScheduling: template 2 each, member-2 overridden to 5": {
			obj: func() *fedv1beta1.FederatedDeployment {
				obj := deployment(replicasOverride("member-2", "5"))
				obj.Spec.Placement.Clusters = []fedv1beta1.ClusterReference{{Name: "member-1"}, {Name: "member-2"}}
				obj.Spec.Template.Spec.Replicas = ptr.To[int32](2)
				return obj
			},
			outcomes: func(t *testing.T) []Outcome {
				return []Outcome{rolledOut(t, "member-1", 2), rolledOut(t, "member-2", 5)}
			},
			want: healthCase{
				available: cond{"True", ReasonAllAvailable}, ready: cond{"True", ReasonReady},
				reconciling: cond{"False", ""}, stalled: cond{"False", ""}, kstatus: status.CurrentStatus,
				messages: map[string]string{fedv1beta1.ConditionAvailable: "7 of 7 replicas available"},
			},
		},
	} {
		t.Run(name, func(t *testing.T) {
			obj := tc.obj()
			obj.Generation = 1
			st := health(obj, ScheduleReplicas(obj, placedBoth, both), tc.outcomes(t))
			tc.want.check(t, obj, st)
		})
	}
}

// Only what cannot succeed without a change is Stalled; whatever is retried is Reconciling.
func TestWithHealthStalledOnlyWithoutRetry(t *testing.T) {
	gr := schema.GroupResource{Group: "apps", Resource: "deployments"}
	retried := cond{"False", ReasonNotStalled}
	for name, tc := range map[string]struct {
		err     error
		reason  string // the outcome's reason; ReasonFor(err) when empty
		stalled cond
	}{
		// Transient: the member, or the way to it, is down or busy.
		"unreachable":                    {err: &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}, stalled: retried},
		"timeout":                        {err: fmt.Errorf("apply: %w", context.DeadlineExceeded), stalled: retried},
		"member's Timeout":               {err: apierrors.NewTimeoutError("request did not complete", 1), stalled: retried},
		"member's ServerTimeout":         {err: apierrors.NewServerTimeout(gr, "patch", 1), stalled: retried},
		"ServiceUnavailable":             {err: apierrors.NewServiceUnavailable("etcd is down"), stalled: retried},
		"TooManyRequests":                {err: apierrors.NewTooManyRequests("slow down", 1), stalled: retried},
		"InternalError":                  {err: apierrors.NewInternalError(errors.New("webhook unreachable")), stalled: retried},
		"cluster not Ready (failover)":   {err: errors.New("cluster member-2 is not ready (Offline)"), reason: "ClusterNotReady", stalled: retried},
		"member's own 409 Conflict":      {err: apierrors.NewConflict(gr, "web", errors.New("the object has been modified")), stalled: retried},
		"credentials refused":            {err: apierrors.NewForbidden(gr, "web", errors.New(`User "federation" cannot patch resource "deployments"`)), stalled: retried},
		"quota full":                     {err: apierrors.NewForbidden(gr, "web", errors.New("exceeded quota: compute, requested: pods=1")), stalled: retried},
		"credentials missing in the hub": {err: errors.New("no credentials"), reason: ReasonCredentialsMissing, stalled: retried},
		// Stalls: the member refuses the object itself, or the copy is not federation's.
		"Invalid": {err: apierrors.NewInvalid(schema.GroupKind{Group: "apps", Kind: "Deployment"}, "web",
			field.ErrorList{field.Invalid(field.NewPath("spec", "replicas"), -1, "must be non-negative")}), stalled: cond{"True", ReasonMemberRefused}},
		"Forbidden by admission":      {err: apierrors.NewForbidden(gr, "web", errors.New("denied by policy")), stalled: cond{"True", ReasonMemberRefused}},
		"a copy not federation's":     {err: &ConflictError{Kind: "Deployment", Namespace: "shop", Name: "web"}, stalled: cond{"True", ReasonConflict}},
		"overrides that do not apply": {err: &OverrideError{Cluster: "member-2", Err: errors.New("missing path")}, stalled: cond{"True", ReasonOverridesNotApplied}},
		// A member that does not serve the kind: only its upgrade (or re-enabled API) helps.
		"kind not served, from discovery": {err: &KindNotServedError{Resource: ingresses, Discovered: true}, stalled: cond{"True", ReasonKindNotServed}},
		"kind not served, member's 404":   {err: notServed404(ingresses), stalled: cond{"True", ReasonKindNotServed}},
	} {
		t.Run(name, func(t *testing.T) {
			obj := deployment()
			obj.Generation = 1
			obj.Spec.Template.Spec.Replicas = ptr.To[int32](2)
			reason := tc.reason
			if reason == "" {
				reason = ReasonFor(tc.err)
			}
			st := health(obj, nil, []Outcome{rolledOut(t, "member-1", 2), {Cluster: "member-2", Err: tc.err, Reason: reason}})
			want := healthCase{available: cond{"False", ""}, ready: cond{"False", ReasonNotPropagated}, stalled: tc.stalled}
			if tc.stalled.status == metav1.ConditionTrue {
				want.reconciling, want.kstatus = cond{"False", ReasonStalled}, status.FailedStatus
				want.messages = map[string]string{fedv1beta1.ConditionStalled: "member-2"}
			} else {
				want.reconciling, want.kstatus = cond{"True", ReasonNotPropagated}, status.InProgressStatus
			}
			want.check(t, obj, st)
		})
	}
}

// Bounds that fail only because a cluster failed over are a failover in progress
// (Reconciling), not a stall; bounds too small with every cluster back are.
func TestWithHealthFailover(t *testing.T) {
	down := func(cluster string) Outcome {
		return Outcome{Cluster: cluster, Err: errors.New("cluster is not ready (Offline)"), Reason: "ClusterNotReady"}
	}
	for name, tc := range map[string]struct {
		prefs    map[string]fedv1beta1.ClusterReplicaPreference
		clusters schedClusters
		outcomes func(t *testing.T) []Outcome
		want     healthCase
	}{
		// Available (member-1 runs all 6), not Ready while member-2 cannot be written.
		"member-1 takes member-2's share": {
			prefs: twoToOne, clusters: member2Down,
			outcomes: func(t *testing.T) []Outcome { return []Outcome{rolledOut(t, "member-1", 6), down("member-2")} },
			want: healthCase{
				available: cond{"True", ""}, ready: cond{"False", ReasonNotPropagated},
				reconciling: cond{"True", ReasonNotPropagated}, stalled: cond{"False", ReasonNotStalled}, kstatus: status.InProgressStatus,
			},
		},
		"member-1 takes member-2's share, and member-2 is written 0": {
			prefs: twoToOne, clusters: member2Down,
			outcomes: func(t *testing.T) []Outcome {
				return []Outcome{rolledOut(t, "member-1", 6), rolledOut(t, "member-2", 0)}
			},
			want: healthCase{
				available: cond{"True", ""}, ready: cond{"True", ""}, reconciling: cond{"False", ""}, stalled: cond{"False", ""},
				kstatus: status.CurrentStatus,
			},
		},
		"member-1 holds at most 3 of 6 while member-2 is down": {
			prefs: map[string]fedv1beta1.ClusterReplicaPreference{"member-1": maxOf(2, 3)}, clusters: member2Down,
			outcomes: func(t *testing.T) []Outcome { return []Outcome{rolledOut(t, "member-1", 3), down("member-2")} },
			want: healthCase{
				available: cond{"False", ReasonReplicasNotPlaced}, ready: cond{"False", ReasonFailoverInProgress},
				reconciling: cond{"True", ReasonFailoverInProgress}, stalled: cond{"False", ReasonNotStalled}, kstatus: status.InProgressStatus,
				messages: map[string]string{fedv1beta1.ConditionReady: "member-2 failed over"},
			},
		},
		"every cluster down": {
			prefs: twoToOne, clusters: schedClusters{"member-1": false, "member-2": false},
			outcomes: func(t *testing.T) []Outcome { return []Outcome{down("member-1"), down("member-2")} },
			want: healthCase{
				available: cond{"False", ReasonReplicasNotPlaced}, ready: cond{"False", ReasonFailoverInProgress},
				reconciling: cond{"True", ReasonFailoverInProgress}, stalled: cond{"False", ReasonNotStalled}, kstatus: status.InProgressStatus,
			},
		},
		"maximums hold 4 of 6 even with member-2 back": {
			prefs:    map[string]fedv1beta1.ClusterReplicaPreference{"member-1": maxOf(1, 2), "member-2": maxOf(1, 2)},
			clusters: member2Down,
			outcomes: func(t *testing.T) []Outcome { return []Outcome{rolledOut(t, "member-1", 2), down("member-2")} },
			want: healthCase{
				available: cond{"False", ReasonReplicasNotPlaced}, ready: cond{"False", ReasonReplicasNotSchedulable},
				reconciling: cond{"False", ReasonStalled}, stalled: cond{"True", ReasonReplicasNotSchedulable}, kstatus: status.FailedStatus,
			},
		},
	} {
		t.Run(name, func(t *testing.T) {
			obj := scheduled(ptr.To[int32](6), tc.prefs, true, nil)
			obj.Generation = 1
			st := health(obj, ScheduleReplicas(obj, placedBoth, tc.clusters), tc.outcomes(t))
			tc.want.check(t, obj, st)
		})
	}
}

// progressing is a member Deployment's Progressing condition.
func progressing(s corev1.ConditionStatus, reason, message string) appsv1.DeploymentCondition {
	return appsv1.DeploymentCondition{Type: appsv1.DeploymentProgressing, Status: s, Reason: reason, Message: message}
}

// A member rollout past its progress deadline cannot finish without a change: Stalled naming
// the cluster (kstatus Failed) and not Ready, until the Deployment progresses again.
func TestWithHealthProgressDeadline(t *testing.T) {
	timedOut := progressing(corev1.ConditionFalse, "ProgressDeadlineExceeded", `ReplicaSet "web-5d9f" has timed out progressing.`)
	stuck := appsv1.DeploymentStatus{ObservedGeneration: 2, Replicas: 3, UpdatedReplicas: 1, ReadyReplicas: 2, AvailableReplicas: 2,
		UnavailableReplicas: 1, Conditions: []appsv1.DeploymentCondition{timedOut}}
	for name, tc := range map[string]struct {
		member1 func(t *testing.T) Outcome
		want    healthCase
	}{
		"member-1 past its deadline": {
			member1: func(t *testing.T) Outcome {
				return Outcome{Cluster: "member-1", Object: memberDeployment(t, 2, 2, stuck, true)}
			},
			want: healthCase{
				available: cond{"True", ""}, ready: cond{"False", ReasonProgressDeadlineExceeded},
				reconciling: cond{"False", ReasonStalled}, stalled: cond{"True", ReasonProgressDeadlineExceeded}, kstatus: status.FailedStatus,
				messages: map[string]string{fedv1beta1.ConditionStalled: `cluster member-1 (progress deadline exceeded: ReplicaSet "web-5d9f" has timed out progressing)`},
			},
		},
		"member-1 recovered": {
			member1: func(t *testing.T) Outcome {
				st := done(2, 2)
				st.Conditions = []appsv1.DeploymentCondition{progressing(corev1.ConditionTrue, "NewReplicaSetAvailable", "")}
				return Outcome{Cluster: "member-1", Object: memberDeployment(t, 2, 2, st, true)}
			},
			want: healthCase{
				available: cond{"True", ""}, ready: cond{"True", ""}, reconciling: cond{"False", ""}, stalled: cond{"False", ""},
				kstatus: status.CurrentStatus,
			},
		},
		// The condition is about the generation the Deployment controller saw: a fix written
		// since (generation 3) is rolling out.
		"a new generation not yet observed": {
			member1: func(t *testing.T) Outcome {
				return Outcome{Cluster: "member-1", Object: memberDeployment(t, 3, 2, stuck, true)}
			},
			want: healthCase{
				available: cond{"True", ""}, ready: cond{"False", ReasonRolloutInProgress},
				reconciling: cond{"True", ReasonRolloutInProgress}, stalled: cond{"False", ReasonNotStalled}, kstatus: status.InProgressStatus,
			},
		},
	} {
		t.Run(name, func(t *testing.T) {
			obj := deployment()
			obj.Generation = 1
			obj.Spec.Placement.Clusters = []fedv1beta1.ClusterReference{{Name: "member-1"}, {Name: "member-2"}}
			obj.Spec.Template.Spec.Replicas = ptr.To[int32](2)
			st := health(obj, nil, []Outcome{tc.member1(t), rolledOut(t, "member-2", 2)})
			tc.want.check(t, obj, st)
		})
	}
}

// A failed-over cluster's stuck rollout is not waited for, so it is no stall either.
func TestWithHealthProgressDeadlineFailedOver(t *testing.T) {
	obj := scheduled(ptr.To[int32](4), twoToOne, true, map[string]int32{"member-1": 3, "member-2": 1})
	obj.Generation = 1
	stuck := appsv1.DeploymentStatus{ObservedGeneration: 2, Replicas: 1, UnavailableReplicas: 1,
		Conditions: []appsv1.DeploymentCondition{progressing(corev1.ConditionFalse, "ProgressDeadlineExceeded", "timed out")}}
	st := health(obj, ScheduleReplicas(obj, placedBoth, member2Down), []Outcome{
		rolledOut(t, "member-1", 4),
		{Cluster: "member-2", Object: memberDeployment(t, 2, 0, stuck, false)},
	})
	healthCase{available: cond{"True", ""}, ready: cond{"True", ""}, reconciling: cond{"False", ""}, stalled: cond{"False", ""},
		kstatus: status.CurrentStatus}.check(t, obj, st)
}

// A row with phase Excluded (a taint keeps the object off that cluster) is not placed:
// health counts nothing of it and leaves it as it is, even given an outcome for it.
func TestWithHealthIgnoresExcludedRows(t *testing.T) {
	obj := scheduled(ptr.To[int32](4), twoToOne, true, nil)
	obj.Generation = 1
	sched := ScheduleReplicas(obj, []string{"member-1"}, both)
	outcomes := []Outcome{rolledOut(t, "member-1", 4)}
	excludedRow := fedv1beta1.ClusterPropagationStatus{Name: "member-2", Phase: fedv1beta1.PropagationPhaseExcluded,
		Reason: "TaintNotTolerated", Message: "The cluster has the taint maintenance=true:NoSchedule."}
	st := WithSchedule(obj, Status(obj, fedv1beta1.FederatedStatus{}, outcomes), sched)
	st.Clusters = append(st.Clusters, excludedRow)
	want := healthCase{available: cond{"True", ""}, ready: cond{"True", ""}, reconciling: cond{"False", ""}, stalled: cond{"False", ""},
		kstatus: status.CurrentStatus, messages: map[string]string{fedv1beta1.ConditionAvailable: "4 of 4 replicas available"}}

	for name, outcomes := range map[string][]Outcome{
		"the placed clusters' outcomes": outcomes,
		// A stale outcome for the excluded cluster, with a copy not available, changes nothing.
		"and one for the excluded cluster": append(outcomes, Outcome{Cluster: "member-2", Object: memberDeployment(t, 1, 2,
			appsv1.DeploymentStatus{ObservedGeneration: 1, Replicas: 2, UnavailableReplicas: 2}, false)}),
	} {
		t.Run(name, func(t *testing.T) {
			got := WithHealth(obj, st, sched, outcomes)
			want.check(t, obj, got)
			if r := got.Clusters[1]; r.Name != "member-2" || r.Phase != fedv1beta1.PropagationPhaseExcluded || r.ReadyReplicas != nil || r.AvailableReplicas != nil {
				t.Errorf("excluded row became %+v", r)
			}
			if sums := [2]int32{ptr.Deref(got.Replicas, -1), ptr.Deref(got.UnavailableReplicas, -1)}; sums != [2]int32{4, 0} {
				t.Errorf("replicas, unavailable = %v, want the placed cluster's 4, 0", sums)
			}
		})
	}
}
