// Copyright 2026 The Kubernetes Authors.
//
// Licensed under the Apache License, Version 2.0 (the "License");
// you may not use this file except in compliance with the License.
// You may obtain a copy of the License at
//
//     http://www.apache.org/licenses/LICENSE-2.0
//
// Unless required by applicable law or agreed to in writing, software
// distributed under the License is distributed on an "AS IS" BASIS,
// WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
// See the License for the specific language governing permissions and
// limitations under the License.

package integration

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/generated/clientset/versioned"
	"k8s.io/federation/pkg/kinds"
	"k8s.io/federation/test/integration/framework"
)

// fcmName is how `kubectl -o name` prints a FederatedConfigMap.
func fcmName(name string) string { return "federatedconfigmap.federation.k8s.io/" + name }

// TestAPIServerThroughAggregator drives fcp the way people do: through the host's
// aggregator, mostly with the real kubectl. The scenarios share one host and fcp to keep
// the wall time down; each works in its own namespace, and those that stop fcp run last.
func TestAPIServerThroughAggregator(t *testing.T) {
	host := framework.StartHost(t, framework.Options{})
	ctx := framework.TestContext(t)
	fcp, err := host.StartFCP(ctx, framework.FCPOptions{Binary: fcpBinary})
	if err != nil {
		t.Fatal(err)
	}
	fed, err := versioned.NewForConfig(host.RESTConfig())
	if err != nil {
		t.Fatal(err)
	}
	e := &fedEnv{host: host, fcp: fcp, fed: fed}
	for _, sc := range []struct {
		name string
		run  func(*testing.T, *fedEnv)
	}{
		{"discovery", testDiscovery},
		{"explain-templates", testExplainTemplates},
		{"health-and-metrics", testHealthAndMetrics},
		{"crud", testCRUD},
		{"watch", testWatch},
		{"server-side-apply", testServerSideApply},
		{"dry-run", testDryRun},
		{"selectors", testSelectors},
		{"rbac", testRBAC},
		{"admission-policy", testAdmissionPolicy},
		{"bad-input", testBadInput},
		{"restart", testRestart},
		{"fcp-down", testFCPDown},
	} {
		t.Run(sc.name, func(t *testing.T) { sc.run(t, e) })
	}
}

// testDiscovery checks that kubectl finds the group, its short names and scopes, and explains
// fields from fcp's OpenAPI, down into the embedded Deployment spec.
func testDiscovery(t *testing.T, e *fedEnv) {
	type resource struct{ ShortNames, Namespaced, Kind string }
	// Every kind of the kinds table, with its short names and scope, and Cluster.
	want := map[string]resource{"clusters": {ShortNames: "", Namespaced: "false", Kind: "Cluster"}}
	for _, k := range kinds.All() {
		want[k.Plural] = resource{ShortNames: strings.Join(k.ShortNames, ","), Namespaced: strconv.FormatBool(k.Namespaced), Kind: k.Kind}
	}
	eventually(t, "kubectl api-resources lists the federation group", func(ctx context.Context) error {
		out, _, err := e.host.Kubectl(ctx, "api-resources", "--api-group="+framework.FederationGroup, "--no-headers")
		if err != nil {
			return err
		}
		got := map[string]resource{}
		for _, row := range tableRows(out) {
			// NAME [SHORTNAMES] APIVERSION NAMESPACED KIND: SHORTNAMES may be empty.
			r := resource{Namespaced: row[len(row)-2], Kind: row[len(row)-1]}
			if len(row) == 5 {
				r.ShortNames = row[1]
			}
			got[row[0]] = r
		}
		if d := cmp.Diff(want, got); d != "" {
			return fmt.Errorf("resources (-want +got):\n%s", d)
		}
		return nil
	})
	for _, tc := range []struct{ field, want string }{
		{field: "federateddeployment.spec.template.spec.template.spec.containers.image", want: "Container image name"},
		{field: "federateddeployment.spec.placement", want: "clusterSelector"},
	} {
		// The host aggregates fcp's OpenAPI asynchronously.
		eventually(t, "kubectl explain "+tc.field, func(ctx context.Context) error {
			out, _, err := e.host.Kubectl(ctx, "explain", tc.field)
			if err != nil {
				return err
			}
			if !strings.Contains(out, tc.want) {
				return fmt.Errorf("output lacks %q:\n%s", tc.want, out)
			}
			return nil
		})
	}
}

// testCRUD walks one FederatedConfigMap through apply, the printed table, -o yaml,
// describe, the federation category, generation bumps, and delete.
func testCRUD(t *testing.T, e *fedEnv) {
	ns := e.newNamespace(t, "crud")
	fcm := newFCM(ns, "greeting", map[string]string{"greeting": "hello"})
	fcm.Spec.Overrides = []fedv1beta1.ClusterOverride{{ClusterName: "member-2", Patches: []fedv1beta1.OverridePatch{
		{Op: fedv1beta1.OverrideOpReplace, Path: "/data/greeting", Value: &fedv1beta1.JSON{Raw: []byte(`"bonjour"`)}},
	}}}
	e.mustApply(t, ns, fcm, applyOptions{})

	// No member cluster is registered: fcp reports both placed clusters Failed
	// (ClusterNotFound), so 0 of 2 clusters hold the object and it is not Propagated.
	// AGE is left out; it changes between runs.
	withoutAge := func(rows [][]string) [][]string {
		for i := range rows {
			rows[i] = slices.Delete(rows[i], 3, 4)
		}
		return rows
	}
	for _, tc := range []struct {
		args []string
		want [][]string
	}{
		{want: [][]string{{"NAME", "CLUSTERS", "PROPAGATED"}, {"greeting", "0/2", "False"}}},
		{args: []string{"-o", "wide"}, want: [][]string{
			{"NAME", "CLUSTERS", "PROPAGATED", "PLACEMENT", "GENERATION", "OBSERVED"},
			{"greeting", "0/2", "False", "member-1,member-2", "1", "1"},
		}},
	} {
		out := e.mustKubectl(t, append([]string{"get", "fcm", "-n", ns}, tc.args...)...)
		if d := cmp.Diff(tc.want, withoutAge(tableRows(out))); d != "" {
			t.Errorf("kubectl get fcm %v (-want +got):\n%s", tc.args, d)
		}
	}

	var got fedv1beta1.FederatedConfigMap
	if err := utilyaml.Unmarshal([]byte(e.mustKubectl(t, "get", "fcm", "greeting", "-n", ns, "-o", "yaml")), &got); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(fcm.Spec, got.Spec); d != "" {
		t.Errorf("spec after -o yaml (-sent +got):\n%s", d)
	}
	describe := e.mustKubectl(t, "describe", "fcm", "greeting", "-n", ns)
	for _, want := range []string{"Placement:", "member-1", "hello", "/data/greeting"} {
		if !strings.Contains(describe, want) {
			t.Errorf("kubectl describe lacks %q:\n%s", want, describe)
		}
	}
	if out := e.mustKubectl(t, "get", "federation", "-n", ns, "-o", "name"); !slices.Contains(nonEmptyLines(out), fcmName("greeting")) {
		t.Errorf("kubectl get federation (the category) = %q; want it to list %s", out, fcmName("greeting"))
	}

	generation := func() string {
		return e.mustKubectl(t, "get", "fcm", "greeting", "-n", ns, "-o", "jsonpath={.metadata.generation}")
	}
	fcm.Spec.Template.Data["greeting"] = "hi"
	e.mustApply(t, ns, fcm, applyOptions{})
	if got := generation(); got != "2" {
		t.Errorf("generation after a spec change = %s, want 2", got)
	}
	fcm.Labels = map[string]string{"team": "a"}
	e.mustApply(t, ns, fcm, applyOptions{})
	if got := generation(); got != "2" {
		t.Errorf("generation after a label change = %s, want still 2", got)
	}

	e.mustKubectl(t, "delete", "fcm", "greeting", "-n", ns)
	e.wantNotFound(t, ns, "fcm", "greeting")
}

// testWatch streams `kubectl get -w` while objects are created, updated and deleted.
func testWatch(t *testing.T, e *fedEnv) {
	ns := e.newNamespace(t, "watch")
	e.mustApply(t, ns, newFCM(ns, "sentinel", map[string]string{"k": "v"}), applyOptions{})
	// The table printer puts the event type in a first column; -o name would drop it.
	w := e.startKubectlStream(t, "get", "fcm", "-n", ns, "-w", "--output-watch-events", "--no-headers")
	event := func() (typ, name string) {
		row := strings.Fields(w.next(t))
		if len(row) < 2 {
			t.Fatalf("watch line %q has no event type and name", row)
		}
		return row[0], row[1]
	}
	// kubectl prints the initial list, then watches from its resourceVersion: once the
	// sentinel is printed, nothing done from here on can be missed.
	if typ, name := event(); typ != "ADDED" || name != "sentinel" {
		t.Fatalf("first watch event = %s %s, want ADDED sentinel", typ, name)
	}

	fcm := newFCM(ns, "watched", map[string]string{"k": "v1"})
	e.mustApply(t, ns, fcm, applyOptions{})
	fcm.Spec.Template.Data["k"] = "v2"
	e.mustApply(t, ns, fcm, applyOptions{})
	e.mustKubectl(t, "delete", "fcm", "watched", "-n", ns)

	// fcp writes status after each write and removes its finalizer on delete, so MODIFIED
	// comes several times; repeats are collapsed.
	var got []string
	for len(got) == 0 || got[len(got)-1] != "DELETED" {
		typ, name := event()
		if name != "watched" {
			t.Fatalf("watch event %s for %s, want only events for watched", typ, name)
		}
		if len(got) == 0 || got[len(got)-1] != typ {
			got = append(got, typ)
		}
	}
	if d := cmp.Diff([]string{"ADDED", "MODIFIED", "DELETED"}, got); d != "" {
		t.Errorf("watch events for watched (-want +got):\n%s", d)
	}
}

// testServerSideApply checks field ownership: conflicts between managers, and forcing them.
func testServerSideApply(t *testing.T, e *fedEnv) {
	ns := e.newNamespace(t, "ssa")
	fcm := newFCM(ns, "shared", map[string]string{"greeting": "hello"})
	e.mustApply(t, ns, fcm, applyOptions{ServerSide: true, FieldManager: "alice"})
	managers := e.mustKubectl(t, "get", "fcm", "shared", "-n", ns, "--show-managed-fields",
		"-o", "jsonpath={.metadata.managedFields[*].manager}")
	if !slices.Contains(strings.Fields(managers), "alice") {
		t.Errorf("managers = %q, want alice among them", managers)
	}

	fcm.Spec.Template.Data["greeting"] = "bonjour"
	_, stderr, err := e.apply(t, ns, fcm, applyOptions{ServerSide: true, FieldManager: "bob"})
	if err == nil || !strings.Contains(stderr, `conflict with "alice"`) || !strings.Contains(stderr, ".spec.template.data.greeting") {
		t.Errorf("bob's apply: err %v, stderr %q; want a conflict with alice on .spec.template.data.greeting", err, stderr)
	}
	e.mustApply(t, ns, fcm, applyOptions{ServerSide: true, FieldManager: "bob", ForceConflicts: true})
	got, err := e.fed.FederationV1beta1().FederatedConfigMaps(ns).Get(t.Context(), "shared", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got.Spec.Template.Data["greeting"] != "bonjour" {
		t.Errorf("greeting = %q after the forced apply, want bonjour", got.Spec.Template.Data["greeting"])
	}
	owners, err := fieldOwners(got.ManagedFields, fieldpath.MakePathOrDie("spec", "template", "data", "greeting"))
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"bob"}, owners); d != "" {
		t.Errorf("owners of spec.template.data.greeting (-want +got):\n%s", d)
	}
}

// fieldOwners returns the managers that own path.
func fieldOwners(entries []metav1.ManagedFieldsEntry, path fieldpath.Path) ([]string, error) {
	var owners []string
	for _, m := range entries {
		if m.FieldsV1 == nil {
			continue
		}
		set := &fieldpath.Set{}
		if err := set.FromJSON(bytes.NewReader(m.FieldsV1.Raw)); err != nil {
			return nil, fmt.Errorf("fields of manager %s: %w", m.Manager, err)
		}
		if set.Has(path) {
			owners = append(owners, m.Manager)
		}
	}
	return owners, nil
}

// testDryRun checks that server dry runs store nothing and that kubectl diff sees changes.
func testDryRun(t *testing.T, e *fedEnv) {
	ns := e.newNamespace(t, "dry-run")
	if out := e.mustApply(t, ns, newFCM(ns, "dry", map[string]string{"k": "v"}), applyOptions{DryRunServer: true}); !strings.Contains(out, "(server dry run)") {
		t.Errorf("kubectl apply --dry-run=server printed %q, want (server dry run)", out)
	}
	e.wantNotFound(t, ns, "fcm", "dry")

	fcm := newFCM(ns, "diffed", map[string]string{"greeting": "hello"})
	e.mustApply(t, ns, fcm, applyOptions{})
	if _, _, err := e.kubectl(t, "diff", "-n", ns, "-f", writeManifest(t, fcm)); err != nil {
		t.Errorf("kubectl diff of the applied manifest: %v; want exit 0", err)
	}
	fcm.Spec.Template.Data["greeting"] = "bonjour"
	out, _, err := e.kubectl(t, "diff", "-n", ns, "-f", writeManifest(t, fcm))
	if code := exitCode(err); code != 1 {
		t.Errorf("kubectl diff of a changed manifest: exit %d (%v), want 1", code, err)
	}
	if !hasLine(out, "-", "greeting: hello") || !hasLine(out, "+", "greeting: bonjour") {
		t.Errorf("kubectl diff does not show the change of greeting:\n%s", out)
	}
}

// hasLine reports whether a line of out starts with prefix and, trimmed, ends with suffix.
func hasLine(out, prefix, suffix string) bool {
	for line := range strings.Lines(out) {
		if strings.HasPrefix(line, prefix) && strings.HasSuffix(strings.TrimSpace(line), suffix) {
			return true
		}
	}
	return false
}

// testSelectors checks label and field selectors, including an unsupported field.
func testSelectors(t *testing.T, e *fedEnv) {
	ns := e.newNamespace(t, "selectors")
	for name, tier := range map[string]string{"front": "frontend", "back": "backend"} {
		fcm := newFCM(ns, name, map[string]string{"k": "v"})
		fcm.Labels = map[string]string{"tier": tier}
		e.mustApply(t, ns, fcm, applyOptions{})
	}
	for _, tc := range []struct {
		selector []string
		want     []string
	}{
		{selector: []string{"-l", "tier=frontend"}, want: []string{fcmName("front")}},
		{selector: []string{"--field-selector", "metadata.name=back"}, want: []string{fcmName("back")}},
		{selector: []string{"--field-selector", "metadata.namespace=" + ns}, want: []string{fcmName("back"), fcmName("front")}},
	} {
		out := e.mustKubectl(t, append([]string{"get", "fcm", "-n", ns, "-o", "name"}, tc.selector...)...)
		if d := cmp.Diff(tc.want, nonEmptyLines(out)); d != "" {
			t.Errorf("kubectl get fcm %v (-want +got):\n%s", tc.selector, d)
		}
	}
	if _, stderr, err := e.kubectl(t, "get", "fcm", "-n", ns, "--field-selector", "spec.foo=x"); err == nil || !strings.Contains(stderr, "spec.foo") {
		t.Errorf("unsupported field selector through kubectl: err %v, stderr %q; want an error naming spec.foo", err, stderr)
	}
	_, err := e.fed.FederationV1beta1().FederatedConfigMaps(ns).List(t.Context(), metav1.ListOptions{FieldSelector: "spec.foo=x"})
	if !apierrors.IsBadRequest(err) {
		t.Errorf("unsupported field selector through the clientset: %v, want BadRequest", err)
	}
}

// testRestart checks that objects survive an fcp restart on the same data.
func testRestart(t *testing.T, e *fedEnv) {
	ns := e.newNamespace(t, "restart")
	ctx := framework.TestContext(t)
	created, err := e.fed.FederationV1beta1().FederatedConfigMaps(ns).Create(ctx,
		newFCM(ns, "survivor", map[string]string{"k": "before-restart"}), metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.fcp.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	if err := e.fcp.Start(ctx); err != nil {
		t.Fatal(err)
	}
	uid := e.mustKubectl(t, "get", "fcm", "survivor", "-n", ns, "-o", "jsonpath={.metadata.uid}")
	if uid != string(created.UID) {
		t.Errorf("uid after restart = %s, want %s", uid, created.UID)
	}
}

// testFCPDown checks that the host keeps serving its own API while fcp is down, that
// federation requests fail cleanly meanwhile, and that they work again once fcp is back.
func testFCPDown(t *testing.T, e *fedEnv) {
	ns := e.newNamespace(t, "fcp-down")
	e.mustApply(t, ns, newFCM(ns, "kept", map[string]string{"k": "v"}), applyOptions{})
	ctx := framework.TestContext(t)
	if err := e.fcp.Stop(ctx); err != nil {
		t.Fatal(err)
	}

	// Check the host once its aggregator has noticed, as it would be long after a crash.
	eventually(t, "the host reports fcp's APIService unavailable", func(ctx context.Context) error {
		out, _, err := e.host.Kubectl(ctx, "get", "apiservice", e.fcp.APIServiceName(),
			"-o", `jsonpath={.status.conditions[?(@.type=="Available")].status}`)
		if err == nil && out != "False" {
			err = fmt.Errorf("Available is %q", out)
		}
		return err
	})
	e.mustKubectl(t, "get", "pods", "-A")
	out, stderr, err := e.kubectl(t, "api-resources")
	resources := tableRows(out)
	listed := func(name string) bool {
		return slices.ContainsFunc(resources, func(row []string) bool { return row[0] == name })
	}
	t.Logf("kubectl api-resources with fcp down: exit %d, lists federatedconfigmaps: %t, stderr %q",
		exitCode(err), listed("federatedconfigmaps"), stderr)
	if !listed("pods") || !listed("deployments") {
		t.Errorf("kubectl api-resources with fcp down does not list built-in resources:\n%s", out)
	}
	var failure string
	eventually(t, "federation requests fail while fcp is down", func(ctx context.Context) error {
		_, stderr, err := e.host.Kubectl(ctx, "get", "fcm", "-n", ns)
		failure = stderr
		switch {
		case err == nil:
			return errors.New("kubectl get fcm succeeded")
		case strings.Contains(stderr, "ServiceUnavailable"), strings.Contains(stderr, "the server doesn't have a resource type"):
			return nil
		}
		return fmt.Errorf("unexpected failure: %w", err)
	})
	t.Logf("kubectl get fcm with fcp down: %q", failure)
	if _, err := e.fed.FederationV1beta1().FederatedConfigMaps(ns).Get(ctx, "kept", metav1.GetOptions{}); !apierrors.IsServiceUnavailable(err) {
		t.Errorf("clientset get with fcp down: %v, want ServiceUnavailable", err)
	}

	if err := e.fcp.Start(ctx); err != nil {
		t.Fatal(err)
	}
	eventually(t, "kubectl get fcm works after fcp is back", func(ctx context.Context) error {
		_, _, err := e.host.Kubectl(ctx, "get", "fcm", "kept", "-n", ns)
		return err
	})
}
