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

package memberaccess

import (
	"slices"
	"testing"

	rbacv1 "k8s.io/api/rbac/v1"
)

// The cluster controller lists a member's nodes (status.allocatable) and pods
// (status.allocated) for Dynamic replica scheduling; the member role allows that and no
// other access to them.
func TestRulesAllowCapacityReads(t *testing.T) {
	rules := Rules()
	allows := func(resource, verb string) bool {
		return slices.ContainsFunc(rules, func(r rbacv1.PolicyRule) bool {
			return slices.Contains(r.APIGroups, "") && slices.Contains(r.Resources, resource) && slices.Contains(r.Verbs, verb)
		})
	}
	for _, resource := range []string{"nodes", "pods"} {
		if !allows(resource, "list") {
			t.Errorf("list %s not granted", resource)
		}
		for _, verb := range []string{"get", "watch", "create", "update", "patch", "delete"} {
			if allows(resource, verb) {
				t.Errorf("%s %s granted; federation only lists them", verb, resource)
			}
		}
	}
}
