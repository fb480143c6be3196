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
	"slices"
	"sort"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/klog/v2"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
)

// ReasonTaintNotTolerated is the reason of the status row of a cluster the placement names or
// selects but whose taint keeps the object off (phase Excluded).
const ReasonTaintNotTolerated = "TaintNotTolerated"

// Placed is where a federated object goes (Engine.Placement).
type Placed struct {
	// Clusters are the clusters the object is placed on, sorted by name.
	Clusters []string
	// Excluded are the clusters the placement names or selects that a taint keeps the
	// object off, sorted by cluster name.
	Excluded []Exclusion
	// RecheckAfter is how long until a NoExecute toleration's tolerationSeconds runs out on
	// a cluster in Clusters, which then leaves the placement; 0 when none will.
	RecheckAfter time.Duration
}

// Exclusion is a cluster kept off by one of its taints.
type Exclusion struct {
	Cluster string
	// Taint is the first of the cluster's taints that the placement does not tolerate.
	Taint corev1.Taint
	// Expired is true when a toleration matched the taint but its tolerationSeconds ran out.
	Expired bool
}

// Row returns the Excluded status row that says why e's cluster holds no copy.
func (e Exclusion) Row() fedv1beta1.ClusterPropagationStatus {
	msg := fmt.Sprintf("The cluster has the taint %s, which the placement does not tolerate.", e.Taint.ToString())
	if e.Expired {
		msg = fmt.Sprintf("The cluster has the taint %s, which the placement tolerated for its tolerationSeconds only.", e.Taint.ToString())
	}
	return fedv1beta1.ClusterPropagationStatus{
		Name: e.Cluster, Phase: fedv1beta1.PropagationPhaseExcluded, Reason: ReasonTaintNotTolerated, Message: msg,
	}
}

// filterTainted splits candidates, the clusters the placement names or selects, into those
// obj is placed on and those a taint keeps it off, with the rules documented on the API's
// Placement.Tolerations (those of core/v1 taints and tolerations for pods and nodes):
//   - NoSchedule: untolerated, it keeps obj off a cluster unless obj is already there (its
//     status has a row for the cluster that is not Excluded).
//   - NoExecute: untolerated, it keeps obj off and removes a copy; tolerated with
//     tolerationSeconds (the smallest, when several tolerations match), only until that long
//     after the taint's timeAdded (now when unset).
//   - PreferNoSchedule: no effect.
//
// A cluster that is not registered (get fails) has no taints.
func filterTainted(obj fedv1beta1.FederatedObject, candidates []string, clusters ClusterGetter, now time.Time) Placed {
	tolerations := obj.GetPropagation().Placement.Tolerations
	var out Placed
	for _, name := range candidates {
		cl, err := clusters.Get(name)
		if err != nil || cl == nil {
			out.Clusters = append(out.Clusters, name)
			continue
		}
		excluded, recheck := checkTaints(cl.Spec.Taints, tolerations, placedBefore(obj, name), now)
		if excluded != nil {
			excluded.Cluster = name
			out.Excluded = append(out.Excluded, *excluded)
			continue
		}
		out.Clusters = append(out.Clusters, name)
		if recheck > 0 && (out.RecheckAfter == 0 || recheck < out.RecheckAfter) {
			out.RecheckAfter = recheck
		}
	}
	return out
}

// checkTaints returns the exclusion taints cause (nil when none) and, when a NoExecute
// toleration's time runs out later, how long until it does. NoExecute taints are checked
// first, so that a copy a NoExecute taint removes is reported as removed by it, not kept off
// by a NoSchedule taint the cluster also has.
func checkTaints(taints []corev1.Taint, tolerations []corev1.Toleration, placedBefore bool, now time.Time) (*Exclusion, time.Duration) {
	var recheck time.Duration
	for i := range taints {
		taint := &taints[i]
		if taint.Effect != corev1.TaintEffectNoExecute {
			continue
		}
		left, ok := toleratedFor(tolerations, taint, now)
		switch {
		case !ok:
			return &Exclusion{Taint: *taint}, 0
		case left == 0:
			continue // tolerated for good
		case left < 0:
			return &Exclusion{Taint: *taint, Expired: true}, 0
		case recheck == 0 || left < recheck:
			recheck = left
		}
	}
	for i := range taints {
		taint := &taints[i]
		if taint.Effect == corev1.TaintEffectNoSchedule && !placedBefore && !tolerates(tolerations, taint) {
			return &Exclusion{Taint: *taint}, 0
		}
	}
	return nil, recheck
}

func tolerates(tolerations []corev1.Toleration, taint *corev1.Taint) bool {
	return slices.ContainsFunc(tolerations, func(t corev1.Toleration) bool {
		return t.ToleratesTaint(klog.Background(), taint, false)
	})
}

// toleratedFor reports whether a toleration matches the NoExecute taint and, if so, how much
// of its tolerationSeconds is left: 0 for a toleration without a limit, negative once the
// time has run out.
func toleratedFor(tolerations []corev1.Toleration, taint *corev1.Taint, now time.Time) (time.Duration, bool) {
	var limit *int64
	matched := false
	for _, t := range tolerations {
		if !t.ToleratesTaint(klog.Background(), taint, false) {
			continue
		}
		matched = true
		if t.TolerationSeconds == nil {
			return 0, true
		}
		if limit == nil || *t.TolerationSeconds < *limit {
			limit = t.TolerationSeconds
		}
	}
	if !matched {
		return 0, false
	}
	added := now
	if taint.TimeAdded != nil {
		added = taint.TimeAdded.Time
	}
	left := added.Add(time.Duration(*limit) * time.Second).Sub(now)
	if left <= 0 {
		return -1, true
	}
	return left, true
}

// placedBefore reports whether obj's status has a row for cluster that is not Excluded: the
// object was written there (or is being removed from there).
func placedBefore(obj fedv1beta1.FederatedObject, cluster string) bool {
	return slices.ContainsFunc(obj.GetFederatedStatus().Clusters, func(r fedv1beta1.ClusterPropagationStatus) bool {
		return r.Name == cluster && r.Phase != fedv1beta1.PropagationPhaseExcluded
	})
}

// exclusionSummary lists exclusions for a message, e.g. "member-1 (maintenance=true:NoSchedule)".
func exclusionSummary(excluded []Exclusion) string {
	parts := make([]string, len(excluded))
	for i, e := range excluded {
		parts[i] = fmt.Sprintf("%s (%s)", e.Cluster, e.Taint.ToString())
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}

// WithExcluded returns st with an Excluded row (Exclusion.Row) for each excluded cluster
// that has no row yet (a copy still being removed keeps its pending row, so the removal is
// retried), rows sorted by cluster name. When every cluster the placement selects is
// excluded, the Propagated condition's message names the taints. st is not modified.
func WithExcluded(st fedv1beta1.FederatedStatus, excluded []Exclusion) fedv1beta1.FederatedStatus {
	if len(excluded) == 0 {
		return st
	}
	st.Clusters = slices.Clone(st.Clusters)
	placed := 0
	for _, row := range st.Clusters {
		if row.Phase != fedv1beta1.PropagationPhaseExcluded {
			placed++
		}
	}
	for _, e := range excluded {
		if !slices.ContainsFunc(st.Clusters, func(r fedv1beta1.ClusterPropagationStatus) bool { return r.Name == e.Cluster }) {
			st.Clusters = append(st.Clusters, e.Row())
		}
	}
	slices.SortStableFunc(st.Clusters, func(a, b fedv1beta1.ClusterPropagationStatus) int { return strings.Compare(a.Name, b.Name) })
	if cond := meta.FindStatusCondition(st.Conditions, fedv1beta1.ConditionPropagated); cond != nil && cond.Reason == ReasonNoClusters && placed == 0 {
		st.Conditions = slices.Clone(st.Conditions)
		cond := meta.FindStatusCondition(st.Conditions, fedv1beta1.ConditionPropagated)
		cond.Message = truncate("Every cluster the placement selects has a taint it does not tolerate: " + exclusionSummary(excluded) + ".")
	}
	return st
}
