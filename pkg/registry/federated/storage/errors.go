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
	"strings"

	"go.etcd.io/etcd/api/v3/v3rpc/rpctypes"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/propagation"
)

// storageError returns err as a Kubernetes Status where the generic store leaves fcp's own
// etcd's answer unclassified (the apiserver would send it as a 500 without a reason): an
// object larger than etcd accepts (its --max-request-bytes, 1.5 MiB by default) is 413
// RequestEntityTooLarge. Other errors are returned as they are.
func storageError(err error) error {
	var status apierrors.APIStatus
	if err == nil || errors.As(err, &status) {
		return err
	}
	if errors.Is(err, rpctypes.ErrRequestTooLarge) || strings.Contains(err.Error(), rpctypes.ErrRequestTooLarge.Error()) {
		return apierrors.NewRequestEntityTooLargeError(
			"the object is larger than fcp's storage accepts; make its template or overrides smaller")
	}
	return err
}

// memberRejected turns a member's refusal into our own error: same code and reason, the
// member and its message named, and causes moved under spec.template. When the cluster has
// overrides, a cause names them too: the member checked the template with them applied.
func memberRejected(resource string, obj fedv1beta1.FederatedObject, o propagation.Outcome) error {
	var status apierrors.APIStatus
	if !errors.As(o.Err, &status) {
		// RefusesObject only accepts a member's own Status; anything else is our fault.
		return apierrors.NewInternalError(fmt.Errorf("member cluster %s: %w", o.Cluster, o.Err))
	}
	st := status.Status()
	details := &metav1.StatusDetails{
		Group: fedv1beta1.GroupName, Kind: obj.GetObjectKind().GroupVersionKind().Kind, Name: obj.GetName(),
	}
	if st.Details != nil {
		for _, c := range st.Details.Causes {
			// The member's metadata.name and metadata.namespace are the federated object's
			// own; everything else it holds comes from the template. A cause without a field
			// (an admission policy's denial) is about the template as a whole.
			switch c.Field {
			case "metadata.name", "metadata.namespace":
			case "":
				c.Field = "spec.template"
			default:
				c.Field = "spec.template." + c.Field
			}
			c.Message = fmt.Sprintf("member cluster %s: %s", o.Cluster, c.Message)
			details.Causes = append(details.Causes, c)
		}
	}
	for i, ov := range obj.GetPropagation().Overrides {
		if ov.ClusterName == o.Cluster {
			details.Causes = append(details.Causes, metav1.StatusCause{
				Type:    metav1.CauseTypeFieldValueInvalid,
				Field:   fmt.Sprintf("spec.overrides[%d]", i),
				Message: fmt.Sprintf("member cluster %s checked the template with these overrides applied", o.Cluster),
			})
		}
	}
	return &apierrors.StatusError{ErrStatus: metav1.Status{
		Status:  metav1.StatusFailure,
		Code:    st.Code,
		Reason:  st.Reason,
		Details: details,
		Message: fmt.Sprintf("%s %q was rejected by member cluster %s: %s", resource, obj.GetName(), o.Cluster, st.Message),
	}}
}
