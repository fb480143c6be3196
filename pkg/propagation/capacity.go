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
	"math"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	resourcehelper "k8s.io/component-helpers/resource"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/kinds"
)

// TemplatePodRequests returns the effective requests of one pod of obj's template, as
// k8s.io/component-helpers/resource.PodRequests computes them for a pod with the template's
// pod spec (init containers, sidecars, pod-level resources and a set overhead included), and
// false when obj's kind has no pod template (no PodSpec hook in pkg/kinds). Overrides are not applied: every cluster is
// measured with the template's pod.
func TemplatePodRequests(obj fedv1beta1.FederatedObject) (corev1.ResourceList, bool) {
	k, err := kinds.For(obj)
	if err != nil || k.Hooks.PodSpec == nil {
		return nil, false
	}
	pod := &corev1.Pod{Spec: *k.Hooks.PodSpec(obj)}
	return resourcehelper.PodRequests(pod, resourcehelper.PodResourcesOptions{}), true
}

// PodsThatFit returns how many more pods requesting requests (one pod's effective requests)
// fit in the room a Cluster reports, allocatable minus allocated (its status fields), and
// false when the Cluster has no capacity data to tell.
//
// Per resource the room is allocatable − allocated (0 when allocated exceeds it), divided by
// the pod's request and rounded down, counted as kube-scheduler counts resources: cpu in
// millicores, everything else in whole units (memory in bytes). The answer is the smallest
// of these, and of the room in pods (each pod takes one). Resources the pod does not
// request (or requests 0 of) do not bound it, nor do requested resources the Cluster does
// not report (status.allocatable only sums cpu, memory and pods, so e.g. extended resources
// are not counted). A pod requesting nothing is bounded by pods alone.
//
// No capacity data: allocatable is empty (the member's nodes could not be listed), allocated
// is unset (its pods could not be listed: the room is unknown), or nothing bounds the pod
// (no pods in allocatable and no requested resource in it).
func PodsThatFit(allocatable, allocated, requests corev1.ResourceList) (int64, bool) {
	if len(allocatable) == 0 || allocated == nil {
		return 0, false
	}
	fit, bounded := int64(math.MaxInt64), false
	if q, ok := allocatable[corev1.ResourcePods]; ok {
		fit, bounded = freeUnits(corev1.ResourcePods, q, allocated), true
	}
	for name, req := range requests {
		per := units(name, req)
		q, ok := allocatable[name]
		if per <= 0 || !ok || name == corev1.ResourcePods {
			continue
		}
		fit, bounded = min(fit, freeUnits(name, q, allocated)/per), true
	}
	if !bounded {
		return 0, false
	}
	return fit, true
}

// freeUnits is allocatable q of name less what allocated takes, in units, never below 0.
func freeUnits(name corev1.ResourceName, q resource.Quantity, allocated corev1.ResourceList) int64 {
	free := units(name, q)
	if a, ok := allocated[name]; ok {
		free -= units(name, a)
	}
	return max(free, 0)
}

// units is q in the units kube-scheduler counts name in: millicores for cpu, whole units
// (rounded up) for everything else.
func units(name corev1.ResourceName, q resource.Quantity) int64 {
	if name == corev1.ResourceCPU {
		return q.MilliValue()
	}
	return q.Value()
}

// capacityWeights returns the weights of Dynamic replica scheduling for the clusters in
// names (the schedulable placed clusters): for each, how many more of obj's template pods
// fit in it (PodsThatFit on its Cluster's status). Dynamic division is always sticky
// (validation refuses rebalance true with it), so these weights only place replicas that
// move: the first division, a scale-up's added replicas and a failed-over cluster's share;
// replicas already scheduled stay where they are and weigh nothing here. A cluster without
// capacity data, or not registered, weighs 0. The second return value is false when the
// weights add up to 0: no cluster has capacity data, or none has room; the caller then
// divides as Weighted does, so that the replicas still go somewhere, to wait as Pending pods.
//
// Why not rebalance: the weights would have to include the replicas a cluster already runs,
// and a moved share counts at once while status.allocated follows the pods only at the
// cluster controller's next probe, so each re-division changes the capacity the next one
// reads; in a user trial the split cycled for minutes without settling.
func capacityWeights(obj fedv1beta1.FederatedObject, names []string, clusters ClusterGetter) (map[string]int64, bool) {
	requests, ok := TemplatePodRequests(obj)
	if !ok || clusters == nil {
		return nil, false
	}
	weights := make(map[string]int64, len(names))
	var sum int64
	for _, name := range names {
		weights[name] = 0
		cl, err := clusters.Get(name)
		if err != nil || cl == nil {
			continue
		}
		fit, ok := PodsThatFit(cl.Status.Allocatable, cl.Status.Allocated, requests)
		if !ok {
			continue
		}
		// Capped so that the sum of the weights cannot overflow; a cluster this large takes
		// every replica anyway.
		w := min(fit, math.MaxInt32)
		weights[name] = w
		sum += w
	}
	return weights, sum > 0
}
