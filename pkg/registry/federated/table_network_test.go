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

package federated_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"

	"k8s.io/federation/pkg/apis/federation"
	"k8s.io/federation/pkg/registry/federated"
)

// A FederatedService prints what kubectl get svc prints, after the name: TYPE, EXTERNAL-IP
// (the members' load-balancer addresses) and PORT(S), then the shared columns.
func TestTableServiceColumns(t *testing.T) {
	lb := &corev1.LoadBalancerStatus{Ingress: []corev1.LoadBalancerIngress{{IP: "198.51.100.7"}, {Hostname: "lb.example.com"}, {IP: "203.0.113.9"}}}
	ports := []corev1.ServicePort{{Port: 80, Protocol: corev1.ProtocolTCP}, {Port: 53, Protocol: corev1.ProtocolUDP, NodePort: 30053}}
	for name, tc := range map[string]struct {
		spec corev1.ServiceSpec
		lb   *corev1.LoadBalancerStatus
		want []any
	}{
		"cluster IP":                  {spec: corev1.ServiceSpec{Ports: ports[:1]}, want: []any{"ClusterIP", "<none>", "80/TCP"}},
		"external IPs":                {spec: corev1.ServiceSpec{Type: corev1.ServiceTypeNodePort, Ports: ports, ExternalIPs: []string{"192.0.2.1"}}, want: []any{"NodePort", "192.0.2.1", "80/TCP,53:30053/UDP"}},
		"load balancer, provisioning": {spec: corev1.ServiceSpec{Type: corev1.ServiceTypeLoadBalancer, Ports: ports[:1]}, want: []any{"LoadBalancer", "<pending>", "80/TCP"}},
		"load balancer, every member": {spec: corev1.ServiceSpec{Type: corev1.ServiceTypeLoadBalancer, Ports: ports[:1]}, lb: lb, want: []any{"LoadBalancer", "198.51.100.7,lb.example.com,203.0.113.9", "80/TCP"}},
		"external name":               {spec: corev1.ServiceSpec{Type: corev1.ServiceTypeExternalName, ExternalName: "db.example.com"}, want: []any{"ExternalName", "db.example.com", "<none>"}},
	} {
		t.Run(name, func(t *testing.T) {
			obj := &federation.FederatedService{ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: testNamespace}}
			obj.Spec.Template.Spec = tc.spec
			obj.Status.LoadBalancer = tc.lb
			tbl, err := federated.NewTableConvertor(kindFor(t, "federatedservices")).ConvertToTable(context.Background(), obj, nil)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff([]string{"Name", "Type", "External-IP", "Port(s)", "Clusters", "Propagated", "Age"}, columnNames(tbl)[:7]); d != "" {
				t.Errorf("columns (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tc.want, tbl.Rows[0].Cells[1:4]); d != "" {
				t.Errorf("TYPE, EXTERNAL-IP, PORT(S) (-want +got):\n%s", d)
			}
		})
	}
}

// A FederatedIngress prints what kubectl get ingress prints, after the name: CLASS, HOSTS,
// ADDRESS (the members' load-balancer addresses) and PORTS.
func TestTableIngressColumns(t *testing.T) {
	obj := &federation.FederatedIngress{ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: testNamespace}}
	obj.Spec.Template.Spec = networkingv1.IngressSpec{
		IngressClassName: ptr.To("nginx"),
		Rules:            []networkingv1.IngressRule{{Host: "shop.example.com"}, {}, {Host: "shop.example.com"}},
		TLS:              []networkingv1.IngressTLS{{Hosts: []string{"shop.example.com"}}},
	}
	obj.Status.LoadBalancer = &corev1.LoadBalancerStatus{Ingress: []corev1.LoadBalancerIngress{{Hostname: "lb.example.com"}, {IP: "203.0.113.9"}}}
	tbl, err := federated.NewTableConvertor(kindFor(t, "federatedingresses")).ConvertToTable(context.Background(), obj, nil)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"Name", "Class", "Hosts", "Address", "Ports", "Clusters"}, columnNames(tbl)[:6]); d != "" {
		t.Errorf("columns (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]any{"nginx", "shop.example.com,*", "lb.example.com,203.0.113.9", "80, 443"}, tbl.Rows[0].Cells[1:5]); d != "" {
		t.Errorf("CLASS, HOSTS, ADDRESS, PORTS (-want +got):\n%s", d)
	}
}
