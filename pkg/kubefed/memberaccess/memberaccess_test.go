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

package memberaccess

import (
	"context"
	"io"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/client-go/kubernetes/fake"
	clienttesting "k8s.io/client-go/testing"

	"k8s.io/federation/pkg/kinds"
)

// withTokenController makes the fake member fill service-account-token Secrets on create,
// as kube-controller-manager does.
func withTokenController(c *fake.Clientset) *fake.Clientset {
	c.PrependReactor("create", "secrets", func(a clienttesting.Action) (bool, runtime.Object, error) {
		s := a.(clienttesting.CreateAction).GetObject().(*corev1.Secret)
		if s.Type == corev1.SecretTypeServiceAccountToken {
			s.Data = map[string][]byte{corev1.ServiceAccountTokenKey: []byte("token-of-" + s.Annotations[corev1.ServiceAccountNameKey])}
		}
		return false, nil, nil
	})
	return c
}

func TestGrantThenRevoke(t *testing.T) {
	ctx := context.Background()
	a := For("eu-west", "federation-system")
	for name, tc := range map[string]struct {
		existing      []runtime.Object
		wantNamespace bool // after Revoke
	}{
		"namespace made by join is removed": {},
		"role of an earlier join brought up to date": {
			existing: []runtime.Object{&rbacv1.ClusterRole{ObjectMeta: metav1.ObjectMeta{Name: a.ClusterRole},
				Rules: []rbacv1.PolicyRule{{APIGroups: []string{""}, Resources: []string{"services"}, Verbs: []string{"*"}}}}},
		},
		"namespace that existed is kept": {
			existing:      []runtime.Object{&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "federation-system"}}},
			wantNamespace: true,
		},
		"namespace still used by fcp is kept": {
			existing:      []runtime.Object{&corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "fcp", Namespace: "federation-system"}}},
			wantNamespace: true,
		},
	} {
		t.Run(name, func(t *testing.T) {
			member := withTokenController(fake.NewClientset(tc.existing...))
			for range 2 { // a second join finds everything in place
				token, err := Grant(ctx, member, a, time.Second, io.Discard)
				if err != nil {
					t.Fatal(err)
				}
				if string(token) != "token-of-federation-eu-west" {
					t.Errorf("token %q", token)
				}
			}
			role, err := member.RbacV1().ClusterRoles().Get(ctx, a.ClusterRole, metav1.GetOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(Rules(), role.Rules); d != "" {
				t.Errorf("member ClusterRole rules (-want +got):\n%s", d)
			}
			if err := Revoke(ctx, member, a, io.Discard); err != nil {
				t.Fatal(err)
			}
			for what, err := range map[string]error{
				"serviceaccount": get(member.CoreV1().ServiceAccounts(a.Namespace).Get(ctx, a.ServiceAccount, metav1.GetOptions{})),
				"token":          get(member.CoreV1().Secrets(a.Namespace).Get(ctx, a.TokenSecret, metav1.GetOptions{})),
				"clusterrole":    get(member.RbacV1().ClusterRoles().Get(ctx, a.ClusterRole, metav1.GetOptions{})),
				"binding":        get(member.RbacV1().ClusterRoleBindings().Get(ctx, a.ClusterRole, metav1.GetOptions{})),
			} {
				if !apierrors.IsNotFound(err) {
					t.Errorf("%s after Revoke: %v, want NotFound", what, err)
				}
			}
			_, err = member.CoreV1().Namespaces().Get(ctx, a.Namespace, metav1.GetOptions{})
			if got := err == nil; got != tc.wantNamespace {
				t.Errorf("namespace kept = %v, want %v", got, tc.wantNamespace)
			}
		})
	}
}

func TestGrantWithoutTokenController(t *testing.T) {
	_, err := Grant(context.Background(), fake.NewClientset(), For("m", "federation-system"), 300*time.Millisecond, io.Discard)
	if err == nil {
		t.Fatal("Grant succeeded without a token")
	}
}

func get[T any](_ T, err error) error { return err }

// The member role allows what federation does with each federated kind's member type, and
// nothing on other types.
func TestRulesCoverTheFederatedKindsOnly(t *testing.T) {
	rules := Rules()
	allows := func(group, resource, verb string) bool {
		return slices.ContainsFunc(rules, func(r rbacv1.PolicyRule) bool {
			has := func(list []string, v string) bool {
				return slices.Contains(list, v) || slices.Contains(list, rbacv1.ResourceAll)
			}
			return has(r.APIGroups, group) && has(r.Resources, resource) && has(r.Verbs, verb)
		})
	}
	written := sets.New[schema.GroupResource]()
	for _, k := range kinds.All() {
		m := k.Member
		written.Insert(m.GroupVersionResource().GroupResource())
		for _, verb := range []string{"get", "list", "watch", "create", "patch", "delete"} {
			if !allows(m.Group, m.Resource, verb) {
				t.Errorf("%s: %s on %s/%s not granted", k.Kind, verb, m.Group, m.Resource)
			}
		}
	}
	// What federation never does, whatever the table holds: update (it applies), and
	// writes to member types no federated kind has.
	for _, denied := range []struct{ group, resource, verb string }{
		{"", "services", "create"}, {"apps", "daemonsets", "create"}, {"", "serviceaccounts", "create"},
		{"rbac.authorization.k8s.io", "clusterroles", "create"}, {"", "configmaps", "update"},
		{"", "nodes", "delete"}, {"", "namespaces", "update"}, {"", "pods", "delete"},
	} {
		if written.Has(schema.GroupResource{Group: denied.group, Resource: denied.resource}) && denied.verb != "update" {
			continue // a federated kind writes this type now
		}
		if allows(denied.group, denied.resource, denied.verb) {
			t.Errorf("%s on %s/%s granted; federation never does that", denied.verb, denied.group, denied.resource)
		}
	}
	// Nothing else is written: every resource granted a write is a member type or namespaces.
	for _, r := range rules {
		if !slices.Contains(r.Verbs, "create") {
			continue
		}
		for _, g := range r.APIGroups {
			for _, res := range r.Resources {
				if gr := (schema.GroupResource{Group: g, Resource: res}); !written.Has(gr) && gr != (schema.GroupResource{Resource: "namespaces"}) {
					t.Errorf("create on %s granted; no federated kind writes it", gr)
				}
			}
		}
	}
}
