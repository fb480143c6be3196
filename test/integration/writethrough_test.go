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
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	appsv1 "k8s.io/api/apps/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/test/integration/framework"
)

// TestWriteThrough checks that federated objects reach the member clusters on create,
// update and delete, and what the response and status say when a member cannot take them.
// The scenarios share one host, fcp and two members to keep the wall time down; each works
// in its own namespace. member-down stops a member and restarts it; steady-state, last,
// checks that nothing is written once the others are done.
func TestWriteThrough(t *testing.T) {
	// The apiserver library's etcd compactor writes a key to fcp's etcd every 5 minutes;
	// turning it off lets steady-state count every write to fcp's storage exactly.
	e := startWriteThroughEnv(t, "--etcd-compaction-interval=0")
	for _, sc := range []struct {
		name string
		run  func(*testing.T, *wtEnv)
	}{
		{"propagate-update-delete", testPropagateUpdateDelete},
		{"orphan", testOrphan},
		{"user-finalizer", testUserFinalizer},
		{"deployment", testDeploymentGenerations},
		{"label-selector", testLabelSelectorPlacement},
		{"member-rejects", testMemberRejects},
		{"dry-run", testWriteThroughDryRun},
		{"conflict-and-adopt", testConflictAndAdopt},
		{"member-requests", testMemberRequests},
		{"credential-without-rights", testCredentialWithoutRights},
		{"member-down", testMemberDown},
		{"steady-state", testSteadyState},
	} {
		t.Run(sc.name, func(t *testing.T) { sc.run(t, e) })
	}
}

func testPropagateUpdateDelete(t *testing.T, e *wtEnv) {
	ns := e.newNamespace(t, "wt-propagate")
	fcm := newFCM(ns, "app", map[string]string{"x": "1", "y": "common"})
	fcm.Spec.Overrides = []fedv1beta1.ClusterOverride{replaceOverride("member-2", "/data/x", `"2"`)}
	e.mustApply(t, ns, fcm, applyOptions{})

	wantMemberData(t, e.member1, ns, "app", map[string]string{"x": "1", "y": "common"})
	wantMemberData(t, e.member2, ns, "app", map[string]string{"x": "2", "y": "common"})
	e.wantTable(t, ns, "app", "2/2", "True")
	e.mustKubectl(t, "wait", "--for=condition=Propagated", "fcm/app", "-n", ns, "--timeout=60s")
	e.wantClusterRows(t, ns, "app", []clusterRow{
		{Name: "member-1", Phase: fedv1beta1.PropagationPhasePropagated},
		{Name: "member-2", Phase: fedv1beta1.PropagationPhasePropagated},
	})

	fcm.Spec.Template.Data["y"] = "changed"
	e.mustApply(t, ns, fcm, applyOptions{})
	wantMemberData(t, e.member1, ns, "app", map[string]string{"x": "1", "y": "changed"})
	wantMemberData(t, e.member2, ns, "app", map[string]string{"x": "2", "y": "changed"})

	fcm.Spec.PropagationSpec = placedOn("member-1")
	e.mustApply(t, ns, fcm, applyOptions{})
	wantMemberData(t, e.member1, ns, "app", map[string]string{"x": "1", "y": "changed"})
	wantMemberNotFound(t, e.member2, ns, "configmap", "app")
	e.wantClusterRows(t, ns, "app", []clusterRow{{Name: "member-1", Phase: fedv1beta1.PropagationPhasePropagated}})
	e.wantTable(t, ns, "app", "1/1", "True")

	e.mustKubectl(t, "delete", "fcm", "app", "-n", ns)
	e.wantNotFound(t, ns, "fcm", "app")
	for _, m := range e.members() {
		wantMemberNotFound(t, m, ns, "configmap", "app")
	}
}

func testOrphan(t *testing.T, e *wtEnv) {
	ns := e.newNamespace(t, "wt-orphan")
	data := map[string]string{"k": "v"}
	e.mustApply(t, ns, newFCM(ns, "kept", data), applyOptions{})
	for _, m := range e.members() {
		wantMemberData(t, m, ns, "kept", data)
	}

	e.mustKubectl(t, "delete", "fcm", "kept", "-n", ns, "--cascade=orphan")
	e.wantNotFound(t, ns, "fcm", "kept")
	for _, m := range e.members() {
		cm := memberConfigMap(t, m, ns, "kept")
		if cm == nil {
			t.Errorf("%s: ConfigMap kept is gone after --cascade=orphan, want it left in place", m.Name())
			continue
		}
		if d := cmp.Diff(data, cm.Data); d != "" {
			t.Errorf("%s: data of the orphaned ConfigMap (-want +got):\n%s", m.Name(), d)
		}
		if _, ok := cm.Labels[managedLabel]; ok {
			t.Errorf("%s: orphaned ConfigMap still labelled %s: %v", m.Name(), managedLabel, cm.Labels)
		}
		if _, ok := cm.Annotations[originAnnotation]; ok {
			t.Errorf("%s: orphaned ConfigMap still annotated %s: %v", m.Name(), originAnnotation, cm.Annotations)
		}
	}
}

// testDeploymentGenerations propagates a FederatedDeployment with a replicas override and
// checks that status records each member object's generation. (ConfigMaps have none.)
func testDeploymentGenerations(t *testing.T, e *wtEnv) {
	ns := e.newNamespace(t, "wt-deployment")
	fd := newFDeploy(ns, "web", 2)
	fd.Spec.Overrides = []fedv1beta1.ClusterOverride{replaceOverride("member-2", "/spec/replicas", "1")}
	e.mustApply(t, ns, fd, applyOptions{})
	fd.Spec.Template.Spec.Template.Spec.Containers[0].Image = "registry.k8s.io/pause:3.9"
	e.mustApply(t, ns, fd, applyOptions{})

	var got fedv1beta1.FederatedDeployment
	if !getJSON(t, e.host, ns, "fdeploy", "web", &got) {
		t.Fatal("FederatedDeployment web not found on the host")
	}
	var rows []string
	for i, m := range e.members() {
		var d appsv1.Deployment
		if !getJSON(t, m, ns, "deployment", "web", &d) {
			t.Errorf("%s: Deployment web not found", m.Name())
			continue
		}
		if want := int32(2 - i); d.Spec.Replicas == nil || *d.Spec.Replicas != want {
			t.Errorf("%s: replicas %v, want %d", m.Name(), d.Spec.Replicas, want)
		}
		if img := d.Spec.Template.Spec.Containers[0].Image; img != "registry.k8s.io/pause:3.9" {
			t.Errorf("%s: image %s, want the updated one", m.Name(), img)
		}
		rows = append(rows, fmt.Sprintf("%s:%s:%d", m.Name(), fedv1beta1.PropagationPhasePropagated, d.Generation))
	}
	var gotRows []string
	for _, c := range got.Status.Clusters {
		gotRows = append(gotRows, fmt.Sprintf("%s:%s:%d", c.Name, c.Phase, c.Generation))
	}
	if d := cmp.Diff(rows, gotRows); d != "" {
		t.Errorf("status.clusters name:phase:generation against the members' Deployments (-members +status):\n%s", d)
	}
}

func testLabelSelectorPlacement(t *testing.T, e *wtEnv) {
	ns := e.newNamespace(t, "wt-selector")
	fcm := newFCM(ns, "prod-only", map[string]string{"env": "prod"})
	fcm.Spec.Placement = fedv1beta1.Placement{ClusterSelector: &metav1.LabelSelector{MatchLabels: map[string]string{"env": "prod"}}}
	e.mustApply(t, ns, fcm, applyOptions{})

	wantMemberData(t, e.member1, ns, "prod-only", map[string]string{"env": "prod"})
	wantMemberNotFound(t, e.member2, ns, "configmap", "prod-only")
	e.wantClusterRows(t, ns, "prod-only", []clusterRow{{Name: "member-1", Phase: fedv1beta1.PropagationPhasePropagated}})
	e.wantTable(t, ns, "prod-only", "1/1", "True")
}

// testMemberRejects applies a FederatedDeployment that our schema takes and the members'
// validation refuses: pre-flight must refuse the request with the member's message, also in
// a namespace the members do not have yet (pre-flight makes it to validate, and keeps it).
// The corrected request, seconds later, goes through: no namespace left terminating.
func testMemberRejects(t *testing.T, e *wtEnv) {
	for _, tc := range []struct {
		name string
		// membersHaveNamespace creates the namespace in the members first, as earlier
		// federated objects in it would have.
		membersHaveNamespace bool
	}{
		{name: "namespace-in-members", membersHaveNamespace: true},
		{name: "namespace-new-to-members"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ns := e.newNamespace(t, "wt-rejects-"+strconv.FormatBool(tc.membersHaveNamespace))
			if tc.membersHaveNamespace {
				for _, m := range e.members() {
					e.memberKubectl(t, m, "create", "namespace", ns)
				}
			}
			fd := newFDeploy(ns, "bad", 1)
			fd.Spec.Template.Spec.Template.Spec.Containers[0].Name = "Bad_Name"
			_, stderr, err := e.apply(t, ns, fd, applyOptions{})
			if err == nil {
				t.Errorf("kubectl apply of a FederatedDeployment the members reject succeeded, want it refused")
			}
			t.Logf("kubectl apply refused with: %s", strings.TrimSpace(stderr))
			for _, want := range []string{"spec.template.spec.template.spec.containers[0].name", "member cluster member-1", "Bad_Name"} {
				if !strings.Contains(stderr, want) {
					t.Errorf("kubectl apply stderr lacks %q:\n%s", want, stderr)
				}
			}
			e.wantNotFound(t, ns, "fdeploy", "bad")
			for _, m := range e.members() {
				wantMemberNotFound(t, m, ns, "deployment", "bad")
			}
			fd.Spec.Template.Spec.Template.Spec.Containers[0].Name = "good"
			e.mustApply(t, ns, fd, applyOptions{})
			for _, m := range e.members() {
				var got appsv1.Deployment
				if !getJSON(t, m, ns, "deployment", "bad", &got) {
					t.Errorf("member %s lacks the corrected Deployment", m.Name())
				}
			}
		})
	}
}

func testWriteThroughDryRun(t *testing.T, e *wtEnv) {
	ns := e.newNamespace(t, "wt-dry-run")
	data := map[string]string{"k": "v"}
	if out := e.mustApply(t, ns, newFCM(ns, "dry", data), applyOptions{DryRunServer: true}); !strings.Contains(out, "(server dry run)") {
		t.Errorf("kubectl apply --dry-run=server printed %q, want (server dry run)", out)
	}
	// What the dry run reports: the members lack the namespace, which the request would
	// create, so they could not check the object; that is not a failure.
	dry, err := e.fed.FederationV1beta1().FederatedConfigMaps(ns).Create(t.Context(), newFCM(ns, "dry", data),
		metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}})
	if err != nil {
		t.Fatal(err)
	}
	want := []clusterRow{
		{Name: "member-1", Phase: fedv1beta1.PropagationPhasePending, Reason: "NamespaceMissing"},
		{Name: "member-2", Phase: fedv1beta1.PropagationPhasePending, Reason: "NamespaceMissing"},
	}
	if d := cmp.Diff(want, clusterRows(dry.Status)); d != "" {
		t.Errorf("status.clusters of a dry-run create in a namespace new to the members (-want +got):\n%s", d)
	}
	e.wantNotFound(t, ns, "fcm", "dry")
	for _, m := range e.members() {
		wantMemberNotFound(t, m, ns, "configmap", "dry")
		wantMemberNotFound(t, m, "", "namespace", ns)
	}
	// An event is a write on the host too.
	if events, err := e.host.Client().EventsV1().Events(ns).List(t.Context(), metav1.ListOptions{}); err != nil {
		t.Fatal(err)
	} else if len(events.Items) > 0 {
		t.Errorf("dry runs recorded %d events in %s, the first: %s %s", len(events.Items), ns, events.Items[0].Reason, events.Items[0].Note)
	}

	fcm := newFCM(ns, "real", data)
	e.mustApply(t, ns, fcm, applyOptions{})
	before := map[string]string{}
	for _, m := range e.members() {
		wantMemberData(t, m, ns, "real", data)
		if cm := memberConfigMap(t, m, ns, "real"); cm != nil {
			before[m.Name()] = cm.ResourceVersion
		}
	}
	generation := e.getFCM(t, ns, "real").Generation

	fcm.Spec.Template.Data = map[string]string{"k": "changed"}
	if out := e.mustApply(t, ns, fcm, applyOptions{DryRunServer: true}); !strings.Contains(out, "(server dry run)") {
		t.Errorf("kubectl apply --dry-run=server printed %q, want (server dry run)", out)
	}
	for _, m := range e.members() {
		wantMemberData(t, m, ns, "real", data)
		if cm := memberConfigMap(t, m, ns, "real"); cm != nil && cm.ResourceVersion != before[m.Name()] {
			t.Errorf("%s: ConfigMap real changed (resourceVersion %s -> %s) by a dry run", m.Name(), before[m.Name()], cm.ResourceVersion)
		}
	}
	if got := e.getFCM(t, ns, "real"); got.Generation != generation || got.Spec.Template.Data["k"] != "v" {
		t.Errorf("after a dry-run update the host has generation %d and data %v, want %d and unchanged", got.Generation, got.Spec.Template.Data, generation)
	}
}

func testConflictAndAdopt(t *testing.T, e *wtEnv) {
	ns := e.newNamespace(t, "wt-conflict")
	if _, _, err := e.member1.Kubectl(t.Context(), "create", "namespace", ns); err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.member1.Kubectl(t.Context(), "create", "configmap", "shared", "-n", ns, "--from-literal=owner=member-1"); err != nil {
		t.Fatal(err)
	}
	theirs := memberConfigMap(t, e.member1, ns, "shared")

	fcm := newFCM(ns, "shared", map[string]string{"owner": "federation"})
	e.mustApply(t, ns, fcm, applyOptions{})
	e.wantClusterRows(t, ns, "shared", []clusterRow{
		{Name: "member-1", Phase: fedv1beta1.PropagationPhaseFailed, Reason: "Conflict"},
		{Name: "member-2", Phase: fedv1beta1.PropagationPhasePropagated},
	})
	e.wantTable(t, ns, "shared", "1/2", "False")
	wantMemberData(t, e.member2, ns, "shared", map[string]string{"owner": "federation"})
	if got := memberConfigMap(t, e.member1, ns, "shared"); got == nil || got.ResourceVersion != theirs.ResourceVersion {
		t.Errorf("member-1's own ConfigMap was touched: before %+v, after %+v", theirs, got)
	}

	// What the Conflict message tells users to do.
	e.mustKubectl(t, "annotate", "fcm", "shared", "-n", ns, adoptAnnotation+"=true")
	wantMemberData(t, e.member1, ns, "shared", map[string]string{"owner": "federation"})
	e.wantClusterRows(t, ns, "shared", []clusterRow{
		{Name: "member-1", Phase: fedv1beta1.PropagationPhasePropagated},
		{Name: "member-2", Phase: fedv1beta1.PropagationPhasePropagated},
	})
}

// testMemberRequests counts fcp's requests to each member. A new object cannot have copies
// yet, so its write is one apply that creates on condition that the member holds no object of
// that name: no read first. An update checks who owns the copy (a read) before applying.
// fcp runs with pre-flight, one dry-run apply more per member and request.
func testMemberRequests(t *testing.T, e *wtEnv) {
	ns := e.newNamespace(t, "wt-requests")
	for _, m := range e.members() {
		if _, _, err := m.Kubectl(t.Context(), "create", "namespace", ns); err != nil {
			t.Fatal(err)
		}
	}
	fcms := e.fed.FederationV1beta1().FederatedConfigMaps(ns)
	before := e.memberRequests(t)
	fcm, err := fcms.Create(t.Context(), newFCM(ns, "counted", map[string]string{"k": "v"}), metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := propagated(fcm.Status); got != metav1.ConditionTrue {
		t.Fatalf("create: Propagated=%q, status %+v", got, fcm.Status)
	}
	afterCreate := e.memberRequests(t)
	fcm.Spec.Template.Data["k"] = "changed"
	if fcm, err = fcms.Update(t.Context(), fcm, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := propagated(fcm.Status); got != metav1.ConditionTrue {
		t.Fatalf("update: Propagated=%q, status %+v", got, fcm.Status)
	}
	afterUpdate := e.memberRequests(t)
	for _, m := range e.members() {
		wantMemberData(t, m, ns, "counted", map[string]string{"k": "changed"})
		for _, step := range []struct {
			name          string
			before, after map[string]map[string]float64
			want          map[string]float64
		}{
			{"create", before, afterCreate, map[string]float64{"PATCH": 2}},
			{"update", afterCreate, afterUpdate, map[string]float64{"GET": 1, "PATCH": 2}},
		} {
			got := map[string]float64{}
			for method, n := range step.after[m.Name()] {
				if d := n - step.before[m.Name()][method]; d != 0 {
					got[method] = d
				}
			}
			if d := cmp.Diff(step.want, got); d != "" {
				t.Errorf("%s: fcp's requests to %s by method (-want +got):\n%s", step.name, m.Name(), d)
			}
		}
	}
}

// memberRequests returns fcp's requests to each member so far, by member and HTTP method.
func (e *wtEnv) memberRequests(t *testing.T) map[string]map[string]float64 {
	t.Helper()
	text, err := e.fcp.Metrics(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]float64{}
	for _, m := range e.members() {
		host := strings.TrimPrefix(m.APIServerURL(), "https://")
		out[m.Name()] = map[string]float64{}
		for _, method := range []string{"GET", "POST", "PATCH", "PUT", "DELETE"} {
			out[m.Name()][method] = sumMetric(text, "rest_client_requests_total", func(l map[string]string) bool {
				return l["host"] == host && l["method"] == method
			})
		}
	}
	return out
}

// testCredentialWithoutRights registers member-1 a second time, as member-1-limited, with
// the credentials of a user RBAC grants nothing. A member refusing federation's own
// credentials is one misconfigured member: it fails alone, with Forbidden in status, and
// the other member is written; pre-flight refuses only what a member says of the object.
func testCredentialWithoutRights(t *testing.T, e *wtEnv) {
	ns := e.newNamespace(t, "wt-forbidden")
	nobody, err := e.member1.IssueUser("nobody")
	if err != nil {
		t.Fatal(err)
	}
	const limited = "member-1-limited"
	if _, err := e.host.RegisterMember(t.Context(), e.member1, framework.MemberOptions{Name: limited, Kubeconfig: nobody.KubeconfigPath}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx := context.WithoutCancel(t.Context())
		if _, _, err := e.host.Kubectl(ctx, "delete", "cluster", limited); err != nil {
			t.Error(err)
		}
		if _, _, err := e.host.Kubectl(ctx, "delete", "secret", limited+"-credentials", "-n", federationNamespace); err != nil {
			t.Error(err)
		}
	})
	fcm := newFCM(ns, "limited", map[string]string{"k": "v"})
	fcm.Spec.PropagationSpec = placedOn(limited, "member-2")
	want := []clusterRow{
		{Name: limited, Phase: fedv1beta1.PropagationPhaseFailed, Reason: "Forbidden"},
		{Name: "member-2", Phase: fedv1beta1.PropagationPhasePropagated},
	}
	// fcp learns of the new Cluster and its Secret through informers.
	eventually(t, "fcp reaches "+limited+" with the limited credentials", func(ctx context.Context) error {
		got, err := e.fed.FederationV1beta1().FederatedConfigMaps(ns).Create(ctx, fcm, metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}})
		if err != nil {
			return err
		}
		// Only the limited row: a dry run cannot create the namespace member-2 lacks.
		if rows := clusterRows(got.Status); len(rows) == 0 || rows[0] != want[0] {
			return fmt.Errorf("dry-run rows %+v, want the first to be %+v", rows, want[0])
		}
		return nil
	})

	e.mustApply(t, ns, fcm, applyOptions{})
	got := e.wantClusterRows(t, ns, "limited", want)
	if msg := got.Status.Clusters[0].Message; !strings.Contains(msg, `User "nobody" cannot`) {
		t.Errorf("status message for %s = %q, want the member's authorization denial", limited, msg)
	}
	wantMemberData(t, e.member2, ns, "limited", fcm.Spec.Template.Data)
	wantMemberNotFound(t, e.member1, ns, "configmap", "limited")

	// Deleting needs to know the copy in member-1-limited is gone: restore the credentials.
	e.setCredentials(t, limited, e.member1.KubeconfigPath())
	eventually(t, "deleting limited with restored credentials", func(ctx context.Context) error {
		if _, stderr, err := e.host.Kubectl(ctx, "delete", "fcm", "limited", "-n", ns, "--wait=false"); err != nil && !strings.Contains(stderr, "(NotFound)") {
			return err
		}
		if _, stderr, err := e.host.Kubectl(ctx, "get", "fcm", "limited", "-n", ns); err == nil || !strings.Contains(stderr, "(NotFound)") {
			return errors.New("still there")
		}
		return nil
	})
	wantMemberNotFound(t, e.member2, ns, "configmap", "limited")

	testRevokedBeforeDelete(t, e, fcm, nobody)
}

// testRevokedBeforeDelete creates fcm with working credentials for its first cluster,
// revokes them and deletes it: the object stays Terminating with that cluster Pending
// (Forbidden) until the credentials work again and it is deleted again.
func testRevokedBeforeDelete(t *testing.T, e *wtEnv, fcm *fedv1beta1.FederatedConfigMap, nobody *framework.User) {
	ns, name, limited := fcm.Namespace, fcm.Name, fcm.Spec.Placement.Clusters[0].Name
	e.setCredentials(t, limited, e.member1.KubeconfigPath())
	if err := waitForClusters(t.Context(), e.fed, []string{limited}); err != nil {
		t.Fatal(err)
	}
	e.mustApply(t, ns, fcm, applyOptions{})
	wantMemberData(t, e.member1, ns, name, fcm.Spec.Template.Data)

	e.setCredentials(t, limited, nobody.KubeconfigPath)
	changed := fcm.DeepCopy()
	changed.Spec.Template.Data = map[string]string{"k": "changed"}
	eventually(t, "fcp uses the revoked credentials", func(ctx context.Context) error {
		cur, err := e.fed.FederationV1beta1().FederatedConfigMaps(ns).Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		cur.Spec = changed.Spec
		got, err := e.fed.FederationV1beta1().FederatedConfigMaps(ns).Update(ctx, cur, metav1.UpdateOptions{DryRun: []string{metav1.DryRunAll}})
		if err != nil {
			return err
		}
		if row := got.Status.Clusters[0]; row.Name != limited || row.Reason != "Forbidden" {
			return fmt.Errorf("dry-run update: %s row %s/%s, want %s Forbidden", row.Name, row.Phase, row.Reason, limited)
		}
		return nil
	})

	e.mustKubectl(t, "delete", "fcm", name, "-n", ns, "--wait=false")
	got := e.wantClusterRows(t, ns, name, []clusterRow{{Name: limited, Phase: fedv1beta1.PropagationPhasePending, Reason: "Forbidden"}})
	if got.DeletionTimestamp == nil {
		t.Errorf("FederatedConfigMap %s is not Terminating while %s forbids removing its copy", name, limited)
	}
	wantMemberData(t, e.member1, ns, name, fcm.Spec.Template.Data)
	wantMemberNotFound(t, e.member2, ns, "configmap", name)

	e.setCredentials(t, limited, e.member1.KubeconfigPath())
	// fcp sees the restored Secret through an informer: delete again until it is gone.
	eventually(t, "deleting "+name+" again with restored credentials", func(ctx context.Context) error {
		if _, stderr, err := e.host.Kubectl(ctx, "delete", "fcm", name, "-n", ns, "--wait=false"); err != nil && !strings.Contains(stderr, "(NotFound)") {
			return err
		}
		if _, stderr, err := e.host.Kubectl(ctx, "get", "fcm", name, "-n", ns); err == nil || !strings.Contains(stderr, "(NotFound)") {
			return errors.New("still there")
		}
		return nil
	})
	wantMemberNotFound(t, e.member1, ns, "configmap", name)
}

// testMemberDown stops member-2's kube-apiserver: writes still succeed, member-2 is
// reported Failed, and deleting waits for it. It restarts member-2 before returning.
func testMemberDown(t *testing.T, e *wtEnv) {
	ns := e.newNamespace(t, "wt-member-down")
	ctx := framework.TestContext(t)
	data := map[string]string{"k": "v1"}
	e.mustApply(t, ns, newFCM(ns, "before", data), applyOptions{})
	wantMemberData(t, e.member2, ns, "before", data)

	if err := e.member2.StopAPIServer(ctx); err != nil {
		t.Fatal(err)
	}
	restarted := false
	restart := func() {
		if restarted {
			return
		}
		restarted = true
		if err := e.member2.StartAPIServer(context.WithoutCancel(ctx)); err != nil {
			t.Error(err)
		}
	}
	defer restart()

	fcm := newFCM(ns, "during", data)
	created := timed(func() { e.mustApply(t, ns, fcm, applyOptions{}) })
	wantDown := func() {
		t.Helper()
		got := e.getFCM(t, ns, "during")
		if d := cmp.Diff([]string{"member-1:Propagated", "member-2:Failed"}, phases(got.Status)); d != "" {
			t.Fatalf("status.clusters phases (-want +got):\n%s", d)
		}
		row := got.Status.Clusters[1]
		if row.Reason != "Unreachable" && row.Reason != "Timeout" {
			t.Errorf("member-2 reason %q (%s), want Unreachable or Timeout", row.Reason, row.Message)
		}
		t.Logf("member-2 row: %s %s: %s", row.Phase, row.Reason, row.Message)
		if p := propagated(got.Status); p != metav1.ConditionFalse {
			t.Errorf("Propagated = %q, want False", p)
		}
	}
	wantDown()
	wantMemberData(t, e.member1, ns, "during", data)

	fcm.Spec.Template.Data = map[string]string{"k": "v2"}
	updated := timed(func() { e.mustApply(t, ns, fcm, applyOptions{}) })
	wantDown()
	wantMemberData(t, e.member1, ns, "during", fcm.Spec.Template.Data)
	t.Logf("With member-2 down (member timeout 5s), kubectl apply took %v to create and %v to update", created, updated)
	e.wantWarning(t, ns, "during", "PropagationFailed", "member-2")

	e.mustKubectl(t, "delete", "fcm", "before", "-n", ns, "--wait=false")
	got := e.getFCM(t, ns, "before")
	if got == nil || got.DeletionTimestamp == nil {
		t.Fatalf("FederatedConfigMap before is %+v after a delete with member-2 down, want it Terminating", got)
	}
	if d := cmp.Diff([]string{"member-2:Pending"}, phases(got.Status)); d != "" {
		t.Errorf("status.clusters phases while deleting (-want +got):\n%s", d)
	}
	wantMemberNotFound(t, e.member1, ns, "configmap", "before")
	e.wantWarning(t, ns, "before", "RemovalPending", "member-2")

	restart()
	e.mustKubectl(t, "delete", "fcm", "before", "-n", ns, "--timeout=60s")
	e.wantNotFound(t, ns, "fcm", "before")
	wantMemberNotFound(t, e.member2, ns, "configmap", "before")
}

// quietPeriod is how long steady-state watches for writes nobody asked for.
const quietPeriod = 5 * time.Second

// testSteadyState checks that, with no user writes, fcp writes nothing to its own storage
// nor to the member objects it manages.
func testSteadyState(t *testing.T, e *wtEnv) {
	ns := e.newNamespace(t, "wt-steady")
	// Something freshly propagated to both members, on top of what earlier scenarios left.
	e.mustApply(t, ns, newFCM(ns, "steady", map[string]string{"k": "v"}), applyOptions{})
	e.mustApply(t, ns, newFDeploy(ns, "steady", 1), applyOptions{})

	before := e.writeSnapshot(t)
	if len(before.members) < 4 {
		t.Fatalf("only %d managed objects in the members, want several to watch: %v", len(before.members), before.members)
	}
	// The one wait that is itself the assertion: nothing may be written while nobody
	// writes, so the test must let time pass. A context bounds it rather than a sleep.
	quiet, cancel := context.WithTimeout(t.Context(), quietPeriod)
	<-quiet.Done()
	cancel()
	if err := t.Context().Err(); err != nil {
		t.Fatal(err)
	}
	after := e.writeSnapshot(t)
	if before.fcpRevision != after.fcpRevision {
		t.Errorf("fcp's storage revision moved from %s to %s in %v without user writes; objects before %v, after %v",
			before.fcpRevision, after.fcpRevision, quietPeriod, before.fcpObjects, after.fcpObjects)
	}
	if d := cmp.Diff(before.members, after.members); d != "" {
		t.Errorf("member objects written in %v without user writes (-before +after resourceVersions):\n%s", quietPeriod, d)
	}
}

// testUserFinalizer deletes an object that also carries a user's finalizer: members are
// cleaned up at once, and the object stays Terminating until the user's finalizer goes.
func testUserFinalizer(t *testing.T, e *wtEnv) {
	ns := e.newNamespace(t, "wt-user-finalizer")
	fcm := newFCM(ns, "held", map[string]string{"k": "v"})
	fcm.Finalizers = []string{"example.com/hold"}
	e.mustApply(t, ns, fcm, applyOptions{})
	wantMemberData(t, e.member1, ns, "held", fcm.Spec.Template.Data)

	e.mustKubectl(t, "delete", "fcm", "held", "-n", ns, "--wait=false")
	got := e.getFCM(t, ns, "held")
	if got == nil || got.DeletionTimestamp == nil {
		t.Fatalf("FederatedConfigMap held = %v, want it Terminating while example.com/hold remains", got)
	}
	if d := cmp.Diff([]string{"example.com/hold"}, got.Finalizers); d != "" {
		t.Errorf("finalizers after delete (-want +got):\n%s", d)
	}
	for _, m := range e.members() {
		wantMemberNotFound(t, m, ns, "configmap", "held")
	}
	e.mustKubectl(t, "patch", "fcm", "held", "-n", ns, "--type=json", "-p", `[{"op":"remove","path":"/metadata/finalizers"}]`)
	e.wantNotFound(t, ns, "fcm", "held")
}
