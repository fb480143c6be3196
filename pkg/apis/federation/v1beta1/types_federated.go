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
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Every federated kind below has the same shape: a template typed with the member's own
// Kubernetes type, the embedded PropagationSpec, and FederatedStatus. Adding a kind is one
// stanza here, one entry in the kinds table (pkg/kinds) and codegen.

// +genclient
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// FederatedConfigMap is a ConfigMap propagated to the member clusters its placement selects.
type FederatedConfigMap struct {
	metav1.TypeMeta `json:",inline"`
	// Standard object metadata.
	// +optional
	metav1.ObjectMeta `json:"metadata,omitempty"`
	// Spec is the ConfigMap template and where it goes.
	Spec FederatedConfigMapSpec `json:"spec"`
	// Status reports what each member cluster did with the object.
	// +optional
	Status FederatedStatus `json:"status,omitempty"`
}

// FederatedConfigMapSpec is a ConfigMap template plus its placement and overrides.
type FederatedConfigMapSpec struct {
	// Template is the ConfigMap written to each member, minus its name and namespace.
	Template        ConfigMapTemplate `json:"template"`
	PropagationSpec `json:",inline"`
}

// ConfigMapTemplate is the body of the ConfigMap written to members.
type ConfigMapTemplate struct {
	// Metadata of the member ConfigMap: labels and annotations. Name and namespace come from
	// the federated object and may not be set here.
	// +optional
	metav1.ObjectMeta `json:"metadata,omitempty"`
	// Data holds UTF-8 configuration data, as in a ConfigMap.
	// +optional
	Data map[string]string `json:"data,omitempty"`
	// BinaryData holds binary configuration data, as in a ConfigMap.
	// +optional
	BinaryData map[string][]byte `json:"binaryData,omitempty"`
	// Immutable makes the member ConfigMaps immutable.
	// +optional
	Immutable *bool `json:"immutable,omitempty"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// FederatedConfigMapList is a list of FederatedConfigMaps.
type FederatedConfigMapList struct {
	metav1.TypeMeta `json:",inline"`
	// Standard list metadata.
	// +optional
	metav1.ListMeta `json:"metadata,omitempty"`
	// Items are the FederatedConfigMaps.
	Items []FederatedConfigMap `json:"items"`
}

// +genclient
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// FederatedSecret is a Secret propagated to the member clusters its placement selects.
type FederatedSecret struct {
	metav1.TypeMeta `json:",inline"`
	// Standard object metadata.
	// +optional
	metav1.ObjectMeta `json:"metadata,omitempty"`
	// Spec is the Secret template and where it goes.
	Spec FederatedSecretSpec `json:"spec"`
	// Status reports what each member cluster did with the object.
	// +optional
	Status FederatedStatus `json:"status,omitempty"`
}

// FederatedSecretSpec is a Secret template plus its placement and overrides.
type FederatedSecretSpec struct {
	// Template is the Secret written to each member, minus its name and namespace.
	Template        SecretTemplate `json:"template"`
	PropagationSpec `json:",inline"`
}

// SecretTemplate is the body of the Secret written to members.
type SecretTemplate struct {
	// Metadata of the member Secret: labels and annotations. Name and namespace come from the
	// federated object and may not be set here.
	// +optional
	metav1.ObjectMeta `json:"metadata,omitempty"`
	// Type of the member Secret, e.g. Opaque or kubernetes.io/tls.
	// +optional
	Type corev1.SecretType `json:"type,omitempty"`
	// Data holds the secret data, base64-encoded in JSON and YAML, as in a Secret.
	// +optional
	Data map[string][]byte `json:"data,omitempty"`
	// StringData is write-only convenience input merged into data, as in a Secret.
	// +optional
	StringData map[string]string `json:"stringData,omitempty"`
	// Immutable makes the member Secrets immutable.
	// +optional
	Immutable *bool `json:"immutable,omitempty"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// FederatedSecretList is a list of FederatedSecrets.
type FederatedSecretList struct {
	metav1.TypeMeta `json:",inline"`
	// Standard list metadata.
	// +optional
	metav1.ListMeta `json:"metadata,omitempty"`
	// Items are the FederatedSecrets.
	Items []FederatedSecret `json:"items"`
}

// +genclient
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// FederatedDeployment is a Deployment propagated to the member clusters its placement
// selects, with its replicas optionally spread over them.
type FederatedDeployment struct {
	metav1.TypeMeta `json:",inline"`
	// Standard object metadata.
	// +optional
	metav1.ObjectMeta `json:"metadata,omitempty"`
	// Spec is the Deployment template and where it goes.
	Spec FederatedDeploymentSpec `json:"spec"`
	// Status reports what each member cluster did with the object.
	// +optional
	Status FederatedStatus `json:"status,omitempty"`
}

// FederatedDeploymentSpec is a Deployment template plus its placement, overrides and
// replica scheduling.
type FederatedDeploymentSpec struct {
	// Template is the Deployment written to each member, minus its name and namespace.
	Template        DeploymentTemplate `json:"template"`
	PropagationSpec `json:",inline"`
	// ReplicaScheduling spreads template.spec.replicas over the placed clusters: the template's
	// replicas (unset means 1) become the TOTAL, and each cluster's Deployment gets its share
	// as spec.replicas, recorded in status.clusters[].replicas. Minimums first, then the rest
	// by weight (Webster / Sainte-Laguë, ties ordered by the object's UID; raising the total
	// never lowers a share), never above a cluster's maxReplicas; e.g. {minReplicas: 2,
	// weight: 2} and {minReplicas: 4, weight: 3} with a total of 10 give 4 and 6. Bounds that
	// cannot be met set the condition ReplicasScheduled=False (reason MinimumsExceedTotal or
	// MaximumsBelowTotal). A cluster whose Cluster is Schedulable=False (not Ready for longer
	// than the failover grace) gets 0 and its share moves to the others; see rebalance for
	// its return. An override of /spec/replicas still wins for its cluster. When unset, every
	// placed cluster runs template.spec.replicas, and a template without replicas leaves them
	// to each member (its HPA or kubectl scale).
	// +optional
	ReplicaScheduling *ReplicaScheduling `json:"replicaScheduling,omitempty"`
}

// DeploymentTemplate is the body of the Deployment written to members.
type DeploymentTemplate struct {
	// Metadata of the member Deployment: labels and annotations. Name and namespace come from
	// the federated object and may not be set here.
	// +optional
	metav1.ObjectMeta `json:"metadata,omitempty"`
	// Spec is the member Deployment's spec.
	// +optional
	Spec appsv1.DeploymentSpec `json:"spec,omitempty"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// FederatedDeploymentList is a list of FederatedDeployments.
type FederatedDeploymentList struct {
	metav1.TypeMeta `json:",inline"`
	// Standard list metadata.
	// +optional
	metav1.ListMeta `json:"metadata,omitempty"`
	// Items are the FederatedDeployments.
	Items []FederatedDeployment `json:"items"`
}

// +genclient
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// FederatedServiceAccount is a ServiceAccount propagated to the member clusters its placement
// selects.
type FederatedServiceAccount struct {
	metav1.TypeMeta `json:",inline"`
	// Standard object metadata.
	// +optional
	metav1.ObjectMeta `json:"metadata,omitempty"`
	// Spec is the ServiceAccount template and where it goes.
	Spec FederatedServiceAccountSpec `json:"spec"`
	// Status reports what each member cluster did with the object.
	// +optional
	Status FederatedStatus `json:"status,omitempty"`
}

// FederatedServiceAccountSpec is a ServiceAccount template plus its placement and overrides.
type FederatedServiceAccountSpec struct {
	// Template is the ServiceAccount written to each member, minus its name and namespace.
	Template        ServiceAccountTemplate `json:"template"`
	PropagationSpec `json:",inline"`
}

// ServiceAccountTemplate is the body of the ServiceAccount written to members: the fields of
// a core/v1 ServiceAccount a user sets.
type ServiceAccountTemplate struct {
	// Metadata of the member ServiceAccount: labels and annotations. Name and namespace come
	// from the federated object and may not be set here.
	// +optional
	metav1.ObjectMeta `json:"metadata,omitempty"`
	// Secrets, as in a ServiceAccount: secrets in the member namespace that pods running as
	// it may use (only with the kubernetes.io/enforce-mountable-secrets annotation).
	// +optional
	// +listType=map
	// +listMapKey=name
	Secrets []corev1.ObjectReference `json:"secrets,omitempty"`
	// ImagePullSecrets, as in a ServiceAccount: secrets in the member namespace used to pull
	// the images of pods running as it.
	// +optional
	// +listType=atomic
	ImagePullSecrets []corev1.LocalObjectReference `json:"imagePullSecrets,omitempty"`
	// AutomountServiceAccountToken, as in a ServiceAccount: whether pods running as it get an
	// API token mounted automatically.
	// +optional
	AutomountServiceAccountToken *bool `json:"automountServiceAccountToken,omitempty"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// FederatedServiceAccountList is a list of FederatedServiceAccounts.
type FederatedServiceAccountList struct {
	metav1.TypeMeta `json:",inline"`
	// Standard list metadata.
	// +optional
	metav1.ListMeta `json:"metadata,omitempty"`
	// Items are the FederatedServiceAccounts.
	Items []FederatedServiceAccount `json:"items"`
}

// +genclient
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// FederatedReplicaSet is a ReplicaSet propagated to the member clusters its placement
// selects, with its replicas optionally spread over them.
type FederatedReplicaSet struct {
	metav1.TypeMeta `json:",inline"`
	// Standard object metadata.
	// +optional
	metav1.ObjectMeta `json:"metadata,omitempty"`
	// Spec is the ReplicaSet template and where it goes.
	Spec FederatedReplicaSetSpec `json:"spec"`
	// Status reports what each member cluster did with the object.
	// +optional
	Status FederatedStatus `json:"status,omitempty"`
}

// FederatedReplicaSetSpec is a ReplicaSet template plus its placement, overrides and
// replica scheduling.
type FederatedReplicaSetSpec struct {
	// Template is the ReplicaSet written to each member, minus its name and namespace.
	Template        ReplicaSetTemplate `json:"template"`
	PropagationSpec `json:",inline"`
	// ReplicaScheduling spreads template.spec.replicas over the placed clusters as a
	// FederatedDeployment's does (see FederatedDeploymentSpec.replicaScheduling): the template's
	// replicas (unset means 1) become the TOTAL, and each cluster's ReplicaSet gets its share as
	// spec.replicas, recorded in status.clusters[].replicas. When unset, every placed cluster
	// runs template.spec.replicas.
	// +optional
	ReplicaScheduling *ReplicaScheduling `json:"replicaScheduling,omitempty"`
}

// ReplicaSetTemplate is the body of the ReplicaSet written to members.
type ReplicaSetTemplate struct {
	// Metadata of the member ReplicaSet: labels and annotations. Name and namespace come from
	// the federated object and may not be set here.
	// +optional
	metav1.ObjectMeta `json:"metadata,omitempty"`
	// Spec is the member ReplicaSet's spec.
	// +optional
	Spec appsv1.ReplicaSetSpec `json:"spec,omitempty"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// FederatedReplicaSetList is a list of FederatedReplicaSets.
type FederatedReplicaSetList struct {
	metav1.TypeMeta `json:",inline"`
	// Standard list metadata.
	// +optional
	metav1.ListMeta `json:"metadata,omitempty"`
	// Items are the FederatedReplicaSets.
	Items []FederatedReplicaSet `json:"items"`
}

// +genclient
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// FederatedStatefulSet is a StatefulSet propagated to the member clusters its placement
// selects, with its replicas optionally spread over them.
type FederatedStatefulSet struct {
	metav1.TypeMeta `json:",inline"`
	// Standard object metadata.
	// +optional
	metav1.ObjectMeta `json:"metadata,omitempty"`
	// Spec is the StatefulSet template and where it goes.
	Spec FederatedStatefulSetSpec `json:"spec"`
	// Status reports what each member cluster did with the object.
	// +optional
	Status FederatedStatus `json:"status,omitempty"`
}

// FederatedStatefulSetSpec is a StatefulSet template plus its placement, overrides and
// replica scheduling.
type FederatedStatefulSetSpec struct {
	// Template is the StatefulSet written to each member, minus its name and namespace.
	Template        StatefulSetTemplate `json:"template"`
	PropagationSpec `json:",inline"`
	// ReplicaScheduling spreads template.spec.replicas over the placed clusters as a
	// FederatedDeployment's does (see FederatedDeploymentSpec.replicaScheduling): the template's
	// replicas (unset means 1) become the TOTAL, and each cluster's StatefulSet gets its share as
	// spec.replicas, recorded in status.clusters[].replicas. When unset, every placed cluster
	// runs template.spec.replicas.
	// +optional
	ReplicaScheduling *ReplicaScheduling `json:"replicaScheduling,omitempty"`
}

// StatefulSetTemplate is the body of the StatefulSet written to members.
type StatefulSetTemplate struct {
	// Metadata of the member StatefulSet: labels and annotations. Name and namespace come from
	// the federated object and may not be set here.
	// +optional
	metav1.ObjectMeta `json:"metadata,omitempty"`
	// Spec is the member StatefulSet's spec.
	// +optional
	Spec appsv1.StatefulSetSpec `json:"spec,omitempty"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// FederatedStatefulSetList is a list of FederatedStatefulSets.
type FederatedStatefulSetList struct {
	metav1.TypeMeta `json:",inline"`
	// Standard list metadata.
	// +optional
	metav1.ListMeta `json:"metadata,omitempty"`
	// Items are the FederatedStatefulSets.
	Items []FederatedStatefulSet `json:"items"`
}

// +genclient
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// FederatedDaemonSet is a DaemonSet propagated to the member clusters its placement
// selects.
type FederatedDaemonSet struct {
	metav1.TypeMeta `json:",inline"`
	// Standard object metadata.
	// +optional
	metav1.ObjectMeta `json:"metadata,omitempty"`
	// Spec is the DaemonSet template and where it goes.
	Spec FederatedDaemonSetSpec `json:"spec"`
	// Status reports what each member cluster did with the object.
	// +optional
	Status FederatedStatus `json:"status,omitempty"`
}

// FederatedDaemonSetSpec is a DaemonSet template plus its placement and overrides.
type FederatedDaemonSetSpec struct {
	// Template is the DaemonSet written to each member, minus its name and namespace.
	Template        DaemonSetTemplate `json:"template"`
	PropagationSpec `json:",inline"`
}

// DaemonSetTemplate is the body of the DaemonSet written to members.
type DaemonSetTemplate struct {
	// Metadata of the member DaemonSet: labels and annotations. Name and namespace come from
	// the federated object and may not be set here.
	// +optional
	metav1.ObjectMeta `json:"metadata,omitempty"`
	// Spec is the member DaemonSet's spec.
	// +optional
	Spec appsv1.DaemonSetSpec `json:"spec,omitempty"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// FederatedDaemonSetList is a list of FederatedDaemonSets.
type FederatedDaemonSetList struct {
	metav1.TypeMeta `json:",inline"`
	// Standard list metadata.
	// +optional
	metav1.ListMeta `json:"metadata,omitempty"`
	// Items are the FederatedDaemonSets.
	Items []FederatedDaemonSet `json:"items"`
}
