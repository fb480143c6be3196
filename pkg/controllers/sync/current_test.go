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
	"testing"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
)

func TestFirstCopies(t *testing.T) {
	obj := &fedv1beta1.FederatedConfigMap{Status: fedv1beta1.FederatedStatus{Clusters: []fedv1beta1.ClusterPropagationStatus{
		{Name: "held", Phase: fedv1beta1.PropagationPhasePropagated},
		{Name: "failed", Phase: fedv1beta1.PropagationPhaseFailed},
	}}}
	for name, tc := range map[string]struct {
		clusters []string
		absent   map[string]bool
		want     bool
	}{
		"back from an outage":        {clusters: []string{"failed"}, absent: map[string]bool{"failed": true}, want: true},
		"never in status":            {clusters: []string{"new"}, absent: map[string]bool{"new": true}, want: true},
		"held, now gone: a restore":  {clusters: []string{"held"}, absent: map[string]bool{"held": true}},
		"cache not synced: unknown":  {clusters: []string{"failed"}, absent: map[string]bool{}},
		"one first copy, one update": {clusters: []string{"new", "failed"}, absent: map[string]bool{"new": true}},
	} {
		t.Run(name, func(t *testing.T) {
			if got := firstCopies(obj, tc.clusters, tc.absent); got != tc.want {
				t.Errorf("firstCopies(%v, absent %v) = %v, want %v", tc.clusters, tc.absent, got, tc.want)
			}
		})
	}
}
