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
	"errors"
	"strings"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/client-go/dynamic"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/kinds"
)

// recreates reports whether err is a member refusing an apply only because it changes
// immutable fields (every cause of its Invalid error says "field is immutable", the
// message of apimachinery's ValidateImmutableField) and obj asks for its copies to be
// recreated then (pkg/kinds Hooks.RecreateOnImmutableChange, a FederatedJob's
// spec.recreateOnImmutableChange).
func recreates(obj fedv1beta1.FederatedObject, err error) bool {
	if err == nil || !apierrors.IsInvalid(err) {
		return false
	}
	k, kerr := kinds.For(obj)
	if kerr != nil || k.Hooks.RecreateOnImmutableChange == nil || !k.Hooks.RecreateOnImmutableChange(obj) {
		return false
	}
	var status apierrors.APIStatus
	if !errors.As(err, &status) || status.Status().Details == nil || len(status.Status().Details.Causes) == 0 {
		return false
	}
	for _, c := range status.Status().Details.Causes {
		if !strings.Contains(c.Message, apimachineryvalidation.FieldImmutableErrorMsg) {
			return false
		}
	}
	return true
}

// recreate deletes existing, the member's copy of obj, with propagation policy Background
// (the member's garbage collector deletes what it owns, a Job's pods) and on condition that
// it is still that copy (its UID), then creates desired in its place. A copy that is still
// there when the create comes (finalizers) makes the create fail with Conflict, which is
// retried.
func (e *Engine) recreate(ctx context.Context, client dynamic.Interface, obj fedv1beta1.FederatedObject,
	desired, existing *unstructured.Unstructured) (memberResult, error) {
	rc, _, err := resourceClient(client, obj)
	if err != nil {
		return memberResult{}, err
	}
	uid := existing.GetUID()
	background := metav1.DeletePropagationBackground
	err = rc.Delete(ctx, existing.GetName(), metav1.DeleteOptions{PropagationPolicy: &background, Preconditions: &metav1.Preconditions{UID: &uid}})
	if err := ignoreNotFound(err); err != nil {
		return memberResult{}, err
	}
	return e.create(ctx, client, obj, desired)
}
