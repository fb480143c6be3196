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

// Package storage wires the etcd-backed REST storage of every federated kind.
package storage

import (
	"context"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"

	"k8s.io/federation/pkg/apis/federation"
	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
)

func (r *REST) toVersioned(obj runtime.Object) (fedv1beta1.FederatedObject, error) {
	kinds, _, err := r.scheme.ObjectKinds(obj)
	if err != nil {
		return nil, apierrors.NewInternalError(err)
	}
	gvk := fedv1beta1.SchemeGroupVersion.WithKind(kinds[0].Kind)
	out, err := r.scheme.New(gvk)
	if err != nil {
		return nil, apierrors.NewInternalError(err)
	}
	if err := r.scheme.Convert(obj, out, nil); err != nil {
		return nil, apierrors.NewInternalError(err)
	}
	out.GetObjectKind().SetGroupVersionKind(gvk)
	return out.(fedv1beta1.FederatedObject), nil
}

func (r *REST) toInternalStatus(in fedv1beta1.FederatedStatus) (federation.FederatedStatus, error) {
	var out federation.FederatedStatus
	if err := r.scheme.Convert(&in, &out, nil); err != nil {
		return out, apierrors.NewInternalError(err)
	}
	return out, nil
}

// objectTransform is an update that changes the current object in place, retried by the
// store on conflicts, and only while the object is the same one (uid).
type objectTransform struct {
	uid       types.UID
	transform func(federation.FederatedObject)
}

func (t objectTransform) Preconditions() *metav1.Preconditions {
	return &metav1.Preconditions{UID: &t.uid}
}

func (t objectTransform) UpdatedObject(_ context.Context, old runtime.Object) (runtime.Object, error) {
	o := old.DeepCopyObject().(federation.FederatedObject)
	t.transform(o)
	return o, nil
}

// listItems returns the federated objects of a list.
func listItems(list runtime.Object) ([]federation.FederatedObject, error) {
	objs, err := meta.ExtractList(list)
	if err != nil {
		return nil, err
	}
	out := make([]federation.FederatedObject, 0, len(objs))
	for _, o := range objs {
		out = append(out, o.(federation.FederatedObject))
	}
	return out, nil
}
