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
	"strings"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
)

// Reasons of the health conditions (Ready, Available, Reconciling, Stalled).
const (
	ReasonReady             = "Ready"
	ReasonNotPropagated     = "NotPropagated"
	ReasonRolloutInProgress = "RolloutInProgress"
	ReasonAllAvailable      = "AllClustersAvailable"
	ReasonUnavailable       = "ClustersUnavailable"
	ReasonNotStalled        = "NotStalled"
	ReasonStalled           = "Stalled"
	// ReasonMemberRefused: a member refuses the object (Invalid, Forbidden by admission).
	ReasonMemberRefused = "MemberRefused"
	// ReasonReplicasNotSchedulable: spec.replicaScheduling's bounds cannot be met.
	ReasonReplicasNotSchedulable = "ReplicasNotSchedulable"
)

// WithHealth returns st with obj's health recorded: for workloads (a member kind in the
// workloads table) the sums of the members' status and each row's ready and available
// replicas, the Available condition; for every kind the Ready, Reconciling and Stalled
// conditions, which kstatus (sigs.k8s.io/cli-utils/pkg/kstatus/status: Flux, Helm 4) and
// kubectl wait read. outcomes are the same ones Status recorded, their Object being the
// member's copy (as the apply returned it, or from the sync controller's member cache).
// sched is obj's division of replicas (nil without replicaScheduling). st is not modified.
//
// kstatus's generic rules, for a kind it does not know: observedGeneration behind
// generation is InProgress; a condition Reconciling=True is InProgress and Stalled=True is
// Failed (whichever comes first in the list, so at most one of them is True here); then
// Ready=False is InProgress and Ready=True is Current. status.observedGeneration advances
// as soon as federation has written a generation (Status); while members roll it out,
// Reconciling=True and Ready=False keep kstatus at InProgress.
func WithHealth(obj fedv1beta1.FederatedObject, st fedv1beta1.FederatedStatus, sched *Schedule, outcomes []Outcome) fedv1beta1.FederatedStatus {
	st.Clusters = slices.Clone(st.Clusters)
	st.Conditions = slices.Clone(st.Conditions)
	gen := obj.GetGeneration()
	set := func(t string, status metav1.ConditionStatus, reason, message string) {
		meta.SetStatusCondition(&st.Conditions, metav1.Condition{Type: t, Status: status, Reason: reason,
			Message: truncate(message), ObservedGeneration: gen})
	}
	ready, why := metav1.ConditionTrue, ""
	if c := meta.FindStatusCondition(st.Conditions, fedv1beta1.ConditionPropagated); c == nil || c.Status != metav1.ConditionTrue {
		ready, why = metav1.ConditionFalse, ReasonNotPropagated
	}
	readyMessage := "Propagated to every placed cluster."
	if why != "" {
		readyMessage = propagatedMessage(st)
	}
	st.Replicas, st.UpdatedReplicas, st.ReadyReplicas, st.AvailableReplicas, st.UnavailableReplicas = nil, nil, nil, nil, nil
	if read := workloadKinds[obj.MemberType().Kind]; read != nil {
		w := aggregate(read, &st, sched, outcomes)
		available, availableReason := metav1.ConditionTrue, ReasonAllAvailable
		if len(w.unavailable) > 0 || w.sum.available < w.desired {
			available, availableReason = metav1.ConditionFalse, ReasonUnavailable
		}
		set(fedv1beta1.ConditionAvailable, available, availableReason, w.availableMessage())
		if why == "" && len(w.incomplete) > 0 {
			ready, why = metav1.ConditionFalse, ReasonRolloutInProgress
			readyMessage = "Rolling out in: " + strings.Join(w.incomplete, "; ") + "."
		} else if why == "" {
			readyMessage = fmt.Sprintf("Propagated and rolled out in every placed cluster; %d of %d replicas available.", w.sum.available, w.desired)
		}
	} else {
		meta.RemoveStatusCondition(&st.Conditions, fedv1beta1.ConditionAvailable)
	}
	if why == "" {
		why = ReasonReady
	}
	set(fedv1beta1.ConditionReady, ready, why, readyMessage)

	stalledReason, stalledMessage := stalled(outcomes, sched)
	switch {
	case stalledReason != "":
		set(fedv1beta1.ConditionStalled, metav1.ConditionTrue, stalledReason, stalledMessage)
		set(fedv1beta1.ConditionReconciling, metav1.ConditionFalse, ReasonStalled, "Propagation cannot succeed until the object or a member changes; see Stalled.")
	case ready != metav1.ConditionTrue:
		set(fedv1beta1.ConditionStalled, metav1.ConditionFalse, ReasonNotStalled, "Nothing keeps propagation from succeeding.")
		set(fedv1beta1.ConditionReconciling, metav1.ConditionTrue, why, readyMessage)
	default:
		set(fedv1beta1.ConditionStalled, metav1.ConditionFalse, ReasonNotStalled, "Nothing keeps propagation from succeeding.")
		set(fedv1beta1.ConditionReconciling, metav1.ConditionFalse, ReasonReady, "Ready.")
	}
	return st
}

func propagatedMessage(st fedv1beta1.FederatedStatus) string {
	if c := meta.FindStatusCondition(st.Conditions, fedv1beta1.ConditionPropagated); c != nil {
		return c.Message
	}
	return "Not written to the members yet."
}

// stalled returns the reason and message of Stalled=True, or "" when nothing that only a
// change can fix keeps obj from propagating: a member refusing the object itself
// (RefusesObject), a copy that is not federation's (Conflict), overrides that do not apply,
// or replica bounds that cannot be met. Outages, timeouts and missing namespaces are retried
// and are not stalls.
func stalled(outcomes []Outcome, sched *Schedule) (string, string) {
	var reason string
	var parts []string
	for _, o := range outcomes {
		var override *OverrideError
		switch {
		case o.Err == nil:
			continue
		case RefusesObject(o.Err):
			reason = firstNonEmpty(reason, ReasonMemberRefused)
		case o.Reason == ReasonConflict || errors.As(o.Err, &override):
			reason = firstNonEmpty(reason, o.Reason)
		default:
			continue
		}
		parts = append(parts, fmt.Sprintf("cluster %s refuses the object (%s): %s", o.Cluster, o.Reason, o.Err))
	}
	if sched != nil && sched.Result.Infeasible {
		reason = firstNonEmpty(reason, ReasonReplicasNotSchedulable)
		parts = append(parts, "replicas cannot be scheduled: "+sched.Result.Message)
	}
	if reason == "" {
		return "", ""
	}
	return reason, upperFirst(strings.Join(parts, "; ")) + "."
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
