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

package propagation

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
)

func deployment(overrides ...fedv1beta1.ClusterOverride) *fedv1beta1.FederatedDeployment {
	return &fedv1beta1.FederatedDeployment{
		TypeMeta:   metav1.TypeMeta{Kind: "FederatedDeployment"},
		ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "shop"},
		Spec: fedv1beta1.FederatedDeploymentSpec{
			Template: fedv1beta1.DeploymentTemplate{Spec: appsv1.DeploymentSpec{
				Selector: &metav1.LabelSelector{MatchLabels: map[string]string{"app": "web"}},
				Template: corev1.PodTemplateSpec{
					ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"app": "web"}},
					Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "web", Image: "nginx"}}},
				},
			}},
			PropagationSpec: fedv1beta1.PropagationSpec{
				Placement: fedv1beta1.Placement{Clusters: []fedv1beta1.ClusterReference{{Name: "a"}}},
				Overrides: overrides,
			},
		},
	}
}

func TestCheckOverrides(t *testing.T) {
	override := func(cluster string, patches ...fedv1beta1.OverridePatch) fedv1beta1.ClusterOverride {
		return fedv1beta1.ClusterOverride{ClusterName: cluster, Patches: patches}
	}
	for name, tc := range map[string]struct {
		obj       fedv1beta1.FederatedObject
		wantPaths []string
	}{
		"patches that apply": {obj: deployment(override("a",
			patch("add", "/spec/template/spec/containers/0/env", `[{"name":"A","value":"1"}]`),
			patch("add", "/spec/template/spec/containers/0/env/-", `{"name":"B","value":"2"}`),
			patch("replace", "/spec/replicas", "2"),
			patch("add", "/metadata/labels/tier", `"eu"`),
		))},
		"add to a list the container lacks": {
			obj:       deployment(override("a", patch("add", "/spec/template/spec/containers/0/env/-", `{"name":"A","value":"1"}`))),
			wantPaths: []string{"spec.overrides[0].patches[0]"},
		},
		"remove of a missing key": {
			obj:       configMap(override("a", patch("remove", "/data/missing", ""))),
			wantPaths: []string{"spec.overrides[0].patches[0]"},
		},
		"index past the end of a list": {
			obj:       deployment(override("a", patch("replace", "/spec/template/spec/containers/3/image", `"x"`))),
			wantPaths: []string{"spec.overrides[0].patches[0]"},
		},
		"the second patch, after one that applies": {
			obj:       configMap(override("a", patch("replace", "/data/greeting", `"hi"`), patch("remove", "/data/nope", ""))),
			wantPaths: []string{"spec.overrides[0].patches[1]"},
		},
		"a cluster not placed is checked against the template too": {
			obj:       configMap(override("a"), override("not-placed", patch("remove", "/data/nope", ""))),
			wantPaths: []string{"spec.overrides[1].patches[0]"},
		},
		"a value of the wrong type": {
			obj:       deployment(override("a", patch("replace", "/spec/replicas", `"three"`))),
			wantPaths: []string{"spec.overrides[0].patches[0]"},
		},
		"a field the member kind does not have": {
			obj:       deployment(override("a", patch("add", "/spec/replica", "3"))),
			wantPaths: []string{"spec.overrides[0].patches[0]"},
		},
		"one error per override": {
			obj: configMap(
				override("a", patch("remove", "/data/x", ""), patch("remove", "/data/y", "")),
				override("b", patch("remove", "/data/z", "")),
			),
			wantPaths: []string{"spec.overrides[0].patches[0]", "spec.overrides[1].patches[0]"},
		},
	} {
		t.Run(name, func(t *testing.T) {
			errs := CheckOverrides(tc.obj, field.NewPath("spec", "overrides"))
			var got []string
			for _, e := range errs {
				if e.Type != field.ErrorTypeInvalid {
					t.Errorf("error type %s, want Invalid: %v", e.Type, e)
				}
				got = append(got, e.Field)
			}
			if d := cmp.Diff(tc.wantPaths, got); d != "" {
				t.Errorf("paths (-want +got):\n%s\nerrors: %v", d, errs)
			}
		})
	}
}

// TestRenderKeepsFederationMarkers: no override of the labels or annotations, in any shape
// validation lets through, takes away what ties a member copy to its federated object.
func TestRenderKeepsFederationMarkers(t *testing.T) {
	for name, p := range map[string]fedv1beta1.OverridePatch{
		"replace the labels":               patch("replace", "/metadata/labels", `{"team":"blue"}`),
		"replace the annotations":          patch("replace", "/metadata/annotations", `{"team":"blue"}`),
		"remove the labels":                patch("remove", "/metadata/labels", ""),
		"remove the annotations":           patch("remove", "/metadata/annotations", ""),
		"add over the labels":              patch("add", "/metadata/labels", `{}`),
		"replace the managed label":        patch("replace", "/metadata/labels/federation.k8s.io~1managed", `"false"`),
		"remove the origin annotation":     patch("remove", "/metadata/annotations/federation.k8s.io~1origin", ""),
		"replace the origin annotation":    patch("replace", "/metadata/annotations/federation.k8s.io~1origin", `"FederatedConfigMap.federation.k8s.io/other/x"`),
		"replace the hash annotation":      patch("add", "/metadata/annotations/federation.k8s.io~1rendered-hash", `"0"`),
		"replace the labels with nonsense": patch("replace", "/metadata/labels", `{"federation.k8s.io/managed":"no"}`),
	} {
		t.Run(name, func(t *testing.T) {
			obj := configMap(fedv1beta1.ClusterOverride{ClusterName: "a", Patches: []fedv1beta1.OverridePatch{p}})
			got, err := Render(obj, "a", nil)
			if err != nil {
				t.Fatalf("Render: %v", err)
			}
			if got.GetLabels()[ManagedLabel] != "true" || got.GetAnnotations()[OriginAnnotation] != "FederatedConfigMap.federation.k8s.io/shop/cfg" {
				t.Errorf("labels %v, annotations %v: federation's markers lost", got.GetLabels(), got.GetAnnotations())
			}
			if got.GetName() != "cfg" || got.GetNamespace() != "shop" || got.GetKind() != "ConfigMap" {
				t.Errorf("identity %s %s/%s", got.GetKind(), got.GetNamespace(), got.GetName())
			}
			if h := got.GetAnnotations()[RenderedHashAnnotation]; h == "0" || h == "" {
				t.Errorf("rendered hash %q: not federation's digest", h)
			}
			if !InSync(obj, got, got) {
				t.Errorf("a member holding exactly the render is not InSync: the object could never be Propagated")
			}
		})
	}
}

// With replicaScheduling, Render sets each cluster's share before the overrides, so an
// override removing /spec/replicas applies even when the template leaves replicas unset.
func TestCheckOverridesSeesTheScheduledReplicas(t *testing.T) {
	obj := deployment(fedv1beta1.ClusterOverride{ClusterName: "a", Patches: []fedv1beta1.OverridePatch{patch("remove", "/spec/replicas", "")}})
	if errs := CheckOverrides(obj, field.NewPath("spec", "overrides")); len(errs) != 1 {
		t.Fatalf("without replicaScheduling: %v, want the remove of unset replicas refused", errs)
	}
	obj.Spec.ReplicaScheduling = &fedv1beta1.ReplicaScheduling{}
	if errs := CheckOverrides(obj, field.NewPath("spec", "overrides")); len(errs) != 0 {
		t.Errorf("CheckOverrides = %v, want none: the object rendered for a holds its share", errs)
	}
}
