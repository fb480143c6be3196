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
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/dynamic"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/kinds"
)

// Who owns a member object, and when federation may delete one, beyond the shared rule (a
// copy is federation's when it carries ManagedLabel and obj's OriginAnnotation): the kinds
// with an Ownership hook (pkg/kinds), today FederatedNamespace.

// maxHeldListed bounds how many objects heldIn names: enough for a message.
const maxHeldListed = 5

var namespaceResource = corev1.SchemeGroupVersion.WithResource("namespaces")

// adopts reports whether obj takes over existing, a member object federation did not write
// for it: with the adopt annotation, or by its kind's Ownership rule.
func adopts(obj fedv1beta1.FederatedObject, existing *unstructured.Unstructured) bool {
	if obj.GetAnnotations()[AdoptAnnotation] == "true" {
		return true
	}
	k, err := kinds.For(obj)
	return err == nil && k.Hooks.Ownership != nil && k.Hooks.Ownership.Adopt != nil && k.Hooks.Ownership.Adopt(existing)
}

// Release makes the named member object no longer federation's: its managed label and
// federation's annotations (origin, rendered hash, kinds.CreatedAnnotation) are removed,
// nothing else. An object already gone counts as released.
func Release(ctx context.Context, res dynamic.ResourceInterface, name string, dryRun []string) error {
	patch, err := json.Marshal(map[string]any{"metadata": map[string]any{
		"labels":      map[string]any{ManagedLabel: nil},
		"annotations": map[string]any{OriginAnnotation: nil, RenderedHashAnnotation: nil, kinds.CreatedAnnotation: nil},
	}})
	if err != nil {
		return err
	}
	_, err = res.Patch(ctx, name, types.MergePatchType, patch, metav1.PatchOptions{DryRun: dryRun})
	return ignoreNotFound(err)
}

// ensureNamespace creates the namespace, marked as federation's and as created by it
// (kinds.CreatedAnnotation): a FederatedNamespace of that name takes it over, and may delete
// it when it holds nothing federation does not manage. In a dry run nothing is created, so a namespace
// that would be is a NamespaceMissingError: the member cannot check an object in a
// namespace it lacks. A namespace that exists but is terminating is left for the apply to
// report (NamespaceTerminating).
func ensureNamespace(ctx context.Context, client dynamic.Interface, name string, dryRun bool) error {
	ns := &unstructured.Unstructured{}
	ns.SetAPIVersion("v1")
	ns.SetKind("Namespace")
	ns.SetName(name)
	ns.SetLabels(map[string]string{ManagedLabel: "true"})
	ns.SetAnnotations(map[string]string{kinds.CreatedAnnotation: "true"})
	opts := metav1.CreateOptions{FieldManager: FieldManager}
	if dryRun {
		opts.DryRun = []string{metav1.DryRunAll}
	}
	_, err := client.Resource(namespaceResource).Create(ctx, ns, opts)
	switch {
	case apierrors.IsAlreadyExists(err):
		return nil
	case err != nil:
		return err
	case dryRun:
		return &NamespaceMissingError{Namespace: name}
	}
	return nil
}

// recordsCreation reports whether obj's kind records the member copies federation creates
// (kinds.CreatedAnnotation): the kinds with an Ownership rule.
func recordsCreation(obj fedv1beta1.FederatedObject) bool {
	k, err := kinds.For(obj)
	return err == nil && k.Hooks.Ownership != nil
}

// createMarked creates desired's object in the member with nothing but its identity: the
// managed label, obj's origin and kinds.CreatedAnnotation, by a plain create, so the apply
// that follows does not own the annotation and no later apply removes it. A member that
// holds the object already answers Conflict: someone created it meanwhile, and its owner
// must be checked.
func createMarked(ctx context.Context, client dynamic.Interface, obj fedv1beta1.FederatedObject, desired *unstructured.Unstructured) error {
	res, member, err := resourceClient(client, obj)
	if err != nil {
		return err
	}
	u := &unstructured.Unstructured{}
	u.SetAPIVersion(desired.GetAPIVersion())
	u.SetKind(desired.GetKind())
	u.SetName(desired.GetName())
	u.SetNamespace(desired.GetNamespace())
	u.SetLabels(map[string]string{ManagedLabel: "true"})
	u.SetAnnotations(map[string]string{OriginAnnotation: Origin(obj), kinds.CreatedAnnotation: "true"})
	_, err = res.Create(ctx, u, metav1.CreateOptions{FieldManager: FieldManager})
	if apierrors.IsAlreadyExists(err) {
		gr := member.GroupVersionResource().GroupResource()
		return apierrors.NewConflict(gr, desired.GetName(), fmt.Errorf("created in the member meanwhile"))
	}
	return err
}

// keep returns why obj's copy existing in cluster must be kept rather than deleted, by its
// kind's Ownership rule; "" when it may be deleted.
func (e *Engine) keep(ctx context.Context, client dynamic.Interface, cluster string, obj fedv1beta1.FederatedObject, existing *unstructured.Unstructured) (string, error) {
	k, err := kinds.For(obj)
	if err != nil || k.Hooks.Ownership == nil || k.Hooks.Ownership.Keep == nil {
		return "", err
	}
	return k.Hooks.Ownership.Keep(ctx, existing, func(ctx context.Context) ([]string, error) {
		return e.heldIn(ctx, client, cluster, existing.GetName())
	})
}

// heldIn lists, as resource.group/name, up to maxHeldListed objects in the member namespace
// that federation does not manage. It reads every namespaced resource the member's discovery
// prefers that can be listed, and counts an object unless it carries ManagedLabel (the copy
// of a federated object), has an owner reference (its owner is counted instead, e.g. a
// ReplicaSet's Pods, a Service's EndpointSlices), or is one the member makes itself
// (ignoredContent). A resource the member forbids federation to list is reported as held:
// what federation cannot see, it must not delete. Other errors (discovery or a list failing)
// are returned, and the removal is retried.
func (e *Engine) heldIn(ctx context.Context, client dynamic.Interface, cluster, namespace string) ([]string, error) {
	disco, err := e.clients.Discovery(cluster)
	if err != nil {
		return nil, err
	}
	lists, err := discovery.ServerPreferredNamespacedResources(disco)
	if err != nil {
		return nil, fmt.Errorf("discovering the member's resources: %w", err)
	}
	var held []string
	for _, list := range lists {
		gv, err := schema.ParseGroupVersion(list.GroupVersion)
		if err != nil {
			return nil, err
		}
		for _, r := range list.APIResources {
			if strings.Contains(r.Name, "/") || !slices.Contains(r.Verbs, "list") || ignoredResource(gv.Group, r.Name) {
				continue
			}
			gr := schema.GroupResource{Group: gv.Group, Resource: r.Name}
			items, err := client.Resource(gv.WithResource(r.Name)).Namespace(namespace).List(ctx, metav1.ListOptions{})
			switch {
			case apierrors.IsForbidden(err):
				held = append(held, gr.String()+" (federation may not list them)")
				continue
			case apierrors.IsNotFound(err) || apierrors.IsMethodNotSupported(err):
				continue
			case err != nil:
				return nil, fmt.Errorf("listing %s: %w", gr, err)
			}
			for _, item := range items.Items {
				if item.GetLabels()[ManagedLabel] == "true" || len(item.GetOwnerReferences()) > 0 || ignoredObject(gr, item.GetName()) {
					continue
				}
				held = append(held, gr.String()+"/"+item.GetName())
			}
			if len(held) >= maxHeldListed {
				return held[:maxHeldListed], nil
			}
		}
	}
	return held, nil
}

// ignoredResource: resources whose objects are records of other objects, never content of
// their own: events (core and events.k8s.io) and core Endpoints, which the member's endpoints
// controller writes for every Service (without an owner reference).
func ignoredResource(group, resource string) bool {
	return resource == "events" && (group == "" || group == "events.k8s.io") || resource == "endpoints" && group == ""
}

// ignoredObject: what the member's own controllers create in every namespace: the
// ServiceAccount default (the service account controller) and the ConfigMap
// kube-root-ca.crt (the root CA publisher).
func ignoredObject(gr schema.GroupResource, name string) bool {
	return gr == schema.GroupResource{Resource: "serviceaccounts"} && name == "default" ||
		gr == schema.GroupResource{Resource: "configmaps"} && name == "kube-root-ca.crt"
}
