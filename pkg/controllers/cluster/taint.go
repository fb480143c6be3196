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

package cluster

import (
	"slices"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
)

// unreachableTaint is the taint the controller adds to a cluster that has been Offline for
// longer than Options.UnreachableTaintAfter.
var unreachableTaint = corev1.Taint{Key: fedv1beta1.TaintClusterUnreachable, Effect: corev1.TaintEffectNoExecute}

// taintsFor returns the taints cluster should have given its new status at now, whether they
// differ from its spec's, and how long until they would change on their own (the Offline
// period reaching after), or 0. after 0 turns the taint off: an existing one is removed.
//   - Offline True since longer than after: the unreachable NoExecute taint, timeAdded now.
//   - Offline False (the member answers): no unreachable taint.
//   - Otherwise (Offline Unknown, or True for less than after): as they are.
//
// The Offline condition's lastTransitionTime is when the outage began, so a restart of the
// controller-manager keeps counting from then.
func taintsFor(cluster *fedv1beta1.Cluster, status fedv1beta1.ClusterStatus, now time.Time, after time.Duration) ([]corev1.Taint, bool, time.Duration) {
	taints := cluster.Spec.Taints
	has := slices.ContainsFunc(taints, isUnreachableTaint)
	offline := meta.FindStatusCondition(status.Conditions, fedv1beta1.ClusterOffline)
	remove := func() ([]corev1.Taint, bool, time.Duration) {
		return slices.DeleteFunc(slices.Clone(taints), isUnreachableTaint), true, 0
	}
	switch {
	case has && (after == 0 || (offline != nil && offline.Status == metav1.ConditionFalse)):
		return remove()
	case after == 0 || has || offline == nil || offline.Status != metav1.ConditionTrue:
		return taints, false, 0
	}
	if wait := offline.LastTransitionTime.Add(after).Sub(now); wait > 0 {
		return taints, false, wait
	}
	t := unreachableTaint
	t.TimeAdded = &metav1.Time{Time: now}
	return append(slices.Clone(taints), t), true, 0
}

func isUnreachableTaint(t corev1.Taint) bool {
	return t.Key == unreachableTaint.Key && t.Effect == unreachableTaint.Effect
}
