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

package integration

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"k8s.io/federation/pkg/kinds"
)

// leftToMembers are the top-level member fields a kind's template leaves out by design, and
// why: the explain test expects every other field of the member kind.
var leftToMembers = map[string][]string{
	// A Namespace's spec holds only finalizers, which each member keeps for itself.
	"FederatedNamespace": {"spec"},
}

// testExplainTemplates checks, for every kind of the kinds table, that kubectl explain
// reaches every field of its template, to the bottom: the fields under spec.template, as
// `kubectl explain --recursive` lists them from fcp's OpenAPI through the host's aggregator,
// are the member kind's own fields (as the host kube-apiserver, of the same Kubernetes
// version, serves them), less the ones a template leaves to the member (apiVersion, kind,
// status, and leftToMembers). A template that lost a field, flattened a nested type or gained one of its own
// fails here, for any kind, without a list of paths to keep.
func testExplainTemplates(t *testing.T, e *fedEnv) {
	for _, k := range kinds.All() {
		t.Run(k.Kind, func(t *testing.T) {
			member := explainFields(t, e, k.Member.GroupVersion().String(), k.Member.Resource)
			want := withoutTopLevel(member, append([]string{"apiVersion", "kind", "status"}, leftToMembers[k.Kind]...)...)
			// The host aggregates fcp's OpenAPI asynchronously: the first explain may not
			// know the kind yet.
			got := explainFields(t, e, "federation.k8s.io/v1beta1", k.Plural+".spec.template")
			if d := cmp.Diff(optionalTopLevel(want), optionalTopLevel(got)); d != "" {
				t.Errorf("kubectl explain %s.spec.template --recursive against the member %s's fields (-member +template):\n%s", k.Plural, k.Member.Kind, d)
			}
		})
	}
}

// explainFields returns explainRecursive of resource, failing t when kubectl cannot explain it.
func explainFields(t *testing.T, e *fedEnv, apiVersion, resource string) []string {
	t.Helper()
	var out []string
	eventually(t, "kubectl explain "+resource+" --recursive", func(ctx context.Context) (err error) {
		out, err = explainRecursive(ctx, e, apiVersion, resource)
		return err
	})
	return out
}

// explainRecursive runs `kubectl explain path --recursive` on the host and returns the
// lines of its FIELDS section, one per field at any depth, indented by depth ("  spec
// <DeploymentSpec>", "    replicas <integer>"), with the "-required-" markers kept.
func explainRecursive(ctx context.Context, e *fedEnv, apiVersion, path string) ([]string, error) {
	out, stderr, err := e.host.Kubectl(ctx, "explain", path, "--recursive", "--api-version="+apiVersion)
	if err != nil {
		return nil, fmt.Errorf("%v: %s", err, stderr)
	}
	_, fields, ok := strings.Cut(out, "\nFIELDS:\n")
	if !ok {
		return nil, fmt.Errorf("no FIELDS section in:\n%s", out)
	}
	var lines []string
	for line := range strings.Lines(fields) {
		if line = strings.TrimRight(line, " \n"); strings.TrimSpace(line) != "" {
			lines = append(lines, strings.Join(strings.Fields(line), " ")+depthMark(line))
		}
	}
	if len(lines) == 0 {
		return nil, fmt.Errorf("no fields in:\n%s", out)
	}
	return lines, nil
}

// depthMark records a field line's depth (its indentation), which strings.Fields drops.
func depthMark(line string) string {
	return fmt.Sprintf(" @%d", len(line)-len(strings.TrimLeft(line, " ")))
}

// withoutTopLevel returns fields (explainRecursive lines) without the subtrees of the named
// top-level fields.
func withoutTopLevel(fields []string, names ...string) []string {
	top := fieldDepth(fields[0])
	var out []string
	skipping := false
	for _, f := range fields {
		if fieldDepth(f) == top {
			name, _, _ := strings.Cut(f, " ")
			skipping = false
			for _, n := range names {
				skipping = skipping || name == n
			}
		}
		if !skipping {
			out = append(out, f)
		}
	}
	return out
}

// optionalTopLevel returns fields without the "-required-" marks of the top-level fields: a
// member kind may require its spec, a template leaves it optional (an empty template is a
// member object with defaults).
func optionalTopLevel(fields []string) []string {
	top := fieldDepth(fields[0])
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = f
		if fieldDepth(f) == top {
			out[i] = strings.Replace(f, " -required-", "", 1)
		}
	}
	return out
}

// fieldDepth is the indentation depthMark recorded on f.
func fieldDepth(f string) string { return f[strings.LastIndex(f, " @"):] }
