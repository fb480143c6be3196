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

// Package memberaccess manages federation's identity in a member cluster: a ServiceAccount,
// a ClusterRole with the rights write-through and the controllers use, its binding, and a
// long-lived token. `kubefed join` grants it and `kubefed unjoin` revokes it.
package memberaccess

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"time"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"

	"k8s.io/federation/pkg/kinds"
)

// Labels and annotations on what Grant creates.
const (
	// ClusterLabel names the Cluster (on the host) the objects serve.
	ClusterLabel = "federation.k8s.io/cluster"
	// CreatedByAnnotation marks a namespace Grant created, which Revoke may remove.
	CreatedByAnnotation = "federation.k8s.io/created-by"
	createdBy           = "kubefed-join"
)

// Access names federation's objects in one member.
type Access struct {
	// Cluster is the Cluster's name on the host.
	Cluster string
	// Namespace holds the ServiceAccount and its token.
	Namespace string
	// ServiceAccount, ClusterRole (and its binding, of the same name) and TokenSecret.
	ServiceAccount, ClusterRole, TokenSecret string
}

// For returns the names for the Cluster named cluster, in namespace.
func For(cluster, namespace string) Access {
	return Access{
		Cluster:        cluster,
		Namespace:      namespace,
		ServiceAccount: "federation-" + cluster,
		ClusterRole:    "federation:member:" + cluster,
		TokenSecret:    "federation-" + cluster + "-token",
	}
}

// MemberResources are the member types of every federated kind (pkg/kinds), sorted: what
// federation writes in members.
func MemberResources() []schema.GroupVersionResource {
	var out []schema.GroupVersionResource
	for _, k := range kinds.All() {
		out = append(out, k.Member.GroupVersionResource())
	}
	slices.SortFunc(out, func(a, b schema.GroupVersionResource) int {
		return cmp.Or(cmp.Compare(a.Group, b.Group), cmp.Compare(a.Resource, b.Resource))
	})
	return out
}

// Rules are the rights federation uses in a member and no more: server-side apply (which
// may create), read, watch and delete the member types of the federated kinds; create and
// delete namespaces (write-through creates a missing one, and removes one it made for a
// refused request); list nodes for the cluster's region, zones and capacity
// (status.allocatable) and list pods for what of it is taken (status.allocated, which
// Dynamic replica scheduling reads); list and watch EndpointSlices, whose ready endpoints
// tell the DNS controller (pkg/controllers/dns) whether a federated Service is healthy in
// the member; and the endpoints the cluster controller probes.
func Rules() []rbacv1.PolicyRule {
	byGroup := map[string][]string{}
	for _, gvr := range MemberResources() {
		byGroup[gvr.Group] = append(byGroup[gvr.Group], gvr.Resource)
	}
	var rules []rbacv1.PolicyRule
	for _, group := range slices.Sorted(maps.Keys(byGroup)) {
		rules = append(rules, rbacv1.PolicyRule{
			APIGroups: []string{group}, Resources: byGroup[group],
			Verbs: []string{"get", "list", "watch", "create", "patch", "delete"},
		})
	}
	return append(rules,
		rbacv1.PolicyRule{APIGroups: []string{""}, Resources: []string{"namespaces"}, Verbs: []string{"create", "delete"}},
		rbacv1.PolicyRule{APIGroups: []string{""}, Resources: []string{"nodes", "pods"}, Verbs: []string{"list"}},
		rbacv1.PolicyRule{APIGroups: []string{discoveryv1.GroupName}, Resources: []string{"endpointslices"}, Verbs: []string{"list", "watch"}},
		rbacv1.PolicyRule{NonResourceURLs: []string{"/readyz", "/version"}, Verbs: []string{"get"}},
	)
}

// Grant creates (or completes) federation's access in the member and returns the
// ServiceAccount's token. The token comes from a kubernetes.io/service-account-token
// Secret, which does not expire; kube-controller-manager fills it, within tokenTimeout.
func Grant(ctx context.Context, member kubernetes.Interface, a Access, tokenTimeout time.Duration, out io.Writer) ([]byte, error) {
	labels := map[string]string{ClusterLabel: a.Cluster}
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: a.Namespace, Annotations: map[string]string{CreatedByAnnotation: createdBy}}}
	if err := create(ctx, out, "namespace/"+a.Namespace, func() error {
		_, err := member.CoreV1().Namespaces().Create(ctx, ns, metav1.CreateOptions{})
		return err
	}); err != nil {
		return nil, err
	}
	sa := &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: a.ServiceAccount, Namespace: a.Namespace, Labels: labels}}
	if err := create(ctx, out, "serviceaccount/"+a.ServiceAccount, func() error {
		_, err := member.CoreV1().ServiceAccounts(a.Namespace).Create(ctx, sa, metav1.CreateOptions{})
		return err
	}); err != nil {
		return nil, err
	}
	role := &rbacv1.ClusterRole{ObjectMeta: metav1.ObjectMeta{Name: a.ClusterRole, Labels: labels}, Rules: Rules()}
	if err := create(ctx, out, "clusterrole/"+a.ClusterRole, func() error {
		_, err := member.RbacV1().ClusterRoles().Create(ctx, role, metav1.CreateOptions{})
		if apierrors.IsAlreadyExists(err) {
			// An earlier join with fewer rights: bring the rules up to date.
			var existing *rbacv1.ClusterRole
			if existing, err = member.RbacV1().ClusterRoles().Get(ctx, a.ClusterRole, metav1.GetOptions{}); err == nil {
				existing.Rules = role.Rules
				_, err = member.RbacV1().ClusterRoles().Update(ctx, existing, metav1.UpdateOptions{})
			}
		}
		return err
	}); err != nil {
		return nil, err
	}
	binding := &rbacv1.ClusterRoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: a.ClusterRole, Labels: labels},
		RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: a.ClusterRole},
		Subjects:   []rbacv1.Subject{{Kind: rbacv1.ServiceAccountKind, Name: a.ServiceAccount, Namespace: a.Namespace}},
	}
	if err := create(ctx, out, "clusterrolebinding/"+a.ClusterRole, func() error {
		_, err := member.RbacV1().ClusterRoleBindings().Create(ctx, binding, metav1.CreateOptions{})
		return err
	}); err != nil {
		return nil, err
	}
	secret := &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{
			Name: a.TokenSecret, Namespace: a.Namespace, Labels: labels,
			Annotations: map[string]string{corev1.ServiceAccountNameKey: a.ServiceAccount},
		},
		Type: corev1.SecretTypeServiceAccountToken,
	}
	if err := create(ctx, out, "secret/"+a.TokenSecret, func() error {
		_, err := member.CoreV1().Secrets(a.Namespace).Create(ctx, secret, metav1.CreateOptions{})
		return err
	}); err != nil {
		return nil, err
	}
	return waitForToken(ctx, member, a, tokenTimeout)
}

// create runs do and reports the outcome; an object that exists already is fine (a join
// that failed half-way can be run again).
func create(ctx context.Context, out io.Writer, what string, do func() error) error {
	err := do()
	switch {
	case err == nil:
		fmt.Fprintf(out, "  %s created\n", what)
		return nil
	case apierrors.IsAlreadyExists(err):
		fmt.Fprintf(out, "  %s exists\n", what)
		return nil
	default:
		return fmt.Errorf("creating %s in the member: %w", what, err)
	}
}

func waitForToken(ctx context.Context, member kubernetes.Interface, a Access, timeout time.Duration) ([]byte, error) {
	var token []byte
	err := wait.PollUntilContextTimeout(ctx, 200*time.Millisecond, timeout, true, func(ctx context.Context) (bool, error) {
		s, err := member.CoreV1().Secrets(a.Namespace).Get(ctx, a.TokenSecret, metav1.GetOptions{})
		if err != nil {
			return false, err
		}
		token = s.Data[corev1.ServiceAccountTokenKey]
		return len(token) > 0, nil
	})
	if err != nil {
		if wait.Interrupted(err) {
			return nil, fmt.Errorf("the member did not fill the token of secret %s/%s within %s: is kube-controller-manager (its serviceaccount-token controller) running in the member?",
				a.Namespace, a.TokenSecret, timeout)
		}
		return nil, err
	}
	return token, nil
}

// Revoke deletes what Grant created: the token, binding, role and ServiceAccount, and the
// namespace when Grant created it and no other ServiceAccount (another federation, or fcp
// itself when the member is also the host) lives there. Missing objects are fine.
func Revoke(ctx context.Context, member kubernetes.Interface, a Access, out io.Writer) error {
	var errs []error
	del := func(what string, do func() error) {
		err := do()
		switch {
		case err == nil:
			fmt.Fprintf(out, "  %s deleted\n", what)
		case apierrors.IsNotFound(err):
			fmt.Fprintf(out, "  %s already gone\n", what)
		default:
			errs = append(errs, fmt.Errorf("deleting %s in the member: %w", what, err))
		}
	}
	opts := metav1.DeleteOptions{}
	del("secret/"+a.TokenSecret, func() error {
		return member.CoreV1().Secrets(a.Namespace).Delete(ctx, a.TokenSecret, opts)
	})
	del("clusterrolebinding/"+a.ClusterRole, func() error {
		return member.RbacV1().ClusterRoleBindings().Delete(ctx, a.ClusterRole, opts)
	})
	del("clusterrole/"+a.ClusterRole, func() error { return member.RbacV1().ClusterRoles().Delete(ctx, a.ClusterRole, opts) })
	del("serviceaccount/"+a.ServiceAccount, func() error {
		return member.CoreV1().ServiceAccounts(a.Namespace).Delete(ctx, a.ServiceAccount, opts)
	})
	if len(errs) == 0 {
		if remove, err := namespaceUnused(ctx, member, a.Namespace); err != nil {
			errs = append(errs, err)
		} else if remove {
			del("namespace/"+a.Namespace, func() error { return member.CoreV1().Namespaces().Delete(ctx, a.Namespace, opts) })
		} else {
			fmt.Fprintf(out, "  namespace/%s kept (not created by kubefed join, or still in use)\n", a.Namespace)
		}
	}
	return errors.Join(errs...)
}

func namespaceUnused(ctx context.Context, member kubernetes.Interface, name string) (bool, error) {
	ns, err := member.CoreV1().Namespaces().Get(ctx, name, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if ns.Annotations[CreatedByAnnotation] != createdBy {
		return false, nil
	}
	sas, err := member.CoreV1().ServiceAccounts(name).List(ctx, metav1.ListOptions{})
	if err != nil {
		return false, err
	}
	for _, sa := range sas.Items {
		if sa.Name != "default" {
			return false, nil
		}
	}
	return true, nil
}
