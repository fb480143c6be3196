// Copyright 2026 The Kubernetes Authors.
//
// Licensed under the Apache License, Version 2.0 (the "License");
// you may not use this file except in compliance with the License.
// You may obtain a copy of the License at
//
//     http://www.apache.org/licenses/LICENSE-2.0
//
// Unless required by applicable law or agreed to in writing, software
// distributed under the License is distributed on an "AS IS" BASIS,
// WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
// See the License for the specific language governing permissions and
// limitations under the License.

package main

import (
	"math"
	"slices"
	"strings"

	"k8s.io/federation/test/benchseries"
)

// series is a raw series a benchmark left under <bench-dir>/samples.
type series = benchseries.Series

// withPrefix returns the series whose names start with prefix, sorted by name.
func withPrefix(all map[string]series, prefix string) []series {
	var out []series
	for name, s := range all {
		if strings.HasPrefix(name, prefix) {
			out = append(out, s)
		}
	}
	slices.SortFunc(out, func(a, b series) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// quantile is the q-quantile (0 ≤ q ≤ 1) of sorted by the nearest-rank method.
func quantile(sorted []float64, q float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(q*float64(len(sorted)))) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

// quantileSum is the distribution whose q-quantile is the sum of the parts' q-quantiles, at
// n evenly spaced q: a floor made of parts measured alone, added as the report's ratios add
// their medians and 95th percentiles.
func quantileSum(n int, parts ...[]float64) []float64 {
	sorted := make([][]float64, len(parts))
	for i, p := range parts {
		if len(p) == 0 {
			return nil
		}
		sorted[i] = slices.Sorted(slices.Values(p))
	}
	out := make([]float64, n)
	for i := range n {
		q := (float64(i) + 0.5) / float64(n)
		for _, s := range sorted {
			out[i] += quantile(s, q)
		}
	}
	return out
}
