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

// Package join is `kubefed join`: it gives federation an identity in a member cluster and
// registers the member with the federation on the host (a credentials Secret and a
// Cluster), then waits until the cluster controller reports it Ready.
package join

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	clientset "k8s.io/federation/pkg/generated/clientset/versioned"
	"k8s.io/federation/pkg/kubefed/kubeconfig"
	"k8s.io/federation/pkg/kubefed/memberaccess"
	"k8s.io/federation/pkg/kubefed/progress"
	"k8s.io/federation/pkg/members"
)

// Defaults of Options.
const (
	DefaultNamespace    = "federation-system"
	DefaultTimeout      = 2 * time.Minute
	DefaultTokenTimeout = 30 * time.Second
)

// Options of Run.
type Options struct {
	// Name of the Cluster.
	Name string
	// Host and Member are the two clusters, with the names of their contexts.
	Host, Member *kubeconfig.Cluster
	// Namespace is the federation namespace: on the host it holds the credentials Secret,
	// in the member federation's ServiceAccount. Default federation-system.
	Namespace string
	// Server overrides the member address fcp uses; default: the member context's server.
	Server string
	// Region, Zones and Labels go on the Cluster, for placement.
	Region string
	Zones  []string
	Labels map[string]string
	// Wait for Ready=True up to Timeout (default 2m). TokenTimeout bounds the wait for the
	// member to fill the ServiceAccount token (default 30s).
	Wait         bool
	Timeout      time.Duration
	TokenTimeout time.Duration
}

// SecretName is the host Secret holding the member's credentials.
func SecretName(cluster string) string { return cluster + "-credentials" }

func (o *Options) defaults() {
	if o.Namespace == "" {
		o.Namespace = DefaultNamespace
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.TokenTimeout <= 0 {
		o.TokenTimeout = DefaultTokenTimeout
	}
}

// Run joins the member. It checks everything it can before changing anything: both
// clusters answer, the host serves the federation API and no Cluster of that name exists.
func Run(ctx context.Context, o Options, out io.Writer) error {
	o.defaults()
	if o.Name == "" {
		return errors.New("a cluster name is required")
	}
	if o.Host == nil || o.Member == nil {
		return errors.New("both the host and the member cluster are required")
	}
	for _, c := range []*kubeconfig.Cluster{o.Host, o.Member} {
		if _, err := c.Reachable(ctx); err != nil {
			return err
		}
	}
	fed, err := clientset.NewForConfig(o.Host.Config)
	if err != nil {
		return err
	}
	if err := checkNotJoined(ctx, fed, o); err != nil {
		return err
	}
	if o.Member.Config.Insecure {
		return fmt.Errorf("context %s skips TLS verification of the member; federation verifies members: give the context the member's CA", o.Member.Context)
	}
	server := o.Server
	if server == "" {
		server = o.Member.Config.Host
	}
	ca, err := kubeconfig.CABundle(o.Member.Config)
	if err != nil {
		return err
	}
	member, err := kubernetes.NewForConfig(o.Member.Config)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Granting federation access in member %q (context %s)\n", o.Name, o.Member.Context)
	access := memberaccess.For(o.Name, o.Namespace)
	token, err := memberaccess.Grant(ctx, member, access, o.TokenTimeout, out)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Registering %q with the federation on the host (context %s)\n", o.Name, o.Host.Context)
	if err := writeSecret(ctx, o, token, ca, out); err != nil {
		return err
	}
	cluster := &fedv1beta1.Cluster{
		ObjectMeta: metav1.ObjectMeta{Name: o.Name, Labels: o.Labels},
		Spec: fedv1beta1.ClusterSpec{
			Server:    server,
			CABundle:  ca,
			SecretRef: &fedv1beta1.LocalSecretReference{Name: SecretName(o.Name)},
			Region:    o.Region,
			Zones:     o.Zones,
		},
	}
	if _, err := fed.FederationV1beta1().Clusters().Create(ctx, cluster, metav1.CreateOptions{FieldManager: "kubefed"}); err != nil {
		return fmt.Errorf("creating cluster %s on the host: %w", o.Name, err)
	}
	fmt.Fprintf(out, "  cluster.federation.k8s.io/%s created (server %s)\n", o.Name, server)
	if !o.Wait {
		fmt.Fprintf(out, "Joined %q; not waiting for it to become Ready\n", o.Name)
		return nil
	}
	fmt.Fprintf(out, "Waiting up to %s for cluster %s to become Ready\n", o.Timeout, o.Name)
	if err := progress.Wait(ctx, out, "cluster "+o.Name, o.Timeout, readyCheck(fed, o.Name)); err != nil {
		return fmt.Errorf("%w (is fcp controller-manager running?)", err)
	}
	fmt.Fprintf(out, "Joined %q: it is Ready\n", o.Name)
	return nil
}

// checkNotJoined fails when the host does not serve the federation API (not installed, or
// fcp down) or the name is taken.
func checkNotJoined(ctx context.Context, fed clientset.Interface, o Options) error {
	gv := fedv1beta1.SchemeGroupVersion.String()
	if _, err := fed.Discovery().ServerResourcesForGroupVersion(gv); err != nil {
		if apierrors.IsNotFound(err) {
			return fmt.Errorf("the host (context %s) does not serve %s: run `kubefed init` first, or check `kubectl get apiservice v1beta1.federation.k8s.io`", o.Host.Context, gv)
		}
		return fmt.Errorf("the federation API on context %s is not available (is fcp running? see `kubectl get apiservice v1beta1.federation.k8s.io`): %w", o.Host.Context, err)
	}
	existing, err := fed.FederationV1beta1().Clusters().Get(ctx, o.Name, metav1.GetOptions{})
	switch {
	case err == nil:
		return fmt.Errorf("cluster %q is already joined to the federation on context %s (server %s); run `kubefed unjoin %s` first",
			o.Name, o.Host.Context, existing.Spec.Server, o.Name)
	case apierrors.IsNotFound(err):
		return nil
	default:
		return fmt.Errorf("reading cluster %s on the host: %w", o.Name, err)
	}
}

// writeSecret creates or updates the host Secret with the member's token and CA.
func writeSecret(ctx context.Context, o Options, token, ca []byte, out io.Writer) error {
	host, err := kubernetes.NewForConfig(o.Host.Config)
	if err != nil {
		return err
	}
	secret := &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{
			Name: SecretName(o.Name), Namespace: o.Namespace,
			Labels: map[string]string{memberaccess.ClusterLabel: o.Name},
		},
		Type: corev1.SecretTypeOpaque,
		Data: map[string][]byte{members.TokenKey: token},
	}
	if len(ca) > 0 {
		secret.Data[corev1.ServiceAccountRootCAKey] = ca
	}
	secrets := host.CoreV1().Secrets(o.Namespace)
	_, err = secrets.Create(ctx, secret, metav1.CreateOptions{})
	result := "created"
	if apierrors.IsAlreadyExists(err) {
		// Left by a join that failed before the Cluster was created: refresh it.
		var existing *corev1.Secret
		if existing, err = secrets.Get(ctx, secret.Name, metav1.GetOptions{}); err == nil {
			existing.Labels, existing.Data = secret.Labels, secret.Data
			_, err = secrets.Update(ctx, existing, metav1.UpdateOptions{})
			result = "updated"
		}
	}
	if err != nil {
		return fmt.Errorf("writing secret %s/%s on the host: %w", o.Namespace, secret.Name, err)
	}
	fmt.Fprintf(out, "  secret/%s (namespace %s) %s\n", secret.Name, o.Namespace, result)
	return nil
}

// readyCheck reports the Cluster's Ready condition.
func readyCheck(fed clientset.Interface, name string) progress.Check {
	return func(ctx context.Context) (bool, string, error) {
		c, err := fed.FederationV1beta1().Clusters().Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return false, err.Error(), nil
		}
		for _, cond := range c.Status.Conditions {
			if cond.Type == fedv1beta1.ClusterReady {
				if cond.Status == metav1.ConditionTrue {
					return true, "", nil
				}
				return false, fmt.Sprintf("Ready=%s (%s: %s)", cond.Status, cond.Reason, cond.Message), nil
			}
		}
		return false, "no Ready condition yet", nil
	}
}
