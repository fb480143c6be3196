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
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/events"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/generated/clientset/versioned/fake"
	fedinformers "k8s.io/federation/pkg/generated/informers/externalversions"
)

// A FederatedHorizontalPodAutoscaler's events wake the federated workload its template
// targets (old and new target on an update), and nothing for a target of no federated
// workload kind.
func TestEnqueueTargets(t *testing.T) {
	factory := fedinformers.NewSharedInformerFactory(fake.NewClientset(), 0)
	c, err := New(nil, factory, nil, nil, events.NewFakeRecorder(10), Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	hpa := func(apiVersion, kind, name string) *fedv1beta1.FederatedHorizontalPodAutoscaler {
		h := &fedv1beta1.FederatedHorizontalPodAutoscaler{ObjectMeta: metav1.ObjectMeta{Name: "hpa", Namespace: "shop"}}
		h.Spec.Template.Spec.ScaleTargetRef = autoscalingv2.CrossVersionObjectReference{APIVersion: apiVersion, Kind: kind, Name: name}
		return h
	}
	for name, tc := range map[string]struct {
		event func()
		want  []string
	}{
		"added: its Deployment": {
			event: func() { c.enqueueTargets(hpa("apps/v1", "Deployment", "web")) },
			want:  []string{"FederatedDeployment.federation.k8s.io/shop/web"},
		},
		"any version of the group": {
			event: func() { c.enqueueTargets(hpa("apps/v1beta2", "StatefulSet", "db")) },
			want:  []string{"FederatedStatefulSet.federation.k8s.io/shop/db"},
		},
		"retargeted: the old and the new target": {
			event: func() {
				c.enqueueTargets(hpa("apps/v1", "Deployment", "web"))
				c.enqueueTargets(hpa("apps/v1", "ReplicaSet", "api"))
			},
			want: []string{"FederatedDeployment.federation.k8s.io/shop/web", "FederatedReplicaSet.federation.k8s.io/shop/api"},
		},
		"deleted, as a tombstone": {
			event: func() {
				c.enqueueTargets(cache.DeletedFinalStateUnknown{Key: "shop/hpa", Obj: hpa("apps/v1", "Deployment", "web")})
			},
			want: []string{"FederatedDeployment.federation.k8s.io/shop/web"},
		},
		"a kind without replicas, or another group: nothing": {
			event: func() {
				c.enqueueTargets(hpa("v1", "ConfigMap", "web"))
				c.enqueueTargets(hpa("example.com/v1", "Deployment", "web"))
			},
		},
	} {
		t.Run(name, func(t *testing.T) {
			drain(c)
			tc.event()
			if d := cmp.Diff(tc.want, drain(c)); d != "" {
				t.Errorf("queued (-want +got):\n%s", d)
			}
		})
	}
}
