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

package statusrest_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"

	"k8s.io/federation/pkg/apis/federation"
	"k8s.io/federation/pkg/apiserver"
	"k8s.io/federation/pkg/registry/cluster"
	"k8s.io/federation/pkg/registry/statusrest"
)

// The update path itself is exercised against etcd by the cluster and federated storage tests;
// these tests cover what New does to the stores.

func newMainStore(t *testing.T) (*genericregistry.Store, cluster.Strategy) {
	t.Helper()
	scheme, _ := apiserver.NewScheme()
	strategy := cluster.NewStrategy(scheme)
	return &genericregistry.Store{
		NewFunc:             func() runtime.Object { return &federation.Cluster{} },
		UpdateStrategy:      strategy,
		ResetFieldsStrategy: strategy,
		TableConvertor:      cluster.NewTableConvertor(),
	}, strategy
}

func TestNewLeavesMainStoreAlone(t *testing.T) {
	main, strategy := newMainStore(t)
	statusrest.New(main, cluster.NewStatusStrategy(strategy))

	if _, ok := main.UpdateStrategy.(cluster.Strategy); !ok {
		t.Errorf("Main store UpdateStrategy = %T after New, want cluster.Strategy", main.UpdateStrategy)
	}
	if got, want := main.GetResetFields(), strategy.GetResetFields(); !sameResetFields(got, want) {
		t.Errorf("Main store reset fields = %v after New, want %v", got, want)
	}
}

func TestRESTUsesStatusPolicy(t *testing.T) {
	main, strategy := newMainStore(t)
	status := cluster.NewStatusStrategy(strategy)
	r := statusrest.New(main, status)

	if got, want := r.GetResetFields(), status.GetResetFields(); !sameResetFields(got, want) {
		t.Errorf("Status REST reset fields = %v, want %v", got, want)
	}
	if _, ok := r.New().(*federation.Cluster); !ok {
		t.Errorf("New() = %T, want *federation.Cluster", r.New())
	}
}

func TestConvertToTableMatchesMain(t *testing.T) {
	main, strategy := newMainStore(t)
	r := statusrest.New(main, cluster.NewStatusStrategy(strategy))
	obj := &federation.Cluster{ObjectMeta: metav1.ObjectMeta{Name: "east"}, Spec: federation.ClusterSpec{Server: "https://east.example.com"}}

	want, err := main.ConvertToTable(context.Background(), obj, nil)
	if err != nil {
		t.Fatalf("Main ConvertToTable: %v", err)
	}
	got, err := r.ConvertToTable(context.Background(), obj, nil)
	if err != nil {
		t.Fatalf("Status ConvertToTable: %v", err)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Status table differs from main table (-main +status):\n%s", d)
	}
}

func sameResetFields(a, b map[fieldpath.APIVersion]*fieldpath.Set) bool {
	if len(a) != len(b) {
		return false
	}
	for v, set := range a {
		if other, ok := b[v]; !ok || !set.Equals(other) {
			return false
		}
	}
	return true
}
