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

package federated

import (
	appsv1 "k8s.io/api/apps/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"k8s.io/federation/pkg/apis/federation"
)

// Kind describes one federated kind to the registry. Serving a new kind is one entry in
// Kinds: the strategy, storage and table printing are shared.
type Kind struct {
	// Resource is the plural resource name, e.g. federateddeployments.
	Resource string
	// Singular is the singular resource name, e.g. federateddeployment.
	Singular string
	// ShortNames are kubectl's abbreviations for the resource.
	ShortNames []string
	// New returns an empty internal object of the kind.
	New func() runtime.Object
	// NewList returns an empty internal list of the kind.
	NewList func() runtime.Object
	// Scale, set on kinds with replicas, serves their scale subresource; nil on the others.
	Scale *Scale
}

// Scale is how the scale subresource (autoscaling/v1 Scale) reads and writes a kind's
// replicas. status.replicas comes from the aggregated FederatedStatus, which every
// workload kind shares, so only the spec side differs between kinds.
type Scale struct {
	// SpecReplicasPath is the path of the desired replicas in the object, for the managed
	// fields a scale update hands over (e.g. spec.template.spec.replicas).
	SpecReplicasPath []string
	// Replicas returns the desired replicas; nil when the object leaves them unset.
	Replicas func(obj runtime.Object) *int32
	// SetReplicas sets the desired replicas.
	SetReplicas func(obj runtime.Object, replicas int32)
	// Selector returns the label selector of the pods the object runs; may be nil.
	Selector func(obj runtime.Object) *metav1.LabelSelector
}

// Kinds lists every federated kind the server serves.
func Kinds() []Kind {
	return []Kind{
		{
			Resource: "federatedconfigmaps", Singular: "federatedconfigmap", ShortNames: []string{"fcm"},
			New:     func() runtime.Object { return &federation.FederatedConfigMap{} },
			NewList: func() runtime.Object { return &federation.FederatedConfigMapList{} },
		},
		{
			Resource: "federatedsecrets", Singular: "federatedsecret", ShortNames: []string{"fsecret"},
			New:     func() runtime.Object { return &federation.FederatedSecret{} },
			NewList: func() runtime.Object { return &federation.FederatedSecretList{} },
		},
		{
			Resource: "federateddeployments", Singular: "federateddeployment", ShortNames: []string{"fdeploy"},
			New:     func() runtime.Object { return &federation.FederatedDeployment{} },
			NewList: func() runtime.Object { return &federation.FederatedDeploymentList{} },
			Scale:   deploymentScale(),
		},
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
