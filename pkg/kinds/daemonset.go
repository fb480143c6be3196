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
	"fmt"

	appsv1 "k8s.io/api/apps/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/utils/ptr"

	"k8s.io/federation/pkg/apis/federation"
	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
)

// daemonSetHooks are FederatedDaemonSet's rules. A DaemonSet runs one pod per eligible node
// of its member, so it has no replicas to schedule or scale: only its health, its status
// fields and the columns of kubectl get daemonsets (DESIRED, CURRENT, READY, UP-TO-DATE,
// AVAILABLE), summed over the members.
func daemonSetHooks() Hooks {
	count := func(name, field string, get func(st *federation.FederatedStatus) *int32) Column {
		return countColumn(name, "Summed over the members (status."+field+").", get)
	}
	return Hooks{
		MemberHealth: daemonSetHealth,
		RecordSums:   daemonSetSums,
		Columns: []Column{
			count("Desired", "desiredNumberScheduled", func(st *federation.FederatedStatus) *int32 { return st.DesiredNumberScheduled }),
			count("Current", "currentNumberScheduled", func(st *federation.FederatedStatus) *int32 { return st.CurrentNumberScheduled }),
			count("Ready", "numberReady", func(st *federation.FederatedStatus) *int32 { return st.NumberReady }),
			count("Up-to-date", "updatedNumberScheduled", func(st *federation.FederatedStatus) *int32 { return st.UpdatedNumberScheduled }),
			count("Available", "numberAvailable", func(st *federation.FederatedStatus) *int32 { return st.NumberAvailable }),
		},
	}
}

// daemonSetSums records a DaemonSet's status fields. MemberHealth holds a DaemonSet's
// numbers in its generic counts (see daemonSetHealth).
func daemonSetSums(sum MemberHealth, st *fedv1beta1.FederatedStatus) {
	st.DesiredNumberScheduled, st.CurrentNumberScheduled = ptr.To(sum.Desired), ptr.To(sum.Replicas)
	st.NumberReady, st.UpdatedNumberScheduled = ptr.To(sum.Ready), ptr.To(sum.Updated)
	st.NumberAvailable, st.NumberUnavailable = ptr.To(sum.Available), ptr.To(sum.Unavailable)
}

// daemonSetHealth reads a member DaemonSet, its numbers as MemberHealth counts: Desired is
// desiredNumberScheduled (the nodes that should run the pod), Replicas
// currentNumberScheduled, Ready numberReady, Updated updatedNumberScheduled, Available
// numberAvailable and Unavailable numberUnavailable. It is complete by the DaemonSet
// controller's rule for a finished rollout (what kubectl rollout status checks): the
// controller has observed the generation (status.observedGeneration >= metadata.generation)
// and updatedNumberScheduled and numberAvailable both equal desiredNumberScheduled. It is
// available when numberAvailable reaches desiredNumberScheduled.
func daemonSetHealth(copy *unstructured.Unstructured) (MemberHealth, error) {
	var ds appsv1.DaemonSet
	if err := fromUnstructured(copy, &ds); err != nil {
		return MemberHealth{}, err
	}
	s := ds.Status
	h := MemberHealth{
		Desired: s.DesiredNumberScheduled, Replicas: s.CurrentNumberScheduled, Ready: s.NumberReady,
		Updated: s.UpdatedNumberScheduled, Available: s.NumberAvailable, Unavailable: s.NumberUnavailable,
	}
	h.IsAvailable = h.Available >= h.Desired
	switch {
	case s.ObservedGeneration < ds.Generation:
		h.Progress = notObserved(ds.Generation, "DaemonSet")
	case h.Updated != h.Desired || h.Available != h.Desired:
		h.Progress = fmt.Sprintf("%d of %d updated, %d available", h.Updated, h.Desired, h.Available)
	default:
		h.Complete = true
	}
	return h, nil
}
