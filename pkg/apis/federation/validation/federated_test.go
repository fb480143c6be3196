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

package validation

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/utils/ptr"

	"k8s.io/federation/pkg/apis/federation"
)

func validPropagation() federation.PropagationSpec {
	return federation.PropagationSpec{
		Placement: federation.Placement{
			Clusters:        []federation.ClusterReference{{Name: "us-east"}, {Name: "eu-west"}},
			ClusterSelector: &metav1.LabelSelector{MatchLabels: map[string]string{"env": "prod"}},
		},
		Overrides: []federation.ClusterOverride{{
			ClusterName: "eu-west",
			Patches: []federation.OverridePatch{
				{Op: federation.OverrideOpAdd, Path: "/metadata/labels/tier", Value: &federation.JSON{Raw: []byte(`"gold"`)}},
				{Op: federation.OverrideOpRemove, Path: "/metadata/annotations/example.com~1note"},
			},
		}},
	}
}

func validMeta() metav1.ObjectMeta {
	return metav1.ObjectMeta{Name: "web", Namespace: "shop", ResourceVersion: "7", Generation: 3}
}

func validTemplateMeta() metav1.ObjectMeta {
	return metav1.ObjectMeta{
		Labels:      map[string]string{"app": "web"},
		Annotations: map[string]string{"example.com/owner": "team-a"},
	}
}

func validConfigMap() *federation.FederatedConfigMap {
	return &federation.FederatedConfigMap{
		ObjectMeta: validMeta(),
		Spec: federation.FederatedConfigMapSpec{
			Template: federation.ConfigMapTemplate{
				ObjectMeta: validTemplateMeta(),
				Data:       map[string]string{"config.yaml": "a: 1"},
			},
			PropagationSpec: validPropagation(),
		},
	}
}

func validSecret() *federation.FederatedSecret {
	return &federation.FederatedSecret{
		ObjectMeta: validMeta(),
		Spec: federation.FederatedSecretSpec{
			Template: federation.SecretTemplate{
				ObjectMeta: validTemplateMeta(),
				Type:       corev1.SecretTypeOpaque,
				Data:       map[string][]byte{"password": []byte("hunter2")},
			},
			PropagationSpec: validPropagation(),
		},
	}
}

func validDeployment() *federation.FederatedDeployment {
	p := validPropagation()
	p.Overrides[0].Patches = append(p.Overrides[0].Patches,
		federation.OverridePatch{Op: federation.OverrideOpReplace, Path: "/spec/replicas", Value: &federation.JSON{Raw: []byte("2")}})
	return &federation.FederatedDeployment{
		ObjectMeta: validMeta(),
		Spec: federation.FederatedDeploymentSpec{
			Template: federation.DeploymentTemplate{
				ObjectMeta: validTemplateMeta(),
				Spec: appsv1.DeploymentSpec{
					Replicas: ptr.To[int32](6),
					Selector: &metav1.LabelSelector{MatchLabels: map[string]string{"app": "web"}},
					Template: corev1.PodTemplateSpec{
						ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"app": "web"}},
						Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "web", Image: "nginx"}}},
					},
				},
			},
			PropagationSpec: validPropagation(),
			ReplicaScheduling: &federation.ReplicaScheduling{
				Clusters: map[string]federation.ClusterReplicaPreference{
					"us-east": {Weight: 2},
					"eu-west": {Weight: 1, MinReplicas: 1, MaxReplicas: ptr.To[int32](3)},
				},
				Rebalance: true,
			},
		},
	}
}

// objectCase mutates a valid federated object and names the errors that must result.
type objectCase struct {
	mutate func(o federation.FederatedObject)
	want   []fieldError
}

// kinds builds a valid object of every federated kind, so that the rules written once
// against federation.FederatedObject are tested against each of them.
var kinds = map[string]func() federation.FederatedObject{
	"FederatedConfigMap":  func() federation.FederatedObject { return validConfigMap() },
	"FederatedSecret":     func() federation.FederatedObject { return validSecret() },
	"FederatedDeployment": func() federation.FederatedObject { return validDeployment() },
}

// patch returns a mutation that sets the first override's patches.
func patch(patches ...federation.OverridePatch) func(federation.FederatedObject) {
	return func(o federation.FederatedObject) { o.GetPropagation().Overrides[0].Patches = patches }
}

func jsonValue(s string) *federation.JSON { return &federation.JSON{Raw: []byte(s)} }

func TestValidateFederatedObject(t *testing.T) {
	now := metav1.Now()
	forbiddenInTemplate := func(metaField string, set func(m *metav1.ObjectMeta)) objectCase {
		return objectCase{
			mutate: func(o federation.FederatedObject) { set(o.GetTemplateMeta()) },
			want:   []fieldError{e(field.ErrorTypeForbidden, "spec.template.metadata."+metaField)},
		}
	}
	cases := map[string]objectCase{
		"valid": {mutate: func(federation.FederatedObject) {}},
		"valid with clusters only": {mutate: func(o federation.FederatedObject) {
			o.GetPropagation().Placement.ClusterSelector = nil
		}},
		"valid with an empty selector, which selects every cluster": {mutate: func(o federation.FederatedObject) {
			o.GetPropagation().Placement = federation.Placement{ClusterSelector: &metav1.LabelSelector{}}
		}},
		"valid without overrides": {mutate: func(o federation.FederatedObject) { o.GetPropagation().Overrides = nil }},

		// metadata
		"name missing": {
			mutate: func(o federation.FederatedObject) { o.SetName("") },
			want:   []fieldError{e(field.ErrorTypeRequired, "metadata.name")},
		},
		"name not a DNS subdomain": {
			mutate: func(o federation.FederatedObject) { o.SetName("Web_1") },
			want:   []fieldError{e(field.ErrorTypeInvalid, "metadata.name")},
		},
		"namespace missing": {
			mutate: func(o federation.FederatedObject) { o.SetNamespace("") },
			want:   []fieldError{e(field.ErrorTypeRequired, "metadata.namespace")},
		},

		// spec.template.metadata
		"template name":              forbiddenInTemplate("name", func(m *metav1.ObjectMeta) { m.Name = "web" }),
		"template generateName":      forbiddenInTemplate("generateName", func(m *metav1.ObjectMeta) { m.GenerateName = "web-" }),
		"template namespace":         forbiddenInTemplate("namespace", func(m *metav1.ObjectMeta) { m.Namespace = "shop" }),
		"template uid":               forbiddenInTemplate("uid", func(m *metav1.ObjectMeta) { m.UID = "0b1d" }),
		"template resourceVersion":   forbiddenInTemplate("resourceVersion", func(m *metav1.ObjectMeta) { m.ResourceVersion = "3" }),
		"template generation":        forbiddenInTemplate("generation", func(m *metav1.ObjectMeta) { m.Generation = 2 }),
		"template creationTimestamp": forbiddenInTemplate("creationTimestamp", func(m *metav1.ObjectMeta) { m.CreationTimestamp = now }),
		"template deletionTimestamp": forbiddenInTemplate("deletionTimestamp", func(m *metav1.ObjectMeta) { m.DeletionTimestamp = &now }),
		"template deletionGracePeriodSeconds": forbiddenInTemplate("deletionGracePeriodSeconds", func(m *metav1.ObjectMeta) {
			m.DeletionGracePeriodSeconds = ptr.To[int64](30)
		}),
		"template ownerReferences": forbiddenInTemplate("ownerReferences", func(m *metav1.ObjectMeta) {
			m.OwnerReferences = []metav1.OwnerReference{{APIVersion: "v1", Kind: "ConfigMap", Name: "owner", UID: "1"}}
		}),
		"template finalizers":    forbiddenInTemplate("finalizers", func(m *metav1.ObjectMeta) { m.Finalizers = []string{"example.com/keep"} }),
		"template managedFields": forbiddenInTemplate("managedFields", func(m *metav1.ObjectMeta) { m.ManagedFields = []metav1.ManagedFieldsEntry{{Manager: "kubectl"}} }),
		"template label key invalid": {
			mutate: func(o federation.FederatedObject) { o.GetTemplateMeta().Labels["bad key"] = "x" },
			want:   []fieldError{e(field.ErrorTypeInvalid, "spec.template.metadata.labels")},
		},
		"template label value invalid": {
			mutate: func(o federation.FederatedObject) { o.GetTemplateMeta().Labels["app"] = "not valid!" },
			want:   []fieldError{e(field.ErrorTypeInvalid, "spec.template.metadata.labels")},
		},
		"template annotation key invalid": {
			mutate: func(o federation.FederatedObject) { o.GetTemplateMeta().Annotations["bad key"] = "x" },
			want:   []fieldError{e(field.ErrorTypeInvalid, "spec.template.metadata.annotations")},
		},

		// spec.placement
		"placement empty": {
			mutate: func(o federation.FederatedObject) {
				o.GetPropagation().Placement = federation.Placement{}
				o.GetPropagation().Overrides = nil
			},
			want: []fieldError{e(field.ErrorTypeRequired, "spec.placement")},
		},
		"placement cluster name missing": {
			mutate: func(o federation.FederatedObject) { o.GetPropagation().Placement.Clusters[0].Name = "" },
			want:   []fieldError{e(field.ErrorTypeRequired, "spec.placement.clusters[0].name")},
		},
		"placement cluster name invalid": {
			mutate: func(o federation.FederatedObject) { o.GetPropagation().Placement.Clusters[1].Name = "EU West" },
			want:   []fieldError{e(field.ErrorTypeInvalid, "spec.placement.clusters[1].name")},
		},
		"placement cluster duplicated": {
			mutate: func(o federation.FederatedObject) { o.GetPropagation().Placement.Clusters[1].Name = "us-east" },
			want:   []fieldError{e(field.ErrorTypeDuplicate, "spec.placement.clusters[1].name")},
		},
		"selector operator invalid": {
			mutate: func(o federation.FederatedObject) {
				o.GetPropagation().Placement.ClusterSelector.MatchExpressions = []metav1.LabelSelectorRequirement{
					{Key: "region", Operator: "Near", Values: []string{"us"}},
				}
			},
			want: []fieldError{e(field.ErrorTypeInvalid, "spec.placement.clusterSelector.matchExpressions[0].operator")},
		},
		"selector expression value invalid": {
			mutate: func(o federation.FederatedObject) {
				o.GetPropagation().Placement.ClusterSelector.MatchExpressions = []metav1.LabelSelectorRequirement{
					{Key: "region", Operator: metav1.LabelSelectorOpIn, Values: []string{"us east"}},
				}
			},
			want: []fieldError{e(field.ErrorTypeInvalid, "spec.placement.clusterSelector.matchExpressions[0].values[0]")},
		},
		"selector label value invalid": {
			mutate: func(o federation.FederatedObject) {
				o.GetPropagation().Placement.ClusterSelector.MatchLabels["env"] = "prod!"
			},
			want: []fieldError{e(field.ErrorTypeInvalid, "spec.placement.clusterSelector.matchLabels")},
		},
	}
	for name, tc := range overrideCases() {
		cases[name] = tc
	}
	for kind, newObj := range kinds {
		t.Run(kind, func(t *testing.T) {
			for name, tc := range cases {
				t.Run(name, func(t *testing.T) {
					o := newObj()
					tc.mutate(o)
					if d := cmp.Diff(tc.want, summarize(ValidateFederatedObject(o, true))); d != "" {
						t.Errorf("errors (-want +got):\n%s", d)
					}
				})
			}
		})
	}
}

// overrideCases are the spec.overrides cases of TestValidateFederatedObject.
func overrideCases() map[string]objectCase {
	add := func(path string) federation.OverridePatch {
		return federation.OverridePatch{Op: federation.OverrideOpAdd, Path: path, Value: jsonValue(`"x"`)}
	}
	forbiddenPath := func(path string) objectCase {
		return objectCase{
			mutate: patch(add(path)),
			want:   []fieldError{e(field.ErrorTypeForbidden, "spec.overrides[0].patches[0].path")},
		}
	}
	return map[string]objectCase{
		"override clusterName missing": {
			mutate: func(o federation.FederatedObject) { o.GetPropagation().Overrides[0].ClusterName = "" },
			want:   []fieldError{e(field.ErrorTypeRequired, "spec.overrides[0].clusterName")},
		},
		"override clusterName invalid": {
			mutate: func(o federation.FederatedObject) { o.GetPropagation().Overrides[0].ClusterName = "eu_west" },
			want:   []fieldError{e(field.ErrorTypeInvalid, "spec.overrides[0].clusterName")},
		},
		"override clusterName duplicated": {
			mutate: func(o federation.FederatedObject) {
				p := o.GetPropagation()
				p.Overrides = append(p.Overrides, *p.Overrides[0].DeepCopy())
			},
			want: []fieldError{e(field.ErrorTypeDuplicate, "spec.overrides[1].clusterName")},
		},
		"override without patches": {
			mutate: patch(),
			want:   []fieldError{e(field.ErrorTypeRequired, "spec.overrides[0].patches")},
		},
		"patch op missing": {
			mutate: patch(federation.OverridePatch{Path: "/spec", Value: jsonValue("{}")}),
			want:   []fieldError{e(field.ErrorTypeRequired, "spec.overrides[0].patches[0].op")},
		},
		"patch op unsupported": {
			mutate: patch(add("/data/a"), federation.OverridePatch{Op: "move", Path: "/data/b"}),
			want:   []fieldError{e(field.ErrorTypeNotSupported, "spec.overrides[0].patches[1].op")},
		},
		"patch path missing": {
			mutate: patch(add("")),
			want:   []fieldError{e(field.ErrorTypeRequired, "spec.overrides[0].patches[0].path")},
		},
		"patch path not a pointer": {
			mutate: patch(add("spec/replicas")),
			want:   []fieldError{e(field.ErrorTypeInvalid, "spec.overrides[0].patches[0].path")},
		},
		"patch path with a bad escape": {
			mutate: patch(add("/metadata/labels/a~2b")),
			want:   []fieldError{e(field.ErrorTypeInvalid, "spec.overrides[0].patches[0].path")},
		},
		"patch path with a trailing tilde": {
			mutate: patch(add("/data/a~")),
			want:   []fieldError{e(field.ErrorTypeInvalid, "spec.overrides[0].patches[0].path")},
		},
		"patch path with escapes": {
			mutate: patch(add("/metadata/annotations/example.com~1a~0b"), add("/data/~01")),
		},
		"patch path metadata.name":       forbiddenPath("/metadata/name"),
		"patch path metadata.namespace":  forbiddenPath("/metadata/namespace"),
		"patch path whole metadata":      forbiddenPath("/metadata"),
		"patch path below metadata.name": forbiddenPath("/metadata/name/x"),
		"patch path metadata.uid":        forbiddenPath("/metadata/uid"),
		"patch path apiVersion":          forbiddenPath("/apiVersion"),
		"patch path kind":                forbiddenPath("/kind"),
		"patch path whole labels": {
			mutate: patch(federation.OverridePatch{Op: federation.OverrideOpReplace, Path: "/metadata/labels", Value: jsonValue(`{"a":"b"}`)}),
		},
		"patch value missing for add": {
			mutate: patch(federation.OverridePatch{Op: federation.OverrideOpAdd, Path: "/data/a"}),
			want:   []fieldError{e(field.ErrorTypeRequired, "spec.overrides[0].patches[0].value")},
		},
		"patch value empty for replace": {
			mutate: patch(federation.OverridePatch{Op: federation.OverrideOpReplace, Path: "/data/a", Value: &federation.JSON{}}),
			want:   []fieldError{e(field.ErrorTypeRequired, "spec.overrides[0].patches[0].value")},
		},
		"patch value set for remove": {
			mutate: patch(federation.OverridePatch{Op: federation.OverrideOpRemove, Path: "/data/a", Value: jsonValue(`"x"`)}),
			want:   []fieldError{e(field.ErrorTypeForbidden, "spec.overrides[0].patches[0].value")},
		},
		"patch value not JSON": {
			mutate: patch(federation.OverridePatch{Op: federation.OverrideOpAdd, Path: "/data/a", Value: jsonValue(`{"a":`)}),
			want:   []fieldError{e(field.ErrorTypeInvalid, "spec.overrides[0].patches[0].value")},
		},
		"patch value JSON null": {
			mutate: patch(federation.OverridePatch{Op: federation.OverrideOpAdd, Path: "/data/a", Value: jsonValue(`null`)}),
		},
	}
}

func TestValidateFederatedDeployment(t *testing.T) {
	for name, tc := range map[string]struct {
		mutate func(d *federation.FederatedDeployment)
		want   []fieldError
	}{
		"replicas unset":           {mutate: func(d *federation.FederatedDeployment) { d.Spec.Template.Spec.Replicas = nil }},
		"replicas zero":            {mutate: func(d *federation.FederatedDeployment) { d.Spec.Template.Spec.Replicas = ptr.To[int32](0) }},
		"no replica scheduling":    {mutate: func(d *federation.FederatedDeployment) { d.Spec.ReplicaScheduling = nil }},
		"empty replica scheduling": {mutate: func(d *federation.FederatedDeployment) { d.Spec.ReplicaScheduling = &federation.ReplicaScheduling{} }},
		"maxReplicas equal to minimum": {mutate: func(d *federation.FederatedDeployment) {
			d.Spec.ReplicaScheduling.Clusters["eu-west"] = federation.ClusterReplicaPreference{MinReplicas: 3, MaxReplicas: ptr.To[int32](3)}
		}},
		"replicas negative": {
			mutate: func(d *federation.FederatedDeployment) { d.Spec.Template.Spec.Replicas = ptr.To[int32](-1) },
			want:   []fieldError{e(field.ErrorTypeInvalid, "spec.template.spec.replicas")},
		},
		"preference cluster name invalid": {
			mutate: func(d *federation.FederatedDeployment) {
				d.Spec.ReplicaScheduling.Clusters["Bad_Name"] = federation.ClusterReplicaPreference{Weight: 1}
			},
			want: []fieldError{e(field.ErrorTypeInvalid, "spec.replicaScheduling.clusters[Bad_Name]")},
		},
		"preference cluster name empty": {
			mutate: func(d *federation.FederatedDeployment) {
				d.Spec.ReplicaScheduling.Clusters[""] = federation.ClusterReplicaPreference{Weight: 1}
			},
			want: []fieldError{e(field.ErrorTypeRequired, "spec.replicaScheduling.clusters[]")},
		},
		"weight negative": {
			mutate: func(d *federation.FederatedDeployment) {
				d.Spec.ReplicaScheduling.Clusters["us-east"] = federation.ClusterReplicaPreference{Weight: -1}
			},
			want: []fieldError{e(field.ErrorTypeInvalid, "spec.replicaScheduling.clusters[us-east].weight")},
		},
		"minReplicas negative": {
			mutate: func(d *federation.FederatedDeployment) {
				d.Spec.ReplicaScheduling.Clusters["us-east"] = federation.ClusterReplicaPreference{MinReplicas: -1}
			},
			want: []fieldError{e(field.ErrorTypeInvalid, "spec.replicaScheduling.clusters[us-east].minReplicas")},
		},
		"maxReplicas below minReplicas": {
			mutate: func(d *federation.FederatedDeployment) {
				d.Spec.ReplicaScheduling.Clusters["eu-west"] = federation.ClusterReplicaPreference{MinReplicas: 2, MaxReplicas: ptr.To[int32](1)}
			},
			want: []fieldError{e(field.ErrorTypeInvalid, "spec.replicaScheduling.clusters[eu-west].maxReplicas")},
		},
		"maxReplicas negative": {
			mutate: func(d *federation.FederatedDeployment) {
				d.Spec.ReplicaScheduling.Clusters["eu-west"] = federation.ClusterReplicaPreference{MaxReplicas: ptr.To[int32](-1)}
			},
			want: []fieldError{e(field.ErrorTypeInvalid, "spec.replicaScheduling.clusters[eu-west].maxReplicas")},
		},
	} {
		t.Run(name, func(t *testing.T) {
			d := validDeployment()
			tc.mutate(d)
			if d := cmp.Diff(tc.want, summarize(append(ValidateFederatedObject(d, true), ValidateTemplateReplicas(d, field.NewPath("spec"))...))); d != "" {
				t.Errorf("errors (-want +got):\n%s", d)
			}
		})
	}
}
