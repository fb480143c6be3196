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

import metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

var _ FederatedObject = &FederatedNamespace{}

// GetPropagation implements FederatedObject.
func (f *FederatedNamespace) GetPropagation() *PropagationSpec { return &f.Spec.PropagationSpec }

// GetTemplateMeta implements FederatedObject.
func (f *FederatedNamespace) GetTemplateMeta() *metav1.ObjectMeta { return &f.Spec.Template.ObjectMeta }

// GetFederatedStatus implements FederatedObject.
func (f *FederatedNamespace) GetFederatedStatus() *FederatedStatus { return &f.Status }

// GetSpec implements FederatedObject.
func (f *FederatedNamespace) GetSpec() any { return f.Spec }

// CopySpecFrom implements FederatedObject.
func (f *FederatedNamespace) CopySpecFrom(src FederatedObject) {
	f.Spec = src.(*FederatedNamespace).Spec
}
