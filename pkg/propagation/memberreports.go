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
	"slices"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/kinds"
)

// WithMemberReports returns st with what obj's member copies report of themselves recorded,
// for kinds with a RecordMember hook (pkg/kinds; e.g. a FederatedHorizontalPodAutoscaler's
// members' bounds and current and desired replicas): each placed cluster's row gets its
// copy's, and st the kind's sums over them (WithHealth has cleared the sums before). A
// cluster without a copy (failed, not reached) or whose row is Excluded contributes
// nothing, nor does a copy the hook cannot read (its error, which the hook returns before
// recording anything, is dropped: the row's phase already says what federation wrote). Other kinds' rows get none of those
// fields. st is not modified.
func WithMemberReports(obj fedv1beta1.FederatedObject, st fedv1beta1.FederatedStatus, outcomes []Outcome) fedv1beta1.FederatedStatus {
	st.Clusters = slices.Clone(st.Clusters)
	for i := range st.Clusters {
		row := &st.Clusters[i]
		row.MinReplicas, row.MaxReplicas, row.CurrentReplicas, row.DesiredReplicas = nil, nil, nil, nil
		row.MemberPhase = ""
	}
	k, err := kinds.For(obj)
	if err != nil || k.Hooks.RecordMember == nil {
		return st
	}
	for _, o := range outcomes {
		if o.Err != nil || o.Object == nil || excluded(&st, o.Cluster) {
			continue
		}
		i := slices.IndexFunc(st.Clusters, func(r fedv1beta1.ClusterPropagationStatus) bool { return r.Name == o.Cluster })
		if i < 0 {
			continue
		}
		// A hook fails only before it records anything (the copy does not decode).
		_ = k.Hooks.RecordMember(o.Object, &st.Clusters[i], &st)
	}
	return st
}
