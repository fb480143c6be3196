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

// Package externaldns is the DNS provider that writes external-dns's DNSEndpoint objects
// (externaldns.k8s.io/v1alpha1, types in ./v1alpha1) in the federation's namespace on the
// host: external-dns, watching them with its "crd" source, publishes the records to any
// cloud DNS it supports. One DNSEndpoint holds one owner's endpoints (see objectName for its
// name and ManagedByLabel for its labels); the provider never touches a DNSEndpoint without
// them. The CRD is external-dns's own, or artifacts/optional/dnsendpoints.externaldns.k8s.io.yaml.
package externaldns

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	apiequality "k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/klog/v2"

	"k8s.io/federation/pkg/dns"
	"k8s.io/federation/pkg/dns/externaldns/v1alpha1"
)

// Name is the provider's --dns-provider value.
const Name = "external-dns"

// FieldManager is the field manager of the provider's writes.
const FieldManager = "federation"

// ErrNotOwned is returned by Sync when the DNSEndpoint an owner's records belong in exists
// and is not federation's for that owner: it is left as it is.
var ErrNotOwned = errors.New("DNSEndpoint exists and is not federation's")

// ErrNoCRD is returned when the cluster does not serve DNSEndpoints: neither external-dns's
// CRD nor artifacts/optional/dnsendpoints.externaldns.k8s.io.yaml is installed.
var ErrNoCRD = errors.New("the DNSEndpoint CRD (dnsendpoints.externaldns.k8s.io) is not installed")

// Provider publishes endpoints as DNSEndpoint objects.
type Provider struct {
	client     dynamic.NamespaceableResourceInterface
	namespace  string
	federation string
	// zone is cfg.Zone, lower case without the trailing dot; "" accepts any name.
	zone string
}

var _ dns.Provider = (*Provider)(nil)

// New returns a provider for cfg, reading cfg.ConfigFile (see FileConfig). host is the host
// cluster's client configuration (the controller-manager's --kubeconfig, or in-cluster),
// used unless the file names a kubeconfig. Nothing is requested before the first call, so a
// missing CRD is a provider error, not a start failure.
func New(cfg dns.Config, host *rest.Config) (*Provider, error) {
	fc, err := readConfig(cfg.ConfigFile)
	if err != nil {
		return nil, err
	}
	if host == nil {
		return nil, fmt.Errorf("the external-dns DNS provider needs the host's client configuration")
	}
	restCfg := host
	if fc.Kubeconfig != "" {
		if restCfg, err = clientcmd.BuildConfigFromFlags("", fc.Kubeconfig); err != nil {
			return nil, fmt.Errorf("DNS provider config: kubeconfig %s: %w", fc.Kubeconfig, err)
		}
		// The same identity and request limits as on the host.
		restCfg.UserAgent, restCfg.QPS, restCfg.Burst = host.UserAgent, host.QPS, host.Burst
	}
	client, err := dynamic.NewForConfig(restCfg)
	if err != nil {
		return nil, err
	}
	return NewForClient(client, cfg, fc)
}

// NewForClient is New with the client and the file's contents given.
func NewForClient(client dynamic.Interface, cfg dns.Config, fc FileConfig) (*Provider, error) {
	if errs := validation.IsDNS1123Label(cfg.Federation); len(errs) > 0 {
		return nil, fmt.Errorf("the external-dns DNS provider needs a federation name that is a DNS label: %q: %s", cfg.Federation, strings.Join(errs, "; "))
	}
	if fc.Namespace == "" {
		fc.Namespace = DefaultNamespace
	}
	return &Provider{
		client: client.Resource(v1alpha1.Resource), namespace: fc.Namespace, federation: cfg.Federation,
		zone: strings.TrimSuffix(strings.ToLower(cfg.Zone), "."),
	}, nil
}

// Endpoints returns the endpoints of owner's DNSEndpoint, none when there is none or it is
// not federation's.
func (p *Provider) Endpoints(ctx context.Context, owner dns.Owner) ([]dns.Endpoint, error) {
	obj, err := p.get(ctx, owner)
	if err != nil || obj == nil || !p.owns(obj, owner) {
		return nil, err
	}
	return fromObject(obj)
}

// get returns owner's DNSEndpoint, nil when there is none.
func (p *Provider) get(ctx context.Context, owner dns.Owner) (*unstructured.Unstructured, error) {
	name := objectName(p.federation, owner)
	obj, err := p.client.Namespace(p.namespace).Get(ctx, name, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		// A missing object is named in the error; a resource the server does not serve is not.
		var status apierrors.APIStatus
		if errors.As(err, &status) && status.Status().Details != nil && status.Status().Details.Name == name {
			return nil, nil
		}
		return nil, fmt.Errorf("%w: %w", ErrNoCRD, err)
	}
	if err != nil {
		return nil, fmt.Errorf("reading DNSEndpoint %s/%s: %w", p.namespace, name, err)
	}
	return obj, nil
}

// Sync makes owner's DNSEndpoint hold exactly want: it creates it, updates its spec (and
// its federation labels) when they differ, or deletes it when want is empty. An update
// carries the resourceVersion read, so a concurrent change fails it with a Conflict, for
// the caller to retry.
func (p *Provider) Sync(ctx context.Context, owner dns.Owner, want []dns.Endpoint) error {
	if err := checkWant(p.zone, want); err != nil {
		return fmt.Errorf("DNS endpoints of %s: %w", owner, err)
	}
	cur, err := p.get(ctx, owner)
	if err != nil {
		return err
	}
	if cur != nil && !p.owns(cur, owner) {
		return fmt.Errorf("%w: %s/%s (for %s)", ErrNotOwned, cur.GetNamespace(), cur.GetName(), owner)
	}
	logger := klog.LoggerWithValues(klog.FromContext(ctx), "owner", owner.String(), "dnsEndpoint", klog.KRef(p.namespace, objectName(p.federation, owner)))
	client := p.client.Namespace(p.namespace)
	if len(want) == 0 {
		if cur == nil {
			return nil
		}
		uid, rv := cur.GetUID(), cur.GetResourceVersion()
		err := client.Delete(ctx, cur.GetName(), metav1.DeleteOptions{Preconditions: &metav1.Preconditions{UID: &uid, ResourceVersion: &rv}})
		if err != nil && !apierrors.IsNotFound(err) {
			return fmt.Errorf("deleting DNSEndpoint %s/%s: %w", p.namespace, cur.GetName(), err)
		}
		logger.V(2).Info("Deleted DNSEndpoint")
		return nil
	}
	desired, err := p.desired(owner, want)
	if err != nil {
		return err
	}
	if cur == nil {
		if _, err := client.Create(ctx, desired, metav1.CreateOptions{FieldManager: FieldManager}); err != nil {
			return fmt.Errorf("creating DNSEndpoint %s/%s: %w", p.namespace, desired.GetName(), err)
		}
		logger.V(2).Info("Created DNSEndpoint", "endpoints", len(want))
		return nil
	}
	updated, changed := merge(cur, desired)
	if !changed {
		return nil
	}
	if _, err := client.Update(ctx, updated, metav1.UpdateOptions{FieldManager: FieldManager}); err != nil {
		return fmt.Errorf("updating DNSEndpoint %s/%s: %w", p.namespace, cur.GetName(), err)
	}
	logger.V(2).Info("Updated DNSEndpoint", "endpoints", len(want))
	return nil
}

// merge returns cur with desired's spec, labels and annotation, and whether that changed
// anything. Other labels, annotations and the status (external-dns's) are kept.
func merge(cur, desired *unstructured.Unstructured) (*unstructured.Unstructured, bool) {
	out := cur.DeepCopy()
	l, a := out.GetLabels(), out.GetAnnotations()
	if l == nil {
		l = map[string]string{}
	}
	if a == nil {
		a = map[string]string{}
	}
	maps.Copy(l, desired.GetLabels())
	maps.Copy(a, desired.GetAnnotations())
	changed := !maps.Equal(l, cur.GetLabels()) || !maps.Equal(a, cur.GetAnnotations())
	out.SetLabels(l)
	out.SetAnnotations(a)
	if !apiequality.Semantic.DeepEqual(cur.Object["spec"], desired.Object["spec"]) {
		out.Object["spec"] = desired.Object["spec"]
		changed = true
	}
	return out, changed
}

// Owners lists the owners of this federation's DNSEndpoints in the namespace, sorted.
func (p *Provider) Owners(ctx context.Context) ([]dns.Owner, error) {
	selector := labels.SelectorFromSet(labels.Set{ManagedByLabel: ManagedBy, FederationLabel: p.federation})
	list, err := p.client.Namespace(p.namespace).List(ctx, metav1.ListOptions{LabelSelector: selector.String()})
	if apierrors.IsNotFound(err) {
		return nil, fmt.Errorf("%w: %w", ErrNoCRD, err)
	}
	if err != nil {
		return nil, fmt.Errorf("listing DNSEndpoints in %s: %w", p.namespace, err)
	}
	var owners []dns.Owner
	for i := range list.Items {
		ns, name, ok := strings.Cut(list.Items[i].GetAnnotations()[OwnerAnnotation], "/")
		owner := dns.Owner{Namespace: ns, Name: name}
		if !ok || ns == "" || name == "" || list.Items[i].GetName() != objectName(p.federation, owner) {
			continue // labelled by hand, not written by the provider
		}
		owners = append(owners, owner)
	}
	slices.SortFunc(owners, func(a, b dns.Owner) int { return strings.Compare(a.String(), b.String()) })
	return slices.Compact(owners), nil
}
