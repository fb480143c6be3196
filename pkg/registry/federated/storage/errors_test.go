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

package storage

import (
	"errors"
	"fmt"
	"testing"

	"go.etcd.io/etcd/api/v3/v3rpc/rpctypes"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation/field"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/propagation"
)

func TestStorageError(t *testing.T) {
	notFound := apierrors.NewNotFound(schema.GroupResource{Resource: "x"}, "y")
	plain := errors.New("boom")
	for name, tc := range map[string]struct {
		err      error
		want     error
		tooLarge bool
	}{
		"nil":                        {},
		"a Status is kept":           {err: notFound, want: notFound},
		"etcd: request too large":    {err: rpctypes.ErrRequestTooLarge, tooLarge: true},
		"etcd: too large, wrapped":   {err: fmt.Errorf("storing: %w", rpctypes.ErrRequestTooLarge), tooLarge: true},
		"etcd: too large, as a text": {err: errors.New("etcdserver: request is too large"), tooLarge: true},
		"anything else is kept":      {err: plain, want: plain},
	} {
		t.Run(name, func(t *testing.T) {
			got := storageError(tc.err)
			if tc.tooLarge {
				if !apierrors.IsRequestEntityTooLargeError(got) {
					t.Errorf("storageError(%v) = %v, want 413 RequestEntityTooLarge", tc.err, got)
				}
				return
			}
			if got != tc.want {
				t.Errorf("storageError(%v) = %v, want it unchanged", tc.err, got)
			}
		})
	}
}

// A member refusing the object rendered with a cluster's overrides names the override too.
func TestMemberRejectedNamesTheClusterOverrides(t *testing.T) {
	obj := &fedv1beta1.FederatedConfigMap{
		TypeMeta:   metav1.TypeMeta{Kind: "FederatedConfigMap"},
		ObjectMeta: metav1.ObjectMeta{Name: "cfg", Namespace: "shop"},
	}
	obj.Spec.Overrides = []fedv1beta1.ClusterOverride{{ClusterName: "a"}, {ClusterName: "b"}}
	refusal := apierrors.NewInvalid(schema.GroupKind{Kind: "ConfigMap"}, "cfg", field.ErrorList{
		field.Invalid(field.NewPath("data").Key("bad key"), "bad key", "a valid config key must consist of ..."),
	})
	err := memberRejected("federatedconfigmaps", obj, propagation.Outcome{Cluster: "b", Err: refusal})
	var status apierrors.APIStatus
	if !errors.As(err, &status) || !apierrors.IsInvalid(err) {
		t.Fatalf("memberRejected = %v, want an Invalid Status", err)
	}
	var fields []string
	for _, c := range status.Status().Details.Causes {
		fields = append(fields, c.Field)
	}
	if want := fmt.Sprint([]string{"spec.template.data[bad key]", "spec.overrides[1]"}); fmt.Sprint(fields) != want {
		t.Errorf("cause fields %v, want %s", fields, want)
	}
}

// A member error that is not a Status (a transport error, say) never reaches memberRejected
// through RefusesObject; if it did, it is an InternalError, not a panic.
func TestMemberRejectedWithoutAStatus(t *testing.T) {
	obj := &fedv1beta1.FederatedConfigMap{TypeMeta: metav1.TypeMeta{Kind: "FederatedConfigMap"}, ObjectMeta: metav1.ObjectMeta{Name: "cfg"}}
	for _, cause := range []error{errors.New("boom"), fmt.Errorf("apply: %w", errors.New("reset by peer"))} {
		if err := memberRejected("federatedconfigmaps", obj, propagation.Outcome{Cluster: "a", Err: cause}); !apierrors.IsInternalError(err) {
			t.Errorf("memberRejected(%v) = %v, want an InternalError", cause, err)
		}
	}
}

// An admission policy's denial carries a cause without a field; it is about the template as
// a whole, so kubectl prints spec.template rather than an empty path.
func TestMemberRejectedCauseWithoutAField(t *testing.T) {
	obj := &fedv1beta1.FederatedConfigMap{TypeMeta: metav1.TypeMeta{Kind: "FederatedConfigMap"}, ObjectMeta: metav1.ObjectMeta{Name: "cfg", Namespace: "shop"}}
	denial := &apierrors.StatusError{ErrStatus: metav1.Status{
		Status: metav1.StatusFailure, Code: 422, Reason: metav1.StatusReasonInvalid,
		Message: "ValidatingAdmissionPolicy 'no-bad' denied request",
		Details: &metav1.StatusDetails{Causes: []metav1.StatusCause{{Type: metav1.CauseTypeFieldValueInvalid, Message: "denied"}}},
	}}
	err := memberRejected("federatedconfigmaps", obj, propagation.Outcome{Cluster: "a", Err: denial})
	var status apierrors.APIStatus
	if !errors.As(err, &status) || len(status.Status().Details.Causes) != 1 || status.Status().Details.Causes[0].Field != "spec.template" {
		t.Errorf("memberRejected = %+v, want one cause on spec.template", err)
	}
}
