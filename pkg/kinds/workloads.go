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

package kinds

import (
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/utils/ptr"

	"k8s.io/federation/pkg/apis/federation"
	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/apis/federation/validation"
)

// replicatedHooks are the hooks every workload kind with spec.replicas shares
// (federation.ReplicaScheduledObject: Deployment, ReplicaSet, StatefulSet): the template's
// replicas validated as the member's are, the scale subresource, and replica shares
// rendered into the member's spec.replicas. health, sums and columns are the member kind's
// own.
func replicatedHooks(health func(*unstructured.Unstructured) (MemberHealth, error), sums func(MemberHealth, *fedv1beta1.FederatedStatus), columns []Column) Hooks {
	replicasPath := []string{"spec", "replicas"}
	return Hooks{
		Validate: func(obj federation.FederatedObject, specPath *field.Path) field.ErrorList {
			return validation.ValidateTemplateReplicas(obj.(federation.ReplicaScheduledObject), specPath)
		},
		Scale:        templateScale(),
		MemberHealth: health,
		RecordSums:   sums,
		ReplicasPath: replicasPath,
		Divide:       shareAt(replicasPath),
		Columns:      columns,
	}
}

// shareAt is the Divide hook of the kinds whose only division is spec.replicaScheduling's:
// it writes the cluster's share, when there is one, at path.
func shareAt(path []string) func(fedv1beta1.FederatedObject, map[string]any, string, Division) error {
	return func(_ fedv1beta1.FederatedObject, member map[string]any, _ string, d Division) error {
		if d.Share == nil {
			return nil
		}
		return unstructured.SetNestedField(member, int64(*d.Share), path...)
	}
}

// templateScale scales a workload's template.spec.replicas: the total that replicaScheduling
// divides, or what every placed cluster runs without it.
func templateScale() *Scale {
	scheduled := func(obj runtime.Object) federation.ReplicaScheduledObject {
		return obj.(federation.ReplicaScheduledObject)
	}
	return &Scale{
		SpecReplicasPath: []string{"spec", "template", "spec", "replicas"},
		Replicas:         func(obj runtime.Object) *int32 { return scheduled(obj).GetTemplateReplicas() },
		SetReplicas:      func(obj runtime.Object, n int32) { scheduled(obj).SetTemplateReplicas(n) },
		Selector:         func(obj runtime.Object) *metav1.LabelSelector { return scheduled(obj).GetTemplateSelector() },
	}
}

// fromUnstructured reads a member copy as its typed Kubernetes object.
func fromUnstructured(copy *unstructured.Unstructured, into any) error {
	return runtime.DefaultUnstructuredConverter.FromUnstructured(copy.Object, into)
}

// notObserved is the Progress of a copy whose controller has not seen its generation yet.
func notObserved(generation int64, controller string) string {
	return fmt.Sprintf("generation %d not yet observed by the %s controller", generation, controller)
}

// Printer columns shared by the workload kinds, as kubectl names them.

// readyColumn is READY n/m, summed ready replicas out of what the members are told to run
// (kubectl get deployments and statefulsets).
func readyColumn() Column {
	return Column{
		Definition: metav1.TableColumnDefinition{Name: "Ready", Type: "string", Description: "Ready replicas summed over the members (status.readyReplicas), out of the desired replicas: " +
			"what the placed clusters are told to run (overrides included) plus any replicas spec.replicaScheduling could not place."},
		Cell: func(obj federation.FederatedObject, desired int32) any {
			return fmt.Sprintf("%d/%d", ptr.Deref(obj.GetFederatedStatus().ReadyReplicas, 0), desired)
		},
	}
}

// countColumn is an integer column of one summed status field.
func countColumn(name, description string, count func(st *federation.FederatedStatus) *int32) Column {
	return Column{
		Definition: metav1.TableColumnDefinition{Name: name, Type: "integer", Description: description},
		Cell: func(obj federation.FederatedObject, _ int32) any {
			return int64(ptr.Deref(count(obj.GetFederatedStatus()), 0))
		},
	}
}
