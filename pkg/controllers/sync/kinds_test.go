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

package sync

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"k8s.io/federation/pkg/generated/clientset/versioned/fake"
	fedinformers "k8s.io/federation/pkg/generated/informers/externalversions"
)

func TestFederatedKindsComeFromTheTable(t *testing.T) {
	kinds, err := federatedKinds(fedinformers.NewSharedInformerFactory(fake.NewClientset(), 0))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, k := range kinds {
		got = append(got, k.Kind.Kind+" "+k.Plural+" -> "+k.Member.GroupVersionResource().String())
	}
	want := []string{
		"FederatedConfigMap federatedconfigmaps -> /v1, Resource=configmaps",
		"FederatedDaemonSet federateddaemonsets -> apps/v1, Resource=daemonsets",
		"FederatedDeployment federateddeployments -> apps/v1, Resource=deployments",
		"FederatedHorizontalPodAutoscaler federatedhorizontalpodautoscalers -> autoscaling/v2, Resource=horizontalpodautoscalers",
		"FederatedIngress federatedingresses -> networking.k8s.io/v1, Resource=ingresses",
		"FederatedJob federatedjobs -> batch/v1, Resource=jobs",
		"FederatedNamespace federatednamespaces -> /v1, Resource=namespaces",
		"FederatedReplicaSet federatedreplicasets -> apps/v1, Resource=replicasets",
		"FederatedSecret federatedsecrets -> /v1, Resource=secrets",
		"FederatedService federatedservices -> /v1, Resource=services",
		"FederatedServiceAccount federatedserviceaccounts -> /v1, Resource=serviceaccounts",
		"FederatedStatefulSet federatedstatefulsets -> apps/v1, Resource=statefulsets",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("federated kinds (-want +got):\n%s", d)
	}
}
