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
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/cache"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	fedlisters "k8s.io/federation/pkg/generated/listers/federation/v1beta1"
	"k8s.io/federation/pkg/propagation/membertest"
)

func TestEngineRemove(t *testing.T) {
	released := engCopy{Greeting: "hello"}
	theirs := engCopy{Greeting: "theirs"}
	otherObject := engCopy{Managed: "true", Origin: "FederatedConfigMap.federation.k8s.io/other/cfg", Greeting: "theirs"}
	for name, tc := range map[string]struct {
		clusters []string // a and b unless set
		// setup runs after a and b were given copies of ours.
		setup    func(t *testing.T, c engClients)
		opts     RemoveOptions
		want     []engResult
		wantHeld map[string]engCopy
	}{
		"deletes copies of ours": {
			want: []engResult{engOK("a", 0), engOK("b", 0)}, wantHeld: map[string]engCopy{},
		},
		"orphaning releases copies of ours": {
			opts: RemoveOptions{Orphan: true},
			want: []engResult{engOK("a", 0), engOK("b", 0)}, wantHeld: map[string]engCopy{"a": released, "b": released},
		},
		"leaves a copy not ours": {
			setup: func(t *testing.T, c engClients) { c["a"] = engMemberHolding(t, theirs) },
			want:  []engResult{engOK("a", 0), engOK("b", 0)}, wantHeld: map[string]engCopy{"a": theirs},
		},
		"leaves a copy of another federated object": {
			setup: func(t *testing.T, c engClients) { c["a"] = engMemberHolding(t, otherObject) },
			opts:  RemoveOptions{Orphan: true},
			want:  []engResult{engOK("a", 0), engOK("b", 0)}, wantHeld: map[string]engCopy{"a": otherObject, "b": released},
		},
		"a copy already gone counts as removed": {
			setup: func(t *testing.T, c engClients) { c["a"] = newEngMember(t) },
			want:  []engResult{engOK("a", 0), engOK("b", 0)}, wantHeld: map[string]engCopy{},
		},
		"an unregistered cluster counts as removed": {
			clusters: []string{"a", "gone"}, want: []engResult{engOK("a", 0), engOK("gone", 0)}, wantHeld: map[string]engCopy{"b": engOurs("hello")},
		},
		"a member failing to answer the read": {
			setup: func(t *testing.T, c engClients) { c["b"].Fail("get", "configmaps", engInternal) },
			want:  []engResult{engOK("a", 0), engFailed("b", "InternalError")}, wantHeld: map[string]engCopy{"b": engOurs("hello")},
		},
		"a member refusing the delete": {
			setup: func(t *testing.T, c engClients) { c["b"].Fail("delete", "configmaps", engCredentialsDenied) },
			want:  []engResult{engOK("a", 0), engFailed("b", "Forbidden")}, wantHeld: map[string]engCopy{"b": engOurs("hello")},
		},
		"a member refusing the release": {
			setup: func(t *testing.T, c engClients) { c["b"].Fail("patch", "configmaps", engCredentialsDenied) },
			opts:  RemoveOptions{Orphan: true},
			want:  []engResult{engOK("a", 0), engFailed("b", "Forbidden")}, wantHeld: map[string]engCopy{"a": released, "b": engOurs("hello")},
		},
		"a member that never answers times out": {
			clusters: []string{"a", "hung"}, want: []engResult{engOK("a", 0), engFailed("hung", ReasonTimeout)},
			wantHeld: map[string]engCopy{"b": engOurs("hello")},
		},
		"a cluster without credentials": {
			clusters: []string{"a", "nocreds"}, want: []engResult{engOK("a", 0), engFailed("nocreds", ReasonCredentialsMissing)},
			wantHeld: map[string]engCopy{"b": engOurs("hello")},
		},
		"a dry run deletes nothing": {
			opts: RemoveOptions{DryRun: true},
			want: []engResult{engOK("a", 0), engOK("b", 0)}, wantHeld: map[string]engCopy{"a": engOurs("hello"), "b": engOurs("hello")},
		},
		"a dry run releases nothing": {
			opts: RemoveOptions{DryRun: true, Orphan: true},
			want: []engResult{engOK("a", 0), engOK("b", 0)}, wantHeld: map[string]engCopy{"a": engOurs("hello"), "b": engOurs("hello")},
		},
	} {
		t.Run(name, func(t *testing.T) {
			engine, clients := newEngEnv(t)
			engPut(t, clients["a"], engOurs("hello"))
			engPut(t, clients["b"], engOurs("hello"))
			if tc.setup != nil {
				tc.setup(t, clients)
			}
			clusters := tc.clusters
			if clusters == nil {
				clusters = []string{"a", "b"}
			}
			got := engine.Remove(t.Context(), engConfigMap(), clusters, tc.opts)
			if d := cmp.Diff(tc.want, engResults(got)); d != "" {
				t.Errorf("outcomes (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tc.wantHeld, engHeld(t, clients)); d != "" {
				t.Errorf("member copies (-want +got):\n%s", d)
			}
		})
	}
}

// engMemberHolding returns a member holding the namespace shop and c.
func engMemberHolding(t *testing.T, c engCopy) *membertest.Member {
	t.Helper()
	m := newEngMember(t)
	engPut(t, m, c)
	return m
}

func TestEnginePlacement(t *testing.T) {
	indexer := cache.NewIndexer(cache.MetaNamespaceKeyFunc, cache.Indexers{})
	for name, region := range map[string]string{"a": "eu", "b": "us", "c": "eu"} {
		if err := indexer.Add(&fedv1beta1.Cluster{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{"region": region}}}); err != nil {
			t.Fatal(err)
		}
	}
	engine := NewEngine(fedlisters.NewClusterLister(indexer), engClients{}, time.Second, nil)
	refs := func(names ...string) []fedv1beta1.ClusterReference {
		var out []fedv1beta1.ClusterReference
		for _, n := range names {
			out = append(out, fedv1beta1.ClusterReference{Name: n})
		}
		return out
	}
	region := func(r string) *metav1.LabelSelector {
		return &metav1.LabelSelector{MatchLabels: map[string]string{"region": r}}
	}
	for name, tc := range map[string]struct {
		placement fedv1beta1.Placement
		want      []string
		wantErr   bool
	}{
		"names, sorted":                        {placement: fedv1beta1.Placement{Clusters: refs("c", "a")}, want: []string{"a", "c"}},
		"names of clusters not registered too": {placement: fedv1beta1.Placement{Clusters: refs("z")}, want: []string{"z"}},
		"selector":                             {placement: fedv1beta1.Placement{ClusterSelector: region("eu")}, want: []string{"a", "c"}},
		"selector matching none":               {placement: fedv1beta1.Placement{ClusterSelector: region("ap")}, want: nil},
		"empty selector matches every cluster": {placement: fedv1beta1.Placement{ClusterSelector: &metav1.LabelSelector{}}, want: []string{"a", "b", "c"}},
		"names and selector, once each": {
			placement: fedv1beta1.Placement{Clusters: refs("a", "z"), ClusterSelector: region("eu")}, want: []string{"a", "c", "z"},
		},
		"a malformed selector": {
			placement: fedv1beta1.Placement{ClusterSelector: &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{
				{Key: "region", Operator: "Near", Values: []string{"eu"}},
			}}},
			wantErr: true,
		},
	} {
		t.Run(name, func(t *testing.T) {
			obj := engConfigMap()
			obj.Spec.Placement = tc.placement
			got, err := engine.Placement(obj)
			if (err != nil) != tc.wantErr {
				t.Fatalf("Placement: %v, want error %v", err, tc.wantErr)
			}
			if d := cmp.Diff(tc.want, got.Clusters); d != "" {
				t.Errorf("Placement (-want +got):\n%s", d)
			}
		})
	}
}
