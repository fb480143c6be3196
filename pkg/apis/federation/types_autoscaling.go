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
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// FederatedHorizontalPodAutoscaler is a HorizontalPodAutoscaler (autoscaling/v2) propagated
// to the member clusters its placement selects, with template.spec.minReplicas and
// maxReplicas divided over them, as the original federation's HPA controller did: each
// member HPA scales its own cluster's workload between its part of the bounds. When the
// template's scaleTargetRef names a workload that is federated too (a FederatedDeployment of
// the same name in the same namespace for a Deployment), the member HPAs own that workload's
// replicas: federation no longer writes or restores them. status sums the members'
// currentReplicas and desiredReplicas.
type FederatedHorizontalPodAutoscaler struct {
	metav1.TypeMeta `json:",inline"`
	// Standard object metadata.
	// +optional
	metav1.ObjectMeta `json:"metadata,omitempty"`
	// Spec is the HorizontalPodAutoscaler template and where it goes.
	Spec FederatedHorizontalPodAutoscalerSpec `json:"spec"`
	// Status reports what each member cluster did with the object, and the members' summed
	// currentReplicas and desiredReplicas.
	// +optional
	Status FederatedStatus `json:"status,omitempty"`
}

// FederatedHorizontalPodAutoscalerSpec is a HorizontalPodAutoscaler template plus its
// placement, overrides and the weights that divide its bounds.
type FederatedHorizontalPodAutoscalerSpec struct {
	// Template is the HorizontalPodAutoscaler written to each member, minus its name and
	// namespace. Its spec.minReplicas (unset means 1) and spec.maxReplicas are the TOTALS
	// across the placed clusters: each member HPA gets its part (see ReplicaScheduling).
	Template        HorizontalPodAutoscalerTemplate `json:"template"`
	PropagationSpec `json:",inline"`
	// ReplicaScheduling weighs the placed clusters for the division of minReplicas and
	// maxReplicas; only clusters[].weight applies (unset or 0 means 1; minReplicas,
	// maxReplicas, mode Dynamic and rebalance are refused here). When unset every placed
	// cluster weighs 1. Each bound is divided with the FederatedDeployment's rule (Webster /
	// Sainte-Laguë, ties ordered by the object's UID) with every cluster given at least 1:
	// a member HPA needs minReplicas >= 1, so a minReplicas (or maxReplicas) below the
	// number of placed clusters is ROUNDED UP to one per cluster, and the members' bounds
	// then add up to more than the template's. Dividing both bounds by the same weights
	// gives every member maxReplicas >= its minReplicas (the division never lowers a share
	// when the total grows). An override of /spec/minReplicas or /spec/maxReplicas still
	// wins for its cluster; status.clusters[].minReplicas and .maxReplicas show what each
	// member HPA has. Failover does not move the bounds.
	// +optional
	ReplicaScheduling *ReplicaScheduling `json:"replicaScheduling,omitempty"`
}

// HorizontalPodAutoscalerTemplate is the body of the HorizontalPodAutoscaler written to
// members.
type HorizontalPodAutoscalerTemplate struct {
	// Metadata of the member HorizontalPodAutoscaler: labels and annotations. Name and
	// namespace come from the federated object and may not be set here.
	// +optional
	metav1.ObjectMeta `json:"metadata,omitempty"`
	// Spec is the member HorizontalPodAutoscaler's spec, with minReplicas and maxReplicas as
	// totals over the placed clusters.
	// +optional
	Spec autoscalingv2.HorizontalPodAutoscalerSpec `json:"spec,omitempty"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// FederatedHorizontalPodAutoscalerList is a list of FederatedHorizontalPodAutoscalers.
type FederatedHorizontalPodAutoscalerList struct {
	metav1.TypeMeta `json:",inline"`
	// Standard list metadata.
	// +optional
	metav1.ListMeta `json:"metadata,omitempty"`
	// Items are the FederatedHorizontalPodAutoscalers.
	Items []FederatedHorizontalPodAutoscaler `json:"items"`
}
