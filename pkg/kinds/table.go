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
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"k8s.io/federation/pkg/apis/federation"
	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
)

// entries is the table. Serving a new kind: its types stanza in pkg/apis/federation and
// pkg/apis/federation/v1beta1 (with its accessors and scheme registration), one entry here,
// hack/update-codegen.sh; the tests of this package, artifacts/ and test/integration say
// what else is missing (roles, codegen packages, fixtures).
func entries() []Kind {
	return []Kind{
		{
			Kind: "FederatedConfigMap", Plural: "federatedconfigmaps", Singular: "federatedconfigmap",
			ShortNames: []string{"fcm"}, Categories: []string{Category}, Namespaced: true,
			Member:          member("", "v1", "ConfigMap", "configmaps", true),
			NewVersioned:    func() fedv1beta1.FederatedObject { return &fedv1beta1.FederatedConfigMap{} },
			NewInternal:     func() federation.FederatedObject { return &federation.FederatedConfigMap{} },
			NewInternalList: func() runtime.Object { return &federation.FederatedConfigMapList{} },
		},
		{
			Kind: "FederatedSecret", Plural: "federatedsecrets", Singular: "federatedsecret",
			ShortNames: []string{"fsecret"}, Categories: []string{Category}, Namespaced: true,
			Member:          member("", "v1", "Secret", "secrets", true),
			NewVersioned:    func() fedv1beta1.FederatedObject { return &fedv1beta1.FederatedSecret{} },
			NewInternal:     func() federation.FederatedObject { return &federation.FederatedSecret{} },
			NewInternalList: func() runtime.Object { return &federation.FederatedSecretList{} },
		},
		{
			Kind: "FederatedDaemonSet", Plural: "federateddaemonsets", Singular: "federateddaemonset",
			ShortNames: []string{"fds"}, Categories: []string{Category}, Namespaced: true,
			Member:          member("apps", "v1", "DaemonSet", "daemonsets", true),
			NewVersioned:    func() fedv1beta1.FederatedObject { return &fedv1beta1.FederatedDaemonSet{} },
			NewInternal:     func() federation.FederatedObject { return &federation.FederatedDaemonSet{} },
			NewInternalList: func() runtime.Object { return &federation.FederatedDaemonSetList{} },
			Hooks:           daemonSetHooks(),
		},
		{
			Kind: "FederatedDeployment", Plural: "federateddeployments", Singular: "federateddeployment",
			ShortNames: []string{"fdeploy"}, Categories: []string{Category}, Namespaced: true,
			Member:          member("apps", "v1", "Deployment", "deployments", true),
			NewVersioned:    func() fedv1beta1.FederatedObject { return &fedv1beta1.FederatedDeployment{} },
			NewInternal:     func() federation.FederatedObject { return &federation.FederatedDeployment{} },
			NewInternalList: func() runtime.Object { return &federation.FederatedDeploymentList{} },
			Hooks:           deploymentHooks(),
		},
		{
			Kind: "FederatedReplicaSet", Plural: "federatedreplicasets", Singular: "federatedreplicaset",
			ShortNames: []string{"frs"}, Categories: []string{Category}, Namespaced: true,
			Member:          member("apps", "v1", "ReplicaSet", "replicasets", true),
			NewVersioned:    func() fedv1beta1.FederatedObject { return &fedv1beta1.FederatedReplicaSet{} },
			NewInternal:     func() federation.FederatedObject { return &federation.FederatedReplicaSet{} },
			NewInternalList: func() runtime.Object { return &federation.FederatedReplicaSetList{} },
			Hooks:           replicaSetHooks(),
		},
		{
			Kind: "FederatedStatefulSet", Plural: "federatedstatefulsets", Singular: "federatedstatefulset",
			ShortNames: []string{"fsts"}, Categories: []string{Category}, Namespaced: true,
			Member:          member("apps", "v1", "StatefulSet", "statefulsets", true),
			NewVersioned:    func() fedv1beta1.FederatedObject { return &fedv1beta1.FederatedStatefulSet{} },
			NewInternal:     func() federation.FederatedObject { return &federation.FederatedStatefulSet{} },
			NewInternalList: func() runtime.Object { return &federation.FederatedStatefulSetList{} },
			Hooks:           statefulSetHooks(),
		},
		{
			Kind: "FederatedServiceAccount", Plural: "federatedserviceaccounts", Singular: "federatedserviceaccount",
			ShortNames: []string{"fsa"}, Categories: []string{Category}, Namespaced: true,
			Member:          member("", "v1", "ServiceAccount", "serviceaccounts", true),
			NewVersioned:    func() fedv1beta1.FederatedObject { return &fedv1beta1.FederatedServiceAccount{} },
			NewInternal:     func() federation.FederatedObject { return &federation.FederatedServiceAccount{} },
			NewInternalList: func() runtime.Object { return &federation.FederatedServiceAccountList{} },
		},
		{
			Kind: "FederatedService", Plural: "federatedservices", Singular: "federatedservice",
			ShortNames: []string{"fsvc"}, Categories: []string{Category}, Namespaced: true,
			Member:          member("", "v1", "Service", "services", true),
			NewVersioned:    func() fedv1beta1.FederatedObject { return &fedv1beta1.FederatedService{} },
			NewInternal:     func() federation.FederatedObject { return &federation.FederatedService{} },
			NewInternalList: func() runtime.Object { return &federation.FederatedServiceList{} },
			Hooks:           serviceHooks(),
		},
		{
			Kind: "FederatedIngress", Plural: "federatedingresses", Singular: "federatedingress",
			ShortNames: []string{"fing"}, Categories: []string{Category}, Namespaced: true,
			Member:          member("networking.k8s.io", "v1", "Ingress", "ingresses", true),
			NewVersioned:    func() fedv1beta1.FederatedObject { return &fedv1beta1.FederatedIngress{} },
			NewInternal:     func() federation.FederatedObject { return &federation.FederatedIngress{} },
			NewInternalList: func() runtime.Object { return &federation.FederatedIngressList{} },
			Hooks:           ingressHooks(),
		},
		{
			Kind: "FederatedHorizontalPodAutoscaler", Plural: "federatedhorizontalpodautoscalers", Singular: "federatedhorizontalpodautoscaler",
			ShortNames: []string{"fhpa"}, Categories: []string{Category}, Namespaced: true,
			Member:          member("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true),
			NewVersioned:    func() fedv1beta1.FederatedObject { return &fedv1beta1.FederatedHorizontalPodAutoscaler{} },
			NewInternal:     func() federation.FederatedObject { return &federation.FederatedHorizontalPodAutoscaler{} },
			NewInternalList: func() runtime.Object { return &federation.FederatedHorizontalPodAutoscalerList{} },
			Hooks:           hpaHooks(),
		},
		{
			Kind: "FederatedNamespace", Plural: "federatednamespaces", Singular: "federatednamespace",
			ShortNames: []string{"fns"}, Categories: []string{Category}, Namespaced: false,
			Member:          member("", "v1", "Namespace", "namespaces", false),
			NewVersioned:    func() fedv1beta1.FederatedObject { return &fedv1beta1.FederatedNamespace{} },
			NewInternal:     func() federation.FederatedObject { return &federation.FederatedNamespace{} },
			NewInternalList: func() runtime.Object { return &federation.FederatedNamespaceList{} },
			Hooks:           namespaceHooks(),
		},
		{
			Kind: "FederatedJob", Plural: "federatedjobs", Singular: "federatedjob",
			ShortNames: []string{"fjob"}, Categories: []string{Category}, Namespaced: true,
			Member:          member("batch", "v1", "Job", "jobs", true),
			NewVersioned:    func() fedv1beta1.FederatedObject { return &fedv1beta1.FederatedJob{} },
			NewInternal:     func() federation.FederatedObject { return &federation.FederatedJob{} },
			NewInternalList: func() runtime.Object { return &federation.FederatedJobList{} },
			Hooks:           jobHooks(),
		},
	}
}

// member is a Member, written on one line.
func member(group, version, kind, resource string, namespaced bool) Member {
	return Member{GroupVersionKind: schema.GroupVersionKind{Group: group, Version: version, Kind: kind}, Resource: resource, Namespaced: namespaced}
}
