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
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/sets"

	"k8s.io/federation/pkg/apis/federation"
)

// ingressHooks are FederatedIngress's rules: the members' load-balancer addresses and
// kubectl get's columns. Its status is the member's ingress controller's and is never
// rendered.
func ingressHooks() Hooks {
	return Hooks{
		LoadBalancer: ingressLoadBalancer,
		Columns:      ingressColumns(),
	}
}

// ingressLoadBalancer reads a member Ingress's status.loadBalancer.ingress, which its
// ingress controller sets, as core/v1 LoadBalancerIngress (the same IP, hostname and ports),
// so that Services and Ingresses report addresses alike.
func ingressLoadBalancer(copy *unstructured.Unstructured) ([]corev1.LoadBalancerIngress, error) {
	var ing networkingv1.Ingress
	if err := runtime.DefaultUnstructuredConverter.FromUnstructured(copy.Object, &ing); err != nil {
		return nil, err
	}
	var out []corev1.LoadBalancerIngress
	for _, in := range ing.Status.LoadBalancer.Ingress {
		lb := corev1.LoadBalancerIngress{IP: in.IP, Hostname: in.Hostname}
		for _, p := range in.Ports {
			lb.Ports = append(lb.Ports, corev1.PortStatus{Port: p.Port, Protocol: p.Protocol, Error: p.Error})
		}
		out = append(out, lb)
	}
	return out, nil
}

// ingressColumns are kubectl get ingress's CLASS, HOSTS, ADDRESS and PORTS, for the
// federated object: the template's class, hosts and TLS, and the members' load-balancer
// addresses (status.loadBalancer).
func ingressColumns() []Column {
	return rowColumns(
		[]metav1.TableColumnDefinition{
			{Name: "Class", Type: "string", Description: "The template's spec.ingressClassName, <none> when unset."},
			{Name: "Hosts", Type: "string", Description: "The hosts of the template's rules, * for a rule without one."},
			{Name: "Address", Type: "string", Description: "Every member's load-balancer ingress (status.loadBalancer.ingress: IP or hostname)."},
			{Name: "Ports", Type: "string", Description: "80, and 443 when the template has TLS."},
		},
		func(obj federation.FederatedObject) ([]any, error) {
			ing, ok := obj.(*federation.FederatedIngress)
			if !ok {
				return nil, fmt.Errorf("not a FederatedIngress: %T", obj)
			}
			spec := ing.Spec.Template.Spec
			class := "<none>"
			if spec.IngressClassName != nil {
				class = *spec.IngressClassName
			}
			ports := "80"
			if len(spec.TLS) > 0 {
				ports = "80, 443"
			}
			return []any{class, ingressHosts(spec.Rules), lbAddresses(ing.Status.LoadBalancer), ports}, nil
		},
	)
}

// ingressHosts is kubectl get ingress's HOSTS: each rule's host once, * for a rule without.
func ingressHosts(rules []networkingv1.IngressRule) string {
	if len(rules) == 0 {
		return "*"
	}
	seen := sets.New[string]()
	var hosts []string
	for _, r := range rules {
		h := r.Host
		if h == "" {
			h = "*"
		}
		if !seen.Has(h) {
			seen.Insert(h)
			hosts = append(hosts, h)
		}
	}
	return strings.Join(hosts, ",")
}

// lbAddresses joins the IP or hostname of each of lb's ingress points; "" when none.
func lbAddresses(lb *corev1.LoadBalancerStatus) string {
	if lb == nil {
		return ""
	}
	addrs := make([]string, 0, len(lb.Ingress))
	for _, in := range lb.Ingress {
		if in.IP != "" {
			addrs = append(addrs, in.IP)
		} else if in.Hostname != "" {
			addrs = append(addrs, in.Hostname)
		}
	}
	return strings.Join(addrs, ",")
}
