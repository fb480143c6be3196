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
	"encoding/base64"
	"errors"
	"slices"
	"strconv"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	utiljson "k8s.io/apimachinery/pkg/util/json"
	clienttesting "k8s.io/client-go/testing"
)

// apply answers a server-side apply; the fake's own reaction only patches what exists.
func (m *Member) apply(action clienttesting.Action) (bool, runtime.Object, error) {
	patch, ok := action.(clienttesting.PatchActionImpl)
	if !ok || patch.GetPatchType() != types.ApplyPatchType {
		return false, nil, nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	tracker := m.fake.Tracker()
	gvr, ns, name := patch.GetResource(), patch.GetNamespace(), patch.GetName()
	if err := m.admit(gvr, ns, name); err != nil {
		return true, nil, err
	}
	applied := &unstructured.Unstructured{Object: map[string]any{}}
	if err := utiljson.Unmarshal(patch.GetPatch(), &applied.Object); err != nil {
		return true, nil, apierrors.NewBadRequest(err.Error())
	}
	var cur *unstructured.Unstructured
	switch obj, err := tracker.Get(gvr, ns, name); {
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
	merge(next.Object, applied.Object)
	FoldStringData(next)
	switch {
	case cur == nil:
		next.SetGeneration(1)
	case !equality.Semantic.DeepEqual(withoutMetadata(cur), withoutMetadata(next)):
		next.SetGeneration(cur.GetGeneration() + 1)
	}
	if slices.Contains(patch.PatchOptions.DryRun, metav1.DryRunAll) {
		m.dryRuns++
		return true, next, nil
	}
	if cur != nil && equality.Semantic.DeepEqual(cur.Object, next.Object) {
		return true, cur, nil
	}
	m.rv++
	next.SetResourceVersion(strconv.Itoa(m.rv))
	if cur == nil {
		return true, next, tracker.Create(gvr, next, ns)
	}
	return true, next, tracker.Update(gvr, next, ns)
}

// admit refuses content in a namespace the member lacks or is deleting.
func (m *Member) admit(gvr schema.GroupVersionResource, ns, name string) error {
	if ns == "" {
		return nil
	}
	obj, err := m.fake.Tracker().Get(namespaces, "", ns)
	if err != nil {
		return err
	}
	if obj.(*unstructured.Unstructured).GetDeletionTimestamp() == nil {
		return nil
	}
	forbidden := apierrors.NewForbidden(gvr.GroupResource(), name, errors.New("unable to create new content in namespace "+ns+" because it is being terminated"))
	forbidden.ErrStatus.Details.Causes = append(forbidden.ErrStatus.Details.Causes, metav1.StatusCause{
		Type: corev1.NamespaceTerminatingCause, Message: "namespace " + ns + " is being terminated", Field: "metadata.namespace",
	})
	return forbidden
}

// dryRun answers the other writes made with dryRun=All from what the member holds, and
// stores nothing.
func (m *Member) dryRun(action clienttesting.Action) (bool, runtime.Object, error) {
	tracker := m.fake.Tracker()
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

// FoldStringData does to a Secret what a member's API server does: stringData is written
// into data and not kept.
func FoldStringData(u *unstructured.Unstructured) {
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

func withoutMetadata(u *unstructured.Unstructured) map[string]any {
	out := u.DeepCopy().Object
	delete(out, "metadata")
	return out
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
