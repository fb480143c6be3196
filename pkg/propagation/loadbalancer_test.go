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

package propagation

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/utils/ptr"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
)

// memberService is a member's LoadBalancer Service as its API server and cloud controller
// leave it: cluster IP and node port allocated, ingress in status.
func memberService(t *testing.T, clusterIP string, ingress ...corev1.LoadBalancerIngress) *unstructured.Unstructured {
	t.Helper()
	svc := &corev1.Service{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Service"},
		ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "shop", ResourceVersion: "42"},
		Spec: corev1.ServiceSpec{
			Type: corev1.ServiceTypeLoadBalancer, ClusterIP: clusterIP, ClusterIPs: []string{clusterIP},
			Ports:               []corev1.ServicePort{{Name: "http", Port: 80, Protocol: corev1.ProtocolTCP, NodePort: 31080}},
			HealthCheckNodePort: 32000, IPFamilies: []corev1.IPFamily{corev1.IPv4Protocol},
			IPFamilyPolicy: ptr.To(corev1.IPFamilyPolicySingleStack),
		},
		Status: corev1.ServiceStatus{LoadBalancer: corev1.LoadBalancerStatus{Ingress: ingress}},
	}
	u, err := runtime.DefaultUnstructuredConverter.ToUnstructured(svc)
	if err != nil {
		t.Fatal(err)
	}
	return &unstructured.Unstructured{Object: u}
}

func lbStatus(ingress ...corev1.LoadBalancerIngress) *corev1.LoadBalancerStatus {
	return &corev1.LoadBalancerStatus{Ingress: ingress}
}

func TestWithLoadBalancers(t *testing.T) {
	ip := func(s string) corev1.LoadBalancerIngress { return corev1.LoadBalancerIngress{IP: s} }
	host := func(s string) corev1.LoadBalancerIngress { return corev1.LoadBalancerIngress{Hostname: s} }
	withPort := corev1.LoadBalancerIngress{IP: "198.51.100.7", Ports: []corev1.PortStatus{{Port: 80, Protocol: corev1.ProtocolTCP}}}
	for name, tc := range map[string]struct {
		outcomes []Outcome
		want     *corev1.LoadBalancerStatus
		wantRows map[string]*corev1.LoadBalancerStatus
	}{
		"still provisioning": {
			outcomes: []Outcome{{Cluster: "east", Object: memberService(t, "10.0.0.1")}, {Cluster: "west", Object: memberService(t, "10.1.0.1")}},
			wantRows: map[string]*corev1.LoadBalancerStatus{"east": nil, "west": nil},
		},
		"one address per member, sorted": {
			outcomes: []Outcome{
				{Cluster: "east", Object: memberService(t, "10.0.0.1", ip("203.0.113.9"))},
				{Cluster: "west", Object: memberService(t, "10.1.0.1", ip("198.51.100.7"))},
			},
			want:     lbStatus(ip("198.51.100.7"), ip("203.0.113.9")),
			wantRows: map[string]*corev1.LoadBalancerStatus{"east": lbStatus(ip("203.0.113.9")), "west": lbStatus(ip("198.51.100.7"))},
		},
		"shared address once, first cluster's entry kept": {
			outcomes: []Outcome{
				{Cluster: "east", Object: memberService(t, "10.0.0.1", withPort, host("lb.example.com"))},
				{Cluster: "west", Object: memberService(t, "10.1.0.1", ip("198.51.100.7"), ip("192.0.2.1"))},
			},
			want: lbStatus(host("lb.example.com"), ip("192.0.2.1"), withPort),
			wantRows: map[string]*corev1.LoadBalancerStatus{
				"east": lbStatus(host("lb.example.com"), withPort),
				"west": lbStatus(ip("192.0.2.1"), ip("198.51.100.7")),
			},
		},
		"failed and unreached members contribute nothing": {
			outcomes: []Outcome{
				{Cluster: "east", Object: memberService(t, "10.0.0.1", ip("203.0.113.9"))},
				{Cluster: "west", Err: errors.New("connection refused"), Reason: "Unreachable"},
				{Cluster: "north"},
			},
			want:     lbStatus(ip("203.0.113.9")),
			wantRows: map[string]*corev1.LoadBalancerStatus{"east": lbStatus(ip("203.0.113.9")), "west": nil, "north": nil},
		},
	} {
		t.Run(name, func(t *testing.T) {
			obj := &fedv1beta1.FederatedService{ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "shop", Generation: 1}}
			st := StatusOf(obj, Report{Outcomes: tc.outcomes})
			if d := cmp.Diff(tc.want, st.LoadBalancer); d != "" {
				t.Errorf("status.loadBalancer (-want +got):\n%s", d)
			}
			rows := map[string]*corev1.LoadBalancerStatus{}
			for _, r := range st.Clusters {
				rows[r.Name] = r.LoadBalancer
			}
			if d := cmp.Diff(tc.wantRows, rows); d != "" {
				t.Errorf("status.clusters[].loadBalancer (-want +got):\n%s", d)
			}
			// Recomputing from the same members gives the same addresses: nothing flaps.
			again := StatusOf(obj, Report{Outcomes: tc.outcomes})
			if d := cmp.Diff(st.LoadBalancer, again.LoadBalancer); d != "" {
				t.Errorf("status.loadBalancer differs when computed again (-first +again):\n%s", d)
			}
		})
	}
}

// Kinds without load balancers get no such fields, even from a copy that has a status
// with ingress (a stale row from an earlier computation is cleared too).
func TestWithLoadBalancersOtherKinds(t *testing.T) {
	obj := &fedv1beta1.FederatedConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "shop"}}
	prev := fedv1beta1.FederatedStatus{
		LoadBalancer: lbStatus(corev1.LoadBalancerIngress{IP: "192.0.2.1"}),
		Clusters:     []fedv1beta1.ClusterPropagationStatus{{Name: "east", LoadBalancer: lbStatus(corev1.LoadBalancerIngress{IP: "192.0.2.1"})}},
	}
	st := WithLoadBalancers(obj, prev, []Outcome{{Cluster: "east", Object: memberService(t, "10.0.0.1", corev1.LoadBalancerIngress{IP: "192.0.2.1"})}})
	if st.LoadBalancer != nil || st.Clusters[0].LoadBalancer != nil {
		t.Errorf("FederatedConfigMap status has load balancers: %+v", st)
	}
	if prev.Clusters[0].LoadBalancer == nil {
		t.Error("WithLoadBalancers modified its input")
	}
}

// memberIngress is a member's Ingress as its ingress controller leaves it.
func memberIngress(t *testing.T, ingress ...networkingv1.IngressLoadBalancerIngress) *unstructured.Unstructured {
	t.Helper()
	ing := &networkingv1.Ingress{
		TypeMeta:   metav1.TypeMeta{APIVersion: "networking.k8s.io/v1", Kind: "Ingress"},
		ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "shop"},
		Status:     networkingv1.IngressStatus{LoadBalancer: networkingv1.IngressLoadBalancerStatus{Ingress: ingress}},
	}
	u, err := runtime.DefaultUnstructuredConverter.ToUnstructured(ing)
	if err != nil {
		t.Fatal(err)
	}
	return &unstructured.Unstructured{Object: u}
}

// A FederatedIngress reports its members' addresses as a FederatedService does, ports
// included.
func TestWithLoadBalancersIngress(t *testing.T) {
	obj := &fedv1beta1.FederatedIngress{ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "shop", Generation: 1}}
	st := StatusOf(obj, Report{Outcomes: []Outcome{
		{Cluster: "east", Object: memberIngress(t, networkingv1.IngressLoadBalancerIngress{IP: "203.0.113.9",
			Ports: []networkingv1.IngressPortStatus{{Port: 443, Protocol: corev1.ProtocolTCP}}})},
		{Cluster: "west", Object: memberIngress(t, networkingv1.IngressLoadBalancerIngress{Hostname: "lb.example.com"})},
	}})
	want := lbStatus(corev1.LoadBalancerIngress{Hostname: "lb.example.com"},
		corev1.LoadBalancerIngress{IP: "203.0.113.9", Ports: []corev1.PortStatus{{Port: 443, Protocol: corev1.ProtocolTCP}}})
	if d := cmp.Diff(want, st.LoadBalancer); d != "" {
		t.Errorf("status.loadBalancer (-want +got):\n%s", d)
	}
	if got := st.Clusters[1].LoadBalancer; got == nil || len(got.Ingress) != 1 || got.Ingress[0].Hostname != "lb.example.com" {
		t.Errorf("status.clusters[west].loadBalancer = %+v, want lb.example.com", got)
	}
}
