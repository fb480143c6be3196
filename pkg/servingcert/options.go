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
	"errors"
	"fmt"

	"github.com/spf13/pflag"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	aggregatorclient "k8s.io/kube-aggregator/pkg/client/clientset_generated/clientset"
)

// Flags are the flags with which fcp keeps its own serving certificate in a
// Secret and the APIService's caBundle in step with it, so that a plain
// `kubectl apply -f artifacts/` gives the aggregator a real CA to verify.
type Flags struct {
	// SecretName is the Secret in the federation namespace holding the CA and certificate.
	SecretName string
	// DNSNames are the names the certificate covers: <service>.<namespace>.svc at least.
	DNSNames []string
	// APIService is the APIService whose caBundle fcp keeps equal to its CA.
	APIService string
}

// AddFlags adds the serving certificate flags to fs.
func (o *Flags) AddFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.SecretName, "serving-cert-secret", o.SecretName,
		"Secret in --federation-namespace of the host holding a CA and serving certificate fcp made itself; "+
			"fcp creates it when missing and renews the certificate under the same CA when it nears expiry. "+
			"Excludes --tls-cert-file.")
	fs.StringSliceVar(&o.DNSNames, "serving-cert-dns-names", o.DNSNames,
		"DNS names of the self-managed serving certificate; include <service>.<namespace>.svc, the name the aggregator verifies.")
	fs.StringVar(&o.APIService, "ca-bundle-apiservice", o.APIService,
		"APIService (e.g. v1beta1.federation.k8s.io) whose spec.caBundle fcp keeps equal to the CA in --serving-cert-secret.")
}

// Validate reports conflicting or missing serving certificate flags; tlsCertFile and
// tlsKeyFile are the server's --tls-cert-file and --tls-private-key-file.
func (o *Flags) Validate(tlsCertFile, tlsKeyFile string) []error {
	var errs []error
	if o.SecretName == "" {
		if o.APIService != "" {
			errs = append(errs, errors.New("--ca-bundle-apiservice needs --serving-cert-secret"))
		}
		return errs
	}
	if len(o.DNSNames) == 0 {
		errs = append(errs, errors.New("--serving-cert-dns-names must be set with --serving-cert-secret"))
	}
	if tlsCertFile != "" || tlsKeyFile != "" {
		errs = append(errs, errors.New("--serving-cert-secret and --tls-cert-file/--tls-private-key-file exclude each other"))
	}
	return errs
}

// NewManager builds the certificate manager with clients for the host: kubeconfig, or the
// in-cluster configuration when it is empty (as for the rest of fcp). namespace is the
// federation namespace, where the Secret lives.
func (o *Flags) NewManager(kubeconfig, namespace string) (*Manager, error) {
	var cfg *rest.Config
	var err error
	if kubeconfig == "" {
		cfg, err = rest.InClusterConfig()
	} else {
		cfg, err = clientcmd.BuildConfigFromFlags("", kubeconfig)
	}
	if err != nil {
		return nil, fmt.Errorf("host client for the serving certificate: %w", err)
	}
	host, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return nil, err
	}
	agg, err := aggregatorclient.NewForConfig(cfg)
	if err != nil {
		return nil, err
	}
	return NewManager(host, agg.ApiregistrationV1(), Options{
		Namespace: namespace, SecretName: o.SecretName, DNSNames: o.DNSNames, APIService: o.APIService,
	}), nil
}
