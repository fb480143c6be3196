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

package propagation

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/kinds"
)

// maxMessageLength keeps a member's error message from bloating status.
const maxMessageLength = 1024

// Condition reasons of Propagated.
const (
	ReasonAllPropagated = "AllClustersPropagated"
	ReasonSomeFailed    = "ClustersFailed"
	ReasonSomePending   = "ClustersPending"
	ReasonNoClusters    = "NoClustersPlaced"
)

// ReasonFieldManagerConflict is the reason of a cluster's status row when federation has
// stopped setting some fields of the copy there, because another field manager kept changing
// them back. The row stays Propagated: the copy holds everything else federation renders.
const ReasonFieldManagerConflict = "FieldManagerConflict"

// FieldConflict is a field of a member copy that federation has left to another field
// manager after restoring it repeatedly.
type FieldConflict struct {
	// Field names the field as server-side apply does, e.g. ".spec.replicas".
	Field string
	// Manager is the field manager that kept changing the field; empty when the member's
	// managedFields name none.
	Manager string
	// Restorations is how many times federation restored the field before leaving it.
	Restorations int
}

// String describes c for messages: the field, who changed it, how often it was restored.
func (c FieldConflict) String() string {
	manager := "an unnamed manager"
	if c.Manager != "" {
		manager = "manager " + strconv.Quote(c.Manager)
	}
	return fmt.Sprintf("%s (changed by %s, restored %d times)", c.Field, manager, c.Restorations)
}

// WithFieldConflicts returns st with conflicts (by cluster name) reported on the rows of
// their clusters: reason ReasonFieldManagerConflict and a message naming each field and its
// manager. Only Propagated rows without a reason of their own change; phases and conditions
// stay as they are, and st is not modified.
func WithFieldConflicts(st fedv1beta1.FederatedStatus, conflicts map[string][]FieldConflict) fedv1beta1.FederatedStatus {
	if len(conflicts) == 0 {
		return st
	}
	st.Clusters = slices.Clone(st.Clusters)
	for i, row := range st.Clusters {
		fields := conflicts[row.Name]
		if len(fields) == 0 || row.Phase != fedv1beta1.PropagationPhasePropagated || row.Reason != "" {
			continue
		}
		parts := make([]string, len(fields))
		for j, f := range fields {
			parts[j] = f.String()
		}
		slices.Sort(parts)
		st.Clusters[i].Reason = ReasonFieldManagerConflict
		st.Clusters[i].Message = truncate("Federation no longer sets these fields here, as another manager kept changing them: " +
			strings.Join(parts, "; ") + ". It sets them again when the object's spec changes.")
	}
	return st
}

// Status returns obj's status after outcomes: one row per cluster and the Propagated
// condition, True only when every placed cluster holds the current generation. Transition
// times carry over from prev when the condition does not change, and so does status.dns,
// which the DNS controller owns.
func Status(obj fedv1beta1.FederatedObject, prev fedv1beta1.FederatedStatus, outcomes []Outcome) fedv1beta1.FederatedStatus {
	st := fedv1beta1.FederatedStatus{
		ObservedGeneration: obj.GetGeneration(),
		Conditions:         append([]metav1.Condition(nil), prev.Conditions...),
		DNS:                prev.DNS.DeepCopy(),
	}
	var failed, pending []string
	for _, o := range outcomes {
		row := fedv1beta1.ClusterPropagationStatus{Name: o.Cluster, Phase: fedv1beta1.PropagationPhasePropagated, Generation: o.Generation, Finished: o.Finished}
		if o.Err != nil {
			row = fedv1beta1.ClusterPropagationStatus{
				Name: o.Cluster, Phase: fedv1beta1.PropagationPhaseFailed,
				Reason: o.Reason, Message: truncate(o.Err.Error()),
			}
			// A dry run that the member could not check has not failed there.
			if errors.As(o.Err, new(*NamespaceMissingError)) {
				row.Phase = fedv1beta1.PropagationPhasePending
				pending = append(pending, o.Cluster)
			} else {
				failed = append(failed, o.Cluster)
			}
		}
		st.Clusters = append(st.Clusters, row)
	}
	cond := metav1.Condition{Type: fedv1beta1.ConditionPropagated, ObservedGeneration: obj.GetGeneration()}
	switch {
	case len(outcomes) == 0:
		cond.Status, cond.Reason, cond.Message = metav1.ConditionFalse, ReasonNoClusters, "The placement selects no cluster."
	case len(failed) > 0:
		cond.Status, cond.Reason = metav1.ConditionFalse, ReasonSomeFailed
		cond.Message = fmt.Sprintf("Not propagated to %d of %d clusters: %s.", len(failed), len(outcomes), strings.Join(failed, ", "))
	case len(pending) > 0:
		cond.Status, cond.Reason = metav1.ConditionFalse, ReasonSomePending
		cond.Message = fmt.Sprintf("Not yet checked by %d of %d clusters: %s.", len(pending), len(outcomes), strings.Join(pending, ", "))
	default:
		cond.Status, cond.Reason = metav1.ConditionTrue, ReasonAllPropagated
		cond.Message = fmt.Sprintf("Propagated to all %d placed clusters.", len(outcomes))
	}
	meta.SetStatusCondition(&st.Conditions, cond)
	return st
}

// Reasons of the ReplicasScheduled condition. When the bounds cannot be met the reason is
// scheduling.Divide's (scheduling.ReasonMinimumsExceedTotal, ReasonMaximumsBelowTotal,
// ReasonNoClusters) and the message is Divide's.
const (
	// ReasonScheduled: the total was divided within every cluster's bounds.
	ReasonScheduled = "Scheduled"
	// ReasonMemberAutoscalers: the Autoscaled condition's reason, member HPAs own the replicas.
	ReasonMemberAutoscalers = "MemberAutoscalers"
)

// WithSchedule returns st with sched, obj's division of replicas (ScheduleReplicas),
// recorded: each placed cluster's row gets its share in replicas, and the ReplicasScheduled
// condition says whether the bounds were met. A sched that divides no replicas (nil: no
// replicaScheduling; or one that is not Replicated) removes both. The Autoscaled condition
// is set while sched names the FederatedHorizontalPodAutoscaler whose member HPAs own the
// replicas, and removed otherwise. Rows of clusters that are not placed (removals pending) get no replicas. st is not
// modified. The API server and the sync controller both call it on Status's result, so equal
// inputs give equal status and nothing flaps.
func WithSchedule(obj fedv1beta1.FederatedObject, st fedv1beta1.FederatedStatus, sched *Schedule) fedv1beta1.FederatedStatus {
	st.Clusters = slices.Clone(st.Clusters)
	st.Conditions = slices.Clone(st.Conditions)
	for i, row := range st.Clusters {
		st.Clusters[i].Replicas = nil
		if share, ok := sched.For(row.Name); ok {
			st.Clusters[i].Replicas = &share
		}
	}
	if sched != nil && sched.Autoscaler != "" {
		meta.SetStatusCondition(&st.Conditions, metav1.Condition{Type: fedv1beta1.ConditionAutoscaled, Status: metav1.ConditionTrue,
			Reason: ReasonMemberAutoscalers, ObservedGeneration: obj.GetGeneration(),
			Message: fmt.Sprintf("The replicas belong to the member HorizontalPodAutoscalers of FederatedHorizontalPodAutoscaler %s; federation neither writes nor restores them.", sched.Autoscaler)})
	} else {
		meta.RemoveStatusCondition(&st.Conditions, fedv1beta1.ConditionAutoscaled)
	}
	if !sched.Replicated() {
		meta.RemoveStatusCondition(&st.Conditions, fedv1beta1.ConditionReplicasScheduled)
		if len(st.Conditions) == 0 {
			st.Conditions = nil
		}
		return st
	}
	cond := metav1.Condition{Type: fedv1beta1.ConditionReplicasScheduled, ObservedGeneration: obj.GetGeneration()}
	if r := sched.Result; r.Infeasible {
		cond.Status, cond.Reason, cond.Message = metav1.ConditionFalse, r.Reason, truncate(upperFirst(r.Message)+".")
	} else {
		cond.Status, cond.Reason = metav1.ConditionTrue, ReasonScheduled
		noun := "replicas"
		if sched.Total == 1 {
			noun = "replica"
		}
		cond.Message = fmt.Sprintf("Scheduled %d %s: %s.", sched.Total, noun, sched.String())
	}
	if len(sched.Unschedulable) > 0 {
		cond.Message = truncate(cond.Message + fmt.Sprintf(" Not schedulable (Ready not True for longer than the failover grace), so given 0: %s.",
			strings.Join(sched.Unschedulable, ", ")))
	}
	meta.SetStatusCondition(&st.Conditions, cond)
	return st
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// RemovalPending returns the status row of a cluster that obj still has to be removed from
// (deleted, or dropped from the placement) because removal failed there.
func RemovalPending(o Outcome) fedv1beta1.ClusterPropagationStatus {
	return fedv1beta1.ClusterPropagationStatus{
		Name: o.Cluster, Phase: fedv1beta1.PropagationPhasePending, Reason: o.Reason,
		Message: truncate("Waiting to remove the object from this cluster: " + o.Err.Error()),
	}
}

// DeletionStatus returns the status of a deleted object whose removal failed in some
// clusters: one pending row for each of those, conditions kept.
func DeletionStatus(prev fedv1beta1.FederatedStatus, failed []Outcome) fedv1beta1.FederatedStatus {
	st := *prev.DeepCopy()
	st.Clusters = nil
	for _, o := range failed {
		st.Clusters = append(st.Clusters, RemovalPending(o))
	}
	return st
}

// Unplaced returns the clusters obj's status reports on that are not in placed: those it
// was written to and must be removed from. Excluded rows name clusters it was not written to.
func Unplaced(obj fedv1beta1.FederatedObject, placed []string) []string {
	var out []string
	for _, row := range obj.GetFederatedStatus().Clusters {
		if row.Phase != fedv1beta1.PropagationPhaseExcluded && !slices.Contains(placed, row.Name) {
			out = append(out, row.Name)
		}
	}
	return out
}

// Unreported returns a test for the clusters obj's status has no row for: as far as obj
// knows nothing was written there (a new object has no rows at all), so a write there is
// expected to create (ApplyOptions.Absent).
func Unreported(obj fedv1beta1.FederatedObject) func(cluster string) bool {
	rows := obj.GetFederatedStatus().Clusters
	return func(cluster string) bool {
		return !slices.ContainsFunc(rows, func(r fedv1beta1.ClusterPropagationStatus) bool { return r.Name == cluster })
	}
}

// Failed returns the outcomes that failed.
func Failed(outcomes []Outcome) []Outcome {
	var out []Outcome
	for _, o := range outcomes {
		if o.Err != nil {
			out = append(out, o)
		}
	}
	return out
}

func truncate(s string) string {
	if len(s) <= maxMessageLength {
		return s
	}
	return s[:maxMessageLength-3] + "..."
}

// RanThere reports whether cluster's copy of obj, of a kind that runs to completion (pkg/kinds
// Hooks.RunsToCompletion), was written for obj's current spec: its status row is
// Propagated and the status describes obj's generation. finished is the row's Finished
// (empty when the copy was not seen to finish). Such a copy that the member then deleted
// (ttlSecondsAfterFinished, or by hand) is not written again, so it does not run again,
// until the spec changes: the sync controller reports the cluster with Outcome.Gone.
func RanThere(obj fedv1beta1.FederatedObject, cluster string) (finished string, ran bool) {
	k, err := kinds.For(obj)
	st := obj.GetFederatedStatus()
	if err != nil || !k.Hooks.RunsToCompletion || st.ObservedGeneration != obj.GetGeneration() {
		return "", false
	}
	for _, row := range st.Clusters {
		if row.Name == cluster && row.Phase == fedv1beta1.PropagationPhasePropagated {
			return row.Finished, true
		}
	}
	return "", false
}
