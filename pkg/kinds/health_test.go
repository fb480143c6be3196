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

package kinds_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/utils/ptr"

	"k8s.io/federation/pkg/kinds"
)

// memberHealth reads the typed member object obj, converted to unstructured as the member
// cache holds it, with kind's MemberHealth hook.
func memberHealth(t *testing.T, kind string, obj runtime.Object) kinds.MemberHealth {
	t.Helper()
	u, err := runtime.DefaultUnstructuredConverter.ToUnstructured(obj)
	if err != nil {
		t.Fatal(err)
	}
	h, err := kinds.ByKind(kind).Hooks.MemberHealth(&unstructured.Unstructured{Object: u})
	if err != nil {
		t.Fatalf("MemberHealth: %v", err)
	}
	return h
}

// healthSummary is what the health tests compare: the verdicts, not the messages.
type healthSummary struct {
	Complete, IsAvailable, Failed bool
}

func summary(h kinds.MemberHealth) healthSummary {
	return healthSummary{Complete: h.Complete, IsAvailable: h.IsAvailable, Failed: h.Failed != ""}
}

// ignoreMessages drops the free-text fields from a MemberHealth comparison.
var ignoreMessages = cmpopts.IgnoreFields(kinds.MemberHealth{}, "Progress", "Failed")

func TestReplicaSetHealth(t *testing.T) {
	rs := func(generation, observed int64, replicas int32, status appsv1.ReplicaSetStatus) *appsv1.ReplicaSet {
		status.ObservedGeneration = observed
		r := &appsv1.ReplicaSet{Spec: appsv1.ReplicaSetSpec{Replicas: ptr.To(replicas)}, Status: status}
		r.Generation = generation
		return r
	}
	for name, tc := range map[string]struct {
		rs         *appsv1.ReplicaSet
		want       healthSummary
		wantCounts kinds.MemberHealth
	}{
		"all 3 ready and available": {
			rs:         rs(2, 2, 3, appsv1.ReplicaSetStatus{Replicas: 3, FullyLabeledReplicas: 3, ReadyReplicas: 3, AvailableReplicas: 3}),
			want:       healthSummary{Complete: true, IsAvailable: true},
			wantCounts: kinds.MemberHealth{Desired: 3, Replicas: 3, FullyLabeled: 3, Ready: 3, Available: 3, IsAvailable: true, Complete: true},
		},
		"generation not observed yet": {
			rs:   rs(3, 2, 3, appsv1.ReplicaSetStatus{Replicas: 3, FullyLabeledReplicas: 3, ReadyReplicas: 3, AvailableReplicas: 3}),
			want: healthSummary{IsAvailable: true},
		},
		"ready but not yet available (minReadySeconds)": {
			rs:   rs(1, 1, 3, appsv1.ReplicaSetStatus{Replicas: 3, FullyLabeledReplicas: 3, ReadyReplicas: 3, AvailableReplicas: 1}),
			want: healthSummary{},
		},
		"scaling down: more ready than desired": {
			rs:   rs(1, 1, 2, appsv1.ReplicaSetStatus{Replicas: 3, FullyLabeledReplicas: 3, ReadyReplicas: 3, AvailableReplicas: 3}),
			want: healthSummary{IsAvailable: true},
		},
		"quota refuses pods: progress, not failure": {
			rs: rs(1, 1, 3, appsv1.ReplicaSetStatus{Replicas: 1, ReadyReplicas: 1, AvailableReplicas: 1, Conditions: []appsv1.ReplicaSetCondition{
				{Type: appsv1.ReplicaSetReplicaFailure, Status: corev1.ConditionTrue, Reason: "FailedCreate", Message: "exceeded quota"},
			}}),
			want: healthSummary{},
		},
		"unset replicas default to 1": {
			rs:   &appsv1.ReplicaSet{Status: appsv1.ReplicaSetStatus{Replicas: 1, ReadyReplicas: 1, AvailableReplicas: 1}},
			want: healthSummary{Complete: true, IsAvailable: true},
		},
	} {
		t.Run(name, func(t *testing.T) {
			h := memberHealth(t, "FederatedReplicaSet", tc.rs)
			if d := cmp.Diff(tc.want, summary(h)); d != "" {
				t.Errorf("health (-want +got):\n%s", d)
			}
			if !h.Complete && h.Progress == "" {
				t.Error("incomplete without a Progress message")
			}
			if tc.wantCounts != (kinds.MemberHealth{}) {
				if d := cmp.Diff(tc.wantCounts, h, ignoreMessages); d != "" {
					t.Errorf("counts (-want +got):\n%s", d)
				}
			}
		})
	}
}

func TestStatefulSetHealth(t *testing.T) {
	sts := func(generation int64, replicas int32, strategy appsv1.StatefulSetUpdateStrategy, status appsv1.StatefulSetStatus) *appsv1.StatefulSet {
		s := &appsv1.StatefulSet{Spec: appsv1.StatefulSetSpec{Replicas: ptr.To(replicas), UpdateStrategy: strategy}, Status: status}
		s.Generation = generation
		return s
	}
	rolling := appsv1.StatefulSetUpdateStrategy{Type: appsv1.RollingUpdateStatefulSetStrategyType}
	onDelete := appsv1.StatefulSetUpdateStrategy{Type: appsv1.OnDeleteStatefulSetStrategyType}
	partitioned := appsv1.StatefulSetUpdateStrategy{Type: appsv1.RollingUpdateStatefulSetStrategyType,
		RollingUpdate: &appsv1.RollingUpdateStatefulSetStrategy{Partition: ptr.To[int32](2)}}
	done := func(n int32, current, update string) appsv1.StatefulSetStatus {
		return appsv1.StatefulSetStatus{ObservedGeneration: 2, Replicas: n, CurrentReplicas: n, UpdatedReplicas: n, ReadyReplicas: n,
			AvailableReplicas: n, CurrentRevision: current, UpdateRevision: update}
	}
	for name, tc := range map[string]struct {
		sts        *appsv1.StatefulSet
		want       healthSummary
		wantCounts kinds.MemberHealth
	}{
		"rolled out": {
			sts:        sts(2, 3, rolling, done(3, "web-2", "web-2")),
			want:       healthSummary{Complete: true, IsAvailable: true},
			wantCounts: kinds.MemberHealth{Desired: 3, Replicas: 3, Current: 3, Updated: 3, Ready: 3, Available: 3, IsAvailable: true, Complete: true},
		},
		"generation not observed yet": {
			sts:  sts(3, 3, rolling, done(3, "web-2", "web-2")),
			want: healthSummary{IsAvailable: true},
		},
		"counts done but the update revision not yet current": {
			sts:  sts(2, 3, rolling, done(3, "web-1", "web-2")),
			want: healthSummary{IsAvailable: true},
		},
		"OnDelete: revisions apart is the user's to finish": {
			sts:  sts(2, 3, onDelete, done(3, "web-1", "web-2")),
			want: healthSummary{Complete: true, IsAvailable: true},
		},
		"unset strategy is RollingUpdate": {
			sts:  sts(2, 3, appsv1.StatefulSetUpdateStrategy{}, done(3, "web-1", "web-2")),
			want: healthSummary{IsAvailable: true},
		},
		"updating: 1 of 3 updated": {
			sts: sts(2, 3, rolling, appsv1.StatefulSetStatus{ObservedGeneration: 2, Replicas: 3, CurrentReplicas: 2, UpdatedReplicas: 1,
				ReadyReplicas: 2, AvailableReplicas: 2, CurrentRevision: "web-1", UpdateRevision: "web-2"}),
			want: healthSummary{},
		},
		"partition 2 of 3: the last pod updated is complete": {
			sts: sts(2, 3, partitioned, appsv1.StatefulSetStatus{ObservedGeneration: 2, Replicas: 3, CurrentReplicas: 2, UpdatedReplicas: 1,
				ReadyReplicas: 3, AvailableReplicas: 3, CurrentRevision: "web-1", UpdateRevision: "web-2"}),
			want: healthSummary{Complete: true, IsAvailable: true},
		},
		"partition 2 of 3, nothing updated yet": {
			sts: sts(2, 3, partitioned, appsv1.StatefulSetStatus{ObservedGeneration: 2, Replicas: 3, CurrentReplicas: 3,
				ReadyReplicas: 3, AvailableReplicas: 3, CurrentRevision: "web-1", UpdateRevision: "web-2"}),
			want: healthSummary{IsAvailable: true},
		},
		"ready but not yet available (minReadySeconds)": {
			sts: sts(2, 2, rolling, appsv1.StatefulSetStatus{ObservedGeneration: 2, Replicas: 2, CurrentReplicas: 2, UpdatedReplicas: 2,
				ReadyReplicas: 2, AvailableReplicas: 1, CurrentRevision: "web-2", UpdateRevision: "web-2"}),
			want: healthSummary{Complete: true},
		},
	} {
		t.Run(name, func(t *testing.T) {
			h := memberHealth(t, "FederatedStatefulSet", tc.sts)
			if d := cmp.Diff(tc.want, summary(h)); d != "" {
				t.Errorf("health (-want +got):\n%s", d)
			}
			if !h.Complete && h.Progress == "" {
				t.Error("incomplete without a Progress message")
			}
			if tc.wantCounts != (kinds.MemberHealth{}) {
				if d := cmp.Diff(tc.wantCounts, h, ignoreMessages); d != "" {
					t.Errorf("counts (-want +got):\n%s", d)
				}
			}
		})
	}
}

func TestDaemonSetHealth(t *testing.T) {
	ds := func(generation int64, status appsv1.DaemonSetStatus) *appsv1.DaemonSet {
		d := &appsv1.DaemonSet{Status: status}
		d.Generation = generation
		return d
	}
	on := func(nodes, updated, ready, available int32) appsv1.DaemonSetStatus {
		return appsv1.DaemonSetStatus{ObservedGeneration: 2, DesiredNumberScheduled: nodes, CurrentNumberScheduled: nodes,
			UpdatedNumberScheduled: updated, NumberReady: ready, NumberAvailable: available, NumberUnavailable: nodes - available}
	}
	for name, tc := range map[string]struct {
		ds         *appsv1.DaemonSet
		want       healthSummary
		wantCounts kinds.MemberHealth
	}{
		"rolled out on 3 nodes": {
			ds:   ds(2, on(3, 3, 3, 3)),
			want: healthSummary{Complete: true, IsAvailable: true},
			wantCounts: kinds.MemberHealth{Desired: 3, Replicas: 3, Updated: 3, Ready: 3, Available: 3,
				IsAvailable: true, Complete: true},
		},
		"no eligible node: nothing to run is complete": {
			ds:   ds(2, on(0, 0, 0, 0)),
			want: healthSummary{Complete: true, IsAvailable: true},
		},
		"generation not observed yet": {
			ds:   ds(3, on(3, 3, 3, 3)),
			want: healthSummary{IsAvailable: true},
		},
		"rolling: 1 of 3 nodes updated": {
			ds:   ds(2, on(3, 1, 3, 3)),
			want: healthSummary{IsAvailable: true},
		},
		"updated but one pod not available": {
			ds:         ds(2, on(3, 3, 3, 2)),
			want:       healthSummary{},
			wantCounts: kinds.MemberHealth{Desired: 3, Replicas: 3, Updated: 3, Ready: 3, Available: 2, Unavailable: 1},
		},
	} {
		t.Run(name, func(t *testing.T) {
			h := memberHealth(t, "FederatedDaemonSet", tc.ds)
			if d := cmp.Diff(tc.want, summary(h)); d != "" {
				t.Errorf("health (-want +got):\n%s", d)
			}
			if !h.Complete && h.Progress == "" {
				t.Error("incomplete without a Progress message")
			}
			if tc.wantCounts != (kinds.MemberHealth{}) {
				if d := cmp.Diff(tc.wantCounts, h, ignoreMessages); d != "" {
					t.Errorf("counts (-want +got):\n%s", d)
				}
			}
		})
	}
}
