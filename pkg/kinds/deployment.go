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
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/utils/ptr"

	"k8s.io/federation/pkg/apis/federation"
	"k8s.io/federation/pkg/apis/federation/validation"
)

// deploymentHooks are FederatedDeployment's rules: its validation, its scale subresource,
// how a member Deployment reports its health, and where a cluster's replica share goes.
func deploymentHooks() Hooks {
	return Hooks{
		Validate: func(obj federation.FederatedObject, specPath *field.Path) field.ErrorList {
			return validation.ValidateFederatedDeployment(obj.(*federation.FederatedDeployment), specPath)
		},
		Scale:        deploymentScale(),
		MemberHealth: deploymentHealth,
		ReplicasPath: []string{"spec", "replicas"},
	}
}

// deploymentScale scales a FederatedDeployment's template.spec.replicas: the total that
// replicaScheduling divides, or what every placed cluster runs without it.
func deploymentScale() *Scale {
	spec := func(obj runtime.Object) *appsv1.DeploymentSpec {
		return &obj.(*federation.FederatedDeployment).Spec.Template.Spec
	}
	return &Scale{
		SpecReplicasPath: []string{"spec", "template", "spec", "replicas"},
		Replicas:         func(obj runtime.Object) *int32 { return spec(obj).Replicas },
		SetReplicas:      func(obj runtime.Object, n int32) { spec(obj).Replicas = &n },
		Selector:         func(obj runtime.Object) *metav1.LabelSelector { return spec(obj).Selector },
	}
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
	if err := runtime.DefaultUnstructuredConverter.FromUnstructured(copy.Object, &d); err != nil {
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
		h.Progress = fmt.Sprintf("generation %d not yet observed by the Deployment controller", d.Generation)
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
