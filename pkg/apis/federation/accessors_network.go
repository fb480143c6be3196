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

var (
	_ FederatedObject = &FederatedService{}
	_ FederatedObject = &FederatedIngress{}
)

// GetPropagation implements FederatedObject.
func (f *FederatedService) GetPropagation() *PropagationSpec { return &f.Spec.PropagationSpec }

// GetTemplateMeta implements FederatedObject.
func (f *FederatedService) GetTemplateMeta() *metav1.ObjectMeta { return &f.Spec.Template.ObjectMeta }

// GetFederatedStatus implements FederatedObject.
func (f *FederatedService) GetFederatedStatus() *FederatedStatus { return &f.Status }

// GetSpec implements FederatedObject.
func (f *FederatedService) GetSpec() any { return f.Spec }

// CopySpecFrom implements FederatedObject.
func (f *FederatedService) CopySpecFrom(src FederatedObject) {
	f.Spec = src.(*FederatedService).Spec
}

// GetPropagation implements FederatedObject.
func (f *FederatedIngress) GetPropagation() *PropagationSpec { return &f.Spec.PropagationSpec }

// GetTemplateMeta implements FederatedObject.
func (f *FederatedIngress) GetTemplateMeta() *metav1.ObjectMeta { return &f.Spec.Template.ObjectMeta }

// GetFederatedStatus implements FederatedObject.
func (f *FederatedIngress) GetFederatedStatus() *FederatedStatus { return &f.Status }

// GetSpec implements FederatedObject.
func (f *FederatedIngress) GetSpec() any { return f.Spec }

// CopySpecFrom implements FederatedObject.
func (f *FederatedIngress) CopySpecFrom(src FederatedObject) {
	f.Spec = src.(*FederatedIngress).Spec
}
