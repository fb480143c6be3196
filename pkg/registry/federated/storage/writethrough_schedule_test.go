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

package storage_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/utils/ptr"

	"k8s.io/federation/pkg/apis/federation"
	"k8s.io/federation/pkg/propagation"
)

var deployments = appsv1.SchemeGroupVersion.WithResource("deployments")

// fedDeployment is a FederatedDeployment web of 6 replicas on east and west, weights 2:1.
func fedDeployment() *federation.FederatedDeployment {
	labels := map[string]string{"app": "web"}
	return &federation.FederatedDeployment{
		ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: wtNamespace},
		Spec: federation.FederatedDeploymentSpec{
			Template: federation.DeploymentTemplate{Spec: appsv1.DeploymentSpec{
				Replicas: ptr.To[int32](6),
				Selector: &metav1.LabelSelector{MatchLabels: labels},
				Template: corev1.PodTemplateSpec{
					ObjectMeta: metav1.ObjectMeta{Labels: labels},
					Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "web", Image: "nginx"}}},
				},
			}},
			PropagationSpec: federation.PropagationSpec{Placement: federation.Placement{
				Clusters: []federation.ClusterReference{{Name: "east"}, {Name: "west"}},
			}},
			ReplicaScheduling: &federation.ReplicaScheduling{Clusters: map[string]federation.ClusterReplicaPreference{
				"east": {Weight: 2}, "west": {Weight: 1},
			}},
		},
	}
}

// The write-through's first member write carries each cluster's share, and status records
// it: before the controller-manager has looked at the object.
func TestWriteThroughSchedulesReplicas(t *testing.T) {
	for name, tc := range map[string]struct {
		opts wtOptions
		want map[string]int32
	}{
		"weights 2:1 of 6":           {opts: wtOptions{preflight: true}, want: map[string]int32{"east": 4, "west": 2}},
		"west failed over: east all": {opts: wtOptions{unschedulable: []string{"west"}}, want: map[string]int32{"east": 6, "west": 0}},
	} {
		t.Run(name, func(t *testing.T) {
			tc.opts.resource = "federateddeployments"
			e := newWTEnv(t, tc.opts)
			out, err := e.rest.Create(e.ctx, fedDeployment(), nil, &metav1.CreateOptions{})
			if err != nil {
				t.Fatalf("Create: %v", err)
			}
			held, rows := map[string]int32{}, map[string]int32{}
			for cluster, m := range e.members {
				u := m.Get(t, deployments, wtNamespace, "web")
				if u == nil {
					t.Fatalf("%s holds no Deployment", cluster)
				}
				r, _, _ := unstructured.NestedInt64(u.Object, "spec", "replicas")
				held[cluster] = int32(r)
			}
			st := out.(*federation.FederatedDeployment).Status
			for _, r := range st.Clusters {
				if r.Replicas != nil {
					rows[r.Name] = *r.Replicas
				}
			}
			if d := cmp.Diff(tc.want, held); d != "" {
				t.Errorf("members' spec.replicas (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tc.want, rows); d != "" {
				t.Errorf("status rows' replicas (-want +got):\n%s", d)
			}
			if c := meta.FindStatusCondition(st.Conditions, "ReplicasScheduled"); c == nil || c.Reason != propagation.ReasonScheduled {
				t.Errorf("ReplicasScheduled = %+v, want True/%s", c, propagation.ReasonScheduled)
			}
		})
	}
}
