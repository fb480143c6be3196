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
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/client-go/discovery"
	fakediscovery "k8s.io/client-go/discovery/fake"
	"k8s.io/client-go/dynamic"
	clienttesting "k8s.io/client-go/testing"
	"k8s.io/client-go/tools/cache"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	fedlisters "k8s.io/federation/pkg/generated/listers/federation/v1beta1"
	"k8s.io/federation/pkg/kinds"
	"k8s.io/federation/pkg/propagation/membertest"
)

// nsClients is a ClientSource over members that also serve discovery: ConfigMaps and
// ServiceAccounts, namespaced and listable, and Namespaces.
type nsClients map[string]*membertest.Member

func (c nsClients) Dynamic(cluster string) (dynamic.Interface, error) {
	if m, ok := c[cluster]; ok {
		return m.Client(), nil
	}
	return nil, apierrors.NewNotFound(fedv1beta1.Resource("clusters"), cluster)
}

func (c nsClients) Discovery(string) (discovery.DiscoveryInterface, error) {
	verbs := metav1.Verbs{"get", "list", "create", "delete"}
	return &fakediscovery.FakeDiscovery{Fake: &clienttesting.Fake{Resources: []*metav1.APIResourceList{{
		GroupVersion: "v1",
		APIResources: []metav1.APIResource{
			{Name: "configmaps", Namespaced: true, Kind: "ConfigMap", Verbs: verbs},
			{Name: "serviceaccounts", Namespaced: true, Kind: "ServiceAccount", Verbs: verbs},
			{Name: "events", Namespaced: true, Kind: "Event", Verbs: verbs},
			{Name: "namespaces", Namespaced: false, Kind: "Namespace", Verbs: verbs},
		},
	}}}}, nil
}

var (
	nsConfigMap      = kinds.Member{GroupVersionKind: corev1.SchemeGroupVersion.WithKind("ConfigMap"), Resource: "configmaps", Namespaced: true}
	nsServiceAccount = kinds.Member{GroupVersionKind: corev1.SchemeGroupVersion.WithKind("ServiceAccount"), Resource: "serviceaccounts", Namespaced: true}
	nsEvent          = kinds.Member{GroupVersionKind: corev1.SchemeGroupVersion.WithKind("Event"), Resource: "events", Namespaced: true}
)

func newNSEngine(t *testing.T) (*Engine, *membertest.Member) {
	t.Helper()
	m := membertest.New(nsConfigMap, nsServiceAccount, nsEvent)
	lister := fedlisters.NewClusterLister(cache.NewIndexer(cache.MetaNamespaceKeyFunc, cache.Indexers{}))
	return NewEngine(lister, nsClients{"a": m}, time.Second, nil), m
}

func teamNamespace() *fedv1beta1.FederatedNamespace {
	fns := &fedv1beta1.FederatedNamespace{
		TypeMeta:   metav1.TypeMeta{APIVersion: "federation.k8s.io/v1beta1", Kind: "FederatedNamespace"},
		ObjectMeta: metav1.ObjectMeta{Name: "team"},
	}
	fns.Spec.Template.Labels = map[string]string{"team": "a"}
	return fns
}

// object is a core/v1 object of kind in namespace team, with labels.
func object(kind, name string, labels map[string]string) *unstructured.Unstructured {
	u := &unstructured.Unstructured{Object: map[string]any{"apiVersion": "v1", "kind": kind}}
	u.SetName(name)
	u.SetNamespace("team")
	u.SetLabels(labels)
	return u
}

// A FederatedNamespace creates a missing member namespace marked as created by federation,
// and adopts an existing one (a user's) without the adopt annotation and without that mark,
// keeping the user's labels.
func TestApplyNamespaceOwnership(t *testing.T) {
	for name, tc := range map[string]struct {
		existing    *unstructured.Unstructured
		absent      bool
		wantCreated string
		wantLabels  map[string]string
	}{
		"missing, known absent": {absent: true, wantCreated: "true", wantLabels: map[string]string{"team": "a", ManagedLabel: "true"}},
		"missing, not known":    {wantCreated: "true", wantLabels: map[string]string{"team": "a", ManagedLabel: "true"}},
		"a user's namespace": {
			existing: func() *unstructured.Unstructured {
				u := membertest.Namespace("team")
				u.SetLabels(map[string]string{"owner": "user"})
				return u
			}(),
			wantLabels: map[string]string{"team": "a", "owner": "user", ManagedLabel: "true"},
		},
		"created for a namespaced federated object": {
			existing: func() *unstructured.Unstructured {
				u := membertest.Namespace("team")
				u.SetLabels(map[string]string{ManagedLabel: "true"})
				u.SetAnnotations(map[string]string{kinds.CreatedAnnotation: "true"})
				return u
			}(),
			wantCreated: "true", wantLabels: map[string]string{"team": "a", ManagedLabel: "true"},
		},
	} {
		t.Run(name, func(t *testing.T) {
			engine, m := newNSEngine(t)
			if tc.existing != nil {
				m.Put(t, tc.existing)
			}
			out := engine.Apply(context.Background(), teamNamespace(), []string{"a"}, ApplyOptions{Absent: func(string) bool { return tc.absent }})
			if out[0].Err != nil {
				t.Fatalf("Apply: %v", out[0].Err)
			}
			got := m.Get(t, namespaceResource, "", "team")
			if d := cmp.Diff(tc.wantLabels, got.GetLabels()); d != "" {
				t.Errorf("labels (-want +got):\n%s", d)
			}
			if got.GetAnnotations()[kinds.CreatedAnnotation] != tc.wantCreated || got.GetAnnotations()[OriginAnnotation] != "FederatedNamespace.federation.k8s.io//team" {
				t.Errorf("annotations %v, want %s=%q and origin FederatedNamespace//team", got.GetAnnotations(), kinds.CreatedAnnotation, tc.wantCreated)
			}
		})
	}
}

// Removing a FederatedNamespace deletes a member namespace only when federation created it
// and it holds nothing federation does not manage; else the namespace is released and
// Outcome.Kept says why.
func TestRemoveNamespace(t *testing.T) {
	ours := map[string]string{ManagedLabel: "true"}
	for name, tc := range map[string]struct {
		created  bool
		contents []*unstructured.Unstructured
		orphan   bool
		// wantKept: "" when the namespace is deleted, else words of the reason.
		wantKept string
		wantGone bool
	}{
		"created, empty": {created: true, wantGone: true},
		"created, federated copies and the member's own objects": {created: true, contents: []*unstructured.Unstructured{
			object("ConfigMap", "settings", ours), object("ConfigMap", "kube-root-ca.crt", nil),
			object("ServiceAccount", "default", nil), object("Event", "team.1", nil),
		}, wantGone: true},
		"created, an object with an owner": {created: true, contents: []*unstructured.Unstructured{
			func() *unstructured.Unstructured {
				u := object("ConfigMap", "owned", nil)
				u.SetOwnerReferences([]metav1.OwnerReference{{APIVersion: "v1", Kind: "ServiceAccount", Name: "robot", UID: "1"}})
				return u
			}(),
		}, wantGone: true},
		"created, a user's ConfigMap": {created: true, contents: []*unstructured.Unstructured{object("ConfigMap", "mine", nil)}, wantKept: "configmaps/mine"},
		"created, a user's ServiceAccount": {created: true, contents: []*unstructured.Unstructured{object("ServiceAccount", "robot", nil)},
			wantKept: "serviceaccounts/robot"},
		"not created by federation": {wantKept: "did not create"},
		"orphan":                    {created: true, orphan: true},
	} {
		t.Run(name, func(t *testing.T) {
			engine, m := newNSEngine(t)
			ns := membertest.Namespace("team")
			ns.SetLabels(map[string]string{ManagedLabel: "true", "team": "a"})
			annotations := map[string]string{OriginAnnotation: "FederatedNamespace.federation.k8s.io//team"}
			if tc.created {
				annotations[kinds.CreatedAnnotation] = "true"
			}
			ns.SetAnnotations(annotations)
			m.Put(t, ns)
			m.Put(t, tc.contents...)
			out := engine.Remove(context.Background(), teamNamespace(), []string{"a"}, RemoveOptions{Orphan: tc.orphan})
			if out[0].Err != nil {
				t.Fatalf("Remove: %v", out[0].Err)
			}
			got := m.Get(t, namespaceResource, "", "team")
			if gone := got == nil; gone != tc.wantGone {
				t.Fatalf("namespace gone: %v, want %v", gone, tc.wantGone)
			}
			if tc.wantKept == "" && out[0].Kept != "" || !strings.Contains(out[0].Kept, tc.wantKept) {
				t.Errorf("Kept = %q, want it to mention %q", out[0].Kept, tc.wantKept)
			}
			if got == nil {
				return
			}
			if d := cmp.Diff(map[string]string{"team": "a"}, got.GetLabels()); d != "" {
				t.Errorf("kept namespace's labels (-want +got):\n%s", d)
			}
			if len(got.GetAnnotations()) != 0 {
				t.Errorf("kept namespace still has annotations %v", got.GetAnnotations())
			}
			if msg := KeptMessage(out); tc.wantKept != "" && !strings.HasPrefix(msg, "a: kept") {
				t.Errorf("KeptMessage = %q, want it to name cluster a", msg)
			}
		})
	}
}

// A member that fails to list a resource leaves the removal pending: nothing is deleted
// on a guess.
func TestRemoveNamespaceListFails(t *testing.T) {
	engine, m := newNSEngine(t)
	ns := membertest.Namespace("team")
	ns.SetLabels(map[string]string{ManagedLabel: "true"})
	ns.SetAnnotations(map[string]string{OriginAnnotation: "FederatedNamespace.federation.k8s.io//team", kinds.CreatedAnnotation: "true"})
	m.Put(t, ns)
	stop := m.Fail("list", "configmaps", apierrors.NewServiceUnavailable("etcd is down"))
	out := engine.Remove(context.Background(), teamNamespace(), []string{"a"}, RemoveOptions{})
	if out[0].Err == nil {
		t.Fatal("Remove succeeded, want the failed list to keep it pending")
	}
	if m.Get(t, namespaceResource, "", "team") == nil {
		t.Error("namespace deleted although its contents could not be read")
	}
	stop()
	out = engine.Remove(context.Background(), teamNamespace(), []string{"a"}, RemoveOptions{})
	if out[0].Err != nil || m.Get(t, namespaceResource, "", "team") != nil {
		t.Errorf("after the member recovered: err %v, namespace %v", out[0].Err, m.Get(t, namespaceResource, "", "team"))
	}
}
