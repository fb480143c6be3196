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
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"k8s.io/federation/pkg/apis/federation"
	"k8s.io/federation/pkg/apis/federation/validation"
)

// serviceHooks are FederatedService's rules: its validation (no cluster IP that every member
// would have to share), the rendering of ports without a target port, and the members'
// load-balancer addresses and kubectl get's columns. Everything a
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
		Columns:      serviceColumns(),
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

// serviceColumns are kubectl get svc's TYPE, EXTERNAL-IP and PORT(S), for the federated
// object: the template's type and ports, and the members' load-balancer addresses
// (status.loadBalancer). CLUSTER-IP has no federated counterpart (each member has its own).
func serviceColumns() []Column {
	return rowColumns(
		[]metav1.TableColumnDefinition{
			{Name: "Type", Type: "string", Description: "The template's spec.type (ClusterIP when unset)."},
			{Name: "External-IP", Type: "string", Description: "For type LoadBalancer, every member's load-balancer ingress " +
				"(status.loadBalancer.ingress: IP or hostname), <pending> while none has one; the template's " +
				"spec.externalIPs too; for type ExternalName, spec.externalName; else <none>."},
			{Name: "Port(s)", Type: "string", Description: "The template's ports as port[:nodePort]/protocol; node ports " +
				"each member allocates are not shown."},
		},
		func(obj federation.FederatedObject) ([]any, error) {
			svc, ok := obj.(*federation.FederatedService)
			if !ok {
				return nil, fmt.Errorf("not a FederatedService: %T", obj)
			}
			spec := svc.Spec.Template.Spec
			typ := spec.Type
			if typ == "" {
				typ = corev1.ServiceTypeClusterIP
			}
			return []any{string(typ), serviceExternalIP(typ, spec, svc.Status.LoadBalancer), servicePorts(spec.Ports)}, nil
		},
	)
}

// serviceExternalIP is kubectl get svc's EXTERNAL-IP for a Service of type typ with spec,
// the members' ingress points standing in for the Service's own.
func serviceExternalIP(typ corev1.ServiceType, spec corev1.ServiceSpec, lb *corev1.LoadBalancerStatus) string {
	switch typ {
	case corev1.ServiceTypeExternalName:
		return spec.ExternalName
	case corev1.ServiceTypeLoadBalancer:
		var addrs []string
		if a := lbAddresses(lb); a != "" {
			addrs = append(addrs, a)
		}
		addrs = append(addrs, spec.ExternalIPs...)
		if len(addrs) == 0 {
			return "<pending>"
		}
		return strings.Join(addrs, ",")
	}
	if len(spec.ExternalIPs) > 0 {
		return strings.Join(spec.ExternalIPs, ",")
	}
	return "<none>"
}

// servicePorts is kubectl get svc's PORT(S): port/protocol, port:nodePort/protocol where the
// template sets the node port.
func servicePorts(ports []corev1.ServicePort) string {
	if len(ports) == 0 {
		return "<none>"
	}
	parts := make([]string, len(ports))
	for i, p := range ports {
		protocol := p.Protocol
		if protocol == "" {
			protocol = corev1.ProtocolTCP
		}
		if p.NodePort > 0 {
			parts[i] = fmt.Sprintf("%d:%d/%s", p.Port, p.NodePort, protocol)
		} else {
			parts[i] = fmt.Sprintf("%d/%s", p.Port, protocol)
		}
	}
	return strings.Join(parts, ",")
}
