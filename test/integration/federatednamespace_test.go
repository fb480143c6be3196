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
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/test/integration/framework"
)

// createdAnnotation marks a member namespace federation created (pkg/kinds CreatedAnnotation).
const createdAnnotation = "federation.k8s.io/created"

// namespaceResync is the controller-manager's --resync-period in TestFederatedNamespace.
const namespaceResync = 2 * time.Second

// TestFederatedNamespace runs FederatedNamespaces, the cluster-scoped kind, through the whole
// product (fcp apiserver and fcp controller-manager) with members that run
// kube-controller-manager, so a deleted namespace is emptied and removed as in a real
// cluster. A user creates, overrides, updates and moves them with kubectl and no -n; a
// member-side label change is undone; resyncs write nothing; a FederatedConfigMap lives in
// one. Deleting one deletes a member namespace only where federation created it and it holds
// nothing federation does not manage; a user's namespace or ConfigMap is kept, and the user
// is told with a MemberKept event. The scenarios share the environment, in order.
func TestFederatedNamespace(t *testing.T) {
	e := startControllersEnvWithMembers(t, framework.Options{ControllerManager: true}, nil,
		[]string{"--resync-period=" + namespaceResync.String()})
	t.Run("create with an override then update and drift and resyncs", func(t *testing.T) { testFNSLifecycle(t, e) })
	t.Run("a FederatedConfigMap in a federated namespace", func(t *testing.T) { testFNSHoldsFederatedObject(t, e) })
	t.Run("placement change deletes the namespace federation created", func(t *testing.T) { testFNSPlacementChange(t, e) })
	t.Run("delete keeps a namespace holding a user's ConfigMap", func(t *testing.T) { testFNSDeleteKeepsUserContent(t, e) })
	t.Run("a user's namespace is adopted and kept", func(t *testing.T) { testFNSAdoptsUserNamespace(t, e) })
	t.Run("kubectl delete --cascade=orphan keeps every namespace", func(t *testing.T) { testFNSOrphan(t, e) })
	t.Run("the artifacts' roles: view reads and edit does not write and namespaces-edit writes", func(t *testing.T) { testFNSRBAC(t, e) })
}

// testFNSRBAC binds the artifacts' ClusterRoles (this host runs no kube-controller-manager
// to aggregate them) with ClusterRoleBindings, as FederatedNamespaces are cluster-scoped:
// federation-view reads them, federation-edit (what the host's edit gains) does not write
// them, as edit does not write namespaces, and federation-namespaces-edit does.
func testFNSRBAC(t *testing.T, e *ctlEnv) {
	e.applyArtifactRoles(t)
	users := map[string]*framework.User{}
	for _, role := range []string{"federation-view", "federation-edit", "federation-namespaces-edit"} {
		u, err := e.host.IssueUser("fns-" + role)
		if err != nil {
			t.Fatal(err)
		}
		users[role] = u
		e.mustKubectl(t, "create", "clusterrolebinding", u.Name, "--clusterrole="+role, "--user="+u.Name)
	}
	manifest := writeManifest(t, newFNS("team-rbac", map[string]string{"team": "rbac"}))
	// The authorizer sees new bindings through an informer: retry until it has.
	eventually(t, "federation-namespaces-edit creates a FederatedNamespace", func(ctx context.Context) error {
		_, stderr, err := e.host.KubectlAs(ctx, users["federation-namespaces-edit"], "apply", "-f", manifest)
		if err != nil {
			return fmt.Errorf("%w: %s", err, stderr)
		}
		return nil
	})
	eventually(t, "federation-view lists FederatedNamespaces", func(ctx context.Context) error {
		out, stderr, err := e.host.KubectlAs(ctx, users["federation-view"], "get", "fns", "-o", "name")
		if err != nil {
			return fmt.Errorf("%w: %s", err, stderr)
		}
		if !strings.Contains(out, "team-rbac") {
			return fmt.Errorf("kubectl get fns: %q", out)
		}
		return nil
	})
	for _, role := range []string{"federation-view", "federation-edit"} {
		_, stderr, err := e.host.KubectlAs(t.Context(), users[role], "delete", "fns", "team-rbac")
		if err == nil || !strings.Contains(stderr, "forbidden") {
			t.Errorf("%s deleted a FederatedNamespace: err %v, stderr %q; want forbidden", role, err, stderr)
		}
	}
	e.mustKubectl(t, "delete", "fns", "team-rbac", "--timeout=60s")
}

// newFNS returns a FederatedNamespace name placed on both members with labels.
func newFNS(name string, labels map[string]string) *fedv1beta1.FederatedNamespace {
	fns := &fedv1beta1.FederatedNamespace{
		TypeMeta:   metav1.TypeMeta{APIVersion: fedv1beta1.SchemeGroupVersion.String(), Kind: "FederatedNamespace"},
		ObjectMeta: metav1.ObjectMeta{Name: name},
	}
	fns.Spec.Template.Labels = labels
	fns.Spec.PropagationSpec = placedOn("member-1", "member-2")
	return fns
}

// applyFNS applies fns with kubectl (no -n: it is cluster-scoped) and waits until it is
// Propagated.
func (e *ctlEnv) applyFNS(t *testing.T, fns *fedv1beta1.FederatedNamespace) {
	t.Helper()
	e.mustApply(t, "", fns, applyOptions{})
	if _, stderr, err := e.kubectl(t, "wait", "--for=condition=Propagated", "fns/"+fns.Name, "--timeout=60s"); err != nil {
		t.Fatalf("kubectl wait fns/%s: %v\n%s", fns.Name, err, stderr)
	}
}

// eventuallyMemberNamespaceLabels waits until member's namespace name has every label of
// want (nil value: the label is absent).
func eventuallyMemberNamespaceLabels(t *testing.T, member *framework.ControlPlane, name string, want map[string]*string) *corev1.Namespace {
	t.Helper()
	var ns *corev1.Namespace
	eventually(t, fmt.Sprintf("%s: namespace %s labelled %v", member.Name(), name, want), func(context.Context) error {
		if ns = memberNamespace(t, member, name); ns == nil {
			return fmt.Errorf("no namespace %s", name)
		}
		for k, v := range want {
			got, ok := ns.Labels[k]
			if (v == nil && ok) || (v != nil && (!ok || got != *v)) {
				return fmt.Errorf("labels %v", ns.Labels)
			}
		}
		return nil
	})
	return ns
}

func str(s string) *string { return &s }

func testFNSLifecycle(t *testing.T, e *ctlEnv) {
	fns := newFNS("team-a", map[string]string{"team": "a", "tier": "gold"})
	fns.Spec.Overrides = []fedv1beta1.ClusterOverride{replaceOverride("member-2", "/metadata/labels/tier", `"silver"`)}
	e.applyFNS(t, fns)
	tiers := map[string]string{"member-1": "gold", "member-2": "silver"}
	for _, m := range e.members() {
		ns := eventuallyMemberNamespaceLabels(t, m, "team-a", map[string]*string{"team": str("a"), "tier": str(tiers[m.Name()]), managedLabel: str("true")})
		if got := ns.Annotations[originAnnotation]; got != "FederatedNamespace.federation.k8s.io//team-a" {
			t.Errorf("%s: origin %q, want FederatedNamespace//team-a", m.Name(), got)
		}
		if got := ns.Annotations[createdAnnotation]; got != "true" {
			t.Errorf("%s: %s=%q, want true: federation created it", m.Name(), createdAnnotation, got)
		}
	}

	t.Run("kubectl get fns without -n prints STATUS Active", func(t *testing.T) {
		eventually(t, "STATUS Active", func(context.Context) error {
			rows := tableRows(e.mustKubectl(t, "get", "fns", "team-a"))
			if len(rows) != 2 || len(rows[1]) < 4 {
				return fmt.Errorf("rows %v", rows)
			}
			want := []string{"team-a", "Active", "2/2", "True"}
			if d := cmp.Diff([]string{"NAME", "STATUS", "CLUSTERS", "PROPAGATED"}, rows[0][:4]); d != "" {
				return fmt.Errorf("header (-want +got):\n%s", d)
			}
			if d := cmp.Diff(want, rows[1][:4]); d != "" {
				return fmt.Errorf("row (-want +got):\n%s", d)
			}
			return nil
		})
		for _, m := range e.members() {
			if got := statusRowOf(e.federatedStatus(t, fns), m.Name()).MemberPhase; got != "Active" {
				t.Errorf("status.clusters[%s].memberPhase = %q, want Active", m.Name(), got)
			}
		}
	})

	t.Run("kubectl explain reaches the template's labels", func(t *testing.T) {
		// The host aggregates fcp's OpenAPI asynchronously.
		eventually(t, "kubectl explain fns.spec.template.metadata.labels", func(ctx context.Context) error {
			out, _, err := e.host.Kubectl(ctx, "explain", "fns.spec.template.metadata.labels")
			if err != nil {
				return err
			}
			if !strings.Contains(out, "map[string]string") {
				return fmt.Errorf("output lacks the labels' type:\n%s", out)
			}
			return nil
		})
	})

	t.Run("update changes and adds labels and an annotation", func(t *testing.T) {
		fns.Spec.Template.Labels = map[string]string{"team": "a", "tier": "platinum", "cost-center": "42"}
		fns.Spec.Template.Annotations = map[string]string{"owner": "team-a@example.com"}
		e.applyFNS(t, fns)
		tiers := map[string]string{"member-1": "platinum", "member-2": "silver"}
		for _, m := range e.members() {
			ns := eventuallyMemberNamespaceLabels(t, m, "team-a", map[string]*string{"tier": str(tiers[m.Name()]), "cost-center": str("42")})
			if got := ns.Annotations["owner"]; got != "team-a@example.com" {
				t.Errorf("%s: annotation owner=%q", m.Name(), got)
			}
		}
	})

	t.Run("a member-side label change is undone", func(t *testing.T) {
		e.memberKubectl(t, e.member1, "label", "namespace", "team-a", "team=b", "--overwrite")
		eventuallyMemberNamespaceLabels(t, e.member1, "team-a", map[string]*string{"team": str("a")})
	})

	t.Run("resyncs write nothing", func(t *testing.T) {
		// The namespace controller and the first reconciles settle first.
		e.waitReconciles(t, "FederatedNamespace", e.fightCounts(t, "namespaces", "FederatedNamespace").reconciles+2, namespaceResync)
		versions := map[string]string{}
		for _, m := range e.members() {
			versions[m.Name()] = memberNamespace(t, m, "team-a").ResourceVersion
		}
		hostVersion := e.federatedResourceVersion(t, fns)
		before := e.fightCounts(t, "namespaces", "FederatedNamespace")
		e.waitReconciles(t, "FederatedNamespace", before.reconciles+3, 3*namespaceResync)
		after := e.fightCounts(t, "namespaces", "FederatedNamespace")
		for _, m := range e.members() {
			if got := memberNamespace(t, m, "team-a").ResourceVersion; got != versions[m.Name()] {
				t.Errorf("%s: namespace team-a went from resourceVersion %s to %s", m.Name(), versions[m.Name()], got)
			}
			if d := after.applies[m.Name()] - before.applies[m.Name()]; d != 0 {
				t.Errorf("%s: %v applies of namespaces during resyncs, want 0", m.Name(), d)
			}
		}
		if got := e.federatedResourceVersion(t, fns); got != hostVersion {
			t.Errorf("fns/team-a went from resourceVersion %s to %s during resyncs", hostVersion, got)
		}
	})
}

// testFNSHoldsFederatedObject: a FederatedConfigMap in the federated namespace is written
// into it, and the namespace stays the FederatedNamespace's.
func testFNSHoldsFederatedObject(t *testing.T, e *ctlEnv) {
	e.newNamespace(t, "team-a") // the host namespace of the FederatedConfigMap
	e.mustApply(t, "team-a", newFCM("team-a", "settings", map[string]string{"color": "blue"}), applyOptions{})
	e.wantPropagated(t, "team-a", "settings")
	for _, m := range e.members() {
		wantMemberData(t, m, "team-a", "settings", map[string]string{"color": "blue"})
		ns := memberNamespace(t, m, "team-a")
		if got := ns.Annotations[originAnnotation]; got != "FederatedNamespace.federation.k8s.io//team-a" {
			t.Errorf("%s: namespace origin %q after the ConfigMap, want FederatedNamespace//team-a", m.Name(), got)
		}
	}
}

// deletedOrGone reports whether member's namespace name with uid has been deleted: gone,
// terminating, or made again (another uid).
func deletedOrGone(t *testing.T, member *framework.ControlPlane, name string, uid string) bool {
	ns := memberNamespace(t, member, name)
	return ns == nil || string(ns.UID) != uid || ns.DeletionTimestamp != nil
}

func testFNSPlacementChange(t *testing.T, e *ctlEnv) {
	fns := newFNS("team-b", map[string]string{"team": "b"})
	e.applyFNS(t, fns)
	uid := string(memberNamespace(t, e.member2, "team-b").UID)
	fns.Spec.PropagationSpec = placedOn("member-1")
	e.applyFNS(t, fns)
	eventually(t, "member-2's namespace team-b, federation's and empty, is deleted", func(context.Context) error {
		if ns := memberNamespace(t, e.member2, "team-b"); ns != nil {
			return fmt.Errorf("namespace team-b (uid %s, was %s) phase %s", ns.UID, uid, ns.Status.Phase)
		}
		return nil
	})
	eventuallyMemberNamespaceLabels(t, e.member1, "team-b", map[string]*string{"team": str("b")})
}

// testFNSDeleteKeepsUserContent: the namespaces federation created for team-c hold the
// copies of a FederatedConfigMap; member-1's also holds a user's own ConfigMap. Deleting the
// FederatedNamespace deletes member-2's namespace, with the federated copy, and keeps
// member-1's, released, with the user's ConfigMap intact; an event says why.
func testFNSDeleteKeepsUserContent(t *testing.T, e *ctlEnv) {
	e.applyFNS(t, newFNS("team-c", map[string]string{"team": "c"}))
	e.newNamespace(t, "team-c")
	e.mustApply(t, "team-c", newFCM("team-c", "settings", map[string]string{"color": "green"}), applyOptions{})
	e.wantPropagated(t, "team-c", "settings")
	e.memberKubectl(t, e.member1, "create", "configmap", "mine", "-n", "team-c", "--from-literal=keep=me")
	uids := map[string]string{}
	for _, m := range e.members() {
		uids[m.Name()] = string(memberNamespace(t, m, "team-c").UID)
	}
	// kubectl delete returns once the storage layer or the controller has removed the
	// namespace from every member.
	e.mustKubectl(t, "delete", "fns", "team-c", "--timeout=60s")
	if !deletedOrGone(t, e.member2, "team-c", uids["member-2"]) {
		t.Errorf("member-2: namespace team-c, created by federation and holding only a federated copy, was not deleted")
	}
	ns := memberNamespace(t, e.member1, "team-c")
	switch {
	case ns == nil || string(ns.UID) != uids["member-1"] || ns.DeletionTimestamp != nil:
		t.Fatalf("member-1: namespace team-c holding a user's ConfigMap was deleted: %+v", ns)
	case ns.Labels[managedLabel] != "" || ns.Annotations[originAnnotation] != "" || ns.Annotations[createdAnnotation] != "":
		t.Errorf("member-1: kept namespace still marked as federation's: labels %v, annotations %v", ns.Labels, ns.Annotations)
	case ns.Labels["team"] != "c":
		t.Errorf("member-1: kept namespace lost the labels it had: %v", ns.Labels)
	}
	if cm := memberConfigMap(t, e.member1, "team-c", "mine"); cm == nil || cm.Data["keep"] != "me" {
		t.Errorf("member-1: the user's ConfigMap team-c/mine is %+v, want it intact", cm)
	}
	// Events about cluster-scoped objects live in the default namespace.
	e.wantEvent(t, metav1.NamespaceDefault, "team-c", "MemberKept", corev1.EventTypeWarning, "member-1", "configmaps/mine")
	e.mustKubectl(t, "delete", "fcm", "settings", "-n", "team-c", "--timeout=60s")
	eventually(t, "member-2's namespace team-c is gone", func(context.Context) error {
		if ns := memberNamespace(t, e.member2, "team-c"); ns != nil {
			return fmt.Errorf("namespace team-c (uid %s, was %s) phase %s", ns.UID, uids["member-2"], ns.Status.Phase)
		}
		return nil
	})
}

// testFNSAdoptsUserNamespace: member-1 already has namespace team-d, made by a user. The
// FederatedNamespace adopts it for its labels, keeping the user's, and never marks it as
// created; deleting the FederatedNamespace keeps it (released), and deletes member-2's,
// which federation created.
func testFNSAdoptsUserNamespace(t *testing.T, e *ctlEnv) {
	e.memberKubectl(t, e.member1, "create", "namespace", "team-d")
	e.memberKubectl(t, e.member1, "label", "namespace", "team-d", "owner=user")
	uid := string(memberNamespace(t, e.member1, "team-d").UID)
	e.applyFNS(t, newFNS("team-d", map[string]string{"team": "d"}))
	ns := eventuallyMemberNamespaceLabels(t, e.member1, "team-d", map[string]*string{"team": str("d"), "owner": str("user"), managedLabel: str("true")})
	if string(ns.UID) != uid {
		t.Errorf("member-1: namespace team-d was made again (uid %s, was %s)", ns.UID, uid)
	}
	if got, ok := ns.Annotations[createdAnnotation]; ok {
		t.Errorf("member-1: adopted namespace has %s=%q, want none", createdAnnotation, got)
	}
	m2uid := string(memberNamespace(t, e.member2, "team-d").UID)
	e.mustKubectl(t, "delete", "fns", "team-d", "--timeout=60s")
	ns = memberNamespace(t, e.member1, "team-d")
	if ns == nil || string(ns.UID) != uid || ns.DeletionTimestamp != nil {
		t.Fatalf("member-1: the user's namespace team-d was deleted: %+v", ns)
	}
	wantLabels := map[string]string{"owner": "user", "team": "d"}
	got := maps.Clone(ns.Labels)
	delete(got, corev1.LabelMetadataName)
	if d := cmp.Diff(wantLabels, got); d != "" {
		t.Errorf("member-1: kept namespace labels (-want +got):\n%s", d)
	}
	if !deletedOrGone(t, e.member2, "team-d", m2uid) {
		t.Errorf("member-2: namespace team-d, created by federation and empty, was not deleted")
	}
	e.wantEvent(t, metav1.NamespaceDefault, "team-d", "MemberKept", corev1.EventTypeWarning, "member-1", "did not create")
}

func testFNSOrphan(t *testing.T, e *ctlEnv) {
	e.applyFNS(t, newFNS("team-e", map[string]string{"team": "e"}))
	uids := map[string]string{}
	for _, m := range e.members() {
		uids[m.Name()] = string(memberNamespace(t, m, "team-e").UID)
	}
	e.mustKubectl(t, "delete", "fns", "team-e", "--cascade=orphan", "--timeout=60s")
	for _, m := range e.members() {
		ns := memberNamespace(t, m, "team-e")
		if ns == nil || string(ns.UID) != uids[m.Name()] || ns.DeletionTimestamp != nil {
			t.Errorf("%s: namespace team-e was deleted by an orphaning delete: %+v", m.Name(), ns)
			continue
		}
		var marks []string
		for _, k := range []string{originAnnotation, createdAnnotation} {
			if _, ok := ns.Annotations[k]; ok {
				marks = append(marks, k)
			}
		}
		if _, ok := ns.Labels[managedLabel]; ok {
			marks = append(marks, managedLabel)
		}
		if len(marks) > 0 {
			t.Errorf("%s: orphaned namespace team-e still has %s", m.Name(), strings.Join(marks, ", "))
		}
	}
}
