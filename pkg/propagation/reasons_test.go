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
	"fmt"
	"syscall"
	"testing"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"k8s.io/federation/pkg/propagation/membertest"
)

// namespaceTerminating is the error kube-apiserver's NamespaceLifecycle admission returns
// for new content in a namespace being deleted.
func namespaceTerminating(ns string) error {
	err := apierrors.NewForbidden(schema.GroupResource{Resource: "configmaps"}, "cfg",
		fmt.Errorf("unable to create new content in namespace %s because it is being terminated", ns))
	err.ErrStatus.Details.Causes = append(err.ErrStatus.Details.Causes, metav1.StatusCause{
		Type: corev1.NamespaceTerminatingCause, Message: "namespace " + ns + " is being terminated", Field: "metadata.namespace",
	})
	return err
}

// TestRefusesObject covers every class of member error pre-flight meets: only what is
// about the object refuses the request; the member's own state fails that member alone.
func TestRefusesObject(t *testing.T) {
	gr := schema.GroupResource{Resource: "configmaps"}
	for name, tc := range map[string]struct {
		err        error
		refuses    bool
		wantReason string
	}{
		"invalid object": {err: apierrors.NewInvalid(schema.GroupKind{Kind: "ConfigMap"}, "cfg", nil), refuses: true, wantReason: "Invalid"},
		"admission webhook denial": {
			err:     apierrors.NewForbidden(gr, "cfg", errors.New(`admission webhook "policy.example.com" denied the request: no`)),
			refuses: true, wantReason: "Forbidden",
		},
		"RBAC refusal of federation's credentials": {
			err:        apierrors.NewForbidden(gr, "cfg", errors.New(`User "federation" cannot create resource "configmaps"`)),
			wantReason: "Forbidden",
		},
		"namespace terminating in the member": {err: namespaceTerminating("shop"), wantReason: ReasonNamespaceTerminating},
		"namespace terminating, wrapped":      {err: fmt.Errorf("apply: %w", namespaceTerminating("shop")), wantReason: ReasonNamespaceTerminating},
		"member quota full": {
			err:        apierrors.NewForbidden(gr, "cfg", errors.New("exceeded quota: objects, requested: count/configmaps=1, used: count/configmaps=5, limited: count/configmaps=5")),
			wantReason: ReasonQuotaExceeded,
		},
		"conflict with a member object":    {err: &ConflictError{Kind: "ConfigMap"}, wantReason: ReasonConflict},
		"member unreachable":               {err: fmt.Errorf("dial: %w", syscall.ECONNREFUSED), wantReason: ReasonUnreachable},
		"member timeout":                   {err: apierrors.NewTimeoutError("slow", 1), wantReason: ReasonTimeout},
		"namespace missing (dry run)":      {err: &NamespaceMissingError{Namespace: "shop"}, wantReason: ReasonNamespaceMissing},
		"member internal error":            {err: apierrors.NewInternalError(errors.New("etcd")), wantReason: "InternalError"},
		"member says too many requests":    {err: apierrors.NewTooManyRequests("busy", 1), wantReason: "TooManyRequests"},
		"a missing object (404 naming it)": {err: apierrors.NewNotFound(gr, "cfg"), wantReason: "NotFound"},
		"member does not serve the type":   {err: membertest.NotServedError("patch", ingresses, "web"), wantReason: ReasonKindNotServed},
		"member does not serve the type, as the engine reports it": {
			err: fmt.Errorf("cluster b: %w", &KindNotServedError{Resource: ingresses}), wantReason: ReasonKindNotServed,
		},
	} {
		t.Run(name, func(t *testing.T) {
			if got := RefusesObject(tc.err); got != tc.refuses {
				t.Errorf("RefusesObject(%v) = %v, want %v", tc.err, got, tc.refuses)
			}
			if got := ReasonFor(tc.err); got != tc.wantReason {
				t.Errorf("ReasonFor(%v) = %q, want %q", tc.err, got, tc.wantReason)
			}
		})
	}
}
