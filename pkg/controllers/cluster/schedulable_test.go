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

	"k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
)

func TestSetSchedulable(t *testing.T) {
	const grace = time.Minute
	since := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	withReady := func(status metav1.ConditionStatus) fedv1beta1.ClusterStatus {
		return fedv1beta1.ClusterStatus{Conditions: []metav1.Condition{{
			Type: fedv1beta1.ClusterReady, Status: status, Reason: "R", LastTransitionTime: metav1.NewTime(since),
		}}}
	}
	for name, tc := range map[string]struct {
		status     fedv1beta1.ClusterStatus
		now        time.Time
		wantStatus metav1.ConditionStatus
		wantReason string
		wantWait   time.Duration
	}{
		"ready":                      {status: withReady(metav1.ConditionTrue), now: since.Add(time.Hour), wantStatus: metav1.ConditionTrue, wantReason: ReasonSchedulable},
		"not probed yet":             {now: since, wantStatus: metav1.ConditionTrue, wantReason: ReasonSchedulable},
		"not ready, within grace":    {status: withReady(metav1.ConditionFalse), now: since.Add(20 * time.Second), wantStatus: metav1.ConditionTrue, wantReason: ReasonWithinFailoverGrace, wantWait: 40 * time.Second},
		"not ready, grace just over": {status: withReady(metav1.ConditionFalse), now: since.Add(grace), wantStatus: metav1.ConditionFalse, wantReason: ReasonFailedOver},
		"unknown, long past grace":   {status: withReady(metav1.ConditionUnknown), now: since.Add(time.Hour), wantStatus: metav1.ConditionFalse, wantReason: ReasonFailedOver},
	} {
		t.Run(name, func(t *testing.T) {
			st := *tc.status.DeepCopy()
			wait := setSchedulable(&st, 3, tc.now, grace)
			c := meta.FindStatusCondition(st.Conditions, fedv1beta1.ClusterSchedulable)
			if c == nil || c.Status != tc.wantStatus || c.Reason != tc.wantReason || c.ObservedGeneration != 3 {
				t.Fatalf("Schedulable = %+v, want %s/%s", c, tc.wantStatus, tc.wantReason)
			}
			if wait != tc.wantWait {
				t.Errorf("wait = %v, want %v", wait, tc.wantWait)
			}
			// A later probe in the same state writes nothing: the condition is unchanged.
			again := *st.DeepCopy()
			setSchedulable(&again, 3, tc.now.Add(time.Second), grace)
			if tc.wantReason != ReasonWithinFailoverGrace || tc.wantWait > time.Second {
				if !equality.Semantic.DeepEqual(st, again) {
					t.Errorf("a second probe a second later changed the status:\n%+v\n%+v", st.Conditions, again.Conditions)
				}
			}
		})
	}
}
