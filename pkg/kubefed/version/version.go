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

// Package version is `kubefed version`: the client's version, the host's, and the installed
// federation control plane's.
package version

import (
	"context"
	"fmt"
	"io"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/component-base/version"
	apiregistrationv1 "k8s.io/kube-aggregator/pkg/apis/apiregistration/v1"
	aggregatorclient "k8s.io/kube-aggregator/pkg/client/clientset_generated/clientset"

	"k8s.io/federation/pkg/kubefed/install"
	"k8s.io/federation/pkg/kubefed/kubeconfig"
)

// Client returns kubefed's own version.
func Client() string { return version.Get().GitVersion }

// Run prints the client version and, when host is not nil, the host's Kubernetes version and
// the federation control plane installed there. fcp is reached only through the host's
// aggregator, which forwards the federation API and not fcp's /version, so the server
// version is the image the fcp Deployment runs, with the APIService's availability.
func Run(ctx context.Context, host *kubeconfig.Cluster, out io.Writer) error {
	fmt.Fprintf(out, "Client Version: %s\n", Client())
	if host == nil {
		return nil
	}
	hostVersion, err := host.Reachable(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Host Version: %s (context %s)\n", hostVersion, host.Context)
	kube, err := kubernetes.NewForConfig(host.Config)
	if err != nil {
		return err
	}
	agg, err := aggregatorclient.NewForConfig(host.Config)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Server Version: %s\n", serverVersion(ctx, kube))
	fmt.Fprintf(out, "Federation API: %s\n", apiServiceStatus(ctx, agg))
	return nil
}

func serverVersion(ctx context.Context, kube kubernetes.Interface) string {
	d, err := kube.AppsV1().Deployments(install.Namespace).Get(ctx, install.Deployment, metav1.GetOptions{})
	if err != nil {
		return fmt.Sprintf("unknown (deployment %s/%s: %v)", install.Namespace, install.Deployment, err)
	}
	var images []string
	for _, c := range d.Spec.Template.Spec.Containers {
		images = append(images, c.Name+"="+c.Image)
	}
	return fmt.Sprintf("%s (deployment %s/%s, %d/%d ready)", strings.Join(images, ", "),
		install.Namespace, install.Deployment, d.Status.ReadyReplicas, d.Status.Replicas)
}

func apiServiceStatus(ctx context.Context, agg aggregatorclient.Interface) string {
	svc, err := agg.ApiregistrationV1().APIServices().Get(ctx, install.APIService, metav1.GetOptions{})
	if err != nil {
		return fmt.Sprintf("not registered (%v)", err)
	}
	for _, c := range svc.Status.Conditions {
		if c.Type == apiregistrationv1.Available {
			if c.Status == apiregistrationv1.ConditionTrue {
				return install.APIService + " Available"
			}
			return fmt.Sprintf("%s Available=%s (%s: %s)", install.APIService, c.Status, c.Reason, c.Message)
		}
	}
	return install.APIService + " (no Available condition yet)"
}
