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

package integration

import (
	"context"
	"fmt"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/dynamic"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/cli-utils/pkg/kstatus/status"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/test/integration/framework"
)

// TestStatefulSetHealth: a FederatedStatefulSet whose replicaScheduling weights 2:1 divide
// 3 replicas runs 2 and 1 StatefulSet pods on the members' kwok nodes, and becomes Ready,
// Available and kstatus Current with READY 3/3, read from the members' own StatefulSet
// status (the StatefulSet controller's completion rule, revisions included).
func TestStatefulSetHealth(t *testing.T) {
	e := startControllersEnvWithMembers(t, framework.Options{ControllerManager: true, Scheduler: true, KWOK: true},
		[]string{"--preflight=false"}, []string{"--v=2"})
	client, err := dynamic.NewForConfig(e.host.RESTConfig())
	if err != nil {
		t.Fatal(err)
	}
	ns := e.newNamespace(t, "sts-health")
	const name = "db"

	pods := kwokFDeploy(ns, name, 3, "registry.k8s.io/pause:3.10").Spec.Template.Spec
	sts := &fedv1beta1.FederatedStatefulSet{
		TypeMeta:   metav1.TypeMeta{APIVersion: fedv1beta1.SchemeGroupVersion.String(), Kind: "FederatedStatefulSet"},
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns},
		Spec: fedv1beta1.FederatedStatefulSetSpec{
			Template: fedv1beta1.StatefulSetTemplate{Spec: appsv1.StatefulSetSpec{
				Replicas: ptr.To[int32](3), Selector: pods.Selector, Template: pods.Template, ServiceName: name,
				PodManagementPolicy: appsv1.ParallelPodManagement,
			}},
			PropagationSpec: placedOn("member-1", "member-2"),
			ReplicaScheduling: &fedv1beta1.ReplicaScheduling{
				Clusters: map[string]fedv1beta1.ClusterReplicaPreference{"member-1": {Weight: 2}, "member-2": {Weight: 1}},
			},
		},
	}
	e.mustApply(t, ns, sts, applyOptions{})

	resource := fedv1beta1.SchemeGroupVersion.WithResource("federatedstatefulsets")
	eventually(t, "kstatus of fsts "+name+" is Current", func(ctx context.Context) error {
		obj, err := client.Resource(resource).Namespace(ns).Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		res, err := status.Compute(obj)
		if err != nil {
			return err
		}
		if res.Status != status.CurrentStatus {
			return fmt.Errorf("kstatus %s (%s); status %v", res.Status, res.Message, obj.Object["status"])
		}
		return nil
	})
	for _, cond := range []string{fedv1beta1.ConditionAvailable, fedv1beta1.ConditionReady} {
		e.mustKubectl(t, "wait", "fsts/"+name, "-n", ns, "--for=condition="+cond, "--timeout=60s")
	}
	rows := tableRows(e.mustKubectl(t, "get", "fsts", name, "-n", ns, "-o", "wide"))
	if len(rows) != 2 || rows[0][1] != "READY" || rows[1][1] != "3/3" || rows[1][len(rows[1])-1] != "member-1=2,member-2=1" {
		t.Errorf("kubectl get fsts -o wide: %v, want READY 3/3 and REPLICAS member-1=2,member-2=1", rows)
	}
	st := e.federatedStatus(t, sts)
	for field, got := range map[string]*int32{"replicas": st.Replicas, "currentReplicas": st.CurrentReplicas,
		"updatedReplicas": st.UpdatedReplicas, "readyReplicas": st.ReadyReplicas, "availableReplicas": st.AvailableReplicas} {
		if ptr.Deref(got, -1) != 3 {
			t.Errorf("status.%s = %v, want 3", field, got)
		}
	}
	for member, want := range map[*framework.ControlPlane]int32{e.member1: 2, e.member2: 1} {
		got, err := member.Client().AppsV1().StatefulSets(ns).Get(t.Context(), name, metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if got.Status.ReadyReplicas != want || got.Status.CurrentRevision != got.Status.UpdateRevision {
			t.Errorf("%s: %d ready pods (want %d), revisions %s/%s", member.Name(), got.Status.ReadyReplicas, want,
				got.Status.CurrentRevision, got.Status.UpdateRevision)
		}
	}
}
