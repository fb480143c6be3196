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

package scheduling

import (
	"fmt"
	"slices"
	"strings"
)

// Reasons a Result is Infeasible. They are CamelCase so that callers can use them as a
// condition's reason unchanged.
const (
	// ReasonMinimumsExceedTotal: the clusters' minReplicas add up to more than the total.
	ReasonMinimumsExceedTotal = "MinimumsExceedTotal"
	// ReasonMaximumsBelowTotal: the clusters cannot hold the total (each up to its
	// maxReplicas; a cluster with weight 0 up to its minReplicas).
	ReasonMaximumsBelowTotal = "MaximumsBelowTotal"
	// ReasonNoClusters: replicas to place and no cluster to place them on.
	ReasonNoClusters = "NoClusters"
	// ReasonDuplicateCluster: a cluster name appears more than once in the input.
	ReasonDuplicateCluster = "DuplicateCluster"
)

// ClusterPreference is one placed cluster's share rule, as in the API's
// spec.replicaScheduling.clusters[name] (ClusterReplicaPreference).
type ClusterPreference struct {
	// Name is the member cluster's name. Names must be distinct within one Divide call.
	Name string
	// Weight is the cluster's share, relative to the other clusters' weights, of the replicas
	// left once every minimum is met. 0 means the cluster gets its MinReplicas and nothing
	// more; a negative weight counts as 0. Divide applies no default: the caller passes the
	// API's default (1) for a cluster that has no preference.
	Weight int64
	// MinReplicas is the least the cluster gets when the total allows it (rule 4 of Divide).
	// A negative value counts as 0.
	MinReplicas int32
	// MaxReplicas is the most the cluster ever gets; nil means unbounded, a negative value
	// counts as 0. A value below MinReplicas lowers the minimum to it (validation rejects
	// such input).
	MaxReplicas *int32
}

// Result is the outcome of Divide.
type Result struct {
	// Replicas maps every cluster passed in, including those that get 0, to its share.
	Replicas map[string]int32
	// Placed is the sum of Replicas: the total, except with Reason MaximumsBelowTotal
	// (less), NoClusters or DuplicateCluster (0). total − Placed replicas run nowhere.
	Placed int32
	// Infeasible is true when the bounds cannot all be met, or the input is invalid.
	Infeasible bool
	// Reason is empty, or one of the Reason* constants when Infeasible.
	Reason string
	// Message explains an Infeasible result in a sentence for a status condition, naming the
	// numbers involved; empty otherwise.
	Message string
}

// Divide splits total replicas among clusters and reports whether the clusters' bounds could
// be met. The result does not depend on the order of clusters, only on the arguments: the
// same arguments give the same Result in every process and release.
//
// Rules, in order:
//
//  1. A negative total, Weight, MinReplicas or MaxReplicas counts as 0; a MaxReplicas
//     below MinReplicas lowers the minimum to it (validation rejects all of these).
//  2. If a cluster name appears twice, nothing is placed: Infeasible, DuplicateCluster.
//  3. With no clusters nothing is placed; Infeasible, NoClusters, only if total > 0.
//  4. Minimums first: every cluster gets its MinReplicas. If the minimums add up to more than
//     total, they are met in cluster-name order (byte-wise) until total runs out: the first
//     clusters get their whole minimum, then one gets what is left, the rest get 0; nothing
//     goes by weight. Placed = total; Infeasible, MinimumsExceedTotal; Message names the
//     clusters left short and by how much.
//  5. The rest (total minus the minimums) goes by weight, one replica at a time, by the
//     Webster / Sainte-Laguë divisor method: the next replica goes to the cluster with the
//     highest priority weight/(2·s+1), where s is the number of replicas that cluster has
//     already got by weight (its minimum is not counted, so the weights split the rest, as
//     the API says, and with all minimums 0 this is plain Webster). A cluster at its
//     MaxReplicas, or with weight 0, gets no more.
//  6. Equal priorities go to the cluster that comes first in the object's tie order: the
//     clusters sorted by a 64-bit hash of tieBreakKey and the cluster name (FNV-1a over the
//     key, a zero byte and the name, then the MurmurHash3 fmix64 finalizer), then by name.
//     The order is the same on every call with one key and differs from key to key, so no
//     cluster gets the odd replica of every object. Pass the object's UID.
//  7. If the clusters cannot hold the rest (each up to its MaxReplicas; a cluster with weight
//     0 up to its MinReplicas), every cluster gets what it can hold; Placed < total;
//     Infeasible, MaximumsBelowTotal; Message says how many are not placed.
//
// Otherwise Placed = total and no cluster is below its minimum or above its maximum. Rules
// 4, 5 and 7 hand out one replica at a time, each choice depending only on what was handed
// out before, never on total, so Divide is house-monotone (Balinski–Young): with clusters
// and key fixed, raising total never lowers any cluster's share.
//
// Cost, for n clusters: O(n log n) to order ties, O(64·n) to estimate the division and O(n)
// for each of the O(n) replicas the estimate gets wrong; O(n²) at worst and independent of
// total, so a total of 2^31−1 costs what 10 does. It allocates the Replicas map and O(n)
// scratch.
func Divide(total int32, clusters []ClusterPreference, tieBreakKey string) Result {
	res := Result{Replicas: make(map[string]int32, len(clusters))}
	for _, c := range clusters {
		if _, dup := res.Replicas[c.Name]; dup {
			res.Infeasible, res.Reason = true, ReasonDuplicateCluster
			res.Message = fmt.Sprintf("cluster %q is listed more than once; no replicas are placed", c.Name)
			return res
		}
		res.Replicas[c.Name] = 0
	}
	total = max(total, 0)
	if len(clusters) == 0 {
		if total > 0 {
			res.Infeasible, res.Reason = true, ReasonNoClusters
			res.Message = fmt.Sprintf("no clusters are placed; %d replicas are not placed", total)
		}
		return res
	}

	mins := make([]int64, len(clusters))
	var sumMin int64
	for i, c := range clusters {
		mins[i] = int64(max(c.MinReplicas, 0))
		if c.MaxReplicas != nil {
			mins[i] = min(mins[i], int64(max(*c.MaxReplicas, 0)))
		}
		sumMin += mins[i]
	}
	if sumMin > int64(total) {
		return fillMinimums(res, total, clusters, mins, sumMin)
	}

	rest := int64(total) - sumMin
	bs := make([]bidder, 0, len(clusters))
	var room int64 // replicas the clusters can take by weight, counting at most rest per cluster
	for i, c := range clusters {
		res.Replicas[c.Name] = int32(mins[i])
		if c.Weight <= 0 {
			continue
		}
		limit := rest
		if c.MaxReplicas != nil {
			limit = min(limit, int64(*c.MaxReplicas)-mins[i])
		}
		if limit > 0 {
			bs = append(bs, bidder{index: i, weight: uint64(c.Weight), limit: limit})
			room += limit
		}
	}
	rankByTieOrder(bs, clusters, tieBreakKey)
	allocate(bs, min(rest, room))
	for _, b := range bs {
		res.Replicas[clusters[b.index].Name] += int32(b.seats)
	}
	res.Placed = int32(sumMin + min(rest, room))
	if room < rest {
		res.Infeasible, res.Reason = true, ReasonMaximumsBelowTotal
		limit := "each up to its maxReplicas"
		if slices.ContainsFunc(clusters, func(c ClusterPreference) bool { return c.Weight <= 0 }) {
			limit += "; a cluster with weight 0 up to its minReplicas"
		}
		res.Message = fmt.Sprintf("the clusters hold at most %d of the %d replicas (%s); %d replicas are not placed",
			res.Placed, total, limit, int64(total)-int64(res.Placed))
	}
	return res
}

// fillMinimums applies rule 4 of Divide when the minimums (mins, adding up to sumMin) exceed
// total: minimums are met in cluster-name order until total runs out.
func fillMinimums(res Result, total int32, clusters []ClusterPreference, mins []int64, sumMin int64) Result {
	order := make([]int, len(clusters))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return strings.Compare(clusters[a].Name, clusters[b].Name) })
	left := int64(total)
	var short []string
	for _, i := range order {
		got := min(mins[i], left)
		left -= got
		res.Replicas[clusters[i].Name] = int32(got)
		if got < mins[i] {
			short = append(short, fmt.Sprintf("%s (%d of %d)", clusters[i].Name, got, mins[i]))
		}
	}
	const shown = 5
	if len(short) > shown {
		short = append(short[:shown], fmt.Sprintf("and %d more", len(short)-shown))
	}
	res.Placed = total
	res.Infeasible, res.Reason = true, ReasonMinimumsExceedTotal
	res.Message = fmt.Sprintf("the clusters' minReplicas add up to %d, %d more than the %d replicas to place; "+
		"minimums were met in cluster-name order, leaving short: %s",
		sumMin, sumMin-int64(total), total, strings.Join(short, ", "))
	return res
}
