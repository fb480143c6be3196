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

package federated_test

import (
	"context"
	"fmt"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/utils/ptr"

	"k8s.io/federation/pkg/apis/federation"
	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/kinds"
	"k8s.io/federation/pkg/propagation"
	"k8s.io/federation/pkg/registry/federated"
)

func overridePatch(op, path, value string) federation.OverridePatch {
	p := federation.OverridePatch{Op: op, Path: path}
	if value != "" {
		p.Value = &federation.JSON{Raw: []byte(value)}
	}
	return p
}

// row is a placed cluster's status row, with its scheduled share when share >= 0.
func row(name string, share int32) federation.ClusterPropagationStatus {
	r := federation.ClusterPropagationStatus{Name: name, Phase: federation.PropagationPhasePropagated}
	if share >= 0 {
		r.Replicas = ptr.To(share)
	}
	return r
}

var excludedRow = federation.ClusterPropagationStatus{Name: "member-3", Phase: federation.PropagationPhaseExcluded, Reason: "TaintNotTolerated"}

// READY's denominator is what the members are told to run (each placed cluster's rendered
// spec.replicas, overrides included) plus what replicaScheduling could not place, as the
// Available and Ready conditions count it; Excluded rows are not placed.
func TestTableDesiredReplicas(t *testing.T) {
	const membersOwn = 11 // status.replicas, the members' own count
	for name, tc := range map[string]struct {
		template  *int32
		scheduled bool
		rows      []federation.ClusterPropagationStatus
		overrides []federation.ClusterOverride
		want      int32
	}{
		"scheduled 3 and 3 of 6": {template: ptr.To[int32](6), scheduled: true,
			rows: []federation.ClusterPropagationStatus{row("member-1", 3), row("member-2", 3)}, want: 6},
		"scheduled 3 and 3, member-1 overridden to 6": {template: ptr.To[int32](6), scheduled: true,
			rows:      []federation.ClusterPropagationStatus{row("member-1", 3), row("member-2", 3)},
			overrides: []federation.ClusterOverride{{ClusterName: "member-1", Patches: []federation.OverridePatch{overridePatch("replace", "/spec/replicas", "6")}}},
			want:      9},
		"maximums hold 2 and 2 of 6: the 2 not placed count": {template: ptr.To[int32](6), scheduled: true,
			rows: []federation.ClusterPropagationStatus{row("member-1", 2), row("member-2", 2)}, want: 6},
		"the last of two patches wins, an object above replicas counts": {template: ptr.To[int32](6), scheduled: true,
			rows: []federation.ClusterPropagationStatus{row("member-1", 3), row("member-2", 3)},
			overrides: []federation.ClusterOverride{{ClusterName: "member-2", Patches: []federation.OverridePatch{
				overridePatch("replace", "/spec/replicas", "5"),
				overridePatch("add", "/spec/replicasNote", `"x"`),
				overridePatch("replace", "/spec", `{"replicas":1,"selector":{"matchLabels":{"app":"web"}}}`),
			}}},
			want: 4},
		"overrides of a cluster not placed": {template: ptr.To[int32](6), scheduled: true,
			rows:      []federation.ClusterPropagationStatus{row("member-1", 3), row("member-2", 3), excludedRow},
			overrides: []federation.ClusterOverride{{ClusterName: "member-3", Patches: []federation.OverridePatch{overridePatch("replace", "/spec/replicas", "9")}}},
			want:      6},
		"an override removes member-2's replicas: the members decide": {template: ptr.To[int32](6), scheduled: true,
			rows:      []federation.ClusterPropagationStatus{row("member-1", 3), row("member-2", 3)},
			overrides: []federation.ClusterOverride{{ClusterName: "member-2", Patches: []federation.OverridePatch{overridePatch("remove", "/spec/replicas", "")}}},
			want:      membersOwn},
		"template 2 in each, member-2 overridden to 5": {template: ptr.To[int32](2),
			rows:      []federation.ClusterPropagationStatus{row("member-1", -1), row("member-2", -1)},
			overrides: []federation.ClusterOverride{{ClusterName: "member-2", Patches: []federation.OverridePatch{overridePatch("add", "/spec/replicas", "5")}}},
			want:      7},
		"template 2 in each, an Excluded row": {template: ptr.To[int32](2),
			rows: []federation.ClusterPropagationStatus{row("member-1", -1), row("member-2", -1), excludedRow}, want: 4},
		"no replicas in the template: the members decide": {
			rows: []federation.ClusterPropagationStatus{row("member-1", -1), row("member-2", -1)}, want: membersOwn},
		"template replicas unset, scheduled: a total of 1": {scheduled: true,
			rows: []federation.ClusterPropagationStatus{row("member-1", 1), row("member-2", 0)}, want: 1},
	} {
		t.Run(name, func(t *testing.T) {
			obj := &federation.FederatedDeployment{}
			obj.Name, obj.Namespace = "web", "shop"
			obj.Spec.Placement.Clusters = []federation.ClusterReference{{Name: "member-1"}, {Name: "member-2"}, {Name: "member-3"}}
			obj.Spec.Template.Spec.Replicas = tc.template
			obj.Spec.Overrides = tc.overrides
			if tc.scheduled {
				obj.Spec.ReplicaScheduling = &federation.ReplicaScheduling{}
			}
			obj.Status = federation.FederatedStatus{Clusters: tc.rows, Replicas: ptr.To[int32](membersOwn), ReadyReplicas: ptr.To[int32](3)}
			if rendered := renderedDesired(t, obj); rendered != tc.want {
				t.Fatalf("the case is wrong: propagation.Render gives %d, the case wants %d", rendered, tc.want)
			}
			tbl, err := federated.NewTableConvertor(kindFor(t, "federateddeployments")).ConvertToTable(context.Background(), obj, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := cellsByColumn(t, tbl, 0)["Ready"], fmt.Sprintf("3/%d", tc.want); got != want {
				t.Errorf("READY = %v, want %s", got, want)
			}
		})
	}
}

// renderedDesired is the desired replicas of obj computed with propagation.Render itself: the
// sum of every placed row's rendered spec.replicas, plus the scheduled total's remainder; the
// members' own count when some cluster renders none.
func renderedDesired(t *testing.T, obj *federation.FederatedDeployment) int32 {
	t.Helper()
	v := &fedv1beta1.FederatedDeployment{}
	if err := fedv1beta1.Convert_federation_FederatedDeployment_To_v1beta1_FederatedDeployment(obj, v, nil); err != nil {
		t.Fatal(err)
	}
	var sched *propagation.Schedule
	if obj.Spec.ReplicaScheduling != nil {
		sched = &propagation.Schedule{Total: ptr.Deref(obj.Spec.Template.Spec.Replicas, 1), Replicas: map[string]int32{}}
	}
	var desired, shares int32
	for _, r := range obj.Status.Clusters {
		if r.Phase == federation.PropagationPhaseExcluded {
			continue
		}
		if sched != nil {
			sched.Replicas[r.Name] = *r.Replicas
			shares += *r.Replicas
		}
		u, err := propagation.Render(v, r.Name, sched)
		if err != nil {
			t.Fatalf("Render(%s): %v", r.Name, err)
		}
		n, found, err := unstructured.NestedInt64(u.Object, "spec", "replicas")
		if err != nil || !found {
			return *obj.Status.Replicas
		}
		desired += int32(n)
	}
	if sched != nil {
		desired += max(sched.Total-shares, 0)
	}
	return desired
}

// An Excluded row (a taint keeps the object off the cluster) is not counted among the
// clusters that should hold the object.
func TestTableClustersWithoutExcluded(t *testing.T) {
	for _, kind := range kinds.All() {
		t.Run(kind.Plural, func(t *testing.T) {
			obj := newObject(kind, "a")
			obj.GetFederatedStatus().Clusters = []federation.ClusterPropagationStatus{
				{Name: "east", Phase: federation.PropagationPhasePropagated},
				{Name: "north", Phase: federation.PropagationPhaseExcluded, Reason: "TaintNotTolerated"},
				{Name: "west", Phase: federation.PropagationPhaseFailed},
			}
			tbl, err := federated.NewTableConvertor(kind).ConvertToTable(context.Background(), obj, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := cellsByColumn(t, tbl, 0)["Clusters"]; got != "1/2" {
				t.Errorf("CLUSTERS = %v, want 1/2", got)
			}
		})
	}
}

// A workload whose replicas belong to member HPAs (condition Autoscaled) reads READY out of
// what the members run, not out of the template's replicas.
func TestTableDesiredReplicasAutoscaled(t *testing.T) {
	obj := &federation.FederatedDeployment{}
	obj.Name, obj.Namespace = "web", "shop"
	obj.Spec.Template.Spec.Replicas = ptr.To[int32](1)
	obj.Status = federation.FederatedStatus{
		Clusters:   []federation.ClusterPropagationStatus{row("member-1", -1), row("member-2", -1)},
		Conditions: []metav1.Condition{{Type: federation.ConditionAutoscaled, Status: metav1.ConditionTrue, Reason: propagation.ReasonMemberAutoscalers}},
		Replicas:   ptr.To[int32](5), ReadyReplicas: ptr.To[int32](5),
	}
	tbl, err := federated.NewTableConvertor(kindFor(t, "federateddeployments")).ConvertToTable(context.Background(), obj, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := cellsByColumn(t, tbl, 0)["Ready"]; got != "5/5" {
		t.Errorf("READY = %v, want 5/5 (not 5/2, the template's 1 in each)", got)
	}
}
