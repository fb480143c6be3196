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

package kinds_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"k8s.io/utils/ptr"

	"k8s.io/federation/pkg/kinds"
	"k8s.io/federation/pkg/scheduling"
)

func TestDivideHPABounds(t *testing.T) {
	ab := func(wa, wb int64) []scheduling.ClusterPreference {
		return []scheduling.ClusterPreference{{Name: "a", Weight: wa}, {Name: "b", Weight: wb}}
	}
	for name, tc := range map[string]struct {
		min      *int32
		max      int32
		clusters []scheduling.ClusterPreference
		want     map[string]kinds.Bounds
	}{
		// One each first, then the rest 2:1 by Webster: a, b, a for min; a, b, a, a, b, a for max.
		"weighted": {min: ptr.To[int32](5), max: 8, clusters: ab(2, 1),
			want: map[string]kinds.Bounds{"a": {Min: 3, Max: 5}, "b": {Min: 2, Max: 3}}},
		"equal weights, even": {min: ptr.To[int32](4), max: 10, clusters: ab(1, 1),
			want: map[string]kinds.Bounds{"a": {Min: 2, Max: 5}, "b": {Min: 2, Max: 5}}},
		"weight 0 counts as 1": {min: ptr.To[int32](2), max: 4, clusters: ab(0, 0),
			want: map[string]kinds.Bounds{"a": {Min: 1, Max: 2}, "b": {Min: 1, Max: 2}}},
		// Below the number of clusters: rounded up to one per cluster.
		"minReplicas unset": {max: 6, clusters: ab(2, 1),
			want: map[string]kinds.Bounds{"a": {Min: 1, Max: 4}, "b": {Min: 1, Max: 2}}},
		"maxReplicas below the clusters": {min: ptr.To[int32](1), max: 1, clusters: ab(1, 1),
			want: map[string]kinds.Bounds{"a": {Min: 1, Max: 1}, "b": {Min: 1, Max: 1}}},
		"one cluster takes the totals": {min: ptr.To[int32](3), max: 7, clusters: []scheduling.ClusterPreference{{Name: "a", Weight: 5}},
			want: map[string]kinds.Bounds{"a": {Min: 3, Max: 7}}},
		"no clusters": {min: ptr.To[int32](3), max: 7, want: map[string]kinds.Bounds{}},
	} {
		t.Run(name, func(t *testing.T) {
			got := kinds.DivideHPABounds(tc.min, tc.max, tc.clusters, "uid")
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("bounds (-want +got):\n%s", d)
			}
		})
	}
}

// Every member's maximum is at least its minimum, each is at least 1, and the parts add up
// to the totals, rounded up to one per cluster: over every pair of bounds up to 30 and a few
// weightings of 1 to 4 clusters, with ties ordered by several keys.
func TestDivideHPABoundsInvariants(t *testing.T) {
	weightings := [][]int64{{1}, {1, 1}, {3, 1}, {1, 2, 3}, {5, 1, 1, 2}}
	for _, weights := range weightings {
		var clusters []scheduling.ClusterPreference
		for i, w := range weights {
			clusters = append(clusters, scheduling.ClusterPreference{Name: string(rune('a' + i)), Weight: w})
		}
		n := int32(len(clusters))
		for lo := int32(1); lo <= 30; lo++ {
			for hi := lo; hi <= 30; hi++ {
				for _, key := range []string{"k1", "k2", "k3"} {
					got := kinds.DivideHPABounds(ptr.To(lo), hi, clusters, key)
					var sumMin, sumMax int32
					for name, b := range got {
						if b.Min < 1 || b.Max < b.Min {
							t.Fatalf("weights %v, min %d, max %d, key %s: %s gets %+v", weights, lo, hi, key, name, b)
						}
						sumMin += b.Min
						sumMax += b.Max
					}
					if wantMin, wantMax := max(lo, n), max(hi, lo, n); sumMin != wantMin || sumMax != wantMax {
						t.Fatalf("weights %v, min %d, max %d: parts add up to %d and %d, want %d and %d", weights, lo, hi, sumMin, sumMax, wantMin, wantMax)
					}
				}
			}
		}
	}
}
