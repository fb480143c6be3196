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
// (minimum availability, from the Deployment controller).
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
	for _, c := range s.Conditions {
		if c.Type == appsv1.DeploymentAvailable {
			h.isAvailable = c.Status == corev1.ConditionTrue
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

// workload is the aggregate of a workload's member copies.
type workload struct {
	sum memberHealth
	// desired is the replicas the schedulable placed clusters' copies are asked to run.
	desired int32
	// unavailable and incomplete name the clusters that are not available or have not
	// completed their rollout, with why.
	unavailable, incomplete []string
}

// aggregate reads every placed cluster's copy with read, records each row's ready and
// available replicas and the sums in st, and returns the aggregate. Clusters that failed
// over (sched.Unschedulable) count in the sums but are not waited for: their replicas moved.
func aggregate(read readHealth, st *fedv1beta1.FederatedStatus, sched *Schedule, outcomes []Outcome) workload {
	var w workload
	for _, o := range outcomes {
		skip := sched != nil && slices.Contains(sched.Unschedulable, o.Cluster)
		if o.Err != nil || o.Object == nil {
			if !skip {
				why := "no copy yet"
				if o.Err != nil {
					why = "not propagated"
				}
				w.unavailable = append(w.unavailable, o.Cluster+" ("+why+")")
				w.incomplete = append(w.incomplete, o.Cluster+" ("+why+")")
			}
			continue
		}
		h, err := read(o.Object)
		if err != nil {
			w.unavailable = append(w.unavailable, fmt.Sprintf("%s (status unreadable: %v)", o.Cluster, err))
			w.incomplete = append(w.incomplete, o.Cluster+" (status unreadable)")
			continue
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
			continue
		}
		w.desired += h.desired
		if !h.isAvailable {
			w.unavailable = append(w.unavailable, fmt.Sprintf("%s (%d of %d available)", o.Cluster, h.available, h.desired))
		}
		if !h.complete {
			w.incomplete = append(w.incomplete, o.Cluster+" ("+h.progress+")")
		}
	}
	st.Replicas, st.UpdatedReplicas, st.ReadyReplicas = ptr.To(w.sum.replicas), ptr.To(w.sum.updated), ptr.To(w.sum.ready)
	st.AvailableReplicas, st.UnavailableReplicas = ptr.To(w.sum.available), ptr.To(w.sum.unavailable)
	return w
}

func (w workload) availableMessage() string {
	msg := fmt.Sprintf("%d of %d replicas available", w.sum.available, w.desired)
	if len(w.unavailable) > 0 {
		msg += "; not available in: " + strings.Join(w.unavailable, ", ")
	}
	return msg + "."
}
