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
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/utils/ptr"

	"k8s.io/federation/pkg/apis/federation"
	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
)

// replicaSetHooks are FederatedReplicaSet's rules: those of every workload with replicas
// (replicatedHooks), with a ReplicaSet's health, status fields and the columns of kubectl
// get replicasets (DESIRED, CURRENT, READY).
func replicaSetHooks() Hooks {
	h := replicatedHooks(replicaSetHealth, replicaSetSums, []Column{
		{
			Definition: metav1.TableColumnDefinition{Name: "Desired", Type: "integer", Description: "Desired replicas: what the placed clusters " +
				"are told to run (overrides included) plus any replicas spec.replicaScheduling could not place."},
			Cell: func(_ federation.FederatedObject, desired int32) any { return int64(desired) },
		},
		countColumn("Current", "Replicas summed over the members (status.replicas).",
			func(st *federation.FederatedStatus) *int32 { return st.Replicas }),
		countColumn("Ready", "Ready replicas summed over the members (status.readyReplicas).",
			func(st *federation.FederatedStatus) *int32 { return st.ReadyReplicas }),
	})
	h.PodSpec = func(obj fedv1beta1.FederatedObject) *corev1.PodSpec {
		return &obj.(*fedv1beta1.FederatedReplicaSet).Spec.Template.Spec.Template.Spec
	}
	return h
}

// replicaSetSums records a ReplicaSet's status fields.
func replicaSetSums(sum MemberHealth, st *fedv1beta1.FederatedStatus) {
	st.Replicas, st.FullyLabeledReplicas = ptr.To(sum.Replicas), ptr.To(sum.FullyLabeled)
	st.ReadyReplicas, st.AvailableReplicas = ptr.To(sum.Ready), ptr.To(sum.Available)
}

// replicaSetHealth reads a member ReplicaSet. A ReplicaSet has no rollout of its own: it is
// complete once the ReplicaSet controller has observed its generation
// (status.observedGeneration >= metadata.generation) and readyReplicas and
// availableReplicas both equal spec.replicas, and available when availableReplicas reaches
// spec.replicas (it has no Available condition, and no maxUnavailable to allow less). A
// ReplicaFailure condition (pods the controller could not create or delete, e.g. a full
// quota) is reported as progress, not as a failure: the controller retries it.
func replicaSetHealth(copy *unstructured.Unstructured) (MemberHealth, error) {
	var rs appsv1.ReplicaSet
	if err := fromUnstructured(copy, &rs); err != nil {
		return MemberHealth{}, err
	}
	s := rs.Status
	h := MemberHealth{
		Desired: ptr.Deref(rs.Spec.Replicas, 1), Replicas: s.Replicas, FullyLabeled: s.FullyLabeledReplicas,
		Ready: s.ReadyReplicas, Available: s.AvailableReplicas,
	}
	h.IsAvailable = h.Available >= h.Desired
	switch {
	case s.ObservedGeneration < rs.Generation:
		h.Progress = notObserved(rs.Generation, "ReplicaSet")
	case h.Ready != h.Desired || h.Available != h.Desired:
		h.Progress = fmt.Sprintf("%d of %d ready, %d available", h.Ready, h.Desired, h.Available)
		for _, c := range s.Conditions {
			if c.Type == appsv1.ReplicaSetReplicaFailure && c.Status == corev1.ConditionTrue {
				h.Progress += fmt.Sprintf(" (%s: %s)", c.Reason, c.Message)
			}
		}
	default:
		h.Complete = true
	}
	return h, nil
}
