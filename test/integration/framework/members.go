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

package framework

import (
	"context"
	"fmt"
	"os"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	clientset "k8s.io/federation/pkg/generated/clientset/versioned"
)

// MemberOptions say how a member is registered with the federation.
type MemberOptions struct {
	// Name of the Cluster. Default: the member control plane's name.
	Name string
	// Labels of the Cluster, for placement selectors.
	Labels map[string]string
	// Kubeconfig holds the credentials federation uses in the member. Default: the member's
	// admin kubeconfig. Use a User's KubeconfigPath to test limited rights.
	Kubeconfig string
	// Namespace on the host for the credentials Secret. Default: federation-system.
	Namespace string
	// Server is the Cluster's spec.server, the address fcp and the controller-manager reach
	// the member at, e.g. a WANProxy's URL. Default: the member's kube-apiserver URL. The
	// member's serving certificate must be valid for it (the framework's cover 127.0.0.1).
	Server string
}

// RegisterMember registers member with the federation served through the host, as an
// operator does by hand: a Secret with a kubeconfig in the federation namespace and a
// Cluster with the member's address and CA that names it.
func (cp *ControlPlane) RegisterMember(ctx context.Context, member *ControlPlane, o MemberOptions) (*fedv1beta1.Cluster, error) {
	if o.Name == "" {
		o.Name = member.Name()
	}
	if o.Kubeconfig == "" {
		o.Kubeconfig = member.KubeconfigPath()
	}
	if o.Namespace == "" {
		o.Namespace = "federation-system"
	}
	if o.Server == "" {
		o.Server = member.APIServerURL()
	}
	kubeconfig, err := os.ReadFile(o.Kubeconfig)
	if err != nil {
		return nil, err
	}
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: o.Namespace}}
	if _, err := cp.Client().CoreV1().Namespaces().Create(ctx, ns, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
		return nil, fmt.Errorf("creating namespace %s: %w", o.Namespace, err)
	}
	secret := &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Name: o.Name + "-credentials", Namespace: o.Namespace},
		Data:       map[string][]byte{"kubeconfig": kubeconfig},
	}
	if _, err := cp.Client().CoreV1().Secrets(o.Namespace).Create(ctx, secret, metav1.CreateOptions{}); err != nil {
		return nil, fmt.Errorf("creating credentials of %s: %w", o.Name, err)
	}
	fed, err := clientset.NewForConfig(cp.RESTConfig())
	if err != nil {
		return nil, err
	}
	cluster := &fedv1beta1.Cluster{
		ObjectMeta: metav1.ObjectMeta{Name: o.Name, Labels: o.Labels},
		Spec: fedv1beta1.ClusterSpec{
			Server:    o.Server,
			CABundle:  member.CACertPEM(),
			SecretRef: &fedv1beta1.LocalSecretReference{Name: secret.Name},
		},
	}
	out, err := fed.FederationV1beta1().Clusters().Create(ctx, cluster, metav1.CreateOptions{})
	if err != nil {
		return nil, fmt.Errorf("registering cluster %s: %w", o.Name, err)
	}
	return out, nil
}
