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
	"cmp"
	"slices"

	corev1 "k8s.io/api/core/v1"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/kinds"
)

// WithLoadBalancers returns st with the load-balancer ingress points of obj's member copies
// recorded, for kinds with a LoadBalancer hook (pkg/kinds): each placed cluster's row gets
// its copy's own, and status.loadBalancer all of them, sorted by IP then hostname, each pair
// once (the first cluster's entry, by cluster name). outcomes are Status's, their Object
// the member's copy; a cluster without a copy (failed, not reached) or whose row is Excluded
// contributes nothing, and a copy whose status cannot be read as its kind counts as
// reporting none. Other kinds get neither field. st is not modified.
func WithLoadBalancers(obj fedv1beta1.FederatedObject, st fedv1beta1.FederatedStatus, outcomes []Outcome) fedv1beta1.FederatedStatus {
	st.LoadBalancer = nil
	st.Clusters = slices.Clone(st.Clusters)
	for i := range st.Clusters {
		st.Clusters[i].LoadBalancer = nil
	}
	k, err := kinds.For(obj)
	if err != nil || k.Hooks.LoadBalancer == nil {
		return st
	}
	var all []corev1.LoadBalancerIngress
	for _, o := range outcomes {
		if o.Err != nil || o.Object == nil || excluded(&st, o.Cluster) {
			continue
		}
		ingress, err := k.Hooks.LoadBalancer(o.Object)
		if err != nil || len(ingress) == 0 {
			continue
		}
		ingress = sortedIngress(ingress)
		for i := range st.Clusters {
			if st.Clusters[i].Name == o.Cluster {
				st.Clusters[i].LoadBalancer = &corev1.LoadBalancerStatus{Ingress: ingress}
			}
		}
		all = append(all, ingress...)
	}
	if len(all) > 0 {
		st.LoadBalancer = &corev1.LoadBalancerStatus{Ingress: sortedIngress(all)}
	}
	return st
}

// sortedIngress returns a sorted copy of ingress by IP, then hostname, with each IP and
// hostname pair once: the first of equals is kept, so ports and ipMode come from the first
// cluster (by name) that reports the address.
func sortedIngress(ingress []corev1.LoadBalancerIngress) []corev1.LoadBalancerIngress {
	byAddress := func(a, b corev1.LoadBalancerIngress) int {
		return cmp.Or(cmp.Compare(a.IP, b.IP), cmp.Compare(a.Hostname, b.Hostname))
	}
	out := make([]corev1.LoadBalancerIngress, len(ingress))
	for i := range ingress {
		ingress[i].DeepCopyInto(&out[i])
	}
	slices.SortStableFunc(out, byAddress)
	return slices.CompactFunc(out, func(a, b corev1.LoadBalancerIngress) bool { return byAddress(a, b) == 0 })
}
