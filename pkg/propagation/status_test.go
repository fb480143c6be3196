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

package propagation

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/members"
)

func TestStatus(t *testing.T) {
	obj := configMap()
	obj.Generation = 3
	forbidden := apierrors.NewForbidden(schema.GroupResource{Resource: "configmaps"}, "cfg", errors.New("no"))
	for name, tc := range map[string]struct {
		outcomes   []Outcome
		wantStatus metav1.ConditionStatus
		wantReason string
		wantPhases []string
	}{
		"all propagated": {
			outcomes:   []Outcome{{Cluster: "a", Generation: 1}, {Cluster: "b", Generation: 2}},
			wantStatus: metav1.ConditionTrue, wantReason: ReasonAllPropagated,
			wantPhases: []string{"a=Propagated", "b=Propagated"},
		},
		"one failed": {
			outcomes:   []Outcome{{Cluster: "a"}, {Cluster: "b", Err: forbidden, Reason: "Forbidden"}},
			wantStatus: metav1.ConditionFalse, wantReason: ReasonSomeFailed,
			wantPhases: []string{"a=Propagated", "b=Failed/Forbidden"},
		},
		"dry run the member could not check": {
			outcomes:   []Outcome{{Cluster: "a"}, {Cluster: "b", Err: &NamespaceMissingError{Namespace: "ns"}, Reason: ReasonNamespaceMissing}},
			wantStatus: metav1.ConditionFalse, wantReason: ReasonSomePending,
			wantPhases: []string{"a=Propagated", "b=Pending/NamespaceMissing"},
		},
		"failed and unchecked": {
			outcomes: []Outcome{
				{Cluster: "a", Err: forbidden, Reason: "Forbidden"},
				{Cluster: "b", Err: &NamespaceMissingError{Namespace: "ns"}, Reason: ReasonNamespaceMissing},
			},
			wantStatus: metav1.ConditionFalse, wantReason: ReasonSomeFailed,
			wantPhases: []string{"a=Failed/Forbidden", "b=Pending/NamespaceMissing"},
		},
		"no clusters": {
			wantStatus: metav1.ConditionFalse, wantReason: ReasonNoClusters,
		},
	} {
		t.Run(name, func(t *testing.T) {
			st := Status(obj, fedv1beta1.FederatedStatus{}, tc.outcomes)
			if st.ObservedGeneration != 3 {
				t.Errorf("observedGeneration = %d, want 3", st.ObservedGeneration)
			}
			c := meta.FindStatusCondition(st.Conditions, fedv1beta1.ConditionPropagated)
			if c == nil || c.Status != tc.wantStatus || c.Reason != tc.wantReason || c.ObservedGeneration != 3 {
				t.Errorf("Propagated condition = %+v, want status %s reason %s", c, tc.wantStatus, tc.wantReason)
			}
			var phases []string
			for _, r := range st.Clusters {
				p := r.Name + "=" + r.Phase
				if r.Reason != "" {
					p += "/" + r.Reason
				}
				phases = append(phases, p)
			}
			if d := cmp.Diff(tc.wantPhases, phases); d != "" {
				t.Errorf("cluster rows (-want +got):\n%s", d)
			}
		})
	}
}

func TestStatusKeepsTransitionTimeWhenUnchanged(t *testing.T) {
	obj := configMap()
	first := Status(obj, fedv1beta1.FederatedStatus{}, []Outcome{{Cluster: "a"}})
	past := metav1.NewTime(time.Now().Add(-time.Hour).Truncate(time.Second))
	first.Conditions[0].LastTransitionTime = past
	second := Status(obj, first, []Outcome{{Cluster: "a"}})
	if got := second.Conditions[0].LastTransitionTime; !got.Equal(&past) {
		t.Errorf("lastTransitionTime = %v, want the previous %v", got, past)
	}
}

func TestStatusTruncatesMemberMessages(t *testing.T) {
	long := errors.New(strings.Repeat("x", 5000))
	st := Status(configMap(), fedv1beta1.FederatedStatus{}, []Outcome{{Cluster: "a", Err: long, Reason: ReasonUnknown}})
	if n := len(st.Clusters[0].Message); n > maxMessageLength {
		t.Errorf("message length = %d, want at most %d", n, maxMessageLength)
	}
}

func TestReasonFor(t *testing.T) {
	for name, tc := range map[string]struct {
		err  error
		want string
	}{
		"member status":     {err: apierrors.NewInvalid(schema.GroupKind{Kind: "ConfigMap"}, "x", nil), want: "Invalid"},
		"forbidden":         {err: apierrors.NewForbidden(schema.GroupResource{}, "x", errors.New("no")), want: "Forbidden"},
		"deadline":          {err: fmt.Errorf("apply: %w", context.DeadlineExceeded), want: ReasonTimeout},
		"refused":           {err: fmt.Errorf("dial: %w", syscall.ECONNREFUSED), want: ReasonUnreachable},
		"conflict":          {err: &ConflictError{Kind: "ConfigMap"}, want: ReasonConflict},
		"namespace missing": {err: &NamespaceMissingError{Namespace: "ns"}, want: ReasonNamespaceMissing},
		// What an HTTP client returns for an untrusted serving certificate: a url.Error,
		// which is also a net.Error.
		"untrusted certificate": {err: &url.Error{Op: "Get", URL: "https://m", Err: &tls.CertificateVerificationError{Err: x509.UnknownAuthorityError{}}}, want: ReasonCertificateInvalid},
		"no credentials":        {err: fmt.Errorf("x: %w", members.ErrNoCredentials), want: ReasonCredentialsMissing},
		"something unknown":     {err: errors.New("boom"), want: ReasonUnknown},
	} {
		t.Run(name, func(t *testing.T) {
			if got := ReasonFor(tc.err); got != tc.want {
				t.Errorf("ReasonFor(%v) = %q, want %q", tc.err, got, tc.want)
			}
		})
	}
}

func TestIsCredentialDenial(t *testing.T) {
	gr := schema.GroupResource{Resource: "configmaps"}
	for name, tc := range map[string]struct {
		err  error
		want bool
	}{
		"RBAC refusal of our user": {
			err:  apierrors.NewForbidden(gr, "cfg", errors.New(`User "nobody" cannot get resource "configmaps" in API group "" in the namespace "shop"`)),
			want: true,
		},
		"admission refusal of the object": {
			err: apierrors.NewForbidden(gr, "cfg", errors.New(`admission webhook "policy.example.com" denied the request: replicas cannot exceed 5`)),
		},
		"invalid object": {err: apierrors.NewInvalid(schema.GroupKind{Kind: "ConfigMap"}, "cfg", nil)},
	} {
		t.Run(name, func(t *testing.T) {
			if got := IsCredentialDenial(tc.err); got != tc.want {
				t.Errorf("IsCredentialDenial(%v) = %v, want %v", tc.err, got, tc.want)
			}
		})
	}
}

func TestUnplaced(t *testing.T) {
	obj := &fedv1beta1.FederatedConfigMap{Status: fedv1beta1.FederatedStatus{Clusters: []fedv1beta1.ClusterPropagationStatus{
		{Name: "a", Phase: fedv1beta1.PropagationPhasePropagated},
		{Name: "b", Phase: fedv1beta1.PropagationPhaseFailed},
		{Name: "c", Phase: fedv1beta1.PropagationPhasePending},
	}}}
	if got := Unplaced(obj, []string{"b", "d"}); !slices.Equal(got, []string{"a", "c"}) {
		t.Errorf("Unplaced() = %v, want [a c]", got)
	}
}

func TestUnreported(t *testing.T) {
	obj := &fedv1beta1.FederatedConfigMap{Status: fedv1beta1.FederatedStatus{Clusters: []fedv1beta1.ClusterPropagationStatus{
		{Name: "a", Phase: fedv1beta1.PropagationPhasePropagated},
		{Name: "b", Phase: fedv1beta1.PropagationPhaseFailed},
	}}}
	absent := Unreported(obj)
	for cluster, want := range map[string]bool{"a": false, "b": false, "c": true} {
		if got := absent(cluster); got != want {
			t.Errorf("Unreported(obj)(%q) = %v, want %v", cluster, got, want)
		}
	}
	if !Unreported(&fedv1beta1.FederatedConfigMap{})("a") {
		t.Error("a new object reports no cluster, so every cluster is expected to be absent")
	}
}

func TestWithFieldConflicts(t *testing.T) {
	obj := configMap()
	forbidden := apierrors.NewForbidden(schema.GroupResource{Resource: "configmaps"}, "cfg", errors.New("no"))
	st := Status(obj, fedv1beta1.FederatedStatus{}, []Outcome{
		{Cluster: "a", Generation: 1}, {Cluster: "b", Err: forbidden, Reason: "Forbidden"}, {Cluster: "c", Generation: 1},
	})
	tier := FieldConflict{Field: ".metadata.annotations.example.com/tier", Manager: "fight-writer", Restorations: 3}
	replicas := FieldConflict{Field: ".spec.replicas", Restorations: 3}
	for name, tc := range map[string]struct {
		conflicts map[string][]FieldConflict
		// want maps each cluster to "phase/reason" and the strings its message mentions.
		want map[string][]string
	}{
		"none": {
			want: map[string][]string{"a": {"Propagated/"}, "b": {"Failed/Forbidden"}, "c": {"Propagated/"}},
		},
		"on a propagated row: reason and message name field and manager": {
			conflicts: map[string][]FieldConflict{"a": {tier, replicas}},
			want: map[string][]string{
				"a": {"Propagated/" + ReasonFieldManagerConflict, tier.Field, `manager "fight-writer"`, replicas.Field, "an unnamed manager", "restored 3 times"},
				"b": {"Failed/Forbidden"}, "c": {"Propagated/"},
			},
		},
		"a failed row keeps its own reason": {
			conflicts: map[string][]FieldConflict{"b": {tier}},
			want:      map[string][]string{"a": {"Propagated/"}, "b": {"Failed/Forbidden"}, "c": {"Propagated/"}},
		},
	} {
		t.Run(name, func(t *testing.T) {
			before := st.DeepCopy()
			got := WithFieldConflicts(st, tc.conflicts)
			if d := cmp.Diff(*before, st); d != "" {
				t.Errorf("WithFieldConflicts changed its input (-before +after):\n%s", d)
			}
			if d := cmp.Diff(st.Conditions, got.Conditions); d != "" {
				t.Errorf("conditions changed (-before +after):\n%s", d)
			}
			for _, row := range got.Clusters {
				want := tc.want[row.Name]
				if phase := row.Phase + "/" + row.Reason; phase != want[0] {
					t.Errorf("row %s: %s, want %s", row.Name, phase, want[0])
				}
				for _, s := range want[1:] {
					if !strings.Contains(row.Message, s) {
						t.Errorf("row %s: message %q does not mention %s", row.Name, row.Message, s)
					}
				}
			}
		})
	}
}
