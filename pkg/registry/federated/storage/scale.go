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

package storage

import (
	"context"
	"fmt"

	autoscalingv1 "k8s.io/api/autoscaling/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/managedfields"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apiserver/pkg/registry/rest"
	scalescheme "k8s.io/client-go/scale/scheme"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"

	"k8s.io/federation/pkg/apis/federation"
	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/kinds"
)

// ScaleREST is the scale subresource (autoscaling/v1 Scale) of a federated kind with
// replicas. It reads the object from the store, and writes through the main REST's Update,
// so that a scale is validated, pre-flighted, written through and scheduled as any update
// of the object is.
//
// spec.replicas is the kind's desired replicas (a FederatedDeployment's template
// spec.replicas: the total when replicaScheduling is set); unset reads as 1, as a
// Deployment's does. status.replicas is the aggregated status.replicas (0 when not yet
// reported), status.selector the pods' label selector, which is what a host
// HorizontalPodAutoscaler needs to target the object.
type ScaleREST struct {
	main     *REST
	scale    *kinds.Scale
	resource schema.GroupResource
	paths    managedfields.ResourcePathMappings
}

var (
	_ rest.Patcher                  = &ScaleREST{}
	_ rest.GroupVersionKindProvider = &ScaleREST{}
	_ rest.TableConvertor           = &ScaleREST{}
	_ rest.UpdatedObjectInfo        = &scaleUpdate{}
)

// newScaleREST returns the scale subresource of main, whose kind scales as scale says.
func newScaleREST(main *REST, scale *kinds.Scale) (*ScaleREST, error) {
	path, err := fieldpath.MakePath(toInterfaces(scale.SpecReplicasPath)...)
	if err != nil {
		return nil, fmt.Errorf("replicas path %v: %w", scale.SpecReplicasPath, err)
	}
	return &ScaleREST{
		main:     main,
		scale:    scale,
		resource: main.DefaultQualifiedResource,
		paths:    managedfields.ResourcePathMappings{fedv1beta1.SchemeGroupVersion.String(): path},
	}, nil
}

// GroupVersionKind serves autoscaling/v1 Scale, whatever the containing group version.
func (r *ScaleREST) GroupVersionKind(schema.GroupVersion) schema.GroupVersionKind {
	return autoscalingv1.SchemeGroupVersion.WithKind("Scale")
}

// New returns an empty internal Scale.
func (r *ScaleREST) New() runtime.Object { return &scalescheme.Scale{} }

// Destroy is a no-op: the main store owns the storage.
func (r *ScaleREST) Destroy() {}

// Get returns the object's Scale.
func (r *ScaleREST) Get(ctx context.Context, name string, options *metav1.GetOptions) (runtime.Object, error) {
	obj, err := r.main.Get(ctx, name, options)
	if err != nil {
		return nil, err
	}
	return r.toScale(obj), nil
}

// Update sets the object's desired replicas from the Scale through the main REST's Update.
// A Scale's resourceVersion is the object's: when set, the update is refused with a
// Conflict unless the object is still at it.
func (r *ScaleREST) Update(ctx context.Context, name string, objInfo rest.UpdatedObjectInfo, createValidation rest.ValidateObjectFunc,
	updateValidation rest.ValidateObjectUpdateFunc, _ bool, options *metav1.UpdateOptions) (runtime.Object, bool, error) {
	info := &scaleUpdate{name: name, req: objInfo, r: r}
	obj, _, err := r.main.Update(ctx, name, info, r.scaleCreateValidation(createValidation), r.scaleUpdateValidation(updateValidation), false, options)
	if err != nil {
		return nil, false, err
	}
	return r.toScale(obj), false, nil
}

// ConvertToTable prints NAME, DESIRED and AVAILABLE, as Kubernetes prints a Deployment's
// Scale (AVAILABLE being the aggregated status.replicas).
func (r *ScaleREST) ConvertToTable(_ context.Context, obj runtime.Object, _ runtime.Object) (*metav1.Table, error) {
	scale, ok := obj.(*scalescheme.Scale)
	if !ok {
		return nil, apierrors.NewInternalError(fmt.Errorf("cannot print %T as a Scale", obj))
	}
	return &metav1.Table{
		ColumnDefinitions: []metav1.TableColumnDefinition{
			{Name: "Name", Type: "string", Format: "name", Description: "Name of the scaled object."},
			{Name: "Desired", Type: "integer", Description: "Desired replicas (spec.replicas)."},
			{Name: "Available", Type: "integer", Description: "Replicas the members run (status.replicas)."},
		},
		Rows: []metav1.TableRow{{
			Cells:  []interface{}{scale.Name, int64(scale.Spec.Replicas), int64(scale.Status.Replicas)},
			Object: runtime.RawExtension{Object: scale},
		}},
	}, nil
}

// toScale returns obj's Scale. Unset desired replicas read as 1, as a Deployment's do.
func (r *ScaleREST) toScale(obj runtime.Object) *scalescheme.Scale {
	o := obj.(federation.FederatedObject)
	desired := int32(1)
	if n := r.scale.Replicas(obj); n != nil {
		desired = *n
	}
	var current int32
	if n := o.GetFederatedStatus().Replicas; n != nil {
		current = *n
	}
	var selector *metav1.LabelSelector
	if s := r.scale.Selector(obj); s != nil {
		selector = s.DeepCopy()
	}
	return &scalescheme.Scale{
		ObjectMeta: metav1.ObjectMeta{
			Name:              o.GetName(),
			Namespace:         o.GetNamespace(),
			UID:               o.GetUID(),
			ResourceVersion:   o.GetResourceVersion(),
			CreationTimestamp: o.GetCreationTimestamp(),
		},
		Spec:   scalescheme.ScaleSpec{Replicas: desired},
		Status: scalescheme.ScaleStatus{Replicas: current, Selector: selector},
	}
}

// scaleCreateValidation lets admission see the Scale, not the object; the main REST only
// calls it if the update would create, which a scale never does.
func (r *ScaleREST) scaleCreateValidation(f rest.ValidateObjectFunc) rest.ValidateObjectFunc {
	if f == nil {
		return nil
	}
	return func(ctx context.Context, obj runtime.Object) error { return f(ctx, r.toScale(obj)) }
}

// scaleUpdateValidation lets admission (e.g. a ValidatingAdmissionPolicy on
// federateddeployments/scale) see the new and old Scale.
func (r *ScaleREST) scaleUpdateValidation(f rest.ValidateObjectUpdateFunc) rest.ValidateObjectUpdateFunc {
	if f == nil {
		return nil
	}
	return func(ctx context.Context, obj, old runtime.Object) error {
		return f(ctx, r.toScale(obj), r.toScale(old))
	}
}

// scaleUpdate turns the stored object into its Scale, lets the request update that, and
// carries the new replicas, resourceVersion and managed fields back to the object.
type scaleUpdate struct {
	name string
	req  rest.UpdatedObjectInfo
	r    *ScaleREST
}

// Preconditions are the request's.
func (i *scaleUpdate) Preconditions() *metav1.Preconditions { return i.req.Preconditions() }

// UpdatedObject returns the stored object with the replicas of the updated Scale.
func (i *scaleUpdate) UpdatedObject(ctx context.Context, oldObj runtime.Object) (runtime.Object, error) {
	obj := oldObj.DeepCopyObject()
	o := obj.(federation.FederatedObject)
	if o.GetResourceVersion() == "" {
		// The store hands over an empty object when there is none: a scale never creates.
		return nil, apierrors.NewNotFound(i.r.resource, i.name)
	}
	fields := managedfields.NewScaleHandler(o.GetManagedFields(), fedv1beta1.SchemeGroupVersion, i.r.paths)
	oldScale := i.r.toScale(obj)
	var err error
	if oldScale.ManagedFields, err = fields.ToSubresource(); err != nil {
		return nil, apierrors.NewInternalError(err)
	}
	newObj, err := i.req.UpdatedObject(ctx, oldScale)
	if err != nil {
		return nil, err
	}
	scale, ok := newObj.(*scalescheme.Scale)
	if !ok {
		return nil, apierrors.NewBadRequest(fmt.Sprintf("expected a Scale, got %T", newObj))
	}
	if scale.Spec.Replicas < 0 {
		errs := field.ErrorList{field.Invalid(field.NewPath("spec", "replicas"), scale.Spec.Replicas, "must be greater than or equal to 0")}
		return nil, apierrors.NewInvalid(autoscalingv1.SchemeGroupVersion.WithKind("Scale").GroupKind(), i.name, errs)
	}
	// The resourceVersion precondition is the store's (the object's version is the Scale's);
	// a UID precondition in the body is checked here.
	if scale.UID != "" && scale.UID != o.GetUID() {
		return nil, apierrors.NewConflict(i.r.resource, i.name,
			fmt.Errorf("precondition failed: UID in precondition: %v, UID in object meta: %v", scale.UID, o.GetUID()))
	}
	i.r.scale.SetReplicas(obj, scale.Spec.Replicas)
	o.SetResourceVersion(scale.ResourceVersion)
	managed, err := fields.ToParent(scale.ManagedFields)
	if err != nil {
		return nil, apierrors.NewInternalError(err)
	}
	o.SetManagedFields(managed)
	return obj, nil
}

func toInterfaces(path []string) []interface{} {
	out := make([]interface{}, len(path))
	for i, p := range path {
		out[i] = p
	}
	return out
}
