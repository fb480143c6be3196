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
	"encoding/json"
	"errors"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/cli-utils/pkg/kstatus/status"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/scheduling"
)

// memberDeployment is a member copy at generation gen with the given status.
func memberDeployment(t *testing.T, gen int64, spec int32, st appsv1.DeploymentStatus, available bool) *unstructured.Unstructured {
	t.Helper()
	cond := corev1.ConditionFalse
	if available {
		cond = corev1.ConditionTrue
	}
	st.Conditions = append(st.Conditions, appsv1.DeploymentCondition{Type: appsv1.DeploymentAvailable, Status: cond})
	d := &appsv1.Deployment{ObjectMeta: metav1.ObjectMeta{Name: "web", Generation: gen}, Spec: appsv1.DeploymentSpec{Replicas: ptr.To(spec)}, Status: st}
	u, err := runtime.DefaultUnstructuredConverter.ToUnstructured(d)
	if err != nil {
		t.Fatal(err)
	}
	return &unstructured.Unstructured{Object: u}
}

// done is the status of a complete rollout of n replicas at generation gen.
func done(gen int64, n int32) appsv1.DeploymentStatus {
	return appsv1.DeploymentStatus{ObservedGeneration: gen, Replicas: n, UpdatedReplicas: n, ReadyReplicas: n, AvailableReplicas: n}
}

// health is Status + WithSchedule + WithHealth, as the write-through and the sync controller
// compute it.
func health(obj fedv1beta1.FederatedObject, sched *Schedule, outcomes []Outcome) fedv1beta1.FederatedStatus {
	return WithHealth(obj, WithSchedule(obj, Status(obj, fedv1beta1.FederatedStatus{}, outcomes), sched), sched, outcomes)
}

// kstatusOf runs the real kstatus library on obj with st, as a client reads it.
func kstatusOf(t *testing.T, obj fedv1beta1.FederatedObject, st fedv1beta1.FederatedStatus) status.Status {
	t.Helper()
	*obj.GetFederatedStatus() = st
	raw, err := json.Marshal(obj)
	if err != nil {
		t.Fatal(err)
	}
	u := &unstructured.Unstructured{}
	if err := u.UnmarshalJSON(raw); err != nil {
		t.Fatal(err)
	}
	u.SetGroupVersionKind(schema.GroupVersionKind{Group: fedv1beta1.GroupName, Version: "v1beta1", Kind: "FederatedDeployment"})
	res, err := status.Compute(u)
	if err != nil {
		t.Fatal(err)
	}
	return res.Status
}

func condStatus(st fedv1beta1.FederatedStatus, typ string) metav1.ConditionStatus {
	if c := meta.FindStatusCondition(st.Conditions, typ); c != nil {
		return c.Status
	}
	return "absent"
}

func TestWithHealthDeployment(t *testing.T) {
	forbidden := apierrors.NewForbidden(schema.GroupResource{Group: "apps", Resource: "deployments"}, "web", errors.New("denied by policy"))
	for name, tc := range map[string]struct {
		outcomes    func(t *testing.T) []Outcome
		sched       *Schedule
		available   metav1.ConditionStatus
		ready       metav1.ConditionStatus
		reconciling metav1.ConditionStatus
		stalled     metav1.ConditionStatus
		kstatus     status.Status
		sums        [5]int32 // replicas, updated, ready, available, unavailable
		message     string   // in Ready, or Stalled when stalled
	}{
		"rolled out everywhere": {
			outcomes: func(t *testing.T) []Outcome {
				return []Outcome{
					{Cluster: "member-1", Object: memberDeployment(t, 2, 3, done(2, 3), true)},
					{Cluster: "member-2", Object: memberDeployment(t, 1, 2, done(1, 2), true)},
				}
			},
			available: "True", ready: "True", reconciling: "False", stalled: "False", kstatus: status.CurrentStatus,
			sums: [5]int32{5, 5, 5, 5, 0},
		},
		"one member rolling out": {
			outcomes: func(t *testing.T) []Outcome {
				rolling := appsv1.DeploymentStatus{ObservedGeneration: 2, Replicas: 3, UpdatedReplicas: 1, ReadyReplicas: 2, AvailableReplicas: 2, UnavailableReplicas: 1}
				return []Outcome{
					{Cluster: "member-1", Object: memberDeployment(t, 2, 2, rolling, true)},
					{Cluster: "member-2", Object: memberDeployment(t, 1, 2, done(1, 2), true)},
				}
			},
			available: "True", ready: "False", reconciling: "True", stalled: "False", kstatus: status.InProgressStatus,
			sums: [5]int32{5, 3, 4, 4, 1}, message: "member-1 (1 of 2 updated, 3 replicas, 2 available)",
		},
		"counts complete but the new generation not yet observed": {
			outcomes: func(t *testing.T) []Outcome {
				return []Outcome{{Cluster: "member-1", Object: memberDeployment(t, 3, 2, done(2, 2), true)}}
			},
			available: "True", ready: "False", reconciling: "True", stalled: "False", kstatus: status.InProgressStatus,
			sums: [5]int32{2, 2, 2, 2, 0}, message: "generation 3 not yet observed",
		},
		"a member not available": {
			outcomes: func(t *testing.T) []Outcome {
				return []Outcome{{Cluster: "member-1", Object: memberDeployment(t, 1, 2, appsv1.DeploymentStatus{ObservedGeneration: 1, Replicas: 2, UpdatedReplicas: 2}, false)}}
			},
			available: "False", ready: "False", reconciling: "True", stalled: "False", kstatus: status.InProgressStatus,
			sums: [5]int32{2, 2, 0, 0, 0},
		},
		"a member refuses the object": {
			outcomes: func(t *testing.T) []Outcome {
				return []Outcome{
					{Cluster: "member-1", Err: forbidden, Reason: ReasonFor(forbidden)},
					{Cluster: "member-2", Object: memberDeployment(t, 1, 2, done(1, 2), true)},
				}
			},
			available: "False", ready: "False", reconciling: "False", stalled: "True", kstatus: status.FailedStatus,
			sums: [5]int32{2, 2, 2, 2, 0}, message: "Cluster member-1 refuses the object (Forbidden)",
		},
		"a copy that is not federation's": {
			outcomes: func(t *testing.T) []Outcome {
				err := &ConflictError{Kind: "Deployment", Namespace: "shop", Name: "web"}
				return []Outcome{{Cluster: "member-2", Err: err, Reason: ReasonFor(err)}}
			},
			available: "False", ready: "False", reconciling: "False", stalled: "True", kstatus: status.FailedStatus,
			message: "Cluster member-2 refuses the object (Conflict)",
		},
		"an unreachable member is retried, not stalled": {
			outcomes: func(t *testing.T) []Outcome {
				return []Outcome{{Cluster: "member-2", Err: errors.New("connection refused"), Reason: ReasonUnreachable}}
			},
			available: "False", ready: "False", reconciling: "True", stalled: "False", kstatus: status.InProgressStatus,
		},
		// The user asked for 3 and 2 run nowhere: neither Available nor Ready.
		"replicas the bounds cannot place": {
			outcomes: func(t *testing.T) []Outcome {
				return []Outcome{{Cluster: "member-1", Object: memberDeployment(t, 1, 1, done(1, 1), true)}}
			},
			sched: &Schedule{Total: 3, Replicas: map[string]int32{"member-1": 1},
				Result: scheduling.Result{Infeasible: true, Reason: scheduling.ReasonMaximumsBelowTotal, Message: "maximums hold 1 of 3"}},
			available: "False", ready: "False", reconciling: "False", stalled: "True", kstatus: status.FailedStatus,
			sums: [5]int32{1, 1, 1, 1, 0}, message: "Replicas cannot be scheduled: maximums hold 1 of 3",
		},
		"a failed-over cluster is not waited for": {
			outcomes: func(t *testing.T) []Outcome {
				stale := appsv1.DeploymentStatus{ObservedGeneration: 1, Replicas: 2, UnavailableReplicas: 2}
				return []Outcome{
					{Cluster: "member-1", Object: memberDeployment(t, 2, 4, done(2, 4), true)},
					{Cluster: "member-2", Object: memberDeployment(t, 2, 0, stale, false)},
				}
			},
			sched:     &Schedule{Total: 4, Replicas: map[string]int32{"member-1": 4, "member-2": 0}, Unschedulable: []string{"member-2"}},
			available: "True", ready: "True", reconciling: "False", stalled: "False", kstatus: status.CurrentStatus,
			sums: [5]int32{6, 4, 4, 4, 2},
		},
	} {
		t.Run(name, func(t *testing.T) {
			obj := deployment()
			obj.Generation = 5
			st := health(obj, tc.sched, tc.outcomes(t))
			for typ, want := range map[string]metav1.ConditionStatus{
				fedv1beta1.ConditionAvailable: tc.available, fedv1beta1.ConditionReady: tc.ready,
				fedv1beta1.ConditionReconciling: tc.reconciling, fedv1beta1.ConditionStalled: tc.stalled,
			} {
				if got := condStatus(st, typ); got != want {
					t.Errorf("%s = %s, want %s; conditions %+v", typ, got, want, st.Conditions)
				}
			}
			got := [5]int32{ptr.Deref(st.Replicas, -1), ptr.Deref(st.UpdatedReplicas, -1), ptr.Deref(st.ReadyReplicas, -1),
				ptr.Deref(st.AvailableReplicas, -1), ptr.Deref(st.UnavailableReplicas, -1)}
			if got != tc.sums {
				t.Errorf("sums (replicas, updated, ready, available, unavailable) = %v, want %v", got, tc.sums)
			}
			if tc.message != "" {
				msgs := meta.FindStatusCondition(st.Conditions, fedv1beta1.ConditionReady).Message + " | " +
					meta.FindStatusCondition(st.Conditions, fedv1beta1.ConditionStalled).Message
				if !strings.Contains(msgs, tc.message) {
					t.Errorf("messages %q do not contain %q", msgs, tc.message)
				}
			}
			if got := kstatusOf(t, obj, st); got != tc.kstatus {
				t.Errorf("kstatus = %s, want %s", got, tc.kstatus)
			}
		})
	}
}

// Each row carries its cluster's ready and available replicas next to the scheduled share.
func TestWithHealthRows(t *testing.T) {
	obj := deployment()
	outcomes := []Outcome{
		{Cluster: "member-1", Object: memberDeployment(t, 1, 4, appsv1.DeploymentStatus{ObservedGeneration: 1, Replicas: 4, ReadyReplicas: 3, AvailableReplicas: 2}, true)},
		{Cluster: "member-2", Err: errors.New("timeout"), Reason: ReasonTimeout},
	}
	sched := &Schedule{Total: 6, Replicas: map[string]int32{"member-1": 4, "member-2": 2}}
	st := health(obj, sched, outcomes)
	if r := st.Clusters[0]; ptr.Deref(r.Replicas, -1) != 4 || ptr.Deref(r.ReadyReplicas, -1) != 3 || ptr.Deref(r.AvailableReplicas, -1) != 2 {
		t.Errorf("member-1 row: replicas %v ready %v available %v, want 4, 3, 2", r.Replicas, r.ReadyReplicas, r.AvailableReplicas)
	}
	if r := st.Clusters[1]; r.ReadyReplicas != nil || r.AvailableReplicas != nil {
		t.Errorf("member-2 row (failed) reports ready %v available %v, want none", r.ReadyReplicas, r.AvailableReplicas)
	}
}

// A kind without an entry in the workloads table gets no sums and no Available; its Ready
// follows Propagated.
func TestWithHealthNonWorkload(t *testing.T) {
	obj := configMap()
	obj.Generation = 1
	ok := health(obj, nil, []Outcome{{Cluster: "a", Generation: 1}})
	if ok.Replicas != nil || meta.FindStatusCondition(ok.Conditions, fedv1beta1.ConditionAvailable) != nil {
		t.Errorf("non-workload got sums or Available: %+v", ok)
	}
	if condStatus(ok, fedv1beta1.ConditionReady) != "True" || condStatus(ok, fedv1beta1.ConditionReconciling) != "False" {
		t.Errorf("propagated ConfigMap: conditions %+v, want Ready True and Reconciling False", ok.Conditions)
	}
	pending := health(obj, nil, []Outcome{{Cluster: "a", Err: errors.New("refused"), Reason: ReasonUnreachable}})
	if condStatus(pending, fedv1beta1.ConditionReady) != "False" || condStatus(pending, fedv1beta1.ConditionReconciling) != "True" {
		t.Errorf("unpropagated ConfigMap: conditions %+v, want Ready False and Reconciling True", pending.Conditions)
	}
	// Equal inputs give an equal status: a converged object's reconcile writes nothing.
	again := WithHealth(obj, ok, nil, []Outcome{{Cluster: "a", Generation: 1}})
	if d := len(again.Conditions) - len(ok.Conditions); d != 0 || !meta.IsStatusConditionTrue(again.Conditions, fedv1beta1.ConditionReady) {
		t.Errorf("recomputing changed the conditions: %+v vs %+v", again.Conditions, ok.Conditions)
	}
}

// observedGeneration is serialized even when 0, so kstatus does not read a new object whose
// status was never written as Current.
func TestObservedGenerationAlwaysSerialized(t *testing.T) {
	obj := deployment()
	obj.Generation = 1
	raw, err := json.Marshal(obj.Status)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(raw), `"observedGeneration":0`) {
		t.Errorf("status %s lacks observedGeneration 0", raw)
	}
	if got := kstatusOf(t, obj, fedv1beta1.FederatedStatus{}); got != status.InProgressStatus {
		t.Errorf("kstatus of an object with an empty status = %s, want InProgress", got)
	}
}
