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
	"maps"
	"slices"

	"k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"
)

// FieldDrift is one field at which a member cluster's copy differs from what it would hold
// after federation's apply.
type FieldDrift struct {
	// Path names the field as server-side apply's conflict messages do, resolved with the
	// copy's managedFields: ".spec.replicas", ".metadata.annotations.example.com/a",
	// `.spec.template.spec.containers[name="web"].image`. A list whose length differs, or
	// whose elements managedFields does not describe, is named as a whole.
	Path fieldpath.Path
	// Manager is the field manager, other than federation, that set the copy's value: the
	// one whose managedFields entry holds Path most precisely (the most recent of equals),
	// else, when no entry holds it (a field removed in the member), the most recent manager
	// of an Update. Empty when there is none.
	Manager string
}

// volatileMetadata are the metadata fields that change on every write or that the member
// alone sets; Drifts does not compare them.
var volatileMetadata = []string{"resourceVersion", "generation", "managedFields", "uid", "creationTimestamp", "selfLink"}

// Drifts returns the fields at which member, a member cluster's copy, differs from want, what
// the member would hold after federation's apply (a server-side dry-run's result), sorted by
// path and each attributed to the manager that set member's value. Metadata that changes on
// every write (resourceVersion, generation, managedFields, uid, creationTimestamp) and status
// are not compared; an empty map or list equals an absent one. Nil means the two are
// equivalent: an apply would change nothing the member serves.
func Drifts(want, member *unstructured.Unstructured) []FieldDrift {
	var raw [][]any
	diffPaths(comparedFields(want.Object), comparedFields(member.Object), nil, &raw)
	if len(raw) == 0 {
		return nil
	}
	entries := managedFieldSets(member)
	out := make([]FieldDrift, 0, len(raw))
	seen := map[string]bool{}
	for _, p := range raw {
		d := attribute(member.Object, p, entries)
		if s := d.Path.String(); !seen[s] {
			seen[s] = true
			out = append(out, d)
		}
	}
	slices.SortFunc(out, func(a, b FieldDrift) int { return a.Path.Compare(b.Path) })
	return out
}

// comparedFields returns obj without status and volatileMetadata, sharing everything else.
func comparedFields(obj map[string]any) map[string]any {
	out := maps.Clone(obj)
	delete(out, "status")
	if m, ok := obj["metadata"].(map[string]any); ok {
		m = maps.Clone(m)
		for _, f := range volatileMetadata {
			delete(m, f)
		}
		out["metadata"] = m
	}
	return out
}

// diffPaths appends to out the paths (map keys as strings, list indices as ints) at which
// want and got differ. It descends into maps, and into lists of equal length; anything else
// that differs is one path. Empty maps and lists, nulls and absent fields are all equal.
func diffPaths(want, got any, path []any, out *[][]any) {
	if isEmpty(want) && isEmpty(got) {
		return
	}
	// An absent map is an empty one: what differs is inside.
	if _, ok := got.(map[string]any); ok && want == nil {
		want = map[string]any{}
	}
	if _, ok := want.(map[string]any); ok && got == nil {
		got = map[string]any{}
	}
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			break
		}
		keys := slices.Sorted(maps.Keys(w))
		for k := range g {
			if _, inWant := w[k]; !inWant {
				keys = append(keys, k)
			}
		}
		for _, k := range keys {
			diffPaths(w[k], g[k], append(slices.Clip(path), k), out)
		}
		return
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			break
		}
		for i := range w {
			diffPaths(w[i], g[i], append(slices.Clip(path), i), out)
		}
		return
	default:
		if equality.Semantic.DeepEqual(normalizeNumber(want), normalizeNumber(got)) {
			return
		}
	}
	*out = append(*out, path)
}

// identityFields are the fields that tie a member copy to its federated object: federation
// never gives them up, whoever changes them.
var identityFields = []fieldpath.Path{
	fieldpath.MakePathOrDie("metadata", "labels", ManagedLabel),
	fieldpath.MakePathOrDie("metadata", "annotations", OriginAnnotation),
	fieldpath.MakePathOrDie("metadata", "annotations", RenderedHashAnnotation),
}

// IsIdentityField reports whether p is, or lies above, one of the label and annotations that
// tie a member copy to its federated object (ManagedLabel, OriginAnnotation,
// RenderedHashAnnotation): without them federation would lose track of the copy, so it never
// leaves them to another manager.
func IsIdentityField(p fieldpath.Path) bool {
	for _, id := range identityFields {
		if len(p) <= len(id) && p.Equals(id[:len(p)]) {
			return true
		}
	}
	return false
}

// WithoutFields returns a copy of u without the fields at paths, for an apply that leaves
// them to other managers: server-side apply drops federation's ownership of a field its
// applied configuration no longer holds, and keeps the value another manager owns. List
// elements are found by their key fields or value in u's own lists; a path u does not hold
// is skipped.
func WithoutFields(u *unstructured.Unstructured, paths []fieldpath.Path) *unstructured.Unstructured {
	out := u.DeepCopy()
	for _, p := range paths {
		if len(p) > 0 {
			out.Object, _ = without(out.Object, p).(map[string]any)
		}
	}
	return out
}

// without returns v, changed in place, without the field p names.
func without(v any, p fieldpath.Path) any {
	pe := p[0]
	if pe.FieldName != nil {
		m, ok := v.(map[string]any)
		if !ok {
			return v
		}
		child, ok := m[*pe.FieldName]
		switch {
		case !ok:
		case len(p) == 1:
			delete(m, *pe.FieldName)
		default:
			m[*pe.FieldName] = without(child, p[1:])
		}
		return m
	}
	list, ok := v.([]any)
	if !ok {
		return v
	}
	j := elementIndex(list, pe)
	switch {
	case j < 0:
		return list
	case len(p) == 1:
		return slices.Delete(list, j, j+1)
	}
	list[j] = without(list[j], p[1:])
	return list
}
