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

package v1beta1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// +genclient
// +genclient:nonNamespaced
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// FederatedNamespace is a Namespace propagated to the member clusters its placement selects.
// It is cluster-scoped, and its name is the namespace's name in every member.
//
// Who owns a member namespace: a namespace federation created (for this object, or earlier
// for a namespaced federated object written into a namespace the member lacked) carries the
// annotation federation.k8s.io/created: "true"; a FederatedNamespace takes it over. A
// namespace that already existed in the member (a user's) is adopted without the adopt
// annotation, for its labels and annotations only: federation writes the template's
// labels and annotations and its own marks, leaves every other label, annotation and the
// namespace's contents alone, and does not mark it created.
//
// Deletion never destroys what federation did not put there. Deleting the object (or
// dropping a cluster from its placement) deletes a member namespace only when federation
// created it and it holds nothing federation does not manage: no object without the
// federation.k8s.io/managed label and without an owner reference, in any namespaced
// resource the member's discovery lists and that can be listed, leaving aside events,
// core/v1 Endpoints, the ServiceAccount "default" and the ConfigMap "kube-root-ca.crt"
// that the member creates in every namespace. Otherwise federation keeps the namespace,
// removes its own label and annotations from it, and says why in a NamespaceKept event on
// the FederatedNamespace. With propagationPolicy=Orphan (kubectl delete --cascade=orphan)
// every member namespace is kept, released the same way.
type FederatedNamespace struct {
	metav1.TypeMeta `json:",inline"`
	// Standard object metadata. The name is the member namespaces' name.
	// +optional
	metav1.ObjectMeta `json:"metadata,omitempty"`
	// Spec is the Namespace template and where it goes.
	Spec FederatedNamespaceSpec `json:"spec"`
	// Status reports what each member cluster did with the namespace; each placed
	// cluster's row has the member namespace's phase (Active or Terminating) in memberPhase.
	// +optional
	Status FederatedStatus `json:"status,omitempty"`
}

// FederatedNamespaceSpec is a Namespace template plus its placement and overrides.
type FederatedNamespaceSpec struct {
	// Template is the Namespace written to each member, minus its name.
	Template        NamespaceTemplate `json:"template"`
	PropagationSpec `json:",inline"`
}

// NamespaceTemplate is the body of the Namespace written to members: its labels and
// annotations. The Namespace's spec.finalizers are not part of it: each member sets its own
// (kubernetes), and a finalizer federation owned would hold the member's deletion of the
// namespace until federation removed it.
type NamespaceTemplate struct {
	// Metadata of the member Namespace: labels and annotations. The name comes from the
	// federated object and may not be set here.
	// +optional
	metav1.ObjectMeta `json:"metadata,omitempty"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// FederatedNamespaceList is a list of FederatedNamespaces.
type FederatedNamespaceList struct {
	metav1.TypeMeta `json:",inline"`
	// Standard list metadata.
	// +optional
	metav1.ListMeta `json:"metadata,omitempty"`
	// Items are the FederatedNamespaces.
	Items []FederatedNamespace `json:"items"`
}
