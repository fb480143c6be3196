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
	"maps"
	"slices"
	"strings"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/scheduling"
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
	// ReasonReplicasNotSchedulable: spec.replicaScheduling's bounds cannot be met
	// (ReplicasScheduled=False); the reason of Ready=False and of Stalled=True.
	ReasonReplicasNotSchedulable = "ReplicasNotSchedulable"
	// ReasonReplicasNotPlaced: Available=False because part of spec.replicaScheduling's
	// total is given to no cluster, so those replicas run nowhere.
	ReasonReplicasNotPlaced = "ReplicasNotPlaced"
	// ReasonFailoverInProgress: the bounds cannot be met only because placed clusters
	// failed over (Schedulable=False) and the others cannot hold their replicas; the reason
	// of Ready=False and Reconciling=True, as the division succeeds once they are back.
	ReasonFailoverInProgress = "FailoverInProgress"
	// ReasonProgressDeadlineExceeded: a member's rollout made no progress within its
	// deadline (the Deployment's Progressing=False, ProgressDeadlineExceeded), which takes a
	// change (of the template, or of the member: room for the pods, a pullable image) to
	// clear; the reason of Ready=False and of Stalled=True.
	ReasonProgressDeadlineExceeded = "ProgressDeadlineExceeded"
)

// WithHealth returns st with obj's health recorded: for workloads (kinds with a MemberHealth
// hook in pkg/kinds) the sums of the members' status and each row's ready and available
// replicas, the Available condition, or, for kinds that run to completion (a Job), each
// row's finished and the Complete and Failed conditions (completion); for every kind the Ready, Reconciling and Stalled
// conditions, which kstatus (sigs.k8s.io/cli-utils/pkg/kstatus/status: Flux, Helm 4) and
// kubectl wait read. outcomes are the same ones Status recorded, their Object being the
// member's copy (as the apply returned it, or from the sync controller's member cache).
// sched is obj's division of replicas (nil without replicaScheduling). Rows with phase
// Excluded (clusters a taint keeps the object off) are not placed and count nowhere. st is
// not modified.
//
// What the workload conditions compare with (workload.wanted) is what the members are told
// to run, each placed cluster's rendered spec.replicas (its share or the template's, after
// its overrides), plus any part of spec.replicaScheduling's total that no cluster could be
// given. The status sums (status.replicas and the rest) stay the members' own counts.
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
	// The first reason found against Ready is its reason: the replica bounds first, as
	// they hold until the object or a cluster changes.
	ready := verdict{reason: ReasonReady, message: "Propagated to every placed cluster."}
	if sched != nil && sched.Result.Infeasible {
		ready.notReady(scheduleVerdict(obj, sched))
	}
	if c := meta.FindStatusCondition(st.Conditions, fedv1beta1.ConditionPropagated); c == nil || c.Status != metav1.ConditionTrue {
		ready.notReady(ReasonNotPropagated, propagatedMessage(st))
	}
	clearSums(&st)
	var memberStalls []memberStall
	hooks := workloadOf(obj)
	if hooks == nil || !hooks.RunsToCompletion {
		meta.RemoveStatusCondition(&st.Conditions, fedv1beta1.ConditionComplete)
		meta.RemoveStatusCondition(&st.Conditions, fedv1beta1.ConditionFailed)
	}
	switch {
	case hooks != nil && hooks.RunsToCompletion:
		meta.RemoveStatusCondition(&st.Conditions, fedv1beta1.ConditionAvailable)
		memberStalls = completion(aggregate(obj, hooks, &st, sched, outcomes), set, &ready)
	case hooks != nil:
		memberStalls = availability(aggregate(obj, hooks, &st, sched, outcomes), set, &ready)
	default:
		meta.RemoveStatusCondition(&st.Conditions, fedv1beta1.ConditionAvailable)
	}
	set(fedv1beta1.ConditionReady, ready.status(), ready.reason, ready.message)

	stalledReason, stalledMessage := stalled(obj, outcomes, sched, memberStalls)
	switch {
	case stalledReason != "":
		set(fedv1beta1.ConditionStalled, metav1.ConditionTrue, stalledReason, stalledMessage)
		set(fedv1beta1.ConditionReconciling, metav1.ConditionFalse, ReasonStalled, "Propagation cannot succeed until the object or a member changes; see Stalled.")
	case ready.failed:
		set(fedv1beta1.ConditionStalled, metav1.ConditionFalse, ReasonNotStalled, "Nothing keeps propagation from succeeding.")
		set(fedv1beta1.ConditionReconciling, metav1.ConditionTrue, ready.reason, ready.message)
	default:
		set(fedv1beta1.ConditionStalled, metav1.ConditionFalse, ReasonNotStalled, "Nothing keeps propagation from succeeding.")
		set(fedv1beta1.ConditionReconciling, metav1.ConditionFalse, ReasonReady, "Ready.")
	}
	return st
}

// setCondition sets one condition of the status WithHealth writes.
type setCondition func(t string, status metav1.ConditionStatus, reason, message string)

// memberStall is one member's part of Stalled: its reason and the clause naming it.
type memberStall struct {
	reason, part string
}

// availability sets Available for a workload that keeps replicas available (w, from
// aggregate), records in ready what keeps it from Ready, and returns the members whose
// rollout stopped progressing.
func availability(w workload, set setCondition, ready *verdict) []memberStall {
	available, availableReason := metav1.ConditionTrue, ReasonAllAvailable
	switch {
	case w.unplaced > 0:
		available, availableReason = metav1.ConditionFalse, ReasonReplicasNotPlaced
	case len(w.unavailable) > 0 || w.available < w.wanted():
		available, availableReason = metav1.ConditionFalse, ReasonUnavailable
	}
	set(fedv1beta1.ConditionAvailable, available, availableReason, w.availableMessage())
	if len(w.failed) > 0 {
		ready.notReady(ReasonProgressDeadlineExceeded, "Rollout stopped progressing in: "+strings.Join(w.failed, "; ")+".")
	}
	if len(w.incomplete) > 0 {
		ready.notReady(ReasonRolloutInProgress, "Rolling out in: "+strings.Join(w.incomplete, "; ")+".")
	}
	if w.available < w.wanted() {
		ready.notReady(ReasonRolloutInProgress, w.availableMessage())
	}
	if !ready.failed {
		ready.message = fmt.Sprintf("Propagated and rolled out in every placed cluster; %d of %d replicas available.", w.available, w.wanted())
	}
	var stalls []memberStall
	for _, f := range w.failed {
		stalls = append(stalls, memberStall{ReasonProgressDeadlineExceeded, "the rollout in cluster " + f + " stopped progressing"})
	}
	return stalls
}

// verdict is the Ready condition being decided: the first reason found against it wins.
type verdict struct {
	failed          bool
	reason, message string
}

func (v *verdict) notReady(reason, message string) {
	if !v.failed {
		*v = verdict{failed: true, reason: reason, message: message}
	}
}

func (v verdict) status() metav1.ConditionStatus {
	if v.failed {
		return metav1.ConditionFalse
	}
	return metav1.ConditionTrue
}

// scheduleVerdict returns the reason and message of Ready=False for sched's bounds that
// cannot be met (ReplicasScheduled=False).
func scheduleVerdict(obj fedv1beta1.FederatedObject, sched *Schedule) (string, string) {
	msg := strings.TrimSuffix(sched.Result.Message, ".")
	if failoverOnly(obj, sched) {
		return ReasonFailoverInProgress, fmt.Sprintf("Replicas cannot all be placed while %s failed over (Schedulable=False): %s.",
			strings.Join(sched.Unschedulable, ", "), msg)
	}
	return ReasonReplicasNotSchedulable, "Replicas cannot be scheduled within spec.replicaScheduling's bounds: " + msg + "."
}

// failoverOnly reports whether sched's bounds fail only because clusters failed over
// (sched.Unschedulable: Schedulable=False, or kept off by the unreachable taint): the
// clusters left cannot hold the total (MaximumsBelowTotal, or NoClusters when none is left),
// while all of them together could. That
// passes once a cluster is back, so it is not a stall. Minimums cannot fail that way: a
// failed-over cluster's minReplicas is dropped, not moved.
func failoverOnly(obj fedv1beta1.FederatedObject, sched *Schedule) bool {
	r := sched.Result
	if len(sched.Unschedulable) == 0 || (r.Reason != scheduling.ReasonMaximumsBelowTotal && r.Reason != scheduling.ReasonNoClusters) {
		return false
	}
	ro, ok := obj.(fedv1beta1.ReplicaScheduledObject)
	if !ok || ro.GetReplicaScheduling() == nil {
		return true
	}
	prefs := ro.GetReplicaScheduling().Clusters
	var room int64
	clusters := maps.Clone(sched.Replicas)
	for _, name := range sched.Unschedulable {
		clusters[name] = 0 // a cluster the unreachable taint keeps off has no share
	}
	for name := range clusters {
		limit := prefs[name].MaxReplicas
		if limit == nil {
			return true
		}
		room += int64(max(*limit, 0))
	}
	return room >= int64(sched.Total)
}

func propagatedMessage(st fedv1beta1.FederatedStatus) string {
	if c := meta.FindStatusCondition(st.Conditions, fedv1beta1.ConditionPropagated); c != nil {
		return c.Message
	}
	return "Not written to the members yet."
}

// stalled returns the reason and message of Stalled=True, or "" when nothing that only a
// change can fix keeps obj from propagating: a member refusing the object itself, a copy
// that is not federation's, overrides that do not apply (stallReason), a member rollout past
// its progress deadline or a member Job that failed (memberStalls), a member that does not
// serve the kind (KindNotServedError), or replica bounds that cannot be
// met with every placed cluster schedulable. Everything transient is retried and is not a
// stall: outages, timeouts, throttling, a cluster not Ready or failed over.
func stalled(obj fedv1beta1.FederatedObject, outcomes []Outcome, sched *Schedule, memberStalls []memberStall) (string, string) {
	var reason string
	var parts []string
	add := func(r, part string) {
		reason = firstNonEmpty(reason, r)
		parts = append(parts, part)
	}
	for _, o := range outcomes {
		switch r := stallReason(o.Err); r {
		case "":
		case ReasonOverridesNotApplied:
			add(r, o.Err.Error())
		case ReasonKindNotServed:
			add(r, fmt.Sprintf("cluster %s: %s", o.Cluster, o.Err))
		default:
			add(r, fmt.Sprintf("cluster %s refuses the object (%s): %s", o.Cluster, o.Reason, o.Err))
		}
	}
	for _, m := range memberStalls {
		add(m.reason, m.part)
	}
	if sched != nil && sched.Result.Infeasible && !failoverOnly(obj, sched) {
		add(ReasonReplicasNotSchedulable, "replicas cannot be scheduled: "+strings.TrimSuffix(sched.Result.Message, "."))
	}
	if reason == "" {
		return "", ""
	}
	return reason, upperFirst(strings.Join(parts, "; ")) + "."
}

// stallReason returns the Stalled reason of a member's error when only a change of the
// object or of the member can clear it, and "" for everything retried. It classifies by the
// error, not by Outcome.Reason: a member's own 409 (reason Conflict, e.g. a write racing
// another) is transient and shares that string with ReasonConflict, a copy that is not
// federation's (ConflictError). Outages, timeouts, ServiceUnavailable, TooManyRequests,
// federation's credentials refused, a namespace being deleted and a full quota are retried.
func stallReason(err error) string {
	var conflict *ConflictError
	var override *OverrideError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &conflict):
		return ReasonConflict
	case errors.As(err, &override):
		return ReasonOverridesNotApplied
	case isKindNotServed(err):
		return ReasonKindNotServed
	case RefusesObject(err):
		return ReasonMemberRefused
	}
	return ""
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
