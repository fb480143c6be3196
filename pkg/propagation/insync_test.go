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

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
)

func TestInSync(t *testing.T) {
	obj := &fedv1beta1.FederatedConfigMap{
		TypeMeta:   metav1.TypeMeta{Kind: "FederatedConfigMap"},
		ObjectMeta: metav1.ObjectMeta{Name: "cfg", Namespace: "shop"},
		Spec: fedv1beta1.FederatedConfigMapSpec{
			Template: fedv1beta1.ConfigMapTemplate{Data: map[string]string{"a": "1", "b": "2"}},
		},
	}
	desired, err := Render(obj, "m1", nil)
	if err != nil {
		t.Fatal(err)
	}
	// What a member returns: our fields plus its own.
	member := func(edit func(u *unstructured.Unstructured)) *unstructured.Unstructured {
		u := desired.DeepCopy()
		u.SetUID("uid-1")
		u.SetResourceVersion("42")
		u.SetCreationTimestamp(metav1.Now())
		u.SetManagedFields([]metav1.ManagedFieldsEntry{{Manager: FieldManager}})
		if edit != nil {
			edit(u)
		}
		return u
	}
	withoutB := obj.DeepCopy()
	delete(withoutB.Spec.Template.Data, "b")
	desiredWithoutB, err := Render(withoutB, "m1", nil)
	if err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		desired *unstructured.Unstructured
		member  *unstructured.Unstructured
		want    bool
	}{
		"member adds its own fields":    {desired, member(nil), true},
		"someone else's extra data key": {desired, member(func(u *unstructured.Unstructured) { _ = unstructured.SetNestedField(u.Object, "x", "data", "c") }), true},
		"missing":                       {desired, nil, false},
		"value edited in the member": {desired, member(func(u *unstructured.Unstructured) {
			_ = unstructured.SetNestedField(u.Object, "edited", "data", "a")
		}), false},
		"our key deleted in the member":                      {desired, member(func(u *unstructured.Unstructured) { unstructured.RemoveNestedField(u.Object, "data", "b") }), false},
		"key removed from the template, still in the member": {desiredWithoutB, member(nil), false},
		"managed label removed": {desired, member(func(u *unstructured.Unstructured) {
			u.SetLabels(map[string]string{})
		}), false},
		"being deleted": {desired, member(func(u *unstructured.Unstructured) {
			now := metav1.Now()
			u.SetDeletionTimestamp(&now)
		}), false},
	} {
		t.Run(name, func(t *testing.T) {
			if got := InSync(obj, tc.desired, tc.member); got != tc.want {
				t.Errorf("InSync() = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestContains(t *testing.T) {
	for name, tc := range map[string]struct {
		got, want any
		ok        bool
	}{
		"int64 and float64 of one number": {map[string]any{"n": int64(3)}, map[string]any{"n": float64(3)}, true},
		"different numbers":               {map[string]any{"n": int64(3)}, map[string]any{"n": int64(4)}, false},
		"null in desired, absent":         {map[string]any{}, map[string]any{"creationTimestamp": nil}, true},
		"empty map in desired, absent":    {map[string]any{}, map[string]any{"labels": map[string]any{}}, true},
		"list element differs":            {map[string]any{"l": []any{"a", "b"}}, map[string]any{"l": []any{"a", "c"}}, false},
		"list with defaults in elements": {
			map[string]any{"l": []any{map[string]any{"name": "c", "imagePullPolicy": "Always"}}},
			map[string]any{"l": []any{map[string]any{"name": "c"}}}, true,
		},
		"quantity in canonical form": {
			map[string]any{"limits": map[string]any{"cpu": "1", "memory": "1Gi"}},
			map[string]any{"limits": map[string]any{"cpu": "1000m", "memory": "1024Mi"}}, true,
		},
		"quantity changed":      {map[string]any{"cpu": "2"}, map[string]any{"cpu": "1000m"}, false},
		"plain strings differ":  {map[string]any{"image": "nginx:1"}, map[string]any{"image": "nginx:2"}, false},
		"list longer in member": {map[string]any{"l": []any{"a", "b"}}, map[string]any{"l": []any{"a"}}, false},
	} {
		t.Run(name, func(t *testing.T) {
			if got := contains(tc.got, tc.want); got != tc.ok {
				t.Errorf("contains(%v, %v) = %v, want %v", tc.got, tc.want, got, tc.ok)
			}
		})
	}
}
