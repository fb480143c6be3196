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
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	appsv1 "k8s.io/api/apps/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/utils/ptr"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
)

func configMap(overrides ...fedv1beta1.ClusterOverride) *fedv1beta1.FederatedConfigMap {
	return &fedv1beta1.FederatedConfigMap{
		TypeMeta:   metav1.TypeMeta{APIVersion: "federation.k8s.io/v1beta1", Kind: "FederatedConfigMap"},
		ObjectMeta: metav1.ObjectMeta{Name: "cfg", Namespace: "shop", Labels: map[string]string{"not": "copied"}},
		Spec: fedv1beta1.FederatedConfigMapSpec{
			Template: fedv1beta1.ConfigMapTemplate{
				ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"app": "web"}, Annotations: map[string]string{"note": "x"}},
				Data:       map[string]string{"greeting": "hello"},
			},
			PropagationSpec: fedv1beta1.PropagationSpec{
				Placement: fedv1beta1.Placement{Clusters: []fedv1beta1.ClusterReference{{Name: "a"}, {Name: "b"}}},
				Overrides: overrides,
			},
		},
	}
}

func patch(op, path, value string) fedv1beta1.OverridePatch {
	p := fedv1beta1.OverridePatch{Op: op, Path: path}
	if value != "" {
		p.Value = &fedv1beta1.JSON{Raw: []byte(value)}
	}
	return p
}

func TestRenderConfigMap(t *testing.T) {
	obj := configMap(fedv1beta1.ClusterOverride{ClusterName: "b", Patches: []fedv1beta1.OverridePatch{
		patch("replace", "/data/greeting", `"bonjour"`),
		patch("add", "/metadata/labels/tier", `"eu"`),
	}})
	for name, tc := range map[string]struct {
		cluster string
		want    map[string]any
	}{
		"no overrides": {cluster: "a", want: map[string]any{
			"apiVersion": "v1", "kind": "ConfigMap",
			"metadata": map[string]any{
				"name": "cfg", "namespace": "shop",
				"labels":      map[string]any{"app": "web", ManagedLabel: "true"},
				"annotations": map[string]any{"note": "x", OriginAnnotation: "FederatedConfigMap.federation.k8s.io/shop/cfg"},
			},
			"data": map[string]any{"greeting": "hello"},
		}},
		"overrides of the cluster": {cluster: "b", want: map[string]any{
			"apiVersion": "v1", "kind": "ConfigMap",
			"metadata": map[string]any{
				"name": "cfg", "namespace": "shop",
				"labels":      map[string]any{"app": "web", "tier": "eu", ManagedLabel: "true"},
				"annotations": map[string]any{"note": "x", OriginAnnotation: "FederatedConfigMap.federation.k8s.io/shop/cfg"},
			},
			"data": map[string]any{"greeting": "bonjour"},
		}},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := Render(obj, tc.cluster, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got.GetAnnotations()[RenderedHashAnnotation] == "" {
				t.Errorf("rendered object has no %s annotation", RenderedHashAnnotation)
			}
			unstructured.RemoveNestedField(got.Object, "metadata", "annotations", RenderedHashAnnotation)
			if d := cmp.Diff(tc.want, got.Object); d != "" {
				t.Errorf("rendered object (-want +got):\n%s", d)
			}
		})
	}
}

func TestRenderDeploymentReplicasOverride(t *testing.T) {
	obj := &fedv1beta1.FederatedDeployment{
		TypeMeta:   metav1.TypeMeta{Kind: "FederatedDeployment"},
		ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "shop"},
		Spec: fedv1beta1.FederatedDeploymentSpec{
			Template: fedv1beta1.DeploymentTemplate{Spec: appsv1.DeploymentSpec{Replicas: ptr.To[int32](6)}},
			PropagationSpec: fedv1beta1.PropagationSpec{Overrides: []fedv1beta1.ClusterOverride{
				{ClusterName: "eu", Patches: []fedv1beta1.OverridePatch{patch("replace", "/spec/replicas", "2")}},
			}},
		},
	}
	for cluster, want := range map[string]int64{"us": 6, "eu": 2} {
		got, err := Render(obj, cluster, nil)
		if err != nil {
			t.Fatal(err)
		}
		replicas, _, err := unstructured.NestedInt64(got.Object, "spec", "replicas")
		if err != nil {
			t.Fatal(err)
		}
		if replicas != want {
			t.Errorf("cluster %s: replicas = %d, want %d", cluster, replicas, want)
		}
		if got.GetAPIVersion() != "apps/v1" || got.GetKind() != "Deployment" {
			t.Errorf("cluster %s: rendered %s %s, want apps/v1 Deployment", cluster, got.GetAPIVersion(), got.GetKind())
		}
	}
}

func TestRenderOverrideThatDoesNotApply(t *testing.T) {
	obj := configMap(fedv1beta1.ClusterOverride{ClusterName: "a", Patches: []fedv1beta1.OverridePatch{
		patch("remove", "/data/missing", ""),
	}})
	_, err := Render(obj, "a", nil)
	var oe *OverrideError
	if !errors.As(err, &oe) || oe.Cluster != "a" {
		t.Fatalf("Render() error = %v, want an OverrideError for cluster a", err)
	}
	if got := ReasonFor(err); got != ReasonOverridesNotApplied {
		t.Errorf("ReasonFor() = %q, want %q", got, ReasonOverridesNotApplied)
	}
}
