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
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"regexp"
	"syscall"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"k8s.io/federation/pkg/members"
)

// Reasons for member failures that are not a member's own Status reason.
const (
	ReasonClusterNotFound     = "ClusterNotFound"
	ReasonCredentialsMissing  = "CredentialsMissing"
	ReasonUnreachable         = "Unreachable"
	ReasonCertificateInvalid  = "CertificateInvalid"
	ReasonTimeout             = "Timeout"
	ReasonConflict            = "Conflict"
	ReasonOverridesNotApplied = "OverridesNotApplied"
	ReasonNamespaceMissing    = "NamespaceMissing"
	// ReasonNamespaceTerminating: the object's namespace is being deleted in the member, so
	// the member takes no new content there until it is gone (then the write recreates it).
	ReasonNamespaceTerminating = "NamespaceTerminating"
	// ReasonQuotaExceeded: a ResourceQuota of the member has no room for the object.
	ReasonQuotaExceeded = "QuotaExceeded"
	// ReasonKindNotServed: the member's API does not serve the kind's member type (its API
	// server lacks the group/version or the resource), so the member cannot hold the object
	// (KindNotServedError).
	ReasonKindNotServed = "KindNotServed"
	ReasonUnknown       = "Unknown"
)

// ReasonFor classifies a member error with a bounded set of CamelCase reasons: the
// member's own Status reason when it answered, else what kept us from reaching it.
func ReasonFor(err error) string {
	var conflict *ConflictError
	var override *OverrideError
	var namespaceMissing *NamespaceMissingError
	var netErr net.Error
	switch {
	case err == nil:
		return ""
	case isKindNotServed(err):
		return ReasonKindNotServed
	case errors.As(err, &conflict):
		return ReasonConflict
	case errors.As(err, &override):
		return ReasonOverridesNotApplied
	case errors.As(err, &namespaceMissing):
		return ReasonNamespaceMissing
	case errors.Is(err, members.ErrNoCredentials):
		return ReasonCredentialsMissing
	case errors.Is(err, context.DeadlineExceeded) || apierrors.IsTimeout(err) || apierrors.IsServerTimeout(err):
		return ReasonTimeout
	case IsCertificateError(err):
		// Before the network errors: a failed handshake also comes wrapped in a url.Error,
		// which is a net.Error, yet the member is up and only our trust in it is wrong.
		return ReasonCertificateInvalid
	case errors.Is(err, syscall.ECONNREFUSED) || errors.As(err, &netErr):
		return ReasonUnreachable
	case isNamespaceTerminating(err):
		return ReasonNamespaceTerminating
	case isQuotaExceeded(err):
		return ReasonQuotaExceeded
	}
	if reason := apierrors.ReasonForError(err); reason != metav1.StatusReasonUnknown {
		return string(reason)
	}
	return ReasonUnknown
}

// RefusesObject reports whether a member's error is about the object itself, so that the
// request is refused for every member: the member found it invalid, or an admission plugin
// or webhook of the member denied it. Everything else is the member's own state and fails
// that member alone: federation's credentials refused (an operator's problem with one
// member), the namespace being deleted there, a full ResourceQuota, an outage.
func RefusesObject(err error) bool {
	if apierrors.IsInvalid(err) {
		return true
	}
	return apierrors.IsForbidden(err) && !IsCredentialDenial(err) && !isNamespaceTerminating(err) && !isQuotaExceeded(err)
}

// isNamespaceTerminating reports kube-apiserver's NamespaceLifecycle refusal of new content
// in a namespace being deleted (a Forbidden with the NamespaceTerminating cause).
func isNamespaceTerminating(err error) bool {
	return apierrors.IsForbidden(err) && apierrors.HasStatusCause(err, corev1.NamespaceTerminatingCause)
}

// quotaExceeded matches the ResourceQuota admission plugin's refusal, which carries no cause.
var quotaExceeded = regexp.MustCompile(`exceeded quota: `)

// isQuotaExceeded reports a member's ResourceQuota refusing the object for want of room.
func isQuotaExceeded(err error) bool {
	return apierrors.IsForbidden(err) && quotaExceeded.MatchString(err.Error())
}

// IsCertificateError reports whether err is a member's serving certificate failing
// verification against the Cluster's caBundle (or the system roots).
func IsCertificateError(err error) bool {
	var verify *tls.CertificateVerificationError
	var unknownAuthority x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var invalid x509.CertificateInvalidError
	return errors.As(err, &verify) || errors.As(err, &unknownAuthority) || errors.As(err, &hostname) || errors.As(err, &invalid)
}

// authorizationDenial matches kube-apiserver's message for an authorization (RBAC) refusal,
// as opposed to an admission plugin's or webhook's refusal, which is also Forbidden.
var authorizationDenial = regexp.MustCompile(`User "[^"]*" cannot `)

// IsCredentialDenial reports whether err is a member refusing federation's own credentials
// (an operator's problem with one member), rather than refusing the object itself.
func IsCredentialDenial(err error) bool {
	return apierrors.IsForbidden(err) && authorizationDenial.MatchString(err.Error())
}
