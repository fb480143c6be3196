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

// Report is what one write of a federated object to its members found.
type Report struct {
	// Outcomes has one outcome per placed cluster.
	Outcomes []Outcome
	// Schedule is the replica division the write used (nil without replicaScheduling).
	Schedule *Schedule
	// Removed are the outcomes of removing the object from clusters it is no longer placed
	// on; each failure keeps a RemovalPending row.
	Removed []Outcome
	// FieldConflicts are the fields left to other managers, by cluster (see memberFights in
	// the sync controller); nil where nobody tracks them.
	FieldConflicts map[string][]FieldConflict
	// Excluded are the clusters the placement names or selects that a taint keeps the object
	// off (Placed.Excluded); each gets an Excluded row.
	Excluded []Exclusion
}

// StatusOf returns obj's status after the write r reports: the propagation rows and
// condition (Status), the scheduled shares (WithSchedule), health (WithHealth), the members'
// load-balancer addresses (WithLoadBalancers), what members report of themselves
// (WithMemberReports), fields left to other managers
// (WithFieldConflicts), removals still pending (WithRemovalsPending) and clusters a taint
// keeps the object off (WithExcluded).
// The write-through and the sync controller both compose status with it, so that equal
// inputs give equal status and neither undoes the other's write.
func StatusOf(obj fedv1beta1.FederatedObject, r Report) fedv1beta1.FederatedStatus {
	st := Status(obj, *obj.GetFederatedStatus(), r.Outcomes)
	st = WithSchedule(obj, st, r.Schedule)
	st = WithHealth(obj, st, r.Schedule, r.Outcomes)
	st = WithLoadBalancers(obj, st, r.Outcomes)
	st = WithMemberReports(obj, st, r.Outcomes)
	st = WithFieldConflicts(st, r.FieldConflicts)
	st = WithRemovalsPending(st, r.Removed)
	return WithExcluded(st, r.Excluded)
}
