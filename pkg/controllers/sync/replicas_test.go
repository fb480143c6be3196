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
	"context"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/utils/ptr"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/propagation"
	"k8s.io/federation/pkg/scheduling"
)

var deployments = schema.GroupVersionResource{Group: "apps", Version: "v1", Resource: "deployments"}

// fdeploy returns a FederatedDeployment shop/web on m1 with template replicas (nil: unset),
// converged as far as its status says.
func fdeploy(replicas *int32, rs *fedv1beta1.ReplicaScheduling) *fedv1beta1.FederatedDeployment {
	labels := map[string]string{"app": "web"}
	obj := &fedv1beta1.FederatedDeployment{
		TypeMeta:   metav1.TypeMeta{APIVersion: fedv1beta1.SchemeGroupVersion.String(), Kind: "FederatedDeployment"},
		ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "shop", UID: "uid-web", Generation: 1, Finalizers: []string{propagation.Finalizer}},
		Spec: fedv1beta1.FederatedDeploymentSpec{
			Template: fedv1beta1.DeploymentTemplate{Spec: appsv1.DeploymentSpec{
				Replicas: replicas,
				Selector: &metav1.LabelSelector{MatchLabels: labels},
				Template: corev1.PodTemplateSpec{
					ObjectMeta: metav1.ObjectMeta{Labels: labels},
					Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "web", Image: "nginx"}}},
				},
			}},
			PropagationSpec:   fedv1beta1.PropagationSpec{Placement: fedv1beta1.Placement{Clusters: []fedv1beta1.ClusterReference{{Name: "m1"}}}},
			ReplicaScheduling: rs,
		},
	}
	outcomes := []propagation.Outcome{{Cluster: "m1", Generation: 1}}
	obj.Status = propagation.WithHealth(obj, propagation.Status(obj, fedv1beta1.FederatedStatus{}, outcomes), nil, outcomes)
	return obj
}

func (e *testEnv) storedFDeploy(t *testing.T) *fedv1beta1.FederatedDeployment {
	t.Helper()
	got, err := e.stored.Get(fedv1beta1.SchemeGroupVersion.WithResource("federateddeployments"), "shop", "web")
	if err != nil {
		t.Fatal(err)
	}
	return got.(*fedv1beta1.FederatedDeployment)
}

// A template without replicas and no replicaScheduling leaves spec.replicas to the member: a
// member-side kubectl scale (or HPA) is neither reverted nor reported.
func TestReconcileLeavesReplicasToTheMember(t *testing.T) {
	obj := fdeploy(nil, nil)
	held, err := propagation.Render(obj, "m1", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, found, _ := unstructured.NestedInt64(held.Object, "spec", "replicas"); found {
		t.Fatal("rendered spec.replicas for a template without them")
	}
	// The copy after `kubectl scale deployment web --replicas=5` in the member.
	if err := unstructured.SetNestedField(held.Object, int64(5), "spec", "replicas"); err != nil {
		t.Fatal(err)
	}
	held.SetResourceVersion("99")
	held.SetGeneration(2)
	obj.Status.Clusters[0].Generation = 2
	obj.Status = propagation.WithHealth(obj, obj.Status, nil, []propagation.Outcome{{Cluster: "m1", Generation: 2, Object: held}})
	e := startTestEnv(t, readyCluster("m1", metav1.ConditionTrue), obj, held)
	for range 2 { // two resyncs
		if err := e.c.reconcile(t.Context(), "FederatedDeployment.federation.k8s.io/shop/web"); err != nil {
			t.Fatal(err)
		}
	}
	if w := e.memberWrites("m1"); len(w) != 0 {
		t.Errorf("member writes: %v, want none: the member's replicas are its own", w)
	}
	if got, _, _ := unstructured.NestedInt64(e.members["m1"].Get(t, deployments, "shop", "web").Object, "spec", "replicas"); got != 5 {
		t.Errorf("member spec.replicas = %d, want the member's 5", got)
	}
	if w := e.fedWrites(); len(w) != 0 {
		t.Errorf("federation API writes: %v, want none", w)
	}
}

// The controller renders each cluster's share and records it, with the condition, in status.
func TestReconcileWritesScheduledShares(t *testing.T) {
	obj := fdeploy(ptr.To[int32](6), &fedv1beta1.ReplicaScheduling{Clusters: map[string]fedv1beta1.ClusterReplicaPreference{
		"m1": {Weight: 1, MaxReplicas: ptr.To[int32](4)},
	}})
	e := startTestEnv(t, readyCluster("m1", metav1.ConditionTrue), obj)
	if err := e.c.reconcile(t.Context(), "FederatedDeployment.federation.k8s.io/shop/web"); err != nil {
		t.Fatal(err)
	}
	held := e.members["m1"].Get(t, deployments, "shop", "web")
	if held == nil {
		t.Fatal("member holds no Deployment")
	}
	if got, _, _ := unstructured.NestedInt64(held.Object, "spec", "replicas"); got != 4 {
		t.Errorf("member spec.replicas = %d, want m1's share 4 (its maxReplicas)", got)
	}
	st := e.storedFDeploy(t).Status
	if len(st.Clusters) != 1 || st.Clusters[0].Replicas == nil || *st.Clusters[0].Replicas != 4 {
		t.Errorf("status rows %+v, want m1 with replicas 4", st.Clusters)
	}
	c := meta.FindStatusCondition(st.Conditions, fedv1beta1.ConditionReplicasScheduled)
	if c == nil || c.Status != metav1.ConditionFalse || c.Reason != scheduling.ReasonMaximumsBelowTotal {
		t.Errorf("ReplicasScheduled = %+v, want False/%s", c, scheduling.ReasonMaximumsBelowTotal)
	}

	// Converged: the next reconcile writes nothing anywhere.
	if err := wait.PollUntilContextTimeout(t.Context(), 10*time.Millisecond, 5*time.Second, true, func(context.Context) (bool, error) {
		cached, _ := e.c.members.get("m1", deployments, "shop", "web")
		return cached != nil, nil
	}); err != nil {
		t.Fatal("the member cache never saw the written Deployment")
	}
	e.members["m1"].ClearActions()
	before := len(e.fedWrites())
	if err := e.c.kinds["FederatedDeployment"].informer.GetStore().Update(e.storedFDeploy(t)); err != nil {
		t.Fatal(err)
	}
	if err := e.c.reconcile(t.Context(), "FederatedDeployment.federation.k8s.io/shop/web"); err != nil {
		t.Fatal(err)
	}
	if w := e.memberWrites("m1"); len(w) != 0 {
		t.Errorf("member writes once converged: %v", w)
	}
	if w := e.fedWrites()[before:]; len(w) != 0 {
		t.Errorf("federation API writes once converged: %v", w)
	}
}

func TestClusterSchedulableChangeWakesObjects(t *testing.T) {
	e := startTestEnv(t, readyCluster("m1", metav1.ConditionTrue), converged())
	old := readyCluster("m1", metav1.ConditionFalse)
	cur := old.DeepCopy()
	meta.SetStatusCondition(&cur.Status.Conditions, metav1.Condition{Type: fedv1beta1.ClusterSchedulable, Status: metav1.ConditionFalse, Reason: "Test"})
	for e.c.queue.Len() > 0 {
		key, _ := e.c.queue.Get()
		e.c.queue.Done(key)
	}
	e.c.clusterUpdated(old, cur)
	if n := e.c.queue.Len(); n != 1 {
		t.Errorf("queue holds %d keys after the cluster turned unschedulable, want 1", n)
	}
}
