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
	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
)

// WithRemovalsPending returns st with a RemovalPending row for each failed outcome of a
// Remove from clusters the object is no longer placed on. Those rows are how Unplaced finds
// the copies still to remove, so a failed removal must never drop out of status.
func WithRemovalsPending(st fedv1beta1.FederatedStatus, removed []Outcome) fedv1beta1.FederatedStatus {
	for _, o := range Failed(removed) {
		st.Clusters = append(st.Clusters, RemovalPending(o))
	}
	return st
}
