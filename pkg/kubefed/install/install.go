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

// Package install is `kubefed init`: it installs the artifacts into a host cluster with
// server-side apply and waits until the host's aggregator serves the federation API.
package install

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/discovery/cached/memory"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/restmapper"
	apiregistrationv1 "k8s.io/kube-aggregator/pkg/apis/apiregistration/v1"
	aggregatorclient "k8s.io/kube-aggregator/pkg/client/clientset_generated/clientset"

	"k8s.io/federation/pkg/kubefed/progress"
)

// What the artifacts install, as kubefed refers to it.
const (
	Namespace  = "federation-system"
	Deployment = "fcp"
	APIService = "v1beta1.federation.k8s.io"
	// FieldManager owns what kubefed applies; fcp's own writes (the caBundle) stay fcp's.
	FieldManager = "kubefed"
	// NameAnnotation on the namespace records the federation's name.
	NameAnnotation = "federation.k8s.io/federation-name"
)

// Options of Run.
type Options struct {
	// Host is the host cluster.
	Host *rest.Config
	// Name of the federation, recorded on the namespace; a host runs one federation.
	Name string
	// Image of fcp; the artifacts' image when empty.
	Image string
	// DNS configures the controller-manager's DNS controller; off when DNS.Provider is empty.
	DNS DNS
	// Wait for the APIService to become Available, up to Timeout.
	Wait    bool
	Timeout time.Duration
}

// Run installs the artifacts into the host and waits for the federation API. Running it
// again applies the same objects again: unchanged objects stay unchanged.
func Run(ctx context.Context, o Options, out io.Writer) error {
	if o.Name == "" {
		return errors.New("a federation name is required")
	}
	objs, err := Manifests(o.Image)
	if err != nil {
		return err
	}
	if objs, err = withDNS(objs, o.DNS, o.Name); err != nil {
		return err
	}
	kube, err := kubernetes.NewForConfig(o.Host)
	if err != nil {
		return err
	}
	if err := checkName(ctx, kube, o.Name); err != nil {
		return err
	}
	for _, obj := range objs {
		if obj.GetKind() == "Namespace" && obj.GetName() == Namespace {
			obj.SetAnnotations(map[string]string{NameAnnotation: o.Name})
		}
	}
	a, err := newApplier(o.Host)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Installing federation %q into %s\n", o.Name, o.Host.Host)
	for _, obj := range objs {
		result, err := a.apply(ctx, obj)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "  %s %s\n", describe(obj), result)
	}
	if !o.Wait {
		fmt.Fprintf(out, "Not waiting for APIService %s to become Available\n", APIService)
		return nil
	}
	agg, err := aggregatorclient.NewForConfig(o.Host)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Waiting up to %s for APIService %s to become Available\n", o.Timeout, APIService)
	err = progress.Wait(ctx, out, "APIService "+APIService, o.Timeout, func(ctx context.Context) (bool, string, error) {
		return apiServiceState(ctx, agg, kube)
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Federation %q is up: kubectl api-resources --api-group=federation.k8s.io\n", o.Name)
	return nil
}

// checkName refuses to install a second federation over the first: its Clusters and
// credentials would be shared by accident.
func checkName(ctx context.Context, kube kubernetes.Interface, name string) error {
	ns, err := kube.CoreV1().Namespaces().Get(ctx, Namespace, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("reading namespace %s: %w", Namespace, err)
	}
	if existing := ns.Annotations[NameAnnotation]; existing != "" && existing != name {
		return fmt.Errorf("this host already runs federation %q (namespace %s); a host runs one federation", existing, Namespace)
	}
	return nil
}

// apiServiceState says whether the APIService is Available and, if not, why, with the fcp
// Deployment's readiness, the usual reason.
func apiServiceState(ctx context.Context, agg aggregatorclient.Interface, kube kubernetes.Interface) (bool, string, error) {
	svc, err := agg.ApiregistrationV1().APIServices().Get(ctx, APIService, metav1.GetOptions{})
	if err != nil {
		return false, err.Error(), nil
	}
	state := "no Available condition yet"
	for _, c := range svc.Status.Conditions {
		if c.Type == apiregistrationv1.Available {
			if c.Status == apiregistrationv1.ConditionTrue {
				return true, "", nil
			}
			state = fmt.Sprintf("Available=%s (%s)", c.Status, c.Reason)
		}
	}
	if len(svc.Spec.CABundle) == 0 {
		state += ", no caBundle yet (fcp writes it when it starts)"
	}
	if d, err := kube.AppsV1().Deployments(Namespace).Get(ctx, Deployment, metav1.GetOptions{}); err == nil {
		state += fmt.Sprintf("; deployment %s/%s: %d/%d ready", Namespace, Deployment, d.Status.ReadyReplicas, d.Status.Replicas)
	}
	return false, state, nil
}

// applier server-side applies unstructured objects.
type applier struct {
	dynamic dynamic.Interface
	mapper  meta.RESTMapper
}

func newApplier(cfg *rest.Config) (*applier, error) {
	dc, err := discovery.NewDiscoveryClientForConfig(cfg)
	if err != nil {
		return nil, err
	}
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		return nil, err
	}
	return &applier{dynamic: dyn, mapper: restmapper.NewDeferredDiscoveryRESTMapper(memory.NewMemCacheClient(dc))}, nil
}

// apply applies obj and says whether it was created, configured or unchanged.
func (a *applier) apply(ctx context.Context, obj *unstructured.Unstructured) (string, error) {
	gvk := obj.GroupVersionKind()
	m, err := a.mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
	if err != nil {
		return "", fmt.Errorf("%s %s: the host does not serve it: %w", gvk.Kind, obj.GetName(), err)
	}
	var client dynamic.ResourceInterface = a.dynamic.Resource(m.Resource)
	if m.Scope.Name() == meta.RESTScopeNameNamespace {
		client = a.dynamic.Resource(m.Resource).Namespace(obj.GetNamespace())
	}
	existing, err := client.Get(ctx, obj.GetName(), metav1.GetOptions{})
	if err != nil && !apierrors.IsNotFound(err) {
		return "", fmt.Errorf("reading %s: %w", describe(obj), err)
	}
	applied, err := client.Apply(ctx, obj.GetName(), obj, metav1.ApplyOptions{FieldManager: FieldManager, Force: true})
	if err != nil {
		return "", fmt.Errorf("applying %s: %w", describe(obj), err)
	}
	switch {
	case existing == nil || existing.GetResourceVersion() == "":
		return "created", nil
	case sameDesiredState(existing, applied):
		return "unchanged", nil
	default:
		return "configured", nil
	}
}

// sameDesiredState compares two versions of an object apart from what controllers change
// on their own (status, resourceVersion, managedFields): a controller writing status
// between our read and our apply does not make the apply a change.
func sameDesiredState(a, b *unstructured.Unstructured) bool {
	strip := func(u *unstructured.Unstructured) map[string]any {
		c := u.DeepCopy()
		unstructured.RemoveNestedField(c.Object, "status")
		unstructured.RemoveNestedField(c.Object, "metadata", "resourceVersion")
		unstructured.RemoveNestedField(c.Object, "metadata", "managedFields")
		return c.Object
	}
	return equality.Semantic.DeepEqual(strip(a), strip(b))
}

// describe names obj as kubectl does (kind.group/name), with the namespace when it has one.
func describe(obj *unstructured.Unstructured) string {
	gvk := obj.GroupVersionKind()
	kind := strings.ToLower(gvk.Kind)
	if gvk.Group != "" {
		kind += "." + gvk.Group
	}
	if ns := obj.GetNamespace(); ns != "" {
		return fmt.Sprintf("%s/%s (namespace %s)", kind, obj.GetName(), ns)
	}
	return kind + "/" + obj.GetName()
}
