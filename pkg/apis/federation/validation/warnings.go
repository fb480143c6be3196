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

package validation

import (
	"fmt"
	"maps"
	"slices"

	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"k8s.io/federation/pkg/apis/federation"
)

// FederatedObjectWarnings returns warnings (not errors) for parts of a valid federated
// object that cannot take effect: overrides, and for workloads replica preferences, for
// clusters that the placement lists by name only and does not list. With a clusterSelector
// the set of clusters is only known at propagation time, so nothing is reported. Replica
// preferences are read through federation.ReplicaScheduledObject, so no kind is named here.
func FederatedObjectWarnings(obj federation.FederatedObject) []string {
	var warnings []string
	var scheduling *federation.ReplicaScheduling
	if rs, ok := obj.(federation.ReplicaScheduledObject); ok {
		scheduling = rs.GetReplicaScheduling()
	}
	placement := &obj.GetPropagation().Placement
	if placement.ClusterSelector != nil {
		return warnings
	}
	placed := sets.New[string]()
	for _, c := range placement.Clusters {
		placed.Insert(c.Name)
	}
	overridesPath := field.NewPath("spec", "overrides")
	for i, o := range obj.GetPropagation().Overrides {
		// An empty name is a validation error already.
		if o.ClusterName != "" && !placed.Has(o.ClusterName) {
			warnings = append(warnings, fmt.Sprintf("%s: %q is not in spec.placement.clusters; the override has no effect",
				overridesPath.Index(i).Child("clusterName"), o.ClusterName))
		}
	}
	if scheduling != nil {
		prefsPath := field.NewPath("spec", "replicaScheduling", "clusters")
		for _, name := range slices.Sorted(maps.Keys(scheduling.Clusters)) {
			if name != "" && !placed.Has(name) {
				warnings = append(warnings, fmt.Sprintf("%s: %q is not in spec.placement.clusters; the preference has no effect",
					prefsPath.Key(name), name))
			}
		}
	}
	return warnings
}
