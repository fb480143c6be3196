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
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	genericregistrytest "k8s.io/apiserver/pkg/registry/generic/testing"
	"k8s.io/apiserver/pkg/registry/rest"
	scalescheme "k8s.io/client-go/scale/scheme"
	"k8s.io/utils/ptr"

	"k8s.io/federation/pkg/apis/federation"
	"k8s.io/federation/pkg/kinds"
	"k8s.io/federation/pkg/registry/federated/storage"
)

// scaleEnv is the FederatedDeployment storage (no write-through) holding the object web.
type scaleEnv struct {
	main  *storage.REST
	scale *storage.ScaleREST
	ctx   context.Context
}

func newScaleEnv(t *testing.T, replicas *int32) *scaleEnv {
	t.Helper()
	main, _ := newStorage(t, kinds.ByKind("FederatedDeployment"))
	e := &scaleEnv{main: main, scale: main.Scale(), ctx: genericregistrytest.NewNamespaceScopeContext(main.Store, testNamespace)}
	if e.scale == nil {
		t.Fatal("federateddeployments has no scale subresource")
	}
	obj := fedDeployment()
	obj.Namespace = testNamespace
	obj.Spec.Template.Spec.Replicas = replicas
	if _, err := main.Create(e.ctx, obj, rest.ValidateAllObjectFunc, &metav1.CreateOptions{}); err != nil {
		t.Fatalf("Create: %v", err)
	}
	return e
}

func (e *scaleEnv) get(t *testing.T) *scalescheme.Scale {
	t.Helper()
	obj, err := e.scale.Get(e.ctx, "web", &metav1.GetOptions{})
	if err != nil {
		t.Fatalf("Get scale: %v", err)
	}
	return obj.(*scalescheme.Scale)
}

func (e *scaleEnv) update(scale *scalescheme.Scale) (runtime.Object, error) {
	obj, _, err := e.scale.Update(e.ctx, scale.Name, rest.DefaultUpdatedObjectInfo(scale),
		rest.ValidateAllObjectFunc, rest.ValidateAllObjectUpdateFunc, false, &metav1.UpdateOptions{})
	return obj, err
}

func (e *scaleEnv) stored(t *testing.T) *federation.FederatedDeployment {
	t.Helper()
	return get(e.ctx, t, e.main, "web").(*federation.FederatedDeployment)
}

// scaleView is what a Scale says, minus its metadata.
type scaleView struct {
	Spec, Status int32
	Selector     string
}

func view(s *scalescheme.Scale) scaleView {
	v := scaleView{Spec: s.Spec.Replicas, Status: s.Status.Replicas}
	if s.Status.Selector != nil {
		sel, _ := metav1.LabelSelectorAsSelector(s.Status.Selector)
		v.Selector = sel.String()
	}
	return v
}

func TestScaleGet(t *testing.T) {
	for name, tc := range map[string]struct {
		replicas       *int32
		statusReplicas *int32
		want           scaleView
	}{
		"set, nothing reported": {replicas: ptr.To[int32](6), want: scaleView{Spec: 6, Selector: "app=web"}},
		"unset reads as 1":      {want: scaleView{Spec: 1, Selector: "app=web"}},
		"aggregated status":     {replicas: ptr.To[int32](6), statusReplicas: ptr.To[int32](4), want: scaleView{Spec: 6, Status: 4, Selector: "app=web"}},
	} {
		t.Run(name, func(t *testing.T) {
			e := newScaleEnv(t, tc.replicas)
			if tc.statusReplicas != nil {
				// The status subresource is how the controllers report the aggregate.
				obj := e.stored(t)
				obj.Status.Replicas = tc.statusReplicas
				status := e.main.Subresources()["status"].(rest.Updater)
				if _, _, err := status.Update(e.ctx, "web", rest.DefaultUpdatedObjectInfo(obj),
					rest.ValidateAllObjectFunc, rest.ValidateAllObjectUpdateFunc, false, &metav1.UpdateOptions{}); err != nil {
					t.Fatalf("Status update: %v", err)
				}
			}
			got := e.get(t)
			if d := cmp.Diff(tc.want, view(got)); d != "" {
				t.Errorf("Scale (-want +got):\n%s", d)
			}
			if rv := e.stored(t).ResourceVersion; got.ResourceVersion != rv || got.Name != "web" || got.Namespace != testNamespace {
				t.Errorf("Scale metadata = %s/%s@%s, want %s/web@%s", got.Namespace, got.Name, got.ResourceVersion, testNamespace, rv)
			}
		})
	}
}

func TestScaleUpdate(t *testing.T) {
	e := newScaleEnv(t, ptr.To[int32](6))
	before := e.stored(t)
	s := e.get(t)
	s.Spec.Replicas = 9
	out, err := e.update(s)
	if err != nil {
		t.Fatalf("Update scale: %v", err)
	}
	if got := out.(*scalescheme.Scale).Spec.Replicas; got != 9 {
		t.Errorf("returned Scale spec.replicas = %d, want 9", got)
	}
	after := e.stored(t)
	if got := ptr.Deref(after.Spec.Template.Spec.Replicas, -1); got != 9 {
		t.Errorf("template.spec.replicas = %d, want 9", got)
	}
	// A scale is a spec change like any other: the generation moves.
	if after.Generation != before.Generation+1 {
		t.Errorf("generation = %d, want %d", after.Generation, before.Generation+1)
	}
	if got := out.(*scalescheme.Scale).ResourceVersion; got != after.ResourceVersion {
		t.Errorf("returned Scale resourceVersion = %s, want the object's %s", got, after.ResourceVersion)
	}
}

func TestScaleUpdateRefusals(t *testing.T) {
	for name, tc := range map[string]struct {
		change func(t *testing.T, e *scaleEnv, s *scalescheme.Scale)
		want   func(error) bool
	}{
		"negative replicas": {
			change: func(_ *testing.T, _ *scaleEnv, s *scalescheme.Scale) { s.Spec.Replicas = -1 },
			want:   apierrors.IsInvalid,
		},
		"stale resourceVersion": {
			change: func(t *testing.T, e *scaleEnv, s *scalescheme.Scale) {
				// Someone else scales first; this Scale still carries the old version.
				other := s.DeepCopy()
				other.Spec.Replicas = 7
				if _, err := e.update(other); err != nil {
					t.Fatalf("first scale: %v", err)
				}
				s.Spec.Replicas = 9
			},
			want: apierrors.IsConflict,
		},
		"other UID": {
			change: func(_ *testing.T, _ *scaleEnv, s *scalescheme.Scale) { s.UID = "not-web"; s.Spec.Replicas = 9 },
			want:   apierrors.IsConflict,
		},
		"missing object": {
			change: func(_ *testing.T, _ *scaleEnv, s *scalescheme.Scale) { s.Name = "nope"; s.ResourceVersion = "" },
			want:   apierrors.IsNotFound,
		},
	} {
		t.Run(name, func(t *testing.T) {
			e := newScaleEnv(t, ptr.To[int32](6))
			s := e.get(t)
			tc.change(t, e, s)
			before := e.stored(t)
			if _, err := e.update(s); !tc.want(err) {
				t.Fatalf("Update scale: err %v (reason %q)", err, apierrors.ReasonForError(err))
			}
			if after := e.stored(t); after.ResourceVersion != before.ResourceVersion {
				t.Errorf("refused scale changed the object: replicas %d", ptr.Deref(after.Spec.Template.Spec.Replicas, -1))
			}
		})
	}
}

func TestScaleUnconditionalUpdate(t *testing.T) {
	// kubectl scale without --resource-version: no version is a precondition on nothing.
	e := newScaleEnv(t, ptr.To[int32](6))
	s := e.get(t)
	s.ResourceVersion = ""
	s.Spec.Replicas = 0
	if _, err := e.update(s); err != nil {
		t.Fatalf("Update scale without resourceVersion: %v", err)
	}
	if got := ptr.Deref(e.stored(t).Spec.Template.Spec.Replicas, -1); got != 0 {
		t.Errorf("template.spec.replicas = %d, want 0", got)
	}
}

func TestScaleGetNotFound(t *testing.T) {
	e := newScaleEnv(t, nil)
	if _, err := e.scale.Get(e.ctx, "nope", &metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Errorf("Get scale of a missing object: %v, want NotFound", err)
	}
}

// Only kinds with replicas have a scale subresource, as their member kinds do.
func TestScaleOnlyForKindsWithReplicas(t *testing.T) {
	scalable := map[string]bool{"federateddeployments": true, "federatedreplicasets": true, "federatedstatefulsets": true}
	for _, kind := range kinds.All() {
		t.Run(kind.Plural, func(t *testing.T) {
			main, _ := newStorage(t, kind)
			_, has := main.Subresources()["scale"]
			if want := scalable[kind.Plural]; has != want {
				t.Errorf("scale subresource: %v, want %v", has, want)
			}
		})
	}
}

// A scale is written through like any update: the new total is divided by the weights.
func TestScaleWritesThrough(t *testing.T) {
	e := newWTEnv(t, wtOptions{resource: "federateddeployments", preflight: true})
	if _, err := e.rest.Create(e.ctx, fedDeployment(), nil, &metav1.CreateOptions{}); err != nil {
		t.Fatalf("Create: %v", err)
	}
	obj, err := e.rest.Scale().Get(e.ctx, "web", &metav1.GetOptions{})
	if err != nil {
		t.Fatalf("Get scale: %v", err)
	}
	s := obj.(*scalescheme.Scale)
	s.Spec.Replicas = 9
	if _, _, err := e.rest.Scale().Update(e.ctx, "web", rest.DefaultUpdatedObjectInfo(s),
		rest.ValidateAllObjectFunc, rest.ValidateAllObjectUpdateFunc, false, &metav1.UpdateOptions{}); err != nil {
		t.Fatalf("Update scale: %v", err)
	}
	held := map[string]int64{}
	for cluster, m := range e.members {
		u := m.Get(t, deployments, wtNamespace, "web")
		if u == nil {
			t.Fatalf("%s holds no Deployment", cluster)
		}
		held[cluster], _, _ = unstructured.NestedInt64(u.Object, "spec", "replicas")
	}
	if d := cmp.Diff(map[string]int64{"east": 6, "west": 3}, held); d != "" {
		t.Errorf("members' spec.replicas after scaling to 9 (-want +got):\n%s", d)
	}
}
