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

package main

import (
	"context"
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/klog/v2"

	"k8s.io/federation/test/integration/framework"
)

// loadBalancerIP is the address the stand-in load balancer gives the n-th (from 1) Service
// of type LoadBalancer of member i (from 1): 127.0.i.n, a loopback address nothing serves,
// enough for the DNS records to have something to point at.
func loadBalancerIP(member, n int) string { return fmt.Sprintf("127.0.%d.%d", member, n) }

// runLoadBalancers stands in for the members' cloud controllers, which a local cluster does
// not have: every 2s it gives each Service of type LoadBalancer without an address one,
// through the status subresource as a cloud controller does. It runs until ctx ends.
func runLoadBalancers(ctx context.Context, members []*framework.ControlPlane) {
	given := make([]int, len(members))
	wait.UntilWithContext(ctx, func(ctx context.Context) {
		for i, m := range members {
			svcs, err := m.Client().CoreV1().Services(metav1.NamespaceAll).List(ctx, metav1.ListOptions{})
			if err != nil {
				continue
			}
			for _, svc := range svcs.Items {
				if svc.Spec.Type != corev1.ServiceTypeLoadBalancer || len(svc.Status.LoadBalancer.Ingress) > 0 {
					continue
				}
				given[i]++
				svc.Status.LoadBalancer.Ingress = []corev1.LoadBalancerIngress{{IP: loadBalancerIP(i+1, given[i])}}
				if _, err := m.Client().CoreV1().Services(svc.Namespace).UpdateStatus(ctx, &svc, metav1.UpdateOptions{FieldManager: "local-up-load-balancer"}); err != nil {
					klog.FromContext(ctx).V(2).Info("Setting a load-balancer address", "cluster", m.Name(), "service", svc.Namespace+"/"+svc.Name, "err", err)
				}
			}
		}
	}, 2*time.Second)
}
