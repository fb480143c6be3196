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

package kinds_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/propagation"
)

// A FederatedService renders only what its template sets: no cluster IPs, no node ports it
// leaves unset, and no targetPort 0 where the template has none (the member defaults it).
func TestServiceRendersNoMemberAllocatedFields(t *testing.T) {
	obj := &fedv1beta1.FederatedService{ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "shop"}}
	obj.Spec.Template.Spec = corev1.ServiceSpec{
		Type:     corev1.ServiceTypeLoadBalancer,
		Selector: map[string]string{"app": "web"},
		Ports: []corev1.ServicePort{
			{Name: "http", Port: 80, Protocol: corev1.ProtocolTCP},
			{Name: "https", Port: 443, Protocol: corev1.ProtocolTCP, TargetPort: intstr.FromString("https")},
			{Name: "metrics", Port: 9090, Protocol: corev1.ProtocolTCP, TargetPort: intstr.FromInt32(9091), NodePort: 30090},
		},
	}
	u, err := propagation.Render(obj, "member-1", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"type":     "LoadBalancer",
		"selector": map[string]any{"app": "web"},
		"ports": []any{
			map[string]any{"name": "http", "port": int64(80), "protocol": "TCP"},
			map[string]any{"name": "https", "port": int64(443), "protocol": "TCP", "targetPort": "https"},
			map[string]any{"name": "metrics", "port": int64(9090), "protocol": "TCP", "targetPort": int64(9091), "nodePort": int64(30090)},
		},
	}
	if d := cmp.Diff(want, u.Object["spec"]); d != "" {
		t.Errorf("rendered spec (-want +got):\n%s", d)
	}
}
