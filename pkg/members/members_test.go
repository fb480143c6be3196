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

package members

import (
	"errors"
	"testing"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	corelisters "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/tools/cache"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	fedlisters "k8s.io/federation/pkg/generated/listers/federation/v1beta1"
)

const kubeconfig = `apiVersion: v1
kind: Config
clusters:
- name: m
  cluster: {server: "https://kubeconfig.example:6443"}
users:
- name: u
  user: {token: from-kubeconfig}
contexts:
- name: c
  context: {cluster: m, user: u}
current-context: c
`

// cluster returns Cluster m1 at a generation (its spec's version) and resourceVersion.
func cluster(generation int64, rv string, spec fedv1beta1.ClusterSpec) *fedv1beta1.Cluster {
	return &fedv1beta1.Cluster{ObjectMeta: metav1.ObjectMeta{Name: "m1", UID: "uid-1", Generation: generation, ResourceVersion: rv}, Spec: spec}
}

func secret(rv string, data map[string][]byte) *corev1.Secret {
	return &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "creds", Namespace: "federation-system", ResourceVersion: rv}, Data: data}
}

func TestRESTConfig(t *testing.T) {
	ca := []byte("-----BEGIN CERTIFICATE-----\n")
	for name, tc := range map[string]struct {
		spec                    fedv1beta1.ClusterSpec
		data                    map[string][]byte
		wantHost, wantToken     string
		wantCA                  bool
		wantInsecure, wantNoCfg bool
	}{
		"token": {
			spec: fedv1beta1.ClusterSpec{Server: "https://m1:6443", CABundle: ca},
			data: map[string][]byte{TokenKey: []byte("t")}, wantHost: "https://m1:6443", wantToken: "t", wantCA: true,
		},
		"kubeconfig with the Cluster's server": {
			spec: fedv1beta1.ClusterSpec{Server: "https://m1:6443"},
			data: map[string][]byte{KubeconfigKey: []byte(kubeconfig)}, wantHost: "https://m1:6443", wantToken: "from-kubeconfig",
		},
		"kubeconfig's own server": {
			data:     map[string][]byte{KubeconfigKey: []byte(kubeconfig)},
			wantHost: "https://kubeconfig.example:6443", wantToken: "from-kubeconfig",
		},
		"address for all client CIDRs": {
			spec: fedv1beta1.ClusterSpec{ServerAddressByClientCIDRs: []fedv1beta1.ServerAddressByClientCIDR{
				{ClientCIDR: "10.0.0.0/8", ServerAddress: "10.0.0.1:6443"}, {ClientCIDR: "0.0.0.0/0", ServerAddress: "m1.example:6443"},
			}},
			data: map[string][]byte{TokenKey: []byte("t")}, wantHost: "https://m1.example:6443", wantToken: "t",
		},
		"insecure": {
			spec: fedv1beta1.ClusterSpec{Server: "https://m1:6443", InsecureSkipTLSVerify: true},
			data: map[string][]byte{TokenKey: []byte("t")}, wantHost: "https://m1:6443", wantToken: "t", wantInsecure: true,
		},
		"no credentials": {
			spec: fedv1beta1.ClusterSpec{Server: "https://m1:6443"}, data: map[string][]byte{}, wantNoCfg: true,
		},
	} {
		t.Run(name, func(t *testing.T) {
			cfg, err := RESTConfig(cluster(1, "1", tc.spec), secret("1", tc.data))
			if tc.wantNoCfg {
				if !errors.Is(err, ErrNoCredentials) {
					t.Fatalf("RESTConfig() error = %v, want ErrNoCredentials", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Host != tc.wantHost || cfg.BearerToken != tc.wantToken || (len(cfg.CAData) > 0) != tc.wantCA || cfg.Insecure != tc.wantInsecure {
				t.Errorf("got host %q token %q CA %v insecure %v; want %q %q %v %v",
					cfg.Host, cfg.BearerToken, len(cfg.CAData) > 0, cfg.Insecure, tc.wantHost, tc.wantToken, tc.wantCA, tc.wantInsecure)
			}
		})
	}
}

func TestClientsRebuildOnChange(t *testing.T) {
	clusters := cache.NewIndexer(cache.MetaNamespaceKeyFunc, cache.Indexers{})
	secrets := cache.NewIndexer(cache.MetaNamespaceKeyFunc, cache.Indexers{cache.NamespaceIndex: cache.MetaNamespaceIndexFunc})
	spec := fedv1beta1.ClusterSpec{Server: "https://m1:6443", SecretRef: &fedv1beta1.LocalSecretReference{Name: "creds"}}
	must(t, clusters.Add(cluster(1, "1", spec)))
	must(t, secrets.Add(secret("1", map[string][]byte{TokenKey: []byte("t")})))
	c := NewClients(fedlisters.NewClusterLister(clusters), corelisters.NewSecretLister(secrets).Secrets("federation-system"), Options{QPS: 5, Burst: 10})

	first, err := c.Dynamic("m1")
	must(t, err)
	again, err := c.Dynamic("m1")
	must(t, err)
	if first != again {
		t.Error("client rebuilt although nothing changed")
	}
	probed := cluster(1, "5", spec)
	probed.Status.KubernetesVersion = "v1.37.2"
	must(t, clusters.Update(probed))
	afterStatus, err := c.Dynamic("m1")
	must(t, err)
	if afterStatus != first {
		t.Error("client rebuilt after a status-only change of the Cluster")
	}
	must(t, secrets.Update(secret("2", map[string][]byte{TokenKey: []byte("rotated")})))
	rotated, err := c.Dynamic("m1")
	must(t, err)
	if rotated == first {
		t.Error("client not rebuilt after the Secret changed")
	}
	must(t, clusters.Update(cluster(2, "6", fedv1beta1.ClusterSpec{Server: "https://m1-new:6443", SecretRef: spec.SecretRef})))
	moved, err := c.Dynamic("m1")
	must(t, err)
	if moved == rotated {
		t.Error("client not rebuilt after the Cluster changed")
	}
	if _, err := c.Dynamic("unknown"); !apierrors.IsNotFound(err) {
		t.Errorf("Dynamic(unknown) error = %v, want NotFound", err)
	}
	must(t, secrets.Delete(secret("2", nil)))
	if _, err := c.Dynamic("m1"); !errors.Is(err, ErrNoCredentials) {
		t.Errorf("Dynamic() with the Secret gone: error = %v, want ErrNoCredentials", err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
