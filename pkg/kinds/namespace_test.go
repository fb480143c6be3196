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

package kinds_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"k8s.io/federation/pkg/apis/federation"
	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/kinds"
)

// A FederatedNamespace's name is a namespace name: a DNS-1123 label, as the members' API
// requires, refused at metadata.name before anything is stored.
func TestNamespaceNameValidation(t *testing.T) {
	validate := kinds.ByKind("FederatedNamespace").Hooks.Validate
	for name, wantErr := range map[string]bool{
		"team-a":                false,
		"default":               false,
		"Team-A":                true,
		"team.a":                true,
		strings.Repeat("a", 64): true,
		strings.Repeat("a", 63): false,
		"-team":                 true,
	} {
		obj := &federation.FederatedNamespace{ObjectMeta: metav1.ObjectMeta{Name: name}}
		errs := validate(obj, field.NewPath("spec"))
		if got := len(errs) > 0; got != wantErr {
			t.Errorf("%q: errors %v, want errors: %v", name, errs, wantErr)
		}
		for _, e := range errs {
			if e.Field != "metadata.name" || e.Type != field.ErrorTypeInvalid {
				t.Errorf("%q: error %s at %s, want Invalid at metadata.name", name, e.Type, e.Field)
			}
		}
	}
}

// The deletion rule: only a namespace federation created, holding nothing it does not
// manage, may be deleted; held is asked only when creation says it may.
func TestNamespaceKeep(t *testing.T) {
	keep := kinds.ByKind("FederatedNamespace").Hooks.Ownership.Keep
	listErr := errors.New("the member is down")
	for name, tc := range map[string]struct {
		created  bool
		held     []string
		heldErr  error
		want     string // words of the reason; "" to delete
		wantErr  bool
		wantAsks int
	}{
		"created and empty":           {created: true, wantAsks: 1},
		"created, holds a user's":     {created: true, held: []string{"configmaps/mine"}, want: "configmaps/mine", wantAsks: 1},
		"created, contents unknown":   {created: true, heldErr: listErr, wantErr: true, wantAsks: 1},
		"not created by federation":   {want: "did not create"},
		"not created, holds anything": {held: []string{"configmaps/mine"}, want: "did not create"},
	} {
		t.Run(name, func(t *testing.T) {
			ns := &unstructured.Unstructured{}
			ns.SetName("team-a")
			if tc.created {
				ns.SetAnnotations(map[string]string{kinds.CreatedAnnotation: "true"})
			}
			asks := 0
			got, err := keep(context.Background(), ns, func(context.Context) ([]string, error) {
				asks++
				return tc.held, tc.heldErr
			})
			if (err != nil) != tc.wantErr {
				t.Fatalf("error %v, want one: %v", err, tc.wantErr)
			}
			if (got == "") != (tc.want == "") || !strings.Contains(got, tc.want) {
				t.Errorf("reason %q, want one mentioning %q", got, tc.want)
			}
			if d := cmp.Diff(tc.wantAsks, asks); d != "" {
				t.Errorf("held asked (-want +got):\n%s", d)
			}
		})
	}
}

// Each cluster's row reads the member namespace's phase.
func TestNamespaceMemberPhase(t *testing.T) {
	record := kinds.ByKind("FederatedNamespace").Hooks.RecordMember
	phase := func(copy *unstructured.Unstructured) string {
		var row fedv1beta1.ClusterPropagationStatus
		if err := record(copy, &row, &fedv1beta1.FederatedStatus{}); err != nil {
			t.Fatal(err)
		}
		return row.MemberPhase
	}
	ns := &unstructured.Unstructured{Object: map[string]any{"status": map[string]any{"phase": "Terminating"}}}
	if got := phase(ns); got != "Terminating" {
		t.Errorf("MemberPhase = %q, want Terminating", got)
	}
	if got := phase(&unstructured.Unstructured{Object: map[string]any{}}); got != "" {
		t.Errorf("MemberPhase of a namespace without status = %q, want none", got)
	}
}
