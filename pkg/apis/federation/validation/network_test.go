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

package validation

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"k8s.io/federation/pkg/apis/federation"
)

func TestValidateFederatedService(t *testing.T) {
	for name, tc := range map[string]struct {
		spec corev1.ServiceSpec
		want []fieldError
	}{
		"allocated by each member": {spec: corev1.ServiceSpec{Type: corev1.ServiceTypeLoadBalancer}},
		"headless":                 {spec: corev1.ServiceSpec{ClusterIP: "None", ClusterIPs: []string{"None"}}},
		"fixed cluster IP": {
			spec: corev1.ServiceSpec{ClusterIP: "10.0.0.10"},
			want: []fieldError{e(field.ErrorTypeInvalid, "spec.template.spec.clusterIP")},
		},
		"fixed cluster IPs": {
			spec: corev1.ServiceSpec{ClusterIP: "10.0.0.10", ClusterIPs: []string{"10.0.0.10", "fd00::10"}},
			want: []fieldError{
				e(field.ErrorTypeInvalid, "spec.template.spec.clusterIP"),
				e(field.ErrorTypeInvalid, "spec.template.spec.clusterIPs[0]"),
				e(field.ErrorTypeInvalid, "spec.template.spec.clusterIPs[1]"),
			},
		},
		// Node ports the user sets are the same in every member; that is the user's choice.
		"node port set": {spec: corev1.ServiceSpec{Type: corev1.ServiceTypeNodePort, Ports: []corev1.ServicePort{{Port: 80, NodePort: 30080}}}},
	} {
		t.Run(name, func(t *testing.T) {
			obj := &federation.FederatedService{ObjectMeta: validMeta()}
			obj.Spec.Template.Spec = tc.spec
			obj.Spec.PropagationSpec = validPropagation()
			got := summarize(ValidateFederatedService(obj, field.NewPath("spec")))
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("errors (-want +got):\n%s", d)
			}
		})
	}
}
