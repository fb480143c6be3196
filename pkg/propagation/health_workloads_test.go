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
	"testing"

	"github.com/google/go-cmp/cmp"
	appsv1 "k8s.io/api/apps/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/utils/ptr"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
)

// member converts a typed member object to the unstructured copy the engine holds.
func member(t *testing.T, obj runtime.Object) *unstructured.Unstructured {
	t.Helper()
	u, err := runtime.DefaultUnstructuredConverter.ToUnstructured(obj)
	if err != nil {
		t.Fatal(err)
	}
	return &unstructured.Unstructured{Object: u}
}

// sums are the summed member counts of a FederatedStatus, for comparison.
func sums(st fedv1beta1.FederatedStatus) fedv1beta1.FederatedStatus {
	st.ObservedGeneration, st.Conditions, st.Clusters = 0, nil, nil
	return st
}

// Each workload kind records its member kind's own status fields, summed, and is Ready by
// its member kind's completion rule.
func TestWithHealthWorkloadKinds(t *testing.T) {
	meta := metav1.ObjectMeta{Name: "web", Namespace: "ns", Generation: 1}
	for name, tc := range map[string]struct {
		obj       fedv1beta1.FederatedObject
		sched     *Schedule
		members   func(t *testing.T) []Outcome
		wantSums  fedv1beta1.FederatedStatus
		wantReady metav1.ConditionStatus
	}{
		"ReplicaSet 2+1 of 3, all ready": {
			obj: &fedv1beta1.FederatedReplicaSet{ObjectMeta: meta, Spec: fedv1beta1.FederatedReplicaSetSpec{
				Template:          fedv1beta1.ReplicaSetTemplate{Spec: appsv1.ReplicaSetSpec{Replicas: ptr.To[int32](3)}},
				ReplicaScheduling: &fedv1beta1.ReplicaScheduling{}}},
			sched: &Schedule{Total: 3, Replicas: map[string]int32{"member-1": 2, "member-2": 1}},
			members: func(t *testing.T) []Outcome {
				rs := func(n int32) *appsv1.ReplicaSet {
					return &appsv1.ReplicaSet{ObjectMeta: metav1.ObjectMeta{Generation: 1}, Spec: appsv1.ReplicaSetSpec{Replicas: ptr.To(n)},
						Status: appsv1.ReplicaSetStatus{ObservedGeneration: 1, Replicas: n, FullyLabeledReplicas: n, ReadyReplicas: n, AvailableReplicas: n}}
				}
				return []Outcome{{Cluster: "member-1", Object: member(t, rs(2))}, {Cluster: "member-2", Object: member(t, rs(1))}}
			},
			wantSums: fedv1beta1.FederatedStatus{Replicas: ptr.To[int32](3), FullyLabeledReplicas: ptr.To[int32](3),
				ReadyReplicas: ptr.To[int32](3), AvailableReplicas: ptr.To[int32](3)},
			wantReady: metav1.ConditionTrue,
		},
		"ReplicaSet with a member not observing its generation": {
			obj: &fedv1beta1.FederatedReplicaSet{ObjectMeta: meta, Spec: fedv1beta1.FederatedReplicaSetSpec{
				Template: fedv1beta1.ReplicaSetTemplate{Spec: appsv1.ReplicaSetSpec{Replicas: ptr.To[int32](1)}}}},
			members: func(t *testing.T) []Outcome {
				rs := &appsv1.ReplicaSet{ObjectMeta: metav1.ObjectMeta{Generation: 2}, Spec: appsv1.ReplicaSetSpec{Replicas: ptr.To[int32](1)},
					Status: appsv1.ReplicaSetStatus{ObservedGeneration: 1, Replicas: 1, FullyLabeledReplicas: 1, ReadyReplicas: 1, AvailableReplicas: 1}}
				return []Outcome{{Cluster: "member-1", Object: member(t, rs)}}
			},
			wantSums: fedv1beta1.FederatedStatus{Replicas: ptr.To[int32](1), FullyLabeledReplicas: ptr.To[int32](1),
				ReadyReplicas: ptr.To[int32](1), AvailableReplicas: ptr.To[int32](1)},
			wantReady: metav1.ConditionFalse,
		},
		"StatefulSet 2+1 of 3, rolled out": {
			obj: &fedv1beta1.FederatedStatefulSet{ObjectMeta: meta, Spec: fedv1beta1.FederatedStatefulSetSpec{
				Template:          fedv1beta1.StatefulSetTemplate{Spec: appsv1.StatefulSetSpec{Replicas: ptr.To[int32](3)}},
				ReplicaScheduling: &fedv1beta1.ReplicaScheduling{}}},
			sched: &Schedule{Total: 3, Replicas: map[string]int32{"member-1": 2, "member-2": 1}},
			members: func(t *testing.T) []Outcome {
				return []Outcome{{Cluster: "member-1", Object: member(t, statefulSet(2, 2, "r1", "r1"))}, {Cluster: "member-2", Object: member(t, statefulSet(1, 1, "r1", "r1"))}}
			},
			wantSums: fedv1beta1.FederatedStatus{Replicas: ptr.To[int32](3), CurrentReplicas: ptr.To[int32](3), UpdatedReplicas: ptr.To[int32](3),
				ReadyReplicas: ptr.To[int32](3), AvailableReplicas: ptr.To[int32](3)},
			wantReady: metav1.ConditionTrue,
		},
		"StatefulSet with a member whose update revision is not current yet": {
			obj: &fedv1beta1.FederatedStatefulSet{ObjectMeta: meta, Spec: fedv1beta1.FederatedStatefulSetSpec{
				Template:          fedv1beta1.StatefulSetTemplate{Spec: appsv1.StatefulSetSpec{Replicas: ptr.To[int32](3)}},
				ReplicaScheduling: &fedv1beta1.ReplicaScheduling{}}},
			sched: &Schedule{Total: 3, Replicas: map[string]int32{"member-1": 2, "member-2": 1}},
			members: func(t *testing.T) []Outcome {
				return []Outcome{{Cluster: "member-1", Object: member(t, statefulSet(2, 2, "r1", "r2"))}, {Cluster: "member-2", Object: member(t, statefulSet(1, 1, "r2", "r2"))}}
			},
			wantSums: fedv1beta1.FederatedStatus{Replicas: ptr.To[int32](3), CurrentReplicas: ptr.To[int32](3), UpdatedReplicas: ptr.To[int32](3),
				ReadyReplicas: ptr.To[int32](3), AvailableReplicas: ptr.To[int32](3)},
			wantReady: metav1.ConditionFalse,
		},
		"DaemonSet on 3 and 2 nodes, rolled out: its own fields, no replicas": {
			obj: &fedv1beta1.FederatedDaemonSet{ObjectMeta: meta},
			members: func(t *testing.T) []Outcome {
				return []Outcome{{Cluster: "member-1", Object: member(t, daemonSet(3, 3, 3))}, {Cluster: "member-2", Object: member(t, daemonSet(2, 2, 2))}}
			},
			wantSums: fedv1beta1.FederatedStatus{DesiredNumberScheduled: ptr.To[int32](5), CurrentNumberScheduled: ptr.To[int32](5),
				NumberReady: ptr.To[int32](5), UpdatedNumberScheduled: ptr.To[int32](5), NumberAvailable: ptr.To[int32](5), NumberUnavailable: ptr.To[int32](0)},
			wantReady: metav1.ConditionTrue,
		},
		"DaemonSet still updating on one member": {
			obj: &fedv1beta1.FederatedDaemonSet{ObjectMeta: meta},
			members: func(t *testing.T) []Outcome {
				return []Outcome{{Cluster: "member-1", Object: member(t, daemonSet(3, 1, 3))}, {Cluster: "member-2", Object: member(t, daemonSet(2, 2, 2))}}
			},
			wantSums: fedv1beta1.FederatedStatus{DesiredNumberScheduled: ptr.To[int32](5), CurrentNumberScheduled: ptr.To[int32](5),
				NumberReady: ptr.To[int32](5), UpdatedNumberScheduled: ptr.To[int32](3), NumberAvailable: ptr.To[int32](5), NumberUnavailable: ptr.To[int32](0)},
			wantReady: metav1.ConditionFalse,
		},
	} {
		t.Run(name, func(t *testing.T) {
			tc.obj.GetPropagation().Placement.Clusters = []fedv1beta1.ClusterReference{{Name: "member-1"}, {Name: "member-2"}}
			st := health(tc.obj, tc.sched, tc.members(t))
			if d := cmp.Diff(tc.wantSums, sums(st)); d != "" {
				t.Errorf("summed status (-want +got):\n%s", d)
			}
			if got := condStatus(st, fedv1beta1.ConditionReady); got != tc.wantReady {
				t.Errorf("Ready = %s, want %s (conditions %+v)", got, tc.wantReady, st.Conditions)
			}
		})
	}
}

// statefulSet is a member StatefulSet of spec replicas at generation 1, all n pods ready,
// updated and available, at the given revisions.
func statefulSet(spec, n int32, current, update string) *appsv1.StatefulSet {
	return &appsv1.StatefulSet{ObjectMeta: metav1.ObjectMeta{Generation: 1}, Spec: appsv1.StatefulSetSpec{Replicas: ptr.To(spec)},
		Status: appsv1.StatefulSetStatus{ObservedGeneration: 1, Replicas: n, CurrentReplicas: n, UpdatedReplicas: n, ReadyReplicas: n,
			AvailableReplicas: n, CurrentRevision: current, UpdateRevision: update}}
}

// daemonSet is a member DaemonSet at generation 1 on nodes nodes, updated of them updated,
// available of them available (and ready).
func daemonSet(nodes, updated, available int32) *appsv1.DaemonSet {
	return &appsv1.DaemonSet{ObjectMeta: metav1.ObjectMeta{Generation: 1}, Status: appsv1.DaemonSetStatus{ObservedGeneration: 1,
		DesiredNumberScheduled: nodes, CurrentNumberScheduled: nodes, NumberReady: available, UpdatedNumberScheduled: updated,
		NumberAvailable: available, NumberUnavailable: nodes - available}}
}
