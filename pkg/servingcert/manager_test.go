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

package servingcert

import (
	"context"
	"crypto/x509"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"
	apiregistrationv1 "k8s.io/kube-aggregator/pkg/apis/apiregistration/v1"
	aggregatorfake "k8s.io/kube-aggregator/pkg/client/clientset_generated/clientset/fake"
)

const (
	ns     = "federation-system"
	name   = "fcp-serving-cert"
	apiSvc = "v1beta1.federation.k8s.io"
)

var dnsNames = []string{"fcp.federation-system.svc", "fcp.federation-system.svc.cluster.local"}

type listener struct{ n int }

func (l *listener) Enqueue() { l.n++ }

func newTestManager(host *fake.Clientset, agg *aggregatorfake.Clientset, names []string, now time.Time) *Manager {
	m := NewManager(host, agg.ApiregistrationV1(), Options{Namespace: ns, SecretName: name, DNSNames: names, APIService: apiSvc})
	m.now = func() time.Time { return now }
	return m
}

func secretOf(t *testing.T, host *fake.Clientset) *corev1.Secret {
	t.Helper()
	s, err := host.CoreV1().Secrets(ns).Get(context.Background(), name, metav1.GetOptions{})
	if err != nil {
		t.Fatalf("get secret: %v", err)
	}
	return s
}

// verify checks that the served chain verifies against the CA for every DNS name at when.
func verify(t *testing.T, m *Manager, when time.Time) {
	t.Helper()
	certPEM, keyPEM := m.CurrentCertKeyContent()
	pair, err := tlsKeyMatches(certPEM, keyPEM)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(pair.Certificate[0])
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(m.CABundle())
	for _, n := range dnsNames {
		if _, err := leaf.Verify(x509.VerifyOptions{DNSName: n, Roots: roots, CurrentTime: when}); err != nil {
			t.Errorf("verify %s: %v", n, err)
		}
	}
}

func TestLoadCreatesThenReuses(t *testing.T) {
	ctx := context.Background()
	host, agg := fake.NewClientset(), aggregatorfake.NewClientset()
	now := time.Now()
	m := newTestManager(host, agg, dnsNames, now)
	if err := m.Load(ctx); err != nil {
		t.Fatal(err)
	}
	verify(t, m, now)
	first := secretOf(t, host)
	if first.Type != corev1.SecretTypeTLS {
		t.Errorf("secret type %q, want %q", first.Type, corev1.SecretTypeTLS)
	}

	// A second replica (or a restart) serves the same certificate.
	other := newTestManager(host, agg, dnsNames, now.Add(time.Hour))
	if err := other.Load(ctx); err != nil {
		t.Fatal(err)
	}
	if !equalPEM(other.CABundle(), m.CABundle()) {
		t.Error("a second Load changed the CA")
	}
	if c, _ := other.CurrentCertKeyContent(); !equalPEM(c, first.Data[corev1.TLSCertKey]) {
		t.Error("a second Load changed the serving certificate")
	}
}

func TestLoadRenews(t *testing.T) {
	ctx := context.Background()
	now := time.Now()
	for testName, tc := range map[string]struct {
		later     time.Time
		names     []string
		corrupt   bool
		wantNewCA bool
	}{
		"serving cert near expiry keeps the CA": {later: now.Add(300 * 24 * time.Hour), names: dnsNames},
		"new DNS name keeps the CA":             {later: now, names: append([]string{"fcp.other.svc"}, dnsNames...)},
		"CA near expiry makes a new CA":         {later: now.Add(9*365*24*time.Hour + 200*24*time.Hour), names: dnsNames, wantNewCA: true},
		"unparsable secret makes a new CA":      {later: now, names: dnsNames, corrupt: true, wantNewCA: true},
	} {
		t.Run(testName, func(t *testing.T) {
			host, agg := fake.NewClientset(), aggregatorfake.NewClientset()
			m := newTestManager(host, agg, dnsNames, now)
			if err := m.Load(ctx); err != nil {
				t.Fatal(err)
			}
			oldCA := m.CABundle()
			if tc.corrupt {
				s := secretOf(t, host)
				s.Data[CAKeyKey] = []byte("garbage")
				if _, err := host.CoreV1().Secrets(ns).Update(ctx, s, metav1.UpdateOptions{}); err != nil {
					t.Fatal(err)
				}
			}
			l := &listener{}
			m.AddListener(l)
			m.opts.DNSNames, m.now = tc.names, func() time.Time { return tc.later }
			if err := m.Load(ctx); err != nil {
				t.Fatal(err)
			}
			if l.n != 1 {
				t.Errorf("listener told %d times, want 1", l.n)
			}
			if got := !equalPEM(oldCA, m.CABundle()); got != tc.wantNewCA {
				t.Errorf("new CA = %v, want %v", got, tc.wantNewCA)
			}
			verify(t, m, tc.later)
			if s := secretOf(t, host); !equalPEM(s.Data[CACertKey], m.CABundle()) {
				t.Error("the secret does not hold the CA in use")
			}
		})
	}
}

func TestSyncCABundle(t *testing.T) {
	ctx := context.Background()
	host := fake.NewClientset()
	agg := aggregatorfake.NewClientset(&apiregistrationv1.APIService{
		ObjectMeta: metav1.ObjectMeta{Name: apiSvc},
		Spec:       apiregistrationv1.APIServiceSpec{Group: "federation.k8s.io", Version: "v1beta1", InsecureSkipTLSVerify: true},
	})
	m := newTestManager(host, agg, dnsNames, time.Now())
	if err := m.Load(ctx); err != nil {
		t.Fatal(err)
	}
	for range 2 { // the second run finds nothing to do
		if err := m.SyncCABundle(ctx); err != nil {
			t.Fatal(err)
		}
	}
	got, err := agg.ApiregistrationV1().APIServices().Get(ctx, apiSvc, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !equalPEM(got.Spec.CABundle, m.CABundle()) || got.Spec.InsecureSkipTLSVerify {
		t.Errorf("APIService spec: caBundle set %v, insecureSkipTLSVerify %v", len(got.Spec.CABundle) > 0, got.Spec.InsecureSkipTLSVerify)
	}
	updates := 0
	for _, a := range agg.Actions() {
		if a.GetVerb() == "update" {
			updates++
		}
	}
	if updates != 1 {
		t.Errorf("%d updates of the APIService, want 1", updates)
	}
}

func TestSyncCABundleMissingAPIService(t *testing.T) {
	ctx := context.Background()
	m := newTestManager(fake.NewClientset(), aggregatorfake.NewClientset(), dnsNames, time.Now())
	if err := m.Load(ctx); err != nil {
		t.Fatal(err)
	}
	if err := m.SyncCABundle(ctx); err != nil {
		t.Errorf("missing APIService: %v, want nil", err)
	}
}
