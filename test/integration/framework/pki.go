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
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"
)

// CertKeyPair is a PEM-encoded certificate with its private key, and the files both were
// written to.
type CertKeyPair struct {
	// CertPEM is the PEM-encoded certificate.
	CertPEM []byte
	// KeyPEM is the PEM-encoded (PKCS#8) private key.
	KeyPEM []byte
	// CertFile is the path CertPEM was written to.
	CertFile string
	// KeyFile is the path KeyPEM was written to.
	KeyFile string
}

// TLSCertificate parses the pair for use in a crypto/tls server or client.
func (p CertKeyPair) TLSCertificate() (tls.Certificate, error) {
	c, err := tls.X509KeyPair(p.CertPEM, p.KeyPEM)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("parsing key pair %s: %w", p.CertFile, err)
	}
	return c, nil
}

// certAuthority is a self-signed CA that signs leaf certificates.
type certAuthority struct {
	cert    *x509.Certificate
	key     crypto.Signer
	certPEM []byte
	files   CertKeyPair
}

// leafSpec describes a certificate to issue.
type leafSpec struct {
	commonName    string
	organizations []string
	dnsNames      []string
	ips           []net.IP
	usage         x509.ExtKeyUsage
}

// pkiFiles is the PKI of one control plane. Certificates use ECDSA P-256 keys, which are far
// cheaper to generate than RSA on a 2-core machine; the service-account key is RSA because
// that is what kube-apiserver's token signer expects.
type pkiFiles struct {
	dir          string
	ca           *certAuthority
	frontProxyCA *certAuthority

	apiserver        CertKeyPair
	admin            CertKeyPair
	controllerMgr    CertKeyPair
	scheduler        CertKeyPair
	frontProxyClient CertKeyPair
	controllerMgrTLS CertKeyPair
	schedulerTLS     CertKeyPair

	serviceAccountKey string
	serviceAccountPub string
}

// Names of the client certificates' subjects; RBAC's bootstrap policy binds the system: ones.
const (
	adminUser            = "admin"
	mastersGroup         = "system:masters"
	controllerMgrUser    = "system:kube-controller-manager"
	schedulerUser        = "system:kube-scheduler"
	frontProxyClientName = "front-proxy-client"
)

// loopbackDNSNames and loopbackIPs are what the components' own serving certificates are
// valid for: everything here listens on 127.0.0.1 only.
func loopbackDNSNames() []string { return []string{"localhost"} }

func loopbackIPs() []net.IP { return []net.IP{net.ParseIP("127.0.0.1")} }

// newPKI creates the cluster CA, front-proxy CA, every certificate a control plane's
// components need, and the service-account key pair, writing them all below dir.
func newPKI(dir string) (*pkiFiles, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("creating PKI dir: %w", err)
	}
	p := &pkiFiles{dir: dir}
	var err error
	if p.ca, err = newCertAuthority(dir, "ca", "federation-test-ca"); err != nil {
		return nil, err
	}
	if p.frontProxyCA, err = newCertAuthority(dir, "front-proxy-ca", "federation-test-front-proxy-ca"); err != nil {
		return nil, err
	}
	localServing := func(cn string) leafSpec {
		return leafSpec{commonName: cn, dnsNames: loopbackDNSNames(), ips: loopbackIPs(), usage: x509.ExtKeyUsageServerAuth}
	}
	issues := []struct {
		ca   *certAuthority
		name string
		spec leafSpec
		out  *CertKeyPair
	}{
		{p.ca, "apiserver", leafSpec{
			commonName: "kube-apiserver",
			dnsNames: []string{"localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc",
				"kubernetes.default.svc.cluster.local"},
			ips:   []net.IP{net.ParseIP("127.0.0.1"), net.ParseIP("10.0.0.1")},
			usage: x509.ExtKeyUsageServerAuth,
		}, &p.apiserver},
		{p.ca, "admin", clientSpec(adminUser, mastersGroup), &p.admin},
		{p.ca, "kube-controller-manager", clientSpec(controllerMgrUser), &p.controllerMgr},
		{p.ca, "kube-scheduler", clientSpec(schedulerUser), &p.scheduler},
		{p.frontProxyCA, "front-proxy-client", clientSpec(frontProxyClientName), &p.frontProxyClient},
		{p.ca, "kube-controller-manager-serving", localServing("kube-controller-manager"), &p.controllerMgrTLS},
		{p.ca, "kube-scheduler-serving", localServing("kube-scheduler"), &p.schedulerTLS},
	}
	for _, is := range issues {
		if *is.out, err = is.ca.issue(dir, is.name, is.spec); err != nil {
			return nil, err
		}
	}
	if p.serviceAccountKey, p.serviceAccountPub, err = writeServiceAccountKeys(dir); err != nil {
		return nil, err
	}
	return p, nil
}

func clientSpec(user string, groups ...string) leafSpec {
	return leafSpec{commonName: user, organizations: groups, usage: x509.ExtKeyUsageClientAuth}
}

func newCertAuthority(dir, name, commonName string) (*certAuthority, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generating %s key: %w", name, err)
	}
	serial, err := randomSerial()
	if err != nil {
		return nil, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: commonName},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(10 * 365 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return nil, fmt.Errorf("self-signing %s: %w", name, err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("parsing %s: %w", name, err)
	}
	files, err := writePair(dir, name, der, key)
	if err != nil {
		return nil, err
	}
	return &certAuthority{cert: cert, key: key, certPEM: files.CertPEM, files: files}, nil
}

// issue signs a new leaf certificate and writes it to dir/name.{crt,key}.
func (ca *certAuthority) issue(dir, name string, spec leafSpec) (CertKeyPair, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return CertKeyPair{}, fmt.Errorf("generating %s key: %w", name, err)
	}
	serial, err := randomSerial()
	if err != nil {
		return CertKeyPair{}, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: spec.commonName, Organization: spec.organizations},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(365 * 24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage:  []x509.ExtKeyUsage{spec.usage},
		DNSNames:     spec.dnsNames,
		IPAddresses:  spec.ips,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, key.Public(), ca.key)
	if err != nil {
		return CertKeyPair{}, fmt.Errorf("signing %s: %w", name, err)
	}
	return writePair(dir, name, der, key)
}

func randomSerial() (*big.Int, error) {
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return nil, fmt.Errorf("generating serial number: %w", err)
	}
	return serial, nil
}

func writePair(dir, name string, certDER []byte, key crypto.Signer) (CertKeyPair, error) {
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return CertKeyPair{}, fmt.Errorf("encoding %s key: %w", name, err)
	}
	p := CertKeyPair{
		CertPEM:  pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: certDER}),
		KeyPEM:   pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}),
		CertFile: filepath.Join(dir, name+".crt"),
		KeyFile:  filepath.Join(dir, name+".key"),
	}
	if err := os.WriteFile(p.CertFile, p.CertPEM, 0o600); err != nil {
		return CertKeyPair{}, fmt.Errorf("writing %s: %w", name, err)
	}
	if err := os.WriteFile(p.KeyFile, p.KeyPEM, 0o600); err != nil {
		return CertKeyPair{}, fmt.Errorf("writing %s key: %w", name, err)
	}
	return p, nil
}

// writeServiceAccountKeys writes the RSA key pair kube-apiserver signs and verifies
// service-account tokens with, and kube-controller-manager signs them with.
func writeServiceAccountKeys(dir string) (keyFile, pubFile string, err error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return "", "", fmt.Errorf("generating service-account key: %w", err)
	}
	pubDER, err := x509.MarshalPKIXPublicKey(key.Public())
	if err != nil {
		return "", "", fmt.Errorf("encoding service-account public key: %w", err)
	}
	keyFile, pubFile = filepath.Join(dir, "sa.key"), filepath.Join(dir, "sa.pub")
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})
	if err := os.WriteFile(keyFile, keyPEM, 0o600); err != nil {
		return "", "", fmt.Errorf("writing service-account key: %w", err)
	}
	pubPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER})
	if err := os.WriteFile(pubFile, pubPEM, 0o600); err != nil {
		return "", "", fmt.Errorf("writing service-account public key: %w", err)
	}
	return keyFile, pubFile, nil
}
