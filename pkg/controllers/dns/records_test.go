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

package dns

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/dns"
)

func TestDesired(t *testing.T) {
	n := names{service: "web", namespace: "shop", federation: "myfed", zone: "example.test"}
	const (
		z1     = "web.shop.myfed.svc.z1.r1.example.test"
		z2     = "web.shop.myfed.svc.z2.r2.example.test"
		r1     = "web.shop.myfed.svc.r1.example.test"
		r2     = "web.shop.myfed.svc.r2.example.test"
		global = "web.shop.myfed.svc.example.test"
	)
	ip := func(s ...string) []corev1.LoadBalancerIngress {
		var out []corev1.LoadBalancerIngress
		for _, a := range s {
			out = append(out, corev1.LoadBalancerIngress{IP: a})
		}
		return out
	}
	a := func(name string, targets ...string) dns.Endpoint {
		return dns.Endpoint{DNSName: name, RecordType: dns.RecordTypeA, Targets: targets, TTL: 30}
	}
	cname := func(name, target string) dns.Endpoint {
		return dns.Endpoint{DNSName: name, RecordType: dns.RecordTypeCNAME, Targets: []string{target}, TTL: 30}
	}
	for _, tc := range []struct {
		name    string
		members []member
		want    []dns.Endpoint
		status  []fedv1beta1.DNSNameStatus
	}{{
		name: "both healthy: each level its clusters' addresses",
		members: []member{
			{name: "m1", region: "r1", zones: []string{"z1"}, healthy: true, ingress: ip("10.0.0.1")},
			{name: "m2", region: "r2", zones: []string{"z2"}, healthy: true, ingress: ip("10.0.0.2", "2001:db8::2")},
		},
		want: []dns.Endpoint{
			a(global, "10.0.0.1", "10.0.0.2"),
			{DNSName: global, RecordType: dns.RecordTypeAAAA, Targets: []string{"2001:db8::2"}, TTL: 30},
			a(r1, "10.0.0.1"), a(r2, "10.0.0.2"),
			{DNSName: r2, RecordType: dns.RecordTypeAAAA, Targets: []string{"2001:db8::2"}, TTL: 30},
			a(z1, "10.0.0.1"), a(z2, "10.0.0.2"),
			{DNSName: z2, RecordType: dns.RecordTypeAAAA, Targets: []string{"2001:db8::2"}, TTL: 30},
		},
	}, {
		name: "one unhealthy: its zone and region are CNAMEs up, the global name drops its address",
		members: []member{
			{name: "m1", region: "r1", zones: []string{"z1"}, healthy: true, ingress: ip("10.0.0.1")},
			{name: "m2", region: "r2", zones: []string{"z2"}, ingress: ip("10.0.0.2")},
		},
		want: []dns.Endpoint{a(global, "10.0.0.1"), a(r1, "10.0.0.1"), cname(r2, global), a(z1, "10.0.0.1"), cname(z2, r2)},
		status: []fedv1beta1.DNSNameStatus{
			{Name: global, Level: fedv1beta1.DNSLevelGlobal, Addresses: []string{"10.0.0.1"}, Clusters: []string{"m1"}},
			{Name: r1, Level: fedv1beta1.DNSLevelRegion, Addresses: []string{"10.0.0.1"}, Clusters: []string{"m1"}},
			{Name: r2, Level: fedv1beta1.DNSLevelRegion, CNAME: global},
			{Name: z1, Level: fedv1beta1.DNSLevelZone, Addresses: []string{"10.0.0.1"}, Clusters: []string{"m1"}},
			{Name: z2, Level: fedv1beta1.DNSLevelZone, CNAME: r2},
		},
	}, {
		name: "a zone's cluster down, its region's other zone up: zone CNAME to region",
		members: []member{
			{name: "m1", region: "r1", zones: []string{"z1"}},
			{name: "m2", region: "r1", zones: []string{"z2"}, healthy: true, ingress: ip("10.0.0.2")},
		},
		want: []dns.Endpoint{a(global, "10.0.0.2"), a(r1, "10.0.0.2"), cname(z1, r1), a("web.shop.myfed.svc.z2.r1.example.test", "10.0.0.2")},
	}, {
		name:    "hostnames only: a CNAME to the first; no region: global only",
		members: []member{{name: "m1", healthy: true, ingress: []corev1.LoadBalancerIngress{{Hostname: "b.lb.example.com"}, {Hostname: "a.lb.example.com"}}}},
		want:    []dns.Endpoint{cname(global, "a.lb.example.com")},
	}, {
		name:    "nothing healthy: no global records",
		members: []member{{name: "m1", region: "r1", ingress: ip("10.0.0.1")}},
		want:    []dns.Endpoint{cname(r1, global)},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			got, st := desired(n, tc.members, 30)
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("endpoints (-want +got):\n%s", d)
			}
			if tc.status != nil {
				if d := cmp.Diff(tc.status, st.Names); d != "" {
					t.Errorf("status (-want +got):\n%s", d)
				}
			}
		})
	}
}

func TestLocality(t *testing.T) {
	cl := &fedv1beta1.Cluster{
		Spec:   fedv1beta1.ClusterSpec{Zones: []string{"Z1", "bad_zone"}},
		Status: fedv1beta1.ClusterStatus{Region: "R1", Zones: []string{"z9"}},
	}
	region, zones := locality(cl)
	if region != "r1" || !cmp.Equal(zones, []string{"z1"}) {
		t.Errorf("locality = %q %q, want r1 [z1] (spec zones, status region, lower case, DNS labels only)", region, zones)
	}
}
