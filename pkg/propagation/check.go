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
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utiljson "k8s.io/apimachinery/pkg/util/json"
	"k8s.io/apimachinery/pkg/util/validation/field"
	memberscheme "k8s.io/client-go/kubernetes/scheme"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/kinds"
	"k8s.io/federation/pkg/scheduling"
)

// CheckOverrides renders obj for every cluster its overrides name, placed or not, the way a
// write would, and returns one error per override that cannot be rendered: a patch whose
// path the rendered object lacks (add under a missing parent, remove or replace of a
// missing field), or whose result is not a valid member object of the kind (a value of the
// wrong type, a field the member kind does not have). Each error names the first failing
// patch, spec.overrides[i].patches[j] (field.ErrorTypeInvalid; its value is the patch's
// path); later patches of that override depend on it and are not checked.
//
// Such input can never be written to any member, so it is refused before it is stored,
// rather than stored and failed per cluster with OverridesNotApplied.
func CheckOverrides(obj fedv1beta1.FederatedObject, fldPath *field.Path) field.ErrorList {
	var errs field.ErrorList
	k, err := kinds.For(obj)
	if err != nil {
		return append(errs, field.InternalError(fldPath, err))
	}
	for i, o := range obj.GetPropagation().Overrides {
		u, err := renderTemplate(obj, k.Member)
		if err != nil {
			return append(errs, field.InternalError(fldPath, err))
		}
		if k.Hooks.Divide != nil {
			// Render writes each cluster's part (a replica share, an HPA's bounds) before the
			// overrides, so those fields exist for them whatever the template says; their
			// values do not matter here.
			if err := k.Hooks.Divide(obj, u.Object, o.ClusterName, overrideCheckDivision(obj, o.ClusterName)); err != nil {
				return append(errs, field.InternalError(fldPath, err))
			}
		}
		for j, p := range o.Patches {
			patchPath := fldPath.Index(i).Child("patches").Index(j)
			if err := applyPatch(u, []map[string]any{patchOp(p)}); err != nil {
				errs = append(errs, field.Invalid(patchPath, p.Path,
					fmt.Sprintf("cannot be applied to the %s rendered for cluster %s: %v", k.Member.Kind, o.ClusterName, err)))
				break
			}
			if err := decodesAsMember(k.Member.GroupVersionKind, u.Object); err != nil {
				errs = append(errs, field.Invalid(patchPath, p.Path,
					fmt.Sprintf("makes the %s rendered for cluster %s invalid: %v", k.Member.Kind, o.ClusterName, err)))
				break
			}
		}
	}
	return errs
}

// decodesAsMember reports whether content decodes, strictly (no unknown fields, no value of
// the wrong type), as the member kind gvk. Kinds client-go does not know are not checked.
//
// It decodes from JSON first, as the member will: a value of the wrong type then comes back
// naming its field (memberFieldError). The unstructured converter, which alone reports
// unknown fields, names neither the field nor the value of such a mismatch ("unrecognized
// type: int32" for a string in spec.replicas).
func decodesAsMember(gvk schema.GroupVersionKind, content map[string]any) error {
	typed, err := memberscheme.Scheme.New(gvk)
	if err != nil {
		return nil
	}
	raw, err := json.Marshal(content)
	if err != nil {
		return err
	}
	if err := utiljson.Unmarshal(raw, typed); err != nil {
		return memberFieldError(err)
	}
	typed, err = memberscheme.Scheme.New(gvk)
	if err != nil {
		return err
	}
	return runtime.DefaultUnstructuredConverter.FromUnstructuredWithValidation(content, typed, true)
}

// memberFieldError rewords a JSON type mismatch for a user: the member field's path, what it
// takes and what it got, e.g. "spec.replicas must be an integer, not a string".
func memberFieldError(err error) error {
	var mismatch *json.UnmarshalTypeError
	if !errors.As(err, &mismatch) || mismatch.Field == "" {
		return err
	}
	got := mismatch.Value
	switch {
	case got == "array":
		got = "a list"
	case got == "object":
		got = "an object"
	case got == "bool":
		got = "a boolean"
	case strings.HasPrefix(got, "number"):
		got = "the " + got
	default:
		got = "a " + got
	}
	return fmt.Errorf("%s must be %s, not %s", mismatch.Field, jsonKindOf(mismatch.Type), got)
}

// jsonKindOf names the JSON values a field of Go type t takes.
func jsonKindOf(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Map, reflect.Struct:
		return "an object"
	}
	return "a " + t.String()
}

// overrideCheckDivision is a division that gives cluster a part of everything the kind
// divides, as Render does for a placed cluster: a share of 0 when obj has replicaScheduling,
// and cluster alone to divide over.
func overrideCheckDivision(obj fedv1beta1.FederatedObject, cluster string) kinds.Division {
	d := kinds.Division{Clusters: []scheduling.ClusterPreference{{Name: cluster, Weight: 1}}, Key: string(obj.GetUID())}
	if rs, ok := obj.(fedv1beta1.ReplicaScheduledObject); ok && rs.GetReplicaScheduling() != nil {
		d.Share = new(int32)
	}
	return d
}
