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
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/scheduling"
)

// schedClusters is a ClusterGetter: registered clusters by name, each with or without
// Schedulable=False.
type schedClusters map[string]bool

func (c schedClusters) Get(name string) (*fedv1beta1.Cluster, error) {
	ok, registered := c[name]
	if !registered {
		return nil, apierrors.NewNotFound(fedv1beta1.Resource("clusters"), name)
	}
	cl := &fedv1beta1.Cluster{ObjectMeta: metav1.ObjectMeta{Name: name}}
	status := metav1.ConditionTrue
	if !ok {
		status = metav1.ConditionFalse
	}
	cl.Status.Conditions = []metav1.Condition{{Type: fedv1beta1.ClusterSchedulable, Status: status, Reason: "Test"}}
	return cl, nil
}

// both: member-1 and member-2 registered and schedulable.
var both = schedClusters{"member-1": true, "member-2": true}

// scheduled returns a FederatedDeployment of total replicas (nil: unset) placed on
// member-1 and member-2, with prefs, rebalance, and status rows holding prev.
func scheduled(total *int32, prefs map[string]fedv1beta1.ClusterReplicaPreference, rebalance bool, prev map[string]int32) *fedv1beta1.FederatedDeployment {
	obj := deployment()
	obj.UID = "3f1c1e0a-uid"
	obj.Spec.Placement.Clusters = []fedv1beta1.ClusterReference{{Name: "member-1"}, {Name: "member-2"}}
	obj.Spec.Template.Spec.Replicas = total
	obj.Spec.ReplicaScheduling = &fedv1beta1.ReplicaScheduling{Clusters: prefs, Rebalance: rebalance}
	for _, name := range []string{"member-1", "member-2"} {
		if r, ok := prev[name]; ok {
			obj.Status.Clusters = append(obj.Status.Clusters, fedv1beta1.ClusterPropagationStatus{
				Name: name, Phase: fedv1beta1.PropagationPhasePropagated, Replicas: ptr.To(r),
			})
		}
	}
	return obj
}

func w(weight int32) fedv1beta1.ClusterReplicaPreference {
	return fedv1beta1.ClusterReplicaPreference{Weight: weight}
}

var twoToOne = map[string]fedv1beta1.ClusterReplicaPreference{"member-1": w(2), "member-2": w(1)}

func TestScheduleReplicas(t *testing.T) {
	placed := []string{"member-1", "member-2"}
	for name, tc := range map[string]struct {
		obj      *fedv1beta1.FederatedDeployment
		clusters schedClusters
		want     map[string]int32
		reason   string // Divide's reason when infeasible
		kept     bool
	}{
		"weights 2:1, total 6": {obj: scheduled(ptr.To[int32](6), twoToOne, true, nil), clusters: both,
			want: map[string]int32{"member-1": 4, "member-2": 2}},
		"weights 2:1, total 9": {obj: scheduled(ptr.To[int32](9), twoToOne, true, nil), clusters: both,
			want: map[string]int32{"member-1": 6, "member-2": 3}},
		"maxReplicas 1 on member-2": {
			obj: scheduled(ptr.To[int32](9), map[string]fedv1beta1.ClusterReplicaPreference{
				"member-1": w(2), "member-2": {Weight: 1, MaxReplicas: ptr.To[int32](1)}}, true, nil),
			clusters: both, want: map[string]int32{"member-1": 8, "member-2": 1}},
		"no entries: weight 1 each": {obj: scheduled(ptr.To[int32](5), nil, true, nil), clusters: both,
			// The odd replica goes by the tie order of this UID.
			want: map[string]int32{"member-1": 2, "member-2": 3}},
		"weight 0 means 1": {
			obj:      scheduled(ptr.To[int32](4), map[string]fedv1beta1.ClusterReplicaPreference{"member-1": w(0), "member-2": w(1)}, true, nil),
			clusters: both, want: map[string]int32{"member-1": 2, "member-2": 2}},
		"unset template replicas mean 1": {obj: scheduled(nil, twoToOne, true, nil), clusters: both,
			want: map[string]int32{"member-1": 1, "member-2": 0}},
		"worked example: min 2 weight 2, min 4 weight 3, total 10": {
			obj: scheduled(ptr.To[int32](10), map[string]fedv1beta1.ClusterReplicaPreference{
				"member-1": {Weight: 2, MinReplicas: 2}, "member-2": {Weight: 3, MinReplicas: 4}}, true, nil),
			clusters: both, want: map[string]int32{"member-1": 4, "member-2": 6}},
		"infeasible minimums: met in name order, total kept": {
			obj: scheduled(ptr.To[int32](5), map[string]fedv1beta1.ClusterReplicaPreference{
				"member-1": {MinReplicas: 3}, "member-2": {MinReplicas: 3}}, true, nil),
			clusters: both, want: map[string]int32{"member-1": 3, "member-2": 2}, reason: scheduling.ReasonMinimumsExceedTotal},
		"infeasible maximums: each at its max": {
			obj: scheduled(ptr.To[int32](10), map[string]fedv1beta1.ClusterReplicaPreference{
				"member-1": {MaxReplicas: ptr.To[int32](2)}, "member-2": {MaxReplicas: ptr.To[int32](3)}}, true, nil),
			clusters: both, want: map[string]int32{"member-1": 2, "member-2": 3}, reason: scheduling.ReasonMaximumsBelowTotal},
		"failover: member-2 unschedulable gets 0": {obj: scheduled(ptr.To[int32](9), twoToOne, true, map[string]int32{"member-1": 6, "member-2": 3}),
			clusters: schedClusters{"member-1": true, "member-2": false}, want: map[string]int32{"member-1": 9, "member-2": 0}},
		"failover within member-1's max": {
			obj:      scheduled(ptr.To[int32](9), map[string]fedv1beta1.ClusterReplicaPreference{"member-1": {Weight: 2, MaxReplicas: ptr.To[int32](7)}, "member-2": w(1)}, true, nil),
			clusters: schedClusters{"member-1": true, "member-2": false},
			want:     map[string]int32{"member-1": 7, "member-2": 0}, reason: scheduling.ReasonMaximumsBelowTotal},
		"failover: no schedulable cluster": {obj: scheduled(ptr.To[int32](3), twoToOne, true, nil),
			clusters: schedClusters{"member-1": false, "member-2": false},
			want:     map[string]int32{"member-1": 0, "member-2": 0}, reason: scheduling.ReasonNoClusters},
		"unregistered cluster counts as schedulable": {obj: scheduled(ptr.To[int32](6), twoToOne, true, nil),
			clusters: schedClusters{"member-1": true}, want: map[string]int32{"member-1": 4, "member-2": 2}},
		"rebalance true: back to the weights": {obj: scheduled(ptr.To[int32](9), twoToOne, true, map[string]int32{"member-1": 9, "member-2": 0}),
			clusters: both, want: map[string]int32{"member-1": 6, "member-2": 3}},
		"sticky: a returning cluster gets nothing at an unchanged total": {
			obj:      scheduled(ptr.To[int32](9), twoToOne, false, map[string]int32{"member-1": 9, "member-2": 0}),
			clusters: both, want: map[string]int32{"member-1": 9, "member-2": 0}, kept: true},
		"sticky: scale-up divides only the new replicas": {
			obj:      scheduled(ptr.To[int32](12), twoToOne, false, map[string]int32{"member-1": 9, "member-2": 0}),
			clusters: both, want: map[string]int32{"member-1": 11, "member-2": 1}, kept: true},
		"sticky: scale-down shrinks in proportion to the kept shares": {
			obj:      scheduled(ptr.To[int32](6), twoToOne, false, map[string]int32{"member-1": 9, "member-2": 0}),
			clusters: both, want: map[string]int32{"member-1": 6, "member-2": 0}, kept: true},
		"sticky: scale-down of an even split": {
			obj:      scheduled(ptr.To[int32](4), twoToOne, false, map[string]int32{"member-1": 4, "member-2": 4}),
			clusters: both, want: map[string]int32{"member-1": 2, "member-2": 2}, kept: true},
		"sticky: failover moves the share like a scale-up": {
			obj:      scheduled(ptr.To[int32](9), twoToOne, false, map[string]int32{"member-1": 6, "member-2": 3}),
			clusters: schedClusters{"member-1": true, "member-2": false}, want: map[string]int32{"member-1": 9, "member-2": 0}, kept: true},
		"sticky: a lowered max is applied and its excess divided": {
			obj: scheduled(ptr.To[int32](9), map[string]fedv1beta1.ClusterReplicaPreference{
				"member-1": w(2), "member-2": {Weight: 1, MaxReplicas: ptr.To[int32](1)}}, false, map[string]int32{"member-1": 6, "member-2": 3}),
			clusters: both, want: map[string]int32{"member-1": 8, "member-2": 1}, kept: true},
		"sticky: a raised minimum the kept shares miss is divided afresh": {
			obj: scheduled(ptr.To[int32](9), map[string]fedv1beta1.ClusterReplicaPreference{
				"member-1": w(2), "member-2": {Weight: 1, MinReplicas: 4}}, false, map[string]int32{"member-1": 9, "member-2": 0}),
			// Minimums 0 and 4, then 5 by weight 2:1: 3 and 2.
			clusters: both, want: map[string]int32{"member-1": 3, "member-2": 6}},
		"sticky without recorded shares is a fresh division": {
			obj:      scheduled(ptr.To[int32](6), twoToOne, false, nil),
			clusters: both, want: map[string]int32{"member-1": 4, "member-2": 2}, kept: true},
	} {
		t.Run(name, func(t *testing.T) {
			got := ScheduleReplicas(tc.obj, placed, tc.clusters)
			if got == nil {
				t.Fatal("ScheduleReplicas = nil, want a schedule")
			}
			if d := cmp.Diff(tc.want, got.Replicas); d != "" {
				t.Errorf("Replicas (-want +got):\n%s", d)
			}
			if got.Result.Reason != tc.reason || got.Result.Infeasible != (tc.reason != "") {
				t.Errorf("Result: infeasible %v reason %q (%s), want reason %q", got.Result.Infeasible, got.Result.Reason, got.Result.Message, tc.reason)
			}
			if got.Kept != tc.kept {
				t.Errorf("Kept = %v, want %v", got.Kept, tc.kept)
			}
			// Recorded in status, the result is a fixed point: the next reconcile changes nothing.
			again := tc.obj.DeepCopy()
			again.Status.Clusters = nil
			for _, name := range placed {
				again.Status.Clusters = append(again.Status.Clusters, fedv1beta1.ClusterPropagationStatus{Name: name, Replicas: ptr.To(got.Replicas[name])})
			}
			if d := cmp.Diff(got.Replicas, ScheduleReplicas(again, placed, tc.clusters).Replicas); d != "" {
				t.Errorf("Scheduling again from the recorded result changes it (-first +second):\n%s", d)
			}
		})
	}
}

func TestScheduleReplicasWithoutReplicaScheduling(t *testing.T) {
	obj := deployment()
	obj.Spec.Template.Spec.Replicas = ptr.To[int32](3)
	if got := ScheduleReplicas(obj, []string{"a"}, nil); got != nil {
		t.Errorf("ScheduleReplicas(no replicaScheduling) = %+v, want nil", got)
	}
	if got := ScheduleReplicas(configMap(), []string{"a"}, nil); got != nil {
		t.Errorf("ScheduleReplicas(FederatedConfigMap) = %+v, want nil", got)
	}
}

// Sticky scale-ups never lower a share and sticky scale-downs never raise one, step by step
// from 0 to 30 and back, from a division that failover left lopsided.
func TestScheduleStickyIsMonotone(t *testing.T) {
	placed := []string{"member-1", "member-2"}
	prev := map[string]int32{"member-1": 9, "member-2": 0}
	step := func(total int32) map[string]int32 {
		got := ScheduleReplicas(scheduled(ptr.To(total), twoToOne, false, prev), placed, both)
		if got.Result.Infeasible || got.Result.Placed != total {
			t.Fatalf("total %d: %+v", total, got.Result)
		}
		return got.Replicas
	}
	for total := int32(10); total <= 30; total++ {
		next := step(total)
		for _, c := range placed {
			if next[c] < prev[c] {
				t.Errorf("scale-up to %d lowered %s: %d -> %d", total, c, prev[c], next[c])
			}
		}
		prev = next
	}
	for total := int32(29); total >= 0; total-- {
		next := step(total)
		for _, c := range placed {
			if next[c] > prev[c] {
				t.Errorf("scale-down to %d raised %s: %d -> %d", total, c, prev[c], next[c])
			}
		}
		prev = next
	}
}

func TestScheduleString(t *testing.T) {
	s := &Schedule{Replicas: map[string]int32{"member-2": 2, "member-1": 4}}
	if got, want := s.String(), "member-1=4,member-2=2"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	var none *Schedule
	if _, ok := none.For("member-1"); ok || none.String() != "" {
		t.Error("a nil Schedule has shares")
	}
}
