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
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/utils/ptr"

	"k8s.io/federation/pkg/apis/federation"
)

func TestValidateFederatedObjectUpdate(t *testing.T) {
	for name, tc := range map[string]objectCase{
		"spec change": {mutate: func(o federation.FederatedObject) {
			o.GetPropagation().Placement.Clusters = o.GetPropagation().Placement.Clusters[:1]
		}},
		"resourceVersion missing": {
			mutate: func(o federation.FederatedObject) { o.SetResourceVersion("") },
			want:   []fieldError{e(field.ErrorTypeInvalid, "metadata.resourceVersion")},
		},
		"name changed": {
			mutate: func(o federation.FederatedObject) { o.SetName("api") },
			want:   []fieldError{e(field.ErrorTypeInvalid, "metadata.name")},
		},
		"namespace changed": {
			mutate: func(o federation.FederatedObject) { o.SetNamespace("other") },
			want:   []fieldError{e(field.ErrorTypeInvalid, "metadata.namespace")},
		},
		"generation decremented": {
			mutate: func(o federation.FederatedObject) { o.SetGeneration(1) },
			want:   []fieldError{e(field.ErrorTypeInvalid, "metadata.generation")},
		},
		"new spec is validated too": {
			mutate: func(o federation.FederatedObject) { o.GetTemplateMeta().Name = "web" },
			want:   []fieldError{e(field.ErrorTypeForbidden, "spec.template.metadata.name")},
		},
	} {
		for kind, newObj := range kinds {
			t.Run(kind+"/"+name, func(t *testing.T) {
				old := newObj()
				o := old.DeepCopyObject().(federation.FederatedObject)
				tc.mutate(o)
				if d := cmp.Diff(tc.want, summarize(ValidateFederatedObjectUpdate(o, old, true))); d != "" {
					t.Errorf("errors (-want +got):\n%s", d)
				}
			})
		}
	}
}

func TestValidateFederatedStatusUpdate(t *testing.T) {
	propagated := metav1.Condition{
		Type:               federation.ConditionPropagated,
		Status:             metav1.ConditionTrue,
		Reason:             "AllClustersPropagated",
		LastTransitionTime: metav1.Now(),
	}
	setStatus := func(s federation.FederatedStatus) func(federation.FederatedObject) {
		return func(o federation.FederatedObject) { *o.GetFederatedStatus() = s }
	}
	row := func(name, phase string) federation.ClusterPropagationStatus {
		return federation.ClusterPropagationStatus{Name: name, Phase: phase, Generation: 3}
	}
	for name, tc := range map[string]objectCase{
		"valid": {mutate: setStatus(federation.FederatedStatus{
			ObservedGeneration: 3,
			Conditions:         []metav1.Condition{propagated},
			Clusters: []federation.ClusterPropagationStatus{
				row("us-east", federation.PropagationPhasePropagated),
				row("eu-west", federation.PropagationPhasePending),
				{Name: "ap-south", Phase: federation.PropagationPhaseFailed, Reason: "Forbidden", Message: "denied"},
			},
		})},
		"spec is not validated by a status write": {mutate: func(o federation.FederatedObject) {
			o.GetPropagation().Placement = federation.Placement{}
		}},
		"resourceVersion missing": {
			mutate: func(o federation.FederatedObject) { o.SetResourceVersion("") },
			want:   []fieldError{e(field.ErrorTypeInvalid, "metadata.resourceVersion")},
		},
		"observedGeneration negative": {
			mutate: setStatus(federation.FederatedStatus{ObservedGeneration: -1}),
			want:   []fieldError{e(field.ErrorTypeInvalid, "status.observedGeneration")},
		},
		"condition type duplicated": {
			mutate: setStatus(federation.FederatedStatus{Conditions: []metav1.Condition{propagated, propagated}}),
			want:   []fieldError{e(field.ErrorTypeDuplicate, "status.conditions[1]")},
		},
		"condition status unsupported": {
			mutate: func(o federation.FederatedObject) {
				c := propagated
				c.Status = "Yes"
				o.GetFederatedStatus().Conditions = []metav1.Condition{c}
			},
			want: []fieldError{e(field.ErrorTypeNotSupported, "status.conditions[0].status")},
		},
		"cluster name missing": {
			mutate: setStatus(federation.FederatedStatus{Clusters: []federation.ClusterPropagationStatus{row("", federation.PropagationPhasePending)}}),
			want:   []fieldError{e(field.ErrorTypeRequired, "status.clusters[0].name")},
		},
		"cluster name invalid": {
			mutate: setStatus(federation.FederatedStatus{Clusters: []federation.ClusterPropagationStatus{row("US", federation.PropagationPhasePending)}}),
			want:   []fieldError{e(field.ErrorTypeInvalid, "status.clusters[0].name")},
		},
		"cluster duplicated": {
			mutate: setStatus(federation.FederatedStatus{Clusters: []federation.ClusterPropagationStatus{
				row("us-east", federation.PropagationPhasePending),
				row("us-east", federation.PropagationPhasePropagated),
			}}),
			want: []fieldError{e(field.ErrorTypeDuplicate, "status.clusters[1].name")},
		},
		"phase missing": {
			mutate: setStatus(federation.FederatedStatus{Clusters: []federation.ClusterPropagationStatus{row("us-east", "")}}),
			want:   []fieldError{e(field.ErrorTypeRequired, "status.clusters[0].phase")},
		},
		"phase unsupported": {
			mutate: setStatus(federation.FederatedStatus{Clusters: []federation.ClusterPropagationStatus{row("us-east", "Unknown")}}),
			want:   []fieldError{e(field.ErrorTypeNotSupported, "status.clusters[0].phase")},
		},
		"scheduled replicas negative": {
			mutate: func(o federation.FederatedObject) {
				r := row("us-east", federation.PropagationPhasePropagated)
				r.Replicas = ptr.To[int32](-1)
				o.GetFederatedStatus().Clusters = []federation.ClusterPropagationStatus{r}
			},
			want: []fieldError{e(field.ErrorTypeInvalid, "status.clusters[0].replicas")},
		},
		"summed and per-cluster counts negative": {
			mutate: func(o federation.FederatedObject) {
				r := row("us-east", federation.PropagationPhasePropagated)
				r.ReadyReplicas, r.AvailableReplicas = ptr.To[int32](-1), ptr.To[int32](-2)
				st := o.GetFederatedStatus()
				st.Clusters = []federation.ClusterPropagationStatus{r}
				st.Replicas, st.UnavailableReplicas = ptr.To[int32](-3), ptr.To[int32](-4)
			},
			want: []fieldError{
				e(field.ErrorTypeInvalid, "status.clusters[0].availableReplicas"),
				e(field.ErrorTypeInvalid, "status.clusters[0].readyReplicas"),
				e(field.ErrorTypeInvalid, "status.replicas"),
				e(field.ErrorTypeInvalid, "status.unavailableReplicas"),
			},
		},
		"reason too long": {
			mutate: func(o federation.FederatedObject) {
				r := row("us-east", federation.PropagationPhaseFailed)
				r.Reason = strings.Repeat("A", maxClusterStatusReasonLength+1)
				o.GetFederatedStatus().Clusters = []federation.ClusterPropagationStatus{r}
			},
			want: []fieldError{e(field.ErrorTypeTooLong, "status.clusters[0].reason")},
		},
		"message too long": {
			mutate: func(o federation.FederatedObject) {
				r := row("us-east", federation.PropagationPhaseFailed)
				r.Message = strings.Repeat("x", maxClusterStatusMessageLength+1)
				o.GetFederatedStatus().Clusters = []federation.ClusterPropagationStatus{r}
			},
			want: []fieldError{e(field.ErrorTypeTooLong, "status.clusters[0].message")},
		},
		"member generation negative": {
			mutate: func(o federation.FederatedObject) {
				r := row("us-east", federation.PropagationPhasePropagated)
				r.Generation = -1
				o.GetFederatedStatus().Clusters = []federation.ClusterPropagationStatus{r}
			},
			want: []fieldError{e(field.ErrorTypeInvalid, "status.clusters[0].generation")},
		},
	} {
		for kind, newObj := range kinds {
			t.Run(kind+"/"+name, func(t *testing.T) {
				old := newObj()
				o := old.DeepCopyObject().(federation.FederatedObject)
				tc.mutate(o)
				if d := cmp.Diff(tc.want, summarize(ValidateFederatedStatusUpdate(o, old))); d != "" {
					t.Errorf("errors (-want +got):\n%s", d)
				}
			})
		}
	}
}
