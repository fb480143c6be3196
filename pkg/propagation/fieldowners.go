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
	"bytes"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"
	"sigs.k8s.io/structured-merge-diff/v6/value"
)

// managerFields is one decoded managedFields entry of a member copy.
type managerFields struct {
	manager string
	update  bool
	time    time.Time
	set     *fieldpath.Set
}

// managedFieldSets decodes member's managedFields; an entry that cannot be read is skipped
// (attribution then falls back to the most recent Update).
func managedFieldSets(member *unstructured.Unstructured) []managerFields {
	var out []managerFields
	for _, e := range member.GetManagedFields() {
		if e.FieldsV1 == nil {
			continue
		}
		set := &fieldpath.Set{}
		if err := set.FromJSON(bytes.NewReader(e.FieldsV1.Raw)); err != nil {
			continue
		}
		mf := managerFields{manager: e.Manager, update: e.Operation == metav1.ManagedFieldsOperationUpdate, set: set}
		if e.Time != nil {
			mf.time = e.Time.Time
		}
		out = append(out, mf)
	}
	return out
}

// attribute names the field at raw (map keys and list indices into obj, the member copy) as
// server-side apply does, and finds the manager other than federation that set it: the one
// whose entry reaches deepest along the path (the most recent of equals), else the most
// recent manager of an Update.
func attribute(obj map[string]any, raw []any, entries []managerFields) FieldDrift {
	structure := fieldpath.NewSet()
	for _, e := range entries {
		structure = structure.Union(e.set)
	}
	d := FieldDrift{Path: toFieldPath(obj, raw, structure)}
	best, bestDepth := -1, 0
	for i, e := range entries {
		if e.manager == FieldManager {
			continue
		}
		depth, ok := reaches(e.set, d.Path)
		if ok && (best < 0 || depth > bestDepth || depth == bestDepth && e.time.After(entries[best].time)) {
			best, bestDepth = i, depth
		}
	}
	if best >= 0 {
		d.Manager = entries[best].manager
		return d
	}
	var latest time.Time
	for _, e := range entries {
		if e.manager != FieldManager && e.update && (d.Manager == "" || e.time.After(latest)) {
			d.Manager, latest = e.manager, e.time
		}
	}
	return d
}

// reaches reports whether set holds p, a field above it as a whole (an atomic leaf), or
// fields below it, and how many elements of p it matched: the deeper, the more precisely the
// manager owns the field.
func reaches(set *fieldpath.Set, p fieldpath.Path) (int, bool) {
	node := set
	for i, pe := range p {
		if child, ok := node.Children.Get(pe); ok {
			node = child
			continue
		}
		return i + 1, node.Members.Has(pe)
	}
	return len(p), true
}

// toFieldPath converts raw, map keys and list indices into obj, to a field path. List
// elements are named as structure (the union of the copy's managedFields) names them (by key
// fields, value or index); a list whose elements it does not describe is named as a whole.
func toFieldPath(obj any, raw []any, structure *fieldpath.Set) fieldpath.Path {
	var out fieldpath.Path
	node, cur := structure, obj
	for _, step := range raw {
		var pe fieldpath.PathElement
		switch s := step.(type) {
		case string:
			pe = fieldpath.FieldNameElement(s)
			m, _ := cur.(map[string]any)
			cur = m[s]
		case int:
			list, _ := cur.([]any)
			if node == nil || s >= len(list) {
				return out
			}
			var ok bool
			if pe, ok = matchElement(node, list[s], s); !ok {
				return out
			}
			cur = list[s]
		}
		out = append(out, pe)
		if node != nil {
			if child, ok := node.Children.Get(pe); ok {
				node = child
			} else {
				node = nil
			}
		}
	}
	return out
}

// matchElement returns the path element of node's that selects elem, the list's element at
// index.
func matchElement(node *fieldpath.Set, elem any, index int) (fieldpath.PathElement, bool) {
	var found *fieldpath.PathElement
	try := func(pe fieldpath.PathElement) {
		if found == nil && selects(pe, elem, index) {
			found = &pe
		}
	}
	node.Children.Iterate(try)
	node.Members.Iterate(try)
	if found == nil {
		return fieldpath.PathElement{}, false
	}
	return *found, true
}

// elementIndex returns the index of the element of list that pe selects, or -1.
func elementIndex(list []any, pe fieldpath.PathElement) int {
	for i, elem := range list {
		if selects(pe, elem, i) {
			return i
		}
	}
	return -1
}

// selects reports whether pe selects elem, a list's element at index.
func selects(pe fieldpath.PathElement, elem any, index int) bool {
	switch {
	case pe.Key != nil:
		m, ok := elem.(map[string]any)
		if !ok {
			return false
		}
		for _, f := range *pe.Key {
			v, present := m[f.Name]
			if !present || !value.Equals(f.Value, value.NewValueInterface(v)) {
				return false
			}
		}
		return true
	case pe.Value != nil:
		return value.Equals(*pe.Value, value.NewValueInterface(elem))
	case pe.Index != nil:
		return *pe.Index == index
	}
	return false
}
