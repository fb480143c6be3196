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

// Package kinds is the one table of federated kinds, as data: for each kind its names, its
// scope, the member type it writes and its optional hooks. The API server's registry, the
// sync controller, the propagation engine's status table, `kubefed join`'s member role and
// the tests that check the hand-kept lists (artifact roles, codegen packages, fixtures) all
// read it, so serving a kind is a types stanza in pkg/apis, one entry in table.go and
// codegen. It sits below the registry and the controllers and imports only the API types.
package kinds

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"k8s.io/federation/pkg/apis/federation"
	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
)

// Category is the discovery category of every federated kind: `kubectl get federation`
// lists them all.
const Category = "federation"

// Kind is one federated kind, e.g. {Kind: FederatedDeployment, Plural: federateddeployments,
// Member: apps/v1 Deployment, deployments}.
type Kind struct {
	// Kind is the federated kind's name, e.g. FederatedDeployment.
	Kind string
	// Plural is the resource name, e.g. federateddeployments; given, not guessed, because
	// English plurals (federatedingresses) defeat the guessing rules.
	Plural string
	// Singular is the singular resource name, e.g. federateddeployment.
	Singular string
	// ShortNames are kubectl's abbreviations, e.g. fdeploy.
	ShortNames []string
	// Categories are the discovery categories, e.g. federation.
	Categories []string
	// Namespaced is the scope of the federated object (FederatedNamespace is cluster-scoped,
	// and its origin annotation and queue key have an empty namespace: FederatedNamespace//NAME).
	Namespaced bool
	// Member is the Kubernetes type the kind writes to member clusters.
	Member Member
	// NewVersioned returns an empty v1beta1 object of the kind.
	NewVersioned func() fedv1beta1.FederatedObject
	// NewInternal returns an empty internal object of the kind.
	NewInternal func() federation.FederatedObject
	// NewInternalList returns an empty internal list of the kind.
	NewInternalList func() runtime.Object
	// Hooks are the kind's own rules; every one is optional.
	Hooks Hooks
}

// GroupVersionKind is the kind's v1beta1 GroupVersionKind.
func (k *Kind) GroupVersionKind() schema.GroupVersionKind {
	return fedv1beta1.SchemeGroupVersion.WithKind(k.Kind)
}

// GroupVersionResource is the kind's v1beta1 GroupVersionResource.
func (k *Kind) GroupVersionResource() schema.GroupVersionResource {
	return fedv1beta1.SchemeGroupVersion.WithResource(k.Plural)
}

// Member is the Kubernetes type a federated kind writes to member clusters, e.g. apps/v1
// Deployment, resource deployments, namespaced.
type Member struct {
	schema.GroupVersionKind
	// Resource is the member type's plural resource name, e.g. deployments.
	Resource string
	// Namespaced is the member type's scope.
	Namespaced bool
}

// GroupVersionResource is the member type's GroupVersionResource.
func (m Member) GroupVersionResource() schema.GroupVersionResource {
	return m.GroupVersion().WithResource(m.Resource)
}

// APIPackage is the Go package of the member type in k8s.io/api, e.g. k8s.io/api/apps/v1
// (the core group is k8s.io/api/core/v1): what codegen needs to type templates with it.
func (m Member) APIPackage() string {
	group := m.Group
	if group == "" {
		group = "core"
	}
	return "k8s.io/api/" + strings.TrimSuffix(group, ".k8s.io") + "/" + m.Version
}

// All returns every federated kind, sorted by Kind. The entries are shared: callers must
// not modify them.
func All() []*Kind { return slices.Clone(table.all) }

// ByKind returns the entry of the named federated kind (e.g. FederatedDeployment), or nil.
func ByKind(kind string) *Kind { return table.byKind[kind] }

// For returns the entry of obj's kind: by obj's GroupVersionKind when it is set (objects
// decoded or typed by a client), else by its Go type (objects from an informer's cache or
// the registry, whose TypeMeta is empty), versioned or internal. It fails for objects that
// are not federated kinds.
func For(obj runtime.Object) (*Kind, error) {
	if gvk := obj.GetObjectKind().GroupVersionKind(); gvk.Kind != "" && gvk.Group == fedv1beta1.GroupName {
		if k := table.byKind[gvk.Kind]; k != nil {
			return k, nil
		}
	}
	if k := table.byType[reflect.TypeOf(obj)]; k != nil {
		return k, nil
	}
	return nil, &UnknownKindError{Type: fmt.Sprintf("%T", obj), GVK: obj.GetObjectKind().GroupVersionKind()}
}

// UnknownKindError is For's error for an object that is no federated kind.
type UnknownKindError struct {
	Type string
	GVK  schema.GroupVersionKind
}

func (e *UnknownKindError) Error() string {
	return fmt.Sprintf("%s (%s) is not a federated kind", e.Type, e.GVK)
}

// index is the table with its lookups, built once from entries() and never modified.
type index struct {
	all    []*Kind
	byKind map[string]*Kind
	byType map[reflect.Type]*Kind
}

// table is the only instance of index. It is built when the package loads (a plain
// variable initializer, not init) and read-only afterwards.
var table = newIndex(entries())

func newIndex(entries []Kind) index {
	ix := index{byKind: map[string]*Kind{}, byType: map[reflect.Type]*Kind{}}
	for i := range entries {
		k := &entries[i]
		ix.all = append(ix.all, k)
		ix.byKind[k.Kind] = k
		ix.byType[reflect.TypeOf(k.NewVersioned())] = k
		ix.byType[reflect.TypeOf(k.NewInternal())] = k
	}
	slices.SortFunc(ix.all, func(a, b *Kind) int { return strings.Compare(a.Kind, b.Kind) })
	return ix
}
