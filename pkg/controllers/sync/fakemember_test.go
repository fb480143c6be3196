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

package sync

import (
	"context"
	"encoding/base64"
	"errors"
	"slices"
	"strconv"
	gosync "sync"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	utiljson "k8s.io/apimachinery/pkg/util/json"
	"k8s.io/apimachinery/pkg/util/wait"
	dynamicfake "k8s.io/client-go/dynamic/fake"
	clienttesting "k8s.io/client-go/testing"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"
)

// fakeMember makes a member's fake dynamic client answer server-side applies as a member
// cluster does, as far as these tests need: the applied configuration is merged into the
// stored object (maps merged, anything else replaced), a Secret's stringData is folded into
// data and never stored, a dry run stores nothing, a resourceVersion in the configuration is
// a precondition on an existing object, and the resourceVersion moves only when the object
// changes. Other clients' writes are writeAs.
type fakeMember struct {
	client *dynamicfake.FakeDynamicClient

	mu      gosync.Mutex
	rv      int
	dryRuns int
}

// firstResourceVersion is where fakeMember's resourceVersions start: above the engine's
// create-only precondition ("1").
const firstResourceVersion = 100

func newFakeMember(client *dynamicfake.FakeDynamicClient) *fakeMember {
	f := &fakeMember{client: client, rv: firstResourceVersion}
	client.PrependReactor("patch", "*", f.apply)
	return f
}

func (f *fakeMember) apply(action clienttesting.Action) (bool, runtime.Object, error) {
	patch, ok := action.(clienttesting.PatchActionImpl)
	if !ok || patch.GetPatchType() != types.ApplyPatchType {
		return false, nil, nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	cfg := map[string]any{}
	if err := utiljson.Unmarshal(patch.GetPatch(), &cfg); err != nil {
		return true, nil, err
	}
	gvr, ns, name := patch.GetResource(), patch.GetNamespace(), patch.GetName()
	var cur *unstructured.Unstructured
	switch obj, err := f.client.Tracker().Get(gvr, ns, name); {
	case err == nil:
		cur = obj.(*unstructured.Unstructured).DeepCopy()
	case !apierrors.IsNotFound(err):
		return true, nil, err
	}
	applied := &unstructured.Unstructured{Object: cfg}
	if rv := applied.GetResourceVersion(); rv != "" && cur != nil && rv != cur.GetResourceVersion() {
		return true, nil, apierrors.NewConflict(gvr.GroupResource(), name, errors.New("the object has been modified"))
	}
	applied.SetResourceVersion("")
	next := &unstructured.Unstructured{Object: map[string]any{}}
	if cur != nil {
		next = cur.DeepCopy()
	}
	merge(next.Object, applied.Object)
	foldStringData(next)
	if slices.Contains(patch.PatchOptions.DryRun, metav1.DryRunAll) {
		f.dryRuns++
		return true, next, nil
	}
	if cur != nil && equality.Semantic.DeepEqual(cur.Object, next.Object) {
		return true, cur, nil
	}
	f.rv++
	next.SetResourceVersion(strconv.Itoa(f.rv))
	if cur == nil {
		return true, next, f.client.Tracker().Create(gvr, next, ns)
	}
	return true, next, f.client.Tracker().Update(gvr, next, ns)
}

// writeAs changes the stored copy as an update by another client would: edit changes it,
// and manager's managedFields entry (operation Update) holds fields.
func (f *fakeMember) writeAs(t *testing.T, gvr schema.GroupVersionResource, ns, name, manager string, fields []fieldpath.Path,
	edit func(u *unstructured.Unstructured)) string {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	obj, err := f.client.Tracker().Get(gvr, ns, name)
	if err != nil {
		t.Fatal(err)
	}
	u := obj.(*unstructured.Unstructured).DeepCopy()
	edit(u)
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
	f.rv++
	u.SetResourceVersion(strconv.Itoa(f.rv))
	if err := f.client.Tracker().Update(gvr, u, ns); err != nil {
		t.Fatal(err)
	}
	return u.GetResourceVersion()
}

// stored returns the member's copy as stored.
func (f *fakeMember) stored(t *testing.T, gvr schema.GroupVersionResource, ns, name string) *unstructured.Unstructured {
	t.Helper()
	obj, err := f.client.Tracker().Get(gvr, ns, name)
	if err != nil {
		t.Fatal(err)
	}
	return obj.(*unstructured.Unstructured)
}

func (f *fakeMember) dryRunCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.dryRuns
}

// waitCached waits until the controller's cache of cluster holds the copy at resourceVersion
// rv, so that the next reconcile sees it.
func (e *testEnv) waitCached(t *testing.T, cluster string, gvr schema.GroupVersionResource, ns, name, rv string) {
	t.Helper()
	err := wait.PollUntilContextTimeout(t.Context(), 5*time.Millisecond, 5*time.Second, true, func(context.Context) (bool, error) {
		u, _ := e.c.members.get(cluster, gvr, ns, name)
		return u != nil && u.GetResourceVersion() == rv, nil
	})
	if err != nil {
		t.Fatalf("the member cache never saw %s/%s at resourceVersion %s", ns, name, rv)
	}
}

// merge merges src into dst: maps key by key, anything else replaced.
func merge(dst, src map[string]any) {
	for k, v := range src {
		if sm, ok := v.(map[string]any); ok {
			if dm, ok := dst[k].(map[string]any); ok {
				merge(dm, sm)
				continue
			}
		}
		dst[k] = v
	}
}

// foldStringData does to a Secret what a member's API server does: stringData is written
// into data and not kept.
func foldStringData(u *unstructured.Unstructured) {
	sd, ok := u.Object["stringData"].(map[string]any)
	if u.GetKind() != "Secret" || !ok {
		return
	}
	data, _ := u.Object["data"].(map[string]any)
	if data == nil {
		data = map[string]any{}
	}
	for k, v := range sd {
		s, _ := v.(string)
		data[k] = base64.StdEncoding.EncodeToString([]byte(s))
	}
	u.Object["data"] = data
	delete(u.Object, "stringData")
}
