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
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/utils/ptr"

	"k8s.io/federation/pkg/apis/federation"
	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
)

// deploymentHooks are FederatedDeployment's rules: those of every workload with replicas
// (replicatedHooks), with a Deployment's health, status fields and columns.
func deploymentHooks() Hooks {
	h := replicatedHooks(deploymentHealth, deploymentSums, []Column{
		readyColumn(),
		countColumn("Up-to-date", "Updated replicas summed over the members (status.updatedReplicas).",
			func(st *federation.FederatedStatus) *int32 { return st.UpdatedReplicas }),
		countColumn("Available", "Available replicas summed over the members (status.availableReplicas).",
			func(st *federation.FederatedStatus) *int32 { return st.AvailableReplicas }),
	})
	h.PodSpec = func(obj fedv1beta1.FederatedObject) *corev1.PodSpec {
		return &obj.(*fedv1beta1.FederatedDeployment).Spec.Template.Spec.Template.Spec
	}
	return h
}

// deploymentSums records a Deployment's status fields.
func deploymentSums(sum MemberHealth, st *fedv1beta1.FederatedStatus) {
	st.Replicas, st.UpdatedReplicas, st.ReadyReplicas = ptr.To(sum.Replicas), ptr.To(sum.Updated), ptr.To(sum.Ready)
	st.AvailableReplicas, st.UnavailableReplicas = ptr.To(sum.Available), ptr.To(sum.Unavailable)
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
func deploymentHealth(copy *unstructured.Unstructured) (MemberHealth, error) {
	var d appsv1.Deployment
	if err := fromUnstructured(copy, &d); err != nil {
		return MemberHealth{}, err
	}
	s := d.Status
	h := MemberHealth{
		Desired: ptr.Deref(d.Spec.Replicas, 1), Replicas: s.Replicas, Updated: s.UpdatedReplicas,
		Ready: s.ReadyReplicas, Available: s.AvailableReplicas, Unavailable: s.UnavailableReplicas,
	}
	observed := s.ObservedGeneration >= d.Generation
	for _, c := range s.Conditions {
		switch {
		case c.Type == appsv1.DeploymentAvailable:
			h.IsAvailable = c.Status == corev1.ConditionTrue
		case c.Type == appsv1.DeploymentProgressing && c.Status == corev1.ConditionFalse &&
			c.Reason == deploymentProgressDeadlineExceeded && observed:
			h.Failed = "progress deadline exceeded"
			if c.Message != "" {
				h.Failed += ": " + strings.TrimSuffix(c.Message, ".")
			}
		}
	}
	switch {
	case s.ObservedGeneration < d.Generation:
		h.Progress = notObserved(d.Generation, "Deployment")
	case h.Updated != h.Desired || h.Replicas != h.Desired || h.Available != h.Desired:
		h.Progress = fmt.Sprintf("%d of %d updated, %d replicas, %d available", h.Updated, h.Desired, h.Replicas, h.Available)
	default:
		h.Complete = true
	}
	return h, nil
}

// deploymentProgressDeadlineExceeded is the reason of a Deployment's Progressing=False
// condition once spec.progressDeadlineSeconds passed without progress (the Deployment
// controller's TimedOutReason, which k8s.io/api does not export).
const deploymentProgressDeadlineExceeded = "ProgressDeadlineExceeded"
