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

// Package membertest is a test double of a member cluster's kube-apiserver for unit tests:
// a client-go dynamic fake whose reactors answer as a real server does, as far as
// federation's propagation, write-through and sync need. It is imported by tests only.
package membertest

import (
	"net/http"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	dynamicfake "k8s.io/client-go/dynamic/fake"
	clienttesting "k8s.io/client-go/testing"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"

	"k8s.io/federation/pkg/kinds"
)

// firstResourceVersion is where a Member's resourceVersions start: above the engine's
// create-only precondition ("1").
const firstResourceVersion = 100

// namespaces is the resource NamespaceLifecycle looks content's namespace up in.
var namespaces = corev1.SchemeGroupVersion.WithResource("namespaces")

// Member is a fake member cluster. Its client answers as a kube-apiserver does:
//   - a server-side apply merges the applied configuration into the stored object (maps
//     merged, anything else replaced) or creates it; a Secret's stringData is folded into
//     data and never stored;
//   - a resourceVersion in the configuration is a precondition on an existing object;
//   - the resourceVersion moves only when the object changes; generation starts at 1 and
//     moves when anything but metadata changes;
//   - content in a missing namespace is NotFound, in a terminating one Forbidden with the
//     NamespaceTerminating cause (NamespaceLifecycle);
//   - a dry run stores nothing.
//
// Writes by other clients are Put and WriteAs; Fail and Hang make it misbehave.
type Member struct {
	fake *dynamicfake.FakeDynamicClient

	mu      sync.Mutex
	rv      int
	dryRuns int
	hung    atomic.Bool
}

// New returns an empty member that can list namespaces and the member types (pkg/kinds
// Member: their resource is given, not guessed): informers list, so every type a test
// watches must be named.
func New(types ...kinds.Member) *Member {
	listKinds := map[schema.GroupVersionResource]string{namespaces: "NamespaceList"}
	for _, t := range types {
		listKinds[t.GroupVersionResource()] = t.Kind + "List"
	}
	m := &Member{fake: dynamicfake.NewSimpleDynamicClientWithCustomListKinds(runtime.NewScheme(), listKinds), rv: firstResourceVersion}
	m.fake.PrependReactor("*", "*", m.dryRun)
	m.fake.PrependReactor("patch", "*", m.apply)
	return m
}

// Namespace is a namespace named name, for Put.
func Namespace(name string) *unstructured.Unstructured {
	ns := &unstructured.Unstructured{}
	ns.SetAPIVersion("v1")
	ns.SetKind("Namespace")
	ns.SetName(name)
	return ns
}

// Put stores objs as other clients wrote them, each with a new resourceVersion unless it
// has one.
func (m *Member) Put(t testing.TB, objs ...*unstructured.Unstructured) {
	t.Helper()
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, u := range objs {
		u = u.DeepCopy()
		if u.GetResourceVersion() == "" {
			m.rv++
			u.SetResourceVersion(strconv.Itoa(m.rv))
		}
		if err := m.fake.Tracker().Add(u); err != nil {
			t.Fatal(err)
		}
	}
}

// Get returns the member's object as stored, or nil when it holds none.
func (m *Member) Get(t testing.TB, gvr schema.GroupVersionResource, ns, name string) *unstructured.Unstructured {
	t.Helper()
	obj, err := m.fake.Tracker().Get(gvr, ns, name)
	if apierrors.IsNotFound(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	return obj.(*unstructured.Unstructured)
}

// Delete removes the member's object at once, as if it had never been there.
func (m *Member) Delete(t testing.TB, gvr schema.GroupVersionResource, ns, name string) {
	t.Helper()
	if err := m.fake.Tracker().Delete(gvr, ns, name); err != nil {
		t.Fatal(err)
	}
}

// Terminate marks the member's namespace ns as being deleted.
func (m *Member) Terminate(t testing.TB, ns string) {
	t.Helper()
	m.WriteAs(t, namespaces, "", ns, "", nil, func(u *unstructured.Unstructured) {
		now := metav1.Now()
		u.SetDeletionTimestamp(&now)
	})
}

// WriteAs changes the stored object as an update by another client would: edit changes it,
// and manager's managedFields entry (operation Update) holds fields; no manager, no entry.
// It returns the new resourceVersion.
func (m *Member) WriteAs(t testing.TB, gvr schema.GroupVersionResource, ns, name, manager string, fields []fieldpath.Path,
	edit func(u *unstructured.Unstructured)) string {
	t.Helper()
	m.mu.Lock()
	defer m.mu.Unlock()
	obj, err := m.fake.Tracker().Get(gvr, ns, name)
	if err != nil {
		t.Fatal(err)
	}
	u := obj.(*unstructured.Unstructured).DeepCopy()
	edit(u)
	if manager != "" {
		raw, err := fieldpath.NewSet(fields...).ToJSON()
		if err != nil {
			t.Fatal(err)
		}
		entries := slices.DeleteFunc(u.GetManagedFields(), func(e metav1.ManagedFieldsEntry) bool { return e.Manager == manager })
		now := metav1.Now()
		u.SetManagedFields(append(entries, metav1.ManagedFieldsEntry{
			Manager: manager, Operation: metav1.ManagedFieldsOperationUpdate, APIVersion: "v1", Time: &now,
			FieldsType: "FieldsV1", FieldsV1: &metav1.FieldsV1{Raw: raw},
		}))
	}
	m.rv++
	u.SetResourceVersion(strconv.Itoa(m.rv))
	if err := m.fake.Tracker().Update(gvr, u, ns); err != nil {
		t.Fatal(err)
	}
	return u.GetResourceVersion()
}

// Fail makes the member answer verb ("get", "patch", "*", ...) on resource with err until
// the returned func is called.
func (m *Member) Fail(verb, resource string, err error) (stop func()) {
	var recovered atomic.Bool
	m.fake.PrependReactor(verb, resource, func(clienttesting.Action) (bool, runtime.Object, error) {
		return !recovered.Load(), nil, err
	})
	return func() { recovered.Store(true) }
}

// Unserve makes the member answer every request for gvr as a kube-apiserver that does not
// serve it does (NotServedError), until the returned func is called: as if its API lacked
// the group/version or the resource.
func (m *Member) Unserve(gvr schema.GroupVersionResource) (restore func()) {
	var restored atomic.Bool
	m.fake.PrependReactor("*", gvr.Resource, func(action clienttesting.Action) (bool, runtime.Object, error) {
		if restored.Load() || action.GetResource() != gvr {
			return false, nil, nil
		}
		var name string
		if named, ok := action.(interface{ GetName() string }); ok {
			name = named.GetName()
		}
		return true, nil, NotServedError(action.GetVerb(), gvr, name)
	})
	return func() { restored.Store(true) }
}

// NotServedError is what client-go returns for a request to a resource the member's API
// does not serve: kube-apiserver answers the path with a plain-text "404 page not found"
// (its final NotFound handler), which client-go turns into a NotFound StatusError with an
// UnexpectedServerResponse cause (rest.Request's newUnstructuredResponseError).
func NotServedError(verb string, gvr schema.GroupVersionResource, name string) error {
	return apierrors.NewGenericServerResponse(http.StatusNotFound, verb, gvr.GroupResource(), name, "404 page not found", 0, true)
}

// Actions returns the requests the member was sent.
func (m *Member) Actions() []clienttesting.Action { return m.fake.Actions() }

// ClearActions forgets the requests sent so far.
func (m *Member) ClearActions() { m.fake.ClearActions() }

// DryRunApplies returns how many server-side applies with dryRun=All the member answered.
func (m *Member) DryRunApplies() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.dryRuns
}
