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

package externaldns

import (
	"fmt"
	"os"

	"k8s.io/apimachinery/pkg/util/validation"
	"sigs.k8s.io/yaml"
)

// DefaultNamespace is where DNSEndpoints are written when the configuration file names no
// namespace: the federation namespace of `kubefed init` and fcp's --federation-namespace.
const DefaultNamespace = "federation-system"

// FileConfig is the provider configuration file (--dns-provider-config), YAML or JSON; the
// file and each field are optional:
//
//	namespace: federation-system   # the host namespace of the DNSEndpoints; default as shown
//	kubeconfig: /etc/dns/kubeconfig  # the cluster external-dns watches; default the host
//
// external-dns publishes them when its "crd" source watches that namespace, e.g.
//
//	external-dns --source=crd --crd-source-apiversion=externaldns.k8s.io/v1alpha1 \
//	  --crd-source-kind=DNSEndpoint --namespace=federation-system \
//	  --label-filter=app.kubernetes.io/managed-by=federation --provider=... --domain-filter=<zone>
type FileConfig struct {
	Namespace  string `json:"namespace,omitempty"`
	Kubeconfig string `json:"kubeconfig,omitempty"`
}

// readConfig reads the configuration file at path; "" is the defaults.
func readConfig(path string) (FileConfig, error) {
	var fc FileConfig
	if path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			return fc, fmt.Errorf("reading DNS provider config: %w", err)
		}
		if err := yaml.UnmarshalStrict(data, &fc); err != nil {
			return fc, fmt.Errorf("parsing DNS provider config %s: %w", path, err)
		}
	}
	if fc.Namespace == "" {
		fc.Namespace = DefaultNamespace
	}
	if errs := validation.IsDNS1123Label(fc.Namespace); len(errs) > 0 {
		return fc, fmt.Errorf("invalid DNS provider config: namespace: %q: %v", fc.Namespace, errs)
	}
	return fc, nil
}
