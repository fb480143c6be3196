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
	"encoding/json"
	"errors"
	"strings"

	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"k8s.io/federation/pkg/apis/federation"
)

var supportedOverrideOps = []string{
	federation.OverrideOpAdd,
	federation.OverrideOpRemove,
	federation.OverrideOpReplace,
}

// patchableMetadata are the only metadata fields an override may touch, the same two a
// template may set. The rest is the federation's (name, namespace) or the member's.
var patchableMetadata = sets.New("labels", "annotations")

// jsonPointerUnescaper decodes the two RFC 6901 escapes; a single left-to-right pass
// turns "~01" into "~1", as the RFC requires.
var jsonPointerUnescaper = strings.NewReplacer("~1", "/", "~0", "~")

// ValidateOverrides checks per-cluster overrides: each names one valid cluster, at most
// once, and carries well-formed JSON-patch operations that stay out of the fields the
// federation owns.
func ValidateOverrides(overrides []federation.ClusterOverride, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	seen := sets.New[string]()
	for i, o := range overrides {
		idxPath := fldPath.Index(i)
		namePath := idxPath.Child("clusterName")
		allErrs = append(allErrs, validateObjectName(o.ClusterName, namePath)...)
		if o.ClusterName != "" && seen.Has(o.ClusterName) {
			allErrs = append(allErrs, field.Duplicate(namePath, o.ClusterName))
		}
		seen.Insert(o.ClusterName)
		if len(o.Patches) == 0 {
			allErrs = append(allErrs, field.Required(idxPath.Child("patches"), "an override must change something"))
		}
		for j := range o.Patches {
			allErrs = append(allErrs, validateOverridePatch(&o.Patches[j], idxPath.Child("patches").Index(j))...)
		}
	}
	return allErrs
}

func validateOverridePatch(p *federation.OverridePatch, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	opPath := fldPath.Child("op")
	switch {
	case p.Op == "":
		allErrs = append(allErrs, field.Required(opPath, ""))
	case !sets.New(supportedOverrideOps...).Has(p.Op):
		allErrs = append(allErrs, field.NotSupported(opPath, p.Op, supportedOverrideOps))
	}
	allErrs = append(allErrs, validatePatchPath(p.Path, fldPath.Child("path"))...)

	valuePath := fldPath.Child("value")
	hasValue := p.Value != nil && len(p.Value.Raw) != 0
	switch {
	case p.Op == federation.OverrideOpRemove && hasValue:
		allErrs = append(allErrs, field.Forbidden(valuePath, "may not be set when op is remove"))
	case (p.Op == federation.OverrideOpAdd || p.Op == federation.OverrideOpReplace) && !hasValue:
		allErrs = append(allErrs, field.Required(valuePath, "must be set when op is add or replace"))
	case hasValue && !json.Valid(p.Value.Raw):
		allErrs = append(allErrs, field.Invalid(valuePath, string(p.Value.Raw), "must be valid JSON"))
	}
	return allErrs
}

// validatePatchPath checks that path is an RFC 6901 JSON pointer into the member object
// that does not touch apiVersion, kind, or metadata other than labels and annotations.
func validatePatchPath(path string, fldPath *field.Path) field.ErrorList {
	if path == "" {
		return field.ErrorList{field.Required(fldPath, "")}
	}
	tokens, err := parseJSONPointer(path)
	if err != nil {
		return field.ErrorList{field.Invalid(fldPath, path, err.Error())}
	}
	switch tokens[0] {
	case "apiVersion", "kind":
		return field.ErrorList{field.Forbidden(fldPath, "apiVersion and kind come from the federated kind and may not be patched")}
	case "metadata":
		if len(tokens) == 1 || !patchableMetadata.Has(tokens[1]) {
			return field.ErrorList{field.Forbidden(fldPath, "only /metadata/labels and /metadata/annotations may be patched")}
		}
	}
	return nil
}

// parseJSONPointer splits a non-empty RFC 6901 JSON pointer into its unescaped reference
// tokens. The empty pointer (the whole document) is not accepted by callers and is
// rejected before this is called.
func parseJSONPointer(pointer string) ([]string, error) {
	if !strings.HasPrefix(pointer, "/") {
		return nil, errors.New(`must be a JSON pointer starting with "/"`)
	}
	tokens := strings.Split(pointer[1:], "/")
	for i, t := range tokens {
		for k := 0; k < len(t); k++ {
			if t[k] == '~' && (k+1 == len(t) || (t[k+1] != '0' && t[k+1] != '1')) {
				return nil, errors.New(`"~" must be escaped as "~0" ("/" as "~1")`)
			}
		}
		tokens[i] = jsonPointerUnescaper.Replace(t)
	}
	return tokens, nil
}
