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

// Package dns is the contract between the DNS controller (pkg/controllers/dns), which decides
// which records each federated Service needs, and the DNS providers that publish them
// (pkg/dns/coredns: the etcd that CoreDNS's etcd plugin reads; pkg/dns/externaldns:
// DNSEndpoint objects that external-dns publishes to a cloud DNS). A provider knows nothing
// of federation's objects: it holds sets of endpoints, each set under an Owner, and makes a
// set exactly what it is told. Adding a provider is one package implementing Provider and
// one entry in the controller-manager's table of providers.
package dns

import (
	"context"
	"slices"
	"strings"
)

// RecordType is a DNS record type a provider publishes.
type RecordType string

// The record types federation publishes: a level with healthy addresses gets A and AAAA
// records for its IPs (and a CNAME when a cloud gives its load balancer a hostname); a level
// without any is a CNAME to the level above.
const (
	RecordTypeA     RecordType = "A"
	RecordTypeAAAA  RecordType = "AAAA"
	RecordTypeCNAME RecordType = "CNAME"
)

// Endpoint is the records of one type at one name, e.g. web.shop.myfed.svc.example.test. A
// 10.0.0.1 10.0.0.2, TTL 30.
type Endpoint struct {
	// DNSName is the fully qualified name without the trailing dot, lower case, e.g.
	// web.shop.myfed.svc.eu.example.test.
	DNSName string
	// RecordType is A, AAAA or CNAME.
	RecordType RecordType
	// Targets are IP addresses (A, AAAA), sorted, each once; or, for a CNAME, exactly one
	// fully qualified name without the trailing dot.
	Targets []string
	// TTL is the records' time to live, in seconds.
	TTL int64
}

// Owner names the set of endpoints published for one federated object (a FederatedService
// namespace/name): a provider keeps each owner's endpoints apart from every other owner's and
// from records it did not write, so that a Sync never touches another owner's records.
type Owner struct {
	Namespace, Name string
}

// String is namespace/name.
func (o Owner) String() string { return o.Namespace + "/" + o.Name }

// Provider publishes endpoints in one DNS zone. Its methods are safe for concurrent use;
// calls for different owners may run in parallel, calls for one owner do not.
type Provider interface {
	// Endpoints returns what the provider holds for owner, in Sort order; none (and no error)
	// for an owner it holds nothing for.
	Endpoints(ctx context.Context, owner Owner) ([]Endpoint, error)
	// Sync makes owner's endpoints exactly want (in any order): it adds, changes and removes
	// records as needed, and removes all of owner's records when want is empty. It writes
	// nothing when the provider already holds want. An error leaves a state that a later
	// Sync with the same want completes.
	Sync(ctx context.Context, owner Owner, want []Endpoint) error
	// Owners lists every owner the provider holds endpoints for, so that the controller can
	// remove the records of federated objects deleted while it was not running.
	Owners(ctx context.Context) ([]Owner, error)
}

// Config is what every provider is built from: the controller-manager's flags, as the
// original federation's --dns-provider, --dns-zone-name, --dns-provider-config and
// --federation-name.
type Config struct {
	// Zone is the DNS zone the records are published in, without the trailing dot, e.g.
	// example.test.
	Zone string
	// ConfigFile is the path of the provider's own configuration file (--dns-provider-config;
	// its format is the provider's), or "".
	ConfigFile string
	// Federation is the federation's name, the label after the service's namespace in every
	// name (<service>.<namespace>.<federation>.svc...).
	Federation string
}

// Sort orders endpoints by DNSName, then RecordType, and sorts each one's targets: the order
// Endpoints returns and the controller compares in.
func Sort(endpoints []Endpoint) {
	for i := range endpoints {
		slices.Sort(endpoints[i].Targets)
	}
	slices.SortFunc(endpoints, func(a, b Endpoint) int {
		if c := strings.Compare(a.DNSName, b.DNSName); c != 0 {
			return c
		}
		return strings.Compare(string(a.RecordType), string(b.RecordType))
	})
}

// Equal reports whether a and b hold the same endpoints, in any order.
func Equal(a, b []Endpoint) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	for i := range a {
		a[i].Targets = slices.Clone(a[i].Targets)
	}
	for i := range b {
		b[i].Targets = slices.Clone(b[i].Targets)
	}
	Sort(a)
	Sort(b)
	return slices.EqualFunc(a, b, func(x, y Endpoint) bool {
		return x.DNSName == y.DNSName && x.RecordType == y.RecordType && x.TTL == y.TTL && slices.Equal(x.Targets, y.Targets)
	})
}
