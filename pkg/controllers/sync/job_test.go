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

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/propagation"
)

// ranJob returns a FederatedJob placed on m1 whose status says its copy there was written
// for the current generation, with the row's finished set to finished.
func ranJob(finished string) *fedv1beta1.FederatedJob {
	j := &fedv1beta1.FederatedJob{
		TypeMeta:   metav1.TypeMeta{APIVersion: fedv1beta1.SchemeGroupVersion.String(), Kind: "FederatedJob"},
		ObjectMeta: metav1.ObjectMeta{Name: "batch", Namespace: "shop", Generation: 1, Finalizers: []string{propagation.Finalizer}},
		Spec: fedv1beta1.FederatedJobSpec{PropagationSpec: fedv1beta1.PropagationSpec{Placement: fedv1beta1.Placement{
			Clusters: []fedv1beta1.ClusterReference{{Name: "m1"}},
		}}},
	}
	outcomes := []propagation.Outcome{{Cluster: "m1", Gone: true, Finished: finished}}
	j.Status = propagation.WithHealth(j, propagation.Status(j, fedv1beta1.FederatedStatus{}, outcomes), nil, outcomes)
	return j
}

// A member Job that ran for the current spec and was then deleted in the member
// (ttlSecondsAfterFinished) is not written again, so it does not run again; status keeps
// what it finished as. A spec change runs it again.
func TestReconcileDoesNotRerunADeletedJob(t *testing.T) {
	for name, tc := range map[string]struct {
		finished   string
		generation int64
		wantWrites int
	}{
		"complete, then deleted":                   {finished: fedv1beta1.FinishedComplete},
		"deleted before it was seen to finish":     {},
		"complete, deleted, then the spec changed": {finished: fedv1beta1.FinishedComplete, generation: 2, wantWrites: 1},
	} {
		t.Run(name, func(t *testing.T) {
			obj := ranJob(tc.finished)
			if tc.generation != 0 {
				obj.Generation = tc.generation
			}
			e := startTestEnv(t, readyCluster("m1", metav1.ConditionTrue), obj)
			if err := e.c.reconcile(t.Context(), "FederatedJob.federation.k8s.io/shop/batch"); err != nil {
				t.Fatal(err)
			}
			if w := e.memberWrites("m1"); len(w) != tc.wantWrites {
				t.Errorf("member writes %v, want %d", w, tc.wantWrites)
			}
			if tc.wantWrites == 0 {
				if w := e.fedWrites(); len(w) != 0 {
					t.Errorf("federation API writes %v, want none: status already says what the copy finished as", w)
				}
			}
		})
	}
}
