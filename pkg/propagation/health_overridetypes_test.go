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
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/utils/ptr"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
)

// An override value of the wrong type for a member field is refused naming the member field
// (the unstructured converter alone said "unrecognized type: int32", naming nothing).
func TestCheckOverridesValueTypes(t *testing.T) {
	for name, tc := range map[string]struct {
		patch      fedv1beta1.OverridePatch
		scheduling bool
		// field is the member field the error names; "" when the patch is accepted.
		field string
	}{
		"replicas as a string":                  {patch: patch("replace", "/spec/replicas", `"6"`), field: "spec.replicas"},
		"replicas as a string, scheduled":       {patch: patch("replace", "/spec/replicas", `"6"`), scheduling: true, field: "spec.replicas"},
		"replicas as a boolean":                 {patch: patch("add", "/spec/replicas", `true`), field: "spec.replicas"},
		"replicas as a fraction":                {patch: patch("replace", "/spec/replicas", `6.5`), field: "spec.replicas"},
		"replicas as an object":                 {patch: patch("replace", "/spec/replicas", `{"value":6}`), field: "spec.replicas"},
		"replicas as an integer":                {patch: patch("replace", "/spec/replicas", `6`)},
		"replicas as an integer, scheduled":     {patch: patch("replace", "/spec/replicas", `6`), scheduling: true},
		"a container port as a string, in list": {patch: patch("add", "/spec/template/spec/containers/0/ports", `[{"containerPort":"80"}]`), field: "spec.template.spec.containers.ports.containerPort"},
		"paused as a string":                    {patch: patch("add", "/spec/paused", `"yes"`), field: "spec.paused"},
	} {
		t.Run(name, func(t *testing.T) {
			obj := deployment(fedv1beta1.ClusterOverride{ClusterName: "a", Patches: []fedv1beta1.OverridePatch{tc.patch}})
			obj.Spec.Template.Spec.Replicas = ptr.To[int32](2)
			if tc.scheduling {
				obj.Spec.ReplicaScheduling = &fedv1beta1.ReplicaScheduling{}
			}
			errs := CheckOverrides(obj, field.NewPath("spec", "overrides"))
			var wantPaths []string
			if tc.field != "" {
				wantPaths = []string{"spec.overrides[0].patches[0]"}
			}
			var got []string
			for _, e := range errs {
				got = append(got, e.Field)
			}
			if d := cmp.Diff(wantPaths, got); d != "" {
				t.Fatalf("paths (-want +got):\n%s", d)
			}
			for _, err := range errs {
				if err.Type != field.ErrorTypeInvalid {
					t.Errorf("error type %s, want Invalid", err.Type)
				}
				if !strings.Contains(err.Detail, tc.field+" must be ") || strings.Contains(err.Detail, "unrecognized type") {
					t.Errorf("detail %q does not name %s and what it takes", err.Detail, tc.field)
				}
			}
		})
	}
}
