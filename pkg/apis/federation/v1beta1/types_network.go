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
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// The federated kinds whose members expose network endpoints. Their pkg/kinds entries add
// what is theirs: validation of what every member would refuse alike, and the members'
// load-balancer addresses in status.loadBalancer (see FederatedStatus).

// +genclient
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// FederatedService is a Service propagated to the member clusters its placement selects.
// What each member allocates is the member's and never written by federation: the cluster
// IPs, the node ports and health-check node port the template leaves unset, the IP family
// defaults and the status. status.loadBalancer lists every member's load-balancer ingress.
type FederatedService struct {
	metav1.TypeMeta `json:",inline"`
	// Standard object metadata.
	// +optional
	metav1.ObjectMeta `json:"metadata,omitempty"`
	// Spec is the Service template and where it goes.
	Spec FederatedServiceSpec `json:"spec"`
	// Status reports what each member cluster did with the object, and the load-balancer
	// ingress points the members report.
	// +optional
	Status FederatedStatus `json:"status,omitempty"`
}

// FederatedServiceSpec is a Service template plus its placement and overrides.
type FederatedServiceSpec struct {
	// Template is the Service written to each member, minus its name and namespace.
	Template        ServiceTemplate `json:"template"`
	PropagationSpec `json:",inline"`
}

// ServiceTemplate is the body of the Service written to members.
type ServiceTemplate struct {
	// Metadata of the member Service: labels and annotations. Name and namespace come from
	// the federated object and may not be set here.
	// +optional
	metav1.ObjectMeta `json:"metadata,omitempty"`
	// Spec is the member Service's spec. Leave what a member allocates unset: clusterIP and
	// clusterIPs may only be "" or "None" (headless), as each member allocates its own from
	// its service CIDR; nodePort and healthCheckNodePort, when unset, are allocated by each
	// member and kept as it chose. A nodePort that is set is the same in every member (an
	// override can set it per cluster).
	// +optional
	Spec corev1.ServiceSpec `json:"spec,omitempty"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// FederatedServiceList is a list of FederatedServices.
type FederatedServiceList struct {
	metav1.TypeMeta `json:",inline"`
	// Standard list metadata.
	// +optional
	metav1.ListMeta `json:"metadata,omitempty"`
	// Items are the FederatedServices.
	Items []FederatedService `json:"items"`
}

// +genclient
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// FederatedIngress is an Ingress (networking.k8s.io/v1) propagated to the member clusters its
// placement selects. Its status is the member's; status.loadBalancer lists every member's
// load-balancer ingress.
type FederatedIngress struct {
	metav1.TypeMeta `json:",inline"`
	// Standard object metadata.
	// +optional
	metav1.ObjectMeta `json:"metadata,omitempty"`
	// Spec is the Ingress template and where it goes.
	Spec FederatedIngressSpec `json:"spec"`
	// Status reports what each member cluster did with the object, and the load-balancer
	// ingress points the members report.
	// +optional
	Status FederatedStatus `json:"status,omitempty"`
}

// FederatedIngressSpec is an Ingress template plus its placement and overrides.
type FederatedIngressSpec struct {
	// Template is the Ingress written to each member, minus its name and namespace.
	Template        IngressTemplate `json:"template"`
	PropagationSpec `json:",inline"`
}

// IngressTemplate is the body of the Ingress written to members.
type IngressTemplate struct {
	// Metadata of the member Ingress: labels and annotations. Name and namespace come from
	// the federated object and may not be set here.
	// +optional
	metav1.ObjectMeta `json:"metadata,omitempty"`
	// Spec is the member Ingress's spec.
	// +optional
	Spec networkingv1.IngressSpec `json:"spec,omitempty"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// FederatedIngressList is a list of FederatedIngresses.
type FederatedIngressList struct {
	metav1.TypeMeta `json:",inline"`
	// Standard list metadata.
	// +optional
	metav1.ListMeta `json:"metadata,omitempty"`
	// Items are the FederatedIngresses.
	Items []FederatedIngress `json:"items"`
}
