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
	"testing"

	"github.com/google/go-cmp/cmp"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/rest"

	"k8s.io/federation/pkg/apis/federation"
	"k8s.io/federation/pkg/propagation"
)

// TestWriteThroughDryRun: a dry run asks every member and answers with what they said, and
// changes nothing in the store or in any member.
func TestWriteThroughDryRun(t *testing.T) {
	dryRun := []string{metav1.DryRunAll}
	update := func(t *testing.T, e *wtEnv, edit func(*federation.FederatedConfigMap)) (runtime.Object, error) {
		obj := e.stored(t, "cfg")
		edit(obj)
		out, _, err := e.rest.Update(e.ctx, "cfg", rest.DefaultUpdatedObjectInfo(obj), rest.ValidateAllObjectFunc,
			rest.ValidateAllObjectUpdateFunc, false, &metav1.UpdateOptions{DryRun: dryRun})
		return out, err
	}
	for name, tc := range map[string]struct {
		// existing is how cfg (on east and west) is stored first: "written" through the REST,
		// "stored only" straight into the store, so that no status was recorded; none if empty.
		existing string
		// westLacksNamespace removes the namespace from west, and checks it stays removed.
		westLacksNamespace bool
		setup              func(t *testing.T, e *wtEnv)
		call               func(t *testing.T, e *wtEnv) (runtime.Object, error)
		wantErr            func(error) bool
		want               statusSummary
		wantHeld           map[string]memberCopy
	}{
		"create: members checked, nothing written": {
			call: func(t *testing.T, e *wtEnv) (runtime.Object, error) {
				return e.rest.Create(e.ctx, fedConfigMap("east", "west"), rest.ValidateAllObjectFunc, &metav1.CreateOptions{DryRun: dryRun})
			},
			want:     allPropagated(propagated("east", 1), propagated("west", 1)),
			wantHeld: map[string]memberCopy{},
		},
		"create: a member without the namespace is pending and still lacks it": {
			westLacksNamespace: true,
			call: func(t *testing.T, e *wtEnv) (runtime.Object, error) {
				return e.rest.Create(e.ctx, fedConfigMap("east", "west"), rest.ValidateAllObjectFunc, &metav1.CreateOptions{DryRun: dryRun})
			},
			want: statusSummary{ObservedGeneration: 1, Propagated: metav1.ConditionFalse, Reason: propagation.ReasonSomePending, Rows: []federation.ClusterPropagationStatus{
				propagated("east", 1), row("west", federation.PropagationPhasePending, propagation.ReasonNamespaceMissing, 0),
			}},
			wantHeld: map[string]memberCopy{},
		},
		"create: a member finding it invalid refuses it": {
			setup: func(t *testing.T, e *wtEnv) { e.members["west"].Fail("patch", "configmaps", memberInvalid) },
			call: func(t *testing.T, e *wtEnv) (runtime.Object, error) {
				return e.rest.Create(e.ctx, fedConfigMap("east", "west"), rest.ValidateAllObjectFunc, &metav1.CreateOptions{DryRun: dryRun})
			},
			wantErr:  apierrors.IsInvalid,
			wantHeld: map[string]memberCopy{},
		},
		"update: a dropped cluster keeps its copy": {
			existing: "written",
			call: func(t *testing.T, e *wtEnv) (runtime.Object, error) {
				return update(t, e, func(o *federation.FederatedConfigMap) {
					o.Spec.Placement.Clusters = []federation.ClusterReference{{Name: "east"}}
				})
			},
			want:     statusSummary{ObservedGeneration: 2, Propagated: metav1.ConditionTrue, Reason: propagation.ReasonAllPropagated, Rows: []federation.ClusterPropagationStatus{propagated("east", 1)}},
			wantHeld: map[string]memberCopy{"east": ours("hello"), "west": ours("hello")},
		},
		// The stored status is behind the spec (its write was lost), so the update writes
		// through although the spec does not change; the dry run must report the members.
		"update: labels of an object whose status is behind": {
			existing: "stored only",
			call: func(t *testing.T, e *wtEnv) (runtime.Object, error) {
				return update(t, e, func(o *federation.FederatedConfigMap) { o.Labels = map[string]string{"tier": "web"} })
			},
			want:     allPropagated(propagated("east", 1), propagated("west", 1)),
			wantHeld: map[string]memberCopy{},
		},
	} {
		t.Run(name, func(t *testing.T) {
			e := newWTEnv(t, wtOptions{})
			switch tc.existing {
			case "written":
				e.created(t, "east", "west")
			case "stored only":
				if _, err := e.rest.Store.Create(e.ctx, fedConfigMap("east", "west"), rest.ValidateAllObjectFunc, &metav1.CreateOptions{}); err != nil {
					t.Fatal(err)
				}
			}
			var before *federation.FederatedConfigMap
			if tc.existing != "" {
				before = e.stored(t, "cfg")
			}
			if tc.westLacksNamespace {
				e.members["west"].Delete(t, namespaces, "", wtNamespace)
			}
			if tc.setup != nil {
				tc.setup(t, e)
			}
			out, err := tc.call(t, e)
			switch {
			case tc.wantErr != nil && !tc.wantErr(err):
				t.Fatalf("dry run: %v, want a refusal", err)
			case tc.wantErr == nil && err != nil:
				t.Fatalf("dry run: %v", err)
			case err == nil:
				if d := cmp.Diff(tc.want, summarize(out.(*federation.FederatedConfigMap))); d != "" {
					t.Errorf("status answered (-want +got):\n%s", d)
				}
			}
			if d := cmp.Diff(tc.wantHeld, e.held(t)); d != "" {
				t.Errorf("member copies (-want +got):\n%s", d)
			}
			if ns := e.members["west"].Get(t, namespaces, "", wtNamespace); (ns == nil) != tc.westLacksNamespace {
				t.Errorf("west holds the namespace: %v, want %v", ns != nil, !tc.westLacksNamespace)
			}
			if tc.existing == "" {
				if stored := e.stored(t, "cfg"); stored != nil {
					t.Errorf("dry run stored %v", stored)
				}
				return
			}
			if d := cmp.Diff(before, e.stored(t, "cfg")); d != "" {
				t.Errorf("stored object changed by a dry run (-before +after):\n%s", d)
			}
		})
	}
}
