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
	"context"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
)

// writeStatus sets status.dns when it changed, with an event for each name that fell back
// to a CNAME or got its addresses back.
func (c *Controller) writeStatus(ctx context.Context, svc *fedv1beta1.FederatedService, st *fedv1beta1.ServiceDNSStatus) error {
	if equality.Semantic.DeepEqual(svc.Status.DNS, st) {
		return nil
	}
	updated := svc.DeepCopy()
	updated.Status.DNS = st
	if _, err := c.fed.FederationV1beta1().FederatedServices(svc.Namespace).UpdateStatus(ctx, updated, metav1.UpdateOptions{}); err != nil {
		if apierrors.IsNotFound(err) {
			return nil
		}
		return fmt.Errorf("writing status.dns: %w", err)
	}
	c.recordChanges(svc, svc.Status.DNS, st)
	return nil
}

// recordChanges records an event for each name that had addresses and became a CNAME to the
// level above (a Warning: its clusters stopped serving), or stopped being one (Normal). A
// name published as a CNAME from the start (its clusters not serving yet, a load balancer
// still being provisioned) is no fallback and gets no Warning.
func (c *Controller) recordChanges(svc *fedv1beta1.FederatedService, before, after *fedv1beta1.ServiceDNSStatus) {
	was := map[string]string{}
	if before != nil {
		for _, n := range before.Names {
			was[n.Name] = n.CNAME
		}
	}
	if after == nil {
		return
	}
	for _, n := range after.Names {
		prev, existed := was[n.Name]
		switch {
		case n.CNAME != "" && existed && prev == "":
			c.recorder.Eventf(svc, nil, corev1.EventTypeWarning, ReasonDNSFallback, "PublishDNS",
				"%s has no healthy cluster: CNAME to %s", n.Name, n.CNAME)
		case n.CNAME == "" && prev != "" && existed:
			c.recorder.Eventf(svc, nil, corev1.EventTypeNormal, ReasonDNSRestored, "PublishDNS",
				"%s has healthy clusters: %v", n.Name, n.Addresses)
		}
	}
}
