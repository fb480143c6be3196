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

package kinds_test

import (
	"reflect"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/sets"

	"k8s.io/federation/pkg/apis/federation"
	"k8s.io/federation/pkg/apis/federation/install"
	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/kinds"
)

// TestTableMatchesScheme fails when the table and the API types disagree: a federated type
// registered with the scheme but missing from the table (or the reverse), or an entry whose
// constructors return another kind's types.
func TestTableMatchesScheme(t *testing.T) {
	scheme := runtime.NewScheme()
	install.Install(scheme)
	inScheme := sets.New[string]()
	for _, gv := range []struct {
		version string
		types   map[string]reflect.Type
	}{
		{fedv1beta1.SchemeGroupVersion.Version, scheme.KnownTypes(fedv1beta1.SchemeGroupVersion)},
		{runtime.APIVersionInternal, scheme.KnownTypes(federation.SchemeGroupVersion)},
	} {
		for name, typ := range gv.types {
			obj := reflect.New(typ).Interface()
			_, versioned := obj.(fedv1beta1.FederatedObject)
			_, internal := obj.(federation.FederatedObject)
			if versioned || internal {
				inScheme.Insert(name)
				if kinds.ByKind(name) == nil {
					t.Errorf("%s (%s) is registered with the scheme but has no entry in pkg/kinds", name, gv.version)
				}
			}
		}
	}
	for _, k := range kinds.All() {
		t.Run(k.Kind, func(t *testing.T) {
			if !inScheme.Has(k.Kind) {
				t.Errorf("%s is in the table but the scheme does not register it", k.Kind)
			}
			for _, c := range []struct {
				what string
				obj  runtime.Object
				want string
			}{
				{"NewVersioned", k.NewVersioned(), k.Kind},
				{"NewInternal", k.NewInternal(), k.Kind},
				{"NewInternalList", k.NewInternalList(), k.Kind + "List"},
			} {
				gvks, _, err := scheme.ObjectKinds(c.obj)
				if err != nil || len(gvks) == 0 || gvks[0].Kind != c.want {
					t.Errorf("%s() returns %T (kinds %v, err %v), want a %s", c.what, c.obj, gvks, err, c.want)
				}
			}
		})
	}
}

// TestNames checks the names discovery serves; the plural is given, so no guessing rule is
// checked (federatedingresses would break one).
func TestNames(t *testing.T) {
	plurals, shortNames := sets.New[string](), sets.New[string]()
	for _, k := range kinds.All() {
		t.Run(k.Kind, func(t *testing.T) {
			if got, want := k.Singular, strings.ToLower(k.Kind); got != want {
				t.Errorf("Singular = %q, want %q", got, want)
			}
			if k.Plural == "" || k.Plural != strings.ToLower(k.Plural) || !strings.HasPrefix(k.Plural, "federated") {
				t.Errorf("Plural = %q, want a lowercase federated... name", k.Plural)
			}
			if plurals.Has(k.Plural) {
				t.Errorf("Plural %q used by two kinds", k.Plural)
			}
			plurals.Insert(k.Plural)
			for _, s := range k.ShortNames {
				if shortNames.Has(s) {
					t.Errorf("Short name %q used by two kinds", s)
				}
				shortNames.Insert(s)
			}
			if !sets.New(k.Categories...).Has(kinds.Category) {
				t.Errorf("Categories = %v, want %q among them (kubectl get %s)", k.Categories, kinds.Category, kinds.Category)
			}
			if m := k.Member; m.Kind == "" || m.Version == "" || m.Resource == "" {
				t.Errorf("Member %+v lacks a kind, version or resource", m)
			}
		})
	}
}

// TestHooksMatchTheTypes checks hooks against what the types say: replica shares need a
// member replicas path exactly on replica-scheduled kinds, and a scale hook round-trips.
func TestHooksMatchTheTypes(t *testing.T) {
	for _, k := range kinds.All() {
		t.Run(k.Kind, func(t *testing.T) {
			_, scheduled := k.NewInternal().(federation.ReplicaScheduledObject)
			_, scheduledVersioned := k.NewVersioned().(fedv1beta1.ReplicaScheduledObject)
			if scheduled != scheduledVersioned {
				t.Errorf("internal ReplicaScheduledObject %v, v1beta1 %v", scheduled, scheduledVersioned)
			}
			if got := len(k.Hooks.ReplicasPath) > 0; got != scheduled {
				t.Errorf("has ReplicasPath %v, want %v (replica-scheduled)", got, scheduled)
			}
			if (k.Hooks.MemberHealth == nil) != (k.Hooks.RecordSums == nil) {
				t.Errorf("has MemberHealth %v but RecordSums %v: the sums need both", k.Hooks.MemberHealth != nil, k.Hooks.RecordSums != nil)
			}
			s := k.Hooks.Scale
			if s == nil {
				return
			}
			obj := k.NewInternal()
			if s.Replicas(obj) != nil {
				t.Errorf("Scale.Replicas of an empty object = %d, want unset", *s.Replicas(obj))
			}
			s.SetReplicas(obj, 3)
			if got := s.Replicas(obj); got == nil || *got != 3 {
				t.Errorf("Scale.Replicas after SetReplicas(3) = %v, want 3", got)
			}
			if len(s.SpecReplicasPath) == 0 || s.Selector == nil {
				t.Errorf("Scale has no replicas path (%v) or no Selector", s.SpecReplicasPath)
			}
		})
	}
}

func TestFor(t *testing.T) {
	for _, k := range kinds.All() {
		t.Run(k.Kind, func(t *testing.T) {
			typed := k.NewVersioned()
			typed.GetObjectKind().SetGroupVersionKind(k.GroupVersionKind())
			for name, obj := range map[string]runtime.Object{
				"versioned": k.NewVersioned(), "internal": k.NewInternal(), "by GVK": typed,
			} {
				if got, err := kinds.For(obj); err != nil || got != k {
					t.Errorf("For(%s) = %v, %v; want %s", name, got, err, k.Kind)
				}
			}
		})
	}
	if _, err := kinds.For(&federation.Cluster{}); err == nil {
		t.Error("For(Cluster) found a federated kind")
	}
}
