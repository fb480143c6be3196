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

package membertest

import (
	"context"
	"net/url"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/dynamic"
)

// Client returns the member's dynamic client.
func (m *Member) Client() dynamic.Interface { return client{m} }

// Hang makes the member stop answering from now on: each request waits for its context to
// end and fails as client-go's does then.
func (m *Member) Hang() { m.hung.Store(true) }

// stall waits out the request's context when the member hangs. A wrapper does this, not a
// reactor, because reactors do not see the request's context.
func (m *Member) stall(ctx context.Context, verb string) error {
	if !m.hung.Load() {
		return nil
	}
	<-ctx.Done()
	return &url.Error{Op: verb, URL: "https://member.example/api", Err: ctx.Err()}
}

type client struct{ m *Member }

// IsWatchListSemanticsUnSupported tells informers to list, then watch, as they do with the
// fake itself: it cannot stream a list.
func (c client) IsWatchListSemanticsUnSupported() bool {
	return c.m.fake.IsWatchListSemanticsUnSupported()
}

func (c client) Resource(gvr schema.GroupVersionResource) dynamic.NamespaceableResourceInterface {
	r := c.m.fake.Resource(gvr)
	return resource{ResourceInterface: r, all: r, m: c.m}
}

// resource reaches the fake unless the member hangs.
type resource struct {
	dynamic.ResourceInterface
	all dynamic.NamespaceableResourceInterface
	m   *Member
}

func (r resource) Namespace(ns string) dynamic.ResourceInterface {
	return resource{ResourceInterface: r.all.Namespace(ns), all: r.all, m: r.m}
}

func (r resource) Get(ctx context.Context, name string, opts metav1.GetOptions, sub ...string) (*unstructured.Unstructured, error) {
	if err := r.m.stall(ctx, "GET"); err != nil {
		return nil, err
	}
	return r.ResourceInterface.Get(ctx, name, opts, sub...)
}

func (r resource) List(ctx context.Context, opts metav1.ListOptions) (*unstructured.UnstructuredList, error) {
	if err := r.m.stall(ctx, "GET"); err != nil {
		return nil, err
	}
	return r.ResourceInterface.List(ctx, opts)
}

func (r resource) Watch(ctx context.Context, opts metav1.ListOptions) (watch.Interface, error) {
	if err := r.m.stall(ctx, "GET"); err != nil {
		return nil, err
	}
	return r.ResourceInterface.Watch(ctx, opts)
}

func (r resource) Create(ctx context.Context, obj *unstructured.Unstructured, opts metav1.CreateOptions, sub ...string) (*unstructured.Unstructured, error) {
	if err := r.m.stall(ctx, "POST"); err != nil {
		return nil, err
	}
	return r.ResourceInterface.Create(ctx, obj, opts, sub...)
}

func (r resource) Update(ctx context.Context, obj *unstructured.Unstructured, opts metav1.UpdateOptions, sub ...string) (*unstructured.Unstructured, error) {
	if err := r.m.stall(ctx, "PUT"); err != nil {
		return nil, err
	}
	return r.ResourceInterface.Update(ctx, obj, opts, sub...)
}

func (r resource) Patch(ctx context.Context, name string, pt types.PatchType, data []byte, opts metav1.PatchOptions, sub ...string) (*unstructured.Unstructured, error) {
	if err := r.m.stall(ctx, "PATCH"); err != nil {
		return nil, err
	}
	return r.ResourceInterface.Patch(ctx, name, pt, data, opts, sub...)
}

func (r resource) Apply(ctx context.Context, name string, obj *unstructured.Unstructured, opts metav1.ApplyOptions, sub ...string) (*unstructured.Unstructured, error) {
	if err := r.m.stall(ctx, "PATCH"); err != nil {
		return nil, err
	}
	return r.ResourceInterface.Apply(ctx, name, obj, opts, sub...)
}

func (r resource) Delete(ctx context.Context, name string, opts metav1.DeleteOptions, sub ...string) error {
	if err := r.m.stall(ctx, "DELETE"); err != nil {
		return err
	}
	return r.ResourceInterface.Delete(ctx, name, opts, sub...)
}
