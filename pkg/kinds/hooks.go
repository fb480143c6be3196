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

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"k8s.io/federation/pkg/apis/federation"
	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/scheduling"
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
	// ReplicasPath is the field of the member object that holds its replicas, e.g. [spec
	// replicas]: where a cluster's share of spec.replicaScheduling goes (Divide), what the
	// workload's desired replicas are read from, and what a member HorizontalPodAutoscaler
	// owns when a FederatedHorizontalPodAutoscaler targets the workload (federation then
	// leaves it out of the member object). Set on the kinds whose objects are
	// federation.ReplicaScheduledObjects, and only there.
	ReplicasPath []string
	// Divide writes cluster's part of what obj (a v1beta1 object of the kind) divides over
	// its placed clusters into member, the object rendered for cluster, after Prepare and
	// before the cluster's overrides (so an override still wins): a workload's share of
	// spec.replicaScheduling at ReplicasPath (with a Job's completions divided in proportion), a FederatedHorizontalPodAutoscaler's part of
	// minReplicas and maxReplicas. d is the division the propagation engine made
	// (propagation.ScheduleReplicas). It changes member in place; an error fails that
	// cluster's render. Kinds without it divide nothing.
	Divide func(obj fedv1beta1.FederatedObject, member map[string]any, cluster string, d Division) error
	// RecordMember records what a member copy reports in its own status into row (its
	// cluster's status row) and adds it to st's sums (a member HorizontalPodAutoscaler's
	// currentReplicas and desiredReplicas; a Namespace's phase, row only), for kinds whose
	// status is read without a workload's health. st's sums of the kind are reset before
	// the first copy. It returns an error, having recorded nothing, when copy cannot be
	// read as the member kind; that copy is left out.
	RecordMember func(copy *unstructured.Unstructured, row *fedv1beta1.ClusterPropagationStatus, st *fedv1beta1.FederatedStatus) error
	// ValidateUpdate returns the kind's own errors for a change from old to obj (internal
	// objects of the kind), with paths under specPath (spec): fields the member kind does not
	// let change in place (a Job's pod template). The registry strategy appends them to
	// ValidateUpdate's errors, so such a change is refused before it is stored.
	ValidateUpdate func(obj, old federation.FederatedObject, specPath *field.Path) field.ErrorList
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
	// Ownership is the kind's own rule for member objects federation did not write for the
	// federated object, and for removing its copies. Kinds without it follow the shared
	// rules (pkg/propagation): such an object is a Conflict until the federated object has
	// the adopt annotation, and a copy federation removes is deleted.
	Ownership *Ownership
}

// CreatedAnnotation on a member object says that federation created it ("true"). Only kinds
// with Ownership get it, from a plain create made before the first apply (so the apply,
// whose fields federation keeps setting, does not own it, and a later apply never adds it):
// a copy federation adopted never carries it.
const CreatedAnnotation = "federation.k8s.io/created"

// Ownership is a kind's rule for who owns a member object and when federation may delete it
// (Hooks.Ownership).
type Ownership struct {
	// Adopt reports whether existing, a member object of the federated object's name that
	// federation did not write for it, is taken over without the adopt annotation.
	Adopt func(existing *unstructured.Unstructured) bool
	// Keep returns why a copy federation is about to delete (the federated object deleted,
	// or the cluster dropped from its placement) must be kept instead, or "" to delete it.
	// held lists, as kind/name, what the member holds in the copy that federation does not
	// manage; Keep calls it only when it needs to. A kept copy is released as an orphaning
	// delete releases it (federation's label and annotations removed) and the release is
	// reported. An error leaves the removal pending, to be retried.
	Keep func(ctx context.Context, copy *unstructured.Unstructured, held func(ctx context.Context) ([]string, error)) (string, error)
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

// Division is what a kind's Divide hook divides over (see Hooks.Divide).
type Division struct {
	// Share is the cluster's share of spec.replicaScheduling's total; nil when the object
	// has no replicaScheduling (or its replicas belong to member HorizontalPodAutoscalers).
	Share *int32
	// Clusters are the clusters to divide over, sorted by name, each with its weight
	// (spec.replicaScheduling.clusters[].weight; 1 when unset or 0); nil when the kind
	// divides only a replicaScheduling share. A Divide hook passes them to
	// scheduling.Divide.
	Clusters []scheduling.ClusterPreference
	// Shares are every placed cluster's share of spec.replicaScheduling's total, by cluster
	// name (Share's included), when Share is set: for fields divided in proportion to the
	// shares (a Job's completions).
	Shares map[string]int32
	// Key orders ties in scheduling.Divide: the object's UID.
	Key string
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
