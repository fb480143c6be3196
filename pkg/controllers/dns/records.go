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
	"net/netip"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/dns"
)

// member is what the records need to know of one placed cluster for one service.
type member struct {
	name string
	// region and zones are the Cluster's (spec, else status), lower case; labels that are not
	// DNS labels are left out (the cluster then counts for the wider levels only).
	region string
	zones  []string
	// healthy: the Cluster is Ready, the member Service has load-balancer ingress and ready
	// endpoints.
	healthy bool
	ingress []corev1.LoadBalancerIngress
}

// names builds the original federation's names (federation/pkg/federation-controller/
// service/dns): <service>.<namespace>.<federation>.svc[.<zone>.<region>|.<region>].<dns-zone>.
type names struct {
	service, namespace, federation, zone string
}

func (n names) global() string { return n.base() + "." + n.zone }
func (n names) region(region string) string {
	return n.base() + "." + region + "." + n.zone
}
func (n names) inZone(region, zone string) string {
	return n.base() + "." + zone + "." + region + "." + n.zone
}
func (n names) base() string {
	return strings.ToLower(n.service + "." + n.namespace + "." + n.federation + ".svc")
}

// level is one name to publish and the clusters that count for it.
type level struct {
	name, kind, parent string
	members            []member
}

// desired returns the endpoints to publish for a service placed on members, and the status
// that describes them. Levels: one per (region, zone) of a placed cluster with a region and
// zones, one per region, and the global one. A level with healthy clusters gets their
// addresses: A and AAAA records for IPs; a CNAME to the first hostname (sorted) when they
// have hostnames only (a name with a CNAME can hold nothing else, RFC 1034 3.6.2). A zone
// or region level without a healthy cluster is a CNAME to the level above; the global one
// then has no records.
func desired(n names, members []member, ttl int64) ([]dns.Endpoint, *fedv1beta1.ServiceDNSStatus) {
	var levels []level
	levels = append(levels, level{name: n.global(), kind: fedv1beta1.DNSLevelGlobal, members: members})
	regions := map[string][]member{}
	zones := map[[2]string][]member{}
	for _, m := range members {
		if m.region == "" {
			continue
		}
		regions[m.region] = append(regions[m.region], m)
		for _, z := range m.zones {
			zones[[2]string{m.region, z}] = append(zones[[2]string{m.region, z}], m)
		}
	}
	for r, ms := range regions {
		levels = append(levels, level{name: n.region(r), kind: fedv1beta1.DNSLevelRegion, parent: n.global(), members: ms})
	}
	for rz, ms := range zones {
		levels = append(levels, level{name: n.inZone(rz[0], rz[1]), kind: fedv1beta1.DNSLevelZone, parent: n.region(rz[0]), members: ms})
	}
	var out []dns.Endpoint
	st := &fedv1beta1.ServiceDNSStatus{Zone: n.zone}
	for _, l := range levels {
		eps, row := l.publish(ttl)
		out = append(out, eps...)
		st.Names = append(st.Names, row)
	}
	dns.Sort(out)
	slices.SortFunc(st.Names, func(a, b fedv1beta1.DNSNameStatus) int { return strings.Compare(a.Name, b.Name) })
	return out, st
}

func (l level) publish(ttl int64) ([]dns.Endpoint, fedv1beta1.DNSNameStatus) {
	row := fedv1beta1.DNSNameStatus{Name: l.name, Level: l.kind}
	var v4, v6, hostnames []string
	for _, m := range l.members {
		if !m.healthy {
			continue
		}
		row.Clusters = append(row.Clusters, m.name)
		for _, in := range m.ingress {
			if addr, err := netip.ParseAddr(in.IP); err == nil {
				if addr.Is4() || addr.Is4In6() {
					v4 = append(v4, addr.Unmap().String())
				} else {
					v6 = append(v6, addr.String())
				}
			} else if in.Hostname != "" {
				hostnames = append(hostnames, strings.TrimSuffix(strings.ToLower(in.Hostname), "."))
			}
		}
	}
	slices.Sort(row.Clusters)
	v4, v6, hostnames = uniq(v4), uniq(v6), uniq(hostnames)
	var eps []dns.Endpoint
	switch {
	case len(v4)+len(v6) > 0:
		if len(v4) > 0 {
			eps = append(eps, dns.Endpoint{DNSName: l.name, RecordType: dns.RecordTypeA, Targets: v4, TTL: ttl})
		}
		if len(v6) > 0 {
			eps = append(eps, dns.Endpoint{DNSName: l.name, RecordType: dns.RecordTypeAAAA, Targets: v6, TTL: ttl})
		}
		row.Addresses = append(slices.Clone(v4), v6...)
	case len(hostnames) > 0:
		eps = append(eps, dns.Endpoint{DNSName: l.name, RecordType: dns.RecordTypeCNAME, Targets: hostnames[:1], TTL: ttl})
		row.Addresses = hostnames[:1]
	case l.parent != "":
		eps = append(eps, dns.Endpoint{DNSName: l.name, RecordType: dns.RecordTypeCNAME, Targets: []string{l.parent}, TTL: ttl})
		row.CNAME = l.parent
		row.Clusters = nil
	default:
		row.Clusters = nil
	}
	return eps, row
}

func uniq(s []string) []string {
	slices.Sort(s)
	return slices.Compact(s)
}

// dnsLabel returns s lower case when it is a DNS label (RFC 1123), else "".
func dnsLabel(s string) string {
	s = strings.ToLower(s)
	if len(validation.IsDNS1123Label(s)) > 0 {
		return ""
	}
	return s
}

// locality returns a Cluster's region and zones for its names: the spec's, else those
// observed from its nodes (status), as DNS labels.
func locality(cl *fedv1beta1.Cluster) (string, []string) {
	region, zones := cl.Spec.Region, cl.Spec.Zones
	if region == "" {
		region = cl.Status.Region
	}
	if len(zones) == 0 {
		zones = cl.Status.Zones
	}
	region = dnsLabel(region)
	if region == "" {
		return "", nil
	}
	var out []string
	for _, z := range zones {
		if z = dnsLabel(z); z != "" {
			out = append(out, z)
		}
	}
	return region, uniq(out)
}
