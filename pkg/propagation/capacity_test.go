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
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/scheduling"
)

// rl parses a resource list from name/quantity pairs, e.g. rl("cpu", "2", "pods", "10").
func rl(kv ...string) corev1.ResourceList {
	out := corev1.ResourceList{}
	for i := 0; i < len(kv); i += 2 {
		out[corev1.ResourceName(kv[i])] = resource.MustParse(kv[i+1])
	}
	return out
}

func TestPodsThatFit(t *testing.T) {
	// A member of 4 cpu, 8Gi and 20 pods of which 1 cpu, 2Gi and 5 pods are taken: room
	// for 3 cpu, 6Gi, 15 pods.
	allocatable := rl("cpu", "4", "memory", "8Gi", "pods", "20")
	allocated := rl("cpu", "1", "memory", "2Gi", "pods", "5")
	for name, tc := range map[string]struct {
		allocatable, allocated, requests corev1.ResourceList
		want                             int64
		wantOK                           bool
	}{
		"cpu-bound: 3 cpu of room, 500m each":             {allocatable, allocated, rl("cpu", "500m", "memory", "100Mi"), 6, true},
		"memory-bound: 6Gi of room, 2Gi each":             {allocatable, allocated, rl("cpu", "100m", "memory", "2Gi"), 3, true},
		"pods-bound: 15 pods of room, tiny requests":      {allocatable, allocated, rl("cpu", "10m", "memory", "1Mi"), 15, true},
		"no requests: bound by pods only":                 {allocatable, allocated, corev1.ResourceList{}, 15, true},
		"rounded down: 3 cpu of room, 700m each":          {allocatable, allocated, rl("cpu", "700m"), 4, true},
		"a request of 0 does not bound":                   {allocatable, allocated, rl("cpu", "0", "memory", "3Gi"), 2, true},
		"a resource the Cluster does not report does not": {allocatable, allocated, rl("cpu", "1", "nvidia.com/gpu", "1"), 3, true},
		"overcommitted: 0, not negative":                  {allocatable, rl("cpu", "5", "memory", "2Gi", "pods", "5"), rl("cpu", "1"), 0, true},
		"nothing allocated yet":                           {allocatable, rl("cpu", "0", "memory", "0", "pods", "0"), rl("cpu", "1"), 4, true},
		"allocated lacks memory: counted as none taken":   {allocatable, rl("pods", "5"), rl("memory", "4Gi"), 2, true},
		"no capacity data: allocatable empty":             {nil, allocated, rl("cpu", "1"), 0, false},
		"no capacity data: allocated unknown":             {allocatable, nil, rl("cpu", "1"), 0, false},
		"nothing bounds: no pods in allocatable, no requested resource reported": {
			rl("cpu", "4"), allocated, rl("memory", "1Gi"), 0, false},
	} {
		t.Run(name, func(t *testing.T) {
			got, ok := PodsThatFit(tc.allocatable, tc.allocated, tc.requests)
			if got != tc.want || ok != tc.wantOK {
				t.Errorf("PodsThatFit = %d, %v; want %d, %v", got, ok, tc.want, tc.wantOK)
			}
		})
	}
}

func TestTemplatePodRequests(t *testing.T) {
	d := deployment()
	pod := &d.Spec.Template.Spec.Template.Spec
	pod.Containers = append(pod.Containers, corev1.Container{Name: "side", Resources: corev1.ResourceRequirements{Requests: rl("cpu", "250m")}})
	pod.Containers[0].Resources.Requests = rl("cpu", "1", "memory", "1Gi")
	pod.InitContainers = []corev1.Container{{Name: "init", Resources: corev1.ResourceRequirements{Requests: rl("memory", "3Gi")}}}
	got, ok := TemplatePodRequests(d)
	if !ok {
		t.Fatal("a FederatedDeployment has a pod template")
	}
	// Containers add up; an init container runs alone, so the larger of the two counts.
	if d := cmp.Diff(map[string]string{"cpu": "1250m", "memory": "3Gi"}, quantities(got)); d != "" {
		t.Errorf("requests (-want +got):\n%s", d)
	}
	if _, ok := TemplatePodRequests(&fedv1beta1.FederatedConfigMap{}); ok {
		t.Error("a FederatedConfigMap has no pod template")
	}
	// Every kind replicaScheduling divides measures its pods (mode Dynamic).
	one := corev1.PodSpec{Containers: []corev1.Container{{Name: "c", Resources: corev1.ResourceRequirements{Requests: rl("cpu", "2")}}}}
	rs, sts, job := &fedv1beta1.FederatedReplicaSet{}, &fedv1beta1.FederatedStatefulSet{}, &fedv1beta1.FederatedJob{}
	rs.Spec.Template.Spec.Template.Spec, sts.Spec.Template.Spec.Template.Spec, job.Spec.Template.Spec.Template.Spec = one, one, one
	for _, obj := range []fedv1beta1.FederatedObject{rs, sts, job} {
		got, ok := TemplatePodRequests(obj)
		if d := cmp.Diff(map[string]string{"cpu": "2"}, quantities(got)); !ok || d != "" {
			t.Errorf("%T: requests (-want +got):\n%s", obj, d)
		}
	}
}

func quantities(l corev1.ResourceList) map[string]string {
	out := map[string]string{}
	for n, q := range l {
		out[string(n)] = q.String()
	}
	return out
}

// capacity is a Cluster's capacity for capClusters: nil lists mean no data.
type capacity struct {
	allocatable, allocated corev1.ResourceList
	unschedulable          bool
}

// capClusters is a ClusterGetter of registered clusters with capacity in status.
type capClusters map[string]capacity

func (c capClusters) Get(name string) (*fedv1beta1.Cluster, error) {
	cp, ok := c[name]
	if !ok {
		return nil, apierrors.NewNotFound(fedv1beta1.Resource("clusters"), name)
	}
	schedulable := metav1.ConditionTrue
	if cp.unschedulable {
		schedulable = metav1.ConditionFalse
	}
	return &fedv1beta1.Cluster{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Status: fedv1beta1.ClusterStatus{
			Conditions:  []metav1.Condition{{Type: fedv1beta1.ClusterSchedulable, Status: schedulable, Reason: "Test"}},
			Allocatable: cp.allocatable, Allocated: cp.allocated,
		},
	}, nil
}

// withRoom is a cluster with room for n pods of 1 cpu (n cpu free, 110 pods), holding taken cpu
// already (of other workloads, or of the object's own running replicas).
func withRoom(n, taken int) capacity {
	return capacity{
		allocatable: rl("cpu", resource.NewQuantity(int64(n+taken), resource.DecimalSI).String(), "memory", "64Gi", "pods", "110"),
		allocated:   rl("cpu", resource.NewQuantity(int64(taken), resource.DecimalSI).String(), "memory", "0", "pods", "0"),
	}
}

var noData = capacity{}

// dynamicDeploy is scheduled(...) in mode Dynamic, with template pods requesting 1 cpu and 1Gi.
func dynamicDeploy(total int32, prefs map[string]fedv1beta1.ClusterReplicaPreference, rebalance bool, prev map[string]int32) *fedv1beta1.FederatedDeployment {
	obj := scheduled(ptr.To(total), prefs, rebalance, prev)
	obj.Spec.ReplicaScheduling.Mode = fedv1beta1.ReplicaSchedulingModeDynamic
	obj.Spec.Template.Spec.Template.Spec.Containers[0].Resources.Requests = rl("cpu", "1", "memory", "1Gi")
	return obj
}

func TestScheduleReplicasDynamic(t *testing.T) {
	placed := []string{"member-1", "member-2"}
	for name, tc := range map[string]struct {
		obj         *fedv1beta1.FederatedDeployment
		clusters    capClusters
		want        map[string]int32
		wantWeights map[string]int64 // nil: divided as Weighted
		reason      string
		kept        bool
	}{
		"room for 6 and 2, total 8: 6 and 2": {
			obj: dynamicDeploy(8, nil, true, nil), clusters: capClusters{"member-1": withRoom(6, 0), "member-2": withRoom(2, 0)},
			want: map[string]int32{"member-1": 6, "member-2": 2}, wantWeights: map[string]int64{"member-1": 6, "member-2": 2}},
		"room for 6 and 2, total 4: by Webster 3 and 1": {
			obj: dynamicDeploy(4, nil, true, nil), clusters: capClusters{"member-1": withRoom(6, 0), "member-2": withRoom(2, 0)},
			want: map[string]int32{"member-1": 3, "member-2": 1}, wantWeights: map[string]int64{"member-1": 6, "member-2": 2}},
		"weights, not caps: total 16 over room 6 and 2 gives 12 and 4": {
			obj: dynamicDeploy(16, nil, true, nil), clusters: capClusters{"member-1": withRoom(6, 0), "member-2": withRoom(2, 0)},
			want: map[string]int32{"member-1": 12, "member-2": 4}, wantWeights: map[string]int64{"member-1": 6, "member-2": 2}},
		"clusters[].weight is ignored": {
			obj: dynamicDeploy(8, twoToOne, true, nil), clusters: capClusters{"member-1": withRoom(2, 0), "member-2": withRoom(6, 0)},
			want: map[string]int32{"member-1": 2, "member-2": 6}, wantWeights: map[string]int64{"member-1": 2, "member-2": 6}},
		"memory-bound: 1Gi each, 3Gi free on member-2": {
			obj: dynamicDeploy(8, nil, true, nil),
			clusters: capClusters{"member-1": withRoom(6, 0), "member-2": {
				allocatable: rl("cpu", "64", "memory", "4Gi", "pods", "110"), allocated: rl("cpu", "0", "memory", "1Gi", "pods", "1")}},
			// Webster over 6:3 for 8 seats (5.33 and 2.67): 5 and 3.
			want: map[string]int32{"member-1": 5, "member-2": 3}, wantWeights: map[string]int64{"member-1": 6, "member-2": 3}},
		"full clusters running their shares 6 and 2 keep them (no room anywhere: Weighted's weights, unused)": {
			obj:      dynamicDeploy(8, nil, false, map[string]int32{"member-1": 6, "member-2": 2}),
			clusters: capClusters{"member-1": withRoom(0, 6), "member-2": withRoom(0, 2)},
			want:     map[string]int32{"member-1": 6, "member-2": 2}, kept: true},
		"room freed on member-2 moves nothing that runs": {
			obj:      dynamicDeploy(8, nil, false, map[string]int32{"member-1": 6, "member-2": 2}),
			clusters: capClusters{"member-1": withRoom(0, 6), "member-2": withRoom(6, 2)},
			want:     map[string]int32{"member-1": 6, "member-2": 2}, wantWeights: map[string]int64{"member-1": 0, "member-2": 6}, kept: true},
		"maxReplicas still applies": {
			obj:      dynamicDeploy(8, map[string]fedv1beta1.ClusterReplicaPreference{"member-1": {MaxReplicas: ptr.To[int32](5)}}, true, nil),
			clusters: capClusters{"member-1": withRoom(6, 0), "member-2": withRoom(2, 0)},
			want:     map[string]int32{"member-1": 5, "member-2": 3}, wantWeights: map[string]int64{"member-1": 6, "member-2": 2}},
		"minReplicas still applies": {
			obj:      dynamicDeploy(8, map[string]fedv1beta1.ClusterReplicaPreference{"member-2": {MinReplicas: 4}}, true, nil),
			clusters: capClusters{"member-1": withRoom(6, 0), "member-2": withRoom(2, 0)},
			want:     map[string]int32{"member-1": 3, "member-2": 5}, wantWeights: map[string]int64{"member-1": 6, "member-2": 2}},
		"mixed: member-2 without capacity data weighs 0": {
			obj: dynamicDeploy(8, nil, true, nil), clusters: capClusters{"member-1": withRoom(6, 0), "member-2": noData},
			want: map[string]int32{"member-1": 8, "member-2": 0}, wantWeights: map[string]int64{"member-1": 6, "member-2": 0}},
		"mixed: member-2 without data gets its minReplicas only": {
			obj:      dynamicDeploy(8, map[string]fedv1beta1.ClusterReplicaPreference{"member-2": {MinReplicas: 1}}, true, nil),
			clusters: capClusters{"member-1": withRoom(6, 0), "member-2": noData},
			want:     map[string]int32{"member-1": 7, "member-2": 1}, wantWeights: map[string]int64{"member-1": 6, "member-2": 0}},
		"weight 0 and a full maximum elsewhere: MaximumsBelowTotal": {
			obj:      dynamicDeploy(8, map[string]fedv1beta1.ClusterReplicaPreference{"member-1": {MaxReplicas: ptr.To[int32](5)}}, true, nil),
			clusters: capClusters{"member-1": withRoom(6, 0), "member-2": noData},
			want:     map[string]int32{"member-1": 5, "member-2": 0}, wantWeights: map[string]int64{"member-1": 6, "member-2": 0},
			reason: scheduling.ReasonMaximumsBelowTotal},
		"no capacity data anywhere: as Weighted, 2:1": {
			obj: dynamicDeploy(6, twoToOne, true, nil), clusters: capClusters{"member-1": noData, "member-2": noData},
			want: map[string]int32{"member-1": 4, "member-2": 2}},
		"clusters not registered: as Weighted": {
			obj: dynamicDeploy(6, twoToOne, true, nil), clusters: capClusters{},
			want: map[string]int32{"member-1": 4, "member-2": 2}},
		"no room anywhere and no shares yet: as Weighted, to wait as Pending pods": {
			obj: dynamicDeploy(6, twoToOne, true, nil), clusters: capClusters{"member-1": withRoom(0, 4), "member-2": withRoom(0, 4)},
			want: map[string]int32{"member-1": 4, "member-2": 2}},
		"unschedulable member-2 takes no part, its room aside; member-1 full, so its 2 go by weight": {
			obj: dynamicDeploy(8, nil, false, map[string]int32{"member-1": 6, "member-2": 2}),
			clusters: capClusters{"member-1": withRoom(0, 6), "member-2": {
				allocatable: withRoom(50, 0).allocatable, allocated: withRoom(50, 0).allocated, unschedulable: true}},
			want: map[string]int32{"member-1": 8, "member-2": 0}, kept: true},
		"mode Weighted reads no capacity": {
			obj: func() *fedv1beta1.FederatedDeployment {
				d := dynamicDeploy(6, twoToOne, true, nil)
				d.Spec.ReplicaScheduling.Mode = fedv1beta1.ReplicaSchedulingModeWeighted
				return d
			}(),
			clusters: capClusters{"member-1": withRoom(0, 0), "member-2": withRoom(60, 0)},
			want:     map[string]int32{"member-1": 4, "member-2": 2}},
		"a template requesting nothing: bound by pods": {
			obj: func() *fedv1beta1.FederatedDeployment {
				d := dynamicDeploy(11, nil, true, nil)
				d.Spec.Template.Spec.Template.Spec.Containers[0].Resources = corev1.ResourceRequirements{}
				return d
			}(),
			clusters: capClusters{
				"member-1": {allocatable: rl("cpu", "1", "memory", "1Gi", "pods", "10"), allocated: rl("cpu", "1", "memory", "1Gi", "pods", "4")},
				"member-2": {allocatable: rl("cpu", "1", "memory", "1Gi", "pods", "5"), allocated: rl("cpu", "0", "memory", "0", "pods", "0")},
			},
			want: map[string]int32{"member-1": 6, "member-2": 5}, wantWeights: map[string]int64{"member-1": 6, "member-2": 5}},

		// rebalance false: the shares recorded in status stay; only a scale-up uses the
		// capacity weights, for the added replicas.
		"sticky: kept shares stay though member-2 now has room": {
			obj:      dynamicDeploy(8, nil, false, map[string]int32{"member-1": 6, "member-2": 2}),
			clusters: capClusters{"member-1": withRoom(0, 6), "member-2": withRoom(10, 2)},
			want:     map[string]int32{"member-1": 6, "member-2": 2}, wantWeights: map[string]int64{"member-1": 0, "member-2": 10}, kept: true},
		"sticky: a scale-up to 12 puts the 4 added where the room is": {
			obj:      dynamicDeploy(12, nil, false, map[string]int32{"member-1": 6, "member-2": 2}),
			clusters: capClusters{"member-1": withRoom(0, 6), "member-2": withRoom(10, 2)},
			want:     map[string]int32{"member-1": 6, "member-2": 6}, wantWeights: map[string]int64{"member-1": 0, "member-2": 10}, kept: true},
		"sticky: a scale-down shrinks in proportion to the kept shares, not by capacity": {
			obj:      dynamicDeploy(4, nil, false, map[string]int32{"member-1": 6, "member-2": 2}),
			clusters: capClusters{"member-1": withRoom(0, 6), "member-2": withRoom(10, 2)},
			want:     map[string]int32{"member-1": 3, "member-2": 1}, wantWeights: map[string]int64{"member-1": 0, "member-2": 10}, kept: true},
		"sticky: no shares yet is a fresh division by capacity": {
			obj: dynamicDeploy(8, nil, false, nil), clusters: capClusters{"member-1": withRoom(6, 0), "member-2": withRoom(2, 0)},
			want: map[string]int32{"member-1": 6, "member-2": 2}, wantWeights: map[string]int64{"member-1": 6, "member-2": 2}, kept: true},
	} {
		t.Run(name, func(t *testing.T) {
			s := ScheduleReplicas(tc.obj, placed, tc.clusters)
			if d := cmp.Diff(tc.want, s.Replicas); d != "" {
				t.Errorf("replicas (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tc.wantWeights, s.CapacityWeights); d != "" {
				t.Errorf("capacity weights (-want +got):\n%s", d)
			}
			if s.Result.Reason != tc.reason || s.Kept != tc.kept {
				t.Errorf("reason %q kept %v (%s), want %q kept %v", s.Result.Reason, s.Kept, s.Result.Message, tc.reason, tc.kept)
			}
			// The one function both processes call: the same inputs, the same division.
			if again := ScheduleReplicas(tc.obj, placed, tc.clusters); cmp.Diff(s, again) != "" {
				t.Errorf("a second call divided differently:\n%s", cmp.Diff(s, again))
			}
		})
	}
}
