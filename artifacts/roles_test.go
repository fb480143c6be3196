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

package artifacts_test

import (
	"bytes"
	"errors"
	"io"
	"slices"
	"testing"

	rbacv1 "k8s.io/api/rbac/v1"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"

	"k8s.io/federation/artifacts"
	"k8s.io/federation/pkg/kinds"
)

// aggregatedRoles returns the ClusterRoles of 03-rbac-aggregated.yaml by name.
func aggregatedRoles(t *testing.T) map[string]rbacv1.ClusterRole {
	t.Helper()
	data, err := artifacts.Files.ReadFile("03-rbac-aggregated.yaml")
	if err != nil {
		t.Fatal(err)
	}
	roles := map[string]rbacv1.ClusterRole{}
	dec := utilyaml.NewYAMLOrJSONDecoder(bytes.NewReader(data), 4096)
	for {
		var r rbacv1.ClusterRole
		if err := dec.Decode(&r); errors.Is(err, io.EOF) {
			return roles
		} else if err != nil {
			t.Fatal(err)
		}
		roles[r.Name] = r
	}
}

func grants(r rbacv1.ClusterRole, resource, verb string) bool {
	return slices.ContainsFunc(r.Rules, func(p rbacv1.PolicyRule) bool {
		return slices.Contains(p.APIGroups, "federation.k8s.io") && slices.Contains(p.Resources, resource) && slices.Contains(p.Verbs, verb)
	})
}

// TestAggregatedRolesCoverKinds keeps the roles aggregated into the host's view, edit and
// admin in step with the served kinds (pkg/kinds) and their subresources, as Kubernetes' own
// roles cover deployments, deployments/status and deployments/scale.
func TestAggregatedRolesCoverKinds(t *testing.T) {
	roles := aggregatedRoles(t)
	for _, kind := range kinds.All() {
		t.Run(kind.Plural, func(t *testing.T) {
			scale := kind.Plural + "/scale"
			writers := []string{"federation-edit", "federation-admin"}
			if !kind.Namespaced {
				// As the built-in edit and admin do not write namespaces (nor any
				// cluster-scoped type), a cluster-scoped kind has its own writer role.
				writers = []string{"federation-namespaces-edit"}
				for _, name := range []string{"federation-edit", "federation-admin"} {
					if grants(roles[name], kind.Plural, "create") {
						t.Errorf("%s grants create %s, which is cluster-scoped", name, kind.Plural)
					}
				}
			}
			for _, name := range writers {
				r := roles[name]
				for _, verb := range []string{"create", "update", "patch", "delete"} {
					if !grants(r, kind.Plural, verb) {
						t.Errorf("%s does not grant %s %s", name, verb, kind.Plural)
					}
				}
				if !grants(r, kind.Plural+"/status", "get") {
					t.Errorf("%s does not grant get %s/status", name, kind.Plural)
				}
				if got, want := grants(r, scale, "update") && grants(r, scale, "patch"), kind.Hooks.Scale != nil; got != want {
					t.Errorf("%s grants update and patch on %s: %v, want %v", name, scale, got, want)
				}
			}
			// view reads what edit writes, but not Secrets (nor FederatedSecrets).
			view := roles["federation-view"]
			if kind.Plural == "federatedsecrets" {
				if grants(view, kind.Plural, "get") {
					t.Errorf("federation-view reads %s", kind.Plural)
				}
				return
			}
			if !grants(view, kind.Plural, "get") || !grants(view, kind.Plural+"/status", "get") {
				t.Errorf("federation-view does not read %s and its status", kind.Plural)
			}
			if got, want := grants(view, scale, "get"), kind.Hooks.Scale != nil; got != want || grants(view, scale, "update") {
				t.Errorf("federation-view reads %s: %v, want %v (and never writes it)", scale, got, want)
			}
		})
	}
}

// TestAggregatedRolesNameServedResources fails when a role names a federated resource (or
// subresource) that the server does not serve: a kind renamed or removed from pkg/kinds, or
// a scale granted on a kind without replicas.
func TestAggregatedRolesNameServedResources(t *testing.T) {
	served := map[string]bool{}
	for _, k := range kinds.All() {
		served[k.Plural], served[k.Plural+"/status"] = true, true
		if k.Hooks.Scale != nil {
			served[k.Plural+"/scale"] = true
		}
	}
	for name, r := range aggregatedRoles(t) {
		for _, rule := range r.Rules {
			for _, res := range rule.Resources {
				if !served[res] {
					t.Errorf("%s grants %s, which the server does not serve", name, res)
				}
			}
		}
	}
}
