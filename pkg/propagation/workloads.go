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
	"fmt"
	"slices"
	"strings"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/utils/ptr"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/kinds"
)

// workloadOf returns the hooks of obj's kind when federation sums its member status (it
// has a MemberHealth hook), else nil. Kinds without one get no sums and no Available
// condition, and their Ready condition follows Propagated.
func workloadOf(obj fedv1beta1.FederatedObject) *kinds.Hooks {
	k, err := kinds.For(obj)
	if err != nil || k.Hooks.MemberHealth == nil {
		return nil
	}
	return &k.Hooks
}

// IsWorkload reports whether federation sums the member status of obj's kind.
func IsWorkload(obj fedv1beta1.FederatedObject) bool { return workloadOf(obj) != nil }

// clearSums unsets every summed member count of st; the kind's RecordSums hook sets the
// ones its member kind has.
func clearSums(st *fedv1beta1.FederatedStatus) {
	st.Replicas, st.UpdatedReplicas, st.ReadyReplicas, st.AvailableReplicas, st.UnavailableReplicas = nil, nil, nil, nil, nil
	st.FullyLabeledReplicas, st.CurrentReplicas, st.DesiredReplicas = nil, nil, nil
	st.DesiredNumberScheduled, st.CurrentNumberScheduled, st.NumberReady = nil, nil, nil
	st.UpdatedNumberScheduled, st.NumberAvailable, st.NumberUnavailable = nil, nil, nil
	st.Active, st.Succeeded, st.Failed, st.StartTime, st.CompletionTime = nil, nil, nil, nil, nil
}

// workload is the aggregate of a workload's member copies.
type workload struct {
	// sum holds the members' own status counts, summed over every placed cluster's copy
	// (a failed-over cluster's included): what status.replicas and the other sums carry.
	sum kinds.MemberHealth
	// desired is what the placed clusters are told to run: the sum of each one's rendered
	// spec.replicas (its share or the template's, after its overrides), or, where the
	// rendered object leaves replicas to the member, the copy's own spec.replicas. A
	// failed-over cluster rendered with 0 replicas counts 0.
	desired int32
	// unplaced is the part of spec.replicaScheduling's total that no cluster was given
	// (ReplicasScheduled False, MaximumsBelowTotal or NoClusters): replicas the user asked
	// for that run nowhere.
	unplaced int32
	// available is the members' available replicas, counting only the clusters in desired.
	available int32
	// unavailable and incomplete name the clusters that are not available or have not
	// completed their rollout, with why; failed those whose rollout stopped progressing.
	unavailable, incomplete, failed []string
	// complete names the clusters whose copy has completed (kinds that run to completion),
	// and members counts the placed clusters waited for.
	complete []string
	members  int
	// started and ended count the members waited for (members) whose copy has a start and
	// a completion time (or ran and was deleted since); the sums keep the earliest start and
	// the latest completion only when every one of them has one.
	started, ended int
}

// wanted is what Available and Ready compare the available replicas with: what the members
// are told to run plus what could not be placed. It is the READY denominator of kubectl get.
func (w workload) wanted() int32 { return w.desired + w.unplaced }

// aggregate reads every placed cluster's copy with the kind's MemberHealth hook, records
// each row's ready and available replicas and (with its RecordSums hook) the sums in st,
// and returns the aggregate. A cluster that failed
// over (sched.Unschedulable) and is rendered with 0 replicas counts in the sums but is not
// waited for: its replicas moved. A cluster whose row is Excluded is not placed, and
// nothing of it counts.
func aggregate(obj fedv1beta1.FederatedObject, hooks *kinds.Hooks, st *fedv1beta1.FederatedStatus, sched *Schedule, outcomes []Outcome) workload {
	w := workload{unplaced: unplacedReplicas(sched)}
	for _, o := range outcomes {
		if excluded(st, o.Cluster) {
			continue
		}
		w.add(o, hooks, st, sched, memberReplicas(obj, hooks.ReplicasPath, o.Cluster, sched))
	}
	if w.started < w.members {
		w.sum.StartTime = nil
	}
	if w.ended < w.members {
		w.sum.CompletionTime = nil
	}
	if hooks.RecordSums != nil {
		hooks.RecordSums(w.sum, st)
	}
	return w
}

// add counts one placed cluster's outcome; rendered is its rendered spec.replicas (nil when
// the rendered object leaves them to the member).
func (w *workload) add(o Outcome, hooks *kinds.Hooks, st *fedv1beta1.FederatedStatus, sched *Schedule, rendered *int32) {
	skip := sched != nil && slices.Contains(sched.Unschedulable, o.Cluster) && ptr.Deref(rendered, 0) == 0
	if rendered != nil && !skip {
		w.desired += *rendered
	}
	if !skip {
		w.members++
	}
	if o.Gone {
		w.addGone(o)
		return
	}
	if o.Err != nil || o.Object == nil {
		if !skip {
			why := "no copy yet"
			if o.Err != nil {
				why = "not propagated"
			}
			w.unavailable = append(w.unavailable, o.Cluster+" ("+why+")")
			w.incomplete = append(w.incomplete, o.Cluster+" ("+why+")")
		}
		return
	}
	h, err := hooks.MemberHealth(o.Object)
	if err != nil {
		w.unavailable = append(w.unavailable, fmt.Sprintf("%s (status unreadable: %v)", o.Cluster, err))
		w.incomplete = append(w.incomplete, o.Cluster+" (status unreadable)")
		return
	}
	for i := range st.Clusters {
		switch {
		case st.Clusters[i].Name != o.Cluster:
		case hooks.RunsToCompletion:
			st.Clusters[i].Finished = h.Finished
		default:
			st.Clusters[i].ReadyReplicas, st.Clusters[i].AvailableReplicas = ptr.To(h.Ready), ptr.To(h.Available)
		}
	}
	w.sum.Replicas += h.Replicas
	w.sum.Updated += h.Updated
	w.sum.Ready += h.Ready
	w.sum.Available += h.Available
	w.sum.Unavailable += h.Unavailable
	w.sum.FullyLabeled += h.FullyLabeled
	w.sum.Current += h.Current
	w.sum.Desired += h.Desired
	w.sum.Active += h.Active
	w.sum.Succeeded += h.Succeeded
	w.sum.FailedPods += h.FailedPods
	if skip {
		return
	}
	w.addTimes(h)
	if rendered == nil {
		w.desired += h.Desired
	}
	w.available += h.Available
	if !h.IsAvailable {
		w.unavailable = append(w.unavailable, fmt.Sprintf("%s (%d of %d available)", o.Cluster, h.Available, h.Desired))
	}
	if h.Complete {
		w.complete = append(w.complete, o.Cluster)
	} else {
		w.incomplete = append(w.incomplete, o.Cluster+" ("+h.Progress+")")
	}
	if h.Failed != "" {
		w.failed = append(w.failed, o.Cluster+" ("+h.Failed+")")
	}
}

// addGone counts a copy that ran and was then deleted by the member (Outcome.Gone): it
// stays finished as its row says, and one deleted before it was seen to finish counts as
// failed, as it will not finish without a change of the spec. Its pods no longer count.
func (w *workload) addGone(o Outcome) {
	w.started++
	w.ended++
	switch o.Finished {
	case fedv1beta1.FinishedComplete:
		w.complete = append(w.complete, o.Cluster)
		return
	case fedv1beta1.FinishedFailed:
		o.Cluster += " (failed, then deleted in the member)"
	default:
		o.Cluster += " (deleted in the member before it was seen to finish; change the spec to run it again)"
	}
	w.incomplete = append(w.incomplete, o.Cluster)
	w.failed = append(w.failed, o.Cluster)
}

// addTimes keeps the earliest start and the latest completion time of the copies.
func (w *workload) addTimes(h kinds.MemberHealth) {
	if h.StartTime != nil {
		w.started++
		if w.sum.StartTime == nil || h.StartTime.Before(w.sum.StartTime) {
			w.sum.StartTime = h.StartTime
		}
	}
	if h.CompletionTime != nil {
		w.ended++
		if w.sum.CompletionTime == nil || w.sum.CompletionTime.Before(h.CompletionTime) {
			w.sum.CompletionTime = h.CompletionTime
		}
	}
}

// memberReplicas returns the replicas (at replicasPath, e.g. spec.replicas) that Render
// gives cluster's member object (the share or the template's replicas, then the cluster's
// overrides), or nil when it has none or cannot be rendered (the outcome carries that error).
func memberReplicas(obj fedv1beta1.FederatedObject, replicasPath []string, cluster string, sched *Schedule) *int32 {
	if len(replicasPath) == 0 {
		return nil
	}
	u, err := Render(obj, cluster, sched)
	if err != nil {
		return nil
	}
	r, found, err := unstructured.NestedInt64(u.Object, replicasPath...)
	if err != nil || !found {
		return nil
	}
	return ptr.To(int32(r))
}

// unplacedReplicas returns how many of sched's total no cluster was given.
func unplacedReplicas(sched *Schedule) int32 {
	if sched == nil {
		return 0
	}
	var placed int64
	for _, r := range sched.Replicas {
		placed += int64(r)
	}
	return int32(max(int64(sched.Total)-placed, 0))
}

// excluded reports whether st's row for cluster is Excluded: a taint keeps the object off
// the cluster, which is therefore not placed.
func excluded(st *fedv1beta1.FederatedStatus, cluster string) bool {
	return slices.ContainsFunc(st.Clusters, func(r fedv1beta1.ClusterPropagationStatus) bool {
		return r.Name == cluster && r.Phase == fedv1beta1.PropagationPhaseExcluded
	})
}

func (w workload) availableMessage() string {
	msg := fmt.Sprintf("%d of %d replicas available", w.available, w.wanted())
	if w.unplaced > 0 {
		msg += fmt.Sprintf("; %d not placed on any cluster (see ReplicasScheduled)", w.unplaced)
	}
	if len(w.unavailable) > 0 {
		msg += "; not available in: " + strings.Join(w.unavailable, ", ")
	}
	return msg + "."
}
