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
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// GroupName is the API group served by the federation control plane.
const GroupName = "federation.k8s.io"

// SchemeGroupVersion is the internal group version used to register the hub types.
var SchemeGroupVersion = schema.GroupVersion{Group: GroupName, Version: runtime.APIVersionInternal}

var (
	// SchemeBuilder registers the internal types.
	SchemeBuilder = runtime.NewSchemeBuilder(addKnownTypes)
	// AddToScheme adds the internal types to a scheme.
	AddToScheme = SchemeBuilder.AddToScheme
)

// Kind takes an unqualified kind and returns a group-qualified GroupKind.
func Kind(kind string) schema.GroupKind {
	return SchemeGroupVersion.WithKind(kind).GroupKind()
}

// Resource takes an unqualified resource and returns a group-qualified GroupResource.
func Resource(resource string) schema.GroupResource {
	return SchemeGroupVersion.WithResource(resource).GroupResource()
}

func addKnownTypes(scheme *runtime.Scheme) error {
	scheme.AddKnownTypes(SchemeGroupVersion,
		&Cluster{}, &ClusterList{},
		&FederatedConfigMap{}, &FederatedConfigMapList{},
		&FederatedSecret{}, &FederatedSecretList{},
		&FederatedDeployment{}, &FederatedDeploymentList{},
		&FederatedServiceAccount{}, &FederatedServiceAccountList{},
		&FederatedDaemonSet{}, &FederatedDaemonSetList{},
		&FederatedStatefulSet{}, &FederatedStatefulSetList{},
		&FederatedReplicaSet{}, &FederatedReplicaSetList{},
		&FederatedService{}, &FederatedServiceList{},
		&FederatedIngress{}, &FederatedIngressList{},
		&FederatedHorizontalPodAutoscaler{}, &FederatedHorizontalPodAutoscalerList{},
		&FederatedNamespace{}, &FederatedNamespaceList{},
		&FederatedJob{}, &FederatedJobList{},
	)
	return nil
}
