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

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/registry/rest"
	"k8s.io/utils/ptr"

	"k8s.io/federation/pkg/kinds"
	"k8s.io/federation/pkg/propagation"
	"k8s.io/federation/pkg/registry/federated/storage"
	"k8s.io/federation/pkg/registry/statusrest"
)

// TestOrphanDecisionIsStoredWithTheDeletion: an orphaning delete is recorded on the object
// in the same write that marks it deleted, so that whoever finishes the deletion (the
// storage layer, or the sync controller after it) sees the decision with the
// deletionTimestamp. A user's finalizer holds the object here so that it can be read.
func TestOrphanDecisionIsStoredWithTheDeletion(t *testing.T) {
	orphan, background := metav1.DeletePropagationOrphan, metav1.DeletePropagationBackground
	for name, tc := range map[string]struct {
		options    metav1.DeleteOptions
		wantOrphan bool
	}{
		"propagationPolicy Orphan (kubectl --cascade=orphan)": {options: metav1.DeleteOptions{PropagationPolicy: &orphan}, wantOrphan: true},
		"orphanDependents=true (older clients)":               {options: metav1.DeleteOptions{OrphanDependents: ptr.To(true)}, wantOrphan: true},
		"propagationPolicy Background":                        {options: metav1.DeleteOptions{PropagationPolicy: &background}},
		"orphanDependents=false":                              {options: metav1.DeleteOptions{OrphanDependents: ptr.To(false)}},
		"no policy":                                           {},
	} {
		t.Run(name, func(t *testing.T) {
			forEachKind(t, func(t *testing.T, kind *kinds.Kind, main *storage.REST, _ *statusrest.REST) {
				ctx := genericapirequest.WithNamespace(t.Context(), testNamespace)
				obj := validObject(kind)
				obj.SetFinalizers([]string{"example.com/hold"})
				if _, err := main.Create(ctx, obj, rest.ValidateAllObjectFunc, &metav1.CreateOptions{}); err != nil {
					t.Fatal(err)
				}
				if _, deleted, err := main.Delete(ctx, obj.GetName(), rest.ValidateAllObjectFunc, tc.options.DeepCopy()); err != nil || deleted {
					t.Fatalf("Delete: deleted=%v err=%v, want held by the user's finalizer", deleted, err)
				}
				stored := get(ctx, t, main, obj.GetName())
				if stored.GetDeletionTimestamp() == nil {
					t.Fatal("no deletionTimestamp")
				}
				if got := stored.GetAnnotations()[propagation.OrphanAnnotation] == "true"; got != tc.wantOrphan {
					t.Errorf("orphan annotation recorded = %v, want %v (annotations %v)", got, tc.wantOrphan, stored.GetAnnotations())
				}
				// Without members, the storage layer finished its part: only the user's
				// finalizer is left.
				if f := stored.GetFinalizers(); len(f) != 1 || f[0] != "example.com/hold" {
					t.Errorf("finalizers %v, want only the user's", f)
				}
			})
		})
	}
}
