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
	"crypto/tls"
	"errors"
	"fmt"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/apiserver/pkg/server/dynamiccertificates"
	"k8s.io/client-go/kubernetes"
	"k8s.io/klog/v2"
	apiregistrationclient "k8s.io/kube-aggregator/pkg/client/clientset_generated/clientset/typed/apiregistration/v1"
)

// FieldManager names fcp's writes of the Secret and of the APIService's caBundle, so an
// operator re-applying the artifacts (which leave caBundle out) does not take it back.
const FieldManager = "fcp-serving-cert"

// DefaultResync is how often Run re-checks the Secret and the APIService.
const DefaultResync = time.Minute

// Options say where the certificate lives and which APIService trusts it.
type Options struct {
	// Namespace and SecretName locate the Secret on the host.
	Namespace, SecretName string
	// DNSNames the serving certificate must cover; the aggregator verifies
	// <service>.<namespace>.svc.
	DNSNames []string
	// APIService, when set, is the APIService whose spec.caBundle is kept equal to the CA.
	APIService string
	// Resync is how often Run re-checks; DefaultResync when zero.
	Resync time.Duration
}

// Manager loads or creates the serving certificate, serves it to the TLS stack through
// Provider, and keeps the APIService's caBundle equal to its CA.
type Manager struct {
	secrets     kubernetes.Interface
	apiServices apiregistrationclient.APIServicesGetter
	opts        Options
	now         func() time.Time

	mu        sync.Mutex
	caPEM     []byte
	certPEM   []byte
	keyPEM    []byte
	listeners []dynamiccertificates.Listener
}

var _ dynamiccertificates.CertKeyContentProvider = &Manager{}

// NewManager returns a Manager; nothing is read or written until Load.
func NewManager(host kubernetes.Interface, apiServices apiregistrationclient.APIServicesGetter, opts Options) *Manager {
	if opts.Resync <= 0 {
		opts.Resync = DefaultResync
	}
	return &Manager{secrets: host, apiServices: apiServices, opts: opts, now: time.Now}
}

// Name identifies the certificate in the serving stack's logs.
func (m *Manager) Name() string { return "secret/" + m.opts.Namespace + "/" + m.opts.SecretName }

// CurrentCertKeyContent returns the serving certificate chain and key.
func (m *Manager) CurrentCertKeyContent() ([]byte, []byte) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.certPEM, m.keyPEM
}

// AddListener registers the serving stack, which reloads the certificate when told.
func (m *Manager) AddListener(l dynamiccertificates.Listener) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.listeners = append(m.listeners, l)
}

// CABundle returns the CA certificate the APIService must trust.
func (m *Manager) CABundle() []byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.caPEM
}

// Load reads the Secret, creating or renewing it when it is missing, unusable, for other
// names or close to expiry, and makes its certificate current. Replicas racing to create it
// agree on whichever write wins.
func (m *Manager) Load(ctx context.Context) error {
	b, err := m.ensureSecret(ctx)
	if err != nil {
		return fmt.Errorf("serving certificate in secret %s/%s: %w", m.opts.Namespace, m.opts.SecretName, err)
	}
	m.mu.Lock()
	changed := !equalPEM(m.certPEM, b.certPEM) || !equalPEM(m.keyPEM, b.keyPEM)
	m.caPEM, m.certPEM, m.keyPEM = b.caPEM, b.certPEM, b.keyPEM
	listeners := append([]dynamiccertificates.Listener(nil), m.listeners...)
	m.mu.Unlock()
	if changed {
		for _, l := range listeners {
			l.Enqueue()
		}
	}
	return nil
}

// Run keeps the certificate and the APIService's caBundle current until ctx is done: at
// once, then every Resync. Failures are logged and retried at the next tick.
func (m *Manager) Run(ctx context.Context) {
	logger := klog.LoggerWithValues(klog.FromContext(ctx), "secret", klog.KRef(m.opts.Namespace, m.opts.SecretName))
	wait.UntilWithContext(ctx, func(ctx context.Context) {
		if err := m.Load(ctx); err != nil {
			logger.Error(err, "Cannot refresh the serving certificate")
			return
		}
		if m.opts.APIService == "" {
			return
		}
		if err := m.SyncCABundle(ctx); err != nil {
			logger.Error(err, "Cannot update the APIService's caBundle", "apiService", m.opts.APIService)
		}
	}, m.opts.Resync)
}

// SyncCABundle sets the APIService's spec.caBundle to the CA (and insecureSkipTLSVerify to
// false, which the API refuses together with a caBundle). A missing APIService is not an
// error: `kubectl apply -f artifacts/` may create it after the Deployment.
func (m *Manager) SyncCABundle(ctx context.Context) error {
	ca := m.CABundle()
	if len(ca) == 0 {
		return errors.New("no CA loaded")
	}
	client := m.apiServices.APIServices()
	for range 3 {
		svc, err := client.Get(ctx, m.opts.APIService, metav1.GetOptions{})
		if apierrors.IsNotFound(err) {
			klog.FromContext(ctx).V(2).Info("APIService not found yet", "apiService", m.opts.APIService)
			return nil
		}
		if err != nil {
			return err
		}
		if equalPEM(svc.Spec.CABundle, ca) && !svc.Spec.InsecureSkipTLSVerify {
			return nil
		}
		svc.Spec.CABundle, svc.Spec.InsecureSkipTLSVerify = ca, false
		_, err = client.Update(ctx, svc, metav1.UpdateOptions{FieldManager: FieldManager})
		if apierrors.IsConflict(err) {
			continue
		}
		if err != nil {
			return err
		}
		klog.FromContext(ctx).Info("Set the APIService's caBundle to the serving CA", "apiService", m.opts.APIService)
		return nil
	}
	return fmt.Errorf("APIService %s kept changing while its caBundle was updated", m.opts.APIService)
}

// ensureSecret returns a usable bundle from the Secret, writing a new or renewed one first
// when needed. A conflict (another replica wrote first) re-reads and uses its result.
func (m *Manager) ensureSecret(ctx context.Context) (*bundle, error) {
	secrets := m.secrets.CoreV1().Secrets(m.opts.Namespace)
	logger := klog.FromContext(ctx)
	for range 3 {
		secret, err := secrets.Get(ctx, m.opts.SecretName, metav1.GetOptions{})
		if err != nil && !apierrors.IsNotFound(err) {
			return nil, err
		}
		exists := err == nil
		var data map[string][]byte
		if exists {
			data = secret.Data
		}
		b, why, err := m.usableOrRenewed(data)
		if err != nil {
			return nil, err
		}
		if why == "" {
			return b, nil
		}
		logger.Info("Writing a new serving certificate", "secret", klog.KRef(m.opts.Namespace, m.opts.SecretName), "reason", why)
		if !exists {
			secret = &corev1.Secret{
				ObjectMeta: metav1.ObjectMeta{Name: m.opts.SecretName, Namespace: m.opts.Namespace},
				Type:       corev1.SecretTypeTLS,
				Data:       b.secretData(),
			}
			_, err = secrets.Create(ctx, secret, metav1.CreateOptions{FieldManager: FieldManager})
		} else {
			secret.Data = b.secretData()
			_, err = secrets.Update(ctx, secret, metav1.UpdateOptions{FieldManager: FieldManager})
		}
		if apierrors.IsAlreadyExists(err) || apierrors.IsConflict(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		return b, nil
	}
	return nil, errors.New("kept changing while being written")
}

// usableOrRenewed returns the bundle in data, or a new one and the reason it was made.
func (m *Manager) usableOrRenewed(data map[string][]byte) (*bundle, string, error) {
	now := m.now()
	var why string
	b, err := parseBundle(data)
	switch {
	case len(data) == 0:
		why = "no certificate yet"
	case err != nil:
		why = "unusable: " + err.Error()
	case !b.caUsable(now):
		why = "CA expires at " + b.caCert.NotAfter.UTC().Format(time.RFC3339)
	default:
		serr := b.servingUsable(m.opts.DNSNames, now)
		if serr == nil {
			return b, "", nil
		}
		why = "serving certificate " + serr.Error()
		// Renew the serving certificate under the same CA: the caBundle stays valid.
		if err := b.issueServing(m.opts.DNSNames, now); err != nil {
			return nil, "", err
		}
		return b, why, nil
	}
	if b, err = newCA(now); err != nil {
		return nil, "", err
	}
	if err := b.issueServing(m.opts.DNSNames, now); err != nil {
		return nil, "", err
	}
	return b, why, nil
}

// tlsKeyMatches checks that the key belongs to the certificate.
func tlsKeyMatches(certPEM, keyPEM []byte) (tls.Certificate, error) {
	c, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("certificate and key: %w", err)
	}
	return c, nil
}
