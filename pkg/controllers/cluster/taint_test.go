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
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
)

func TestTaintsFor(t *testing.T) {
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	maintenance := corev1.Taint{Key: "maintenance", Effect: corev1.TaintEffectNoSchedule}
	tainted := unreachableTaint
	tainted.TimeAdded = &metav1.Time{Time: now.Add(-time.Minute)}
	offline := func(status metav1.ConditionStatus, since time.Duration) fedv1beta1.ClusterStatus {
		return fedv1beta1.ClusterStatus{Conditions: []metav1.Condition{{
			Type: fedv1beta1.ClusterOffline, Status: status, Reason: "Test", LastTransitionTime: metav1.Time{Time: now.Add(-since)},
		}}}
	}
	for name, tc := range map[string]struct {
		taints      []corev1.Taint
		status      fedv1beta1.ClusterStatus
		after       time.Duration
		wantTainted bool
		wantChanged bool
		wantWait    time.Duration
	}{
		"offline past the limit: tainted, other taints kept": {
			taints: []corev1.Taint{maintenance}, status: offline(metav1.ConditionTrue, 6*time.Minute), after: 5 * time.Minute, wantTainted: true, wantChanged: true,
		},
		"offline within the limit: not yet, look again when due": {
			status: offline(metav1.ConditionTrue, 2*time.Minute), after: 5 * time.Minute, wantWait: 3 * time.Minute,
		},
		"already tainted, still offline: unchanged": {
			taints: []corev1.Taint{tainted}, status: offline(metav1.ConditionTrue, time.Hour), after: 5 * time.Minute, wantTainted: true,
		},
		"answers again: untainted": {
			taints: []corev1.Taint{maintenance, tainted}, status: offline(metav1.ConditionFalse, 0), after: 5 * time.Minute, wantChanged: true,
		},
		"offline unknown (credentials): unchanged": {
			taints: []corev1.Taint{tainted}, status: offline(metav1.ConditionUnknown, time.Hour), after: 5 * time.Minute, wantTainted: true,
		},
		"turned off: never tainted": {status: offline(metav1.ConditionTrue, time.Hour)},
		"turned off: a taint set before is removed": {
			taints: []corev1.Taint{tainted}, status: offline(metav1.ConditionTrue, time.Hour), wantChanged: true,
		},
		"never probed: unchanged": {after: time.Minute},
	} {
		t.Run(name, func(t *testing.T) {
			cl := &fedv1beta1.Cluster{Spec: fedv1beta1.ClusterSpec{Taints: tc.taints}}
			before := len(cl.Spec.Taints)
			taints, changed, wait := taintsFor(cl, tc.status, now, tc.after)
			has := false
			for _, taint := range taints {
				if isUnreachableTaint(taint) {
					has = true
					if taint.TimeAdded == nil {
						t.Error("unreachable taint without timeAdded")
					}
				}
			}
			if has != tc.wantTainted || changed != tc.wantChanged || wait != tc.wantWait {
				t.Errorf("tainted %v, changed %v, wait %v; want %v, %v, %v", has, changed, wait, tc.wantTainted, tc.wantChanged, tc.wantWait)
			}
			for _, taint := range tc.taints {
				if !isUnreachableTaint(taint) && !containsTaint(taints, taint) {
					t.Errorf("taint %s was dropped", taint.ToString())
				}
			}
			if len(cl.Spec.Taints) != before {
				t.Error("the cluster's own taints were modified")
			}
		})
	}
}

func containsTaint(taints []corev1.Taint, t corev1.Taint) bool {
	for _, x := range taints {
		if x.MatchTaint(&t) {
			return true
		}
	}
	return false
}
