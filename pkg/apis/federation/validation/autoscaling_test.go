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
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/utils/ptr"

	"k8s.io/federation/pkg/apis/federation"
)

func TestValidateFederatedHorizontalPodAutoscaler(t *testing.T) {
	valid := func() *federation.FederatedHorizontalPodAutoscaler {
		obj := &federation.FederatedHorizontalPodAutoscaler{ObjectMeta: validMeta()}
		obj.Spec.PropagationSpec = validPropagation()
		obj.Spec.Template.Spec = autoscalingv2.HorizontalPodAutoscalerSpec{
			ScaleTargetRef: autoscalingv2.CrossVersionObjectReference{APIVersion: "apps/v1", Kind: "Deployment", Name: "web"},
			MinReplicas:    ptr.To[int32](2), MaxReplicas: 6,
		}
		return obj
	}
	for name, tc := range map[string]struct {
		mutate func(*federation.FederatedHorizontalPodAutoscaler)
		want   []fieldError
	}{
		"valid": {mutate: func(*federation.FederatedHorizontalPodAutoscaler) {}},
		// Below the number of clusters is allowed: it is rounded up, one per member.
		"minReplicas unset, 1 maxReplicas": {mutate: func(o *federation.FederatedHorizontalPodAutoscaler) {
			o.Spec.Template.Spec.MinReplicas, o.Spec.Template.Spec.MaxReplicas = nil, 1
		}},
		"weights": {mutate: func(o *federation.FederatedHorizontalPodAutoscaler) {
			o.Spec.ReplicaScheduling = &federation.ReplicaScheduling{Clusters: map[string]federation.ClusterReplicaPreference{"a": {Weight: 2}}}
		}},
		"maxReplicas 0": {
			mutate: func(o *federation.FederatedHorizontalPodAutoscaler) { o.Spec.Template.Spec.MaxReplicas = 0 },
			want: []fieldError{
				e(field.ErrorTypeInvalid, "spec.template.spec.maxReplicas"),
				e(field.ErrorTypeInvalid, "spec.template.spec.minReplicas"),
			},
		},
		"minReplicas 0": {
			mutate: func(o *federation.FederatedHorizontalPodAutoscaler) {
				o.Spec.Template.Spec.MinReplicas = ptr.To[int32](0)
			},
			want: []fieldError{e(field.ErrorTypeInvalid, "spec.template.spec.minReplicas")},
		},
		"minReplicas above maxReplicas": {
			mutate: func(o *federation.FederatedHorizontalPodAutoscaler) {
				o.Spec.Template.Spec.MinReplicas = ptr.To[int32](7)
			},
			want: []fieldError{e(field.ErrorTypeInvalid, "spec.template.spec.minReplicas")},
		},
		"no target": {
			mutate: func(o *federation.FederatedHorizontalPodAutoscaler) {
				o.Spec.Template.Spec.ScaleTargetRef = autoscalingv2.CrossVersionObjectReference{}
			},
			want: []fieldError{
				e(field.ErrorTypeRequired, "spec.template.spec.scaleTargetRef.kind"),
				e(field.ErrorTypeRequired, "spec.template.spec.scaleTargetRef.name"),
			},
		},
		"replicaScheduling beyond weights": {
			mutate: func(o *federation.FederatedHorizontalPodAutoscaler) {
				o.Spec.ReplicaScheduling = &federation.ReplicaScheduling{
					Mode: federation.ReplicaSchedulingModeDynamic, Rebalance: true,
					Clusters: map[string]federation.ClusterReplicaPreference{"a": {Weight: -1, MinReplicas: 1, MaxReplicas: ptr.To[int32](2)}},
				}
			},
			want: []fieldError{
				e(field.ErrorTypeForbidden, "spec.replicaScheduling.clusters[a].maxReplicas"),
				e(field.ErrorTypeForbidden, "spec.replicaScheduling.clusters[a].minReplicas"),
				e(field.ErrorTypeInvalid, "spec.replicaScheduling.clusters[a].weight"),
				e(field.ErrorTypeNotSupported, "spec.replicaScheduling.mode"),
				e(field.ErrorTypeForbidden, "spec.replicaScheduling.rebalance"),
				e(field.ErrorTypeInvalid, "spec.replicaScheduling.rebalance"),
			},
		},
	} {
		t.Run(name, func(t *testing.T) {
			obj := valid()
			tc.mutate(obj)
			got := summarize(ValidateFederatedHorizontalPodAutoscaler(obj, field.NewPath("spec")))
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("errors (-want +got):\n%s", d)
			}
		})
	}
}
