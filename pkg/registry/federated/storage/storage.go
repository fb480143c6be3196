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

// Package storage wires the etcd-backed REST storage of every federated kind.
package storage

import (
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"

	"k8s.io/federation/pkg/apis/federation"
	"k8s.io/federation/pkg/kinds"
	"k8s.io/federation/pkg/registry/federated"
	"k8s.io/federation/pkg/registry/statusrest"
)

// REST is the main resource of one federated kind.
type REST struct {
	*genericregistry.Store
	kind            *kinds.Kind
	scheme          *runtime.Scheme
	status          *statusrest.REST
	scale           *ScaleREST
	writeThroughCfg WriteThrough
}

var (
	_ rest.StandardStorage    = &REST{}
	_ rest.ShortNamesProvider = &REST{}
	_ rest.CategoriesProvider = &REST{}
)

// ShortNames implements rest.ShortNamesProvider with the kind's short names (pkg/kinds).
func (r *REST) ShortNames() []string { return r.kind.ShortNames }

// Categories implements rest.CategoriesProvider with the kind's categories (pkg/kinds):
// every federated kind is in `kubectl get federation`.
func (r *REST) Categories() []string { return r.kind.Categories }

// NewREST returns the main and status storage of one federated kind; writes to the main
// resource go through to member clusters with wt.
func NewREST(kind *kinds.Kind, scheme *runtime.Scheme, optsGetter generic.RESTOptionsGetter, wt WriteThrough) (*REST, *statusrest.REST, error) {
	strategy := federated.NewStrategy(scheme, kind)
	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return kind.NewInternal() },
		NewListFunc:               kind.NewInternalList,
		PredicateFunc:             federated.MatchFederated,
		DefaultQualifiedResource:  federation.Resource(kind.Plural),
		SingularQualifiedResource: federation.Resource(kind.Singular),
		CreateStrategy:            strategy,
		UpdateStrategy:            strategy,
		DeleteStrategy:            strategy,
		ResetFieldsStrategy:       strategy,
		TableConvertor:            federated.NewTableConvertor(kind),
	}
	options := &generic.StoreOptions{RESTOptions: optsGetter, AttrFunc: federated.GetAttrs}
	if err := store.CompleteWithOptions(options); err != nil {
		return nil, nil, err
	}
	status := statusrest.New(store, federated.NewStatusStrategy(strategy))
	main := &REST{Store: store, kind: kind, scheme: scheme, status: status, writeThroughCfg: wt}
	if kind.Hooks.Scale != nil {
		scale, err := newScaleREST(main, kind.Hooks.Scale)
		if err != nil {
			return nil, nil, err
		}
		main.scale = scale
	}
	return main, status, nil
}

// Subresources returns the kind's subresources by name: status, and scale on kinds with
// replicas.
func (r *REST) Subresources() map[string]rest.Storage {
	subs := map[string]rest.Storage{"status": r.status}
	if r.scale != nil {
		subs["scale"] = r.scale
	}
	return subs
}

// Scale returns the scale subresource; nil when the kind has no replicas.
func (r *REST) Scale() *ScaleREST { return r.scale }
