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
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	genericregistrytest "k8s.io/apiserver/pkg/registry/generic/testing"
	"k8s.io/apiserver/pkg/registry/rest"
	etcd3testing "k8s.io/apiserver/pkg/storage/etcd3/testing"

	"k8s.io/federation/pkg/apis/federation"
	"k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/apiserver"
	"k8s.io/federation/pkg/kinds"
	"k8s.io/federation/pkg/propagation"
	"k8s.io/federation/pkg/registry/federated"
	"k8s.io/federation/pkg/registry/federated/storage"
	"k8s.io/federation/pkg/registry/statusrest"
)

// testNamespace is the namespace genericregistrytest puts namespaced objects in.
const testNamespace = "test"

// newStorage returns the storage of kind backed by a fresh etcd; both are torn down with t.
func newStorage(t *testing.T, kind *kinds.Kind) (*storage.REST, *statusrest.REST) {
	t.Helper()
	scheme, codecs := apiserver.NewScheme()
	_, config := etcd3testing.NewUnsecuredEtcd3TestClientServer(t)
	config.Codec = codecs.LegacyCodec(v1beta1.SchemeGroupVersion)
	opts := generic.RESTOptions{
		StorageConfig:           config.ForResource(federation.Resource(kind.Plural)),
		Decorator:               generic.UndecoratedStorage,
		DeleteCollectionWorkers: 1,
		ResourcePrefix:          kind.Plural,
	}
	// The zero WriteThrough is never used: these tests drive the store, not the write-through.
	main, status, err := storage.NewREST(kind, scheme, opts, storage.WriteThrough{})
	if err != nil {
		t.Fatalf("NewREST(%s): %v", kind.Plural, err)
	}
	t.Cleanup(main.DestroyFunc)
	return main, status
}

// forEachKind runs f as a subtest per federated kind, each with its own storage.
func forEachKind(t *testing.T, f func(t *testing.T, kind *kinds.Kind, main *storage.REST, status *statusrest.REST)) {
	for _, kind := range kinds.All() {
		t.Run(kind.Plural, func(t *testing.T) {
			main, status := newStorage(t, kind)
			f(t, kind, main, status)
		})
	}
}

func validObject(kind *kinds.Kind) federation.FederatedObject {
	o := kind.NewInternal()
	o.SetName("foo")
	o.SetNamespace(namespaceOf(kind))
	o.SetLabels(map[string]string{"app": "web"})
	o.GetPropagation().Placement.Clusters = []federation.ClusterReference{{Name: "east"}}
	if hpa, ok := o.(*federation.FederatedHorizontalPodAutoscaler); ok {
		// The one kind whose empty template is invalid: its bounds are divided up front.
		hpa.Spec.Template.Spec.MaxReplicas = 2
		hpa.Spec.Template.Spec.ScaleTargetRef = autoscalingv2.CrossVersionObjectReference{APIVersion: "apps/v1", Kind: "Deployment", Name: "foo"}
	}
	return o
}

// namespaceOf is where genericregistrytest puts kind's objects: testNamespace, or none for a
// cluster-scoped kind.
func namespaceOf(kind *kinds.Kind) string {
	if kind.Namespaced {
		return testNamespace
	}
	return ""
}

// tester is genericregistrytest's tester of store, at kind's scope.
func tester(t *testing.T, kind *kinds.Kind, store *genericregistry.Store) *genericregistrytest.Tester {
	tt := genericregistrytest.New(t, store)
	if !kind.Namespaced {
		tt = tt.ClusterScope()
	}
	return tt
}

// withoutFinalizer creates objects as strategy does, minus the propagation finalizer.
type withoutFinalizer struct {
	federated.Strategy
}

func (s withoutFinalizer) PrepareForCreate(ctx context.Context, obj runtime.Object) {
	s.Strategy.PrepareForCreate(ctx, obj)
	o := obj.(federation.FederatedObject)
	o.SetFinalizers(slices.DeleteFunc(o.GetFinalizers(), func(f string) bool { return f == propagation.Finalizer }))
}

func TestCreate(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind *kinds.Kind, main *storage.REST, _ *statusrest.REST) {
		// TestCreate deletes what it creates through the store and then creates the same names
		// again. The propagation finalizer keeps those objects Terminating, because only the
		// REST's write-through removes it, so the store under test creates objects without it.
		// The finalizer itself is covered by the strategy's unit tests.
		store := *main.Store
		store.CreateStrategy = withoutFinalizer{Strategy: main.Store.CreateStrategy.(federated.Strategy)}

		templateName := validObject(kind)
		templateName.GetTemplateMeta().Name = "member-name"
		noPlacement := validObject(kind)
		noPlacement.GetPropagation().Placement = federation.Placement{}
		tester(t, kind, &store).TestCreate(validObject(kind), templateName, noPlacement)
	})
}

func TestUpdate(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind *kinds.Kind, main *storage.REST, _ *statusrest.REST) {
		tester(t, kind, main.Store).TestUpdate(
			validObject(kind),
			func(obj runtime.Object) runtime.Object {
				o := obj.(federation.FederatedObject)
				o.GetPropagation().Placement.Clusters = append(o.GetPropagation().Placement.Clusters, federation.ClusterReference{Name: "west"})
				return o
			},
			func(obj runtime.Object) runtime.Object {
				o := obj.(federation.FederatedObject)
				o.GetPropagation().Placement = federation.Placement{}
				return o
			},
			func(obj runtime.Object) runtime.Object {
				o := obj.(federation.FederatedObject)
				o.GetTemplateMeta().Namespace = "elsewhere"
				return o
			},
		)
	})
}

func TestDelete(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind *kinds.Kind, main *storage.REST, _ *statusrest.REST) {
		// genericregistrytest writes these objects straight into storage, without the
		// propagation finalizer, so this covers the store's delete; finalizer-guarded deletion
		// is the write-through's and is tested with it.
		tester(t, kind, main.Store).TestDelete(validObject(kind))
	})
}

func TestGet(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind *kinds.Kind, main *storage.REST, _ *statusrest.REST) {
		tester(t, kind, main.Store).TestGet(validObject(kind))
	})
}

func TestList(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind *kinds.Kind, main *storage.REST, _ *statusrest.REST) {
		tester(t, kind, main.Store).TestList(validObject(kind))
	})
}

func TestWatch(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind *kinds.Kind, main *storage.REST, _ *statusrest.REST) {
		tester(t, kind, main.Store).TestWatch(
			validObject(kind),
			[]labels.Set{{"app": "web"}},
			[]labels.Set{{"app": "db"}, {"foo": "bar"}},
			watchFields(kind, true),
			watchFields(kind, false),
		)
	})
}

// watchFields are field sets that select validObject(kind) (match) or not, at its scope.
func watchFields(kind *kinds.Kind, match bool) []fields.Set {
	switch {
	case match && kind.Namespaced:
		return []fields.Set{{"metadata.name": "foo"}, {"metadata.namespace": testNamespace}, {"metadata.name": "foo", "metadata.namespace": testNamespace}}
	case match:
		return []fields.Set{{"metadata.name": "foo"}}
	case kind.Namespaced:
		return []fields.Set{{"metadata.name": "bar"}, {"metadata.namespace": "other"}, {"name": "foo"}}
	}
	return []fields.Set{{"metadata.name": "bar"}, {"name": "foo"}}
}

func reportedStatus() federation.FederatedStatus {
	return federation.FederatedStatus{
		ObservedGeneration: 1,
		Conditions: []metav1.Condition{{
			Type: federation.ConditionPropagated, Status: metav1.ConditionTrue,
			Reason: "AllPropagated", LastTransitionTime: metav1.Unix(1700000000, 0),
		}},
		Clusters: []federation.ClusterPropagationStatus{{Name: "east", Phase: federation.PropagationPhasePropagated, Generation: 1}},
	}
}

// TestStatusSubresource checks the split of ownership between the main store and the status
// subresource. It writes through the store, not the REST, because the REST's write-through
// records propagation outcomes in status after every spec change, by design.
func TestStatusSubresource(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind *kinds.Kind, main *storage.REST, status *statusrest.REST) {
		ctx := genericregistrytest.NewNamespaceScopeContext(main.Store, namespaceOf(kind))
		obj, err := main.Store.Create(ctx, validObject(kind), rest.ValidateAllObjectFunc, &metav1.CreateOptions{})
		if err != nil {
			t.Fatalf("Create: %v", err)
		}
		created := obj.(federation.FederatedObject)

		// A status write that also tries to change spec and labels changes only status.
		toWrite := deepCopy(created)
		*toWrite.GetFederatedStatus() = reportedStatus()
		toWrite.GetPropagation().Placement.Clusters = []federation.ClusterReference{{Name: "west"}}
		toWrite.SetLabels(map[string]string{"app": "db"})
		if _, _, err := status.Update(ctx, toWrite.GetName(), rest.DefaultUpdatedObjectInfo(toWrite),
			rest.ValidateAllObjectFunc, rest.ValidateAllObjectUpdateFunc, false, &metav1.UpdateOptions{}); err != nil {
			t.Fatalf("Status update: %v", err)
		}
		afterStatus := get(ctx, t, main, created.GetName())
		want := deepCopy(created)
		*want.GetFederatedStatus() = reportedStatus()
		want.SetResourceVersion(afterStatus.GetResourceVersion())
		if d := cmp.Diff(want, afterStatus); d != "" {
			t.Errorf("Object after status update (-want +got):\n%s", d)
		}

		// A main-resource write that also tries to clear status changes only spec, and moves generation.
		toWrite = deepCopy(afterStatus)
		*toWrite.GetFederatedStatus() = federation.FederatedStatus{}
		toWrite.GetPropagation().Placement.Clusters = []federation.ClusterReference{{Name: "east"}, {Name: "west"}}
		if _, _, err := main.Store.Update(ctx, toWrite.GetName(), rest.DefaultUpdatedObjectInfo(toWrite),
			rest.ValidateAllObjectFunc, rest.ValidateAllObjectUpdateFunc, false, &metav1.UpdateOptions{}); err != nil {
			t.Fatalf("Update: %v", err)
		}
		afterUpdate := get(ctx, t, main, created.GetName())
		want = deepCopy(afterStatus)
		want.GetPropagation().Placement.Clusters = []federation.ClusterReference{{Name: "east"}, {Name: "west"}}
		want.SetGeneration(2)
		want.SetResourceVersion(afterUpdate.GetResourceVersion())
		if d := cmp.Diff(want, afterUpdate); d != "" {
			t.Errorf("Object after main update (-want +got):\n%s", d)
		}
	})
}

func TestStatusUpdateNeverCreates(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind *kinds.Kind, main *storage.REST, status *statusrest.REST) {
		ctx := genericregistrytest.NewNamespaceScopeContext(main.Store, namespaceOf(kind))
		missing := validObject(kind)
		*missing.GetFederatedStatus() = reportedStatus()
		_, created, err := status.Update(ctx, missing.GetName(), rest.DefaultUpdatedObjectInfo(missing),
			rest.ValidateAllObjectFunc, rest.ValidateAllObjectUpdateFunc, true, &metav1.UpdateOptions{})
		if !apierrors.IsNotFound(err) || created {
			t.Errorf("Status update of a missing object with forceAllowCreate: created=%v, err=%v; want NotFound", created, err)
		}
	})
}

func deepCopy(o federation.FederatedObject) federation.FederatedObject {
	return o.DeepCopyObject().(federation.FederatedObject)
}

func get(ctx context.Context, t *testing.T, main *storage.REST, name string) federation.FederatedObject {
	t.Helper()
	obj, err := main.Get(ctx, name, &metav1.GetOptions{})
	if err != nil {
		t.Fatalf("Get %s: %v", name, err)
	}
	return obj.(federation.FederatedObject)
}
