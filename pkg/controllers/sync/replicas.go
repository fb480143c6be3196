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

package sync

import (
	"context"
	"fmt"
	"strings"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/klog/v2"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/propagation"
)

// logScheduleChange logs, at V(2), a division of obj's replicas (sched) that differs from
// what its status rows record: a scale, a failover, a return, a bound changed.
func logScheduleChange(ctx context.Context, key string, obj fedv1beta1.FederatedObject, sched *propagation.Schedule) {
	if !sched.Replicated() || sched.String() == recordedSplit(obj) {
		return
	}
	klog.FromContext(ctx).V(2).Info("Replica schedule changed", "object", key, "replicas", sched.String(), "was", recordedSplit(obj),
		"unschedulable", sched.Unschedulable, "kept", sched.Kept, "reason", sched.Result.Reason)
}

// recordedSplit is the division obj's status rows record, in the form of Schedule.String
// (rows are in cluster-name order).
func recordedSplit(obj fedv1beta1.FederatedObject) string {
	var parts []string
	for _, row := range obj.GetFederatedStatus().Clusters {
		if row.Replicas != nil {
			parts = append(parts, fmt.Sprintf("%s=%d", row.Name, *row.Replicas))
		}
	}
	return strings.Join(parts, ",")
}

// readyStatus is the status of cl's Ready condition, Unknown when it has none.
func readyStatus(cl *fedv1beta1.Cluster) metav1.ConditionStatus {
	if cond := meta.FindStatusCondition(cl.Status.Conditions, fedv1beta1.ClusterReady); cond != nil {
		return cond.Status
	}
	return metav1.ConditionUnknown
}

// schedulableStatus is the status of cl's Schedulable condition, Unknown when it has none.
func schedulableStatus(cl *fedv1beta1.Cluster) metav1.ConditionStatus {
	if cond := meta.FindStatusCondition(cl.Status.Conditions, fedv1beta1.ClusterSchedulable); cond != nil {
		return cond.Status
	}
	return metav1.ConditionUnknown
}
