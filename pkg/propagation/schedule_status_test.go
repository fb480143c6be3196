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
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/utils/ptr"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/scheduling"
)

// renderedReplicas returns spec.replicas of what obj renders for cluster with sched, and
// whether it is set.
func renderedReplicas(t *testing.T, obj fedv1beta1.FederatedObject, cluster string, sched *Schedule) (int64, bool) {
	t.Helper()
	u, err := Render(obj, cluster, sched)
	if err != nil {
		t.Fatal(err)
	}
	r, found, err := unstructured.NestedInt64(u.Object, "spec", "replicas")
	if err != nil {
		t.Fatal(err)
	}
	return r, found
}

func TestRenderScheduledReplicas(t *testing.T) {
	obj := scheduled(ptr.To[int32](6), twoToOne, true, nil)
	obj.Spec.Overrides = []fedv1beta1.ClusterOverride{
		{ClusterName: "member-2", Patches: []fedv1beta1.OverridePatch{patch("replace", "/spec/replicas", "7")}},
	}
	sched := ScheduleReplicas(obj, []string{"member-1", "member-2"}, both)
	for cluster, want := range map[string]int64{
		"member-1": 4, // its share, not the template's 6
		"member-2": 7, // the override wins over the share (2)
	} {
		if got, found := renderedReplicas(t, obj, cluster, sched); !found || got != want {
			t.Errorf("%s: spec.replicas = %d (set %v), want %d", cluster, got, found, want)
		}
	}
	if got, _ := renderedReplicas(t, obj, "member-1", nil); got != 6 {
		t.Errorf("without a schedule: spec.replicas = %d, want the template's 6", got)
	}
}

// A template without replicas, and no replicaScheduling, leaves spec.replicas to the member:
// nothing is rendered, and a member copy scaled there (kubectl scale, an HPA) is in sync.
func TestRenderLeavesReplicasToTheMember(t *testing.T) {
	obj := deployment()
	sched := ScheduleReplicas(obj, []string{"a"}, nil)
	if _, found := renderedReplicas(t, obj, "a", sched); found {
		t.Fatal("spec.replicas rendered for a template without replicas")
	}
	desired, err := Render(obj, "a", sched)
	if err != nil {
		t.Fatal(err)
	}
	scaled := desired.DeepCopy()
	if err := unstructured.SetNestedField(scaled.Object, int64(5), "spec", "replicas"); err != nil {
		t.Fatal(err)
	}
	if !InSync(obj, desired, scaled) {
		t.Error("InSync(member scaled to 5) = false: drift correction would revert the member's replicas")
	}
}

func TestWithSchedule(t *testing.T) {
	placed := []string{"member-1", "member-2"}
	outcomes := []Outcome{{Cluster: "member-1", Generation: 1}, {Cluster: "member-2", Err: errors.New("down"), Reason: "Unreachable"}}
	rows := func(st fedv1beta1.FederatedStatus) map[string]*int32 {
		out := map[string]*int32{}
		for _, r := range st.Clusters {
			out[r.Name] = r.Replicas
		}
		return out
	}
	for name, tc := range map[string]struct {
		obj        *fedv1beta1.FederatedDeployment
		clusters   schedClusters
		wantRows   map[string]*int32
		wantStatus metav1.ConditionStatus // "" for no condition
		wantReason string
	}{
		"scheduled: every placed row, failed ones too": {
			obj: scheduled(ptr.To[int32](6), twoToOne, true, nil), clusters: both,
			wantRows:   map[string]*int32{"member-1": ptr.To[int32](4), "member-2": ptr.To[int32](2)},
			wantStatus: metav1.ConditionTrue, wantReason: ReasonScheduled,
		},
		"failed over": {
			obj: scheduled(ptr.To[int32](6), twoToOne, true, nil), clusters: schedClusters{"member-1": true, "member-2": false},
			wantRows:   map[string]*int32{"member-1": ptr.To[int32](6), "member-2": ptr.To[int32](0)},
			wantStatus: metav1.ConditionTrue, wantReason: ReasonScheduled,
		},
		"infeasible: Divide's reason, what each got in the rows": {
			obj: scheduled(ptr.To[int32](5), map[string]fedv1beta1.ClusterReplicaPreference{
				"member-1": {MinReplicas: 3}, "member-2": {MinReplicas: 3}}, true, nil),
			clusters:   both,
			wantRows:   map[string]*int32{"member-1": ptr.To[int32](3), "member-2": ptr.To[int32](2)},
			wantStatus: metav1.ConditionFalse, wantReason: scheduling.ReasonMinimumsExceedTotal,
		},
		"no replicaScheduling: no replicas, no condition": {
			obj: func() *fedv1beta1.FederatedDeployment {
				o := scheduled(ptr.To[int32](6), nil, true, nil)
				o.Spec.ReplicaScheduling = nil
				return o
			}(),
			clusters: both, wantRows: map[string]*int32{"member-1": nil, "member-2": nil},
		},
	} {
		t.Run(name, func(t *testing.T) {
			tc.obj.Generation = 2
			// A stale condition from before (e.g. replicaScheduling since removed).
			prev := fedv1beta1.FederatedStatus{Conditions: []metav1.Condition{{Type: fedv1beta1.ConditionReplicasScheduled, Status: metav1.ConditionFalse, Reason: "Old"}}}
			st := WithSchedule(tc.obj, Status(tc.obj, prev, outcomes), ScheduleReplicas(tc.obj, placed, tc.clusters))
			if d := cmp.Diff(tc.wantRows, rows(st)); d != "" {
				t.Errorf("rows' replicas (-want +got):\n%s", d)
			}
			c := meta.FindStatusCondition(st.Conditions, fedv1beta1.ConditionReplicasScheduled)
			switch {
			case tc.wantStatus == "" && c != nil:
				t.Errorf("ReplicasScheduled = %+v, want none", c)
			case tc.wantStatus != "" && (c == nil || c.Status != tc.wantStatus || c.Reason != tc.wantReason || c.ObservedGeneration != 2 || c.Message == ""):
				t.Errorf("ReplicasScheduled = %+v, want status %s reason %s", c, tc.wantStatus, tc.wantReason)
			}
			if meta.FindStatusCondition(st.Conditions, fedv1beta1.ConditionPropagated) == nil {
				t.Error("the Propagated condition is gone")
			}
		})
	}
}

// The write-through and the controller call Status then WithSchedule on the same inputs:
// equal results, and a removal-pending row keeps no replicas.
func TestWithScheduleIsDeterministic(t *testing.T) {
	obj := scheduled(ptr.To[int32](9), twoToOne, false, map[string]int32{"member-1": 6, "member-2": 3})
	outcomes := []Outcome{{Cluster: "member-1"}, {Cluster: "member-2"}}
	first := WithSchedule(obj, Status(obj, obj.Status, outcomes), ScheduleReplicas(obj, []string{"member-1", "member-2"}, both))
	second := WithSchedule(obj, Status(obj, obj.Status, outcomes), ScheduleReplicas(obj, []string{"member-1", "member-2"}, both))
	// Transition times of new conditions are "now"; stored ones carry over (Status's test).
	if d := cmp.Diff(first, second, cmpopts.IgnoreFields(metav1.Condition{}, "LastTransitionTime")); d != "" {
		t.Errorf("two computations differ (-first +second):\n%s", d)
	}
	dropped := WithRemovalsPending(first, []Outcome{{Cluster: "old", Err: errors.New("down"), Reason: "Unreachable"}})
	for _, r := range dropped.Clusters {
		if r.Name == "old" && r.Replicas != nil {
			t.Errorf("removal-pending row has replicas %d", *r.Replicas)
		}
	}
}
