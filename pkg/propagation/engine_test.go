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
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/tools/cache"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	fedlisters "k8s.io/federation/pkg/generated/listers/federation/v1beta1"
	"k8s.io/federation/pkg/members"
	"k8s.io/federation/pkg/propagation/membertest"
)

var (
	engConfigMaps = corev1.SchemeGroupVersion.WithResource("configmaps")
	engNamespaces = corev1.SchemeGroupVersion.WithResource("namespaces")
)

// engClients is the engine's ClientSource over the tests' members. Besides the members it
// knows "nocreds", whose credentials are missing; any other cluster is not registered.
type engClients map[string]*membertest.Member

// Discovery implements ClientSource; these members serve no discovery.
func (c engClients) Discovery(cluster string) (discovery.DiscoveryInterface, error) {
	return nil, fmt.Errorf("cluster %s serves no discovery in unit tests", cluster)
}

func (c engClients) Dynamic(cluster string) (dynamic.Interface, error) {
	if cluster == "nocreds" {
		return nil, fmt.Errorf("cluster %s: %w", cluster, members.ErrNoCredentials)
	}
	if m, ok := c[cluster]; ok {
		return m.Client(), nil
	}
	return nil, apierrors.NewNotFound(fedv1beta1.Resource("clusters"), cluster)
}

// newEngEnv returns an engine reaching the members a and b, which hold the namespace shop,
// and "hung", which never answers.
func newEngEnv(t *testing.T) (*Engine, engClients) {
	t.Helper()
	clients := engClients{"a": newEngMember(t), "b": newEngMember(t), "hung": membertest.New()}
	clients["hung"].Hang()
	lister := fedlisters.NewClusterLister(cache.NewIndexer(cache.MetaNamespaceKeyFunc, cache.Indexers{}))
	return NewEngine(lister, clients, time.Second, nil), clients
}

// newEngMember returns a member holding the namespace shop.
func newEngMember(t *testing.T) *membertest.Member {
	t.Helper()
	m := membertest.New()
	m.Put(t, membertest.Namespace("shop"))
	return m
}

func engConfigMap() *fedv1beta1.FederatedConfigMap {
	return &fedv1beta1.FederatedConfigMap{
		TypeMeta:   metav1.TypeMeta{APIVersion: "federation.k8s.io/v1beta1", Kind: "FederatedConfigMap"},
		ObjectMeta: metav1.ObjectMeta{Name: "cfg", Namespace: "shop"},
		Spec: fedv1beta1.FederatedConfigMapSpec{
			Template: fedv1beta1.ConfigMapTemplate{Data: map[string]string{"greeting": "hello"}},
		},
	}
}

// engCopy is what a member holds of cfg, as these tests compare it.
type engCopy struct {
	Managed, Origin, Greeting string
}

func engOurs(greeting string) engCopy {
	return engCopy{Managed: "true", Origin: "FederatedConfigMap.federation.k8s.io/shop/cfg", Greeting: greeting}
}

// engHeld returns each member's copy of cfg; a member holding none is absent.
func engHeld(t *testing.T, clients engClients) map[string]engCopy {
	t.Helper()
	out := map[string]engCopy{}
	for name, m := range clients {
		if u := m.Get(t, engConfigMaps, "shop", "cfg"); u != nil {
			greeting, _, _ := unstructured.NestedString(u.Object, "data", "greeting")
			out[name] = engCopy{Managed: u.GetLabels()[ManagedLabel], Origin: u.GetAnnotations()[OriginAnnotation], Greeting: greeting}
		}
	}
	return out
}

// engPut stores a cfg in the member, written by someone: labels and annotations as given.
func engPut(t *testing.T, m *membertest.Member, c engCopy) {
	t.Helper()
	u := &unstructured.Unstructured{Object: map[string]any{"apiVersion": "v1", "kind": "ConfigMap", "data": map[string]any{"greeting": c.Greeting}}}
	u.SetName("cfg")
	u.SetNamespace("shop")
	u.SetGeneration(1)
	if c.Managed != "" {
		u.SetLabels(map[string]string{ManagedLabel: c.Managed})
	}
	if c.Origin != "" {
		u.SetAnnotations(map[string]string{OriginAnnotation: c.Origin})
	}
	m.Put(t, u)
}

// engResult is an outcome without the error's words.
type engResult struct {
	Cluster    string
	Failed     bool
	Reason     string
	Generation int64
}

func engResults(outcomes []Outcome) []engResult {
	out := make([]engResult, 0, len(outcomes))
	for _, o := range outcomes {
		out = append(out, engResult{Cluster: o.Cluster, Failed: o.Err != nil, Reason: o.Reason, Generation: o.Generation})
	}
	return out
}

func engOK(cluster string, generation int64) engResult {
	return engResult{Cluster: cluster, Generation: generation}
}

func engFailed(cluster, reason string) engResult {
	return engResult{Cluster: cluster, Failed: true, Reason: reason}
}

var (
	engGR                = schema.GroupResource{Resource: "configmaps"}
	engCredentialsDenied = apierrors.NewForbidden(engGR, "cfg", errors.New(`User "federation" cannot patch resource "configmaps" in API group "" in the namespace "shop"`))
	engQuotaFull         = apierrors.NewForbidden(engGR, "cfg", errors.New("exceeded quota: objects, requested: count/configmaps=1, used: count/configmaps=9, limited: count/configmaps=9"))
	engAdmissionDenied   = apierrors.NewForbidden(engGR, "cfg", errors.New(`admission webhook "policy.example.com" denied the request: no`))
	engInvalid           = apierrors.NewInvalid(schema.GroupKind{Kind: "ConfigMap"}, "cfg", field.ErrorList{field.Invalid(field.NewPath("data"), nil, "too big")})
	engInternal          = apierrors.NewInternalError(errors.New("etcd is down"))
)

func TestEngineApply(t *testing.T) {
	absent := func(string) bool { return true }
	theirs := engCopy{Greeting: "theirs"}
	for name, tc := range map[string]struct {
		clusters []string // a and b unless set
		edit     func(*fedv1beta1.FederatedConfigMap)
		setup    func(t *testing.T, c engClients)
		opts     ApplyOptions
		want     []engResult
		wantHeld map[string]engCopy
		// wantNamespaceIn tells, per member named, whether it holds the namespace after.
		wantNamespaceIn map[string]bool
	}{
		"creates in every member": {
			opts: ApplyOptions{Absent: absent}, want: []engResult{engOK("a", 1), engOK("b", 1)},
			wantHeld: map[string]engCopy{"a": engOurs("hello"), "b": engOurs("hello")},
		},
		"updates copies of ours": {
			setup: func(t *testing.T, c engClients) { engPut(t, c["a"], engOurs("old")); engPut(t, c["b"], engOurs("old")) },
			want:  []engResult{engOK("a", 2), engOK("b", 2)}, wantHeld: map[string]engCopy{"a": engOurs("hello"), "b": engOurs("hello")},
		},
		"a copy of ours believed absent is updated": {
			setup: func(t *testing.T, c engClients) { engPut(t, c["a"], engOurs("old")) },
			opts:  ApplyOptions{Absent: absent}, want: []engResult{engOK("a", 2), engOK("b", 1)},
			wantHeld: map[string]engCopy{"a": engOurs("hello"), "b": engOurs("hello")},
		},
		"a copy not ours is a Conflict": {
			setup: func(t *testing.T, c engClients) { engPut(t, c["a"], theirs) },
			want:  []engResult{engFailed("a", ReasonConflict), engOK("b", 1)}, wantHeld: map[string]engCopy{"a": theirs, "b": engOurs("hello")},
		},
		"a copy not ours believed absent is a Conflict": {
			setup: func(t *testing.T, c engClients) { engPut(t, c["a"], theirs) },
			opts:  ApplyOptions{Absent: absent}, want: []engResult{engFailed("a", ReasonConflict), engOK("b", 1)},
			wantHeld: map[string]engCopy{"a": theirs, "b": engOurs("hello")},
		},
		"a copy of another federated object is a Conflict": {
			setup: func(t *testing.T, c engClients) {
				engPut(t, c["a"], engCopy{Managed: "true", Origin: "FederatedConfigMap.federation.k8s.io/other/cfg", Greeting: "theirs"})
			},
			want:     []engResult{engFailed("a", ReasonConflict), engOK("b", 1)},
			wantHeld: map[string]engCopy{"a": {Managed: "true", Origin: "FederatedConfigMap.federation.k8s.io/other/cfg", Greeting: "theirs"}, "b": engOurs("hello")},
		},
		"the adopt annotation takes a copy not ours over": {
			edit:  func(o *fedv1beta1.FederatedConfigMap) { o.Annotations = map[string]string{AdoptAnnotation: "true"} },
			setup: func(t *testing.T, c engClients) { engPut(t, c["a"], theirs) },
			want:  []engResult{engOK("a", 2), engOK("b", 1)}, wantHeld: map[string]engCopy{"a": engOurs("hello"), "b": engOurs("hello")},
		},
		"a missing namespace is created, then the object": {
			setup: func(t *testing.T, c engClients) { c["b"].Delete(t, engNamespaces, "", "shop") },
			opts:  ApplyOptions{Absent: absent}, want: []engResult{engOK("a", 1), engOK("b", 1)},
			wantHeld:        map[string]engCopy{"a": engOurs("hello"), "b": engOurs("hello")},
			wantNamespaceIn: map[string]bool{"b": true},
		},
		"a terminating namespace fails that member": {
			setup: func(t *testing.T, c engClients) { c["b"].Terminate(t, "shop") },
			opts:  ApplyOptions{Absent: absent}, want: []engResult{engOK("a", 1), engFailed("b", ReasonNamespaceTerminating)},
			wantHeld: map[string]engCopy{"a": engOurs("hello")},
		},
		"a member that never answers times out": {
			clusters: []string{"a", "hung"}, want: []engResult{engOK("a", 1), engFailed("hung", ReasonTimeout)},
			wantHeld: map[string]engCopy{"a": engOurs("hello")},
		},
		"a member refusing federation's credentials": {
			setup: func(t *testing.T, c engClients) { c["b"].Fail("patch", "configmaps", engCredentialsDenied) },
			want:  []engResult{engOK("a", 1), engFailed("b", "Forbidden")}, wantHeld: map[string]engCopy{"a": engOurs("hello")},
		},
		"a member's full quota": {
			setup: func(t *testing.T, c engClients) { c["b"].Fail("patch", "configmaps", engQuotaFull) },
			want:  []engResult{engOK("a", 1), engFailed("b", ReasonQuotaExceeded)}, wantHeld: map[string]engCopy{"a": engOurs("hello")},
		},
		"a member's admission denying the object": {
			setup: func(t *testing.T, c engClients) { c["b"].Fail("patch", "configmaps", engAdmissionDenied) },
			want:  []engResult{engOK("a", 1), engFailed("b", "Forbidden")}, wantHeld: map[string]engCopy{"a": engOurs("hello")},
		},
		"a member finding the object invalid": {
			setup: func(t *testing.T, c engClients) { c["b"].Fail("patch", "configmaps", engInvalid) },
			opts:  ApplyOptions{DryRun: true}, want: []engResult{engOK("a", 1), engFailed("b", "Invalid")}, wantHeld: map[string]engCopy{},
		},
		"an unregistered cluster": {
			clusters: []string{"a", "gone"}, want: []engResult{engOK("a", 1), engFailed("gone", ReasonClusterNotFound)},
			wantHeld: map[string]engCopy{"a": engOurs("hello")},
		},
		"a cluster without credentials": {
			clusters: []string{"a", "nocreds"}, want: []engResult{engOK("a", 1), engFailed("nocreds", ReasonCredentialsMissing)},
			wantHeld: map[string]engCopy{"a": engOurs("hello")},
		},
		"overrides that do not apply fail their cluster": {
			edit: func(o *fedv1beta1.FederatedConfigMap) {
				o.Spec.Overrides = []fedv1beta1.ClusterOverride{{ClusterName: "b", Patches: []fedv1beta1.OverridePatch{{Op: "remove", Path: "/data/missing"}}}}
			},
			want: []engResult{engOK("a", 1), engFailed("b", ReasonOverridesNotApplied)}, wantHeld: map[string]engCopy{"a": engOurs("hello")},
		},
		"a dry run stores nothing": {
			opts: ApplyOptions{DryRun: true, Absent: absent}, want: []engResult{engOK("a", 1), engOK("b", 1)}, wantHeld: map[string]engCopy{},
		},
		"a dry run does not check who owns a copy": {
			setup: func(t *testing.T, c engClients) { engPut(t, c["a"], theirs) },
			opts:  ApplyOptions{DryRun: true}, want: []engResult{engOK("a", 2), engOK("b", 1)}, wantHeld: map[string]engCopy{"a": theirs},
		},
		"a dry run without the namespace reports it missing and creates nothing": {
			setup: func(t *testing.T, c engClients) { c["b"].Delete(t, engNamespaces, "", "shop") },
			opts:  ApplyOptions{DryRun: true}, want: []engResult{engOK("a", 1), engFailed("b", ReasonNamespaceMissing)},
			wantHeld: map[string]engCopy{}, wantNamespaceIn: map[string]bool{"b": false},
		},
		"a member that does not serve the type fails alone, and gets no namespace": {
			setup: func(t *testing.T, c engClients) {
				c["b"].Delete(t, engNamespaces, "", "shop")
				c["b"].Unserve(engConfigMaps)
			},
			opts: ApplyOptions{Absent: absent}, want: []engResult{engOK("a", 1), engFailed("b", ReasonKindNotServed)},
			wantHeld: map[string]engCopy{"a": engOurs("hello")}, wantNamespaceIn: map[string]bool{"b": false},
		},
		"a member that does not serve the type, its copy not known to be absent": {
			setup: func(t *testing.T, c engClients) { c["b"].Unserve(engConfigMaps) },
			want:  []engResult{engOK("a", 1), engFailed("b", ReasonKindNotServed)}, wantHeld: map[string]engCopy{"a": engOurs("hello")},
		},
		"a dry run to a member that does not serve the type": {
			setup: func(t *testing.T, c engClients) { c["b"].Unserve(engConfigMaps) },
			opts:  ApplyOptions{DryRun: true}, want: []engResult{engOK("a", 1), engFailed("b", ReasonKindNotServed)}, wantHeld: map[string]engCopy{},
		},
		"a dry run may create the namespace, not the object": {
			setup: func(t *testing.T, c engClients) { c["b"].Delete(t, engNamespaces, "", "shop") },
			opts:  ApplyOptions{DryRun: true, CreateNamespace: true}, want: []engResult{engOK("a", 1), engOK("b", 1)},
			wantHeld: map[string]engCopy{}, wantNamespaceIn: map[string]bool{"b": true},
		},
	} {
		t.Run(name, func(t *testing.T) {
			engine, clients := newEngEnv(t)
			if tc.setup != nil {
				tc.setup(t, clients)
			}
			obj := engConfigMap()
			if tc.edit != nil {
				tc.edit(obj)
			}
			clusters := tc.clusters
			if clusters == nil {
				clusters = []string{"a", "b"}
			}
			got := engine.Apply(t.Context(), obj, clusters, tc.opts)
			if d := cmp.Diff(tc.want, engResults(got)); d != "" {
				t.Errorf("outcomes (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tc.wantHeld, engHeld(t, clients)); d != "" {
				t.Errorf("member copies (-want +got):\n%s", d)
			}
			for cluster, want := range tc.wantNamespaceIn {
				ns := clients[cluster].Get(t, engNamespaces, "", "shop")
				if (ns != nil) != want {
					t.Errorf("%s holds the namespace: %v, want %v", cluster, ns != nil, want)
				}
				if ns != nil && ns.GetLabels()[ManagedLabel] != "true" {
					t.Errorf("%s namespace labels %v, want it marked as created by federation", cluster, ns.GetLabels())
				}
			}
		})
	}
}

// TestEngineApplyReportsCreated: Created says whether the write made the member's copy,
// whatever the caller believed (Absent): a caller's stale cache must not read an update of
// an existing copy as a restoration.
func TestEngineApplyReportsCreated(t *testing.T) {
	for name, tc := range map[string]struct {
		holds       bool // a holds our copy already
		absent      bool // the caller believes a holds none
		wantCreated bool
	}{
		"absent, and it was":           {absent: true, wantCreated: true},
		"absent, but it was there":     {absent: true, holds: true},
		"not known, and it was absent": {wantCreated: true},
		"not known, and it was there":  {holds: true},
	} {
		t.Run(name, func(t *testing.T) {
			engine, clients := newEngEnv(t)
			if tc.holds {
				clients["a"] = engMemberHolding(t, engOurs("hello"))
			}
			out := engine.Apply(t.Context(), engConfigMap(), []string{"a"}, ApplyOptions{Absent: func(string) bool { return tc.absent }})
			if out[0].Err != nil {
				t.Fatal(out[0].Err)
			}
			if out[0].Created != tc.wantCreated {
				t.Errorf("Created = %v, want %v", out[0].Created, tc.wantCreated)
			}
			if engHeld(t, clients)["a"].Managed != "true" {
				t.Errorf("a does not hold our copy after the apply")
			}
		})
	}
}
