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
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/url"
	"sort"
	"strings"
	"syscall"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/discovery"
	"k8s.io/klog/v2"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/members"
	"k8s.io/federation/pkg/propagation"
)

// Condition reasons.
const (
	ReasonReady                  = "ClusterReady"
	ReasonNotReady               = "ClusterNotReady"
	ReasonReachable              = "ClusterReachable"
	ReasonUnreachable            = "ClusterUnreachable"
	ReasonCredentialsRejected    = "CredentialsRejected"
	ReasonCredentialsUnavailable = "CredentialsUnavailable"
	ReasonCertificateInvalid     = "CertificateInvalid"
)

// summarized resources of status.allocatable.
var summarized = []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory, corev1.ResourcePods}

// probe asks the member's /readyz and, when it is ready, its version, nodes and pods
// (ListAllocated), and returns the Cluster's new status. Messages are stable from one probe
// to the next, so an unchanged member yields an unchanged status and no write.
func probe(ctx context.Context, clients *members.Clients, cluster *fedv1beta1.Cluster) fedv1beta1.ClusterStatus {
	status := *cluster.Status.DeepCopy()
	client, err := clients.Get(cluster.Name)
	if err != nil {
		setConditions(&status, cluster.Generation,
			condition(fedv1beta1.ClusterReady, metav1.ConditionFalse, ReasonCredentialsUnavailable, err.Error()),
			condition(fedv1beta1.ClusterOffline, metav1.ConditionUnknown, ReasonCredentialsUnavailable, "Not probed: "+err.Error()))
		return status
	}
	rc := client.Kubernetes.Discovery().RESTClient()
	_, err = rc.Get().AbsPath("/readyz").Do(ctx).Raw()
	switch {
	case err == nil:
		setConditions(&status, cluster.Generation,
			condition(fedv1beta1.ClusterReady, metav1.ConditionTrue, ReasonReady, "/readyz responded ok."),
			condition(fedv1beta1.ClusterOffline, metav1.ConditionFalse, ReasonReachable, "The member's API server answers."))
	case propagation.IsCertificateError(err):
		// The member may well be up; federation cannot trust what answers.
		msg := fmt.Sprintf("The serving certificate of %s does not verify against the Cluster's caBundle: %s", cluster.Spec.Server, certificateCause(err))
		setConditions(&status, cluster.Generation,
			condition(fedv1beta1.ClusterReady, metav1.ConditionFalse, ReasonCertificateInvalid, msg),
			condition(fedv1beta1.ClusterOffline, metav1.ConditionUnknown, ReasonCertificateInvalid, "Not known: "+msg))
		return status
	case isUnreachable(err):
		msg := fmt.Sprintf("The API server at %s cannot be reached: %s.", cluster.Spec.Server, unreachableCause(err))
		setConditions(&status, cluster.Generation,
			condition(fedv1beta1.ClusterReady, metav1.ConditionFalse, ReasonUnreachable, msg),
			condition(fedv1beta1.ClusterOffline, metav1.ConditionTrue, ReasonUnreachable, msg))
		return status
	case apierrors.IsUnauthorized(err) || apierrors.IsForbidden(err):
		setConditions(&status, cluster.Generation,
			condition(fedv1beta1.ClusterReady, metav1.ConditionFalse, ReasonCredentialsRejected,
				"The member refused federation's credentials: "+reasonText(err)),
			condition(fedv1beta1.ClusterOffline, metav1.ConditionFalse, ReasonReachable, "The member's API server answers."))
		return status
	default:
		setConditions(&status, cluster.Generation,
			condition(fedv1beta1.ClusterReady, metav1.ConditionFalse, ReasonNotReady, "/readyz failed: "+reasonText(err)),
			condition(fedv1beta1.ClusterOffline, metav1.ConditionFalse, ReasonReachable, "The member's API server answers."))
		return status
	}
	logger := klog.FromContext(ctx)
	if v, err := discovery.ToServerVersionInterfaceWithContext(client.Kubernetes.Discovery()).ServerVersionWithContext(ctx); err == nil {
		status.KubernetesVersion = v.GitVersion
	} else {
		logger.V(2).Info("Reading member version failed", "err", err)
	}
	nodes, err := client.Kubernetes.CoreV1().Nodes().List(ctx, metav1.ListOptions{ResourceVersion: "0"})
	if err != nil {
		// Topology and capacity are extras; federation may not be allowed to list nodes.
		// What the spec says still holds; what was observed stays as last seen.
		logger.V(2).Info("Reading member nodes failed", "err", err)
		if cluster.Spec.Region != "" {
			status.Region = cluster.Spec.Region
		}
		if len(cluster.Spec.Zones) > 0 {
			status.Zones = cluster.Spec.Zones
		}
	} else {
		summarizeNodes(&status, cluster.Spec, nodes.Items)
	}
	if allocated, err := ListAllocated(ctx, client.Kubernetes); err != nil {
		logger.V(2).Info("Reading member pods failed", "err", err)
		if apierrors.IsForbidden(err) || apierrors.IsUnauthorized(err) {
			// Federation may not list pods there (a member joined by hand, or before `kubefed
			// join` granted it): what they take is not known, rather than frozen at the last
			// value seen, so Dynamic scheduling gives the cluster no weight. Other errors
			// (a timeout) keep the last value.
			status.Allocated = nil
		}
	} else {
		status.Allocated = allocated
	}
	return status
}

// summarizeNodes records region, zones (from topology labels, unless the spec says) and the
// sum of allocatable cpu, memory and pods.
func summarizeNodes(status *fedv1beta1.ClusterStatus, spec fedv1beta1.ClusterSpec, nodes []corev1.Node) {
	regions := map[string]int{}
	zones := map[string]bool{}
	allocatable := corev1.ResourceList{}
	for _, n := range nodes {
		if r := n.Labels[corev1.LabelTopologyRegion]; r != "" {
			regions[r]++
		}
		if z := n.Labels[corev1.LabelTopologyZone]; z != "" {
			zones[z] = true
		}
		for _, name := range summarized {
			if q, ok := n.Status.Allocatable[name]; ok {
				sum := allocatable[name]
				sum.Add(q)
				allocatable[name] = sum
			}
		}
	}
	status.Region = spec.Region
	if status.Region == "" {
		status.Region = mostCommon(regions)
	}
	status.Zones = spec.Zones
	if len(status.Zones) == 0 {
		status.Zones = nil
		for z := range zones {
			status.Zones = append(status.Zones, z)
		}
		sort.Strings(status.Zones)
	}
	status.Allocatable = nil
	if len(allocatable) > 0 {
		// Canonical form, so that equal sums compare equal to what the API returns.
		for name, q := range allocatable {
			allocatable[name] = resource.MustParse(q.String())
		}
		status.Allocatable = allocatable
	}
}

func mostCommon(counts map[string]int) string {
	best, n := "", 0
	for k, c := range counts {
		if c > n || (c == n && k < best) {
			best, n = k, c
		}
	}
	return best
}

func condition(typ string, status metav1.ConditionStatus, reason, message string) metav1.Condition {
	return metav1.Condition{Type: typ, Status: status, Reason: reason, Message: message}
}

// setConditions sets conditions, keeping their transition times when the status is unchanged.
func setConditions(status *fedv1beta1.ClusterStatus, generation int64, conds ...metav1.Condition) {
	for _, c := range conds {
		c.ObservedGeneration = generation
		meta.SetStatusCondition(&status.Conditions, c)
	}
}

func isUnreachable(err error) bool {
	var netErr net.Error
	return errors.Is(err, context.DeadlineExceeded) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.As(err, &netErr) || apierrors.IsTimeout(err)
}

// certificateCause is the verification error without the request's URL.
func certificateCause(err error) string {
	var verify *tls.CertificateVerificationError
	if errors.As(err, &verify) {
		return verify.Err.Error()
	}
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		return urlErr.Err.Error()
	}
	return err.Error()
}

// unreachableCause is a short, stable description of a network failure.
func unreachableCause(err error) string {
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	case errors.Is(err, context.DeadlineExceeded) || apierrors.IsTimeout(err):
		return "timed out"
	case errors.Is(err, syscall.EHOSTUNREACH) || errors.Is(err, syscall.ENETUNREACH):
		return "no route to host"
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return "cannot resolve " + dnsErr.Name
	}
	var netErr net.Error
	if errors.As(err, &netErr) && netErr.Timeout() {
		return "timed out"
	}
	return "network error"
}

// reasonText is a member's answer without the request's URL, which varies.
func reasonText(err error) string {
	var status apierrors.APIStatus
	if errors.As(err, &status) {
		st := status.Status()
		msg := strings.TrimSpace(st.Message)
		if len(msg) > 512 {
			msg = msg[:512] + "..."
		}
		return fmt.Sprintf("%s (HTTP %d)", msg, st.Code)
	}
	return err.Error()
}
