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

package controllermanager

import (
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/cache"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
)

func TestWithoutManagedFields(t *testing.T) {
	fcm := &fedv1beta1.FederatedConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "a", Namespace: "ns",
		ManagedFields: []metav1.ManagedFieldsEntry{{Manager: "kubectl", Operation: metav1.ManagedFieldsOperationApply}}}}
	got, err := withoutManagedFields(fcm)
	if err != nil {
		t.Fatal(err)
	}
	if mf := got.(*fedv1beta1.FederatedConfigMap).ManagedFields; mf != nil {
		t.Errorf("managedFields = %v, want none", mf)
	}
	tombstone := cache.DeletedFinalStateUnknown{Key: "ns/a", Obj: fcm}
	if got, err := withoutManagedFields(tombstone); err != nil || got != any(tombstone) {
		t.Errorf("tombstone: got %v, %v; want it unchanged", got, err)
	}
}
