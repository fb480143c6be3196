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

package v1beta1

import (
	"bytes"
	"errors"

	"k8s.io/kube-openapi/pkg/common"
	"k8s.io/kube-openapi/pkg/validation/spec"
)

// JSON holds any JSON value (object, array, string, number, boolean or null) verbatim.
type JSON struct {
	Raw []byte `json:"-"`
}

// MarshalJSON returns the stored value, or null when there is none.
func (j JSON) MarshalJSON() ([]byte, error) {
	if len(j.Raw) == 0 {
		return []byte("null"), nil
	}
	return j.Raw, nil
}

// UnmarshalJSON stores a copy of the value.
func (j *JSON) UnmarshalJSON(data []byte) error {
	if j == nil {
		return errors.New("v1beta1.JSON: UnmarshalJSON on nil pointer")
	}
	if !bytes.Equal(data, []byte("null")) {
		j.Raw = append(j.Raw[:0], data...)
	}
	return nil
}

// OpenAPIDefinition describes JSON as a value of any type, so SSA and kubectl accept numbers,
// strings and objects alike.
func (JSON) OpenAPIDefinition() common.OpenAPIDefinition {
	return common.OpenAPIDefinition{
		Schema: spec.Schema{
			SchemaProps: spec.SchemaProps{
				Description: "Any JSON value.",
			},
			VendorExtensible: spec.VendorExtensible{
				Extensions: spec.Extensions{"x-kubernetes-preserve-unknown-fields": true},
			},
		},
	}
}
