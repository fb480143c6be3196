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

package coredns

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"

	"sigs.k8s.io/yaml"
)

// Defaults of the provider configuration file.
const (
	// DefaultPathPrefix is the etcd plugin's own default `path`.
	DefaultPathPrefix = "/skydns"
	// DefaultOwnerPrefix is where the provider keeps one ownership record per owner; the
	// zone and the federation name are appended.
	DefaultOwnerPrefix = "/federation-dns-owners"
	// DefaultTimeout bounds each etcd request.
	DefaultTimeout = 5 * time.Second
)

// FileConfig is the provider configuration file (--dns-provider-config), YAML or JSON:
//
//	endpoints: [http://127.0.0.1:2379]   # etcd client URLs, as the Corefile's etcd `endpoint`
//	pathPrefix: /skydns                  # as the Corefile's etcd `path`; default /skydns
//	ownerPrefix: /federation-dns-owners  # where ownership records live; default as shown
//	timeout: 5s                          # each etcd request; default 5s
//
// The CoreDNS serving the zone runs the etcd plugin with the same endpoint and path, e.g.
//
//	example.test:53 { etcd { path /skydns; endpoint http://127.0.0.1:2379 } }
type FileConfig struct {
	Endpoints   []string `json:"endpoints"`
	PathPrefix  string   `json:"pathPrefix,omitempty"`
	OwnerPrefix string   `json:"ownerPrefix,omitempty"`
	Timeout     string   `json:"timeout,omitempty"`
}

// settings are a FileConfig with defaults applied and the timeout parsed.
type settings struct {
	endpoints   []string
	pathPrefix  string
	ownerPrefix string
	timeout     time.Duration
}

// readConfig reads and checks the configuration file at path; every problem is reported
// at once, naming the field.
func readConfig(path string) (settings, error) {
	if path == "" {
		return settings{}, fmt.Errorf("the coredns DNS provider needs --dns-provider-config naming a file with the etcd endpoints")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return settings{}, fmt.Errorf("reading DNS provider config: %w", err)
	}
	var fc FileConfig
	if err := yaml.UnmarshalStrict(data, &fc); err != nil {
		return settings{}, fmt.Errorf("parsing DNS provider config %s: %w", path, err)
	}
	return fc.settings()
}

func (fc FileConfig) settings() (settings, error) {
	s := settings{endpoints: fc.Endpoints, pathPrefix: fc.PathPrefix, ownerPrefix: fc.OwnerPrefix, timeout: DefaultTimeout}
	var errs []string
	if len(s.endpoints) == 0 {
		errs = append(errs, "endpoints: at least one etcd client URL is required")
	}
	if s.pathPrefix == "" {
		s.pathPrefix = DefaultPathPrefix
	}
	if s.ownerPrefix == "" {
		s.ownerPrefix = DefaultOwnerPrefix
	}
	for field, p := range map[string]string{"pathPrefix": s.pathPrefix, "ownerPrefix": s.ownerPrefix} {
		if !strings.HasPrefix(p, "/") {
			errs = append(errs, fmt.Sprintf("%s: %q must start with /", field, p))
		}
	}
	if strings.HasPrefix(strings.TrimSuffix(s.ownerPrefix, "/")+"/", strings.TrimSuffix(s.pathPrefix, "/")+"/") {
		errs = append(errs, fmt.Sprintf("ownerPrefix: %q must not be under pathPrefix %q, where CoreDNS would serve it", s.ownerPrefix, s.pathPrefix))
	}
	if fc.Timeout != "" {
		d, err := time.ParseDuration(fc.Timeout)
		if err != nil || d <= 0 {
			errs = append(errs, fmt.Sprintf("timeout: %q is not a positive duration", fc.Timeout))
		}
		s.timeout = d
	}
	if len(errs) > 0 {
		return settings{}, fmt.Errorf("invalid DNS provider config: %s", strings.Join(errs, "; "))
	}
	s.pathPrefix = strings.TrimSuffix(s.pathPrefix, "/")
	s.ownerPrefix = strings.TrimSuffix(s.ownerPrefix, "/")
	return s, nil
}

// record is the value the etcd plugin reads (SkyDNS's msg.Service): host is an IP address
// (an A or AAAA record) or a name (a CNAME), ttl in seconds.
type record struct {
	Host string `json:"host"`
	TTL  uint32 `json:"ttl"`
}

// ownership is the value of an owner's record: the etcd keys of the records it holds.
type ownership struct {
	Keys []string `json:"keys"`
}

// encode marshals a record or an ownership, which cannot fail (fixed struct types).
func encode(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
