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

package cluster

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/events"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/kinds"
)

var (
	ingressesGVR  = metav1.GroupVersionResource{Group: "networking.k8s.io", Version: "v1", Resource: "ingresses"}
	networkingV1  = schema.GroupVersion{Group: "networking.k8s.io", Version: "v1"}
	appsV1        = schema.GroupVersion{Group: "apps", Version: "v1"}
	memberGVCount = len(newServedKinds(time.Hour).types)
)

// discoveryMember serves the API discovery of the federated kinds' member types, as
// kube-apiserver does, less what a test turns off: a whole group/version (404, as
// --runtime-config=<group>/<version>=false leaves it) or one resource (missing from the
// list, as <group>/<version>/<resource>=false). It counts the requests; a group/version
// can be made to fail (500).
type discoveryMember struct {
	mu          sync.Mutex
	offGVs      map[schema.GroupVersion]bool
	offResource map[string]bool // group/version/resource
	failing     map[schema.GroupVersion]bool
	requests    int
}

func newDiscoveryMember(t *testing.T) (*discoveryMember, discovery.DiscoveryInterface) {
	m := &discoveryMember{offGVs: map[schema.GroupVersion]bool{}, offResource: map[string]bool{}, failing: map[schema.GroupVersion]bool{}}
	srv := httptest.NewServer(http.HandlerFunc(m.serve))
	t.Cleanup(srv.Close)
	return m, discovery.NewDiscoveryClientForConfigOrDie(&rest.Config{Host: srv.URL})
}

func (m *discoveryMember) serve(w http.ResponseWriter, r *http.Request) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests++
	gvString := strings.TrimPrefix(strings.TrimPrefix(r.URL.Path, "/apis/"), "/api/")
	gv, err := schema.ParseGroupVersion(gvString)
	switch {
	case err != nil || m.offGVs[gv]:
		http.NotFound(w, r)
		return
	case m.failing[gv]:
		http.Error(w, "etcd is down", http.StatusInternalServerError)
		return
	}
	list := metav1.APIResourceList{TypeMeta: metav1.TypeMeta{Kind: "APIResourceList", APIVersion: "v1"}, GroupVersion: gv.String()}
	for _, k := range kinds.All() {
		if k.Member.GroupVersion() == gv && !m.offResource[gv.String()+"/"+k.Member.Resource] {
			list.APIResources = append(list.APIResources, metav1.APIResource{Name: k.Member.Resource, Kind: k.Member.Kind, Namespaced: k.Member.Namespaced})
		}
	}
	if len(list.APIResources) == 0 {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(list)
}

func (m *discoveryMember) set(f func(m *discoveryMember)) {
	m.mu.Lock()
	defer m.mu.Unlock()
	f(m)
}

// takeRequests returns the requests served since the last call.
func (m *discoveryMember) takeRequests() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := m.requests
	m.requests = 0
	return n
}

func readyStatus(version string, unserved ...metav1.GroupVersionResource) fedv1beta1.ClusterStatus {
	return fedv1beta1.ClusterStatus{
		Conditions:        []metav1.Condition{{Type: fedv1beta1.ClusterReady, Status: metav1.ConditionTrue, Reason: ReasonReady}},
		KubernetesVersion: version, UnservedResources: unserved,
	}
}

// The probes of one member, in order: what discovery costs each time (requests) and what
// status.unservedResources says after.
func TestServedKindsObserve(t *testing.T) {
	member, client := newDiscoveryMember(t)
	served := newServedKinds(10 * time.Minute)
	start := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	old := fedv1beta1.ClusterStatus{} // never probed
	apps := func(resources ...string) []metav1.GroupVersionResource {
		var out []metav1.GroupVersionResource
		for _, r := range resources {
			out = append(out, metav1.GroupVersionResource{Group: "apps", Version: "v1", Resource: r})
		}
		return out
	}
	for _, step := range []struct {
		name         string
		change       func(m *discoveryMember)
		after        time.Duration // since start
		version      string        // v1.37.2 unless set
		notReady     bool          // the probe found the member not Ready
		wasNotReady  bool          // the previous probe did
		wantRequests int
		want         []metav1.GroupVersionResource
	}{
		{
			name:   "first probe reads every member group/version; Ingress turned off",
			change: func(m *discoveryMember) { m.offResource["networking.k8s.io/v1/ingresses"] = true },
			// One request per group/version of the kinds table.
			wantRequests: memberGVCount, want: []metav1.GroupVersionResource{ingressesGVR},
		},
		{name: "next probe asks only for what it lacks", after: 10 * time.Second, wantRequests: 1, want: []metav1.GroupVersionResource{ingressesGVR}},
		{
			name: "Ingress turned on again: seen at the next probe", after: 20 * time.Second,
			change:       func(m *discoveryMember) { delete(m.offResource, "networking.k8s.io/v1/ingresses") },
			wantRequests: 1,
		},
		{name: "a member serving everything costs nothing", after: 30 * time.Second},
		{
			name: "a member turned off apps/v1 and restarted: read in full when it is Ready again", after: 40 * time.Second,
			change:      func(m *discoveryMember) { m.offGVs[appsV1] = true },
			wasNotReady: true, wantRequests: memberGVCount, want: apps("daemonsets", "deployments", "replicasets", "statefulsets"),
		},
		{
			name: "not Ready: nothing asked, nothing changed", after: 50 * time.Second,
			notReady: true, want: apps("daemonsets", "deployments", "replicasets", "statefulsets"),
		},
		{
			name: "a new version is read in full", after: time.Minute, version: "v1.38.0",
			change:       func(m *discoveryMember) { delete(m.offGVs, appsV1); m.offGVs[networkingV1] = true },
			wantRequests: memberGVCount, want: []metav1.GroupVersionResource{ingressesGVR},
		},
		{
			name: "discovery of a group/version failing keeps what was known of it", after: 70 * time.Second, version: "v1.38.0",
			change:       func(m *discoveryMember) { m.failing[networkingV1] = true },
			wantRequests: 1, want: []metav1.GroupVersionResource{ingressesGVR},
		},
		{
			name: "the interval passed: read in full (and a failed full read is tried again)", after: 11 * time.Minute, version: "v1.38.0",
			change:       func(m *discoveryMember) { m.failing[appsV1] = true },
			wantRequests: memberGVCount, want: []metav1.GroupVersionResource{ingressesGVR},
		},
		{
			name: "after a failed full read, the next probe reads in full", after: 11*time.Minute + 10*time.Second, version: "v1.38.0",
			change: func(m *discoveryMember) {
				delete(m.failing, appsV1)
				delete(m.failing, networkingV1)
				delete(m.offGVs, networkingV1)
			},
			wantRequests: memberGVCount,
		},
	} {
		member.set(func(m *discoveryMember) {
			if step.change != nil {
				step.change(m)
			}
		})
		version := step.version
		if version == "" {
			version = "v1.37.2"
		}
		status := readyStatus(version, old.UnservedResources...)
		if step.notReady {
			status.Conditions[0].Status = metav1.ConditionFalse
		}
		previous := old
		if step.wasNotReady {
			previous.Conditions = []metav1.Condition{{Type: fedv1beta1.ClusterReady, Status: metav1.ConditionFalse, Reason: ReasonUnreachable}}
		}
		served.observe(t.Context(), client, "m1", previous, &status, start.Add(step.after))
		if got := member.takeRequests(); got != step.wantRequests {
			t.Errorf("%s: %d discovery requests, want %d", step.name, got, step.wantRequests)
		}
		if d := cmp.Diff(step.want, status.UnservedResources); d != "" {
			t.Errorf("%s: unservedResources (-want +got):\n%s", step.name, d)
		}
		old = status
	}
}

// A change of the types a member lacks is told with an event; no change, no event.
func TestRecordServed(t *testing.T) {
	for name, tc := range map[string]struct {
		old, cur  []metav1.GroupVersionResource
		wantEvent string // "" for none
	}{
		"lost a type":      {cur: []metav1.GroupVersionResource{ingressesGVR}, wantEvent: "Warning KindsNotServed The member's API does not serve networking.k8s.io/v1/ingresses"},
		"gained it back":   {old: []metav1.GroupVersionResource{ingressesGVR}, wantEvent: "Normal KindsServed"},
		"unchanged":        {old: []metav1.GroupVersionResource{ingressesGVR}, cur: []metav1.GroupVersionResource{ingressesGVR}},
		"serves all still": {},
	} {
		t.Run(name, func(t *testing.T) {
			recorder := events.NewFakeRecorder(1)
			c := &Controller{recorder: recorder}
			cl := &fedv1beta1.Cluster{ObjectMeta: metav1.ObjectMeta{Name: "m1"}, Status: fedv1beta1.ClusterStatus{UnservedResources: tc.old}}
			c.recordServed(t.Context(), cl, fedv1beta1.ClusterStatus{UnservedResources: tc.cur})
			var got string
			select {
			case got = <-recorder.Events:
			default:
			}
			if tc.wantEvent == "" && got != "" || !strings.HasPrefix(got, tc.wantEvent) {
				t.Errorf("event %q, want one starting %q", got, tc.wantEvent)
			}
		})
	}
}
