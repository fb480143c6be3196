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
	"errors"
	"net/url"
	"slices"
	"strconv"
	"sync"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	utiljson "k8s.io/apimachinery/pkg/util/json"
	"k8s.io/client-go/dynamic"
	dynamicfake "k8s.io/client-go/dynamic/fake"
	clienttesting "k8s.io/client-go/testing"
)

var (
	engConfigMaps = corev1.SchemeGroupVersion.WithResource("configmaps")
	engNamespaces = corev1.SchemeGroupVersion.WithResource("namespaces")
)

// engMember is a fake member cluster for the engine's tests. Its dynamic fake answers as a
// kube-apiserver does, as far as the engine needs: a server-side apply merges the applied
// configuration into the stored object (maps merged, anything else replaced) or creates it,
// a resourceVersion in the configuration is a precondition on an existing object,
// generation starts at 1 and moves when anything but metadata changes, content in a missing
// namespace is NotFound and in a terminating one Forbidden (NamespaceLifecycle), and a dry
// run stores nothing.
type engMember struct {
	client *dynamicfake.FakeDynamicClient
	mu     sync.Mutex
	rv     int
}

func newEngMember(objs ...runtime.Object) *engMember {
	m := &engMember{client: dynamicfake.NewSimpleDynamicClient(runtime.NewScheme(), objs...), rv: 100}
	m.client.PrependReactor("*", "*", m.dryRun)
	m.client.PrependReactor("patch", "*", m.apply)
	return m
}

// fail makes the member answer verb on resource with err.
func (m *engMember) fail(verb, resource string, err error) {
	m.client.PrependReactor(verb, resource, func(clienttesting.Action) (bool, runtime.Object, error) { return true, nil, err })
}

// get returns the member's object, or nil.
func (m *engMember) get(t *testing.T, gvr schema.GroupVersionResource, ns, name string) *unstructured.Unstructured {
	t.Helper()
	obj, err := m.client.Tracker().Get(gvr, ns, name)
	if apierrors.IsNotFound(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	return obj.(*unstructured.Unstructured)
}

// put stores u in the member as another client would have written it.
func (m *engMember) put(t *testing.T, gvr schema.GroupVersionResource, u *unstructured.Unstructured) {
	t.Helper()
	m.mu.Lock()
	defer m.mu.Unlock()
	m.rv++
	u.SetResourceVersion(strconv.Itoa(m.rv))
	if err := m.client.Tracker().Create(gvr, u, u.GetNamespace()); err != nil {
		t.Fatal(err)
	}
}

func (m *engMember) apply(action clienttesting.Action) (bool, runtime.Object, error) {
	patch, ok := action.(clienttesting.PatchActionImpl)
	if !ok || patch.GetPatchType() != types.ApplyPatchType {
		return false, nil, nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	gvr, ns, name := patch.GetResource(), patch.GetNamespace(), patch.GetName()
	if err := m.admit(gvr, ns, name); err != nil {
		return true, nil, err
	}
	applied := &unstructured.Unstructured{Object: map[string]any{}}
	if err := utiljson.Unmarshal(patch.GetPatch(), &applied.Object); err != nil {
		return true, nil, apierrors.NewBadRequest(err.Error())
	}
	var cur *unstructured.Unstructured
	switch obj, err := m.client.Tracker().Get(gvr, ns, name); {
	case err == nil:
		cur = obj.(*unstructured.Unstructured)
	case !apierrors.IsNotFound(err):
		return true, nil, err
	}
	if rv := applied.GetResourceVersion(); rv != "" && cur != nil && rv != cur.GetResourceVersion() {
		return true, nil, apierrors.NewConflict(gvr.GroupResource(), name, errors.New("the object has been modified"))
	}
	applied.SetResourceVersion("")
	next := &unstructured.Unstructured{Object: map[string]any{}}
	if cur != nil {
		next = cur.DeepCopy()
	}
	engMerge(next.Object, applied.Object)
	switch {
	case cur == nil:
		next.SetGeneration(1)
	case !equality.Semantic.DeepEqual(engContent(cur), engContent(next)):
		next.SetGeneration(cur.GetGeneration() + 1)
	}
	if slices.Contains(patch.PatchOptions.DryRun, metav1.DryRunAll) {
		return true, next, nil
	}
	m.rv++
	next.SetResourceVersion(strconv.Itoa(m.rv))
	if cur == nil {
		return true, next, m.client.Tracker().Create(gvr, next, ns)
	}
	return true, next, m.client.Tracker().Update(gvr, next, ns)
}

// admit refuses content in a namespace the member lacks or is deleting.
func (m *engMember) admit(gvr schema.GroupVersionResource, ns, name string) error {
	if ns == "" {
		return nil
	}
	obj, err := m.client.Tracker().Get(engNamespaces, "", ns)
	if err != nil {
		return err
	}
	if obj.(*unstructured.Unstructured).GetDeletionTimestamp() != nil {
		err := apierrors.NewForbidden(gvr.GroupResource(), name, errors.New("unable to create new content in namespace "+ns+" because it is being terminated"))
		err.ErrStatus.Details.Causes = append(err.ErrStatus.Details.Causes, metav1.StatusCause{
			Type: corev1.NamespaceTerminatingCause, Message: "namespace " + ns + " is being terminated", Field: "metadata.namespace",
		})
		return err
	}
	return nil
}

// dryRun answers the other writes made with dryRun=All from what the member holds, and
// stores nothing.
func (m *engMember) dryRun(action clienttesting.Action) (bool, runtime.Object, error) {
	tracker := m.client.Tracker()
	switch a := action.(type) {
	case clienttesting.CreateActionImpl:
		if !slices.Contains(a.CreateOptions.DryRun, metav1.DryRunAll) {
			return false, nil, nil
		}
		u := a.GetObject().(*unstructured.Unstructured)
		if _, err := tracker.Get(a.GetResource(), a.GetNamespace(), u.GetName()); err == nil {
			return true, nil, apierrors.NewAlreadyExists(a.GetResource().GroupResource(), u.GetName())
		}
		return true, u, nil
	case clienttesting.DeleteActionImpl:
		if !slices.Contains(a.DeleteOptions.DryRun, metav1.DryRunAll) {
			return false, nil, nil
		}
		obj, err := tracker.Get(a.GetResource(), a.GetNamespace(), a.GetName())
		return true, obj, err
	case clienttesting.PatchActionImpl:
		if a.GetPatchType() == types.ApplyPatchType || !slices.Contains(a.PatchOptions.DryRun, metav1.DryRunAll) {
			return false, nil, nil
		}
		obj, err := tracker.Get(a.GetResource(), a.GetNamespace(), a.GetName())
		return true, obj, err
	}
	return false, nil, nil
}

func engNamespace(name string, terminating bool) *unstructured.Unstructured {
	ns := &unstructured.Unstructured{}
	ns.SetAPIVersion("v1")
	ns.SetKind("Namespace")
	ns.SetName(name)
	if terminating {
		now := metav1.Now()
		ns.SetDeletionTimestamp(&now)
	}
	return ns
}

func engContent(u *unstructured.Unstructured) map[string]any {
	out := u.DeepCopy().Object
	delete(out, "metadata")
	return out
}

// engMerge merges src into dst: maps key by key, anything else replaced.
func engMerge(dst, src map[string]any) {
	for k, v := range src {
		if sm, ok := v.(map[string]any); ok {
			if dm, ok := dst[k].(map[string]any); ok {
				engMerge(dm, sm)
				continue
			}
		}
		dst[k] = v
	}
}

// engHung is a member whose API server never answers: each request waits for its context
// to end and fails as client-go's does then. A wrapper, not a reactor, because reactors do
// not see the request's context.
type engHung struct{}

func (engHung) Resource(schema.GroupVersionResource) dynamic.NamespaceableResourceInterface {
	return engHungResource{}
}

// engHungResource implements the requests the engine makes; the others (nil) panic.
type engHungResource struct {
	dynamic.NamespaceableResourceInterface
}

func (r engHungResource) Namespace(string) dynamic.ResourceInterface { return r }

func (engHungResource) Get(ctx context.Context, _ string, _ metav1.GetOptions, _ ...string) (*unstructured.Unstructured, error) {
	return nil, engWait(ctx, "GET")
}

func (engHungResource) Apply(ctx context.Context, _ string, _ *unstructured.Unstructured, _ metav1.ApplyOptions, _ ...string) (*unstructured.Unstructured, error) {
	return nil, engWait(ctx, "PATCH")
}

func (engHungResource) Patch(ctx context.Context, _ string, _ types.PatchType, _ []byte, _ metav1.PatchOptions, _ ...string) (*unstructured.Unstructured, error) {
	return nil, engWait(ctx, "PATCH")
}

func (engHungResource) Create(ctx context.Context, _ *unstructured.Unstructured, _ metav1.CreateOptions, _ ...string) (*unstructured.Unstructured, error) {
	return nil, engWait(ctx, "POST")
}

func (engHungResource) Delete(ctx context.Context, _ string, _ metav1.DeleteOptions, _ ...string) error {
	return engWait(ctx, "DELETE")
}

func engWait(ctx context.Context, verb string) error {
	<-ctx.Done()
	return &url.Error{Op: verb, URL: "https://member.example/api", Err: ctx.Err()}
}
