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

// Package federated holds the one strategy that serves every federated kind.
package federated

import (
	"context"
	"fmt"
	"slices"

	apiequality "k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apiserver/pkg/registry/rest"
	"k8s.io/apiserver/pkg/storage"
	"k8s.io/apiserver/pkg/storage/names"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"

	"k8s.io/federation/pkg/apis/federation"
	"k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/apis/federation/validation"
	"k8s.io/federation/pkg/kinds"
	"k8s.io/federation/pkg/propagation"
)

// Strategy is the create/update/delete policy shared by every federated kind: users own
// spec, controllers own status, and generation moves only when spec does. What differs
// between kinds (scope, the kind's own validation) comes from its pkg/kinds entry.
type Strategy struct {
	runtime.ObjectTyper
	names.NameGenerator
	kind *kinds.Kind
}

// NewStrategy returns the strategy for federated objects of kind, typed by typer.
func NewStrategy(typer runtime.ObjectTyper, kind *kinds.Kind) Strategy {
	return Strategy{ObjectTyper: typer, NameGenerator: names.SimpleNameGenerator, kind: kind}
}

var _ rest.RESTCreateUpdateStrategy = Strategy{}
var _ rest.RESTDeleteStrategy = Strategy{}
var _ rest.RESTGracefulDeleteStrategy = Strategy{}
var _ rest.GarbageCollectionDeleteStrategy = Strategy{}
var _ rest.ResetFieldsStrategy = Strategy{}

// NamespaceScoped is the kind's scope (pkg/kinds Kind.Namespaced): federated objects live
// in host namespaces, but for the cluster-scoped kinds.
func (s Strategy) NamespaceScoped() bool { return s.kind.Namespaced }

// GetResetFields protects status from writes to the main resource.
func (Strategy) GetResetFields() map[fieldpath.APIVersion]*fieldpath.Set {
	return map[fieldpath.APIVersion]*fieldpath.Set{
		fieldpath.APIVersion(v1beta1.SchemeGroupVersion.String()): fieldpath.NewSet(fieldpath.MakePathOrDie("status")),
	}
}

// PrepareForCreate clears status (only the write-through and controllers report it) and
// adds the finalizer that guards member cleanup.
func (Strategy) PrepareForCreate(_ context.Context, obj runtime.Object) {
	o := mustFederated(obj)
	*o.GetFederatedStatus() = federation.FederatedStatus{}
	o.SetGeneration(1)
	if !slices.Contains(o.GetFinalizers(), propagation.Finalizer) {
		o.SetFinalizers(append(o.GetFinalizers(), propagation.Finalizer))
	}
}

// DefaultGarbageCollectionPolicy is Unsupported: the store must not add the orphan
// finalizer, because deletion (cascading or orphaning member objects) is the write-through's
// job, read from the request's propagationPolicy.
func (Strategy) DefaultGarbageCollectionPolicy(context.Context) rest.GarbageCollectionPolicy {
	return rest.Unsupported
}

// CheckGracefulDelete records a request to orphan the member objects (propagationPolicy
// Orphan, or the older orphanDependents=true) as the annotation propagation.OrphanAnnotation
// on the object, in the same write that sets its deletionTimestamp: whoever finishes the
// deletion (the storage layer or the sync controller, now or after a member outage) reads
// the decision from the object, as Kubernetes' garbage collector reads its orphan
// finalizer. A later delete of an object already being deleted does not change it. It
// returns false: deletion is not graceful, the finalizer holds the object instead.
func (Strategy) CheckGracefulDelete(_ context.Context, obj runtime.Object, options *metav1.DeleteOptions) bool {
	if options == nil || !orphanRequested(options) {
		return false
	}
	o := mustFederated(obj)
	annotations := o.GetAnnotations()
	if annotations == nil {
		annotations = map[string]string{}
	}
	annotations[propagation.OrphanAnnotation] = "true"
	o.SetAnnotations(annotations)
	return false
}

// orphanRequested reports whether delete options ask to orphan dependents.
func orphanRequested(options *metav1.DeleteOptions) bool {
	if options.PropagationPolicy != nil {
		return *options.PropagationPolicy == metav1.DeletePropagationOrphan
	}
	return options.OrphanDependents != nil && *options.OrphanDependents
}

// PrepareForUpdate keeps the stored status and bumps generation on spec changes only.
func (Strategy) PrepareForUpdate(_ context.Context, obj, old runtime.Object) {
	o, prev := mustFederated(obj), mustFederated(old)
	*o.GetFederatedStatus() = *prev.GetFederatedStatus()
	if !apiequality.Semantic.DeepEqual(o.GetSpec(), prev.GetSpec()) {
		o.SetGeneration(prev.GetGeneration() + 1)
	}
}

// Validate validates a new federated object: the rules every kind shares, then the kind's
// own (its Validate hook).
func (s Strategy) Validate(_ context.Context, obj runtime.Object) field.ErrorList {
	o := mustFederated(obj)
	return append(validation.ValidateFederatedObject(o, s.kind.Namespaced), s.kindErrors(o)...)
}

// kindErrors returns the errors of the kind's Validate hook, if it has one.
func (s Strategy) kindErrors(o federation.FederatedObject) field.ErrorList {
	if s.kind.Hooks.Validate == nil {
		return nil
	}
	return s.kind.Hooks.Validate(o, field.NewPath("spec"))
}

// WarningsOnCreate reports overrides that can never take effect.
func (Strategy) WarningsOnCreate(_ context.Context, obj runtime.Object) []string {
	return validation.FederatedObjectWarnings(mustFederated(obj))
}

// Canonicalize does nothing: federated objects have no canonical form beyond their schema.
func (Strategy) Canonicalize(runtime.Object) {}

// AllowCreateOnUpdate is false: PUT of a missing object is NotFound, as for built-in kinds.
func (Strategy) AllowCreateOnUpdate(context.Context) bool { return false }

// AllowUnconditionalUpdate allows updates without a resourceVersion, as for built-in kinds.
func (Strategy) AllowUnconditionalUpdate(context.Context) bool { return true }

// ValidateUpdate validates an update of a federated object, with the kind's own rules (its
// Validate hook on the new object, its ValidateUpdate hook on the change).
func (s Strategy) ValidateUpdate(_ context.Context, obj, old runtime.Object) field.ErrorList {
	o, prev := mustFederated(obj), mustFederated(old)
	errs := append(validation.ValidateFederatedObjectUpdate(o, prev, s.kind.Namespaced), s.kindErrors(o)...)
	if s.kind.Hooks.ValidateUpdate != nil {
		errs = append(errs, s.kind.Hooks.ValidateUpdate(o, prev, field.NewPath("spec"))...)
	}
	return errs
}

// WarningsOnUpdate reports overrides that can never take effect.
func (Strategy) WarningsOnUpdate(_ context.Context, obj, _ runtime.Object) []string {
	return validation.FederatedObjectWarnings(mustFederated(obj))
}

// StatusStrategy is the policy of the status subresource: only status changes.
type StatusStrategy struct {
	Strategy
}

// NewStatusStrategy returns the status strategy matching s.
func NewStatusStrategy(s Strategy) StatusStrategy { return StatusStrategy{Strategy: s} }

// GetResetFields protects spec and metadata from writes to the status subresource.
func (StatusStrategy) GetResetFields() map[fieldpath.APIVersion]*fieldpath.Set {
	return map[fieldpath.APIVersion]*fieldpath.Set{
		fieldpath.APIVersion(v1beta1.SchemeGroupVersion.String()): fieldpath.NewSet(
			fieldpath.MakePathOrDie("spec"),
			fieldpath.MakePathOrDie("metadata"),
		),
	}
}

// PrepareForUpdate keeps the stored spec and metadata but for status-owned fields.
func (StatusStrategy) PrepareForUpdate(_ context.Context, obj, old runtime.Object) {
	o, prev := mustFederated(obj), mustFederated(old)
	o.CopySpecFrom(prev)
	o.SetLabels(prev.GetLabels())
	o.SetAnnotations(prev.GetAnnotations())
	// A status writer must not be able to drop the finalizer that guards member cleanup.
	o.SetFinalizers(prev.GetFinalizers())
	o.SetOwnerReferences(prev.GetOwnerReferences())
}

// ValidateUpdate validates a status update.
func (StatusStrategy) ValidateUpdate(_ context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateFederatedStatusUpdate(mustFederated(obj), mustFederated(old))
}

// WarningsOnUpdate has nothing to say about status writes.
func (StatusStrategy) WarningsOnUpdate(context.Context, runtime.Object, runtime.Object) []string {
	return nil
}

// GetAttrs returns the labels and fields to select on: metadata.name, and
// metadata.namespace for namespaced kinds (the scope of obj's pkg/kinds entry), as
// kube-apiserver selects built-in kinds.
func GetAttrs(obj runtime.Object) (labels.Set, fields.Set, error) {
	o, ok := obj.(federation.FederatedObject)
	if !ok {
		return nil, nil, fmt.Errorf("not a federated object: %T", obj)
	}
	k, err := kinds.For(obj)
	if err != nil {
		return nil, nil, err
	}
	fieldSet := fields.Set{"metadata.name": o.GetName()}
	if k.Namespaced {
		fieldSet["metadata.namespace"] = o.GetNamespace()
	}
	return labels.Set(o.GetLabels()), fieldSet, nil
}

// MatchFederated returns the selection predicate used by list and watch.
func MatchFederated(label labels.Selector, field fields.Selector) storage.SelectionPredicate {
	return storage.SelectionPredicate{Label: label, Field: field, GetAttrs: GetAttrs}
}

// mustFederated asserts what the store guarantees (it only creates federated kinds), as
// built-in strategies assert their own type.
func mustFederated(obj runtime.Object) federation.FederatedObject {
	return obj.(federation.FederatedObject)
}
