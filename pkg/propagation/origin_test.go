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

package propagation

import (
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

func TestParseOrigin(t *testing.T) {
	for origin, want := range map[string][3]string{
		"FederatedConfigMap.federation.k8s.io/shop/cfg": {"FederatedConfigMap", "shop", "cfg"},
		"FederatedNamespace.federation.k8s.io//team-a":  {"FederatedNamespace", "", "team-a"},
		// Written before origins named the group: still ours.
		"FederatedConfigMap/shop/cfg": {"FederatedConfigMap", "shop", "cfg"},
		"FederatedNamespace//team-a":  {"FederatedNamespace", "", "team-a"},
	} {
		kind, ns, name, ok := ParseOrigin(origin)
		if !ok || [3]string{kind, ns, name} != want {
			t.Errorf("ParseOrigin(%q) = %q %q %q %v, want %v", origin, kind, ns, name, ok, want)
		}
		if got, want := CanonicalOrigin(origin), OriginOf(want[0], want[1], want[2]); got != want {
			t.Errorf("CanonicalOrigin(%q) = %q, want %q", origin, got, want)
		}
	}
	for _, origin := range []string{"no-slashes", "FederatedConfigMap/shop", "Widget.example.com/shop/cfg", "/shop/cfg", "FederatedConfigMap/shop/"} {
		if kind, ns, name, ok := ParseOrigin(origin); ok {
			t.Errorf("ParseOrigin(%q) = %q %q %q, want not ok", origin, kind, ns, name)
		}
		if got := CanonicalOrigin(origin); got != "" {
			t.Errorf("CanonicalOrigin(%q) = %q, want \"\"", origin, got)
		}
	}
}

// A member copy written before origins named the group is still the federated object's.
func TestOwnedByReadsUnqualifiedOrigins(t *testing.T) {
	obj := configMap()
	for _, origin := range []string{Origin(obj), "FederatedConfigMap/shop/cfg"} {
		copy := memberCopyWithOrigin(origin)
		if !ownedBy(copy, obj) {
			t.Errorf("a copy with origin %q is not owned by %s", origin, Origin(obj))
		}
	}
	for _, origin := range []string{"FederatedSecret/shop/cfg", "FederatedConfigMap/shop/other", "FederatedConfigMap.example.com/shop/cfg"} {
		if ownedBy(memberCopyWithOrigin(origin), obj) {
			t.Errorf("a copy with origin %q is owned by %s", origin, Origin(obj))
		}
	}
}

func memberCopyWithOrigin(origin string) *unstructured.Unstructured {
	copy := &unstructured.Unstructured{Object: map[string]any{"apiVersion": "v1", "kind": "ConfigMap"}}
	copy.SetLabels(map[string]string{ManagedLabel: "true"})
	copy.SetAnnotations(map[string]string{OriginAnnotation: origin})
	return copy
}

// A copy written before origins named the group is ours but not in sync: the sync
// controller rewrites it once, in the new form.
func TestUnqualifiedOriginIsRewritten(t *testing.T) {
	obj := configMap()
	desired, err := Render(obj, "a", nil)
	if err != nil {
		t.Fatal(err)
	}
	legacy := desired.DeepCopy()
	annotations := legacy.GetAnnotations()
	annotations[OriginAnnotation] = "FederatedConfigMap/shop/cfg"
	legacy.SetAnnotations(annotations)
	if !ownedBy(legacy, obj) || InSync(obj, desired, legacy) {
		t.Errorf("a copy with the unqualified origin: owned %v, in sync %v; want owned, not in sync", ownedBy(legacy, obj), InSync(obj, desired, legacy))
	}
	if !InSync(obj, desired, desired) {
		t.Error("the rendered copy is not in sync with itself")
	}
}
