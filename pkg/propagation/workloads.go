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

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/utils/ptr"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
)

// memberHealth is what one member copy of a workload says about itself.
type memberHealth struct {
	// desired is the copy's spec.replicas (defaulted by the member).
	desired int32
	// The copy's status counts, with the member kind's meaning.
	replicas, updated, ready, available, unavailable int32
	// isAvailable: the copy is available by its kind's own rule.
	isAvailable bool
	// complete: the copy's rollout of its current generation has completed.
	complete bool
	// progress describes an incomplete rollout, for messages.
	progress string
	// failed, when not empty, says why the copy's rollout of its current generation has
	// stopped progressing (a Deployment's Progressing=False, ProgressDeadlineExceeded).
	failed string
}

// readHealth reads a member copy's status; an error means it cannot be read as its kind.
type readHealth func(copy *unstructured.Unstructured) (memberHealth, error)

// workloadKinds is the per-kind table of workloads, by member kind: how to read a copy's
// status. Kinds without an entry get no sums and no Available condition, and their Ready
// condition follows Propagated. The next workload kinds (ReplicaSet, StatefulSet,
// DaemonSet, Job) add one entry each. It is never modified.
var workloadKinds = map[string]readHealth{
	"Deployment": deploymentHealth,
}

// IsWorkload reports whether federation sums the member status of obj's kind.
func IsWorkload(obj fedv1beta1.FederatedObject) bool {
	return workloadKinds[obj.MemberType().Kind] != nil
}

// deploymentHealth reads a member Deployment. It is complete by the Deployment controller's
// own rule (k8s.io/kubernetes pkg/controller/deployment/util DeploymentComplete, which sets
// Progressing reason NewReplicaSetAvailable): updatedReplicas, replicas and
// availableReplicas all equal spec.replicas, and status.observedGeneration has reached
// metadata.generation, so that a spec change the controller has not seen yet is not
// mistaken for a finished rollout. It is available when its Available condition is True
// (minimum availability, from the Deployment controller). Its rollout has failed when the
// controller, having observed the current generation, set Progressing=False with reason
// ProgressDeadlineExceeded (what kubectl rollout status and kstatus report as failed); the
// controller sets Progressing=True again once the rollout moves, so that clears by itself.
func deploymentHealth(copy *unstructured.Unstructured) (memberHealth, error) {
	var d appsv1.Deployment
	if err := runtime.DefaultUnstructuredConverter.FromUnstructured(copy.Object, &d); err != nil {
		return memberHealth{}, err
	}
	s := d.Status
	h := memberHealth{
		desired: ptr.Deref(d.Spec.Replicas, 1), replicas: s.Replicas, updated: s.UpdatedReplicas,
		ready: s.ReadyReplicas, available: s.AvailableReplicas, unavailable: s.UnavailableReplicas,
	}
	observed := s.ObservedGeneration >= d.Generation
	for _, c := range s.Conditions {
		switch {
		case c.Type == appsv1.DeploymentAvailable:
			h.isAvailable = c.Status == corev1.ConditionTrue
		case c.Type == appsv1.DeploymentProgressing && c.Status == corev1.ConditionFalse &&
			c.Reason == deploymentProgressDeadlineExceeded && observed:
			h.failed = "progress deadline exceeded"
			if c.Message != "" {
				h.failed += ": " + strings.TrimSuffix(c.Message, ".")
			}
		}
	}
	switch {
	case s.ObservedGeneration < d.Generation:
		h.progress = fmt.Sprintf("generation %d not yet observed by the Deployment controller", d.Generation)
	case h.updated != h.desired || h.replicas != h.desired || h.available != h.desired:
		h.progress = fmt.Sprintf("%d of %d updated, %d replicas, %d available", h.updated, h.desired, h.replicas, h.available)
	default:
		h.complete = true
	}
	return h, nil
}

// deploymentProgressDeadlineExceeded is the reason of a Deployment's Progressing=False
// condition once spec.progressDeadlineSeconds passed without progress (the Deployment
// controller's TimedOutReason, which k8s.io/api does not export).
const deploymentProgressDeadlineExceeded = "ProgressDeadlineExceeded"

// workload is the aggregate of a workload's member copies.
type workload struct {
	// sum holds the members' own status counts, summed over every placed cluster's copy
	// (a failed-over cluster's included): what status.replicas and the other sums carry.
	sum memberHealth
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
}

// wanted is what Available and Ready compare the available replicas with: what the members
// are told to run plus what could not be placed. It is the READY denominator of kubectl get.
func (w workload) wanted() int32 { return w.desired + w.unplaced }

// aggregate reads every placed cluster's copy with read, records each row's ready and
// available replicas and the sums in st, and returns the aggregate. A cluster that failed
// over (sched.Unschedulable) and is rendered with 0 replicas counts in the sums but is not
// waited for: its replicas moved. A cluster whose row is Excluded is not placed, and
// nothing of it counts.
func aggregate(obj fedv1beta1.FederatedObject, read readHealth, st *fedv1beta1.FederatedStatus, sched *Schedule, outcomes []Outcome) workload {
	w := workload{unplaced: unplacedReplicas(sched)}
	for _, o := range outcomes {
		if excluded(st, o.Cluster) {
			continue
		}
		w.add(o, read, st, sched, memberReplicas(obj, o.Cluster, sched))
	}
	st.Replicas, st.UpdatedReplicas, st.ReadyReplicas = ptr.To(w.sum.replicas), ptr.To(w.sum.updated), ptr.To(w.sum.ready)
	st.AvailableReplicas, st.UnavailableReplicas = ptr.To(w.sum.available), ptr.To(w.sum.unavailable)
	return w
}

// add counts one placed cluster's outcome; rendered is its rendered spec.replicas (nil when
// the rendered object leaves them to the member).
func (w *workload) add(o Outcome, read readHealth, st *fedv1beta1.FederatedStatus, sched *Schedule, rendered *int32) {
	skip := sched != nil && slices.Contains(sched.Unschedulable, o.Cluster) && ptr.Deref(rendered, 0) == 0
	if rendered != nil && !skip {
		w.desired += *rendered
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
	h, err := read(o.Object)
	if err != nil {
		w.unavailable = append(w.unavailable, fmt.Sprintf("%s (status unreadable: %v)", o.Cluster, err))
		w.incomplete = append(w.incomplete, o.Cluster+" (status unreadable)")
		return
	}
	for i := range st.Clusters {
		if st.Clusters[i].Name == o.Cluster {
			st.Clusters[i].ReadyReplicas, st.Clusters[i].AvailableReplicas = ptr.To(h.ready), ptr.To(h.available)
		}
	}
	w.sum.replicas += h.replicas
	w.sum.updated += h.updated
	w.sum.ready += h.ready
	w.sum.available += h.available
	w.sum.unavailable += h.unavailable
	if skip {
		return
	}
	if rendered == nil {
		w.desired += h.desired
	}
	w.available += h.available
	if !h.isAvailable {
		w.unavailable = append(w.unavailable, fmt.Sprintf("%s (%d of %d available)", o.Cluster, h.available, h.desired))
	}
	if !h.complete {
		w.incomplete = append(w.incomplete, o.Cluster+" ("+h.progress+")")
	}
	if h.failed != "" {
		w.failed = append(w.failed, o.Cluster+" ("+h.failed+")")
	}
}

// memberReplicas returns the spec.replicas that Render gives cluster's member object (the
// share or the template's replicas, then the cluster's overrides), or nil when it has none
// or cannot be rendered (the outcome carries that error).
func memberReplicas(obj fedv1beta1.FederatedObject, cluster string, sched *Schedule) *int32 {
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
