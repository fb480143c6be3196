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

package sync

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/wait"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/propagation"
)

var secrets = schema.GroupVersionResource{Version: "v1", Resource: "secrets"}

const tierAnnotation = "example.com/tier"

// contestedFCM is a converged FederatedConfigMap whose template sets an annotation and three
// data keys.
func contestedFCM() *fedv1beta1.FederatedConfigMap {
	fcm := converged()
	fcm.Spec.Template.Annotations = map[string]string{tierAnnotation: "gold"}
	fcm.Spec.Template.Data = map[string]string{"a": "1", "b": "2", "c": "3"}
	return fcm
}

// stringDataSecret is a converged FederatedSecret whose template has stringData only.
func stringDataSecret() *fedv1beta1.FederatedSecret {
	fs := &fedv1beta1.FederatedSecret{
		TypeMeta:   metav1.TypeMeta{APIVersion: fedv1beta1.SchemeGroupVersion.String(), Kind: "FederatedSecret"},
		ObjectMeta: metav1.ObjectMeta{Name: "creds", Namespace: "shop", Generation: 1, Finalizers: []string{propagation.Finalizer}},
		Spec: fedv1beta1.FederatedSecretSpec{
			Template: fedv1beta1.SecretTemplate{StringData: map[string]string{"password": "s3cret"}},
			PropagationSpec: fedv1beta1.PropagationSpec{Placement: fedv1beta1.Placement{
				Clusters: []fedv1beta1.ClusterReference{{Name: "m1"}},
			}},
		},
	}
	outcomes := []propagation.Outcome{{Cluster: "m1", Generation: 1}}
	fs.Status = propagation.WithHealth(fs, propagation.Status(fs, fedv1beta1.FederatedStatus{}, outcomes), nil, outcomes)
	return fs
}

// memberChange is a change made in the member by another client, followed by a reconcile.
type memberChange struct {
	manager string
	path    []string // of a string field
	value   string
}

func annotationChange(manager, value string) memberChange {
	return memberChange{manager: manager, path: []string{"metadata", "annotations", tierAnnotation}, value: value}
}

func dataChange(manager, key, value string) memberChange {
	return memberChange{manager: manager, path: []string{"data", key}, value: value}
}

func TestMemberChanges(t *testing.T) {
	fight := make([]memberChange, fightLimit+2)
	for i := range fight {
		fight[i] = annotationChange("fight-writer", "bronze")
	}
	for name, tc := range map[string]struct {
		obj     fedv1beta1.FederatedObject
		gvr     schema.GroupVersionResource
		changes []memberChange
		// resyncs are reconciles after the changes, with nothing changed: none may write.
		resyncs int
		// want maps field paths ("|"-separated) to the member's values at the end.
		want         map[string]string
		wantRestored int
		// wantConflict lists what the status row's message and the Warning event name; empty
		// for no conflict.
		wantConflict []string
		wantDryRuns  int
	}{
		"a Secret's stringData, folded into data by the member, is never rewritten": {
			obj: stringDataSecret(), gvr: secrets, resyncs: 4,
			want:        map[string]string{"data|password": "czNjcmV0"},
			wantDryRuns: 1,
		},
		"a kubectl edit of a data value is restored": {
			obj: contestedFCM(), gvr: configMaps, changes: []memberChange{dataChange("kubectl-edit", "a", "edited")}, resyncs: 2,
			want: map[string]string{"data|a": "1"}, wantRestored: 1, wantDryRuns: 1,
		},
		"edits of different fields are each restored": {
			obj: contestedFCM(), gvr: configMaps, resyncs: 2,
			changes: []memberChange{
				dataChange("kubectl-edit", "a", "x"), dataChange("kubectl-edit", "b", "x"), dataChange("kubectl-edit", "c", "x"),
				annotationChange("kubectl-edit", "x"),
			},
			want:         map[string]string{"data|a": "1", "data|b": "2", "data|c": "3", "metadata|annotations|" + tierAnnotation: "gold"},
			wantRestored: 4, wantDryRuns: 4,
		},
		"an annotation another writer keeps setting is left to it after fightLimit restorations": {
			obj: contestedFCM(), gvr: configMaps, changes: fight, resyncs: 2,
			want:         map[string]string{"metadata|annotations|" + tierAnnotation: "bronze", "data|a": "1"},
			wantRestored: fightLimit, wantConflict: []string{".metadata.annotations.example.com/tier", `"fight-writer"`},
			wantDryRuns: fightLimit + 1,
		},
		"fields other than the one left to its writer are still restored": {
			obj: contestedFCM(), gvr: configMaps, changes: append(fight, dataChange("kubectl-edit", "a", "edited")), resyncs: 2,
			want:         map[string]string{"metadata|annotations|" + tierAnnotation: "bronze", "data|a": "1"},
			wantRestored: fightLimit + 1, wantConflict: []string{".metadata.annotations.example.com/tier", `"fight-writer"`},
			wantDryRuns: fightLimit + 2,
		},
	} {
		t.Run(name, func(t *testing.T) {
			ctx := t.Context()
			e := startTestEnv(t, readyCluster("m1", metav1.ConditionTrue), tc.obj, heldCopy(t, tc.obj))
			f := e.members["m1"]
			key := propagation.Origin(tc.obj)
			ns, name := tc.obj.GetNamespace(), tc.obj.GetName()
			for _, ch := range tc.changes {
				rv := f.WriteAs(t, tc.gvr, ns, name, ch.manager, []fieldpath.Path{fieldpath.MakePathOrDie(toAny(ch.path)...)},
					func(u *unstructured.Unstructured) {
						if err := unstructured.SetNestedField(u.Object, ch.value, ch.path...); err != nil {
							t.Fatal(err)
						}
					})
				e.waitCached(t, "m1", tc.gvr, ns, name, rv)
				if err := e.c.reconcile(ctx, key); err != nil {
					t.Fatal(err)
				}
				if got := f.Get(t, tc.gvr, ns, name); got.GetResourceVersion() != rv {
					e.waitCached(t, "m1", tc.gvr, ns, name, got.GetResourceVersion())
				}
			}
			before := f.Get(t, tc.gvr, ns, name).GetResourceVersion()
			for range tc.resyncs {
				if err := e.c.reconcile(ctx, key); err != nil {
					t.Fatal(err)
				}
			}
			stored := f.Get(t, tc.gvr, ns, name)
			if got := stored.GetResourceVersion(); got != before {
				t.Errorf("resyncs wrote the member copy: resourceVersion %s -> %s", before, got)
			}
			for path, want := range tc.want {
				if got, _, _ := unstructured.NestedString(stored.Object, strings.Split(path, "|")...); got != want {
					t.Errorf("member's %s = %q, want %q", path, got, want)
				}
			}
			restored, conflicts := drainEvents(e)
			if len(restored) != tc.wantRestored {
				t.Errorf("%d %s events, want %d", len(restored), EventMemberRestored, tc.wantRestored)
			}
			wantConflicts := 0
			if len(tc.wantConflict) > 0 {
				wantConflicts = 1
			}
			if len(conflicts) != wantConflicts {
				t.Errorf("%s events %q, want %d", EventFieldManagerConflict, conflicts, wantConflicts)
			}
			for _, ev := range conflicts {
				for _, s := range append([]string{"Warning", "cluster m1"}, tc.wantConflict...) {
					if !strings.Contains(ev, s) {
						t.Errorf("event %q does not mention %s", ev, s)
					}
				}
			}
			row := lastStatusRow(t, e, "m1")
			if len(tc.wantConflict) == 0 {
				if row != nil && row.Reason != "" {
					t.Errorf("status row %+v, want no reason", *row)
				}
			} else {
				if row == nil || row.Phase != fedv1beta1.PropagationPhasePropagated || row.Reason != propagation.ReasonFieldManagerConflict {
					t.Fatalf("status row %+v, want Propagated with reason %s", row, propagation.ReasonFieldManagerConflict)
				}
				for _, s := range tc.wantConflict {
					if !strings.Contains(row.Message, s) {
						t.Errorf("status message %q does not mention %s", row.Message, s)
					}
				}
			}
			if got := f.DryRunApplies(); got != tc.wantDryRuns {
				t.Errorf("%d dry runs, want %d", got, tc.wantDryRuns)
			}
		})
	}
}

// A new generation of the federated object (its spec changed) is fought for afresh.
func TestNewGenerationRestoresAFieldGivenUp(t *testing.T) {
	ctx := t.Context()
	obj := contestedFCM()
	e := startTestEnv(t, readyCluster("m1", metav1.ConditionTrue), obj, heldCopy(t, obj))
	f := e.members["m1"]
	key := propagation.Origin(obj)
	tier := fieldpath.MakePathOrDie("metadata", "annotations", tierAnnotation)
	for range fightLimit + 1 {
		rv := f.WriteAs(t, configMaps, "shop", "cfg", "fight-writer", []fieldpath.Path{tier}, func(u *unstructured.Unstructured) {
			if err := unstructured.SetNestedField(u.Object, "bronze", "metadata", "annotations", tierAnnotation); err != nil {
				t.Fatal(err)
			}
		})
		e.waitCached(t, "m1", configMaps, "shop", "cfg", rv)
		if err := e.c.reconcile(ctx, key); err != nil {
			t.Fatal(err)
		}
		e.waitCached(t, "m1", configMaps, "shop", "cfg", f.Get(t, configMaps, "shop", "cfg").GetResourceVersion())
	}
	if got := f.Get(t, configMaps, "shop", "cfg").GetAnnotations()[tierAnnotation]; got != "bronze" {
		t.Fatalf("tier %q after the fight, want bronze (left to fight-writer)", got)
	}
	next := obj.DeepCopy()
	next.Generation = 2
	next.Spec.Template.Annotations[tierAnnotation] = "platinum"
	next.Status.ObservedGeneration = 2
	if err := e.c.kinds["FederatedConfigMap"].informer.GetStore().Update(next); err != nil {
		t.Fatal(err)
	}
	if err := e.c.reconcile(ctx, key); err != nil {
		t.Fatal(err)
	}
	if got := f.Get(t, configMaps, "shop", "cfg").GetAnnotations()[tierAnnotation]; got != "platinum" {
		t.Errorf("tier %q after the spec changed, want platinum", got)
	}
	if c := e.c.fights.conflicts(key, 2); len(c) != 0 {
		t.Errorf("conflicts for the new generation: %v, want none", c)
	}
}

// waitCached waits until the controller's cache of cluster holds the copy at resourceVersion
// rv, so that the next reconcile sees it.
func (e *testEnv) waitCached(t *testing.T, cluster string, gvr schema.GroupVersionResource, ns, name, rv string) {
	t.Helper()
	err := wait.PollUntilContextTimeout(t.Context(), 5*time.Millisecond, 5*time.Second, true, func(context.Context) (bool, error) {
		u, _ := e.c.members.get(cluster, gvr, ns, name)
		return u != nil && u.GetResourceVersion() == rv, nil
	})
	if err != nil {
		t.Fatalf("the member cache never saw %s/%s at resourceVersion %s", ns, name, rv)
	}
}

func toAny(path []string) []any {
	out := make([]any, len(path))
	for i, p := range path {
		out[i] = p
	}
	return out
}

// drainEvents returns the MemberRestored and FieldManagerConflict events recorded so far.
func drainEvents(e *testEnv) (restored, conflicts []string) {
	for {
		select {
		case ev := <-e.recorder.Events:
			switch {
			case strings.Contains(ev, " "+EventMemberRestored+" "):
				restored = append(restored, ev)
			case strings.Contains(ev, " "+EventFieldManagerConflict+" "):
				conflicts = append(conflicts, ev)
			}
		default:
			return restored, conflicts
		}
	}
}

// lastStatusRow returns cluster's row in the last status written, or nil.
func lastStatusRow(t *testing.T, e *testEnv, cluster string) *fedv1beta1.ClusterPropagationStatus {
	t.Helper()
	e.mu.Lock()
	defer e.mu.Unlock()
	for i := len(e.writes) - 1; i >= 0; i-- {
		if !strings.HasSuffix(e.writes[i], "/status") {
			continue
		}
		var obj struct {
			Status fedv1beta1.FederatedStatus `json:"status"`
		}
		if err := json.Unmarshal(e.bodies[i], &obj); err != nil {
			t.Fatal(err)
		}
		for _, row := range obj.Status.Clusters {
			if row.Name == cluster {
				return &row
			}
		}
		return nil
	}
	return nil
}

// A copy the cache holds at an older resourceVersion than the member is not judged: the
// member's watch brings the newer one, and that wakes the object again.
func TestPlanMemberWaitsForAStaleCache(t *testing.T) {
	obj := contestedFCM()
	e := startTestEnv(t, readyCluster("m1", metav1.ConditionTrue), obj, heldCopy(t, obj))
	f := e.members["m1"]
	stale := f.Get(t, configMaps, "shop", "cfg").DeepCopy()
	if err := unstructured.SetNestedField(stale.Object, "edited", "data", "a"); err != nil {
		t.Fatal(err)
	}
	f.WriteAs(t, configMaps, "shop", "cfg", "kubectl-edit", nil, func(u *unstructured.Unstructured) {
		_ = unstructured.SetNestedField(u.Object, "again", "data", "a")
	})
	key := propagation.Origin(obj)
	plan := e.c.planMember(t.Context(), obj, key, "m1", memberCopy(t, obj, "m1"), stale, true)
	if plan.write != nil || plan.restored {
		t.Errorf("plan for a stale cached copy: write %v, restored %v; want neither", plan.write != nil, plan.restored)
	}
	if got := e.c.fights.peek(key, obj.Generation, "m1"); got != nil {
		t.Errorf("a stale copy was counted: %+v", got)
	}
}
