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
	batchv1 "k8s.io/api/batch/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// +genclient
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// FederatedJob is a batch/v1 Job propagated to the member clusters its placement selects,
// each member running its own Job, with parallelism (and completions) optionally spread
// over them.
//
// What each member's Job controller generates is the member's and never written by
// federation: spec.selector, the controller-uid, batch.kubernetes.io/controller-uid,
// job-name and batch.kubernetes.io/job-name labels of the pod template, and the status.
// A template that sets spec.selector or spec.manualSelector is refused.
//
// A Job's pod template, selector, completionMode and most other spec fields cannot change
// once it exists (batch/v1 validation, ValidateJobUpdate): such a change to the template is
// refused (Invalid, "field is immutable", with its field path) before anything is stored,
// unless spec.recreateOnImmutableChange is true. What may change in place: parallelism,
// suspend, activeDeadlineSeconds, backoffLimit, ttlSecondsAfterFinished, maxFailedIndexes,
// and completions together with parallelism in Indexed mode (elastic Indexed Jobs).
//
// Status: status.active, succeeded and failed are the members' counts summed;
// status.startTime is the earliest member start once every member has started, and
// status.completionTime the latest member completion once every member has completed (as
// Karmada aggregates Jobs). Conditions, besides the shared ones:
//   - Complete: True (reason AllClustersComplete) when every placed cluster's Job has its
//     Complete condition True; False while any runs (or has not been written yet).
//   - Failed: True (reason ClustersFailed) when any placed cluster's Job has its Failed
//     condition True, the message naming the clusters and their Job's reason
//     (BackoffLimitExceeded, DeadlineExceeded, ...); False otherwise.
//
// So `kubectl wait --for=condition=Complete` and `--for=condition=Failed` work as on a Job.
// Ready is True only once every member completed; while they run Ready is False (reason
// NotComplete) and Reconciling True, so kstatus reads a running FederatedJob as InProgress,
// a complete one as Current, and a failed one as Failed (Stalled True, reason JobFailed,
// Ready False), as kstatus reads a Job itself.
//
// A member Job that finished and was then deleted in the member (ttlSecondsAfterFinished,
// or by hand) is not created again: its status row keeps finished (Complete or Failed) and
// it counts as finished, until the FederatedJob's spec changes; the summed counts then no
// longer include its pods.
type FederatedJob struct {
	metav1.TypeMeta `json:",inline"`
	// Standard object metadata.
	// +optional
	metav1.ObjectMeta `json:"metadata,omitempty"`
	// Spec is the Job template and where it goes.
	Spec FederatedJobSpec `json:"spec"`
	// Status reports what each member cluster did with the object.
	// +optional
	Status FederatedStatus `json:"status,omitempty"`
}

// FederatedJobSpec is a Job template plus its placement, overrides and replica scheduling.
type FederatedJobSpec struct {
	// Template is the Job written to each member, minus its name and namespace.
	Template        JobTemplate `json:"template"`
	PropagationSpec `json:",inline"`
	// ReplicaScheduling spreads template.spec.parallelism (unset means 1) over the placed
	// clusters as a FederatedDeployment's replicaScheduling spreads its replicas: each
	// cluster's Job gets its share as spec.parallelism, recorded in
	// status.clusters[].replicas. When the template sets spec.completions, the completions are
	// divided too, in proportion to the clusters' parallelism (Karmada's rule for Jobs), so
	// that the members' completions add up to the template's; a cluster with no parallelism
	// gets no completions. When unset, every placed cluster runs the template's parallelism
	// and completions.
	// +optional
	ReplicaScheduling *ReplicaScheduling `json:"replicaScheduling,omitempty"`
	// RecreateOnImmutableChange, when true, accepts a change of a field a Job does not let
	// change in place (the pod template, completionMode, podFailurePolicy, ...): federation
	// then deletes each member's Job (propagation policy Background, so its pods go too) and
	// creates it again from the new template, which runs the Job again from the start. This
	// happens in the write-through and in the sync controller alike, wherever a member
	// refuses the update as immutable. When false (the default) such a change is refused
	// with the field's path before anything is stored.
	// +optional
	RecreateOnImmutableChange bool `json:"recreateOnImmutableChange,omitempty"`
}

// JobTemplate is the body of the Job written to members.
type JobTemplate struct {
	// Metadata of the member Job: labels and annotations. Name and namespace come from the
	// federated object and may not be set here.
	// +optional
	metav1.ObjectMeta `json:"metadata,omitempty"`
	// Spec is the member Job's spec. selector and manualSelector are the member's: they may
	// not be set.
	// +optional
	Spec batchv1.JobSpec `json:"spec,omitempty"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// FederatedJobList is a list of FederatedJobs.
type FederatedJobList struct {
	metav1.TypeMeta `json:",inline"`
	// Standard list metadata.
	// +optional
	metav1.ListMeta `json:"metadata,omitempty"`
	// Items are the FederatedJobs.
	Items []FederatedJob `json:"items"`
}

// Condition types of kinds whose members run to completion (FederatedJob), named as a Job's.
const (
	// ConditionComplete is True when every placed cluster's copy completed (a Job's
	// Complete condition is True).
	ConditionComplete = "Complete"
	// ConditionFailed is True when some placed cluster's copy failed (a Job's Failed
	// condition is True); its message names the clusters.
	ConditionFailed = "Failed"
)

// Values of ClusterPropagationStatus.Finished.
const (
	FinishedComplete = "Complete"
	FinishedFailed   = "Failed"
)
