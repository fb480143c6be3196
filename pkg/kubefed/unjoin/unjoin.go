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

// Package unjoin is `kubefed unjoin`: it removes a member from the federation (its Cluster
// and credentials Secret on the host) and federation's identity from the member.
package unjoin

import (
	"context"
	"errors"
	"fmt"
	"io"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	clientset "k8s.io/federation/pkg/generated/clientset/versioned"
	"k8s.io/federation/pkg/kinds"
	"k8s.io/federation/pkg/kubefed/join"
	"k8s.io/federation/pkg/kubefed/kubeconfig"
	"k8s.io/federation/pkg/kubefed/memberaccess"
	"k8s.io/federation/pkg/propagation"
)

// Options of Run.
type Options struct {
	// Name of the Cluster.
	Name string
	// Host is the host cluster.
	Host *kubeconfig.Cluster
	// Member returns the member cluster, given the Cluster's server address; nil skips the
	// member-side cleanup (and fails when DeleteFederatedObjects is set).
	Member func(server string) (*kubeconfig.Cluster, error)
	// Namespace is the federation namespace; default federation-system.
	Namespace string
	// DeleteFederatedObjects deletes the member copies of federated objects; by default they
	// stay in the member, no longer managed.
	DeleteFederatedObjects bool
}

// Run unjoins the member: the Cluster first (so nothing writes to the member any more),
// then its Secret, then, in the member, the federated copies when asked and federation's
// ServiceAccount, token and RBAC.
func Run(ctx context.Context, o Options, out io.Writer) error {
	if o.Namespace == "" {
		o.Namespace = join.DefaultNamespace
	}
	if _, err := o.Host.Reachable(ctx); err != nil {
		return err
	}
	fed, err := clientset.NewForConfig(o.Host.Config)
	if err != nil {
		return err
	}
	cluster, err := fed.FederationV1beta1().Clusters().Get(ctx, o.Name, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		return fmt.Errorf("cluster %q is not joined to the federation on context %s", o.Name, o.Host.Context)
	}
	if err != nil {
		return fmt.Errorf("reading cluster %s: %w", o.Name, err)
	}
	// Resolve the member before deleting anything: a missing context should stop us early.
	var member *kubeconfig.Cluster
	if o.Member != nil {
		if member, err = o.Member(cluster.Spec.Server); err != nil {
			return err
		}
		if _, err := member.Reachable(ctx); err != nil {
			return err
		}
	} else if o.DeleteFederatedObjects {
		return errors.New("--delete-federated-objects needs access to the member: pass --cluster-context")
	}
	fmt.Fprintf(out, "Removing %q from the federation on the host (context %s)\n", o.Name, o.Host.Context)
	if err := removeFromHost(ctx, fed, o, cluster, out); err != nil {
		return err
	}
	if member == nil {
		fmt.Fprintf(out, "Not cleaning up the member: federation's ServiceAccount %s/%s and ClusterRole %s stay there\n",
			o.Namespace, memberaccess.For(o.Name, o.Namespace).ServiceAccount, memberaccess.For(o.Name, o.Namespace).ClusterRole)
		return nil
	}
	fmt.Fprintf(out, "Cleaning up member %q (context %s)\n", o.Name, member.Context)
	if o.DeleteFederatedObjects {
		if err := deleteFederatedObjects(ctx, member, out); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(out, "  member copies of federated objects are left in place, no longer managed (label %s=true); --delete-federated-objects deletes them\n",
			propagation.ManagedLabel)
	}
	client, err := kubernetes.NewForConfig(member.Config)
	if err != nil {
		return err
	}
	if err := memberaccess.Revoke(ctx, client, memberaccess.For(o.Name, o.Namespace), out); err != nil {
		return err
	}
	fmt.Fprintf(out, "Unjoined %q\n", o.Name)
	return nil
}

func removeFromHost(ctx context.Context, fed clientset.Interface, o Options, cluster *fedv1beta1.Cluster, out io.Writer) error {
	if err := fed.FederationV1beta1().Clusters().Delete(ctx, o.Name, metav1.DeleteOptions{}); err != nil && !apierrors.IsNotFound(err) {
		return fmt.Errorf("deleting cluster %s: %w", o.Name, err)
	}
	fmt.Fprintf(out, "  cluster.federation.k8s.io/%s deleted\n", o.Name)
	if cluster.Spec.SecretRef == nil {
		return nil
	}
	host, err := kubernetes.NewForConfig(o.Host.Config)
	if err != nil {
		return err
	}
	name := cluster.Spec.SecretRef.Name
	err = host.CoreV1().Secrets(o.Namespace).Delete(ctx, name, metav1.DeleteOptions{})
	switch {
	case err == nil:
		fmt.Fprintf(out, "  secret/%s (namespace %s) deleted\n", name, o.Namespace)
	case apierrors.IsNotFound(err):
		fmt.Fprintf(out, "  secret/%s (namespace %s) already gone\n", name, o.Namespace)
	default:
		return fmt.Errorf("deleting secret %s/%s: %w", o.Namespace, name, err)
	}
	return nil
}

// deleteFederatedObjects deletes, in every namespace of the member, the objects federation
// wrote (those with its managed label). Member types whose kind has an Ownership rule
// (pkg/kinds: namespaces, which may hold what federation did not put there) are released,
// not deleted: only a FederatedNamespace's deletion, which checks what a namespace holds,
// deletes one.
func deleteFederatedObjects(ctx context.Context, member *kubeconfig.Cluster, out io.Writer) error {
	dyn, err := dynamic.NewForConfig(member.Config)
	if err != nil {
		return err
	}
	released := map[schema.GroupVersionResource]bool{}
	for _, k := range kinds.All() {
		if k.Hooks.Ownership != nil {
			released[k.Member.GroupVersionResource()] = true
		}
	}
	selector := propagation.ManagedLabel + "=true"
	var errs []error
	for _, gvr := range memberaccess.MemberResources() {
		list, err := dyn.Resource(gvr).List(ctx, metav1.ListOptions{LabelSelector: selector})
		if err != nil {
			errs = append(errs, fmt.Errorf("listing %s in the member: %w", gvr.Resource, err))
			continue
		}
		for _, item := range list.Items {
			if released[gvr] {
				if err := propagation.Release(ctx, dyn.Resource(gvr), item.GetName(), nil); err != nil {
					errs = append(errs, fmt.Errorf("releasing %s %s in the member: %w", gvr.Resource, item.GetName(), err))
					continue
				}
				fmt.Fprintf(out, "  %s/%s kept, no longer managed (only deleting its FederatedNamespace deletes it)\n", gvr.Resource, item.GetName())
				continue
			}
			err := dyn.Resource(gvr).Namespace(item.GetNamespace()).Delete(ctx, item.GetName(), metav1.DeleteOptions{})
			if err != nil && !apierrors.IsNotFound(err) {
				errs = append(errs, fmt.Errorf("deleting %s %s/%s in the member: %w", gvr.Resource, item.GetNamespace(), item.GetName(), err))
				continue
			}
			fmt.Fprintf(out, "  %s/%s (namespace %s) deleted\n", gvr.Resource, item.GetName(), item.GetNamespace())
		}
	}
	return errors.Join(errs...)
}
