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
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/utils/ptr"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
)

// statefulSetHooks are FederatedStatefulSet's rules: those of every workload with replicas
// (replicatedHooks), with a StatefulSet's health, status fields and the column of kubectl
// get statefulsets (READY n/m).
func statefulSetHooks() Hooks {
	h := replicatedHooks(statefulSetHealth, statefulSetSums, []Column{readyColumn()})
	h.PodSpec = func(obj fedv1beta1.FederatedObject) *corev1.PodSpec {
		return &obj.(*fedv1beta1.FederatedStatefulSet).Spec.Template.Spec.Template.Spec
	}
	return h
}

// statefulSetSums records a StatefulSet's status fields.
func statefulSetSums(sum MemberHealth, st *fedv1beta1.FederatedStatus) {
	st.Replicas, st.CurrentReplicas, st.UpdatedReplicas = ptr.To(sum.Replicas), ptr.To(sum.Current), ptr.To(sum.Updated)
	st.ReadyReplicas, st.AvailableReplicas = ptr.To(sum.Ready), ptr.To(sum.Available)
}

// statefulSetHealth reads a member StatefulSet by the StatefulSet controller's own rule for
// a finished rollout (what kubectl rollout status and kstatus check): the controller has
// observed the generation (status.observedGeneration >= metadata.generation), and
// updatedReplicas and readyReplicas both equal spec.replicas; under the RollingUpdate
// strategy currentRevision has also reached updateRevision (the controller moves it once
// every pod runs the update). A partitioned rolling update is complete once the pods from
// the partition up are updated (updatedReplicas >= spec.replicas - partition), as kubectl
// rollout status says; its revisions stay apart by design. Under OnDelete the controller
// updates nothing by itself, so only the counts are compared. It is available when
// availableReplicas reaches spec.replicas.
func statefulSetHealth(copy *unstructured.Unstructured) (MemberHealth, error) {
	var ss appsv1.StatefulSet
	if err := fromUnstructured(copy, &ss); err != nil {
		return MemberHealth{}, err
	}
	s := ss.Status
	h := MemberHealth{
		Desired: ptr.Deref(ss.Spec.Replicas, 1), Replicas: s.Replicas, Current: s.CurrentReplicas,
		Updated: s.UpdatedReplicas, Ready: s.ReadyReplicas, Available: s.AvailableReplicas,
	}
	h.IsAvailable = h.Available >= h.Desired
	rolling := ss.Spec.UpdateStrategy.Type == "" || ss.Spec.UpdateStrategy.Type == appsv1.RollingUpdateStatefulSetStrategyType
	var partition int32
	if ru := ss.Spec.UpdateStrategy.RollingUpdate; rolling && ru != nil {
		partition = ptr.Deref(ru.Partition, 0)
	}
	switch {
	case s.ObservedGeneration < ss.Generation:
		h.Progress = notObserved(ss.Generation, "StatefulSet")
	case partition > 0:
		if h.Updated < h.Desired-partition || h.Ready != h.Desired {
			h.Progress = fmt.Sprintf("%d of %d updated (partition %d), %d ready", h.Updated, h.Desired-partition, partition, h.Ready)
			break
		}
		h.Complete = true
	case h.Updated != h.Desired || h.Ready != h.Desired:
		h.Progress = fmt.Sprintf("%d of %d updated, %d ready", h.Updated, h.Desired, h.Ready)
	case rolling && s.CurrentRevision != s.UpdateRevision:
		h.Progress = fmt.Sprintf("revision %s not yet current (current %s)", s.UpdateRevision, s.CurrentRevision)
	default:
		h.Complete = true
	}
	return h, nil
}
