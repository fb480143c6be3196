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

package storage_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apiserver/pkg/registry/rest"

	"k8s.io/federation/pkg/apis/federation"
	"k8s.io/federation/pkg/propagation"
)

// created creates cfg on clusters through the REST and fails t unless it was written to
// every one of them.
func (e *wtEnv) created(t *testing.T, clusters ...string) *federation.FederatedConfigMap {
	t.Helper()
	if _, err := e.rest.Create(e.ctx, fedConfigMap(clusters...), rest.ValidateAllObjectFunc, &metav1.CreateOptions{}); err != nil {
		t.Fatalf("Create: %v", err)
	}
	obj := e.stored(t, "cfg")
	if len(e.held(t)) != len(clusters) {
		t.Fatalf("after create, members hold %v; want a copy in each of %v", e.held(t), clusters)
	}
	return obj
}

func pending(cluster, reason string) federation.ClusterPropagationStatus {
	return row(cluster, federation.PropagationPhasePending, reason, 0)
}

func TestWriteThroughDelete(t *testing.T) {
	orphan := metav1.DeletePropagationOrphan
	unmanaged := memberCopy{Greeting: "hello"}
	for name, tc := range map[string]struct {
		options     metav1.DeleteOptions
		setup       func(t *testing.T, e *wtEnv)
		wantDeleted bool
		// wantStored is the stored object's status when it stays (Terminating).
		wantStored statusSummary
		wantHeld   map[string]memberCopy
	}{
		"cascading delete removes the member copies, then the object": {
			wantDeleted: true,
			wantHeld:    map[string]memberCopy{},
		},
		"orphaning delete leaves the member copies, no longer managed": {
			options:     metav1.DeleteOptions{PropagationPolicy: &orphan},
			wantDeleted: true,
			wantHeld:    map[string]memberCopy{"east": unmanaged, "west": unmanaged},
		},
		"a member failing to orphan keeps the object Terminating with the decision": {
			options: metav1.DeleteOptions{PropagationPolicy: &orphan},
			setup: func(t *testing.T, e *wtEnv) {
				e.members["west"].Fail("get", "configmaps", apierrors.NewInternalError(errors.New("etcd is down")))
			},
			wantStored: statusSummary{
				ObservedGeneration: 1, Propagated: metav1.ConditionTrue, Reason: propagation.ReasonAllPropagated,
				Rows: []federation.ClusterPropagationStatus{pending("west", string(metav1.StatusReasonInternalError))},
			},
			wantHeld: map[string]memberCopy{"east": unmanaged, "west": ours("hello")},
		},
		"a member that stops answering keeps the object Terminating": {
			setup: func(t *testing.T, e *wtEnv) { e.members["east"].Hang() },
			wantStored: statusSummary{
				ObservedGeneration: 1, Propagated: metav1.ConditionTrue, Reason: propagation.ReasonAllPropagated,
				Rows: []federation.ClusterPropagationStatus{pending("east", propagation.ReasonTimeout)},
			},
			wantHeld: map[string]memberCopy{"east": ours("hello")},
		},
	} {
		t.Run(name, func(t *testing.T) {
			e := newWTEnv(t, wtOptions{})
			e.created(t, "east", "west")
			if tc.setup != nil {
				tc.setup(t, e)
			}
			_, deleted, err := e.rest.Delete(e.ctx, "cfg", rest.ValidateAllObjectFunc, tc.options.DeepCopy())
			if err != nil {
				t.Fatalf("Delete: %v", err)
			}
			if deleted != tc.wantDeleted {
				t.Errorf("Delete reported deleted=%v, want %v", deleted, tc.wantDeleted)
			}
			if d := cmp.Diff(tc.wantHeld, e.held(t)); d != "" {
				t.Errorf("member copies (-want +got):\n%s", d)
			}
			stored := e.stored(t, "cfg")
			if tc.wantDeleted {
				if stored != nil {
					t.Errorf("object still stored: finalizers %v, status %+v", stored.Finalizers, stored.Status)
				}
				return
			}
			if stored == nil {
				t.Fatal("object gone; want it Terminating until every member is done")
			}
			if stored.DeletionTimestamp == nil {
				t.Error("stored object has no deletionTimestamp")
			}
			if d := cmp.Diff([]string{propagation.Finalizer}, stored.Finalizers); d != "" {
				t.Errorf("stored finalizers (-want +got):\n%s", d)
			}
			wantOrphan := tc.options.PropagationPolicy != nil
			if got := stored.Annotations[propagation.OrphanAnnotation] == "true"; got != wantOrphan {
				t.Errorf("orphan decision stored = %v, want %v (annotations %v)", got, wantOrphan, stored.Annotations)
			}
			if d := cmp.Diff(tc.wantStored, summarize(stored)); d != "" {
				t.Errorf("stored status (-want +got):\n%s", d)
			}
		})
	}
}

func TestWriteThroughUpdate(t *testing.T) {
	for name, tc := range map[string]struct {
		from, to []string
		greeting string
		adopt    bool
		// prepare runs before the object is created, setup after.
		prepare, setup func(t *testing.T, e *wtEnv)
		want           statusSummary
		wantHeld       map[string]memberCopy
	}{
		"a cluster dropped from the placement loses its copy": {
			from: []string{"east", "west"}, to: []string{"east"},
			want:     allPropagated(propagated("east", 1)),
			wantHeld: map[string]memberCopy{"east": ours("hello")},
		},
		"a cluster added to the placement gets a copy": {
			from: []string{"east"}, to: []string{"east", "west"},
			want:     allPropagated(propagated("east", 1), propagated("west", 1)),
			wantHeld: map[string]memberCopy{"east": ours("hello"), "west": ours("hello")},
		},
		"a template change reaches every member": {
			from: []string{"east", "west"}, to: []string{"east", "west"}, greeting: "bonjour",
			want:     allPropagated(propagated("east", 2), propagated("west", 2)),
			wantHeld: map[string]memberCopy{"east": ours("bonjour"), "west": ours("bonjour")},
		},
		"the adopt annotation takes over a conflicting copy": {
			from: []string{"east", "west"}, to: []string{"east", "west"}, adopt: true,
			prepare:  func(t *testing.T, e *wtEnv) { holdUnmanaged(t, e.members["east"]) },
			want:     allPropagated(propagated("east", 1), propagated("west", 1)),
			wantHeld: map[string]memberCopy{"east": ours("hello"), "west": ours("hello")},
		},
		// The status row is how the write-through and the sync controller know to remove the
		// object from a cluster no longer placed; without it the copy would stay for good.
		"a dropped cluster failing removal keeps a pending row": {
			from: []string{"east", "west"}, to: []string{"east"},
			setup: func(t *testing.T, e *wtEnv) {
				e.members["west"].Fail("get", "configmaps", apierrors.NewInternalError(errors.New("etcd is down")))
			},
			want:     allPropagated(propagated("east", 1), pending("west", string(metav1.StatusReasonInternalError))),
			wantHeld: map[string]memberCopy{"east": ours("hello"), "west": ours("hello")},
		},
	} {
		t.Run(name, func(t *testing.T) {
			e := newWTEnv(t, wtOptions{})
			if tc.prepare != nil {
				tc.prepare(t, e)
			}
			obj := e.created(t, tc.from...)
			if tc.setup != nil {
				tc.setup(t, e)
			}
			obj.Spec.Placement.Clusters = nil
			for _, c := range tc.to {
				obj.Spec.Placement.Clusters = append(obj.Spec.Placement.Clusters, federation.ClusterReference{Name: c})
			}
			if tc.greeting != "" {
				obj.Spec.Template.Data["greeting"] = tc.greeting
			}
			if tc.adopt {
				obj.Annotations = map[string]string{propagation.AdoptAnnotation: "true"}
			}
			if _, _, err := e.rest.Update(e.ctx, "cfg", rest.DefaultUpdatedObjectInfo(obj), rest.ValidateAllObjectFunc,
				rest.ValidateAllObjectUpdateFunc, false, &metav1.UpdateOptions{}); err != nil {
				t.Fatalf("Update: %v", err)
			}
			want := tc.want
			if !tc.adopt { // an annotation is not spec
				want.ObservedGeneration = 2
			}
			if d := cmp.Diff(want, summarize(e.stored(t, "cfg"))); d != "" {
				t.Errorf("stored status (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tc.wantHeld, e.held(t)); d != "" {
				t.Errorf("member copies (-want +got):\n%s", d)
			}
		})
	}
}

// TestWriteThroughDeleteRetryKeepsTheOrphanDecision: a delete retried without options, once
// the member that held it up answers, finishes the deletion as first requested.
func TestWriteThroughDeleteRetryKeepsTheOrphanDecision(t *testing.T) {
	e := newWTEnv(t, wtOptions{})
	e.created(t, "east", "west")
	reachable := e.members["west"].Fail("patch", "configmaps", apierrors.NewServiceUnavailable("restarting"))
	orphan := metav1.DeletePropagationOrphan
	if _, deleted, err := e.rest.Delete(e.ctx, "cfg", rest.ValidateAllObjectFunc, &metav1.DeleteOptions{PropagationPolicy: &orphan}); err != nil || deleted {
		t.Fatalf("Delete: deleted=%v, err=%v; want the object held by west", deleted, err)
	}
	reachable()
	if _, deleted, err := e.rest.Delete(e.ctx, "cfg", rest.ValidateAllObjectFunc, &metav1.DeleteOptions{}); err != nil || !deleted {
		t.Fatalf("retried Delete: deleted=%v, err=%v; want deleted", deleted, err)
	}
	unmanaged := memberCopy{Greeting: "hello"}
	if d := cmp.Diff(map[string]memberCopy{"east": unmanaged, "west": unmanaged}, e.held(t)); d != "" {
		t.Errorf("member copies (-want +got):\n%s", d)
	}
	if stored := e.stored(t, "cfg"); stored != nil {
		t.Errorf("object still stored: finalizers %v", stored.Finalizers)
	}
}

// TestWriteThroughDroppedClusterRemovedOnceReachable: a cluster dropped from the placement
// while it cannot be reached still loses its copy once it can, here by deleting the object.
func TestWriteThroughDroppedClusterRemovedOnceReachable(t *testing.T) {
	e := newWTEnv(t, wtOptions{})
	obj := e.created(t, "east", "west")
	reachable := e.members["west"].Fail("get", "configmaps", apierrors.NewInternalError(errors.New("etcd is down")))
	obj.Spec.Placement.Clusters = []federation.ClusterReference{{Name: "east"}}
	if _, _, err := e.rest.Update(e.ctx, "cfg", rest.DefaultUpdatedObjectInfo(obj), rest.ValidateAllObjectFunc,
		rest.ValidateAllObjectUpdateFunc, false, &metav1.UpdateOptions{}); err != nil {
		t.Fatalf("Update: %v", err)
	}
	reachable()
	if _, _, err := e.rest.Delete(e.ctx, "cfg", rest.ValidateAllObjectFunc, &metav1.DeleteOptions{}); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if d := cmp.Diff(map[string]memberCopy{}, e.held(t)); d != "" {
		t.Errorf("member copies after the object was deleted (-want +got):\n%s", d)
	}
	if stored := e.stored(t, "cfg"); stored != nil {
		t.Errorf("object still stored: %+v", stored.Status)
	}
}

// TestWriteThroughErrorsAreAPIStatus: the apiserver turns an error from Create, Update or
// Delete into a response with a type assertion to APIStatus, so anything else, a wrapped
// Status included, would reach the user as 500 Unknown.
func TestWriteThroughErrorsAreAPIStatus(t *testing.T) {
	update := func(e *wtEnv, edit func(*federation.FederatedConfigMap)) error {
		obj := fedConfigMap("east", "west")
		edit(obj)
		_, _, err := e.rest.Update(e.ctx, "cfg", rest.DefaultUpdatedObjectInfo(obj), rest.ValidateAllObjectFunc,
			rest.ValidateAllObjectUpdateFunc, false, &metav1.UpdateOptions{})
		return err
	}
	create := func(e *wtEnv, obj *federation.FederatedConfigMap) error {
		_, err := e.rest.Create(e.ctx, obj, rest.ValidateAllObjectFunc, &metav1.CreateOptions{})
		return err
	}
	for name, tc := range map[string]struct {
		existing bool // cfg is created first
		call     func(t *testing.T, e *wtEnv) error
	}{
		"create: invalid": {call: func(t *testing.T, e *wtEnv) error { return create(e, fedConfigMap()) }},
		"create: already exists": {existing: true, call: func(t *testing.T, e *wtEnv) error {
			return create(e, fedConfigMap("east"))
		}},
		"create: unrenderable overrides": {call: func(t *testing.T, e *wtEnv) error {
			return create(e, unrenderable(fedConfigMap("east")))
		}},
		"create: a member finds it invalid": {call: func(t *testing.T, e *wtEnv) error {
			e.members["west"].Fail("patch", "configmaps", memberInvalid)
			return create(e, fedConfigMap("east", "west"))
		}},
		"create: a member's admission denies it": {call: func(t *testing.T, e *wtEnv) error {
			e.members["west"].Fail("patch", "configmaps", admissionDenied)
			return create(e, fedConfigMap("east", "west"))
		}},
		"create: a member cannot create the namespace": {call: func(t *testing.T, e *wtEnv) error {
			e.members["west"].Delete(t, namespaces, "", wtNamespace)
			e.members["west"].Fail("create", "namespaces", admissionDenied)
			return create(e, fedConfigMap("east", "west"))
		}},
		"update: not found": {call: func(t *testing.T, e *wtEnv) error {
			return update(e, func(*federation.FederatedConfigMap) {})
		}},
		"update: stale resourceVersion": {existing: true, call: func(t *testing.T, e *wtEnv) error {
			return update(e, func(o *federation.FederatedConfigMap) { o.ResourceVersion = "1" })
		}},
		"update: unrenderable overrides": {existing: true, call: func(t *testing.T, e *wtEnv) error {
			return update(e, func(o *federation.FederatedConfigMap) { unrenderable(o) })
		}},
		"update: a member finds it invalid": {existing: true, call: func(t *testing.T, e *wtEnv) error {
			e.members["west"].Fail("patch", "configmaps", memberInvalid)
			return update(e, func(o *federation.FederatedConfigMap) { o.Spec.Template.Data["greeting"] = "bonjour" })
		}},
		"delete: not found": {call: func(t *testing.T, e *wtEnv) error {
			_, _, err := e.rest.Delete(e.ctx, "cfg", rest.ValidateAllObjectFunc, &metav1.DeleteOptions{})
			return err
		}},
		"delete: uid precondition": {existing: true, call: func(t *testing.T, e *wtEnv) error {
			_, _, err := e.rest.Delete(e.ctx, "cfg", rest.ValidateAllObjectFunc, metav1.NewPreconditionDeleteOptions(string(types.UID("other"))))
			return err
		}},
	} {
		t.Run(name, func(t *testing.T) {
			e := newWTEnv(t, wtOptions{preflight: true})
			if tc.existing {
				e.created(t, "east", "west")
			}
			err := tc.call(t, e)
			if err == nil {
				t.Fatal("no error")
			}
			var status apierrors.APIStatus
			if !errors.As(err, &status) {
				t.Fatalf("error %T (%v) carries no APIStatus", err, err)
			}
			// responsewriters.ErrorToAPIStatus switches on the error's own type.
			if _, ok := err.(apierrors.APIStatus); !ok {
				t.Errorf("error %T (%v) wraps an APIStatus, which the apiserver would not find", err, err)
			}
		})
	}
}
