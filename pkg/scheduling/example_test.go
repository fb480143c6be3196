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

package scheduling_test

import (
	"fmt"

	"k8s.io/federation/pkg/scheduling"
)

// Minimums first (2 and 4), then the remaining 4 replicas by weight 2:3.
func ExampleDivide() {
	r := scheduling.Divide(10, []scheduling.ClusterPreference{
		{Name: "a", Weight: 2, MinReplicas: 2},
		{Name: "b", Weight: 3, MinReplicas: 4},
	}, "the object's UID")
	fmt.Println(r.Replicas["a"], r.Replicas["b"], r.Placed, r.Infeasible)
	// Output: 4 6 10 false
}

// The minimums add up to 9, more than the 5 replicas: they are met in name order.
func ExampleDivide_infeasible() {
	r := scheduling.Divide(5, []scheduling.ClusterPreference{
		{Name: "a", Weight: 1, MinReplicas: 3},
		{Name: "b", Weight: 1, MinReplicas: 3},
		{Name: "c", Weight: 1, MinReplicas: 3},
	}, "the object's UID")
	fmt.Println(r.Replicas["a"], r.Replicas["b"], r.Replicas["c"], r.Placed, r.Reason)
	fmt.Println(r.Message)
	// Output:
	// 3 2 0 5 MinimumsExceedTotal
	// the clusters' minReplicas add up to 9, 4 more than the 5 replicas to place; minimums were met in cluster-name order, leaving short: b (2 of 3), c (0 of 3)
}
