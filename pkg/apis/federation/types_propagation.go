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

package federation

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// PropagationSpec is the part of every federated object's spec that says where the template
// goes and how it differs per cluster. Every federated kind embeds it.
type PropagationSpec struct {
	// Placement selects the member clusters that receive the object.
	Placement Placement `json:"placement"`
	// Overrides change the rendered object for individual clusters.
	// +optional
	// +listType=map
	// +listMapKey=clusterName
	Overrides []ClusterOverride `json:"overrides,omitempty"`
}

// Placement selects member clusters by name, by label selector, or both (the union).
type Placement struct {
	// Clusters lists member clusters by name.
	// +optional
	// +listType=map
	// +listMapKey=name
	Clusters []ClusterReference `json:"clusters,omitempty"`
	// ClusterSelector selects member clusters by the labels of their Cluster objects.
	// An empty selector selects every cluster.
	// +optional
	ClusterSelector *metav1.LabelSelector `json:"clusterSelector,omitempty"`
}

// ClusterReference names a member cluster.
type ClusterReference struct {
	// Name of the Cluster.
	Name string `json:"name"`
}

// ClusterOverride changes the rendered object for one member cluster.
type ClusterOverride struct {
	// ClusterName is the member cluster the patches apply to.
	ClusterName string `json:"clusterName"`
	// Patches are JSON-patch (RFC 6902) operations applied, in order, to the rendered member
	// object, e.g. {op: replace, path: /spec/replicas, value: 2}.
	// +listType=atomic
	Patches []OverridePatch `json:"patches"`
}

// Supported override operations.
const (
	OverrideOpAdd     = "add"
	OverrideOpRemove  = "remove"
	OverrideOpReplace = "replace"
)

// OverridePatch is one JSON-patch operation on the rendered member object.
type OverridePatch struct {
	// Op is the operation: add, remove or replace. As in Kubernetes' own JSON patch, replace
	// of an object key the rendered object lacks adds it; remove of a missing path fails.
	Op string `json:"op"`
	// Path is a JSON pointer (RFC 6901) into the member object, e.g. /spec/replicas or
	// /metadata/labels/tier. metadata.name and metadata.namespace cannot be patched.
	Path string `json:"path"`
	// Value is the JSON value for add and replace; it must be absent for remove. A null
	// value reads as absent: use remove to drop a field.
	// +optional
	Value *JSON `json:"value,omitempty"`
}

// ReplicaScheduling spreads a workload's replicas over its placed clusters.
type ReplicaScheduling struct {
	// Clusters holds per-cluster preferences, keyed by cluster name. Clusters without an
	// entry get weight 1.
	// +optional
	Clusters map[string]ClusterReplicaPreference `json:"clusters,omitempty"`
	// Rebalance moves replicas back to clusters that recover from being offline.
	// +optional
	Rebalance bool `json:"rebalance,omitempty"`
}

// ClusterReplicaPreference bounds and weighs the replicas one cluster receives.
type ClusterReplicaPreference struct {
	// Weight is this cluster's share relative to the others' weights.
	// +optional
	Weight int32 `json:"weight,omitempty"`
	// MinReplicas is the least this cluster receives.
	// +optional
	MinReplicas int32 `json:"minReplicas,omitempty"`
	// MaxReplicas is the most this cluster receives; unbounded when unset.
	// +optional
	MaxReplicas *int32 `json:"maxReplicas,omitempty"`
}

// Condition types of federated objects.
const (
	// ConditionPropagated is True when every placed cluster holds the current generation.
	ConditionPropagated = "Propagated"
)

// Per-cluster propagation phases.
const (
	PropagationPhasePending    = "Pending"
	PropagationPhasePropagated = "Propagated"
	PropagationPhaseFailed     = "Failed"
)

// FederatedStatus is the status every federated kind reports.
type FederatedStatus struct {
	// ObservedGeneration is the generation the status describes.
	// +optional
	ObservedGeneration int64 `json:"observedGeneration,omitempty"`
	// Conditions: Propagated.
	// +optional
	// +listType=map
	// +listMapKey=type
	Conditions []metav1.Condition `json:"conditions,omitempty"`
	// Clusters reports, per placed cluster, what the member did with the object.
	// +optional
	// +listType=map
	// +listMapKey=name
	Clusters []ClusterPropagationStatus `json:"clusters,omitempty"`
}

// ClusterPropagationStatus is one member cluster's outcome for a federated object.
type ClusterPropagationStatus struct {
	// Name of the member cluster.
	Name string `json:"name"`
	// Phase is Pending, Propagated or Failed.
	Phase string `json:"phase"`
	// Reason is a CamelCase reason for the phase, e.g. Forbidden or Timeout.
	// +optional
	Reason string `json:"reason,omitempty"`
	// Message is a human-readable explanation, usually the member's own error message.
	// +optional
	Message string `json:"message,omitempty"`
	// Generation is the member object's metadata.generation after the last write.
	// +optional
	Generation int64 `json:"generation,omitempty"`
}
