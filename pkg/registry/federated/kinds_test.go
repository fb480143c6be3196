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

package federated_test

import (
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/util/sets"

	"k8s.io/federation/pkg/apis/federation"
	"k8s.io/federation/pkg/apiserver"
	"k8s.io/federation/pkg/registry/federated"
)

func TestKinds(t *testing.T) {
	scheme, _ := apiserver.NewScheme()
	resources, shortNames := sets.New[string](), sets.New[string]()
	for _, kind := range federated.Kinds() {
		t.Run(kind.Resource, func(t *testing.T) {
			gvks, _, err := scheme.ObjectKinds(kind.New())
			if err != nil || len(gvks) == 0 {
				t.Fatalf("New() returns %T, unknown to the scheme: %v", kind.New(), err)
			}
			k := gvks[0].Kind
			if got, want := kind.Singular, strings.ToLower(k); got != want {
				t.Errorf("Singular = %q, want %q", got, want)
			}
			if got, want := kind.Resource, strings.ToLower(k)+"s"; got != want {
				t.Errorf("Resource = %q, want %q", got, want)
			}
			listGVKs, _, err := scheme.ObjectKinds(kind.NewList())
			if err != nil || len(listGVKs) == 0 || listGVKs[0].Kind != k+"List" {
				t.Errorf("NewList() returns %T (kinds %v, err %v), want %sList", kind.NewList(), listGVKs, err, k)
			}
			if _, ok := kind.New().(federation.FederatedObject); !ok {
				t.Errorf("New() returns %T, which is not a FederatedObject", kind.New())
			}
			if resources.Has(kind.Resource) {
				t.Errorf("Resource %q listed twice", kind.Resource)
			}
			resources.Insert(kind.Resource)
			if s := kind.Scale; s != nil {
				obj := kind.New()
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
			}
			for _, s := range kind.ShortNames {
				if shortNames.Has(s) {
					t.Errorf("Short name %q used by two kinds", s)
				}
				shortNames.Insert(s)
			}
		})
	}
}
