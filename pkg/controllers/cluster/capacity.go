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

package cluster

import (
	"context"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/client-go/kubernetes"
	resourcehelper "k8s.io/component-helpers/resource"
)

// allocatedPodsSelector keeps, on the member's side, only the pods that take room on a node:
// bound to one (spec.nodeName set) and not finished (phase neither Succeeded nor Failed), as
// kube-scheduler counts them.
func allocatedPodsSelector() string {
	return fields.AndSelectors(
		fields.OneTermNotEqualSelector("spec.nodeName", ""),
		fields.OneTermNotEqualSelector("status.phase", string(corev1.PodSucceeded)),
		fields.OneTermNotEqualSelector("status.phase", string(corev1.PodFailed)),
	).String()
}

// ListAllocated returns what the member's pods take of its nodes (status.allocated of a
// Cluster): the sum of the effective resource requests (cpu, memory) of the pods that are
// bound to a node and not finished, and their count as pods, in canonical form (see
// AllocatedOf). An error is the member's answer (e.g. Forbidden without `list pods`).
//
// Cost: one LIST of the pods of all namespaces with resourceVersion "0", answered from the
// member API server's watch cache (no etcd read), filtered by a field selector on its side,
// in protobuf (client-go's typed pods client prefers it). Measured per probe against a kwok
// member with Deployment-like Running pods (BenchmarkAllocated in test/integration; 2-core
// machine, member and client on it): for 1,000 pods 53 ms, 24 MiB allocated (garbage once
// summed), 24 ms of the member API server's CPU, 2.7 MiB of protobuf (117 KiB gzipped on
// the wire); for 10,000 pods 0.41 s, 264 MiB, 239 ms, 27 MiB (1.1 MiB). JSON would cost
// 2.9x the time and 1.8x the member's CPU; pages of 500 allocate 14% less but take 18% longer.
func ListAllocated(ctx context.Context, kube kubernetes.Interface) (corev1.ResourceList, error) {
	pods, err := kube.CoreV1().Pods(metav1.NamespaceAll).List(ctx, metav1.ListOptions{ResourceVersion: "0", FieldSelector: allocatedPodsSelector()})
	if err != nil {
		return nil, fmt.Errorf("listing pods: %w", err)
	}
	return AllocatedOf(pods.Items), nil
}

// AllocatedOf sums pods the way ListAllocated does: for each pod bound to a node and not
// finished (checked here too, so the result does not depend on the member honouring the
// field selector), its requests as k8s.io/component-helpers/resource.PodRequests computes
// them (init containers, sidecars, pod-level resources and overhead included; the resized
// requests a member reports in status when there are some), counted as kube-scheduler
// counts them: cpu in millicores, memory in bytes. The result always holds cpu, memory and
// pods (0 included, so that "nothing allocated" differs from "not known"), each in canonical
// form (the form a quantity has after a round trip through the API), so that an unchanged
// member yields an equal status and no write.
func AllocatedOf(pods []corev1.Pod) corev1.ResourceList {
	var milliCPU, memory, count int64
	var reqs corev1.ResourceList
	for i := range pods {
		p := &pods[i]
		if p.Spec.NodeName == "" || p.Status.Phase == corev1.PodSucceeded || p.Status.Phase == corev1.PodFailed {
			continue
		}
		reqs = resourcehelper.PodRequests(p, resourcehelper.PodResourcesOptions{
			Reuse: reqs, UseStatusResources: true, InPlacePodLevelResourcesVerticalScalingEnabled: true,
		})
		milliCPU += reqs.Cpu().MilliValue()
		memory += reqs.Memory().Value()
		count++
	}
	return corev1.ResourceList{
		corev1.ResourceCPU:    canonical(resource.NewMilliQuantity(milliCPU, resource.DecimalSI)),
		corev1.ResourceMemory: canonical(resource.NewQuantity(memory, resource.BinarySI)),
		corev1.ResourcePods:   canonical(resource.NewQuantity(count, resource.DecimalSI)),
	}
}

// canonical returns q as it reads after a round trip through the API (its string form
// parsed again), as summarizeNodes does for allocatable.
func canonical(q *resource.Quantity) resource.Quantity {
	return resource.MustParse(q.String())
}
