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
	"fmt"
	"maps"
	"slices"
	"strings"

	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/utils/ptr"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/kinds"
	"k8s.io/federation/pkg/scheduling"
)

// ClusterGetter finds a registered Cluster by name; a fedlisters.ClusterLister is one.
type ClusterGetter interface {
	Get(name string) (*fedv1beta1.Cluster, error)
}

// Schedule is the division of a workload's replicas over its placed clusters
// (spec.replicaScheduling). A nil *Schedule means the object has no replicaScheduling:
// every cluster renders the template's replicas as they are.
type Schedule struct {
	// Total is what was divided: template.spec.replicas, 1 when unset.
	Total int32
	// Replicas maps every placed cluster to its share, 0 for the unschedulable ones.
	Replicas map[string]int32
	// Unschedulable lists, sorted, the clusters that failed over: the placed ones whose
	// Cluster says Schedulable=False, which get 0 and take no part in the division, and
	// (from Engine.Schedule) those the unreachable taint keeps the object off, which are not
	// placed and have no share.
	Unschedulable []string
	// Kept reports a sticky division (rebalance false) that kept the shares recorded in
	// status and divided only the difference.
	Kept bool
	// CapacityWeights are the weights a Dynamic division used, by schedulable placed
	// cluster (see ScheduleReplicas); nil when the division used clusters[].weight (mode
	// Weighted, or Dynamic without capacity to go by).
	CapacityWeights map[string]int64
	// Result is the division's outcome: Placed, and Infeasible with Reason and Message
	// (scheduling.Reason*) when the bounds could not be met.
	Result scheduling.Result
	// Clusters are what a kind's Divide hook divides over (kinds.Division.Clusters): for a
	// kind that divides something other than replicas (a FederatedHorizontalPodAutoscaler's
	// bounds), every placed cluster with its spec.replicaScheduling weight; nil otherwise.
	Clusters []scheduling.ClusterPreference
	// Key orders ties: the object's UID.
	Key string
	// Autoscaler, when set, names the FederatedHorizontalPodAutoscaler (namespace/name)
	// whose member HPAs own the workload's replicas (Engine.Schedule): Render leaves the
	// kind's replicas out of every member object, and nothing is divided (Replicas is nil).
	Autoscaler string
}

// For returns cluster's share and true, or false when s has no division of replicas (no
// replicaScheduling, see Replicated) or cluster is not placed.
func (s *Schedule) For(cluster string) (int32, bool) {
	if s == nil {
		return 0, false
	}
	r, ok := s.Replicas[cluster]
	return r, ok
}

// Replicated reports whether s divides replicas (the object has spec.replicaScheduling and
// its replicas are not the member HPAs'): what the ReplicasScheduled condition and the
// rows' replicas report.
func (s *Schedule) Replicated() bool { return s != nil && s.Replicas != nil }

// division is what the kind's Divide hook gets for cluster.
func (s *Schedule) division(cluster string) kinds.Division {
	if s == nil {
		return kinds.Division{}
	}
	d := kinds.Division{Clusters: s.Clusters, Key: s.Key}
	if share, ok := s.For(cluster); ok {
		d.Share, d.Shares = &share, s.Replicas
	}
	return d
}

// String prints the shares as name=replicas, sorted by name, e.g. "member-1=4,member-2=2".
func (s *Schedule) String() string {
	if s == nil {
		return ""
	}
	parts := make([]string, 0, len(s.Replicas))
	for _, name := range slices.Sorted(maps.Keys(s.Replicas)) {
		parts = append(parts, fmt.Sprintf("%s=%d", name, s.Replicas[name]))
	}
	return strings.Join(parts, ",")
}

// ScheduleReplicas divides obj's replicas over placed, its placed clusters, when obj has
// spec.replicaScheduling, and returns nil otherwise. It is the one function the API server's
// write-through and the sync controller both call, and it depends only on its inputs: obj's
// spec (template replicas and, in mode Dynamic, the template pod's requests; preferences,
// mode, rebalance), its UID (the tie order), its status rows (status.clusters[].replicas,
// the previous division) and, for each placed cluster as clusters has it, its Schedulable
// condition and, in mode Dynamic, its status.allocatable and status.allocated. The API
// server and the controller-manager read Clusters from their own informers, so right after
// a Cluster's status changes they may divide differently for a moment; the controller's
// reconcile, which that change wakes, settles it.
//
// The rules are those documented on the API's ReplicaScheduling, computed with
// scheduling.Divide:
//   - A placed cluster whose Cluster has Schedulable=False gets 0; the others are divided
//     over. A cluster not registered (yet) counts as schedulable: writes to it fail, in
//     its status row, with its share shown.
//   - Each schedulable cluster's preference is its entry in spec.replicaScheduling.clusters;
//     a missing entry, or weight 0, means weight 1.
//   - Mode Dynamic: the weights are the capacity weights instead (capacityWeights: the
//     template's pods that still fit in the cluster, from its Cluster's status.allocatable
//     and status.allocated; 0 is a weight here), and minReplicas and maxReplicas still
//     apply. When they add up to 0 (no capacity data, or no room anywhere) the division is
//     Weighted's. Validation keeps Dynamic sticky (rebalance false).
//   - rebalance true: Divide(total) over the schedulable clusters.
//   - rebalance false (sticky): see stickyDivide; its scale-ups divide the added replicas by
//     the weights above, so in Dynamic mode by capacity.
//
// An object that is no ReplicaScheduledObject but whose kind has a Divide hook (a
// FederatedHorizontalPodAutoscaler) gets a Schedule without replicas: Clusters, every placed
// cluster with its weight (spec.replicaScheduling.clusters[].weight, 1 when unset or 0),
// and Key. Failover does not move what such a kind divides.
func ScheduleReplicas(obj fedv1beta1.FederatedObject, placed []string, clusters ClusterGetter) *Schedule {
	ro, ok := obj.(fedv1beta1.ReplicaScheduledObject)
	if !ok {
		return weightsOnly(obj, placed)
	}
	if ro.GetReplicaScheduling() == nil {
		return nil
	}
	rs := ro.GetReplicaScheduling()
	s := &Schedule{Total: 1, Replicas: make(map[string]int32, len(placed))}
	if r := ro.GetTemplateReplicas(); r != nil {
		s.Total = max(*r, 0)
	}
	var prefs []scheduling.ClusterPreference
	var names []string
	for _, name := range placed {
		s.Replicas[name] = 0
		if !schedulable(clusters, name) {
			s.Unschedulable = append(s.Unschedulable, name)
			continue
		}
		p := rs.Clusters[name]
		weight := int64(p.Weight)
		if weight == 0 {
			weight = 1
		}
		prefs = append(prefs, scheduling.ClusterPreference{Name: name, Weight: weight, MinReplicas: p.MinReplicas, MaxReplicas: p.MaxReplicas})
		names = append(names, name)
	}
	slices.Sort(s.Unschedulable)
	prev := previousReplicas(obj)
	if rs.Mode == fedv1beta1.ReplicaSchedulingModeDynamic {
		if weights, ok := capacityWeights(obj, names, clusters); ok {
			for i := range prefs {
				prefs[i].Weight = weights[prefs[i].Name]
			}
			s.CapacityWeights = weights
		}
	}
	key := string(obj.GetUID())
	s.Key = key
	if rs.Rebalance {
		s.Result = scheduling.Divide(s.Total, prefs, key)
	} else {
		s.Result, s.Kept = stickyDivide(s.Total, prefs, prev, key)
	}
	if len(prefs) == 0 && len(placed) > 0 && s.Total > 0 {
		s.Result.Message = fmt.Sprintf("none of the %d placed clusters is schedulable (%s); %d replicas are not placed",
			len(placed), strings.Join(s.Unschedulable, ", "), s.Total)
	}
	for name, r := range s.Result.Replicas {
		s.Replicas[name] = r
	}
	return s
}

// weightsOnly is ScheduleReplicas for an object that divides something other than
// replicas: nil unless its kind has a Divide hook.
func weightsOnly(obj fedv1beta1.FederatedObject, placed []string) *Schedule {
	k, err := kinds.For(obj)
	if err != nil || k.Hooks.Divide == nil {
		return nil
	}
	var rs *fedv1beta1.ReplicaScheduling
	if wo, ok := obj.(fedv1beta1.WeightedObject); ok {
		rs = wo.GetReplicaScheduling()
	}
	s := &Schedule{Key: string(obj.GetUID()), Clusters: make([]scheduling.ClusterPreference, 0, len(placed))}
	for _, name := range slices.Sorted(slices.Values(placed)) {
		weight := int64(1)
		if rs != nil && rs.Clusters[name].Weight > 0 {
			weight = int64(rs.Clusters[name].Weight)
		}
		s.Clusters = append(s.Clusters, scheduling.ClusterPreference{Name: name, Weight: weight})
	}
	return s
}

// stickyDivide divides total over prefs keeping prev, the shares recorded in status, where
// it can (rebalance false). With cur the kept shares of the schedulable clusters (prev, cut
// to each cluster's maxReplicas; 0 when not recorded) and sum their sum:
//   - sum <= total (unchanged, a scale-up, or replicas freed by a failed-over cluster): the
//     difference is divided by Divide over the same clusters with the bounds that cur leaves
//     (minReplicas − cur, at least 0; maxReplicas − cur), and added to cur. No cluster's
//     share falls.
//   - sum > total (a scale-down): Divide(total) with the kept shares as weights and as
//     maximums, each cluster's minReplicas kept: every cluster shrinks in proportion (by
//     Webster), none grows, and a cluster holding none gets none beyond its minimum.
//
// When that division is infeasible (the kept shares leave a minimum unmet, or the room is
// elsewhere), the result is Divide(total) afresh, as with rebalance. The second return value
// is false then. With no shares recorded, the first case is exactly Divide(total).
func stickyDivide(total int32, prefs []scheduling.ClusterPreference, prev map[string]int32, key string) (scheduling.Result, bool) {
	cur := make(map[string]int32, len(prefs))
	var sum int64
	for _, p := range prefs {
		c := max(prev[p.Name], 0)
		if p.MaxReplicas != nil {
			c = min(c, max(*p.MaxReplicas, 0))
		}
		cur[p.Name] = c
		sum += int64(c)
	}
	shifted := make([]scheduling.ClusterPreference, len(prefs))
	if sum <= int64(total) {
		for i, p := range prefs {
			shifted[i] = scheduling.ClusterPreference{Name: p.Name, Weight: p.Weight, MinReplicas: max(p.MinReplicas-cur[p.Name], 0)}
			if p.MaxReplicas != nil {
				shifted[i].MaxReplicas = ptr.To(*p.MaxReplicas - cur[p.Name])
			}
		}
		delta := scheduling.Divide(total-int32(sum), shifted, key)
		if !delta.Infeasible {
			for name, r := range delta.Replicas {
				delta.Replicas[name] = r + cur[name]
			}
			delta.Placed = total
			return delta, true
		}
	} else {
		for i, p := range prefs {
			shifted[i] = scheduling.ClusterPreference{Name: p.Name, Weight: int64(cur[p.Name]), MinReplicas: p.MinReplicas, MaxReplicas: ptr.To(cur[p.Name])}
		}
		shrunk := scheduling.Divide(total, shifted, key)
		if !shrunk.Infeasible && meetsMinimums(shrunk, prefs) {
			return shrunk, true
		}
	}
	return scheduling.Divide(total, prefs, key), false
}

// meetsMinimums reports whether every cluster got at least its minReplicas in r. Divide
// lowers a minimum above the maximum to it, which the scale-down's maximums may do.
func meetsMinimums(r scheduling.Result, prefs []scheduling.ClusterPreference) bool {
	for _, p := range prefs {
		if r.Replicas[p.Name] < p.MinReplicas {
			return false
		}
	}
	return true
}

// previousReplicas returns the shares obj's status rows record, by cluster.
func previousReplicas(obj fedv1beta1.FederatedObject) map[string]int32 {
	out := map[string]int32{}
	for _, row := range obj.GetFederatedStatus().Clusters {
		if row.Replicas != nil {
			out[row.Name] = *row.Replicas
		}
	}
	return out
}

// schedulable reports whether replicas may be scheduled to the named cluster: anything but a
// registered Cluster with Schedulable=False.
func schedulable(clusters ClusterGetter, name string) bool {
	if clusters == nil {
		return true
	}
	cl, err := clusters.Get(name)
	if err != nil || cl == nil {
		return true
	}
	return !meta.IsStatusConditionFalse(cl.Status.Conditions, fedv1beta1.ClusterSchedulable)
}
