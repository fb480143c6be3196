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

package controllermanager

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/spf13/pflag"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/client-go/rest"
	"k8s.io/component-base/metrics/legacyregistry"

	dnscontroller "k8s.io/federation/pkg/controllers/dns"
	"k8s.io/federation/pkg/dns"
	"k8s.io/federation/pkg/dns/coredns"
	"k8s.io/federation/pkg/dns/externaldns"
)

// dnsProviders are the DNS providers --dns-provider chooses from: a provider is one entry.
// Each is built from the DNS flags and the host's client configuration (the controller-
// manager's, with its user agent and limits).
var dnsProviders = map[string]func(dns.Config, *rest.Config) (dns.Provider, error){
	coredns.Name: func(cfg dns.Config, _ *rest.Config) (dns.Provider, error) { return coredns.New(cfg) },
	externaldns.Name: func(cfg dns.Config, host *rest.Config) (dns.Provider, error) {
		p, err := externaldns.New(cfg, host)
		if err != nil {
			// A plain nil, never a typed nil in the interface.
			return nil, err
		}
		return p, nil
	},
}

// DNSOptions are the original federation's DNS flags (federation-controller-manager's
// --dns-provider, --dns-provider-config, --zone-name, --federation-name).
type DNSOptions struct {
	// Provider names an entry of dnsProviders; empty turns the DNS controller off.
	Provider string
	// Zone is the DNS zone, e.g. example.com (a trailing dot is optional).
	Zone string
	// ProviderConfig is the provider's configuration file.
	ProviderConfig string
	// Federation is the federation's name in every published name.
	Federation string
	// TTL of the records.
	TTL time.Duration
}

// AddFlags adds the DNS flags.
func (d *DNSOptions) AddFlags(fs *pflag.FlagSet) {
	fs.StringVar(&d.Provider, "dns-provider", d.Provider, fmt.Sprintf(
		"DNS provider the DNS controller publishes federated Services' names with, one of %s; empty turns the controller off.",
		strings.Join(slices.Sorted(maps.Keys(dnsProviders)), ", ")))
	fs.StringVar(&d.Zone, "dns-zone-name", d.Zone, "DNS zone the names are published in, e.g. example.com.")
	fs.StringVar(&d.ProviderConfig, "dns-provider-config", d.ProviderConfig,
		"Path of the DNS provider's configuration file (coredns: etcd endpoints and path prefix; external-dns: the namespace of the DNSEndpoints; see the README).")
	fs.StringVar(&d.Federation, "federation-name", d.Federation,
		"Name of the federation, a DNS label: <service>.<namespace>.<federation-name>.svc.<dns-zone-name> and the zone and region names below it.")
	fs.DurationVar(&d.TTL, "dns-ttl", d.TTL, "Time to live of the published DNS records (whole seconds).")
}

// Validate reports every invalid DNS flag.
func (d *DNSOptions) Validate() []error {
	if d.Provider == "" {
		// A zone or a provider configuration without a provider would run no DNS at all,
		// silently: say so instead.
		if d.Zone != "" || d.ProviderConfig != "" {
			return []error{fmt.Errorf("--dns-zone-name and --dns-provider-config need --dns-provider (one of %s); without it the DNS controller is off",
				strings.Join(slices.Sorted(maps.Keys(dnsProviders)), ", "))}
		}
		return nil
	}
	var errs []error
	if _, ok := dnsProviders[d.Provider]; !ok {
		errs = append(errs, fmt.Errorf("--dns-provider %q is not one of %s", d.Provider, strings.Join(slices.Sorted(maps.Keys(dnsProviders)), ", ")))
	}
	zone := strings.TrimSuffix(d.Zone, ".")
	if msgs := validation.IsDNS1123Subdomain(strings.ToLower(zone)); zone == "" || len(msgs) > 0 {
		errs = append(errs, fmt.Errorf("--dns-zone-name %q must be a DNS name: %s", d.Zone, strings.Join(msgs, "; ")))
	}
	if msgs := validation.IsDNS1123Label(d.Federation); len(msgs) > 0 {
		errs = append(errs, fmt.Errorf("--federation-name %q must be a DNS label: %s", d.Federation, strings.Join(msgs, "; ")))
	}
	if d.TTL < time.Second || d.TTL%time.Second != 0 {
		errs = append(errs, fmt.Errorf("--dns-ttl must be a whole number of seconds, at least 1s, got %s", d.TTL))
	}
	return errs
}

// config is the providers' dns.Config.
func (d *DNSOptions) config() dns.Config {
	return dns.Config{Zone: strings.ToLower(strings.TrimSuffix(d.Zone, ".")), ConfigFile: d.ProviderConfig, Federation: d.Federation}
}

// newProvider builds the chosen provider with the host's client configuration.
func (d *DNSOptions) newProvider(host *rest.Config) (dns.Provider, error) {
	return dnsProviders[d.Provider](d.config(), host)
}

// dnsMetrics are registered once per process: a new leadership runs the controllers again.
var dnsMetrics = sync.OnceValue(func() *dnscontroller.Metrics {
	m := dnscontroller.NewMetrics()
	m.Register(legacyregistry.MustRegister)
	return m
})
