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
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/cache"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	fedlisters "k8s.io/federation/pkg/generated/listers/federation/v1beta1"
	"k8s.io/federation/pkg/propagation/membertest"
)

var ingresses = networkingv1.SchemeGroupVersion.WithResource("ingresses")

// notServed404 is a member's answer to an apply of an Ingress it does not serve.
func notServed404(gvr schema.GroupVersionResource) error {
	return membertest.NotServedError("patch", gvr, "web")
}

// fakeMemberAPI answers as kube-apiserver does: a path nothing serves gets its final
// handler's plain-text 404; a served type answers a missing object, or content in a missing
// namespace, with a NotFound Status naming what is missing.
func fakeMemberAPI(t *testing.T) *httptest.Server {
	status := func(w http.ResponseWriter, err *apierrors.StatusError) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(int(err.ErrStatus.Code))
		st := err.ErrStatus
		st.APIVersion, st.Kind = "v1", "Status"
		if err := json.NewEncoder(w).Encode(st); err != nil {
			t.Error(err)
		}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/api/v1/namespaces/shop/configmaps/cfg", func(w http.ResponseWriter, _ *http.Request) {
		status(w, apierrors.NewNotFound(corev1.Resource("configmaps"), "cfg"))
	})
	mux.HandleFunc("/api/v1/namespaces/gone/configmaps/cfg", func(w http.ResponseWriter, _ *http.Request) {
		status(w, apierrors.NewNotFound(corev1.Resource("namespaces"), "gone"))
	})
	mux.HandleFunc("/", http.NotFound)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// A member without the resource answers 404 as it does for a missing object or namespace;
// the classification tells them apart on what client-go really returns.
func TestNotServedAsClientGoReturnsIt(t *testing.T) {
	client, err := dynamic.NewForConfig(&rest.Config{Host: fakeMemberAPI(t).URL})
	if err != nil {
		t.Fatal(err)
	}
	cfg := &unstructured.Unstructured{Object: map[string]any{"apiVersion": "v1", "kind": "ConfigMap", "metadata": map[string]any{"name": "cfg"}}}
	ing := &unstructured.Unstructured{Object: map[string]any{"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": map[string]any{"name": "web"}}}
	apply := metav1.ApplyOptions{FieldManager: FieldManager}
	for name, tc := range map[string]struct {
		do         func() error
		notServed  bool
		wantReason string
	}{
		"get of a type the member lacks": {
			do: func() error {
				_, err := client.Resource(ingresses).Namespace("shop").Get(t.Context(), "web", metav1.GetOptions{})
				return err
			},
			notServed: true, wantReason: ReasonKindNotServed,
		},
		"apply of a type the member lacks": {
			do: func() error {
				_, err := client.Resource(ingresses).Namespace("shop").Apply(t.Context(), "web", ing, apply)
				return err
			},
			notServed: true, wantReason: ReasonKindNotServed,
		},
		"list of a type the member lacks": {
			do: func() error {
				_, err := client.Resource(ingresses).List(t.Context(), metav1.ListOptions{})
				return err
			},
			notServed: true, wantReason: ReasonKindNotServed,
		},
		"a missing object": {
			do: func() error {
				_, err := client.Resource(engConfigMaps).Namespace("shop").Get(t.Context(), "cfg", metav1.GetOptions{})
				return err
			},
			wantReason: "NotFound",
		},
		"content in a missing namespace": {
			do: func() error {
				_, err := client.Resource(engConfigMaps).Namespace("gone").Apply(t.Context(), "cfg", cfg, apply)
				return err
			},
			wantReason: "NotFound",
		},
	} {
		t.Run(name, func(t *testing.T) {
			err := tc.do()
			if !apierrors.IsNotFound(err) {
				t.Fatalf("err = %v, want a NotFound", err)
			}
			if got := NotServed(err); got != tc.notServed {
				t.Errorf("NotServed(%v) = %v, want %v", err, got, tc.notServed)
			}
			if got := ReasonFor(err); got != tc.wantReason {
				t.Errorf("ReasonFor(%v) = %q, want %q", err, got, tc.wantReason)
			}
			if RefusesObject(err) {
				t.Errorf("RefusesObject(%v) = true: a member's 404 must fail that member alone", err)
			}
		})
	}
}

// A cluster whose status says it does not serve the type is sent nothing: the write and the
// dry run fail there with KindNotServed naming the type; a removal counts as done, since no
// copy there can be reached.
func TestEngineSkipsClustersThatDoNotServeTheType(t *testing.T) {
	indexer := cache.NewIndexer(cache.MetaNamespaceKeyFunc, cache.Indexers{})
	for _, cl := range []*fedv1beta1.Cluster{
		{ObjectMeta: metav1.ObjectMeta{Name: "a"}, Status: fedv1beta1.ClusterStatus{
			UnservedResources: []metav1.GroupVersionResource{{Group: "networking.k8s.io", Version: "v1", Resource: "ingresses"}},
		}},
		{ObjectMeta: metav1.ObjectMeta{Name: "b"}, Status: fedv1beta1.ClusterStatus{
			UnservedResources: []metav1.GroupVersionResource{{Version: "v1", Resource: "configmaps"}},
		}},
	} {
		if err := indexer.Add(cl); err != nil {
			t.Fatal(err)
		}
	}
	clients := engClients{"a": newEngMember(t), "b": newEngMember(t)}
	engine := NewEngine(fedlisters.NewClusterLister(indexer), clients, time.Second, nil)
	for name, opts := range map[string]ApplyOptions{"apply": {}, "dry run": {DryRun: true}} {
		t.Run(name, func(t *testing.T) {
			clients["b"].ClearActions()
			got := engine.Apply(t.Context(), engConfigMap(), []string{"a", "b"}, opts)
			if d := cmp.Diff([]engResult{engOK("a", 1), engFailed("b", ReasonKindNotServed)}, engResults(got)); d != "" {
				t.Errorf("outcomes (-want +got):\n%s", d)
			}
			var notServed *KindNotServedError
			if !errors.As(got[1].Err, &notServed) || !notServed.Discovered || !strings.Contains(got[1].Err.Error(), "v1/configmaps") {
				t.Errorf("b: %v, want a KindNotServedError from discovery naming v1/configmaps", got[1].Err)
			}
			if n := len(clients["b"].Actions()); n != 0 {
				t.Errorf("b was sent %d requests, want none: %v", n, clients["b"].Actions())
			}
		})
	}
	clients["b"].Unserve(engConfigMaps)
	if failed := Failed(engine.Remove(t.Context(), engConfigMap(), []string{"b"}, RemoveOptions{})); len(failed) != 0 {
		t.Errorf("removal from b: %+v, want it done", failed)
	}
}
