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

package cluster_test

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"

	"k8s.io/federation/pkg/apis/federation"
	"k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/apiserver"
	"k8s.io/federation/pkg/registry/cluster"
)

func newStrategy(t *testing.T) cluster.Strategy {
	t.Helper()
	scheme, _ := apiserver.NewScheme()
	return cluster.NewStrategy(scheme)
}

// newCluster returns a valid Cluster.
func newCluster(name string) *federation.Cluster {
	return &federation.Cluster{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec:       federation.ClusterSpec{Server: "https://" + name + ".example.com:6443"},
	}
}

// observedStatus is a status as the cluster controller would write it.
func observedStatus() federation.ClusterStatus {
	return federation.ClusterStatus{
		Conditions: []metav1.Condition{{
			Type: federation.ClusterReady, Status: metav1.ConditionTrue,
			Reason: "ReadyzOK", LastTransitionTime: metav1.Unix(1700000000, 0),
		}},
		KubernetesVersion: "v1.37.2",
		Region:            "eu-west-1",
		Zones:             []string{"eu-west-1a", "eu-west-1b"},
		Allocatable:       corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("8")},
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
		mutate func(*federation.Cluster)
	}{
		"fresh object": {mutate: func(*federation.Cluster) {}},
		"user-supplied status and generation": {mutate: func(c *federation.Cluster) {
			c.Status = observedStatus()
			c.Generation = 7
		}},
	} {
		t.Run(name, func(t *testing.T) {
			obj := newCluster("east")
			tc.mutate(obj)
			want := obj.DeepCopy()
			want.Status = federation.ClusterStatus{}
			want.Generation = 1

			newStrategy(t).PrepareForCreate(context.Background(), obj)
			if d := cmp.Diff(want, obj); d != "" {
				t.Errorf("Cluster after PrepareForCreate (-want +got):\n%s", d)
			}
		})
	}
}

func TestStrategyPrepareForUpdate(t *testing.T) {
	for name, tc := range map[string]struct {
		mutate   func(*federation.Cluster)
		wantBump bool
	}{
		"no change":        {mutate: func(*federation.Cluster) {}},
		"labels only":      {mutate: func(c *federation.Cluster) { c.Labels = map[string]string{"env": "staging"} }},
		"annotations only": {mutate: func(c *federation.Cluster) { c.Annotations = map[string]string{"note": "changed"} }},
		"status only":      {mutate: func(c *federation.Cluster) { c.Status = federation.ClusterStatus{KubernetesVersion: "v0.0.1"} }},
		"server":           {wantBump: true, mutate: func(c *federation.Cluster) { c.Spec.Server = "https://other.example.com" }},
		"region":           {wantBump: true, mutate: func(c *federation.Cluster) { c.Spec.Region = "us-east-1" }},
		"taints": {wantBump: true, mutate: func(c *federation.Cluster) {
			c.Spec.Taints = []corev1.Taint{{Key: "maintenance", Effect: corev1.TaintEffectNoSchedule}}
		}},
	} {
		t.Run(name, func(t *testing.T) {
			old := newCluster("east")
			old.Labels = map[string]string{"env": "prod"}
			old.Generation = 4
			old.Status = observedStatus()
			obj := old.DeepCopy()
			// A user writing the main resource sends back whatever status it read, possibly edited.
			obj.Status = federation.ClusterStatus{KubernetesVersion: "v9.9.9"}
			tc.mutate(obj)

			want := obj.DeepCopy()
			want.Status = observedStatus()
			if tc.wantBump {
				want.Generation = 5
			}

			newStrategy(t).PrepareForUpdate(context.Background(), obj, old)
			if d := cmp.Diff(want, obj); d != "" {
				t.Errorf("Cluster after PrepareForUpdate (-want +got):\n%s", d)
			}
		})
	}
}

func TestStrategyValidate(t *testing.T) {
	for name, tc := range map[string]struct {
		mutate func(*federation.Cluster)
		want   []fieldError
	}{
		"valid": {mutate: func(*federation.Cluster) {}},
		"no server": {
			mutate: func(c *federation.Cluster) { c.Spec.Server = "" },
			want:   []fieldError{{Type: field.ErrorTypeRequired, Field: "spec.server"}},
		},
	} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s := newStrategy(t)
			old := newCluster("east")
			old.ResourceVersion = "1"
			obj := old.DeepCopy()
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

func TestStrategyWarnings(t *testing.T) {
	for name, tc := range map[string]struct {
		insecure bool
		want     []string // substrings, one per expected warning
	}{
		"TLS verified":              {},
		"TLS verification disabled": {insecure: true, want: []string{"spec.insecureSkipTLSVerify"}},
	} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s := newStrategy(t)
			obj := newCluster("east")
			obj.Spec.InsecureSkipTLSVerify = tc.insecure

			for op, got := range map[string][]string{
				"WarningsOnCreate": s.WarningsOnCreate(ctx, obj),
				"WarningsOnUpdate": s.WarningsOnUpdate(ctx, obj, newCluster("east")),
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

func TestStatusStrategyPrepareForUpdate(t *testing.T) {
	old := newCluster("east")
	old.Labels = map[string]string{"env": "prod"}
	old.Annotations = map[string]string{"note": "old"}
	old.Generation = 4
	obj := old.DeepCopy()
	obj.Labels = map[string]string{"env": "staging"}
	obj.Annotations = map[string]string{"note": "new"}
	obj.Spec.Server = "https://other.example.com"
	obj.Spec.Zones = []string{"a"}
	obj.Status = observedStatus()
	obj.Finalizers = []string{"example.com/keep"}
	obj.OwnerReferences = []metav1.OwnerReference{{APIVersion: "v1", Kind: "ConfigMap", Name: "owner", UID: "u"}}

	want := old.DeepCopy()
	want.Status = observedStatus()

	cluster.NewStatusStrategy(newStrategy(t)).PrepareForUpdate(context.Background(), obj, old)
	if d := cmp.Diff(want, obj); d != "" {
		t.Errorf("Cluster after status PrepareForUpdate (-want +got):\n%s", d)
	}
}

func TestStatusStrategyValidateUpdate(t *testing.T) {
	for name, tc := range map[string]struct {
		status federation.ClusterStatus
		want   []fieldError
	}{
		"observed status": {status: observedStatus()},
		"condition without status": {
			status: federation.ClusterStatus{Conditions: []metav1.Condition{{
				Type: federation.ClusterReady, Reason: "ReadyzOK", LastTransitionTime: metav1.Unix(1700000000, 0),
			}}},
			want: []fieldError{{Type: field.ErrorTypeRequired, Field: "status.conditions[0].status"}},
		},
	} {
		t.Run(name, func(t *testing.T) {
			old := newCluster("east")
			old.ResourceVersion = "1"
			obj := old.DeepCopy()
			obj.Status = tc.status

			s := cluster.NewStatusStrategy(newStrategy(t))
			if d := cmp.Diff(tc.want, summarize(s.ValidateUpdate(context.Background(), obj, old))); d != "" {
				t.Errorf("ValidateUpdate errors (-want +got):\n%s", d)
			}
		})
	}
}

func TestResetFields(t *testing.T) {
	strategy := newStrategy(t)
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
			got:  cluster.NewStatusStrategy(strategy).GetResetFields(),
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
	obj := newCluster("east")
	obj.Labels = map[string]string{"env": "prod"}

	gotLabels, gotFields, err := cluster.GetAttrs(obj)
	if err != nil {
		t.Fatalf("GetAttrs: %v", err)
	}
	if d := cmp.Diff(labels.Set{"env": "prod"}, gotLabels); d != "" {
		t.Errorf("labels (-want +got):\n%s", d)
	}
	// A Cluster is cluster-scoped: there is no metadata.namespace to select on.
	if d := cmp.Diff(fields.Set{"metadata.name": "east"}, gotFields); d != "" {
		t.Errorf("fields (-want +got):\n%s", d)
	}
	if _, _, err := cluster.GetAttrs(&federation.FederatedConfigMap{}); err == nil {
		t.Error("GetAttrs(FederatedConfigMap) succeeded, want an error")
	}
}

func TestMatch(t *testing.T) {
	for name, tc := range map[string]struct {
		label string
		field string
		want  bool
	}{
		"everything":     {want: true},
		"name matches":   {field: "metadata.name=east", want: true},
		"name differs":   {field: "metadata.name=west"},
		"label matches":  {label: "env=prod", want: true},
		"label differs":  {label: "env=staging"},
		"label excluded": {label: "env!=prod"},
	} {
		t.Run(name, func(t *testing.T) {
			labelSel, err := labels.Parse(tc.label)
			if err != nil {
				t.Fatal(err)
			}
			fieldSel, err := fields.ParseSelector(tc.field)
			if err != nil {
				t.Fatal(err)
			}
			obj := newCluster("east")
			obj.Labels = map[string]string{"env": "prod"}

			pred := cluster.Match(labelSel, fieldSel)
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

// NoExecute taints get a timeAdded (tolerationSeconds counts from it); re-applying the same
// taint without one keeps the first; other effects get none.
func TestStrategyStampsNoExecuteTaints(t *testing.T) {
	ctx := context.Background()
	strategy := newStrategy(t)
	taints := func() []corev1.Taint {
		return []corev1.Taint{
			{Key: "maintenance", Effect: corev1.TaintEffectNoSchedule},
			{Key: "drain", Value: "now", Effect: corev1.TaintEffectNoExecute},
		}
	}
	c := &federation.Cluster{ObjectMeta: metav1.ObjectMeta{Name: "member-1"}, Spec: federation.ClusterSpec{Server: "https://127.0.0.1:6443", Taints: taints()}}
	strategy.PrepareForCreate(ctx, c)
	if c.Spec.Taints[0].TimeAdded != nil {
		t.Errorf("NoSchedule taint got timeAdded %v", c.Spec.Taints[0].TimeAdded)
	}
	first := c.Spec.Taints[1].TimeAdded
	if first == nil {
		t.Fatal("NoExecute taint got no timeAdded on create")
	}
	first = &metav1.Time{Time: first.Add(-time.Hour)} // as if added an hour ago
	c.Spec.Taints[1].TimeAdded = first

	again := c.DeepCopy()
	again.Spec.Taints = taints() // a re-apply of the manifest, without timeAdded
	strategy.PrepareForUpdate(ctx, again, c)
	if got := again.Spec.Taints[1].TimeAdded; got == nil || !got.Equal(first) {
		t.Errorf("re-applied taint timeAdded = %v, want the first %v", got, first)
	}

	changed := c.DeepCopy()
	changed.Spec.Taints = taints()
	changed.Spec.Taints[1].Value = "later"
	strategy.PrepareForUpdate(ctx, changed, c)
	if got := changed.Spec.Taints[1].TimeAdded; got == nil || got.Equal(first) {
		t.Errorf("a new taint value's timeAdded = %v, want a fresh one", got)
	}
}
