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
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"k8s.io/utils/ptr"
)

// pref is a short ClusterPreference constructor for tables: max < 0 means unbounded.
func pref(name string, weight int64, minReplicas, maxReplicas int32) ClusterPreference {
	p := ClusterPreference{Name: name, Weight: weight, MinReplicas: minReplicas}
	if maxReplicas >= 0 {
		p.MaxReplicas = ptr.To(maxReplicas)
	}
	return p
}

const noMax = -1

func TestDivide(t *testing.T) {
	tests := []struct {
		name     string
		total    int32
		clusters []ClusterPreference
		want     Result // Message is checked by wantMsg
		wantMsg  []string
	}{{
		name:     "minimums first, then the rest 4 by weight 2:3 goes b, a, b, a",
		total:    10,
		clusters: []ClusterPreference{pref("a", 2, 2, noMax), pref("b", 3, 4, noMax)},
		want:     Result{Replicas: map[string]int32{"a": 4, "b": 6}, Placed: 10},
	}, {
		name:     "weights 2:1, total 6",
		total:    6,
		clusters: []ClusterPreference{pref("member-1", 2, 0, noMax), pref("member-2", 1, 0, noMax)},
		want:     Result{Replicas: map[string]int32{"member-1": 4, "member-2": 2}, Placed: 6},
	}, {
		name:     "weights 2:1, total 9",
		total:    9,
		clusters: []ClusterPreference{pref("member-1", 2, 0, noMax), pref("member-2", 1, 0, noMax)},
		want:     Result{Replicas: map[string]int32{"member-1": 6, "member-2": 3}, Placed: 9},
	}, {
		name:     "weights 2:1 with max 1 on the second, total 9",
		total:    9,
		clusters: []ClusterPreference{pref("member-1", 2, 0, noMax), pref("member-2", 1, 0, 1)},
		want:     Result{Replicas: map[string]int32{"member-1": 8, "member-2": 1}, Placed: 9},
	}, {
		name:     "2 replicas at weights 2:1 give 1:1, not 2:0 (karmada#6424)",
		total:    2,
		clusters: []ClusterPreference{pref("a", 2, 0, noMax), pref("b", 1, 0, noMax)},
		want:     Result{Replicas: map[string]int32{"a": 1, "b": 1}, Placed: 2},
	}, {
		name:     "1 replica at weights 2:1 goes to the heavier cluster",
		total:    1,
		clusters: []ClusterPreference{pref("a", 2, 0, noMax), pref("b", 1, 0, noMax)},
		want:     Result{Replicas: map[string]int32{"a": 1, "b": 0}, Placed: 1},
	}, {
		name:     "total 0 gives every cluster 0, minimums included",
		total:    0,
		clusters: []ClusterPreference{pref("a", 1, 0, noMax), pref("b", 1, 0, 3)},
		want:     Result{Replicas: map[string]int32{"a": 0, "b": 0}},
	}, {
		name:     "a negative total counts as 0",
		total:    -3,
		clusters: []ClusterPreference{pref("a", 1, 0, noMax)},
		want:     Result{Replicas: map[string]int32{"a": 0}},
	}, {
		name:  "no clusters and nothing to place",
		total: 0,
		want:  Result{Replicas: map[string]int32{}},
	}, {
		name:    "no clusters and replicas to place",
		total:   5,
		want:    Result{Replicas: map[string]int32{}, Infeasible: true, Reason: ReasonNoClusters},
		wantMsg: []string{"5 replicas are not placed"},
	}, {
		name:     "weight 0 gets its minimum and nothing more",
		total:    9,
		clusters: []ClusterPreference{pref("standby", 0, 1, noMax), pref("main", 1, 0, noMax), pref("idle", 0, 0, noMax)},
		want:     Result{Replicas: map[string]int32{"standby": 1, "main": 8, "idle": 0}, Placed: 9},
	}, {
		name:     "weight 0 everywhere cannot hold more than the minimums",
		total:    5,
		clusters: []ClusterPreference{pref("a", 0, 2, noMax), pref("b", 0, 0, noMax)},
		want:     Result{Replicas: map[string]int32{"a": 2, "b": 0}, Placed: 2, Infeasible: true, Reason: ReasonMaximumsBelowTotal},
		wantMsg:  []string{"at most 2 of the 5", "3 replicas are not placed"},
	}, {
		name:     "a negative weight counts as 0",
		total:    4,
		clusters: []ClusterPreference{pref("a", -5, 1, noMax), pref("b", 1, 0, noMax)},
		want:     Result{Replicas: map[string]int32{"a": 1, "b": 3}, Placed: 4},
	}, {
		name:     "minimums exceed the total: met in name order until it runs out",
		total:    5,
		clusters: []ClusterPreference{pref("c", 9, 3, noMax), pref("a", 1, 3, noMax), pref("b", 1, 3, noMax)},
		want:     Result{Replicas: map[string]int32{"a": 3, "b": 2, "c": 0}, Placed: 5, Infeasible: true, Reason: ReasonMinimumsExceedTotal},
		wantMsg:  []string{"add up to 9, 4 more than the 5", "b (2 of 3), c (0 of 3)"},
	}, {
		name:     "maximums below the total: every cluster at its maximum",
		total:    10,
		clusters: []ClusterPreference{pref("a", 1, 0, 2), pref("b", 5, 1, 3)},
		want:     Result{Replicas: map[string]int32{"a": 2, "b": 3}, Placed: 5, Infeasible: true, Reason: ReasonMaximumsBelowTotal},
		wantMsg:  []string{"at most 5 of the 10", "5 replicas are not placed"},
	}, {
		name:     "maximums exactly the total",
		total:    5,
		clusters: []ClusterPreference{pref("a", 1, 0, 2), pref("b", 5, 1, 3)},
		want:     Result{Replicas: map[string]int32{"a": 2, "b": 3}, Placed: 5},
	}, {
		name:     "a maximum below the minimum lowers the minimum",
		total:    10,
		clusters: []ClusterPreference{pref("a", 1, 5, 2), pref("b", 1, 0, noMax)},
		want:     Result{Replicas: map[string]int32{"a": 2, "b": 8}, Placed: 10},
	}, {
		name:     "a duplicate name places nothing",
		total:    3,
		clusters: []ClusterPreference{pref("a", 1, 0, noMax), pref("a", 2, 0, noMax)},
		want:     Result{Replicas: map[string]int32{"a": 0}, Infeasible: true, Reason: ReasonDuplicateCluster},
		wantMsg:  []string{`"a" is listed more than once`},
	}, {
		name:     "the largest total, split 1:1:1 within one replica",
		total:    math.MaxInt32,
		clusters: []ClusterPreference{pref("a", 1, 0, noMax), pref("b", 1, 0, noMax), pref("c", 1, 1, 1)},
		want:     Result{Replicas: map[string]int32{"a": 1073741823, "b": 1073741823, "c": 1}, Placed: math.MaxInt32},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// No case has equal priorities, so every key must give the same result.
			for k := range 16 {
				got := Divide(tt.total, tt.clusters, fmt.Sprintf("uid-%d", k))
				if diff := cmp.Diff(tt.want, got, cmpopts.IgnoreFields(Result{}, "Message")); diff != "" {
					t.Fatalf("Divide(%d), key uid-%d, mismatch (-want +got):\n%s", tt.total, k, diff)
				}
			}
			got := Divide(tt.total, tt.clusters, "uid-0")
			if (got.Message != "") != got.Infeasible {
				t.Errorf("Message %q with Infeasible=%v; want a message exactly when infeasible", got.Message, got.Infeasible)
			}
			for _, s := range tt.wantMsg {
				if !strings.Contains(got.Message, s) {
					t.Errorf("Message %q does not contain %q", got.Message, s)
				}
			}
		})
	}
}

func TestDivideIgnoresInputOrder(t *testing.T) {
	clusters := []ClusterPreference{pref("a", 1, 0, noMax), pref("b", 1, 2, noMax), pref("c", 3, 0, 4), pref("d", 1, 0, noMax)}
	for key := range 50 {
		k := fmt.Sprintf("uid-%d", key)
		want := Divide(17, clusters, k)
		reversed := slices.Clone(clusters)
		slices.Reverse(reversed)
		if diff := cmp.Diff(want, Divide(17, reversed, k)); diff != "" {
			t.Errorf("key %s: reversed input gives another result (-want +got):\n%s", k, diff)
		}
	}
}

func TestDivideTies(t *testing.T) {
	two := []ClusterPreference{pref("member-1", 1, 0, noMax), pref("member-2", 1, 0, noMax)}
	three := append(slices.Clone(two), pref("member-3", 1, 0, noMax))
	tests := []struct {
		name     string
		total    int32
		clusters []ClusterPreference
		lo, hi   int // per cluster, how many of the keys must give it the odd replica
	}{
		{name: "two equal clusters, 1 replica", total: 1, clusters: two, lo: 400, hi: 600},
		{name: "two equal clusters, 7 replicas", total: 7, clusters: two, lo: 400, hi: 600},
		{name: "three equal clusters, 1 replica", total: 1, clusters: three, lo: 280, hi: 390},
	}
	const keys = 1000
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			even := tt.total / int32(len(tt.clusters))
			wins := map[string]int{}
			for k := range keys {
				key := fmt.Sprintf("6f1c2a4e-0b7d-4c1e-9a3f-%012d", k)
				got := Divide(tt.total, tt.clusters, key)
				if again := Divide(tt.total, tt.clusters, key); !cmp.Equal(got, again) {
					t.Fatalf("key %s: two calls differ: %v and %v", key, got, again)
				}
				for name, n := range got.Replicas {
					if n > even {
						wins[name]++
					}
				}
			}
			for _, c := range tt.clusters {
				if w := wins[c.Name]; w < tt.lo || w > tt.hi {
					t.Errorf("%s got the odd replica for %d of %d keys; want %d..%d", c.Name, w, keys, tt.lo, tt.hi)
				}
			}
		})
	}
}

func TestTieHashSeparatesKeyFromName(t *testing.T) {
	if tieHash("ab", "c") == tieHash("a", "bc") {
		t.Error(`tieHash("ab", "c") == tieHash("a", "bc")`)
	}
}
