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

package kinds_test

import (
	"os"
	"regexp"
	"testing"

	"k8s.io/apimachinery/pkg/util/sets"

	"k8s.io/federation/pkg/kinds"
)

// TestCodegenHasMemberPackages fails when hack/update-codegen.sh does not pass a member
// type's k8s.io/api package to gen_openapi with --extra-pkgs: the kind's template would
// then have no OpenAPI (no kubectl explain, no server-side apply of its fields). The
// script stays a file; this test keeps it in step with the table.
func TestCodegenHasMemberPackages(t *testing.T) {
	script, err := os.ReadFile("../../hack/update-codegen.sh")
	if err != nil {
		t.Fatal(err)
	}
	extra := sets.New[string]()
	for _, m := range regexp.MustCompile(`--extra-pkgs\s+(\S+)`).FindAllStringSubmatch(string(script), -1) {
		extra.Insert(m[1])
	}
	for _, k := range kinds.All() {
		if pkg := k.Member.APIPackage(); !extra.Has(pkg) {
			t.Errorf("%s: hack/update-codegen.sh lacks --extra-pkgs %s (the member type %s)", k.Kind, pkg, k.Member.GroupVersionKind)
		}
	}
}
