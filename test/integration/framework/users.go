// Copyright 2026 The Kubernetes Authors.
//
// Licensed under the Apache License, Version 2.0 (the "License");
// you may not use this file except in compliance with the License.
// You may obtain a copy of the License at
//
//     http://www.apache.org/licenses/LICENSE-2.0
//
// Unless required by applicable law or agreed to in writing, software
// distributed under the License is distributed on an "AS IS" BASIS,
// WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
// See the License for the specific language governing permissions and
// limitations under the License.

package framework

import (
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strconv"

	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
	aggregatorclient "k8s.io/kube-aggregator/pkg/client/clientset_generated/clientset"
)

// Client rate limits: generous, because tests and local-up drive one private apiserver.
const (
	clientQPS   = 100
	clientBurst = 200
)

// User is a client identity on a control plane: a certificate signed by its cluster CA and
// a kubeconfig file using it. It has exactly the rights RBAC grants its name and groups.
type User struct {
	// Name is the user name (the certificate's common name).
	Name string
	// Groups are the user's groups (the certificate's organizations).
	Groups []string
	// KubeconfigPath is a kubeconfig file authenticating as this user.
	KubeconfigPath string
	// Cert is the client certificate and key.
	Cert CertKeyPair

	restConfig *rest.Config
}

// RESTConfig returns a copy of a client configuration authenticating as the user.
func (u *User) RESTConfig() *rest.Config { return rest.CopyConfig(u.restConfig) }

// IssueUser issues a client certificate for name in groups and writes a kubeconfig for it.
func (cp *ControlPlane) IssueUser(name string, groups ...string) (*User, error) {
	if name == "" {
		return nil, errors.New("issuing user: empty name")
	}
	base, err := cp.nextFileName("users", name)
	if err != nil {
		return nil, err
	}
	pair, err := cp.pki.ca.issue(filepath.Dir(base), filepath.Base(base), clientSpec(name, groups...))
	if err != nil {
		return nil, fmt.Errorf("issuing certificate for user %s: %w", name, err)
	}
	u := &User{
		Name:           name,
		Groups:         append([]string(nil), groups...),
		KubeconfigPath: base + ".kubeconfig",
		Cert:           pair,
		restConfig:     cp.restConfigFor(pair),
	}
	if err := cp.writeKubeconfig(u.KubeconfigPath, name, pair); err != nil {
		return nil, err
	}
	return u, nil
}

// IssueServingCert issues a serving certificate signed by the cluster CA, which the
// apiserver trusts, e.g. for an aggregated API server: give the DNS name
// <service>.<namespace>.svc, which the aggregator verifies, and localhost and 127.0.0.1
// for direct access. The first DNS name (or IP) is also the common name.
func (cp *ControlPlane) IssueServingCert(dnsNames []string, ips []net.IP) (CertKeyPair, error) {
	var cn string
	switch {
	case len(dnsNames) > 0:
		cn = dnsNames[0]
	case len(ips) > 0:
		cn = ips[0].String()
	default:
		return CertKeyPair{}, errors.New("issuing serving certificate: no DNS names or IPs")
	}
	base, err := cp.nextFileName("serving", cn)
	if err != nil {
		return CertKeyPair{}, err
	}
	spec := leafSpec{commonName: cn, dnsNames: dnsNames, ips: ips, usage: x509.ExtKeyUsageServerAuth}
	pair, err := cp.pki.ca.issue(filepath.Dir(base), filepath.Base(base), spec)
	if err != nil {
		return CertKeyPair{}, fmt.Errorf("issuing serving certificate for %s: %w", cn, err)
	}
	return pair, nil
}

var unsafeFileChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// nextFileName returns a new, unique path prefix in the directory sub of the control plane
// for files about name, creating the directory.
func (cp *ControlPlane) nextFileName(sub, name string) (string, error) {
	cp.mu.Lock()
	cp.issued++
	n := cp.issued
	cp.mu.Unlock()
	dir := filepath.Join(cp.dir, sub)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("creating %s: %w", dir, err)
	}
	return filepath.Join(dir, strconv.Itoa(n)+"-"+unsafeFileChars.ReplaceAllString(name, "_")), nil
}

// writeClientConfigs writes the kubeconfigs of admin and the components and builds the
// admin clients. It runs whenever the apiserver port is (re)chosen.
func (cp *ControlPlane) writeClientConfigs() error {
	cp.kubeconfig = filepath.Join(cp.dir, "admin.kubeconfig")
	for path, c := range map[string]struct {
		user string
		pair CertKeyPair
	}{
		cp.kubeconfig:            {adminUser, cp.pki.admin},
		cp.controllerMgrConfig(): {controllerMgrUser, cp.pki.controllerMgr},
		cp.schedulerConfig():     {schedulerUser, cp.pki.scheduler},
	} {
		if err := cp.writeKubeconfig(path, c.user, c.pair); err != nil {
			return err
		}
	}
	cp.restConfig = cp.restConfigFor(cp.pki.admin)
	var err error
	if cp.client, err = kubernetes.NewForConfig(cp.RESTConfig()); err != nil {
		return fmt.Errorf("building admin client: %w", err)
	}
	if cp.aggregator, err = aggregatorclient.NewForConfig(cp.RESTConfig()); err != nil {
		return fmt.Errorf("building aggregator client: %w", err)
	}
	if cp.httpClient, err = rest.HTTPClientFor(cp.RESTConfig()); err != nil {
		return fmt.Errorf("building admin HTTP client: %w", err)
	}
	return nil
}

func (cp *ControlPlane) controllerMgrConfig() string {
	return filepath.Join(cp.dir, "kube-controller-manager.kubeconfig")
}

func (cp *ControlPlane) schedulerConfig() string {
	return filepath.Join(cp.dir, "kube-scheduler.kubeconfig")
}

func (cp *ControlPlane) restConfigFor(pair CertKeyPair) *rest.Config {
	return &rest.Config{
		Host: cp.APIServerURL(),
		TLSClientConfig: rest.TLSClientConfig{
			CAData:   cp.CACertPEM(),
			CertData: pair.CertPEM,
			KeyData:  pair.KeyPEM,
		},
		QPS:   clientQPS,
		Burst: clientBurst,
	}
}

// writeKubeconfig writes a self-contained kubeconfig (certificates embedded) for user.
func (cp *ControlPlane) writeKubeconfig(path, user string, pair CertKeyPair) error {
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters[cp.name] = &clientcmdapi.Cluster{Server: cp.APIServerURL(), CertificateAuthorityData: cp.CACertPEM()}
	cfg.AuthInfos[user] = &clientcmdapi.AuthInfo{ClientCertificateData: pair.CertPEM, ClientKeyData: pair.KeyPEM}
	cfg.Contexts[cp.name] = &clientcmdapi.Context{Cluster: cp.name, AuthInfo: user}
	cfg.CurrentContext = cp.name
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("creating directory for kubeconfig %s: %w", path, err)
	}
	if err := clientcmd.WriteToFile(*cfg, path); err != nil {
		return fmt.Errorf("writing kubeconfig %s: %w", path, err)
	}
	return nil
}
