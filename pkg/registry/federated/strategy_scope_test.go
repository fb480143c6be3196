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
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/utils/ptr"

	"k8s.io/federation/pkg/apis/federation"
	"k8s.io/federation/pkg/kinds"
)

// TestStrategyScopeFromTheTable: scope, namespace validation and field attributes follow the
// kind's entry, so a cluster-scoped kind (FederatedNamespace, next) needs no strategy of its
// own. The cluster-scoped entry here is a copy of a real one with its scope flipped.
func TestStrategyScopeFromTheTable(t *testing.T) {
	clusterScoped := *kinds.ByKind("FederatedConfigMap")
	clusterScoped.Namespaced = false
	for name, tc := range map[string]struct {
		kind      *kinds.Kind
		namespace string
		wantErrs  []string
	}{
		"namespaced, in a namespace":     {kind: kinds.ByKind("FederatedConfigMap"), namespace: testNamespace},
		"namespaced, no namespace":       {kind: kinds.ByKind("FederatedConfigMap"), wantErrs: []string{"metadata.namespace"}},
		"cluster-scoped, no namespace":   {kind: &clusterScoped},
		"cluster-scoped, in a namespace": {kind: &clusterScoped, namespace: testNamespace, wantErrs: []string{"metadata.namespace"}},
	} {
		t.Run(name, func(t *testing.T) {
			s := newStrategy(t, tc.kind)
			if got := s.NamespaceScoped(); got != tc.kind.Namespaced {
				t.Errorf("NamespaceScoped() = %v, want %v", got, tc.kind.Namespaced)
			}
			obj := newObject(tc.kind, "web")
			obj.SetNamespace(tc.namespace)
			got := errorFields(s.Validate(context.Background(), obj))
			if d := cmp.Diff(tc.wantErrs, got); d != "" {
				t.Errorf("Validate error fields (-want +got):\n%s", d)
			}
		})
	}
}

// TestStrategyAddsTheKindsValidation: the strategy composes the shared validation with the
// kind's Validate hook (FederatedDeployment's template replicas).
func TestStrategyAddsTheKindsValidation(t *testing.T) {
	kind := kinds.ByKind("FederatedDeployment")
	obj := newObject(kind, "web")
	obj.SetResourceVersion("1") // an update names the version it replaces
	obj.(*federation.FederatedDeployment).Spec.Template.Spec.Replicas = ptr.To[int32](-1)
	for name, errs := range map[string][]string{
		"create": errorFields(newStrategy(t, kind).Validate(context.Background(), obj)),
		"update": errorFields(newStrategy(t, kind).ValidateUpdate(context.Background(), obj, deepCopy(obj))),
	} {
		if d := cmp.Diff([]string{"spec.template.spec.replicas"}, errs); d != "" {
			t.Errorf("%s: error fields (-want +got):\n%s", name, d)
		}
	}
}

// errorFields returns the field paths of errs, in order.
func errorFields(errs field.ErrorList) []string {
	var out []string
	for _, err := range errs {
		out = append(out, err.Field)
	}
	return out
}
