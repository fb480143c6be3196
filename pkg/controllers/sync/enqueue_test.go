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

package sync

import (
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/events"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/generated/clientset/versioned/fake"
	fedinformers "k8s.io/federation/pkg/generated/informers/externalversions"
	"k8s.io/federation/pkg/propagation"
)

// dynamicFDeploy is a FederatedDeployment shop/name with replicaScheduling in mode (none when
// mode is "-"), placed on the clusters named, with status rows (cluster → phase).
func dynamicFDeploy(name, mode string, clusters []string, rows map[string]string) *fedv1beta1.FederatedDeployment {
	d := &fedv1beta1.FederatedDeployment{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "shop", Generation: 1}}
	d.Status.ObservedGeneration = 1
	if mode != "-" {
		d.Spec.ReplicaScheduling = &fedv1beta1.ReplicaScheduling{Mode: mode}
	}
	for _, c := range clusters {
		d.Spec.Placement.Clusters = append(d.Spec.Placement.Clusters, fedv1beta1.ClusterReference{Name: c})
	}
	for _, c := range slicesSorted(rows) {
		d.Status.Clusters = append(d.Status.Clusters, fedv1beta1.ClusterPropagationStatus{Name: c, Phase: rows[c]})
	}
	return d
}

func slicesSorted(m map[string]string) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// capacityCluster is a Ready, schedulable Cluster m1 with cpu allocatable and allocated.
func capacityCluster(ready metav1.ConditionStatus, allocatable, allocated string) *fedv1beta1.Cluster {
	cl := readyCluster("m1", ready)
	cl.Status.Allocatable = corev1.ResourceList{corev1.ResourceCPU: resource.MustParse(allocatable)}
	cl.Status.Allocated = corev1.ResourceList{corev1.ResourceCPU: resource.MustParse(allocated)}
	return cl
}

// drain empties the controller's queue and returns its keys, sorted.
func drain(c *Controller) []string {
	var keys []string
	for c.queue.Len() > 0 {
		key, _ := c.queue.Get()
		c.queue.Done(key)
		c.queue.Forget(key)
		keys = append(keys, key)
	}
	slices.Sort(keys)
	return keys
}

// A capacity change of a cluster wakes only the objects placed there whose division reads
// capacity (mode Dynamic); the other changes of a cluster still wake everything.
func TestClusterUpdatedCapacity(t *testing.T) {
	dynamic := fedv1beta1.ReplicaSchedulingModeDynamic
	objs := []*fedv1beta1.FederatedDeployment{
		dynamicFDeploy("dynamic-named", dynamic, []string{"m1", "m2"}, nil),
		dynamicFDeploy("dynamic-selected", dynamic, nil, map[string]string{"m1": fedv1beta1.PropagationPhasePropagated}),
		dynamicFDeploy("dynamic-excluded", dynamic, nil, map[string]string{"m1": fedv1beta1.PropagationPhaseExcluded}),
		dynamicFDeploy("dynamic-elsewhere", dynamic, []string{"m2"}, map[string]string{"m2": fedv1beta1.PropagationPhasePropagated}),
		dynamicFDeploy("weighted", fedv1beta1.ReplicaSchedulingModeWeighted, []string{"m1"}, nil),
		dynamicFDeploy("mode-unset", "", []string{"m1"}, nil),
		dynamicFDeploy("not-scheduled", "-", []string{"m1"}, nil),
	}
	everything := []string{"FederatedConfigMap.federation.k8s.io/shop/cfg"}
	for _, o := range objs {
		everything = append(everything, "FederatedDeployment.federation.k8s.io/shop/"+o.Name)
	}
	slices.Sort(everything)

	factory := fedinformers.NewSharedInformerFactory(fake.NewClientset(), 0)
	c, err := New(nil, factory, nil, nil, events.NewFakeRecorder(10), Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range objs {
		if err := c.kinds["FederatedDeployment"].informer.GetStore().Add(o); err != nil {
			t.Fatal(err)
		}
	}
	cfg := converged()
	if err := c.kinds["FederatedConfigMap"].informer.GetStore().Add(cfg); err != nil {
		t.Fatal(err)
	}
	drain(c)

	ready, notReady := metav1.ConditionTrue, metav1.ConditionFalse
	for name, tc := range map[string]struct {
		old, cur *fedv1beta1.Cluster
		want     []string
	}{
		"allocated changed: the Dynamic objects placed on m1": {
			old: capacityCluster(ready, "8", "2"), cur: capacityCluster(ready, "8", "3"),
			want: []string{"FederatedDeployment.federation.k8s.io/shop/dynamic-named", "FederatedDeployment.federation.k8s.io/shop/dynamic-selected"},
		},
		"allocatable changed: the same": {
			old: capacityCluster(ready, "8", "2"), cur: capacityCluster(ready, "16", "2"),
			want: []string{"FederatedDeployment.federation.k8s.io/shop/dynamic-named", "FederatedDeployment.federation.k8s.io/shop/dynamic-selected"},
		},
		"capacity first known: the same": {
			old: readyCluster("m1", ready), cur: capacityCluster(ready, "8", "0"),
			want: []string{"FederatedDeployment.federation.k8s.io/shop/dynamic-named", "FederatedDeployment.federation.k8s.io/shop/dynamic-selected"},
		},
		"equal quantities written differently: nothing": {
			old: capacityCluster(ready, "8", "1"), cur: capacityCluster(ready, "8000m", "1000m"),
		},
		"nothing changed: nothing": {
			old: capacityCluster(ready, "8", "2"), cur: capacityCluster(ready, "8", "2"),
		},
		"readiness changed: everything, as before": {
			old: capacityCluster(ready, "8", "2"), cur: capacityCluster(notReady, "8", "2"),
			want: everything,
		},
		"readiness and capacity changed: everything": {
			old: capacityCluster(notReady, "8", "2"), cur: capacityCluster(ready, "8", "5"),
			want: everything,
		},
	} {
		t.Run(name, func(t *testing.T) {
			c.clusterUpdated(tc.old, tc.cur)
			if d := cmp.Diff(tc.want, drain(c)); d != "" {
				t.Errorf("queued (-want +got):\n%s", d)
			}
		})
	}
}

// A member that gains or loses a member type wakes the objects of that kind placed there:
// those it gained are written, those it lost get their KindNotServed row.
func TestClusterUpdatedUnservedResources(t *testing.T) {
	factory := fedinformers.NewSharedInformerFactory(fake.NewClientset(), 0)
	c, err := New(nil, factory, nil, nil, events.NewFakeRecorder(10), Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range []*fedv1beta1.FederatedDeployment{
		dynamicFDeploy("named", "-", []string{"m1"}, nil),
		dynamicFDeploy("selected", "-", nil, map[string]string{"m1": fedv1beta1.PropagationPhaseFailed}),
		dynamicFDeploy("elsewhere", "-", []string{"m2"}, nil),
	} {
		if err := c.kinds["FederatedDeployment"].informer.GetStore().Add(o); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.kinds["FederatedConfigMap"].informer.GetStore().Add(converged()); err != nil {
		t.Fatal(err)
	}
	drain(c)
	deployments := metav1.GroupVersionResource{Group: "apps", Version: "v1", Resource: "deployments"}
	ingresses := metav1.GroupVersionResource{Group: "networking.k8s.io", Version: "v1", Resource: "ingresses"}
	withUnserved := func(unserved ...metav1.GroupVersionResource) *fedv1beta1.Cluster {
		cl := readyCluster("m1", metav1.ConditionTrue)
		cl.Status.UnservedResources = unserved
		return cl
	}
	onM1 := []string{"FederatedDeployment.federation.k8s.io/shop/named", "FederatedDeployment.federation.k8s.io/shop/selected"}
	for name, tc := range map[string]struct {
		old, cur *fedv1beta1.Cluster
		want     []string
	}{
		"lost deployments: the FederatedDeployments placed there": {old: withUnserved(), cur: withUnserved(deployments), want: onM1},
		"gained deployments: the same":                            {old: withUnserved(deployments, ingresses), cur: withUnserved(ingresses), want: onM1},
		"gained a type no object there uses: nothing":             {old: withUnserved(ingresses), cur: withUnserved()},
		"unchanged: nothing":                                      {old: withUnserved(deployments), cur: withUnserved(deployments)},
	} {
		t.Run(name, func(t *testing.T) {
			c.clusterUpdated(tc.old, tc.cur)
			if d := cmp.Diff(tc.want, drain(c)); d != "" {
				t.Errorf("queued (-want +got):\n%s", d)
			}
		})
	}
}

// A deletion is the storage layer's to carry out for the grace from its deletionTimestamp,
// as a new generation is: the controller removing the copies at the same time makes each
// member serve every removal twice.
func TestGraceLeft(t *testing.T) {
	const grace = 10 * time.Second
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	deletedAt := func(ago time.Duration, finalizers ...string) *fedv1beta1.FederatedConfigMap {
		obj := converged()
		ts := metav1.NewTime(now.Add(-ago))
		obj.DeletionTimestamp, obj.Finalizers = &ts, finalizers
		return obj
	}
	behind := converged()
	behind.Generation = 2
	for _, tc := range []struct {
		name string
		obj  *fedv1beta1.FederatedConfigMap
		want time.Duration
	}{
		{"converged", converged(), 0},
		{"generation not written through yet", behind, grace},
		{"deleted 3s ago, removal in the storage layer", deletedAt(3*time.Second, propagation.Finalizer), 7 * time.Second},
		{"deleted longer ago than the grace", deletedAt(grace+time.Second, propagation.Finalizer), -time.Second},
		{"deleted, our finalizer gone", deletedAt(time.Second, "example.com/other"), 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &Controller{opts: Options{WriteThroughGrace: grace}}
			if got := c.graceLeft(tc.obj, now); got != tc.want {
				t.Errorf("graceLeft = %v, want %v", got, tc.want)
			}
		})
	}
}
