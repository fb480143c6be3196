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

// Package servingcert gives fcp apiserver a serving certificate the host's aggregator can
// verify without insecureSkipTLSVerify: a self-signed CA and a serving certificate kept in a
// Secret on the host (so every replica and every restart serves under the same CA), and the
// APIService's spec.caBundle kept equal to that CA.
package servingcert

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/client-go/util/keyutil"
)

// Secret keys. tls.crt/tls.key follow the kubernetes.io/tls convention; ca.key is kept so a
// later start can renew the serving certificate under the same CA (the caBundle stays put).
const (
	CACertKey = "ca.crt"
	CAKeyKey  = "ca.key"
)

// Lifetimes. The CA outlives many serving certificates; a certificate is renewed once less
// than a third of its life is left, so a weekly restart or the hourly check never serves an
// expired one.
const (
	caLifetime      = 10 * 365 * 24 * time.Hour
	servingLifetime = 365 * 24 * time.Hour
	// clockSkew backdates NotBefore so a host whose clock is slightly behind accepts it.
	clockSkew = 5 * time.Minute
)

// bundle is the parsed content of the Secret.
type bundle struct {
	caCert   *x509.Certificate
	caKey    crypto.Signer
	caPEM    []byte
	caKeyPEM []byte
	certPEM  []byte
	keyPEM   []byte
}

// secretData returns the Secret data holding b.
func (b *bundle) secretData() map[string][]byte {
	return map[string][]byte{
		CACertKey:               b.caPEM,
		CAKeyKey:                b.caKeyPEM,
		corev1.TLSCertKey:       b.certPEM,
		corev1.TLSPrivateKeyKey: b.keyPEM,
	}
}

// parseBundle reads a Secret's data; it fails when anything is missing or does not parse.
func parseBundle(data map[string][]byte) (*bundle, error) {
	b := &bundle{caPEM: data[CACertKey], caKeyPEM: data[CAKeyKey], certPEM: data[corev1.TLSCertKey], keyPEM: data[corev1.TLSPrivateKeyKey]}
	for k, v := range map[string][]byte{CACertKey: b.caPEM, CAKeyKey: b.caKeyPEM, corev1.TLSCertKey: b.certPEM, corev1.TLSPrivateKeyKey: b.keyPEM} {
		if len(v) == 0 {
			return nil, fmt.Errorf("key %q is missing", k)
		}
	}
	var err error
	if b.caCert, err = parseCert(b.caPEM); err != nil {
		return nil, fmt.Errorf("%s: %w", CACertKey, err)
	}
	key, err := keyutil.ParsePrivateKeyPEM(b.caKeyPEM)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", CAKeyKey, err)
	}
	signer, ok := key.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("%s: not a signing key", CAKeyKey)
	}
	b.caKey = signer
	return b, nil
}

// caUsable says whether the CA can sign a full-length serving certificate.
func (b *bundle) caUsable(now time.Time) bool {
	return b.caCert.IsCA && now.Add(servingLifetime).Before(b.caCert.NotAfter)
}

// servingUsable says whether the serving certificate is signed by the CA, covers every DNS
// name, matches its key and has more than a third of its life left.
func (b *bundle) servingUsable(dnsNames []string, now time.Time) error {
	cert, err := parseCert(b.certPEM)
	if err != nil {
		return err
	}
	if _, err := tlsKeyMatches(b.certPEM, b.keyPEM); err != nil {
		return err
	}
	if err := cert.CheckSignatureFrom(b.caCert); err != nil {
		return fmt.Errorf("not signed by the CA: %w", err)
	}
	for _, n := range dnsNames {
		if !slices.Contains(cert.DNSNames, n) {
			return fmt.Errorf("does not cover %s", n)
		}
	}
	if left := cert.NotAfter.Sub(now); left < cert.NotAfter.Sub(cert.NotBefore)/3 {
		return fmt.Errorf("expires at %s", cert.NotAfter.UTC().Format(time.RFC3339))
	}
	return nil
}

// newCA makes a self-signed CA.
func newCA(now time.Time) (*bundle, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial(),
		Subject:               pkix.Name{CommonName: fmt.Sprintf("federation-apiserver-ca@%d", now.Unix())},
		NotBefore:             now.Add(-clockSkew),
		NotAfter:              now.Add(caLifetime),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return nil, fmt.Errorf("creating CA certificate: %w", err)
	}
	keyPEM, err := keyutil.MarshalPrivateKeyToPEM(key)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return &bundle{caCert: cert, caKey: key, caPEM: certPEM(der), caKeyPEM: keyPEM}, nil
}

// issueServing replaces b's serving certificate with a new one for dnsNames.
func (b *bundle) issueServing(dnsNames []string, now time.Time) error {
	if len(dnsNames) == 0 {
		return errors.New("no DNS names for the serving certificate")
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial(),
		Subject:      pkix.Name{CommonName: dnsNames[0]},
		DNSNames:     dnsNames,
		NotBefore:    now.Add(-clockSkew),
		NotAfter:     now.Add(servingLifetime),
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, b.caCert, key.Public(), b.caKey)
	if err != nil {
		return fmt.Errorf("creating serving certificate: %w", err)
	}
	if b.keyPEM, err = keyutil.MarshalPrivateKeyToPEM(key); err != nil {
		return err
	}
	// The chain is leaf then CA, as --tls-cert-file expects.
	b.certPEM = append(certPEM(der), b.caPEM...)
	return nil
}

func certPEM(der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}

func parseCert(p []byte) (*x509.Certificate, error) {
	block, _ := pem.Decode(p)
	if block == nil || block.Type != "CERTIFICATE" {
		return nil, errors.New("no PEM certificate")
	}
	return x509.ParseCertificate(block.Bytes)
}

func serial() *big.Int {
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		// crypto/rand does not fail on supported platforms; a fixed serial is still valid.
		return big.NewInt(time.Now().UnixNano())
	}
	return n
}

// equalPEM compares PEM content ignoring surrounding whitespace.
func equalPEM(a, b []byte) bool { return bytes.Equal(bytes.TrimSpace(a), bytes.TrimSpace(b)) }
