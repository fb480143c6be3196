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
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"k8s.io/federation/pkg/apis/federation"
	"k8s.io/federation/pkg/apis/federation/validation"
)

// serviceHooks are FederatedService's rules: its validation (no cluster IP that every member
// would have to share), the rendering of ports without a target port, and the members'
// load-balancer addresses. Everything a
// member allocates (cluster IPs, node ports left unset, the health-check node port, IP
// family defaults, status) is simply never rendered, so server-side apply leaves it to the
// member and drift detection, which compares what federation sets, never sees it.
func serviceHooks() Hooks {
	return Hooks{
		Validate: func(obj federation.FederatedObject, specPath *field.Path) field.ErrorList {
			return validation.ValidateFederatedService(obj.(*federation.FederatedService), specPath)
		},
		Prepare:      dropZeroTargetPorts,
		LoadBalancer: serviceLoadBalancer,
	}
}

// dropZeroTargetPorts removes targetPort 0 from the rendered Service's ports: the Go type
// encodes an unset targetPort that way (intstr.IntOrString is a struct, which omitempty
// does not omit), and the member defaults it to the port. Rendered as 0, federation would
// own a value the member never keeps, and every comparison with the member would differ.
func dropZeroTargetPorts(member map[string]any) {
	spec, _ := member["spec"].(map[string]any)
	ports, _ := spec["ports"].([]any)
	for _, p := range ports {
		port, ok := p.(map[string]any)
		if !ok {
			continue
		}
		if tp, ok := port["targetPort"].(int64); ok && tp == 0 {
			delete(port, "targetPort")
		}
	}
}

// serviceLoadBalancer reads a member Service's status.loadBalancer.ingress, which the
// member's cloud controller (or load-balancer implementation) sets.
func serviceLoadBalancer(copy *unstructured.Unstructured) ([]corev1.LoadBalancerIngress, error) {
	var svc corev1.Service
	if err := runtime.DefaultUnstructuredConverter.FromUnstructured(copy.Object, &svc); err != nil {
		return nil, err
	}
	return svc.Status.LoadBalancer.Ingress, nil
}
