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
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// +genclient
// +genclient:nonNamespaced
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// Cluster is a member cluster registered with the federation: where its API server is, how
// to trust it, and which credentials the federation uses to write to it.
type Cluster struct {
	metav1.TypeMeta `json:",inline"`
	// Standard object metadata.
	// +optional
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// Spec says how to reach the member cluster and where it is.
	// +optional
	Spec ClusterSpec `json:"spec,omitempty"`
	// Status is what the federation last observed of the member cluster.
	// +optional
	Status ClusterStatus `json:"status,omitempty"`
}

// ClusterSpec says how to reach a member cluster and where it is.
type ClusterSpec struct {
	// Server is the URL of the member's API server, e.g. https://10.1.2.3:6443. Either server
	// or serverAddressByClientCIDRs must be set.
	// +optional
	Server string `json:"server,omitempty"`
	// ServerAddressByClientCIDRs maps client IP ranges to the member API server address that
	// clients in that range should use, as in the original federation's Cluster.
	// +optional
	// +listType=atomic
	ServerAddressByClientCIDRs []ServerAddressByClientCIDR `json:"serverAddressByClientCIDRs,omitempty"`
	// CABundle is the PEM bundle used to verify the member API server's serving certificate.
	// When empty, the system trust roots are used.
	// +optional
	CABundle []byte `json:"caBundle,omitempty"`
	// InsecureSkipTLSVerify turns off verification of the member's serving certificate.
	// Strongly discouraged; it may not be combined with caBundle.
	// +optional
	InsecureSkipTLSVerify bool `json:"insecureSkipTLSVerify,omitempty"`
	// SecretRef names the Secret, in the federation's namespace on the host cluster, holding
	// the credentials used to write to the member: a bearer token under key "token" or a
	// kubeconfig under key "kubeconfig".
	// +optional
	SecretRef *LocalSecretReference `json:"secretRef,omitempty"`
	// Region is the region the member runs in, used for DNS names and scheduling. When empty
	// it is read from the member's node topology labels.
	// +optional
	Region string `json:"region,omitempty"`
	// Zones the member spans. When empty they are read from the member's node topology labels.
	// +optional
	// +listType=set
	Zones []string `json:"zones,omitempty"`
	// Taints keep federated workloads off this member unless their placement tolerates them.
	// +optional
	// +listType=atomic
	Taints []corev1.Taint `json:"taints,omitempty"`
}

// ServerAddressByClientCIDR maps a client CIDR to the server address clients in it should use.
type ServerAddressByClientCIDR struct {
	// ClientCIDR is the network range this address is for, e.g. 10.0.0.0/8 or 0.0.0.0/0.
	ClientCIDR string `json:"clientCIDR"`
	// ServerAddress is the host:port (or URL) of the member API server for clients in clientCIDR.
	ServerAddress string `json:"serverAddress"`
}

// LocalSecretReference names a Secret in the federation's own namespace on the host.
type LocalSecretReference struct {
	// Name of the Secret.
	Name string `json:"name"`
}

// Condition types and reasons of a Cluster.
const (
	// ClusterReady is True when the member's /readyz answered ok on the last probe.
	ClusterReady = "Ready"
	// ClusterOffline is True when the member could not be reached on the last probe.
	ClusterOffline = "Offline"
	// ClusterSchedulable is False once Ready has not been True for longer than the
	// controller-manager's --cluster-failover-grace: replicaScheduling then gives the
	// cluster 0 replicas and moves its share to the other placed clusters. It is True
	// otherwise (also while Ready is False within the grace). The cluster controller sets
	// it, so the API server and the controller-manager read the same answer.
	ClusterSchedulable = "Schedulable"
	// TaintClusterUnreachable is the NoExecute taint the cluster controller puts on a cluster
	// that has been Offline for longer than --cluster-unreachable-taint-after (when set) and
	// removes once it answers again. Objects without a toleration for it leave the cluster.
	TaintClusterUnreachable = "federation.k8s.io/unreachable"
)

// ClusterStatus is what the federation last observed of a member cluster.
type ClusterStatus struct {
	// Conditions are the latest observations of the member: Ready, Offline and Schedulable.
	// +optional
	// +listType=map
	// +listMapKey=type
	Conditions []metav1.Condition `json:"conditions,omitempty"`
	// KubernetesVersion is the member API server's git version, e.g. v1.37.2.
	// +optional
	KubernetesVersion string `json:"kubernetesVersion,omitempty"`
	// Region observed from the member's node topology labels.
	// +optional
	Region string `json:"region,omitempty"`
	// Zones observed from the member's node topology labels.
	// +optional
	// +listType=set
	Zones []string `json:"zones,omitempty"`
	// Allocatable is the sum of the member's nodes' allocatable resources (cpu, memory, pods).
	// +optional
	Allocatable corev1.ResourceList `json:"allocatable,omitempty"`
	// Allocated is what the member's pods take of that: the sum of the resource requests
	// (cpu, memory) of its pods that are bound to a node and not finished, and their count
	// as pods. Dynamic replica scheduling reads allocatable minus allocated.
	// +optional
	Allocated corev1.ResourceList `json:"allocated,omitempty"`
	// UnservedResources are the member types of federated kinds (the kinds table, pkg/kinds)
	// that the member's API does not serve: its API server lacks the group/version, or the
	// resource in it (an older or newer Kubernetes, or a group/version or resource turned
	// off with --runtime-config). Objects of those kinds are not written to this member;
	// their status row for it is Failed with reason KindNotServed. Empty when the member
	// serves them all. The cluster controller reads it from the member's API discovery (one
	// request per group/version) when the member's version changes, when it turns Ready and
	// every --cluster-discovery-interval, and looks for the types listed here again at every
	// probe, so that a member that gains one is written to within a probe interval.
	// +optional
	// +listType=atomic
	UnservedResources []metav1.GroupVersionResource `json:"unservedResources,omitempty"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// ClusterList is a list of Clusters.
type ClusterList struct {
	metav1.TypeMeta `json:",inline"`
	// Standard list metadata.
	// +optional
	metav1.ListMeta `json:"metadata,omitempty"`
	// Items are the Clusters.
	Items []Cluster `json:"items"`
}
