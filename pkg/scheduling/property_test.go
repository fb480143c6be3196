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
	"cmp"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
)

// bounds are a cluster's effective minimum and maximum after rule 1 (max −1: unbounded).
func bounds(c ClusterPreference) (lo, hi int64) {
	lo, hi = int64(max(c.MinReplicas, 0)), -1
	if c.MaxReplicas != nil {
		hi = int64(max(*c.MaxReplicas, 0))
		lo = min(lo, hi)
	}
	return lo, hi
}

// tieLess is rule 6's order, built here from tieHash alone.
func tieLess(key string) func(a, b ClusterPreference) int {
	return func(a, b ClusterPreference) int {
		return cmp.Or(cmp.Compare(tieHash(key, a.Name), tieHash(key, b.Name)), cmp.Compare(a.Name, b.Name))
	}
}

// reference divides every total from 0 to maxTotal by following Divide's rules literally,
// one replica at a time, and returns the shares per total (indexed like clusters).
func reference(clusters []ClusterPreference, key string, maxTotal int) [][]int64 {
	byName := slices.Clone(clusters)
	slices.SortFunc(byName, func(a, b ClusterPreference) int { return cmp.Compare(a.Name, b.Name) })
	byTie := slices.Clone(clusters)
	slices.SortFunc(byTie, tieLess(key))
	index := map[string]int{}
	for i, c := range clusters {
		index[c.Name] = i
	}
	cur := make([]int64, len(clusters))
	out := [][]int64{slices.Clone(cur)}
	for range maxTotal {
		if next := nextMinimum(byName, index, cur); next >= 0 {
			cur[next]++
		} else if next := nextByWeight(byTie, index, cur); next >= 0 {
			cur[next]++
		}
		out = append(out, slices.Clone(cur))
	}
	return out
}

// nextMinimum is the first cluster by name below its minimum, or −1.
func nextMinimum(byName []ClusterPreference, index map[string]int, cur []int64) int {
	for _, c := range byName {
		if lo, _ := bounds(c); cur[index[c.Name]] < lo {
			return index[c.Name]
		}
	}
	return -1
}

// nextByWeight is the cluster with the highest Webster priority weight/(2·s+1), s counting
// replicas above the minimum, first in tie order on equal priority; −1 if all are full.
func nextByWeight(byTie []ClusterPreference, index map[string]int, cur []int64) int {
	best, bestW, bestD := -1, big.NewInt(0), big.NewInt(1)
	for _, c := range byTie {
		i := index[c.Name]
		lo, hi := bounds(c)
		if c.Weight <= 0 || (hi >= 0 && cur[i] >= hi) {
			continue
		}
		w, d := big.NewInt(c.Weight), big.NewInt(2*(cur[i]-lo)+1)
		// w/d > bestW/bestD, strictly: earlier clusters in tie order keep equal priorities.
		if best < 0 || new(big.Int).Mul(w, bestD).Cmp(new(big.Int).Mul(bestW, d)) > 0 {
			best, bestW, bestD = i, w, d
		}
	}
	return best
}

// randomClusters returns 1 to 7 clusters with weights, bounds and names of the kinds users
// write, including weight 0 and, rarely, a maximum below the minimum.
func randomClusters(rng *rand.Rand) []ClusterPreference {
	weights := []int64{0, 1, 1, 1, 2, 3, 5, 7, 100}
	n := 1 + rng.IntN(7)
	cs := make([]ClusterPreference, n)
	for i := range cs {
		c := ClusterPreference{Name: fmt.Sprintf("member-%d", i+1), Weight: weights[rng.IntN(len(weights))]}
		if rng.IntN(4) == 0 {
			c.Weight = 1 + rng.Int64N(1_000_000)
		}
		if rng.IntN(3) == 0 {
			c.MinReplicas = rng.Int32N(6)
		}
		if rng.IntN(2) == 0 {
			c.MaxReplicas = ptrInt32(c.MinReplicas + rng.Int32N(12) - 1)
		}
		cs[i] = c
	}
	return cs
}

func ptrInt32(v int32) *int32 { return &v }

// checkBounds reports a violation of the bounds, of Placed, or of the reasons' conditions.
func checkBounds(t *testing.T, total int32, cs []ClusterPreference, got Result) {
	t.Helper()
	var sum, sumMin, capacity int64
	unbounded := false
	for _, c := range cs {
		lo, hi := bounds(c)
		n := int64(got.Replicas[c.Name])
		sum += n
		sumMin += lo
		switch {
		case c.Weight <= 0:
			capacity += lo
		case hi < 0:
			unbounded = true
		default:
			capacity += hi
		}
		if hi >= 0 && n > hi {
			t.Errorf("total %d: %s got %d, above its max %d", total, c.Name, n, hi)
		}
		if n < lo && got.Reason != ReasonMinimumsExceedTotal {
			t.Errorf("total %d: %s got %d, below its min %d, reason %q", total, c.Name, n, lo, got.Reason)
		}
	}
	wantReason, wantPlaced := "", int64(total)
	switch {
	case sumMin > int64(total):
		wantReason = ReasonMinimumsExceedTotal
	case !unbounded && capacity < int64(total):
		wantReason, wantPlaced = ReasonMaximumsBelowTotal, capacity
	}
	if got.Reason != wantReason || got.Infeasible != (wantReason != "") {
		t.Errorf("total %d: reason %q infeasible %v; want %q", total, got.Reason, got.Infeasible, wantReason)
	}
	if sum != int64(got.Placed) || sum != wantPlaced {
		t.Errorf("total %d: shares add up to %d, Placed %d; want %d", total, sum, got.Placed, wantPlaced)
	}
}

// TestDivideProperties checks, over random clusters and every total from 0 to 200: the
// result equals the literal one-at-a-time reading of the rules, the bounds and Placed,
// and house monotony (raising the total never lowers a share).
func TestDivideProperties(t *testing.T) {
	const configs, maxTotal = 400, 200
	rng := rand.New(rand.NewPCG(2026, 13))
	for n := range configs {
		cs := randomClusters(rng)
		key := fmt.Sprintf("uid-%d", rng.Uint64())
		ref := reference(cs, key, maxTotal)
		var prev Result
		for total := int32(0); total <= maxTotal; total++ {
			got := Divide(total, cs, key)
			checkBounds(t, total, cs, got)
			want := map[string]int32{}
			for i, c := range cs {
				want[c.Name] = int32(ref[total][i])
				if total > 0 && got.Replicas[c.Name] < prev.Replicas[c.Name] {
					t.Errorf("config %d %+v: total %d lowers %s from %d to %d", n, cs, total, c.Name, prev.Replicas[c.Name], got.Replicas[c.Name])
				}
			}
			if diff := gocmp.Diff(want, got.Replicas); diff != "" {
				t.Fatalf("config %d %+v key %s total %d: differs from the rules (-want +got):\n%s", n, cs, key, total, diff)
			}
			prev = got
		}
	}
}

// TestDivideLargeTotals checks totals up to 2^31−1 and weights up to 10^12, where the
// one-at-a-time reference is too slow: the bounds, monotony from total to total+1, and the
// Webster certificate (every replica given by weight outranks every one not given).
func TestDivideLargeTotals(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 31))
	for range 300 {
		cs := randomClusters(rng)
		for i := range cs {
			if rng.IntN(2) == 0 {
				cs[i].Weight = rng.Int64N(1_000_000_000_000)
			}
			if cs[i].MaxReplicas != nil && rng.IntN(2) == 0 {
				cs[i].MaxReplicas = ptrInt32(rng.Int32N(math.MaxInt32))
			}
		}
		key := fmt.Sprintf("uid-%d", rng.Uint64())
		total := rng.Int32N(math.MaxInt32)
		got, next := Divide(total, cs, key), Divide(total+1, cs, key)
		checkBounds(t, total, cs, got)
		checkBounds(t, total+1, cs, next)
		for _, c := range cs {
			if next.Replicas[c.Name] < got.Replicas[c.Name] {
				t.Errorf("%+v: total %d lowers %s from %d to %d", cs, total+1, c.Name, got.Replicas[c.Name], next.Replicas[c.Name])
			}
		}
		if got.Reason == "" {
			checkWebster(t, cs, key, got)
		}
	}
}

// checkWebster fails if some cluster's last replica by weight has a lower priority (in tie
// order on equal priority) than another cluster's next one.
func checkWebster(t *testing.T, cs []ClusterPreference, key string, got Result) {
	t.Helper()
	byTie := slices.Clone(cs)
	slices.SortFunc(byTie, tieLess(key))
	seats := func(c ClusterPreference) int64 {
		lo, _ := bounds(c)
		return int64(got.Replicas[c.Name]) - lo
	}
	for a, held := range byTie {
		if held.Weight <= 0 || seats(held) == 0 {
			continue
		}
		for b, open := range byTie {
			if _, hi := bounds(open); open.Weight <= 0 || (hi >= 0 && int64(got.Replicas[open.Name]) >= hi) {
				continue
			}
			// held.Weight/(2·(seats(held)−1)+1) vs open.Weight/(2·seats(open)+1)
			l := new(big.Int).Mul(big.NewInt(held.Weight), big.NewInt(2*seats(open)+1))
			r := new(big.Int).Mul(big.NewInt(open.Weight), big.NewInt(2*seats(held)-1))
			if c := l.Cmp(r); c < 0 || (c == 0 && b < a) {
				t.Errorf("%+v key %s: %s's last replica ranks below %s's next: %v", cs, key, held.Name, open.Name, got.Replicas)
			}
		}
	}
}

func BenchmarkDivide(b *testing.B) {
	for _, bc := range []struct {
		clusters int
		total    int32
	}{{10, 1000}, {100, 1000}, {100, math.MaxInt32}} {
		cs := make([]ClusterPreference, bc.clusters)
		for i := range cs {
			cs[i] = ClusterPreference{Name: fmt.Sprintf("member-%d", i), Weight: int64(1 + i%5), MinReplicas: int32(i % 2)}
			if i%4 == 0 {
				cs[i].MaxReplicas = ptrInt32(5)
			}
		}
		b.Run(fmt.Sprintf("clusters=%d/total=%d", bc.clusters, bc.total), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Divide(bc.total, cs, "6f1c2a4e-0b7d-4c1e-9a3f-0123456789ab")
			}
		})
	}
}
