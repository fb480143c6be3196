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

// Package members builds clients for member clusters from their Cluster objects and the
// credential Secrets those name, caches one per cluster, and rebuilds it when either changes.
package members

import (
	"errors"
	"fmt"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	corelisters "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	fedlisters "k8s.io/federation/pkg/generated/listers/federation/v1beta1"
)

// Secret keys holding member credentials.
const (
	TokenKey      = "token"
	KubeconfigKey = "kubeconfig"
)

// ErrNoCredentials marks a Cluster whose credentials are missing or unusable.
var ErrNoCredentials = errors.New("no usable credentials")

// Options tune every member client.
type Options struct {
	// QPS and Burst limit each member client.
	QPS   float32
	Burst int
	// Timeout bounds each request to a member.
	Timeout time.Duration
	// UserAgent identifies federation in member audit logs.
	UserAgent string
}

// Clients hands out cached clients for member clusters.
type Clients struct {
	clusters fedlisters.ClusterLister
	secrets  corelisters.SecretNamespaceLister
	opts     Options

	mu    sync.Mutex
	cache map[string]*Client
}

// Client reaches one member cluster.
type Client struct {
	Dynamic    dynamic.Interface
	Kubernetes kubernetes.Interface
	// Version identifies the Cluster spec and Secret the client was built from; it changes
	// when either does (e.g. a rotated token), and not when the Cluster's status does.
	Version string
}

// NewClients returns a client cache reading Clusters and their Secrets from listers; secrets
// lists the federation namespace on the host.
func NewClients(clusters fedlisters.ClusterLister, secrets corelisters.SecretNamespaceLister, opts Options) *Clients {
	return &Clients{clusters: clusters, secrets: secrets, opts: opts, cache: map[string]*Client{}}
}

// Dynamic returns the dynamic client for the named member cluster.
func (c *Clients) Dynamic(clusterName string) (dynamic.Interface, error) {
	client, err := c.Get(clusterName)
	if err != nil {
		return nil, err
	}
	return client.Dynamic, nil
}

// Discovery returns the discovery client for the named member cluster.
func (c *Clients) Discovery(clusterName string) (discovery.DiscoveryInterface, error) {
	client, err := c.Get(clusterName)
	if err != nil {
		return nil, err
	}
	return client.Kubernetes.Discovery(), nil
}

// Get returns the clients for the named member cluster, rebuilding them when the Cluster's
// spec or its Secret changed since they were built.
func (c *Clients) Get(clusterName string) (*Client, error) {
	cluster, err := c.clusters.Get(clusterName)
	if err != nil {
		return nil, err
	}
	var secret *corev1.Secret
	if ref := cluster.Spec.SecretRef; ref != nil {
		if secret, err = c.secrets.Get(ref.Name); err != nil {
			if apierrors.IsNotFound(err) {
				return nil, fmt.Errorf("%w: secret %q not found", ErrNoCredentials, ref.Name)
			}
			return nil, err
		}
	}
	// Status updates (every health probe that changes something) must not rebuild clients:
	// the spec's generation and the Secret's resourceVersion are what credentials come from.
	version := fmt.Sprintf("%s/%d", cluster.UID, cluster.Generation)
	if secret != nil {
		version += "/" + secret.ResourceVersion
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if cached, ok := c.cache[clusterName]; ok && cached.Version == version {
		return cached, nil
	}
	cfg, err := RESTConfig(cluster, secret)
	if err != nil {
		return nil, err
	}
	cfg.QPS, cfg.Burst, cfg.Timeout = c.opts.QPS, c.opts.Burst, c.opts.Timeout
	cfg.UserAgent = c.opts.UserAgent
	// One HTTP transport serves both clients.
	httpClient, err := rest.HTTPClientFor(cfg)
	if err != nil {
		return nil, fmt.Errorf("building client for cluster %s: %w", clusterName, err)
	}
	dyn, err := dynamic.NewForConfigAndClient(cfg, httpClient)
	if err != nil {
		return nil, fmt.Errorf("building client for cluster %s: %w", clusterName, err)
	}
	kube, err := kubernetes.NewForConfigAndClient(cfg, httpClient)
	if err != nil {
		return nil, fmt.Errorf("building client for cluster %s: %w", clusterName, err)
	}
	client := &Client{Dynamic: dyn, Kubernetes: kube, Version: version}
	c.cache[clusterName] = client
	return client, nil
}

// RESTConfig returns the client configuration for a member: its address and CA from the
// Cluster, and credentials from the Secret (a bearer token, or a kubeconfig whose server and
// CA the Cluster overrides when it sets them).
func RESTConfig(cluster *fedv1beta1.Cluster, secret *corev1.Secret) (*rest.Config, error) {
	if secret == nil {
		return nil, fmt.Errorf("%w: cluster %s has no spec.secretRef", ErrNoCredentials, cluster.Name)
	}
	cfg := &rest.Config{}
	switch {
	case len(secret.Data[KubeconfigKey]) > 0:
		var err error
		if cfg, err = clientcmd.RESTConfigFromKubeConfig(secret.Data[KubeconfigKey]); err != nil {
			return nil, fmt.Errorf("%w: secret %s: %v", ErrNoCredentials, secret.Name, err)
		}
	case len(secret.Data[TokenKey]) > 0:
		cfg.BearerToken = string(secret.Data[TokenKey])
	default:
		return nil, fmt.Errorf("%w: secret %s has neither %q nor %q", ErrNoCredentials, secret.Name, TokenKey, KubeconfigKey)
	}
	if server := serverAddress(cluster.Spec); server != "" {
		cfg.Host = server
	}
	if cfg.Host == "" {
		return nil, fmt.Errorf("cluster %s has no server address", cluster.Name)
	}
	if len(cluster.Spec.CABundle) > 0 {
		cfg.CAData, cfg.CAFile = cluster.Spec.CABundle, ""
	}
	if cluster.Spec.InsecureSkipTLSVerify {
		cfg.Insecure, cfg.CAData, cfg.CAFile = true, nil, ""
	}
	return cfg, nil
}

// serverAddress prefers spec.server, then the address for all clients (0.0.0.0/0), then the
// first listed: fcp does not know which client CIDR it is in.
func serverAddress(s fedv1beta1.ClusterSpec) string {
	if s.Server != "" {
		return s.Server
	}
	for _, a := range s.ServerAddressByClientCIDRs {
		if a.ClientCIDR == "0.0.0.0/0" || a.ClientCIDR == "::/0" {
			return withScheme(a.ServerAddress)
		}
	}
	if len(s.ServerAddressByClientCIDRs) > 0 {
		return withScheme(s.ServerAddressByClientCIDRs[0].ServerAddress)
	}
	return ""
}

func withScheme(addr string) string {
	if len(addr) >= 8 && addr[:8] == "https://" {
		return addr
	}
	return "https://" + addr
}
