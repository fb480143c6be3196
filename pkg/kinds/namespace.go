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
	"context"
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/validation"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"k8s.io/federation/pkg/apis/federation"
	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
)

// Reasons a member namespace is kept when federation would delete it (namespaceHooks' Keep).
const (
	keepNotCreated = "federation did not create it (it existed in the member before federation adopted it)"
	keepHolds      = "it holds objects federation does not manage: "
)

// namespaceHooks are FederatedNamespace's rules. Its name is a namespace name (a DNS-1123
// label, as the member's API requires). It adopts an existing member namespace of its name
// without the adopt annotation: the template holds labels and annotations only, which
// server-side apply sets without touching the member's own, and a namespace federation did
// not create is never deleted by it. It deletes a member namespace only when federation
// created it and it holds nothing federation does not manage. Each cluster's row reports
// the member namespace's phase, and kubectl get fns prints STATUS as kubectl get ns does.
func namespaceHooks() Hooks {
	return Hooks{
		Validate: func(obj federation.FederatedObject, _ *field.Path) field.ErrorList {
			var errs field.ErrorList
			for _, msg := range validation.ValidateNamespaceName(obj.GetName(), false) {
				errs = append(errs, field.Invalid(field.NewPath("metadata", "name"), obj.GetName(), msg))
			}
			return errs
		},
		// Each cluster's row (status.clusters[].memberPhase) holds its namespace's phase.
		RecordMember: func(copy *unstructured.Unstructured, row *fedv1beta1.ClusterPropagationStatus, _ *fedv1beta1.FederatedStatus) error {
			row.MemberPhase, _, _ = unstructured.NestedString(copy.Object, "status", "phase")
			return nil
		},
		Ownership: &Ownership{
			Adopt: func(*unstructured.Unstructured) bool { return true },
			Keep:  keepNamespace,
		},
		Columns: []Column{{
			Definition: metav1.TableColumnDefinition{Name: "Status", Type: "string", Description: "Terminating while the object " +
				"or a member namespace is being deleted; Active when every placed cluster's namespace is Active; else Pending."},
			Cell: func(obj federation.FederatedObject, _ int32) any { return namespaceStatus(obj) },
		}},
	}
}

// keepNamespace keeps a member namespace federation did not create, or one that holds
// objects it does not manage (held's list, named in the reason); else it lets federation
// delete it, with the copies of federated objects in it.
func keepNamespace(ctx context.Context, copy *unstructured.Unstructured, held func(ctx context.Context) ([]string, error)) (string, error) {
	if copy.GetAnnotations()[CreatedAnnotation] != "true" {
		return keepNotCreated, nil
	}
	objects, err := held(ctx)
	if err != nil {
		return "", fmt.Errorf("listing what namespace %s holds: %w", copy.GetName(), err)
	}
	if len(objects) > 0 {
		return keepHolds + strings.Join(objects, ", "), nil
	}
	return "", nil
}

// namespaceStatus is kubectl get ns's STATUS for a FederatedNamespace: Terminating when it
// is being deleted or a member namespace is; Active when every cluster it is placed on has
// reported an Active namespace; Pending otherwise (not written everywhere yet, or failed).
func namespaceStatus(obj federation.FederatedObject) string {
	if obj.GetDeletionTimestamp() != nil {
		return string(corev1.NamespaceTerminating)
	}
	active := 0
	rows := 0
	for _, row := range obj.GetFederatedStatus().Clusters {
		if row.Phase == fedv1beta1.PropagationPhaseExcluded {
			continue
		}
		rows++
		switch row.MemberPhase {
		case string(corev1.NamespaceTerminating):
			return string(corev1.NamespaceTerminating)
		case string(corev1.NamespaceActive):
			active++
		}
	}
	if rows > 0 && active == rows {
		return string(corev1.NamespaceActive)
	}
	return fedv1beta1.PropagationPhasePending
}
