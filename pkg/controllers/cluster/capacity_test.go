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
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/version"
	"k8s.io/utils/ptr"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
)

// pod returns a pod on node (unbound when empty) in phase with one container requesting
// cpu and memory (none when empty).
func pod(name, node string, phase corev1.PodPhase, cpu, memory string) corev1.Pod {
	p := corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "ns"},
		Spec:       corev1.PodSpec{NodeName: node, Containers: []corev1.Container{{Name: "c", Resources: requests(cpu, memory)}}},
		Status:     corev1.PodStatus{Phase: phase},
	}
	return p
}

func requests(cpu, memory string) corev1.ResourceRequirements {
	r := corev1.ResourceRequirements{Requests: corev1.ResourceList{}}
	if cpu != "" {
		r.Requests[corev1.ResourceCPU] = resource.MustParse(cpu)
	}
	if memory != "" {
		r.Requests[corev1.ResourceMemory] = resource.MustParse(memory)
	}
	return r
}

// list returns cpu, memory and pods as strings, for comparison.
func list(l corev1.ResourceList) map[string]string {
	out := map[string]string{}
	for name, q := range l {
		out[string(name)] = q.String()
	}
	return out
}

func TestAllocatedOf(t *testing.T) {
	withInit := pod("init", "n1", corev1.PodRunning, "100m", "64Mi")
	// An init container larger than the app containers sets the pod's request
	// (PodRequests' rule); a sidecar (restartable init container) adds to both.
	withInit.Spec.InitContainers = []corev1.Container{
		{Name: "big-init", Resources: requests("2", "1Gi")},
		{Name: "sidecar", RestartPolicy: ptr.To(corev1.ContainerRestartPolicyAlways), Resources: requests("50m", "32Mi")},
	}
	withOverhead := pod("overhead", "n1", corev1.PodRunning, "100m", "")
	withOverhead.Spec.Overhead = corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("10m")}
	podLevel := pod("pod-level", "n1", corev1.PodRunning, "100m", "")
	podLevel.Spec.Resources = &corev1.ResourceRequirements{Requests: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("1")}}

	for name, tc := range map[string]struct {
		pods []corev1.Pod
		want map[string]string
	}{
		"no pods: explicit zeros": {want: map[string]string{"cpu": "0", "memory": "0", "pods": "0"}},
		"running and pending-but-bound pods count": {
			pods: []corev1.Pod{pod("a", "n1", corev1.PodRunning, "250m", "128Mi"), pod("b", "n2", corev1.PodPending, "750m", "128Mi")},
			want: map[string]string{"cpu": "1", "memory": "256Mi", "pods": "2"},
		},
		"unbound, succeeded and failed pods do not": {
			pods: []corev1.Pod{
				pod("a", "n1", corev1.PodRunning, "1", "1Gi"), pod("unbound", "", corev1.PodPending, "5", "5Gi"),
				pod("done", "n1", corev1.PodSucceeded, "5", "5Gi"), pod("failed", "n1", corev1.PodFailed, "5", "5Gi"),
			},
			want: map[string]string{"cpu": "1", "memory": "1Gi", "pods": "1"},
		},
		"a pod without requests counts as a pod only": {
			pods: []corev1.Pod{pod("a", "n1", corev1.PodRunning, "", "")},
			want: map[string]string{"cpu": "0", "memory": "0", "pods": "1"},
		},
		"init containers and sidecars by PodRequests' rules": {
			pods: []corev1.Pod{withInit},
			// The sidecar starts after big-init, so the pod needs max(big-init, app
			// containers + sidecar): max(2, 100m+50m) = 2 cpu, max(1Gi, 64Mi+32Mi) = 1Gi.
			want: map[string]string{"cpu": "2", "memory": "1Gi", "pods": "1"},
		},
		"overhead added": {
			pods: []corev1.Pod{withOverhead},
			want: map[string]string{"cpu": "110m", "memory": "0", "pods": "1"},
		},
		"pod-level requests win": {
			pods: []corev1.Pod{podLevel},
			want: map[string]string{"cpu": "1", "memory": "0", "pods": "1"},
		},
		"memory in bytes that are no binary multiple": {
			pods: []corev1.Pod{pod("a", "n1", corev1.PodRunning, "", "1G"), pod("b", "n1", corev1.PodRunning, "", "1Mi")},
			want: map[string]string{"cpu": "0", "memory": "1001048576", "pods": "2"},
		},
	} {
		t.Run(name, func(t *testing.T) {
			got := AllocatedOf(tc.pods)
			if d := cmp.Diff(tc.want, list(got)); d != "" {
				t.Errorf("AllocatedOf (-want +got):\n%s", d)
			}
			// Canonical: what the API would hand back reads the same, field for field.
			data, err := json.Marshal(got)
			if err != nil {
				t.Fatal(err)
			}
			var back corev1.ResourceList
			if err := json.Unmarshal(data, &back); err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(got, back); d != "" {
				t.Errorf("not canonical: a JSON round trip changes it (-sent +received):\n%s", d)
			}
		})
	}
}

// podsMember is a fake member that serves pods (or refuses with status code forbid when it
// is not 0) and records the field selector of every pods request.
type podsMember struct {
	pods      atomic.Pointer[[]corev1.Pod]
	forbid    int
	selectors atomic.Pointer[[]string]
	srv       *httptest.Server
}

func newPodsMember(t *testing.T, nodes []corev1.Node, pods []corev1.Pod, forbid int) *podsMember {
	t.Helper()
	m := &podsMember{forbid: forbid}
	m.pods.Store(&pods)
	m.selectors.Store(&[]string{})
	mux := http.NewServeMux()
	mux.HandleFunc("/readyz", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok")) })
	mux.HandleFunc("/version", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(version.Info{GitVersion: "v1.37.2"})
	})
	mux.HandleFunc("/api/v1/nodes", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(corev1.NodeList{TypeMeta: metav1.TypeMeta{Kind: "NodeList", APIVersion: "v1"}, Items: nodes})
	})
	mux.HandleFunc("/api/v1/pods", func(w http.ResponseWriter, r *http.Request) {
		sels := append(*m.selectors.Load(), r.URL.Query().Get("fieldSelector")+" rv="+r.URL.Query().Get("resourceVersion"))
		m.selectors.Store(&sels)
		w.Header().Set("Content-Type", "application/json")
		if m.forbid != 0 {
			w.WriteHeader(m.forbid)
			_ = json.NewEncoder(w).Encode(apierrors.NewForbidden(schema.GroupResource{Resource: "pods"}, "", nil).Status())
			return
		}
		_ = json.NewEncoder(w).Encode(corev1.PodList{TypeMeta: metav1.TypeMeta{Kind: "PodList", APIVersion: "v1"}, Items: *m.pods.Load()})
	})
	m.srv = httptest.NewTLSServer(mux)
	t.Cleanup(m.srv.Close)
	return m
}

func TestProbeAllocated(t *testing.T) {
	nodes := []corev1.Node{node("a", "eu", "eu-1", "2"), node("b", "eu", "eu-2", "2")}
	running := []corev1.Pod{pod("p1", "a", corev1.PodRunning, "500m", "256Mi"), pod("p2", "b", corev1.PodRunning, "1", "256Mi")}
	lastSeen := corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("7"), corev1.ResourcePods: resource.MustParse("3")}

	t.Run("sums the bound pods, asks the watch cache with a field selector, no change on the next probe", func(t *testing.T) {
		m := newPodsMember(t, nodes, running, 0)
		clients, cluster := clientsFor(t, m.srv.URL, fedv1beta1.ClusterSpec{})
		ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
		defer cancel()
		st := probe(ctx, clients, cluster)
		if d := cmp.Diff(map[string]string{"cpu": "1500m", "memory": "512Mi", "pods": "2"}, list(st.Allocated)); d != "" {
			t.Errorf("allocated (-want +got):\n%s", d)
		}
		want := []string{"spec.nodeName!=,status.phase!=Succeeded,status.phase!=Failed rv=0"}
		if d := cmp.Diff(want, *m.selectors.Load()); d != "" {
			t.Errorf("pods requests (-want +got):\n%s", d)
		}
		cluster.Status = st
		if again := probe(ctx, clients, cluster); !equality.Semantic.DeepEqual(again, st) {
			t.Errorf("second probe of an unchanged member changed the status:\nfirst  %+v\nsecond %+v", st.Allocated, again.Allocated)
		}
		// A pod finishing changes it.
		done := append([]corev1.Pod{}, running...)
		done[1].Status.Phase = corev1.PodSucceeded
		m.pods.Store(&done)
		if got := probe(ctx, clients, cluster).Allocated; list(got)["pods"] != "1" || list(got)["cpu"] != "500m" {
			t.Errorf("allocated after p2 succeeded: %v, want cpu 500m, pods 1", list(got))
		}
	})

	t.Run("pods forbidden: allocated unknown (not frozen at the last seen), the rest probed", func(t *testing.T) {
		m := newPodsMember(t, nodes, running, http.StatusForbidden)
		clients, cluster := clientsFor(t, m.srv.URL, fedv1beta1.ClusterSpec{})
		cluster.Status.Allocated = lastSeen
		ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
		defer cancel()
		st := probe(ctx, clients, cluster)
		if st.Allocated != nil {
			t.Errorf("allocated %v, want none: the member does not let federation list its pods", list(st.Allocated))
		}
		if cpu := st.Allocatable[corev1.ResourceCPU]; cpu.String() != "4" {
			t.Errorf("allocatable cpu %s, want 4: nodes are still summed", cpu.String())
		}
	})
}
