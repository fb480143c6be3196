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
	"fmt"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
)

// Reasons of the Schedulable condition.
const (
	// ReasonSchedulable: the cluster is Ready; replicas are scheduled to it.
	ReasonSchedulable = "ClusterReady"
	// ReasonWithinFailoverGrace: the cluster is not Ready, for less than the failover grace;
	// it keeps its replicas for now.
	ReasonWithinFailoverGrace = "NotReadyWithinGrace"
	// ReasonFailedOver: the cluster has not been Ready for longer than the failover grace;
	// replicaScheduling gives it 0 and moves its share to the other placed clusters.
	ReasonFailedOver = "NotReadyPastGrace"
)

// setSchedulable sets status's Schedulable condition from its Ready condition, at now, with
// the failover grace, and returns how long until it would change on its own (the grace
// running out), or 0. The condition is derived from Ready's lastTransitionTime, so a restart
// of the controller-manager keeps counting from when the cluster stopped being Ready, and the
// API server and the controller-manager, which both read the condition, agree on it.
// Messages are fixed for one outage, so probes within it write nothing.
func setSchedulable(status *fedv1beta1.ClusterStatus, generation int64, now time.Time, grace time.Duration) time.Duration {
	ready := meta.FindStatusCondition(status.Conditions, fedv1beta1.ClusterReady)
	cond := condition(fedv1beta1.ClusterSchedulable, metav1.ConditionTrue, ReasonSchedulable, "Ready; replicas are scheduled here.")
	var wait time.Duration
	if ready != nil && ready.Status != metav1.ConditionTrue {
		since := ready.LastTransitionTime.Time
		deadline := since.Add(grace)
		if now.Before(deadline) {
			cond.Reason = ReasonWithinFailoverGrace
			cond.Message = fmt.Sprintf("Not Ready since %s; its replicas move to other clusters if it stays so for %s.",
				since.UTC().Format(time.RFC3339), grace)
			wait = deadline.Sub(now)
		} else {
			cond.Status, cond.Reason = metav1.ConditionFalse, ReasonFailedOver
			cond.Message = fmt.Sprintf("Not Ready since %s, longer than the failover grace (%s): replicaScheduling gives it 0 replicas "+
				"and moves its share to the other placed clusters.", since.UTC().Format(time.RFC3339), grace)
		}
	}
	setConditions(status, generation, cond)
	return wait
}
