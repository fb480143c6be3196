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
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"k8s.io/federation/pkg/apis/federation"
	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
)

// Hooks are a kind's own rules, where the shared machinery would otherwise switch on the
// type. Each is optional: a nil hook means the kind has no such rule. A hook is added here
// when a kind needs it, not before.
type Hooks struct {
	// Validate returns the kind's own validation errors for obj (an internal object of the
	// kind), with paths under specPath (spec). The registry strategy appends them to the
	// generic validation of pkg/apis/federation/validation.
	Validate func(obj federation.FederatedObject, specPath *field.Path) field.ErrorList
	// Scale serves the kind's scale subresource (kinds with replicas).
	Scale *Scale
	// MemberHealth reads a member copy's status, for status aggregation. Kinds without it
	// get no summed counts and no Available condition; their Ready follows Propagated.
	MemberHealth func(copy *unstructured.Unstructured) (MemberHealth, error)
	// ValidateUpdate returns the kind's own errors for a change from old to obj (internal
	// objects of the kind), with paths under specPath (spec): fields the member kind does not
	// let change in place (a Job's pod template). The registry strategy appends them to
	// ValidateUpdate's errors, so such a change is refused before it is stored.
	ValidateUpdate func(obj, old federation.FederatedObject, specPath *field.Path) field.ErrorList
	// ReplicasPath is the field of the member object that receives a cluster's share of
	// spec.replicaScheduling, e.g. [spec replicas] ([spec parallelism] for a Job). Set on
	// the kinds whose objects are federation.ReplicaScheduledObjects, and only there.
	ReplicasPath []string
	// DivideWithShare, when set, adjusts the rendered member object to its cluster's share
	// after the share is set at ReplicasPath: fields divided in proportion to the shares
	// (a Job's completions, by parallelism, as Karmada divides them). It changes member in
	// place.
	DivideWithShare func(member map[string]any, share Share) error
	// PodSpec returns the pod spec of obj's template (a v1beta1 object of the kind), for
	// replicaScheduling mode Dynamic, which weighs clusters by how many of these pods fit.
	// Kinds without it have no pods to measure, and Dynamic divides as Weighted does.
	PodSpec func(obj fedv1beta1.FederatedObject) *corev1.PodSpec
	// RunsToCompletion marks kinds whose members run to completion (a Job) rather than keep
	// replicas available: their MemberHealth says Finished. They get no Available condition;
	// they get Complete (every placed member completed) and Failed (some member failed)
	// instead; Ready is True once all completed, and a failed member stalls the object. A
	// member copy that finished and was then deleted by the member is not written again
	// while the object's spec is unchanged (ClusterPropagationStatus.Finished).
	RunsToCompletion bool
	// RecreateOnImmutableChange reports whether obj asks federation to delete and recreate a
	// member copy when the member refuses an update as changing an immutable field
	// (metav1 "field is immutable"), rather than fail that cluster. Nil: never.
	RecreateOnImmutableChange func(obj fedv1beta1.FederatedObject) bool
	// RecordSums records the members' summed health in status under the member kind's own
	// status field names (a ReplicaSet's fullyLabeledReplicas, not a Deployment's
	// unavailableReplicas). Set exactly on the kinds with MemberHealth.
	RecordSums func(sum MemberHealth, st *fedv1beta1.FederatedStatus)
	// Prepare adjusts the rendered member object, before the replica share and the
	// overrides, where the template's Go type encodes a field the user did not set (a
	// Service port's targetPort 0, which the member defaults to the port): sending it would
	// make federation own a value the member replaces. It changes member in place.
	Prepare func(member map[string]any)
	// LoadBalancer reads the load-balancer ingress points a member copy reports (a Service's
	// or an Ingress's status.loadBalancer.ingress), for status.loadBalancer and each cluster's row. Kinds
	// without it have neither.
	LoadBalancer func(copy *unstructured.Unstructured) ([]corev1.LoadBalancerIngress, error)
	// Columns are the kind's printer columns after NAME, what kubectl get prints for the
	// member kind, summed over the members (e.g. READY, UP-TO-DATE, AVAILABLE for a
	// Deployment). Kinds without them print only the federation's own columns.
	Columns []Column
}

// rowColumns returns Columns from definitions and row, which computes all of an object's
// cells at once (for kinds whose cells share work, e.g. a Service's spec and status); a cell
// of an object row cannot read is nil.
func rowColumns(definitions []metav1.TableColumnDefinition, row func(obj federation.FederatedObject) ([]any, error)) []Column {
	cols := make([]Column, len(definitions))
	for i, d := range definitions {
		cols[i] = Column{Definition: d, Cell: func(obj federation.FederatedObject, _ int32) any {
			cells, err := row(obj)
			if err != nil || i >= len(cells) {
				return nil
			}
			return cells[i]
		}}
	}
	return cols
}

// Column is one of a kind's printer columns (Hooks.Columns).
type Column struct {
	// Definition is the column as the table lists it.
	Definition metav1.TableColumnDefinition
	// Cell returns the column's value for obj (an internal object of the kind); desired is
	// what its members are told to run (the READY denominator) on kinds with replicas, 0 on
	// the others.
	Cell func(obj federation.FederatedObject, desired int32) any
}

// Scale is how the scale subresource (autoscaling/v1 Scale) reads and writes a kind's
// desired replicas, on internal objects. status.replicas comes from the aggregated
// FederatedStatus, which every workload kind shares, so only the spec side differs.
type Scale struct {
	// SpecReplicasPath is the path of the desired replicas in the federated object, for the
	// managed fields a scale update hands over, e.g. [spec template spec replicas].
	SpecReplicasPath []string
	// Replicas returns the desired replicas; nil when the object leaves them unset.
	Replicas func(obj runtime.Object) *int32
	// SetReplicas sets the desired replicas.
	SetReplicas func(obj runtime.Object, replicas int32)
	// Selector returns the label selector of the pods the object runs; may be nil.
	Selector func(obj runtime.Object) *metav1.LabelSelector
}

// MemberHealth is what one member copy of a workload says about itself, read by a kind's
// MemberHealth hook with the member kind's own rules.
type MemberHealth struct {
	// Desired is the copy's spec.replicas (defaulted by the member).
	Desired int32
	// The copy's status counts, with the member kind's meaning.
	Replicas, Updated, Ready, Available, Unavailable int32
	// FullyLabeled is a ReplicaSet's status.fullyLabeledReplicas.
	FullyLabeled int32
	// Current is a StatefulSet's status.currentReplicas.
	Current int32
	// IsAvailable: the copy is available by its kind's own rule.
	IsAvailable bool
	// Complete: the copy's rollout of its current generation has completed.
	Complete bool
	// Progress describes an incomplete rollout, for messages.
	Progress string
	// Failed, when not empty, says why the copy's rollout of its current generation has
	// stopped progressing (a Deployment's Progressing=False, ProgressDeadlineExceeded), or
	// why a copy that runs to completion failed (a Job's Failed condition).
	Failed string
	// Active, Succeeded and FailedPods are a Job's status.active, succeeded and failed.
	Active, Succeeded, FailedPods int32
	// StartTime and CompletionTime are a Job's status.startTime and completionTime.
	StartTime, CompletionTime *metav1.Time
	// Finished is, on kinds that run to completion, fedv1beta1.FinishedComplete or
	// FinishedFailed once the copy has finished; empty while it runs.
	Finished string
}

// Share is one placed cluster's part of spec.replicaScheduling's division, for
// Hooks.DivideWithShare.
type Share struct {
	// Cluster is the cluster rendered for.
	Cluster string
	// Replicas is its share.
	Replicas int32
	// All is every placed cluster's share, by cluster name (Cluster's included).
	All map[string]int32
	// TieBreakKey orders equal claims in a further division (the object's UID), as
	// scheduling.Divide takes it.
	TieBreakKey string
}
