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
	"time"

	"github.com/google/go-cmp/cmp"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"
	"sigs.k8s.io/structured-merge-diff/v6/value"
)

// driftEntry is a managedFields entry of manager, by operation op at minute min, holding paths.
func driftEntry(t *testing.T, manager string, op metav1.ManagedFieldsOperationType, minute int, paths ...fieldpath.Path) metav1.ManagedFieldsEntry {
	t.Helper()
	raw, err := fieldpath.NewSet(paths...).ToJSON()
	if err != nil {
		t.Fatal(err)
	}
	at := metav1.NewTime(time.Date(2026, 1, 1, 0, minute, 0, 0, time.UTC))
	return metav1.ManagedFieldsEntry{Manager: manager, Operation: op, Time: &at, FieldsType: "FieldsV1", FieldsV1: &metav1.FieldsV1{Raw: raw}}
}

func driftPath(parts ...any) fieldpath.Path { return fieldpath.MakePathOrDie(parts...) }

func webKey() fieldpath.PathElement { return fieldpath.KeyElementByFields("name", "web") }

// driftDeployment returns a Deployment with one container, web, with image and args.
func driftDeployment(image string, args ...any) *unstructured.Unstructured {
	return &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "apps/v1", "kind": "Deployment",
		"metadata": map[string]any{"name": "web", "namespace": "shop", "finalizers": []any{"a"}},
		"spec": map[string]any{"replicas": int64(2), "template": map[string]any{"spec": map[string]any{
			"containers": []any{map[string]any{"name": "web", "image": image, "args": args}},
		}}},
	}}
}

func TestDrifts(t *testing.T) {
	const apply, update = metav1.ManagedFieldsOperationApply, metav1.ManagedFieldsOperationUpdate
	image := driftPath("spec", "template", "spec", "containers", webKey(), "image")
	args := driftPath("spec", "template", "spec", "containers", webKey(), "args")
	tier := driftPath("metadata", "annotations", "example.com/tier")
	for name, tc := range map[string]struct {
		want, member *unstructured.Unstructured
		entries      func(t *testing.T) []metav1.ManagedFieldsEntry
		drifts       []string // "path manager"
	}{
		"equal but for metadata that changes on every write, and status": {
			want: driftDeployment("nginx:1", "a"),
			member: func() *unstructured.Unstructured {
				u := driftDeployment("nginx:1", "a")
				u.SetResourceVersion("42")
				u.SetGeneration(7)
				u.SetUID("uid")
				u.Object["status"] = map[string]any{"replicas": int64(2)}
				return u
			}(),
		},
		"numbers decoded differently, and empty maps, are equal": {
			want: &unstructured.Unstructured{Object: map[string]any{"spec": map[string]any{"replicas": float64(2)}, "data": map[string]any{}}},
			member: &unstructured.Unstructured{Object: map[string]any{
				"spec": map[string]any{"replicas": int64(2)}, "metadata": map[string]any{"labels": map[string]any{}},
			}},
		},
		"an annotation another manager changed": {
			want:   driftConfigMap(map[string]any{"example.com/tier": "gold"}, nil),
			member: driftConfigMap(map[string]any{"example.com/tier": "bronze"}, nil),
			entries: func(t *testing.T) []metav1.ManagedFieldsEntry {
				return []metav1.ManagedFieldsEntry{
					driftEntry(t, FieldManager, apply, 1, driftPath("metadata", "annotations", OriginAnnotation), driftPath("data", "k")),
					driftEntry(t, "fight-writer", update, 2, tier),
				}
			},
			drifts: []string{".metadata.annotations.example.com/tier fight-writer"},
		},
		"a field of a list element with key fields": {
			want: driftDeployment("nginx:1"), member: driftDeployment("nginx:2"),
			entries: func(t *testing.T) []metav1.ManagedFieldsEntry {
				return []metav1.ManagedFieldsEntry{
					driftEntry(t, FieldManager, apply, 1, driftPath("spec", "replicas"), driftPath("spec", "template", "spec", "containers", webKey(), "name")),
					driftEntry(t, "kubectl-edit", update, 2, image),
				}
			},
			drifts: []string{`.spec.template.spec.containers[name="web"].image kubectl-edit`},
		},
		"an atomic list is one field": {
			want: driftDeployment("nginx:1", "a", "b"), member: driftDeployment("nginx:1", "a", "c"),
			entries: func(t *testing.T) []metav1.ManagedFieldsEntry {
				return []metav1.ManagedFieldsEntry{
					driftEntry(t, FieldManager, apply, 1, image),
					driftEntry(t, "kubectl-edit", update, 2, args),
				}
			},
			drifts: []string{`.spec.template.spec.containers[name="web"].args kubectl-edit`},
		},
		"a list whose length differs is one field, of whoever holds its elements": {
			want: driftDeployment("nginx:1"),
			member: func() *unstructured.Unstructured {
				u := driftDeployment("nginx:1")
				u.SetFinalizers([]string{"a", "b"})
				return u
			}(),
			entries: func(t *testing.T) []metav1.ManagedFieldsEntry {
				return []metav1.ManagedFieldsEntry{
					driftEntry(t, FieldManager, apply, 3, driftPath("metadata", "finalizers", fieldpath.ValueElement(driftValue("a")))),
					driftEntry(t, "cleanup-controller", update, 2, driftPath("metadata", "finalizers", fieldpath.ValueElement(driftValue("b")))),
				}
			},
			drifts: []string{".metadata.finalizers cleanup-controller"},
		},
		"no entry holds the field: the most recent manager of an Update": {
			want:   driftConfigMap(nil, map[string]any{"k": "v"}),
			member: driftConfigMap(nil, map[string]any{"k": "edited"}),
			entries: func(t *testing.T) []metav1.ManagedFieldsEntry {
				return []metav1.ManagedFieldsEntry{
					driftEntry(t, "old-editor", update, 1, driftPath("data", "x")),
					driftEntry(t, "new-editor", update, 5, driftPath("data", "y")),
					driftEntry(t, "applier", apply, 9, driftPath("data", "z")),
					driftEntry(t, FieldManager, update, 10, driftPath("data", "w")),
				}
			},
			drifts: []string{".data.k new-editor"},
		},
		"the manager holding the field itself beats one holding only its map": {
			want:   driftConfigMap(map[string]any{"example.com/tier": "gold"}, nil),
			member: driftConfigMap(map[string]any{"example.com/tier": "bronze"}, nil),
			entries: func(t *testing.T) []metav1.ManagedFieldsEntry {
				return []metav1.ManagedFieldsEntry{
					driftEntry(t, "fight-writer", update, 1, tier),
					driftEntry(t, "map-owner", apply, 5, driftPath("metadata", "annotations")),
				}
			},
			drifts: []string{".metadata.annotations.example.com/tier fight-writer"},
		},
		"several fields, sorted": {
			want:   driftConfigMap(map[string]any{"example.com/tier": "gold"}, map[string]any{"a": "1", "b": "2"}),
			member: driftConfigMap(map[string]any{"example.com/tier": "bronze"}, map[string]any{"a": "x", "b": "2", "c": "3"}),
			drifts: []string{".data.a ", ".data.c ", ".metadata.annotations.example.com/tier "},
		},
	} {
		t.Run(name, func(t *testing.T) {
			if tc.entries != nil {
				tc.member.SetManagedFields(tc.entries(t))
			}
			var got []string
			for _, d := range Drifts(tc.want, tc.member) {
				got = append(got, d.Path.String()+" "+d.Manager)
			}
			if d := cmp.Diff(tc.drifts, got); d != "" {
				t.Errorf("Drifts (-want +got):\n%s", d)
			}
		})
	}
}

func TestWithoutFields(t *testing.T) {
	for name, tc := range map[string]struct {
		in    *unstructured.Unstructured
		paths []fieldpath.Path
		want  *unstructured.Unstructured
	}{
		"an annotation": {
			in:    driftConfigMap(map[string]any{"example.com/tier": "gold", "keep": "me"}, nil),
			paths: []fieldpath.Path{driftPath("metadata", "annotations", "example.com/tier")},
			want:  driftConfigMap(map[string]any{"keep": "me"}, nil),
		},
		"a field of a list element with key fields": {
			in:    driftDeployment("nginx:1", "a"),
			paths: []fieldpath.Path{driftPath("spec", "template", "spec", "containers", webKey(), "image")},
			want: func() *unstructured.Unstructured {
				u := driftDeployment("nginx:1", "a")
				c := u.Object["spec"].(map[string]any)["template"].(map[string]any)["spec"].(map[string]any)["containers"].([]any)[0].(map[string]any)
				delete(c, "image")
				return u
			}(),
		},
		"an element of a set": {
			in:    driftDeployment("nginx:1"),
			paths: []fieldpath.Path{driftPath("metadata", "finalizers", fieldpath.ValueElement(driftValue("a")))},
			want: func() *unstructured.Unstructured {
				u := driftDeployment("nginx:1")
				u.Object["metadata"].(map[string]any)["finalizers"] = []any{}
				return u
			}(),
		},
		"fields it does not hold": {
			in: driftDeployment("nginx:1"),
			paths: []fieldpath.Path{
				driftPath("metadata", "annotations", "x"), driftPath("spec", "template", "spec", "containers", fieldpath.KeyElementByFields("name", "db"), "image"),
			},
			want: driftDeployment("nginx:1"),
		},
	} {
		t.Run(name, func(t *testing.T) {
			before := tc.in.DeepCopy()
			got := WithoutFields(tc.in, tc.paths)
			if d := cmp.Diff(tc.want.Object, got.Object); d != "" {
				t.Errorf("WithoutFields (-want +got):\n%s", d)
			}
			if d := cmp.Diff(before.Object, tc.in.Object); d != "" {
				t.Errorf("WithoutFields changed its input (-before +after):\n%s", d)
			}
		})
	}
}

func TestIsIdentityField(t *testing.T) {
	for name, tc := range map[string]struct {
		p    fieldpath.Path
		want bool
	}{
		"managed label":                {driftPath("metadata", "labels", ManagedLabel), true},
		"origin annotation":            {driftPath("metadata", "annotations", OriginAnnotation), true},
		"rendered hash annotation":     {driftPath("metadata", "annotations", RenderedHashAnnotation), true},
		"the annotations as a whole":   {driftPath("metadata", "annotations"), true},
		"a template annotation":        {driftPath("metadata", "annotations", "example.com/tier"), false},
		"a template label":             {driftPath("metadata", "labels", "app"), false},
		"a spec field":                 {driftPath("spec", "replicas"), false},
		"below an identity annotation": {driftPath("metadata", "annotations", OriginAnnotation, "x"), false},
	} {
		t.Run(name, func(t *testing.T) {
			if got := IsIdentityField(tc.p); got != tc.want {
				t.Errorf("IsIdentityField(%s) = %v, want %v", tc.p, got, tc.want)
			}
		})
	}
}

func driftValue(v any) value.Value { return value.NewValueInterface(v) }

func driftConfigMap(annotations, data map[string]any) *unstructured.Unstructured {
	u := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "v1", "kind": "ConfigMap",
		"metadata": map[string]any{"name": "cfg", "namespace": "shop"},
	}}
	if annotations != nil {
		u.Object["metadata"].(map[string]any)["annotations"] = annotations
	}
	if data != nil {
		u.Object["data"] = data
	}
	return u
}
