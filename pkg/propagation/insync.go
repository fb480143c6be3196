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
	"k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
)

// InSync reports whether member, a member cluster's copy, already holds what Render
// returned as desired for obj: it is ours, and every field federation sets has the rendered
// value. Fields the member added (defaults, status, other managers' fields) do not count,
// which is what a server-side apply of desired would leave alone too; a field removed from
// the template changes the rendered-hash annotation, so it is caught as well. A reconcile
// that finds a copy in sync writes nothing.
//
// InSync compares with what federation sent, so a field the member keeps in another form
// (a Secret's stringData, folded into data and never returned) fails it for good; Preview and
// Drifts judge such a copy by what the member would hold after the apply instead.
func InSync(obj fedv1beta1.FederatedObject, desired, member *unstructured.Unstructured) bool {
	return member != nil && member.GetDeletionTimestamp() == nil && ownedBy(member, obj) && contains(member.Object, desired.Object)
}

// contains reports whether every value set in want is present, equal, in got. An empty map
// or list, or a null, in want matches an absent field: the member drops those on write.
func contains(got, want any) bool {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return len(w) == 0 && got == nil
		}
		for k, wv := range w {
			gv, present := g[k]
			if !present {
				if isEmpty(wv) {
					continue
				}
				return false
			}
			if !contains(gv, wv) {
				return false
			}
		}
		return true
	case []any:
		g, ok := got.([]any)
		if !ok {
			return len(w) == 0 && got == nil
		}
		if len(g) != len(w) {
			return false
		}
		for i := range w {
			if !contains(g[i], w[i]) {
				return false
			}
		}
		return true
	case nil:
		return isEmpty(got)
	case string:
		// The member stores quantities in canonical form ("1000m" comes back as "1"). Only
		// fields the server normalises can differ this way; a string the server keeps as sent
		// comes back identical.
		g, ok := got.(string)
		return ok && (g == w || sameQuantity(g, w))
	default:
		return equality.Semantic.DeepEqual(normalizeNumber(got), normalizeNumber(want))
	}
}

func sameQuantity(a, b string) bool {
	qa, errA := resource.ParseQuantity(a)
	qb, errB := resource.ParseQuantity(b)
	return errA == nil && errB == nil && qa.Cmp(qb) == 0
}

func isEmpty(v any) bool {
	switch t := v.(type) {
	case nil:
		return true
	case map[string]any:
		return len(t) == 0
	case []any:
		return len(t) == 0
	}
	return false
}

// normalizeNumber compares integers however they were decoded (int64 from the API machinery,
// float64 from plain encoding/json).
func normalizeNumber(v any) any {
	switch n := v.(type) {
	case int:
		return float64(n)
	case int32:
		return float64(n)
	case int64:
		return float64(n)
	}
	return v
}
