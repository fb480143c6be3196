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
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/version"
	corelisters "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/tools/cache"
	certutil "k8s.io/client-go/util/cert"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	fedlisters "k8s.io/federation/pkg/generated/listers/federation/v1beta1"
	"k8s.io/federation/pkg/members"
)

// fakeMember serves what a probe asks of a member API server.
func fakeMember(t *testing.T, readyz int, nodes []corev1.Node) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/readyz", func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(readyz)
		_, _ = w.Write([]byte("[-]etcd failed: reason withheld\nreadyz check failed"))
	})
	mux.HandleFunc("/version", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(version.Info{GitVersion: "v1.37.2"})
	})
	mux.HandleFunc("/api/v1/nodes", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(corev1.NodeList{TypeMeta: metav1.TypeMeta{Kind: "NodeList", APIVersion: "v1"}, Items: nodes})
	})
	srv := httptest.NewTLSServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// otherCA returns a CA certificate that signed none of the fake members' certificates.
func otherCA(t *testing.T) []byte {
	t.Helper()
	caPEM, _, err := certutil.GenerateSelfSignedCertKey("some-other-ca", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	return caPEM
}

func node(name, region, zone, cpu string) corev1.Node {
	return corev1.Node{
		ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{corev1.LabelTopologyRegion: region, corev1.LabelTopologyZone: zone}},
		Status: corev1.NodeStatus{Allocatable: corev1.ResourceList{
			corev1.ResourceCPU: resource.MustParse(cpu), corev1.ResourceMemory: resource.MustParse("1Gi"), corev1.ResourcePods: resource.MustParse("110"),
		}},
	}
}

// clientsFor returns member clients for one Cluster m1 at server, with a token Secret.
func clientsFor(t *testing.T, server string, spec fedv1beta1.ClusterSpec) (*members.Clients, *fedv1beta1.Cluster) {
	t.Helper()
	// The fake members' certificate is httptest's own: trusted only when a test says so.
	spec.Server, spec.InsecureSkipTLSVerify = server, len(spec.CABundle) == 0
	spec.SecretRef = &fedv1beta1.LocalSecretReference{Name: "creds"}
	cluster := &fedv1beta1.Cluster{ObjectMeta: metav1.ObjectMeta{Name: "m1", UID: "u1", Generation: 1}, Spec: spec}
	clusters := cache.NewIndexer(cache.MetaNamespaceKeyFunc, cache.Indexers{})
	secrets := cache.NewIndexer(cache.MetaNamespaceKeyFunc, cache.Indexers{cache.NamespaceIndex: cache.MetaNamespaceIndexFunc})
	if err := clusters.Add(cluster); err != nil {
		t.Fatal(err)
	}
	if err := secrets.Add(&corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "creds", Namespace: "fed"}, Data: map[string][]byte{members.TokenKey: []byte("t")}}); err != nil {
		t.Fatal(err)
	}
	return members.NewClients(fedlisters.NewClusterLister(clusters), corelisters.NewSecretLister(secrets).Secrets("fed"), members.Options{QPS: 100, Burst: 100, Timeout: 2 * time.Second}), cluster
}

func TestProbe(t *testing.T) {
	closed := fakeMember(t, http.StatusOK, nil)
	closed.Close()
	for name, tc := range map[string]struct {
		server                  string
		spec                    fedv1beta1.ClusterSpec
		wantReady, wantOffline  metav1.ConditionStatus
		wantReason              string
		wantRegion, wantVersion string
		wantZones               []string
		wantCPU                 string
	}{
		"ready, topology from nodes": {
			server:    fakeMember(t, http.StatusOK, []corev1.Node{node("a", "eu", "eu-1", "2"), node("b", "eu", "eu-2", "1500m")}).URL,
			wantReady: metav1.ConditionTrue, wantOffline: metav1.ConditionFalse, wantReason: ReasonReady,
			wantRegion: "eu", wantZones: []string{"eu-1", "eu-2"}, wantVersion: "v1.37.2", wantCPU: "3500m",
		},
		"ready, region and zones from the spec": {
			server:    fakeMember(t, http.StatusOK, []corev1.Node{node("a", "eu", "eu-1", "2")}).URL,
			spec:      fedv1beta1.ClusterSpec{Region: "us", Zones: []string{"us-9"}},
			wantReady: metav1.ConditionTrue, wantOffline: metav1.ConditionFalse, wantReason: ReasonReady,
			wantRegion: "us", wantZones: []string{"us-9"}, wantVersion: "v1.37.2", wantCPU: "2",
		},
		"readyz fails": {
			server:    fakeMember(t, http.StatusInternalServerError, nil).URL,
			wantReady: metav1.ConditionFalse, wantOffline: metav1.ConditionFalse, wantReason: ReasonNotReady,
		},
		"credentials rejected": {
			server:    fakeMember(t, http.StatusUnauthorized, nil).URL,
			wantReady: metav1.ConditionFalse, wantOffline: metav1.ConditionFalse, wantReason: ReasonCredentialsRejected,
		},
		"unreachable": {
			server:    closed.URL,
			wantReady: metav1.ConditionFalse, wantOffline: metav1.ConditionTrue, wantReason: ReasonUnreachable,
		},
		"certificate not signed by the caBundle": {
			server:    fakeMember(t, http.StatusOK, nil).URL,
			spec:      fedv1beta1.ClusterSpec{CABundle: otherCA(t)},
			wantReady: metav1.ConditionFalse, wantOffline: metav1.ConditionUnknown, wantReason: ReasonCertificateInvalid,
		},
	} {
		t.Run(name, func(t *testing.T) {
			clients, cluster := clientsFor(t, tc.server, tc.spec)
			ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
			defer cancel()
			st := probe(ctx, clients, cluster)
			ready := meta.FindStatusCondition(st.Conditions, fedv1beta1.ClusterReady)
			offline := meta.FindStatusCondition(st.Conditions, fedv1beta1.ClusterOffline)
			if ready == nil || offline == nil {
				t.Fatalf("conditions %+v, want Ready and Offline", st.Conditions)
			}
			if ready.Status != tc.wantReady || ready.Reason != tc.wantReason || offline.Status != tc.wantOffline {
				t.Errorf("Ready %s/%s, Offline %s; want Ready %s/%s, Offline %s (message %q)",
					ready.Status, ready.Reason, offline.Status, tc.wantReady, tc.wantReason, tc.wantOffline, ready.Message)
			}
			if st.Region != tc.wantRegion || st.KubernetesVersion != tc.wantVersion || !equality.Semantic.DeepEqual(st.Zones, tc.wantZones) {
				t.Errorf("region %q version %q zones %v; want %q %q %v", st.Region, st.KubernetesVersion, st.Zones, tc.wantRegion, tc.wantVersion, tc.wantZones)
			}
			if cpu := st.Allocatable[corev1.ResourceCPU]; tc.wantCPU != "" && cpu.String() != tc.wantCPU {
				t.Errorf("allocatable cpu %s, want %s", cpu.String(), tc.wantCPU)
			}
			// A second probe of an unchanged member must give an equal status: no write.
			cluster.Status = st
			if again := probe(ctx, clients, cluster); !equality.Semantic.DeepEqual(again, st) {
				t.Errorf("second probe changed the status:\nfirst  %+v\nsecond %+v", st, again)
			}
		})
	}
}

func TestNotReadyProbeInterval(t *testing.T) {
	for interval, want := range map[time.Duration]time.Duration{
		10 * time.Second:       2 * time.Second, // the default: a fifth
		time.Minute:            12 * time.Second,
		2 * time.Second:        time.Second,            // at least a second
		500 * time.Millisecond: 500 * time.Millisecond, // never longer than the interval
	} {
		if got := notReadyProbeInterval(interval); got != want {
			t.Errorf("notReadyProbeInterval(%s) = %s, want %s", interval, got, want)
		}
	}
}
