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

package v1beta1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

// FederatedObject is what the propagation engine needs of every federated kind: the template
// to render, where it goes, and where to report outcomes. Written once for all kinds. What
// the kind writes to members (group, version, resource, scope) is data in pkg/kinds, not a
// method here.
//
// The accessors are written by hand, not generated: three one-liners per kind, checked by
// the compiler against the kind's fields, with no generator to maintain; and an
// unstructured object (the CRD path) can implement the same interface by reading the same
// fields from its map.
type FederatedObject interface {
	runtime.Object
	metav1.Object
	// GetPropagation returns the object's placement and overrides.
	GetPropagation() *PropagationSpec
	// GetFederatedStatus returns the object's status.
	GetFederatedStatus() *FederatedStatus
	// GetTemplate returns the member object's body; its JSON form, plus apiVersion, kind,
	// name and namespace, is the rendered member object.
	GetTemplate() any
}

var (
	_ FederatedObject = &FederatedConfigMap{}
	_ FederatedObject = &FederatedSecret{}
	_ FederatedObject = &FederatedDeployment{}
	_ FederatedObject = &FederatedServiceAccount{}
	_ FederatedObject = &FederatedDaemonSet{}
	_ FederatedObject = &FederatedStatefulSet{}
	_ FederatedObject = &FederatedReplicaSet{}
)

// GetPropagation implements FederatedObject.
func (f *FederatedConfigMap) GetPropagation() *PropagationSpec { return &f.Spec.PropagationSpec }

// GetFederatedStatus implements FederatedObject.
func (f *FederatedConfigMap) GetFederatedStatus() *FederatedStatus { return &f.Status }

// GetTemplate implements FederatedObject.
func (f *FederatedConfigMap) GetTemplate() any { return &f.Spec.Template }

// GetPropagation implements FederatedObject.
func (f *FederatedSecret) GetPropagation() *PropagationSpec { return &f.Spec.PropagationSpec }

// GetFederatedStatus implements FederatedObject.
func (f *FederatedSecret) GetFederatedStatus() *FederatedStatus { return &f.Status }

// GetTemplate implements FederatedObject.
func (f *FederatedSecret) GetTemplate() any { return &f.Spec.Template }

// GetPropagation implements FederatedObject.
func (f *FederatedDeployment) GetPropagation() *PropagationSpec { return &f.Spec.PropagationSpec }

// GetFederatedStatus implements FederatedObject.
func (f *FederatedDeployment) GetFederatedStatus() *FederatedStatus { return &f.Status }

// GetTemplate implements FederatedObject.
func (f *FederatedDeployment) GetTemplate() any { return &f.Spec.Template }

// GetPropagation implements FederatedObject.
func (f *FederatedServiceAccount) GetPropagation() *PropagationSpec { return &f.Spec.PropagationSpec }

// GetFederatedStatus implements FederatedObject.
func (f *FederatedServiceAccount) GetFederatedStatus() *FederatedStatus { return &f.Status }

// GetTemplate implements FederatedObject.
func (f *FederatedServiceAccount) GetTemplate() any { return &f.Spec.Template }

// GetPropagation implements FederatedObject.
func (f *FederatedReplicaSet) GetPropagation() *PropagationSpec { return &f.Spec.PropagationSpec }

// GetFederatedStatus implements FederatedObject.
func (f *FederatedReplicaSet) GetFederatedStatus() *FederatedStatus { return &f.Status }

// GetTemplate implements FederatedObject.
func (f *FederatedReplicaSet) GetTemplate() any { return &f.Spec.Template }

// GetPropagation implements FederatedObject.
func (f *FederatedStatefulSet) GetPropagation() *PropagationSpec { return &f.Spec.PropagationSpec }

// GetFederatedStatus implements FederatedObject.
func (f *FederatedStatefulSet) GetFederatedStatus() *FederatedStatus { return &f.Status }

// GetTemplate implements FederatedObject.
func (f *FederatedStatefulSet) GetTemplate() any { return &f.Spec.Template }

// GetPropagation implements FederatedObject.
func (f *FederatedDaemonSet) GetPropagation() *PropagationSpec { return &f.Spec.PropagationSpec }

// GetFederatedStatus implements FederatedObject.
func (f *FederatedDaemonSet) GetFederatedStatus() *FederatedStatus { return &f.Status }

// GetTemplate implements FederatedObject.
func (f *FederatedDaemonSet) GetTemplate() any { return &f.Spec.Template }

// WeightedObject is a FederatedObject with spec.replicaScheduling, whose clusters' weights
// divide what the object divides over its placed clusters (replicas, or a
// FederatedHorizontalPodAutoscaler's bounds).
type WeightedObject interface {
	FederatedObject
	// GetReplicaScheduling returns spec.replicaScheduling; nil when unset.
	GetReplicaScheduling() *ReplicaScheduling
}

// ReplicaScheduledObject is a FederatedObject whose replicas spec.replicaScheduling can
// spread over its placed clusters (workloads). The propagation engine renders each cluster's
// share into the member object's spec.replicas.
type ReplicaScheduledObject interface {
	WeightedObject
	// GetTemplateReplicas returns the template's spec.replicas; nil when unset.
	GetTemplateReplicas() *int32
}

var _ ReplicaScheduledObject = &FederatedDeployment{}
var _ ReplicaScheduledObject = &FederatedStatefulSet{}
var _ ReplicaScheduledObject = &FederatedReplicaSet{}

// GetReplicaScheduling implements ReplicaScheduledObject.
func (f *FederatedDeployment) GetReplicaScheduling() *ReplicaScheduling {
	return f.Spec.ReplicaScheduling
}

// GetTemplateReplicas implements ReplicaScheduledObject.
func (f *FederatedDeployment) GetTemplateReplicas() *int32 { return f.Spec.Template.Spec.Replicas }

// GetReplicaScheduling implements ReplicaScheduledObject.
func (f *FederatedReplicaSet) GetReplicaScheduling() *ReplicaScheduling {
	return f.Spec.ReplicaScheduling
}

// GetTemplateReplicas implements ReplicaScheduledObject.
func (f *FederatedReplicaSet) GetTemplateReplicas() *int32 { return f.Spec.Template.Spec.Replicas }

// GetReplicaScheduling implements ReplicaScheduledObject.
func (f *FederatedStatefulSet) GetReplicaScheduling() *ReplicaScheduling {
	return f.Spec.ReplicaScheduling
}

// GetTemplateReplicas implements ReplicaScheduledObject.
func (f *FederatedStatefulSet) GetTemplateReplicas() *int32 { return f.Spec.Template.Spec.Replicas }

var (
	_ FederatedObject        = &FederatedJob{}
	_ ReplicaScheduledObject = &FederatedJob{}
)

// GetPropagation implements FederatedObject.
func (f *FederatedJob) GetPropagation() *PropagationSpec { return &f.Spec.PropagationSpec }

// GetFederatedStatus implements FederatedObject.
func (f *FederatedJob) GetFederatedStatus() *FederatedStatus { return &f.Status }

// GetTemplate implements FederatedObject.
func (f *FederatedJob) GetTemplate() any { return &f.Spec.Template }

// GetReplicaScheduling implements ReplicaScheduledObject.
func (f *FederatedJob) GetReplicaScheduling() *ReplicaScheduling { return f.Spec.ReplicaScheduling }

// GetTemplateReplicas implements ReplicaScheduledObject: a Job's parallelism is what
// replicaScheduling divides.
func (f *FederatedJob) GetTemplateReplicas() *int32 { return f.Spec.Template.Spec.Parallelism }
