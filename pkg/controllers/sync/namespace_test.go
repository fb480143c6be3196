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
	"testing"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/propagation"
)

// A cluster-scoped kind is reconciled by the same machinery: its queue key and its copies'
// origin have an empty namespace, its status is written at the cluster-scoped path, and
// each cluster's row has the member namespace's phase.
func TestReconcileClusterScoped(t *testing.T) {
	fns := &fedv1beta1.FederatedNamespace{
		TypeMeta:   metav1.TypeMeta{APIVersion: fedv1beta1.SchemeGroupVersion.String(), Kind: "FederatedNamespace"},
		ObjectMeta: metav1.ObjectMeta{Name: "team", Generation: 1, Finalizers: []string{propagation.Finalizer}},
	}
	fns.Spec.Template.Labels = map[string]string{"team": "a"}
	fns.Spec.Placement.Clusters = []fedv1beta1.ClusterReference{{Name: "m1"}}
	e := startTestEnv(t, readyCluster("m1", metav1.ConditionTrue), fns)
	if err := e.c.reconcile(t.Context(), "FederatedNamespace.federation.k8s.io//team"); err != nil {
		t.Fatal(err)
	}
	ns := e.members["m1"].Get(t, corev1.SchemeGroupVersion.WithResource("namespaces"), "", "team")
	if ns == nil || ns.GetLabels()["team"] != "a" || ns.GetAnnotations()[propagation.OriginAnnotation] != "FederatedNamespace.federation.k8s.io//team" {
		t.Fatalf("member namespace team: %v", ns)
	}
	if d := cmp.Diff([]string{"PUT /apis/federation.k8s.io/v1beta1/federatednamespaces/team/status"}, e.fedWrites()); d != "" {
		t.Errorf("federation API writes (-want +got):\n%s", d)
	}
	got, err := e.stored.Get(fedv1beta1.SchemeGroupVersion.WithResource("federatednamespaces"), "", "team")
	if err != nil {
		t.Fatal(err)
	}
	rows := got.(*fedv1beta1.FederatedNamespace).Status.Clusters
	if len(rows) != 1 || rows[0].Phase != fedv1beta1.PropagationPhasePropagated {
		t.Errorf("status.clusters %+v, want m1 Propagated", rows)
	}
}
