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
	"math"
	"math/bits"
	"slices"
)

// bidder is a cluster that takes replicas by weight (rule 5 of Divide). Its k-th replica by
// weight is its seat k−1, with Webster priority weight/(2·(k−1)+1).
type bidder struct {
	index  int    // position in Divide's clusters
	weight uint64 // > 0
	limit  int64  // most seats: maxReplicas − minReplicas, at most the rest; > 0
	rank   int    // position in the tie order; the lower rank wins equal priorities
	seats  int64  // seats held
}

// outranks reports whether seat s of a comes before seat t of b in the order rule 5 hands
// seats out: a.weight/(2s+1) > b.weight/(2t+1), compared exactly as 128-bit products, and
// equal priorities by rank. It is a strict total order on seats, and the seats of one bidder
// come in order s = 0, 1, 2, ... since their priorities fall.
func outranks(a *bidder, s int64, b *bidder, t int64) bool {
	ah, al := bits.Mul64(a.weight, uint64(2*t+1))
	bh, bl := bits.Mul64(b.weight, uint64(2*s+1))
	if ah != bh {
		return ah > bh
	}
	if al != bl {
		return al > bl
	}
	return a.rank < b.rank
}

// allocate sets bs[i].seats to the division of rest seats that rule 5 gives, handing seats
// out one at a time in outranks order, without looping once per seat: estimate gets within
// a few seats per bidder in floating point, settle makes the result exact. rest must not
// exceed the sum of the limits.
func allocate(bs []bidder, rest int64) {
	var room int64
	for i := range bs {
		room += bs[i].limit
	}
	if room <= rest { // every seat is handed out; nothing to choose
		for i := range bs {
			bs[i].seats = bs[i].limit
		}
		return
	}
	estimate(bs, rest)
	settle(bs, rest)
}

// estimate sets seats to the seats whose priority is above λ, for the smallest float64 λ
// at which those number at most rest. Bidder i has min(limit, ⌈(wᵢ/λ − 1)/2⌉) such seats
// (those with 2s+1 < wᵢ/λ), or 0. At λ = 0 all room > rest seats count; at λ = the largest
// weight none do. The search bisects the bit patterns of non-negative float64s, which sort
// like their values, so it ends in at most 64 steps at adjacent floats. Rounding can put a
// bidder a seat off; settle corrects that.
func estimate(bs []bidder, rest int64) {
	var maxWeight uint64
	for i := range bs {
		maxWeight = max(maxWeight, bs[i].weight)
	}
	count := func(lambda float64, set bool) int64 {
		var sum int64
		for i := range bs {
			n := int64(0)
			switch c := math.Ceil((float64(bs[i].weight)/lambda - 1) / 2); {
			case c >= float64(bs[i].limit):
				n = bs[i].limit
			case c > 0:
				n = int64(c)
			}
			if set {
				bs[i].seats = n
			}
			sum += n
		}
		return sum
	}
	lo, hi := uint64(0), math.Float64bits(float64(maxWeight)) // count(lo) > rest >= count(hi)
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if count(math.Float64frombits(mid), false) <= rest {
			hi = mid
		} else {
			lo = mid
		}
	}
	count(math.Float64frombits(hi), true)
}

// settle turns any seats within the limits into the exact division of rest seats. That
// division is the only one with rest seats in which every seat held outranks every seat not
// held. settle adds the best next seat while short of rest, drops the worst held seat while
// over, then, while the worst held seat is outranked by the best next seat, moves one seat.
// Each move gives up a seat outside the exact division for one inside it, so settle takes
// as many steps as the seats were off, each O(len(bs)).
func settle(bs []bidder, rest int64) {
	var held int64
	for i := range bs {
		held += bs[i].seats
	}
	for {
		best, worst := -1, -1 // bidder with the best next seat; with the worst held seat
		for i := range bs {
			b := &bs[i]
			if b.seats < b.limit && (best < 0 || outranks(b, b.seats, &bs[best], bs[best].seats)) {
				best = i
			}
			if b.seats > 0 && (worst < 0 || outranks(&bs[worst], bs[worst].seats-1, b, b.seats-1)) {
				worst = i
			}
		}
		switch {
		case held < rest:
			bs[best].seats++
			held++
		case held > rest:
			bs[worst].seats--
			held--
		case best >= 0 && worst >= 0 && outranks(&bs[best], bs[best].seats, &bs[worst], bs[worst].seats-1):
			bs[best].seats++
			bs[worst].seats--
		default:
			return
		}
	}
}

// rankByTieOrder sets each bidder's rank from the tie order of rule 6 of Divide: by
// tieHash(key, name), then by name.
//
// Why this order: Karmada flips the name order on the parity of FNV-32a(UID), so with three
// or more equal clusters the middle ones never win a tie. FNV-32a(key+name) alone mixes its
// last bytes poorly: names that differ only in their last character (member-1, member-2,
// member-3) are ordered by two bits of the key's hash, and over 3000 UIDs the first of three
// such clusters won 50% of the one-replica ties, the others 25% each. The fmix64 finalizer
// spreads every input bit over the whole hash. Both halves are fixed, public algorithms, as
// they must be: the write-through and the controller-manager must agree, and a new order
// would move replicas of existing objects. hash/maphash is seeded per process, so it won't do.
func rankByTieOrder(bs []bidder, clusters []ClusterPreference, key string) {
	type entry struct {
		hash uint64
		name string
		at   int // index into bs
	}
	order := make([]entry, len(bs))
	for i := range bs {
		name := clusters[bs[i].index].Name
		order[i] = entry{hash: tieHash(key, name), name: name, at: i}
	}
	slices.SortFunc(order, func(a, b entry) int {
		return cmp.Or(cmp.Compare(a.hash, b.hash), cmp.Compare(a.name, b.name))
	})
	for r, e := range order {
		bs[e.at].rank = r
	}
}

// tieHash is FNV-1a (64-bit) over key, a zero byte and name, then MurmurHash3's fmix64. The
// zero byte keeps ("ab", "c") and ("a", "bc") apart.
func tieHash(key, name string) uint64 {
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	for i := 0; i < len(key); i++ {
		h = (h ^ uint64(key[i])) * prime
	}
	h *= prime // the zero byte: h ^ 0 == h
	for i := 0; i < len(name); i++ {
		h = (h ^ uint64(name[i])) * prime
	}
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}
