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
	"reflect"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
)

// MemberType is the Kubernetes type a federated kind writes to member clusters. It is not
// part of the API.
// +k8s:deepcopy-gen=false
// +k8s:openapi-gen=false
type MemberType struct {
	schema.GroupVersionKind
	// Resource is the member type's plural resource name.
	Resource string
	// Namespaced is true when member objects live in a namespace.
	Namespaced bool
}

// FederatedKinds returns an empty object of every federated kind of this version, by kind:
// the types registered with the scheme that implement FederatedObject, so a new kind needs
// no list updated.
func FederatedKinds() map[string]FederatedObject {
	scheme := runtime.NewScheme()
	utilruntime.Must(AddToScheme(scheme))
	out := map[string]FederatedObject{}
	for kind, t := range scheme.KnownTypes(SchemeGroupVersion) {
		if obj, ok := reflect.New(t).Interface().(FederatedObject); ok {
			out[kind] = obj
		}
	}
	return out
}

// GroupVersionResource returns the member type's resource.
func (m MemberType) GroupVersionResource() schema.GroupVersionResource {
	return m.GroupVersion().WithResource(m.Resource)
}

// FederatedObject is what the propagation engine needs of every federated kind: the template
// to render, where it goes, and where to report outcomes. Written once for all kinds.
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
	// MemberType returns the member clusters' type for this kind.
	MemberType() MemberType
}

var (
	_ FederatedObject = &FederatedConfigMap{}
	_ FederatedObject = &FederatedSecret{}
	_ FederatedObject = &FederatedDeployment{}
)

// GetPropagation implements FederatedObject.
func (f *FederatedConfigMap) GetPropagation() *PropagationSpec { return &f.Spec.PropagationSpec }

// GetFederatedStatus implements FederatedObject.
func (f *FederatedConfigMap) GetFederatedStatus() *FederatedStatus { return &f.Status }

// GetTemplate implements FederatedObject.
func (f *FederatedConfigMap) GetTemplate() any { return &f.Spec.Template }

// MemberType implements FederatedObject.
func (f *FederatedConfigMap) MemberType() MemberType {
	return MemberType{GroupVersionKind: schema.GroupVersionKind{Version: "v1", Kind: "ConfigMap"}, Resource: "configmaps", Namespaced: true}
}

// GetPropagation implements FederatedObject.
func (f *FederatedSecret) GetPropagation() *PropagationSpec { return &f.Spec.PropagationSpec }

// GetFederatedStatus implements FederatedObject.
func (f *FederatedSecret) GetFederatedStatus() *FederatedStatus { return &f.Status }

// GetTemplate implements FederatedObject.
func (f *FederatedSecret) GetTemplate() any { return &f.Spec.Template }

// MemberType implements FederatedObject.
func (f *FederatedSecret) MemberType() MemberType {
	return MemberType{GroupVersionKind: schema.GroupVersionKind{Version: "v1", Kind: "Secret"}, Resource: "secrets", Namespaced: true}
}

// GetPropagation implements FederatedObject.
func (f *FederatedDeployment) GetPropagation() *PropagationSpec { return &f.Spec.PropagationSpec }

// GetFederatedStatus implements FederatedObject.
func (f *FederatedDeployment) GetFederatedStatus() *FederatedStatus { return &f.Status }

// GetTemplate implements FederatedObject.
func (f *FederatedDeployment) GetTemplate() any { return &f.Spec.Template }

// MemberType implements FederatedObject.
func (f *FederatedDeployment) MemberType() MemberType {
	return MemberType{GroupVersionKind: schema.GroupVersionKind{Group: "apps", Version: "v1", Kind: "Deployment"}, Resource: "deployments", Namespaced: true}
}

// ReplicaScheduledObject is a FederatedObject whose replicas spec.replicaScheduling can
// spread over its placed clusters (workloads). The propagation engine renders each cluster's
// share into the member object's spec.replicas.
type ReplicaScheduledObject interface {
	FederatedObject
	// GetReplicaScheduling returns spec.replicaScheduling; nil when unset.
	GetReplicaScheduling() *ReplicaScheduling
	// GetTemplateReplicas returns the template's spec.replicas; nil when unset.
	GetTemplateReplicas() *int32
}

var _ ReplicaScheduledObject = &FederatedDeployment{}

// GetReplicaScheduling implements ReplicaScheduledObject.
func (f *FederatedDeployment) GetReplicaScheduling() *ReplicaScheduling {
	return f.Spec.ReplicaScheduling
}

// GetTemplateReplicas implements ReplicaScheduledObject.
func (f *FederatedDeployment) GetTemplateReplicas() *int32 { return f.Spec.Template.Spec.Replicas }
