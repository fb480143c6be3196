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
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apiserver/pkg/registry/rest"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"

	"k8s.io/federation/pkg/apis/federation"
	"k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/apiserver"
	"k8s.io/federation/pkg/kinds"
	"k8s.io/federation/pkg/propagation"
	"k8s.io/federation/pkg/registry/federated"
)

const testNamespace = "ns"

func newStrategy(t *testing.T, kind *kinds.Kind) federated.Strategy {
	t.Helper()
	scheme, _ := apiserver.NewScheme()
	return federated.NewStrategy(scheme, kind)
}

// newObject returns a valid federated object of kind placed on clusters east and west.
func newObject(k *kinds.Kind, name string) federation.FederatedObject {
	o := k.NewInternal()
	o.SetName(name)
	if k.Namespaced {
		o.SetNamespace(testNamespace)
	}
	o.GetPropagation().Placement.Clusters = []federation.ClusterReference{{Name: "east"}, {Name: "west"}}
	if hpa, ok := o.(*federation.FederatedHorizontalPodAutoscaler); ok {
		// The one kind whose empty template is invalid: its bounds are divided up front.
		hpa.Spec.Template.Spec.MaxReplicas = 4
		hpa.Spec.Template.Spec.ScaleTargetRef = autoscalingv2.CrossVersionObjectReference{APIVersion: "apps/v1", Kind: "Deployment", Name: name}
	}
	return o
}

func deepCopy(o federation.FederatedObject) federation.FederatedObject {
	return o.DeepCopyObject().(federation.FederatedObject)
}

// reportedStatus is a status as a controller would write it.
func reportedStatus() federation.FederatedStatus {
	return federation.FederatedStatus{
		ObservedGeneration: 3,
		Conditions: []metav1.Condition{{
			Type: federation.ConditionPropagated, Status: metav1.ConditionTrue,
			Reason: "AllPropagated", LastTransitionTime: metav1.Unix(1700000000, 0),
		}},
		Clusters: []federation.ClusterPropagationStatus{
			{Name: "east", Phase: federation.PropagationPhasePropagated, Generation: 2},
			{Name: "west", Phase: federation.PropagationPhaseFailed, Reason: "Forbidden"},
		},
	}
}

// fieldError is what validation results are compared by: where and what kind, never the message.
type fieldError struct {
	Type  field.ErrorType
	Field string
}

func summarize(errs field.ErrorList) []fieldError {
	var out []fieldError
	for _, err := range errs {
		out = append(out, fieldError{Type: err.Type, Field: err.Field})
	}
	slices.SortFunc(out, func(a, b fieldError) int { return strings.Compare(a.Field+string(a.Type), b.Field+string(b.Type)) })
	return out
}

func TestStrategyPrepareForCreate(t *testing.T) {
	for name, tc := range map[string]struct {
		mutate         func(federation.FederatedObject)
		wantFinalizers []string
	}{
		"fresh object": {
			mutate:         func(federation.FederatedObject) {},
			wantFinalizers: []string{propagation.Finalizer},
		},
		"user-supplied status and generation": {
			mutate: func(o federation.FederatedObject) {
				*o.GetFederatedStatus() = reportedStatus()
				o.SetGeneration(7)
			},
			wantFinalizers: []string{propagation.Finalizer},
		},
		"other finalizers are kept": {
			mutate:         func(o federation.FederatedObject) { o.SetFinalizers([]string{"example.com/hold"}) },
			wantFinalizers: []string{"example.com/hold", propagation.Finalizer},
		},
		"propagation finalizer is not duplicated": {
			mutate:         func(o federation.FederatedObject) { o.SetFinalizers([]string{propagation.Finalizer}) },
			wantFinalizers: []string{propagation.Finalizer},
		},
	} {
		for _, kind := range kinds.All() {
			t.Run(kind.Plural+"/"+name, func(t *testing.T) {
				obj := newObject(kind, "a")
				tc.mutate(obj)
				want := deepCopy(obj)
				*want.GetFederatedStatus() = federation.FederatedStatus{}
				want.SetGeneration(1)
				want.SetFinalizers(tc.wantFinalizers)

				newStrategy(t, kind).PrepareForCreate(context.Background(), obj)
				if d := cmp.Diff(want, obj); d != "" {
					t.Errorf("Object after PrepareForCreate (-want +got):\n%s", d)
				}
			})
		}
	}
}

func TestStrategyLeavesGarbageCollectionToWriteThrough(t *testing.T) {
	// The store must not add the orphan finalizer: the write-through reads the request's
	// propagationPolicy and removes or orphans member objects itself.
	if got := newStrategy(t, kinds.ByKind("FederatedConfigMap")).DefaultGarbageCollectionPolicy(context.Background()); got != rest.Unsupported {
		t.Errorf("DefaultGarbageCollectionPolicy = %q, want %q", got, rest.Unsupported)
	}
}

func TestStrategyPrepareForUpdate(t *testing.T) {
	for name, tc := range map[string]struct {
		mutate   func(federation.FederatedObject)
		wantBump bool
	}{
		"no change": {mutate: func(federation.FederatedObject) {}},
		"labels only": {mutate: func(o federation.FederatedObject) {
			o.SetLabels(map[string]string{"team": "b"})
		}},
		"annotations only": {mutate: func(o federation.FederatedObject) {
			o.SetAnnotations(map[string]string{"note": "changed"})
		}},
		"status only": {mutate: func(o federation.FederatedObject) {
			*o.GetFederatedStatus() = federation.FederatedStatus{ObservedGeneration: 99}
		}},
		"placement": {wantBump: true, mutate: func(o federation.FederatedObject) {
			o.GetPropagation().Placement.Clusters = append(o.GetPropagation().Placement.Clusters, federation.ClusterReference{Name: "north"})
		}},
		"overrides": {wantBump: true, mutate: func(o federation.FederatedObject) {
			o.GetPropagation().Overrides = []federation.ClusterOverride{{ClusterName: "east"}}
		}},
		"template labels": {wantBump: true, mutate: func(o federation.FederatedObject) {
			o.GetTemplateMeta().Labels = map[string]string{"tier": "web"}
		}},
	} {
		for _, kind := range kinds.All() {
			t.Run(kind.Plural+"/"+name, func(t *testing.T) {
				old := newObject(kind, "a")
				old.SetLabels(map[string]string{"team": "a"})
				old.SetGeneration(4)
				*old.GetFederatedStatus() = reportedStatus()
				obj := deepCopy(old)
				// A user writing the main resource sends back whatever status it read, possibly edited.
				*obj.GetFederatedStatus() = federation.FederatedStatus{ObservedGeneration: 42}
				tc.mutate(obj)

				want := deepCopy(obj)
				*want.GetFederatedStatus() = reportedStatus()
				if tc.wantBump {
					want.SetGeneration(5)
				}

				newStrategy(t, kind).PrepareForUpdate(context.Background(), obj, old)
				if d := cmp.Diff(want, obj); d != "" {
					t.Errorf("Object after PrepareForUpdate (-want +got):\n%s", d)
				}
			})
		}
	}
}

func TestStrategyValidate(t *testing.T) {
	for name, tc := range map[string]struct {
		mutate func(federation.FederatedObject)
		want   []fieldError
	}{
		"valid": {mutate: func(federation.FederatedObject) {}},
		"template metadata name set": {
			mutate: func(o federation.FederatedObject) { o.GetTemplateMeta().Name = "member-name" },
			want:   []fieldError{{Type: field.ErrorTypeForbidden, Field: "spec.template.metadata.name"}},
		},
		"no placement": {
			mutate: func(o federation.FederatedObject) { o.GetPropagation().Placement = federation.Placement{} },
			want:   []fieldError{{Type: field.ErrorTypeRequired, Field: "spec.placement"}},
		},
	} {
		for _, kind := range kinds.All() {
			t.Run(kind.Plural+"/"+name, func(t *testing.T) {
				ctx := context.Background()
				s := newStrategy(t, kind)
				old := newObject(kind, "a")
				old.SetResourceVersion("1")
				obj := deepCopy(old)
				tc.mutate(obj)

				if d := cmp.Diff(tc.want, summarize(s.Validate(ctx, obj))); d != "" {
					t.Errorf("Validate errors (-want +got):\n%s", d)
				}
				if d := cmp.Diff(tc.want, summarize(s.ValidateUpdate(ctx, obj, old))); d != "" {
					t.Errorf("ValidateUpdate errors (-want +got):\n%s", d)
				}
			})
		}
	}
}

func TestStrategyWarnings(t *testing.T) {
	for name, tc := range map[string]struct {
		overrides []federation.ClusterOverride
		want      []string // substrings, one per expected warning
	}{
		"no overrides":                  {},
		"override for a placed cluster": {overrides: []federation.ClusterOverride{{ClusterName: "east"}}},
		"override for an unplaced cluster": {
			overrides: []federation.ClusterOverride{{ClusterName: "east"}, {ClusterName: "north"}},
			want:      []string{"spec.overrides[1].clusterName"},
		},
	} {
		for _, kind := range kinds.All() {
			t.Run(kind.Plural+"/"+name, func(t *testing.T) {
				ctx := context.Background()
				s := newStrategy(t, kind)
				obj := newObject(kind, "a")
				obj.GetPropagation().Overrides = tc.overrides

				for op, got := range map[string][]string{
					"WarningsOnCreate": s.WarningsOnCreate(ctx, obj),
					"WarningsOnUpdate": s.WarningsOnUpdate(ctx, obj, newObject(kind, "a")),
				} {
					if len(got) != len(tc.want) {
						t.Fatalf("%s returned %d warnings %q, want %d", op, len(got), got, len(tc.want))
					}
					for i, w := range tc.want {
						if !strings.Contains(got[i], w) {
							t.Errorf("%s warning %d = %q, want it to name %s", op, i, got[i], w)
						}
					}
				}
			})
		}
	}
}

func TestStatusStrategyPrepareForUpdate(t *testing.T) {
	for _, kind := range kinds.All() {
		t.Run(kind.Plural, func(t *testing.T) {
			old := newObject(kind, "a")
			old.SetLabels(map[string]string{"team": "a"})
			old.SetAnnotations(map[string]string{"note": "old"})
			old.SetGeneration(4)
			old.SetFinalizers([]string{propagation.Finalizer})
			obj := deepCopy(old)
			obj.SetLabels(map[string]string{"team": "b"})
			obj.SetAnnotations(map[string]string{"note": "new"})
			obj.SetFinalizers(nil)
			obj.SetOwnerReferences([]metav1.OwnerReference{{APIVersion: "v1", Kind: "ConfigMap", Name: "owner", UID: "u"}})
			obj.GetPropagation().Placement.Clusters = []federation.ClusterReference{{Name: "north"}}
			obj.GetTemplateMeta().Labels = map[string]string{"tier": "web"}
			*obj.GetFederatedStatus() = reportedStatus()

			want := deepCopy(old)
			*want.GetFederatedStatus() = reportedStatus()

			federated.NewStatusStrategy(newStrategy(t, kind)).PrepareForUpdate(context.Background(), obj, old)
			if d := cmp.Diff(want, obj); d != "" {
				t.Errorf("Object after status PrepareForUpdate (-want +got):\n%s", d)
			}
		})
	}
}

func TestStatusStrategyValidateUpdate(t *testing.T) {
	for name, tc := range map[string]struct {
		status federation.FederatedStatus
		want   []fieldError
	}{
		"reported status": {status: reportedStatus()},
		"unsupported phase": {
			status: federation.FederatedStatus{Clusters: []federation.ClusterPropagationStatus{{Name: "east", Phase: "Bogus"}}},
			want:   []fieldError{{Type: field.ErrorTypeNotSupported, Field: "status.clusters[0].phase"}},
		},
	} {
		for _, kind := range kinds.All() {
			t.Run(kind.Plural+"/"+name, func(t *testing.T) {
				old := newObject(kind, "a")
				old.SetResourceVersion("1")
				obj := deepCopy(old)
				*obj.GetFederatedStatus() = tc.status

				s := federated.NewStatusStrategy(newStrategy(t, kind))
				if d := cmp.Diff(tc.want, summarize(s.ValidateUpdate(context.Background(), obj, old))); d != "" {
					t.Errorf("ValidateUpdate errors (-want +got):\n%s", d)
				}
			})
		}
	}
}

func TestResetFields(t *testing.T) {
	strategy := newStrategy(t, kinds.ByKind("FederatedConfigMap"))
	apiVersion := fieldpath.APIVersion(v1beta1.SchemeGroupVersion.String())
	for name, tc := range map[string]struct {
		got  map[fieldpath.APIVersion]*fieldpath.Set
		want *fieldpath.Set
	}{
		"main resource resets status": {
			got:  strategy.GetResetFields(),
			want: fieldpath.NewSet(fieldpath.MakePathOrDie("status")),
		},
		"status subresource resets spec and metadata": {
			got:  federated.NewStatusStrategy(strategy).GetResetFields(),
			want: fieldpath.NewSet(fieldpath.MakePathOrDie("spec"), fieldpath.MakePathOrDie("metadata")),
		},
	} {
		t.Run(name, func(t *testing.T) {
			if len(tc.got) != 1 || tc.got[apiVersion] == nil {
				t.Fatalf("GetResetFields has versions %v, want only %s", slices.Collect(maps.Keys(tc.got)), apiVersion)
			}
			if !tc.got[apiVersion].Equals(tc.want) {
				t.Errorf("GetResetFields()[%s] = %s, want %s", apiVersion, tc.got[apiVersion], tc.want)
			}
		})
	}
}

func TestGetAttrs(t *testing.T) {
	for _, kind := range kinds.All() {
		t.Run(kind.Plural, func(t *testing.T) {
			obj := newObject(kind, "a")
			obj.SetLabels(map[string]string{"app": "web"})

			gotLabels, gotFields, err := federated.GetAttrs(obj)
			if err != nil {
				t.Fatalf("GetAttrs: %v", err)
			}
			if d := cmp.Diff(labels.Set{"app": "web"}, gotLabels); d != "" {
				t.Errorf("labels (-want +got):\n%s", d)
			}
			want := fields.Set{"metadata.name": "a", "metadata.namespace": testNamespace}
			if !kind.Namespaced {
				// A cluster-scoped object has no namespace field, as a Namespace has none.
				want = fields.Set{"metadata.name": "a"}
			}
			if d := cmp.Diff(want, gotFields); d != "" {
				t.Errorf("fields (-want +got):\n%s", d)
			}
		})
	}
	t.Run("not a federated object", func(t *testing.T) {
		if _, _, err := federated.GetAttrs(&federation.Cluster{}); err == nil {
			t.Error("GetAttrs(Cluster) succeeded, want an error")
		}
	})
}

func TestMatchFederated(t *testing.T) {
	for name, tc := range map[string]struct {
		label string
		field string
		want  bool
		// namespaced: the case selects by namespace, which only namespaced kinds have.
		namespaced bool
	}{
		"everything":               {want: true},
		"name matches":             {field: "metadata.name=a", want: true},
		"name differs":             {field: "metadata.name=b"},
		"namespace matches":        {field: "metadata.namespace=" + testNamespace, want: true, namespaced: true},
		"namespace differs":        {field: "metadata.namespace=other", namespaced: true},
		"name and namespace match": {field: "metadata.name=a,metadata.namespace=" + testNamespace, want: true, namespaced: true},
		"name not equal":           {field: "metadata.name!=a"},
		"label matches":            {label: "app=web", want: true},
		"label differs":            {label: "app=db"},
		"label matches, field not": {label: "app=web", field: "metadata.name=b"},
	} {
		for _, kind := range kinds.All() {
			if tc.namespaced && !kind.Namespaced {
				continue
			}
			t.Run(kind.Plural+"/"+name, func(t *testing.T) {
				labelSel, err := labels.Parse(tc.label)
				if err != nil {
					t.Fatal(err)
				}
				fieldSel, err := fields.ParseSelector(tc.field)
				if err != nil {
					t.Fatal(err)
				}
				obj := newObject(kind, "a")
				obj.SetLabels(map[string]string{"app": "web"})

				pred := federated.MatchFederated(labelSel, fieldSel)
				got, err := pred.Matches(obj)
				if err != nil {
					t.Fatalf("Matches: %v", err)
				}
				if got != tc.want {
					t.Errorf("Matches(label %q, field %q) = %v, want %v", tc.label, tc.field, got, tc.want)
				}
			})
		}
	}
}
