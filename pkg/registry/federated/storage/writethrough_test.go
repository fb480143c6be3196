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
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apiserver/pkg/registry/rest"

	"k8s.io/federation/pkg/apis/federation"
	"k8s.io/federation/pkg/propagation"
	"k8s.io/federation/pkg/propagation/membertest"
)

const cfgOrigin = "FederatedConfigMap.federation.k8s.io/" + wtNamespace + "/cfg"

// memberCopy is what a member holds of cfg, as these tests compare it.
type memberCopy struct {
	Managed, Origin, Greeting string
}

// held returns each member's copy of cfg; a member holding none is absent.
func (e *wtEnv) held(t *testing.T) map[string]memberCopy {
	t.Helper()
	out := map[string]memberCopy{}
	for name, m := range e.members {
		u := m.Get(t, configMaps, wtNamespace, "cfg")
		if u == nil {
			continue
		}
		greeting, _, _ := unstructured.NestedString(u.Object, "data", "greeting")
		out[name] = memberCopy{Managed: u.GetLabels()[propagation.ManagedLabel], Origin: u.GetAnnotations()[propagation.OriginAnnotation], Greeting: greeting}
	}
	return out
}

// ours is a copy written by federation with greeting.
func ours(greeting string) memberCopy {
	return memberCopy{Managed: "true", Origin: cfgOrigin, Greeting: greeting}
}

// statusSummary is a stored status without the words: member messages are not ours to
// compare, and condition messages are covered by propagation.Status's tests.
type statusSummary struct {
	ObservedGeneration int64
	Propagated         metav1.ConditionStatus
	Reason             string
	Rows               []federation.ClusterPropagationStatus
}

func summarize(obj *federation.FederatedConfigMap) statusSummary {
	s := statusSummary{ObservedGeneration: obj.Status.ObservedGeneration}
	if c := meta.FindStatusCondition(obj.Status.Conditions, federation.ConditionPropagated); c != nil {
		s.Propagated, s.Reason = c.Status, c.Reason
	}
	for _, r := range obj.Status.Clusters {
		r.Message = ""
		s.Rows = append(s.Rows, r)
	}
	return s
}

func row(cluster, phase, reason string, generation int64) federation.ClusterPropagationStatus {
	return federation.ClusterPropagationStatus{Name: cluster, Phase: phase, Reason: reason, Generation: generation}
}

func propagated(cluster string, generation int64) federation.ClusterPropagationStatus {
	return row(cluster, federation.PropagationPhasePropagated, "", generation)
}

func failed(cluster, reason string) federation.ClusterPropagationStatus {
	return row(cluster, federation.PropagationPhaseFailed, reason, 0)
}

func allPropagated(rows ...federation.ClusterPropagationStatus) statusSummary {
	return statusSummary{ObservedGeneration: 1, Propagated: metav1.ConditionTrue, Reason: propagation.ReasonAllPropagated, Rows: rows}
}

func someFailed(rows ...federation.ClusterPropagationStatus) statusSummary {
	return statusSummary{ObservedGeneration: 1, Propagated: metav1.ConditionFalse, Reason: propagation.ReasonSomeFailed, Rows: rows}
}

var configMapGR = schema.GroupResource{Resource: "configmaps"}

// Member answers that are the member's own state, not about the object.
var (
	credentialsDenied = apierrors.NewForbidden(configMapGR, "cfg",
		errors.New(`User "system:serviceaccount:kube-system:federation" cannot patch resource "configmaps" in API group "" in the namespace "shop"`))
	quotaFull = apierrors.NewForbidden(configMapGR, "cfg",
		errors.New("exceeded quota: objects, requested: count/configmaps=1, used: count/configmaps=10, limited: count/configmaps=10"))
	admissionDenied = apierrors.NewForbidden(configMapGR, "cfg", errors.New(`admission webhook "policy.example.com" denied the request: greeting must be formal`))
	memberInvalid   = apierrors.NewInvalid(schema.GroupKind{Kind: "ConfigMap"}, "cfg", field.ErrorList{
		field.Invalid(field.NewPath("data").Key("greeting"), "hello", "must be formal"),
		field.Invalid(field.NewPath("metadata", "name"), "cfg", "reserved here"),
	})
)

// holdUnmanaged gives the member a cfg of its own, not written by federation.
func holdUnmanaged(t *testing.T, m *membertest.Member) {
	t.Helper()
	u := &unstructured.Unstructured{Object: map[string]any{"apiVersion": "v1", "kind": "ConfigMap", "data": map[string]any{"greeting": "theirs"}}}
	u.SetName("cfg")
	u.SetNamespace(wtNamespace)
	u.SetResourceVersion("7")
	m.Put(t, u)
}

func TestWriteThroughCreate(t *testing.T) {
	for name, tc := range map[string]struct {
		opts       wtOptions
		placement  []string
		setup      func(t *testing.T, e *wtEnv)
		want       statusSummary
		wantHeld   map[string]memberCopy
		wantNSMade bool // west had no namespace; it holds one marked as federation's
	}{
		"every member written": {
			want:     allPropagated(propagated("east", 1), propagated("west", 1)),
			wantHeld: map[string]memberCopy{"east": ours("hello"), "west": ours("hello")},
		},
		"a copy not managed by federation fails that member alone": {
			setup:    func(t *testing.T, e *wtEnv) { holdUnmanaged(t, e.members["east"]) },
			want:     someFailed(failed("east", propagation.ReasonConflict), propagated("west", 1)),
			wantHeld: map[string]memberCopy{"east": {Greeting: "theirs"}, "west": ours("hello")},
		},
		"a missing namespace is created, then the object": {
			setup: func(t *testing.T, e *wtEnv) {
				e.members["west"].Delete(t, namespaces, "", wtNamespace)
			},
			want:       allPropagated(propagated("east", 1), propagated("west", 1)),
			wantHeld:   map[string]memberCopy{"east": ours("hello"), "west": ours("hello")},
			wantNSMade: true,
		},
		"a terminating namespace fails that member alone": {
			setup:    func(t *testing.T, e *wtEnv) { e.members["east"].Terminate(t, wtNamespace) },
			want:     someFailed(failed("east", propagation.ReasonNamespaceTerminating), propagated("west", 1)),
			wantHeld: map[string]memberCopy{"west": ours("hello")},
		},
		"a member that never answers times out alone": {
			setup:    func(t *testing.T, e *wtEnv) { e.members["west"].Hang() },
			want:     someFailed(propagated("east", 1), failed("west", propagation.ReasonTimeout)),
			wantHeld: map[string]memberCopy{"east": ours("hello")},
		},
		"a member refusing federation's credentials fails alone": {
			setup:    func(t *testing.T, e *wtEnv) { e.members["west"].Fail("patch", "configmaps", credentialsDenied) },
			want:     someFailed(propagated("east", 1), failed("west", string(metav1.StatusReasonForbidden))),
			wantHeld: map[string]memberCopy{"east": ours("hello")},
		},
		"an unregistered cluster fails alone": {
			placement: []string{"east", "north"},
			want:      someFailed(propagated("east", 1), failed("north", propagation.ReasonClusterNotFound)),
			wantHeld:  map[string]memberCopy{"east": ours("hello")},
		},
	} {
		t.Run(name, func(t *testing.T) {
			e := newWTEnv(t, tc.opts)
			if tc.setup != nil {
				tc.setup(t, e)
			}
			placement := tc.placement
			if placement == nil {
				placement = []string{"east", "west"}
			}
			if _, err := e.rest.Create(e.ctx, fedConfigMap(placement...), rest.ValidateAllObjectFunc, &metav1.CreateOptions{}); err != nil {
				t.Fatalf("Create: %v", err)
			}
			stored := e.stored(t, "cfg")
			if d := cmp.Diff(tc.want, summarize(stored)); d != "" {
				t.Errorf("stored status (-want +got):\n%s", d)
			}
			if d := cmp.Diff([]string{propagation.Finalizer}, stored.Finalizers); d != "" {
				t.Errorf("stored finalizers (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tc.wantHeld, e.held(t)); d != "" {
				t.Errorf("member copies (-want +got):\n%s", d)
			}
			if tc.wantNSMade {
				ns := e.members["west"].Get(t, namespaces, "", wtNamespace)
				if ns == nil || ns.GetLabels()[propagation.ManagedLabel] != "true" {
					t.Errorf("west namespace %v, want one created by federation", ns)
				}
			}
		})
	}
}

// TestWriteThroughPreflight: with pre-flight, a member refusing the object itself refuses
// the request and nothing is stored anywhere; a member's own state fails it alone.
func TestWriteThroughPreflight(t *testing.T) {
	for name, tc := range map[string]struct {
		setup func(t *testing.T, west *membertest.Member)
		// refusal tells the refusal's class; nil when the request succeeds.
		refusal    func(error) bool
		wantCauses []string
		want       statusSummary
		wantHeld   map[string]memberCopy
	}{
		"a member finding the object invalid refuses it": {
			setup:      func(t *testing.T, west *membertest.Member) { west.Fail("patch", "configmaps", memberInvalid) },
			refusal:    apierrors.IsInvalid,
			wantCauses: []string{"spec.template.data[greeting]", "metadata.name"},
		},
		"a member's admission denying the object refuses it": {
			setup:   func(t *testing.T, west *membertest.Member) { west.Fail("patch", "configmaps", admissionDenied) },
			refusal: apierrors.IsForbidden,
		},
		"a member refusing federation's credentials does not refuse": {
			setup:    func(t *testing.T, west *membertest.Member) { west.Fail("patch", "configmaps", credentialsDenied) },
			want:     someFailed(propagated("east", 1), failed("west", string(metav1.StatusReasonForbidden))),
			wantHeld: map[string]memberCopy{"east": ours("hello")},
		},
		"a member's terminating namespace does not refuse": {
			setup:    func(t *testing.T, west *membertest.Member) { west.Terminate(t, wtNamespace) },
			want:     someFailed(propagated("east", 1), failed("west", propagation.ReasonNamespaceTerminating)),
			wantHeld: map[string]memberCopy{"east": ours("hello")},
		},
		"a member's full quota does not refuse": {
			setup:    func(t *testing.T, west *membertest.Member) { west.Fail("patch", "configmaps", quotaFull) },
			want:     someFailed(propagated("east", 1), failed("west", propagation.ReasonQuotaExceeded)),
			wantHeld: map[string]memberCopy{"east": ours("hello")},
		},
		"a member without the namespace gets it and accepts": {
			setup: func(t *testing.T, west *membertest.Member) {
				west.Delete(t, namespaces, "", wtNamespace)
			},
			want:     allPropagated(propagated("east", 1), propagated("west", 1)),
			wantHeld: map[string]memberCopy{"east": ours("hello"), "west": ours("hello")},
		},
	} {
		t.Run(name, func(t *testing.T) {
			e := newWTEnv(t, wtOptions{preflight: true})
			tc.setup(t, e.members["west"])
			_, err := e.rest.Create(e.ctx, fedConfigMap("east", "west"), rest.ValidateAllObjectFunc, &metav1.CreateOptions{})
			if tc.refusal == nil {
				if err != nil {
					t.Fatalf("Create: %v", err)
				}
				if d := cmp.Diff(tc.want, summarize(e.stored(t, "cfg"))); d != "" {
					t.Errorf("stored status (-want +got):\n%s", d)
				}
				if d := cmp.Diff(tc.wantHeld, e.held(t)); d != "" {
					t.Errorf("member copies (-want +got):\n%s", d)
				}
				return
			}
			if !tc.refusal(err) {
				t.Fatalf("Create: %v, want the member's refusal", err)
			}
			var status apierrors.APIStatus
			if !errors.As(err, &status) {
				t.Fatalf("Create: %T is not an API status", err)
			}
			st := status.Status()
			if !strings.Contains(st.Message, "west") {
				t.Errorf("message %q does not name the member west", st.Message)
			}
			var causes []string
			if st.Details != nil {
				for _, c := range st.Details.Causes {
					causes = append(causes, c.Field)
				}
			}
			if d := cmp.Diff(tc.wantCauses, causes); d != "" {
				t.Errorf("cause fields (-want +got):\n%s", d)
			}
			if obj := e.stored(t, "cfg"); obj != nil {
				t.Errorf("refused object stored: %v", obj)
			}
			if d := cmp.Diff(map[string]memberCopy{}, e.held(t)); d != "" {
				t.Errorf("member copies after a refusal (-want +got):\n%s", d)
			}
		})
	}
}

// unrenderable is cfg with an override removing a key the template lacks.
func unrenderable(obj *federation.FederatedConfigMap) *federation.FederatedConfigMap {
	obj.Spec.Overrides = []federation.ClusterOverride{{ClusterName: "east", Patches: []federation.OverridePatch{
		{Op: federation.OverrideOpRemove, Path: "/data/missing"},
	}}}
	return obj
}

// TestWriteThroughRefusesUnrenderableOverrides: overrides that cannot be rendered are
// Invalid input, refused before anything is stored or written.
func TestWriteThroughRefusesUnrenderableOverrides(t *testing.T) {
	for name, write := range map[string]func(e *wtEnv) error{
		"create": func(e *wtEnv) error {
			_, err := e.rest.Create(e.ctx, unrenderable(fedConfigMap("east", "west")), rest.ValidateAllObjectFunc, &metav1.CreateOptions{})
			return err
		},
		"update": func(e *wtEnv) error {
			// The stored object was written everywhere; the refused update changes nothing.
			if _, err := e.rest.Create(e.ctx, fedConfigMap("east", "west"), rest.ValidateAllObjectFunc, &metav1.CreateOptions{}); err != nil {
				return err
			}
			changed := unrenderable(fedConfigMap("east", "west"))
			changed.Spec.Template.Data["greeting"] = "bonjour"
			_, _, err := e.rest.Update(e.ctx, "cfg", rest.DefaultUpdatedObjectInfo(changed), rest.ValidateAllObjectFunc, rest.ValidateAllObjectUpdateFunc, false, &metav1.UpdateOptions{})
			return err
		},
	} {
		t.Run(name, func(t *testing.T) {
			e := newWTEnv(t, wtOptions{})
			err := write(e)
			if !apierrors.IsInvalid(err) {
				t.Fatalf("%s: %v, want Invalid", name, err)
			}
			var status apierrors.APIStatus
			if !errors.As(err, &status) || status.Status().Details == nil {
				t.Fatalf("%s: %v carries no causes", name, err)
			}
			var causes []string
			for _, c := range status.Status().Details.Causes {
				causes = append(causes, c.Field)
			}
			if d := cmp.Diff([]string{"spec.overrides[0].patches[0]"}, causes); d != "" {
				t.Errorf("cause fields (-want +got):\n%s", d)
			}
			wantHeld := map[string]memberCopy{}
			if name == "update" {
				stored := e.stored(t, "cfg")
				if stored.Generation != 1 || len(stored.Spec.Overrides) != 0 {
					t.Errorf("stored generation %d, overrides %v; want the object as created", stored.Generation, stored.Spec.Overrides)
				}
				wantHeld = map[string]memberCopy{"east": ours("hello"), "west": ours("hello")}
			} else if obj := e.stored(t, "cfg"); obj != nil {
				t.Errorf("refused object stored: %v", obj)
			}
			if d := cmp.Diff(wantHeld, e.held(t)); d != "" {
				t.Errorf("member copies (-want +got):\n%s", d)
			}
		})
	}
}
