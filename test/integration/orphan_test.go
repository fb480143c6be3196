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
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/test/integration/framework"
)

// orphanDecision is the annotation a delete with propagationPolicy=Orphan leaves on the
// federated object, in the write that marks it deleted, for whoever finishes the deletion.
const orphanDecision = "federation.k8s.io/orphan"

// propagationFinalizer is federation's finalizer on every federated object.
const propagationFinalizer = "federation.k8s.io/propagation"

// userFinalizer is a finalizer of the user's own, which holds a deleted object Terminating.
const userFinalizer = "example.com/hold"

// TestOrphan deletes federated objects of every kind with `kubectl delete --cascade=orphan`
// while the whole product runs: fcp apiserver, whose storage layer starts the deletion, and
// fcp controller-manager, whose sync controller sees the deletionTimestamp at once and may
// finish it. Both must orphan: the member copies stay, no longer marked as federation's.
// A plain delete, the control case, removes them. The scenarios share one environment, in
// order; each works in its own namespace; the last stops and restarts member-2.
func TestOrphan(t *testing.T) {
	e := startControllersEnv(t, nil, nil)
	kinds := everyFederatedKind(t)
	t.Run("kubectl delete --cascade=orphan keeps every kind's copies", func(t *testing.T) { testOrphanEveryKind(t, e, kinds) })
	t.Run("orphanDependents=true and DeleteCollection orphan too", func(t *testing.T) { testOrphanOtherClients(t, e) })
	t.Run("a cascading delete removes every kind's copies", func(t *testing.T) { testCascadeEveryKind(t, e, kinds) })
	t.Run("orphan with a user's finalizer", func(t *testing.T) { testOrphanUserFinalizer(t, e, kinds) })
	t.Run("orphan while a member is down", func(t *testing.T) { testOrphanMemberDown(t, e, kinds) })
}

// copyKey names obj's copy in member, for maps of copies.
func copyKey(member *framework.ControlPlane, obj fedv1beta1.FederatedObject) string {
	return member.Name() + ":" + memberKind(obj) + "/" + obj.GetName()
}

// wantOrphaned fails t unless member still holds obj's copy, the same object (uid) as
// before the delete, and no longer marked as federation's.
func wantOrphaned(t *testing.T, member *framework.ControlPlane, obj fedv1beta1.FederatedObject, uids map[string]string) {
	t.Helper()
	var got metav1.PartialObjectMetadata
	what := fmt.Sprintf("%s: %s %s/%s", member.Name(), memberKind(obj), obj.GetNamespace(), obj.GetName())
	if !getJSON(t, member, obj.GetNamespace(), memberKind(obj), obj.GetName(), &got) {
		t.Errorf("%s is gone, want it kept by the orphaning delete", what)
		return
	}
	if uid := uids[copyKey(member, obj)]; string(got.UID) != uid {
		t.Errorf("%s has uid %s, want %s: it was deleted and made again", what, got.UID, uid)
	}
	if v, ok := got.Labels[managedLabel]; ok {
		t.Errorf("%s still has label %s=%s", what, managedLabel, v)
	}
	if v, ok := got.Annotations[originAnnotation]; ok {
		t.Errorf("%s still has annotation %s=%s", what, originAnnotation, v)
	}
	if got.DeletionTimestamp != nil {
		t.Errorf("%s is being deleted", what)
	}
}

// wantTerminating fails t unless obj is on the host, deleted, with finalizers and the
// annotations in want (a nil value: absent).
func (e *ctlEnv) wantTerminating(t *testing.T, obj fedv1beta1.FederatedObject, finalizers []string, annotations map[string]*string) *fedv1beta1.FederatedStatus {
	t.Helper()
	var got struct {
		metav1.ObjectMeta `json:"metadata"`
		Status            fedv1beta1.FederatedStatus `json:"status"`
	}
	if !getJSON(t, e.host, obj.GetNamespace(), hostKind(obj), obj.GetName(), &got) {
		t.Fatalf("%s is gone, want it Terminating", kubectlRef(obj))
	}
	if got.DeletionTimestamp == nil {
		t.Errorf("%s has no deletionTimestamp, want it Terminating", kubectlRef(obj))
	}
	if d := cmp.Diff(finalizers, got.Finalizers); d != "" {
		t.Errorf("%s finalizers (-want +got):\n%s", kubectlRef(obj), d)
	}
	for k, v := range annotations {
		if have, ok := got.Annotations[k]; ok != (v != nil) || (ok && have != *v) {
			t.Errorf("%s annotations %v, want %s=%v", kubectlRef(obj), got.Annotations, k, ptr.Deref(v, "<absent>"))
		}
	}
	return &got.Status
}

func testOrphanEveryKind(t *testing.T, e *ctlEnv, kinds []string) {
	ns := e.newNamespace(t, "orphan-every-kind")
	// Several of each kind: the sync controller races the storage layer for each one.
	var objs []fedv1beta1.FederatedObject
	for _, k := range kinds {
		for i := range 3 {
			objs = append(objs, sampleFederated(t, k, ns, fmt.Sprintf("kept-%d", i)))
		}
	}
	uids := e.createPropagated(t, ns, objs)

	e.mustKubectl(t, append([]string{"delete", "-n", ns, "--cascade=orphan", "--timeout=60s"}, kubectlRefs(objs)...)...)
	for _, o := range objs {
		e.wantNotFound(t, ns, hostKind(o), o.GetName())
		for _, m := range e.members() {
			wantOrphaned(t, m, o, uids)
		}
	}
}

// testOrphanOtherClients orphans through the API the way clients other than kubectl ask:
// the older orphanDependents=true, and a DeleteCollection with propagationPolicy=Orphan.
func testOrphanOtherClients(t *testing.T, e *ctlEnv) {
	ns := e.newNamespace(t, "orphan-clients")
	legacy, collection := sampleFederated(t, "FederatedConfigMap", ns, "legacy"), sampleFederated(t, "FederatedSecret", ns, "collection")
	objs := []fedv1beta1.FederatedObject{legacy, collection}
	uids := e.createPropagated(t, ns, objs)

	v1beta1 := e.fed.FederationV1beta1()
	if err := v1beta1.FederatedConfigMaps(ns).Delete(t.Context(), legacy.GetName(), metav1.DeleteOptions{OrphanDependents: ptr.To(true)}); err != nil {
		t.Fatal(err)
	}
	if err := v1beta1.FederatedSecrets(ns).DeleteCollection(t.Context(),
		metav1.DeleteOptions{PropagationPolicy: ptr.To(metav1.DeletePropagationOrphan)}, metav1.ListOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, stderr, err := e.kubectl(t, append([]string{"wait", "--for=delete", "-n", ns, "--timeout=60s"}, kubectlRefs(objs)...)...); err != nil {
		t.Fatalf("kubectl wait --for=delete: %v\n%s", err, stderr)
	}
	for _, o := range objs {
		for _, m := range e.members() {
			wantOrphaned(t, m, o, uids)
		}
	}
}

// testCascadeEveryKind is the control case: without --cascade=orphan (and with the other
// policies kubectl offers) the copies go with the federated object, for good. The sync
// controller sees the copies' deletions in the members while the object is being deleted:
// it must not take them for drift and restore them (a Deployment would start its pods
// again; a copy restored after the object is gone stays for ever).
func testCascadeEveryKind(t *testing.T, e *ctlEnv, kinds []string) {
	ns := e.newNamespace(t, "orphan-control")
	var objs []fedv1beta1.FederatedObject
	for _, k := range kinds {
		for i := range 3 {
			objs = append(objs, sampleFederated(t, k, ns, fmt.Sprintf("removed-%d", i)))
		}
	}
	background, foreground := sampleFederated(t, "FederatedConfigMap", ns, "background"), sampleFederated(t, "FederatedConfigMap", ns, "foreground")
	e.createPropagated(t, ns, append(slices.Clone(objs), background, foreground))
	restoredBefore := e.restoredCopies(t)

	e.mustKubectl(t, append([]string{"delete", "-n", ns, "--timeout=60s"}, kubectlRefs(objs)...)...)
	e.mustKubectl(t, "delete", "-n", ns, "--timeout=60s", "--cascade=background", kubectlRef(background))
	e.mustKubectl(t, "delete", "-n", ns, "--timeout=60s", "--cascade=foreground", kubectlRef(foreground))
	// A reconcile in flight when the objects went may still write: give it time to land.
	// The wait is the assertion, bounded by a context rather than a sleep.
	quiet, cancel := context.WithTimeout(t.Context(), 3*probeInterval)
	<-quiet.Done()
	cancel()
	for _, o := range append(objs, background, foreground) {
		e.wantNotFound(t, ns, hostKind(o), o.GetName())
		for _, m := range e.members() {
			wantMemberNotFound(t, m, ns, memberKind(o), o.GetName())
		}
	}
	if n := e.restoredCopies(t) - restoredBefore; n != 0 {
		t.Errorf("the sync controller restored %v member copies while their federated objects were being deleted, want 0", n)
	}
}

// restoredCopies returns how many member copies the sync controller has restored, by its
// metric federation_sync_member_restored_total over every cluster.
func (e *ctlEnv) restoredCopies(t *testing.T) float64 {
	t.Helper()
	metrics, err := e.cm.Metrics(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return sumMetric(metrics, "federation_sync_member_restored_total", func(map[string]string) bool { return true })
}

// testOrphanUserFinalizer: a user's finalizer holds the object after an orphaning delete;
// the copies are orphaned at once, and stay when the user lets the object go.
func testOrphanUserFinalizer(t *testing.T, e *ctlEnv, kinds []string) {
	ns := e.newNamespace(t, "orphan-finalizer")
	var objs []fedv1beta1.FederatedObject
	for _, k := range kinds {
		o := sampleFederated(t, k, ns, "held")
		o.SetFinalizers([]string{userFinalizer})
		objs = append(objs, o)
	}
	uids := e.createPropagated(t, ns, objs)

	e.mustKubectl(t, append([]string{"delete", "-n", ns, "--cascade=orphan", "--wait=false"}, kubectlRefs(objs)...)...)
	for _, o := range objs {
		e.wantTerminating(t, o, []string{userFinalizer}, map[string]*string{orphanDecision: ptr.To("true")})
		for _, m := range e.members() {
			wantOrphaned(t, m, o, uids)
		}
	}

	for _, o := range objs {
		e.mustKubectl(t, "patch", kubectlRef(o), "-n", ns, "--type=json", "-p", `[{"op":"remove","path":"/metadata/finalizers"}]`)
	}
	if _, stderr, err := e.kubectl(t, append([]string{"wait", "--for=delete", "-n", ns, "--timeout=60s"}, kubectlRefs(objs)...)...); err != nil {
		t.Fatalf("kubectl wait --for=delete after removing %s: %v\n%s", userFinalizer, err, stderr)
	}
	for _, o := range objs {
		for _, m := range e.members() {
			wantOrphaned(t, m, o, uids)
		}
	}
}

// testOrphanMemberDown deletes with --cascade=orphan while member-2 is down: member-1's
// copies are orphaned at once, the objects stay Terminating, and when member-2 returns the
// controller finishes the deletion, orphaning there too. An object deleted without
// --cascade=orphan at the same time is the control: its copy in member-2 goes.
func testOrphanMemberDown(t *testing.T, e *ctlEnv, kinds []string) {
	ctx := framework.TestContext(t)
	ns := e.newNamespace(t, "orphan-member-down")
	var objs []fedv1beta1.FederatedObject
	for _, k := range kinds {
		objs = append(objs, sampleFederated(t, k, ns, "kept"))
	}
	removed := sampleFederated(t, "FederatedConfigMap", ns, "removed")
	uids := e.createPropagated(t, ns, append(slices.Clone(objs), removed))

	if err := e.member2.StopAPIServer(ctx); err != nil {
		t.Fatal(err)
	}
	restarted := false
	restart := func() {
		if !restarted {
			restarted = true
			if err := e.member2.StartAPIServer(context.WithoutCancel(ctx)); err != nil {
				t.Error(err)
			}
		}
	}
	defer restart()
	e.waitForCondition(t, "member-2", fedv1beta1.ClusterReady, metav1.ConditionFalse)

	e.mustKubectl(t, append([]string{"delete", "-n", ns, "--cascade=orphan", "--wait=false"}, kubectlRefs(objs)...)...)
	e.mustKubectl(t, "delete", "-n", ns, "--wait=false", kubectlRef(removed))
	for _, o := range objs {
		st := e.wantTerminating(t, o, []string{propagationFinalizer}, map[string]*string{orphanDecision: ptr.To("true")})
		if d := cmp.Diff([]string{"member-2:Pending"}, phases(*st)); d != "" {
			t.Errorf("%s status.clusters while member-2 is down (-want +got):\n%s", kubectlRef(o), d)
		}
		wantOrphaned(t, e.member1, o, uids)
	}
	e.wantTerminating(t, removed, []string{propagationFinalizer}, map[string]*string{orphanDecision: nil})
	wantMemberNotFound(t, e.member1, ns, memberKind(removed), removed.GetName())
	// Still Terminating after the controller has looked again: member-2's part is not
	// given up on. The wait is the assertion, bounded by a context rather than a sleep.
	quiet, cancel := context.WithTimeout(t.Context(), 3*probeInterval)
	<-quiet.Done()
	cancel()
	for _, o := range append(slices.Clone(objs), removed) {
		var meta metav1.PartialObjectMetadata
		if !getJSON(t, e.host, ns, hostKind(o), o.GetName(), &meta) {
			t.Errorf("%s was deleted while member-2, down, still holds its copy", kubectlRef(o))
		}
	}

	restart()
	if _, stderr, err := e.kubectl(t, append([]string{"wait", "--for=delete", "-n", ns, "--timeout=60s"}, kubectlRefs(append(objs, removed))...)...); err != nil {
		t.Fatalf("kubectl wait --for=delete once member-2 is back: %v\n%s", err, stderr)
	}
	for _, o := range objs {
		for _, m := range e.members() {
			wantOrphaned(t, m, o, uids)
		}
	}
	wantMemberNotFound(t, e.member2, ns, memberKind(removed), removed.GetName())
}
