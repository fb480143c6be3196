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
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/generated/clientset/versioned"
)

// TestFirstDay runs what a team meets on its first day with federation, with the whole
// product running (fcp apiserver and fcp controller-manager, default flags): overrides of
// the member copies' labels and annotations, overrides that cannot be rendered, and a member
// whose namespace is being deleted. The scenarios share one environment, in order; each
// works in namespaces of its own.
func TestFirstDay(t *testing.T) {
	e := startControllersEnv(t, nil, nil)
	t.Run("overrides of labels and annotations keep federation's markers", func(t *testing.T) { testOverridesKeepMarkers(t, e) })
	t.Run("an update adding a labels override keeps the markers", func(t *testing.T) { testUpdateKeepsMarkers(t, e) })
	t.Run("unrenderable overrides are refused before anything is stored", func(t *testing.T) { testUnrenderableCreate(t, e) })
	t.Run("an update adding an unrenderable override is refused", func(t *testing.T) { testUnrenderableUpdate(t, e) })
	t.Run("a member's terminating namespace fails that member alone", func(t *testing.T) { testTerminatingNamespace(t, e) })
	t.Run("a corrected request after a pre-flight refusal goes through", func(t *testing.T) { testRefusedThenCorrected(t, e) })
}

// markerCase is an override of member-1's labels or annotations and what member-1's copy
// then carries.
type markerCase struct {
	kind, name string
	patch      fedv1beta1.OverridePatch
	// labels are member-1's copy's labels, exactly.
	labels map[string]string
	// annotations are among member-1's copy's annotations; absent are not.
	annotations map[string]string
	absent      []string
}

// markerCases are the shapes of the overrides: each starts from a template labelled
// app=settings and annotated note=from-template.
func markerCases() []markerCase {
	labelled := map[string]string{"app": "settings", managedLabel: "true"}
	annotated := map[string]string{"note": "from-template"}
	blue := map[string]string{"team": "blue", managedLabel: "true"}
	return []markerCase{
		{kind: "FederatedConfigMap", name: "replace-labels", patch: overridePatch("replace", "/metadata/labels", `{"team":"blue"}`), labels: blue, annotations: annotated},
		{kind: "FederatedConfigMap", name: "add-labels", patch: overridePatch("add", "/metadata/labels", `{"team":"blue"}`), labels: blue, annotations: annotated},
		{kind: "FederatedConfigMap", name: "empty-labels", patch: overridePatch("replace", "/metadata/labels", `{}`), labels: map[string]string{managedLabel: "true"}, annotations: annotated},
		{kind: "FederatedConfigMap", name: "remove-labels", patch: overridePatch("remove", "/metadata/labels", ""), labels: map[string]string{managedLabel: "true"}, annotations: annotated},
		{kind: "FederatedConfigMap", name: "replace-annotations", patch: overridePatch("replace", "/metadata/annotations", `{"team":"blue"}`),
			labels: labelled, annotations: map[string]string{"team": "blue"}, absent: []string{"note"}},
		{kind: "FederatedConfigMap", name: "remove-annotations", patch: overridePatch("remove", "/metadata/annotations", ""), labels: labelled, absent: []string{"note"}},
		{kind: "FederatedConfigMap", name: "managed-false", patch: overridePatch("replace", "/metadata/labels/federation.k8s.io~1managed", `"false"`), labels: labelled, annotations: annotated},
		{kind: "FederatedConfigMap", name: "other-origin", patch: overridePatch("replace", "/metadata/annotations/federation.k8s.io~1origin", `"FederatedConfigMap.federation.k8s.io/elsewhere/other"`), labels: labelled, annotations: annotated},
		{kind: "FederatedConfigMap", name: "remove-origin", patch: overridePatch("remove", "/metadata/annotations/federation.k8s.io~1origin", ""), labels: labelled, annotations: annotated},
		{kind: "FederatedDeployment", name: "replace-labels", patch: overridePatch("replace", "/metadata/labels", `{"team":"blue"}`), labels: blue, annotations: annotated},
		{kind: "FederatedSecret", name: "remove-annotations", patch: overridePatch("remove", "/metadata/annotations", ""), labels: labelled, absent: []string{"note"}},
		{kind: "FederatedSecret", name: "replace-labels", patch: overridePatch("replace", "/metadata/labels", `{"team":"blue"}`), labels: blue, annotations: annotated},
	}
}

// wantCopyMeta fails t unless member's copy of obj has exactly labels, has annotations and
// federation's origin, and lacks absent.
func wantCopyMeta(t *testing.T, e *ctlEnv, member string, obj fedv1beta1.FederatedObject, labels, annotations map[string]string, absent []string) {
	t.Helper()
	cp := e.member1
	if member == e.member2.Name() {
		cp = e.member2
	}
	var got metav1.PartialObjectMetadata
	if !getJSON(t, cp, obj.GetNamespace(), memberKind(obj), obj.GetName(), &got) {
		t.Errorf("%s: no %s %s/%s", member, memberKind(obj), obj.GetNamespace(), obj.GetName())
		return
	}
	if d := cmp.Diff(labels, got.Labels); d != "" {
		t.Errorf("%s: labels of %s %s (-want +got):\n%s", member, memberKind(obj), obj.GetName(), d)
	}
	want := maps.Clone(annotations)
	if want == nil {
		want = map[string]string{}
	}
	want[originAnnotation] = originOf(obj)
	for k, v := range want {
		if got.Annotations[k] != v {
			t.Errorf("%s: %s %s annotation %s=%q, want %q (annotations %v)", member, memberKind(obj), obj.GetName(), k, got.Annotations[k], v, got.Annotations)
		}
	}
	for _, k := range absent {
		if v, ok := got.Annotations[k]; ok {
			t.Errorf("%s: %s %s has annotation %s=%q, want none", member, memberKind(obj), obj.GetName(), k, v)
		}
	}
}

func testOverridesKeepMarkers(t *testing.T, e *ctlEnv) {
	ns := e.newNamespace(t, "fd-markers")
	cases := markerCases()
	var objs []fedv1beta1.FederatedObject
	for _, c := range cases {
		o := sampleFederated(t, c.kind, ns, c.name)
		meta := templateMeta(t, o)
		meta.Labels, meta.Annotations = map[string]string{"app": "settings"}, map[string]string{"note": "from-template"}
		o.GetPropagation().Overrides = []fedv1beta1.ClusterOverride{overrideFor("member-1", c.patch)}
		objs = append(objs, o)
	}
	// Applies them all and waits with kubectl wait --for=condition=Propagated.
	e.createPropagated(t, ns, objs)
	for i, c := range cases {
		t.Run(c.kind+"/"+c.name, func(t *testing.T) {
			wantCopyMeta(t, e, "member-1", objs[i], c.labels, c.annotations, c.absent)
			wantCopyMeta(t, e, "member-2", objs[i], map[string]string{"app": "settings", managedLabel: "true"}, map[string]string{"note": "from-template"}, nil)
		})
	}

	e.mustKubectl(t, append([]string{"delete", "-n", ns, "--timeout=60s"}, kubectlRefs(objs)...)...)
	for _, o := range objs {
		e.wantNotFound(t, ns, hostKind(o), o.GetName())
		for _, m := range e.members() {
			wantMemberNotFound(t, m, ns, memberKind(o), o.GetName())
		}
	}
}

// testUpdateKeepsMarkers adds an override replacing the labels to a propagated object: the
// copy loses the template's label, keeps federation's, and still goes with the object.
func testUpdateKeepsMarkers(t *testing.T, e *ctlEnv) {
	ns := e.newNamespace(t, "fd-markers-update")
	o := sampleFederated(t, "FederatedConfigMap", ns, "later")
	templateMeta(t, o).Labels = map[string]string{"app": "settings"}
	e.createPropagated(t, ns, []fedv1beta1.FederatedObject{o})

	o.GetPropagation().Overrides = []fedv1beta1.ClusterOverride{
		overrideFor("member-1", overridePatch("replace", "/metadata/labels", `{"team":"blue"}`)),
		overrideFor("member-2", overridePatch("remove", "/metadata/labels", "")),
	}
	e.mustApply(t, ns, o, applyOptions{})
	e.wantPropagated(t, ns, o.GetName())
	wantCopyMeta(t, e, "member-1", o, map[string]string{"team": "blue", managedLabel: "true"}, nil, nil)
	wantCopyMeta(t, e, "member-2", o, map[string]string{managedLabel: "true"}, nil, nil)

	e.mustKubectl(t, "delete", kubectlRef(o), "-n", ns, "--timeout=60s")
	for _, m := range e.members() {
		wantMemberNotFound(t, m, ns, memberKind(o), o.GetName())
	}
}

// unrenderable is an object whose overrides cannot be rendered, and the field the refusal
// names.
type unrenderable struct {
	name  string
	obj   fedv1beta1.FederatedObject
	field string
}

// unrenderableObjects returns objects in ns whose overrides cannot be rendered for some
// cluster: paths the template lacks, values of the wrong type, fields the member kind does
// not have, in the first patch, a later patch, a later override, a cluster not placed.
func unrenderableObjects(t *testing.T, ns string) []unrenderable {
	with := func(kind, name string, overrides ...fedv1beta1.ClusterOverride) fedv1beta1.FederatedObject {
		o := sampleFederated(t, kind, ns, name)
		o.GetPropagation().Overrides = overrides
		return o
	}
	notPlaced := with("FederatedConfigMap", "not-placed", overrideFor("member-2", overridePatch("remove", "/data/nope", "")))
	*notPlaced.GetPropagation() = fedv1beta1.PropagationSpec{Placement: placedOn("member-1").Placement, Overrides: notPlaced.GetPropagation().Overrides}
	first := "spec.overrides[0].patches[0]"
	return []unrenderable{
		{"add to a list the container lacks", with("FederatedDeployment", "env-append",
			overrideFor("member-1", overridePatch("add", "/spec/template/spec/containers/0/env/-", `{"name":"A","value":"1"}`))), first},
		{"remove of a missing key", with("FederatedConfigMap", "remove-missing", overrideFor("member-1", overridePatch("remove", "/data/missing", ""))), first},
		{"remove of a missing key in a Secret", with("FederatedSecret", "remove-missing", overrideFor("member-2", overridePatch("remove", "/data/missing", ""))), first},
		{"an index past the end of a list", with("FederatedDeployment", "past-the-end",
			overrideFor("member-1", overridePatch("replace", "/spec/template/spec/containers/3/image", `"pause"`))), first},
		{"a number of replicas as a string", with("FederatedDeployment", "replicas-string", overrideFor("member-1", overridePatch("replace", "/spec/replicas", `"three"`))), first},
		{"a field the member kind lacks", with("FederatedDeployment", "unknown-field", overrideFor("member-1", overridePatch("add", "/spec/replica", "3"))), first},
		{"data that is not a map", with("FederatedConfigMap", "data-number", overrideFor("member-1", overridePatch("replace", "/data", "5"))), first},
		{"labels that are not a map", with("FederatedConfigMap", "labels-list", overrideFor("member-1", overridePatch("replace", "/metadata/labels", `["team"]`))), first},
		{"the second patch, after one that applies", with("FederatedConfigMap", "second-patch",
			overrideFor("member-1", overridePatch("replace", "/data/k", `"hi"`), overridePatch("remove", "/data/nope", ""))), "spec.overrides[0].patches[1]"},
		{"the second override", with("FederatedConfigMap", "second-override",
			overrideFor("member-1", overridePatch("replace", "/data/k", `"hi"`)), overrideFor("member-2", overridePatch("remove", "/data/nope", ""))), "spec.overrides[1].patches[0]"},
		{"an override for a cluster not placed", notPlaced, first},
	}
}

// createTyped creates obj with the generated clientset.
func createTyped(ctx context.Context, t *testing.T, fed versioned.Interface, obj fedv1beta1.FederatedObject) error {
	t.Helper()
	c := fed.FederationV1beta1()
	var err error
	switch o := obj.(type) {
	case *fedv1beta1.FederatedConfigMap:
		_, err = c.FederatedConfigMaps(o.Namespace).Create(ctx, o, metav1.CreateOptions{})
	case *fedv1beta1.FederatedSecret:
		_, err = c.FederatedSecrets(o.Namespace).Create(ctx, o, metav1.CreateOptions{})
	case *fedv1beta1.FederatedDeployment:
		_, err = c.FederatedDeployments(o.Namespace).Create(ctx, o, metav1.CreateOptions{})
	default:
		t.Fatalf("no typed client for %T: give the kind a case here", obj)
	}
	return err
}

func testUnrenderableCreate(t *testing.T, e *ctlEnv) {
	ns := e.newNamespace(t, "fd-unrenderable")
	for _, c := range unrenderableObjects(t, ns) {
		t.Run(c.name, func(t *testing.T) {
			wantRefused(t, e, c.obj, c.field)
			// The same request from a client: 422 Invalid, the patch named as the cause.
			err := createTyped(t.Context(), t, e.fed, c.obj)
			if err := wantInvalidCause(err, c.field); err != nil {
				t.Errorf("create %s with the clientset: %v", kubectlRef(c.obj), err)
			}
			e.wantNotFound(t, ns, hostKind(c.obj), c.obj.GetName())
		})
	}
	t.Run("a server-side dry run", func(t *testing.T) {
		c := unrenderableObjects(t, ns)[0]
		_, stderr, err := e.apply(t, ns, c.obj, applyOptions{DryRunServer: true})
		if exitCode(err) != 1 || !strings.Contains(stderr, c.field+": Invalid value") {
			t.Errorf("kubectl apply --dry-run=server of %s: %v, stderr %q; want exit code 1 naming %s", kubectlRef(c.obj), err, stderr, c.field)
		}
	})
	// Refused before pre-flight: no member was asked anything, so none has even the namespace.
	for _, m := range e.members() {
		wantMemberNotFound(t, m, "", "namespace", ns)
	}
}

// wantRefused fails t unless `kubectl apply` of obj exits 1 with a message naming field.
func wantRefused(t *testing.T, e *ctlEnv, obj fedv1beta1.FederatedObject, field string) {
	t.Helper()
	_, stderr, err := e.apply(t, obj.GetNamespace(), obj, applyOptions{})
	t.Logf("kubectl apply of %s: %s", kubectlRef(obj), strings.TrimSpace(stderr))
	if code := exitCode(err); code != 1 {
		t.Errorf("kubectl apply of %s: exit code %d (%v), want 1\n%s", kubectlRef(obj), code, err, stderr)
	}
	for _, want := range []string{"is invalid", field + ": Invalid value"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("kubectl apply of %s: stderr lacks %q:\n%s", kubectlRef(obj), want, stderr)
		}
	}
}

// wantInvalidCause returns nil when err is a 422 Invalid whose causes name field.
func wantInvalidCause(err error, field string) error {
	status, ok := err.(interface{ Status() metav1.Status })
	if !ok {
		return fmt.Errorf("error %v, want a 422 Invalid Status", err)
	}
	st := status.Status()
	if st.Code != 422 || st.Reason != metav1.StatusReasonInvalid || st.Details == nil {
		return fmt.Errorf("status %d %s (%s), want 422 Invalid with details", st.Code, st.Reason, st.Message)
	}
	if !slices.ContainsFunc(st.Details.Causes, func(c metav1.StatusCause) bool { return c.Field == field }) {
		return fmt.Errorf("causes %+v, want one naming %s", st.Details.Causes, field)
	}
	return nil
}

// testUnrenderableUpdate changes propagated objects and adds an override that cannot be
// rendered in the same apply: refused, and neither the stored object nor the copies change.
func testUnrenderableUpdate(t *testing.T, e *ctlEnv) {
	ns := e.newNamespace(t, "fd-unrenderable-update")
	cm, deploy := sampleFederated(t, "FederatedConfigMap", ns, "settings"), sampleFederated(t, "FederatedDeployment", ns, "web")
	e.createPropagated(t, ns, []fedv1beta1.FederatedObject{cm, deploy})
	stored := map[string]metav1.PartialObjectMetadata{}
	for _, o := range []fedv1beta1.FederatedObject{cm, deploy} {
		var m metav1.PartialObjectMetadata
		getJSON(t, e.host, ns, hostKind(o), o.GetName(), &m)
		stored[kubectlRef(o)] = m
	}
	changedCM := func(overrides ...fedv1beta1.ClusterOverride) fedv1beta1.FederatedObject {
		o := cm.DeepCopyObject().(*fedv1beta1.FederatedConfigMap)
		o.Spec.Template.Data = map[string]string{"k": "changed"}
		o.Spec.Overrides = overrides
		return o
	}
	changedDeploy := deploy.DeepCopyObject().(*fedv1beta1.FederatedDeployment)
	changedDeploy.Spec.Template.Spec.Template.Spec.Containers[0].Image = "registry.k8s.io/pause:3.9"
	changedDeploy.Spec.Overrides = []fedv1beta1.ClusterOverride{
		overrideFor("member-2", overridePatch("add", "/spec/template/spec/containers/0/env/-", `{"name":"A","value":"1"}`)),
	}
	for _, c := range []unrenderable{
		{"remove of a missing key", changedCM(overrideFor("member-1", overridePatch("remove", "/data/missing", ""))), "spec.overrides[0].patches[0]"},
		{"the second patch", changedCM(overrideFor("member-2", overridePatch("replace", "/data/k", `"x"`), overridePatch("remove", "/data/nope", ""))), "spec.overrides[0].patches[1]"},
		{"the second override", changedCM(overrideFor("member-1", overridePatch("replace", "/data/k", `"x"`)), overrideFor("member-2", overridePatch("replace", "/data/k/x", `"y"`))), "spec.overrides[1].patches[0]"},
		{"a cluster not placed", changedCM(overrideFor("member-3", overridePatch("remove", "/data/nope", ""))), "spec.overrides[0].patches[0]"},
		{"add to a list the container lacks", changedDeploy, "spec.overrides[0].patches[0]"},
	} {
		t.Run(c.name, func(t *testing.T) {
			wantRefused(t, e, c.obj, c.field)
			var got metav1.PartialObjectMetadata
			if !getJSON(t, e.host, ns, hostKind(c.obj), c.obj.GetName(), &got) {
				t.Fatalf("%s is gone after a refused update", kubectlRef(c.obj))
			}
			if before := stored[kubectlRef(c.obj)]; got.ResourceVersion != before.ResourceVersion || got.Generation != before.Generation {
				t.Errorf("%s: resourceVersion %s -> %s, generation %d -> %d after a refused update, want both unchanged",
					kubectlRef(c.obj), before.ResourceVersion, got.ResourceVersion, before.Generation, got.Generation)
			}
		})
	}
	for _, m := range e.members() {
		wantMemberData(t, m, ns, "settings", map[string]string{"k": "v"})
		var d struct {
			Spec struct {
				Template struct {
					Spec struct{ Containers []map[string]any }
				}
			}
		}
		if !getJSON(t, m, ns, "deployment.apps", "web", &d) {
			t.Errorf("%s: Deployment web is gone after a refused update", m.Name())
		} else if fmt.Sprint(d.Spec.Template.Spec.Containers[0]["image"]) != "registry.k8s.io/pause:3.10" {
			t.Errorf("%s: Deployment web runs %v after a refused update, want the image unchanged", m.Name(), d.Spec.Template.Spec.Containers[0]["image"])
		}
	}
}
