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

package federation

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

// FederatedObject is what the registry needs of every federated kind: the shared
// propagation spec, the template's metadata and the shared status. Each kind implements it
// by pointing into its own fields, so policy is written once for all kinds.
//
// The accessors are written by hand, not generated: a few one-liners per kind, checked by
// the compiler against the kind's fields, with no generator to maintain; and an
// unstructured object (the CRD path) can implement the same interface by reading the same
// fields from its map.
type FederatedObject interface {
	runtime.Object
	metav1.Object
	// GetPropagation returns the object's placement and overrides.
	GetPropagation() *PropagationSpec
	// GetTemplateMeta returns the metadata of the member object template.
	GetTemplateMeta() *metav1.ObjectMeta
	// GetFederatedStatus returns the object's status.
	GetFederatedStatus() *FederatedStatus
	// GetSpec returns the whole spec, for change detection.
	GetSpec() any
	// CopySpecFrom sets the object's spec to src's, which must be of the same kind: what a
	// status write keeps of the stored object, without reflection.
	CopySpecFrom(src FederatedObject)
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

// GetTemplateMeta implements FederatedObject.
func (f *FederatedConfigMap) GetTemplateMeta() *metav1.ObjectMeta { return &f.Spec.Template.ObjectMeta }

// GetFederatedStatus implements FederatedObject.
func (f *FederatedConfigMap) GetFederatedStatus() *FederatedStatus { return &f.Status }

// GetSpec implements FederatedObject.
func (f *FederatedConfigMap) GetSpec() any { return f.Spec }

// CopySpecFrom implements FederatedObject.
func (f *FederatedConfigMap) CopySpecFrom(src FederatedObject) {
	f.Spec = src.(*FederatedConfigMap).Spec
}

// GetPropagation implements FederatedObject.
func (f *FederatedSecret) GetPropagation() *PropagationSpec { return &f.Spec.PropagationSpec }

// GetTemplateMeta implements FederatedObject.
func (f *FederatedSecret) GetTemplateMeta() *metav1.ObjectMeta { return &f.Spec.Template.ObjectMeta }

// GetFederatedStatus implements FederatedObject.
func (f *FederatedSecret) GetFederatedStatus() *FederatedStatus { return &f.Status }

// GetSpec implements FederatedObject.
func (f *FederatedSecret) GetSpec() any { return f.Spec }

// CopySpecFrom implements FederatedObject.
func (f *FederatedSecret) CopySpecFrom(src FederatedObject) { f.Spec = src.(*FederatedSecret).Spec }

// GetPropagation implements FederatedObject.
func (f *FederatedDeployment) GetPropagation() *PropagationSpec { return &f.Spec.PropagationSpec }

// GetTemplateMeta implements FederatedObject.
func (f *FederatedDeployment) GetTemplateMeta() *metav1.ObjectMeta {
	return &f.Spec.Template.ObjectMeta
}

// GetFederatedStatus implements FederatedObject.
func (f *FederatedDeployment) GetFederatedStatus() *FederatedStatus { return &f.Status }

// GetSpec implements FederatedObject.
func (f *FederatedDeployment) GetSpec() any { return f.Spec }

// CopySpecFrom implements FederatedObject.
func (f *FederatedDeployment) CopySpecFrom(src FederatedObject) {
	f.Spec = src.(*FederatedDeployment).Spec
}

// GetPropagation implements FederatedObject.
func (f *FederatedServiceAccount) GetPropagation() *PropagationSpec { return &f.Spec.PropagationSpec }

// GetTemplateMeta implements FederatedObject.
func (f *FederatedServiceAccount) GetTemplateMeta() *metav1.ObjectMeta {
	return &f.Spec.Template.ObjectMeta
}

// GetFederatedStatus implements FederatedObject.
func (f *FederatedServiceAccount) GetFederatedStatus() *FederatedStatus { return &f.Status }

// GetSpec implements FederatedObject.
func (f *FederatedServiceAccount) GetSpec() any { return f.Spec }

// CopySpecFrom implements FederatedObject.
func (f *FederatedServiceAccount) CopySpecFrom(src FederatedObject) {
	f.Spec = src.(*FederatedServiceAccount).Spec
}

// GetPropagation implements FederatedObject.
func (f *FederatedReplicaSet) GetPropagation() *PropagationSpec { return &f.Spec.PropagationSpec }

// GetTemplateMeta implements FederatedObject.
func (f *FederatedReplicaSet) GetTemplateMeta() *metav1.ObjectMeta {
	return &f.Spec.Template.ObjectMeta
}

// GetFederatedStatus implements FederatedObject.
func (f *FederatedReplicaSet) GetFederatedStatus() *FederatedStatus { return &f.Status }

// GetSpec implements FederatedObject.
func (f *FederatedReplicaSet) GetSpec() any { return f.Spec }

// CopySpecFrom implements FederatedObject.
func (f *FederatedReplicaSet) CopySpecFrom(src FederatedObject) {
	f.Spec = src.(*FederatedReplicaSet).Spec
}

// GetPropagation implements FederatedObject.
func (f *FederatedStatefulSet) GetPropagation() *PropagationSpec { return &f.Spec.PropagationSpec }

// GetTemplateMeta implements FederatedObject.
func (f *FederatedStatefulSet) GetTemplateMeta() *metav1.ObjectMeta {
	return &f.Spec.Template.ObjectMeta
}

// GetFederatedStatus implements FederatedObject.
func (f *FederatedStatefulSet) GetFederatedStatus() *FederatedStatus { return &f.Status }

// GetSpec implements FederatedObject.
func (f *FederatedStatefulSet) GetSpec() any { return f.Spec }

// CopySpecFrom implements FederatedObject.
func (f *FederatedStatefulSet) CopySpecFrom(src FederatedObject) {
	f.Spec = src.(*FederatedStatefulSet).Spec
}

// GetPropagation implements FederatedObject.
func (f *FederatedDaemonSet) GetPropagation() *PropagationSpec { return &f.Spec.PropagationSpec }

// GetTemplateMeta implements FederatedObject.
func (f *FederatedDaemonSet) GetTemplateMeta() *metav1.ObjectMeta { return &f.Spec.Template.ObjectMeta }

// GetFederatedStatus implements FederatedObject.
func (f *FederatedDaemonSet) GetFederatedStatus() *FederatedStatus { return &f.Status }

// GetSpec implements FederatedObject.
func (f *FederatedDaemonSet) GetSpec() any { return f.Spec }

// CopySpecFrom implements FederatedObject.
func (f *FederatedDaemonSet) CopySpecFrom(src FederatedObject) {
	f.Spec = src.(*FederatedDaemonSet).Spec
}

// ReplicaScheduledObject is a FederatedObject with spec.replicaScheduling (workloads).
type ReplicaScheduledObject interface {
	FederatedObject
	// GetReplicaScheduling returns spec.replicaScheduling; nil when unset.
	GetReplicaScheduling() *ReplicaScheduling
	// GetTemplateReplicas returns the template's spec.replicas; nil when unset.
	GetTemplateReplicas() *int32
	// SetTemplateReplicas sets the template's spec.replicas (the scale subresource).
	SetTemplateReplicas(replicas int32)
	// GetTemplateSelector returns the template's spec.selector; nil when unset.
	GetTemplateSelector() *metav1.LabelSelector
}

var _ ReplicaScheduledObject = &FederatedDeployment{}
var _ ReplicaScheduledObject = &FederatedStatefulSet{}
var _ ReplicaScheduledObject = &FederatedReplicaSet{}

// GetReplicaScheduling implements ReplicaScheduledObject.
func (f *FederatedDeployment) GetReplicaScheduling() *ReplicaScheduling {
	return f.Spec.ReplicaScheduling
}

// GetTemplateReplicas implements ReplicaScheduledObject.
func (f *FederatedDeployment) GetTemplateReplicas() *int32 {
	return f.Spec.Template.Spec.Replicas
}

// GetReplicaScheduling implements ReplicaScheduledObject.
func (f *FederatedReplicaSet) GetReplicaScheduling() *ReplicaScheduling {
	return f.Spec.ReplicaScheduling
}

// GetTemplateReplicas implements ReplicaScheduledObject.
func (f *FederatedReplicaSet) GetTemplateReplicas() *int32 { return f.Spec.Template.Spec.Replicas }

// SetTemplateReplicas implements ReplicaScheduledObject.
func (f *FederatedDeployment) SetTemplateReplicas(replicas int32) {
	f.Spec.Template.Spec.Replicas = &replicas
}

// GetTemplateSelector implements ReplicaScheduledObject.
func (f *FederatedDeployment) GetTemplateSelector() *metav1.LabelSelector {
	return f.Spec.Template.Spec.Selector
}

// SetTemplateReplicas implements ReplicaScheduledObject.
func (f *FederatedReplicaSet) SetTemplateReplicas(replicas int32) {
	f.Spec.Template.Spec.Replicas = &replicas
}

// GetTemplateSelector implements ReplicaScheduledObject.
func (f *FederatedReplicaSet) GetTemplateSelector() *metav1.LabelSelector {
	return f.Spec.Template.Spec.Selector
}

// GetReplicaScheduling implements ReplicaScheduledObject.
func (f *FederatedStatefulSet) GetReplicaScheduling() *ReplicaScheduling {
	return f.Spec.ReplicaScheduling
}

// GetTemplateReplicas implements ReplicaScheduledObject.
func (f *FederatedStatefulSet) GetTemplateReplicas() *int32 { return f.Spec.Template.Spec.Replicas }

// SetTemplateReplicas implements ReplicaScheduledObject.
func (f *FederatedStatefulSet) SetTemplateReplicas(replicas int32) {
	f.Spec.Template.Spec.Replicas = &replicas
}

// GetTemplateSelector implements ReplicaScheduledObject.
func (f *FederatedStatefulSet) GetTemplateSelector() *metav1.LabelSelector {
	return f.Spec.Template.Spec.Selector
}

var (
	_ FederatedObject        = &FederatedJob{}
	_ ReplicaScheduledObject = &FederatedJob{}
)

// GetPropagation implements FederatedObject.
func (f *FederatedJob) GetPropagation() *PropagationSpec { return &f.Spec.PropagationSpec }

// GetTemplateMeta implements FederatedObject.
func (f *FederatedJob) GetTemplateMeta() *metav1.ObjectMeta { return &f.Spec.Template.ObjectMeta }

// GetFederatedStatus implements FederatedObject.
func (f *FederatedJob) GetFederatedStatus() *FederatedStatus { return &f.Status }

// GetSpec implements FederatedObject.
func (f *FederatedJob) GetSpec() any { return f.Spec }

// CopySpecFrom implements FederatedObject.
func (f *FederatedJob) CopySpecFrom(src FederatedObject) { f.Spec = src.(*FederatedJob).Spec }

// GetReplicaScheduling implements ReplicaScheduledObject.
func (f *FederatedJob) GetReplicaScheduling() *ReplicaScheduling { return f.Spec.ReplicaScheduling }

// GetTemplateReplicas implements ReplicaScheduledObject: a Job's parallelism is what
// replicaScheduling divides.
func (f *FederatedJob) GetTemplateReplicas() *int32 { return f.Spec.Template.Spec.Parallelism }

// SetTemplateReplicas implements ReplicaScheduledObject (sets the template's parallelism).
func (f *FederatedJob) SetTemplateReplicas(replicas int32) {
	f.Spec.Template.Spec.Parallelism = &replicas
}

// GetTemplateSelector implements ReplicaScheduledObject: a Job's selector is its member's to
// generate, so the template has none.
func (f *FederatedJob) GetTemplateSelector() *metav1.LabelSelector {
	return f.Spec.Template.Spec.Selector
}
