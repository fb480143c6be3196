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

// Package storage wires the etcd-backed REST storage of Cluster.
package storage

import (
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"

	"k8s.io/federation/pkg/apis/federation"
	"k8s.io/federation/pkg/registry/cluster"
	"k8s.io/federation/pkg/registry/statusrest"
)

// REST is the Cluster resource.
type REST struct {
	*genericregistry.Store
}

var (
	_ rest.StandardStorage    = &REST{}
	_ rest.CategoriesProvider = &REST{}
)

// Categories puts Clusters in `kubectl get federation`.
func (r *REST) Categories() []string { return []string{"federation"} }

// NewREST returns the main and status storage of Cluster.
func NewREST(scheme *runtime.Scheme, optsGetter generic.RESTOptionsGetter) (*REST, *statusrest.REST, error) {
	strategy := cluster.NewStrategy(scheme)
	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return &federation.Cluster{} },
		NewListFunc:               func() runtime.Object { return &federation.ClusterList{} },
		PredicateFunc:             cluster.Match,
		DefaultQualifiedResource:  federation.Resource("clusters"),
		SingularQualifiedResource: federation.Resource("cluster"),
		CreateStrategy:            strategy,
		UpdateStrategy:            strategy,
		DeleteStrategy:            strategy,
		ResetFieldsStrategy:       strategy,
		TableConvertor:            cluster.NewTableConvertor(),
	}
	options := &generic.StoreOptions{RESTOptions: optsGetter, AttrFunc: cluster.GetAttrs}
	if err := store.CompleteWithOptions(options); err != nil {
		return nil, nil, err
	}
	return &REST{Store: store}, statusrest.New(store, cluster.NewStatusStrategy(strategy)), nil
}
