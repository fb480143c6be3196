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

package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// DNSEndpoint is a set of DNS records that external-dns publishes (its "crd" source). The
// resource is namespaced and has a status subresource, which external-dns writes.
type DNSEndpoint struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// Spec is the records to publish.
	Spec DNSEndpointSpec `json:"spec,omitempty"`
	// Status is what external-dns observed.
	Status DNSEndpointStatus `json:"status,omitempty"`
}

// DNSEndpointSpec is the desired state of a DNSEndpoint.
type DNSEndpointSpec struct {
	// Endpoints is the list of DNS records this resource declares.
	// +kubebuilder:validation:MaxItems=1000
	Endpoints []Endpoint `json:"endpoints,omitempty"`
}

// Endpoint is the records of one type at one DNS name, as external-dns's endpoint.Endpoint.
type Endpoint struct {
	// DNSName is the hostname of the DNS record, without the trailing dot.
	// +kubebuilder:validation:Required
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=254
	DNSName string `json:"dnsName,omitempty"`
	// Targets are the values the DNS record points to: IP addresses for A and AAAA, one
	// hostname for a CNAME.
	// +kubebuilder:validation:MaxItems=1000
	Targets []string `json:"targets,omitempty"`
	// RecordType is the DNS record type.
	// +kubebuilder:validation:Required
	// +kubebuilder:validation:Enum=A;AAAA;CNAME;DNAME;MX;NAPTR;NS;PTR;SRV;TLSA;TXT
	RecordType string `json:"recordType,omitempty"`
	// SetIdentifier distinguishes multiple records with the same name and type (e.g. Route53
	// records with routing policies other than 'simple').
	// +kubebuilder:validation:MaxLength=255
	SetIdentifier string `json:"setIdentifier,omitempty"`
	// RecordTTL is the TTL of the record in seconds; 0 means not set, and lets the DNS
	// provider apply its own default.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=2147483647
	RecordTTL int64 `json:"recordTTL,omitempty"`
	// Labels stores labels defined for the Endpoint.
	Labels map[string]string `json:"labels,omitempty"`
	// ProviderSpecific stores provider specific config.
	// +kubebuilder:validation:MaxItems=100
	ProviderSpecific []ProviderSpecificProperty `json:"providerSpecific,omitempty"`
}

// ProviderSpecificProperty holds the name and value of a configuration which is specific to
// individual DNS providers.
type ProviderSpecificProperty struct {
	// Name of the provider-specific property.
	// +kubebuilder:validation:Required
	// +kubebuilder:validation:MinLength=1
	Name string `json:"name,omitempty"`
	// Value of the provider-specific property.
	Value string `json:"value,omitempty"`
}

// DNSEndpointStatus is the observed state of a DNSEndpoint.
type DNSEndpointStatus struct {
	// ObservedGeneration is the generation observed by the external-dns controller.
	ObservedGeneration int64 `json:"observedGeneration,omitempty"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// DNSEndpointList is a list of DNSEndpoint objects.
type DNSEndpointList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []DNSEndpoint `json:"items"`
}
