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
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"k8s.io/client-go/tools/clientcmd"
)

func parseCert(t *testing.T, pemBytes []byte) *x509.Certificate {
	t.Helper()
	block, _ := pem.Decode(pemBytes)
	if block == nil {
		t.Fatal("no PEM block")
	}
	c, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func pool(t *testing.T, pemBytes []byte) *x509.CertPool {
	t.Helper()
	p := x509.NewCertPool()
	if !p.AppendCertsFromPEM(pemBytes) {
		t.Fatal("bad CA PEM")
	}
	return p
}

func TestNewPKI(t *testing.T) {
	p, err := newPKI(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	clusterCA, frontProxyCA := pool(t, p.ca.certPEM), pool(t, p.frontProxyCA.certPEM)
	for name, tc := range map[string]struct {
		pair     CertKeyPair
		roots    *x509.CertPool
		usage    x509.ExtKeyUsage
		dnsName  string
		wantCN   string
		wantOrgs []string
	}{
		"apiserver":          {p.apiserver, clusterCA, x509.ExtKeyUsageServerAuth, "kubernetes.default.svc", "kube-apiserver", nil},
		"apiserver by IP":    {p.apiserver, clusterCA, x509.ExtKeyUsageServerAuth, "127.0.0.1", "kube-apiserver", nil},
		"admin":              {p.admin, clusterCA, x509.ExtKeyUsageClientAuth, "", "admin", []string{"system:masters"}},
		"controller-manager": {p.controllerMgr, clusterCA, x509.ExtKeyUsageClientAuth, "", "system:kube-controller-manager", nil},
		"scheduler":          {p.scheduler, clusterCA, x509.ExtKeyUsageClientAuth, "", "system:kube-scheduler", nil},
		"front-proxy-client": {p.frontProxyClient, frontProxyCA, x509.ExtKeyUsageClientAuth, "", "front-proxy-client", nil},
		"kcm serving":        {p.controllerMgrTLS, clusterCA, x509.ExtKeyUsageServerAuth, "localhost", "kube-controller-manager", nil},
	} {
		t.Run(name, func(t *testing.T) {
			c := parseCert(t, tc.pair.CertPEM)
			opts := x509.VerifyOptions{Roots: tc.roots, KeyUsages: []x509.ExtKeyUsage{tc.usage}, DNSName: tc.dnsName}
			if _, err := c.Verify(opts); err != nil {
				t.Errorf("verify: %v", err)
			}
			if c.Subject.CommonName != tc.wantCN {
				t.Errorf("CN = %q, want %q", c.Subject.CommonName, tc.wantCN)
			}
			if d := cmp.Diff(tc.wantOrgs, c.Subject.Organization); d != "" {
				t.Errorf("organizations (-want +got):\n%s", d)
			}
			if _, err := tc.pair.TLSCertificate(); err != nil {
				t.Errorf("key pair: %v", err)
			}
			onDisk, err := os.ReadFile(tc.pair.CertFile)
			if err != nil || string(onDisk) != string(tc.pair.CertPEM) {
				t.Errorf("%s does not hold the certificate (err %v)", tc.pair.CertFile, err)
			}
		})
	}
	if _, err := os.Stat(p.serviceAccountKey); err != nil {
		t.Errorf("service-account key: %v", err)
	}
}

// fakeControlPlane has a PKI and a port but runs nothing.
func fakeControlPlane(t *testing.T) *ControlPlane {
	t.Helper()
	dir := t.TempDir()
	p, err := newPKI(filepath.Join(dir, "pki"))
	if err != nil {
		t.Fatal(err)
	}
	return &ControlPlane{name: "fake", dir: dir, pki: p, ports: ports{apiserver: 6443}, procs: map[string]*process{}}
}

func TestIssueServingCert(t *testing.T) {
	cp := fakeControlPlane(t)
	pair, err := cp.IssueServingCert([]string{"api.fed-system.svc", "localhost"}, loopbackIPs())
	if err != nil {
		t.Fatal(err)
	}
	c := parseCert(t, pair.CertPEM)
	for _, host := range []string{"api.fed-system.svc", "localhost", "127.0.0.1"} {
		t.Run(host, func(t *testing.T) {
			opts := x509.VerifyOptions{Roots: pool(t, cp.CACertPEM()), DNSName: host}
			if _, err := c.Verify(opts); err != nil {
				t.Error(err)
			}
		})
	}
	if _, err := cp.IssueServingCert(nil, nil); err == nil {
		t.Error("no names: want error")
	}
}

func TestIssueUser(t *testing.T) {
	cp := fakeControlPlane(t)
	for name, tc := range map[string]struct {
		user   string
		groups []string
	}{
		"no groups":        {user: "alice"},
		"groups":           {user: "bob", groups: []string{"fed-viewers", "devs"}},
		"odd name in file": {user: "system:serviceaccount:ns:sa"},
	} {
		t.Run(name, func(t *testing.T) {
			u, err := cp.IssueUser(tc.user, tc.groups...)
			if err != nil {
				t.Fatal(err)
			}
			if strings.ContainsAny(filepath.Base(u.KubeconfigPath), ":/") {
				t.Errorf("unsafe file name %s", u.KubeconfigPath)
			}
			cfg, err := clientcmd.BuildConfigFromFlags("", u.KubeconfigPath)
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Host != cp.APIServerURL() {
				t.Errorf("host = %s, want %s", cfg.Host, cp.APIServerURL())
			}
			c := parseCert(t, cfg.CertData)
			if c.Subject.CommonName != tc.user {
				t.Errorf("CN = %q, want %q", c.Subject.CommonName, tc.user)
			}
			// DER sorts the organizations (a SET OF); group order carries no meaning.
			if d := cmp.Diff(tc.groups, c.Subject.Organization, cmpopts.SortSlices(strings.Compare)); d != "" {
				t.Errorf("groups (-want +got):\n%s", d)
			}
			opts := x509.VerifyOptions{Roots: pool(t, cfg.CAData), KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}
			if _, err := c.Verify(opts); err != nil {
				t.Error(err)
			}
			if got := u.RESTConfig().CertData; string(got) != string(cfg.CertData) {
				t.Error("RESTConfig and kubeconfig disagree")
			}
		})
	}
}
