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
	"slices"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
	"k8s.io/klog/v2"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	fedlisters "k8s.io/federation/pkg/generated/listers/federation/v1beta1"
	"k8s.io/federation/pkg/kinds"
)

// HandoverFieldManager is the server-side apply field manager that keeps a member
// workload's replicas when federation stops writing them (see handOver).
const HandoverFieldManager = "federation-handover"

// WithAutoscalers returns a copy of e that looks FederatedHorizontalPodAutoscalers up with
// lister: a workload that one targets has its replicas left to the member HPAs (see
// Autoscaler). Without it no workload is autoscaled.
func (e *Engine) WithAutoscalers(lister fedlisters.FederatedHorizontalPodAutoscalerLister) *Engine {
	c := *e
	c.autoscalers = lister
	return &c
}

// Autoscaler returns the FederatedHorizontalPodAutoscaler (as namespace/name) whose member
// HPAs own obj's replicas, or "": one in obj's namespace whose template.spec.scaleTargetRef
// names obj's member object (the member kind's group, any version, and kind; obj's name),
// for kinds with replicas (pkg/kinds Hooks.ReplicasPath). One being deleted still counts:
// its member HPAs are there until it is gone. Of several, the first by name. This is the one
// place that decides whether a workload is autoscaled; Engine.Schedule records it, so the
// write-through and the sync controller agree.
func (e *Engine) Autoscaler(obj fedv1beta1.FederatedObject) string {
	k, err := kinds.For(obj)
	if err != nil || e.autoscalers == nil || len(k.Hooks.ReplicasPath) == 0 {
		return ""
	}
	hpas, err := e.autoscalers.FederatedHorizontalPodAutoscalers(obj.GetNamespace()).List(labels.Everything())
	if err != nil {
		return ""
	}
	var names []string
	for _, h := range hpas {
		if Targets(h, k.Member, obj.GetName()) {
			names = append(names, h.Namespace+"/"+h.Name)
		}
	}
	if len(names) == 0 {
		return ""
	}
	return slices.Min(names)
}

// Targets reports whether hpa's template scales the member object named name of type
// member (group and kind; the version does not matter, as for an HPA).
func Targets(hpa *fedv1beta1.FederatedHorizontalPodAutoscaler, member kinds.Member, name string) bool {
	ref := hpa.Spec.Template.Spec.ScaleTargetRef
	gv, err := schema.ParseGroupVersion(ref.APIVersion)
	return err == nil && gv.Group == member.Group && ref.Kind == member.Kind && ref.Name == name
}

// handOver keeps the member's replicas when federation's apply of desired stops writing
// them. Server-side apply resets a field whose last owner's apply leaves it out to its
// default (a Deployment's spec.replicas to 1), so before such an apply, on a copy (existing)
// where federation's apply owns the kind's replicas (path), the member's current value is
// applied by HandoverFieldManager, which then co-owns it; the member HPA's first scale takes
// the field over from it. This is the hand-over the Kubernetes server-side apply
// documentation gives for an HPA taking over a Deployment's replicas ("Transferring
// ownership"). A conflict means another manager set a new value meanwhile and owns the
// field already: nothing to hand over.
func handOver(ctx context.Context, rc dynamic.ResourceInterface, existing, desired *unstructured.Unstructured, path []string) error {
	if len(path) == 0 || existing == nil {
		return nil
	}
	if _, found, _ := unstructured.NestedFieldNoCopy(desired.Object, path...); found {
		return nil
	}
	value, found, err := unstructured.NestedFieldNoCopy(existing.Object, path...)
	if err != nil || !found || !appliedByFederation(existing, path) {
		return nil
	}
	keep := &unstructured.Unstructured{Object: map[string]any{}}
	keep.SetAPIVersion(existing.GetAPIVersion())
	keep.SetKind(existing.GetKind())
	keep.SetName(existing.GetName())
	keep.SetNamespace(existing.GetNamespace())
	if err := unstructured.SetNestedField(keep.Object, value, path...); err != nil {
		return err
	}
	_, err = rc.Apply(ctx, keep.GetName(), keep, metav1.ApplyOptions{FieldManager: HandoverFieldManager})
	if apierrors.IsConflict(err) {
		return nil
	}
	if err == nil {
		klog.FromContext(ctx).V(2).Info("Handed the member's replicas over before federation stops writing them",
			"object", klog.KObj(existing), "path", path, "value", value)
	}
	return err
}

// appliedByFederation reports whether federation's apply owns the field at path of member.
func appliedByFederation(member *unstructured.Unstructured, path []string) bool {
	elems := make([]any, len(path))
	for i, p := range path {
		elems[i] = p
	}
	p, err := fieldpath.MakePath(elems...)
	if err != nil {
		return false
	}
	for _, e := range managedFieldSets(member) {
		if e.manager == FieldManager && !e.update && e.set.Has(p) {
			return true
		}
	}
	return false
}
