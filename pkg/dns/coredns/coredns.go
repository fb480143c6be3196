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

// Package coredns is the DNS provider that writes records to the etcd CoreDNS's etcd plugin
// serves a zone from (the SkyDNS layout; see keys.go), as the original federation's CoreDNS
// provider did (federation/pkg/dnsprovider/providers/coredns).
package coredns

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	clientv3 "go.etcd.io/etcd/client/v3"
	"go.uber.org/zap"

	"k8s.io/federation/pkg/dns"
)

// Name is the provider's --dns-provider value.
const Name = "coredns"

// Provider publishes endpoints to CoreDNS through etcd.
type Provider struct {
	client *clientv3.Client
	cfg    dns.Config
	s      settings
}

var _ dns.Provider = (*Provider)(nil)

// New returns a provider for cfg, reading cfg.ConfigFile (see FileConfig). It does not dial
// etcd: the first request does, so a missing etcd is a provider error, not a start failure.
func New(cfg dns.Config) (*Provider, error) {
	s, err := readConfig(cfg.ConfigFile)
	if err != nil {
		return nil, err
	}
	return newProvider(cfg, s)
}

// NewFromConfig is New with the file's contents given.
func NewFromConfig(cfg dns.Config, fc FileConfig) (*Provider, error) {
	s, err := fc.settings()
	if err != nil {
		return nil, err
	}
	return newProvider(cfg, s)
}

func newProvider(cfg dns.Config, s settings) (*Provider, error) {
	if cfg.Zone == "" || cfg.Federation == "" {
		return nil, fmt.Errorf("the coredns DNS provider needs a zone and a federation name")
	}
	client, err := clientv3.New(clientv3.Config{
		Endpoints: s.endpoints, DialTimeout: s.timeout, Logger: zap.NewNop(),
	})
	if err != nil {
		return nil, fmt.Errorf("etcd client for %v: %w", s.endpoints, err)
	}
	cfg.Zone = strings.TrimSuffix(strings.ToLower(cfg.Zone), ".")
	return &Provider{client: client, cfg: cfg, s: s}, nil
}

// Close closes the etcd client.
func (p *Provider) Close() error { return p.client.Close() }

// ownersPrefix is the etcd prefix of this federation's ownership records in the zone.
func (p *Provider) ownersPrefix() string {
	return p.s.ownerPrefix + "/" + p.cfg.Zone + "/" + p.cfg.Federation + "/"
}

func (p *Provider) ownerKey(o dns.Owner) string {
	return p.ownersPrefix() + o.Namespace + "/" + o.Name
}

// held is what etcd holds for an owner: its ownership record's revision (0 when absent),
// and the records it lists that exist.
type held struct {
	modRevision int64
	records     map[string]record
	raw         map[string]string
}

func (p *Provider) read(ctx context.Context, o dns.Owner) (held, error) {
	ctx, cancel := context.WithTimeout(ctx, p.s.timeout)
	defer cancel()
	h := held{records: map[string]record{}, raw: map[string]string{}}
	resp, err := p.client.Get(ctx, p.ownerKey(o))
	if err != nil {
		return h, fmt.Errorf("reading DNS ownership of %s: %w", o, err)
	}
	if len(resp.Kvs) == 0 {
		return h, nil
	}
	h.modRevision = resp.Kvs[0].ModRevision
	var own ownership
	if err := json.Unmarshal(resp.Kvs[0].Value, &own); err != nil {
		return h, fmt.Errorf("DNS ownership record of %s: %w", o, err)
	}
	if len(own.Keys) == 0 {
		return h, nil
	}
	ops := make([]clientv3.Op, len(own.Keys))
	for i, k := range own.Keys {
		ops[i] = clientv3.OpGet(k)
	}
	txn, err := p.client.Txn(ctx).Then(ops...).Commit()
	if err != nil {
		return h, fmt.Errorf("reading DNS records of %s: %w", o, err)
	}
	for _, r := range txn.Responses {
		for _, kv := range r.GetResponseRange().Kvs {
			var rec record
			if err := json.Unmarshal(kv.Value, &rec); err != nil {
				return h, fmt.Errorf("DNS record %s of %s: %w", kv.Key, o, err)
			}
			h.records[string(kv.Key)] = rec
			h.raw[string(kv.Key)] = string(kv.Value)
		}
	}
	return h, nil
}

// Endpoints returns what etcd holds for o, in dns.Sort order.
func (p *Provider) Endpoints(ctx context.Context, o dns.Owner) ([]dns.Endpoint, error) {
	h, err := p.read(ctx, o)
	if err != nil {
		return nil, err
	}
	return fromKeys(p.s.pathPrefix, h.records)
}

// Sync makes o's records want in one etcd transaction, guarded by the ownership record's
// revision (a concurrent change fails it; the caller retries). It writes nothing when etcd
// already holds want.
func (p *Provider) Sync(ctx context.Context, o dns.Owner, want []dns.Endpoint) error {
	h, err := p.read(ctx, o)
	if err != nil {
		return err
	}
	for _, e := range want {
		if !strings.HasSuffix(e.DNSName, "."+p.cfg.Zone) && e.DNSName != p.cfg.Zone {
			return fmt.Errorf("%s is not in zone %s", e.DNSName, p.cfg.Zone)
		}
	}
	keys := toKeys(p.s.pathPrefix, ownerHash(p.cfg.Federation, o), want)
	if maps.Equal(keys, h.raw) && (h.modRevision != 0) == (len(keys) > 0) {
		return nil
	}
	var ops []clientv3.Op
	for k, v := range keys {
		if h.raw[k] != v {
			ops = append(ops, clientv3.OpPut(k, v))
		}
	}
	for k := range h.raw {
		if _, ok := keys[k]; !ok {
			ops = append(ops, clientv3.OpDelete(k))
		}
	}
	if len(keys) == 0 {
		ops = append(ops, clientv3.OpDelete(p.ownerKey(o)))
	} else {
		ops = append(ops, clientv3.OpPut(p.ownerKey(o), encode(ownership{Keys: slices.Sorted(maps.Keys(keys))})))
	}
	ctx, cancel := context.WithTimeout(ctx, p.s.timeout)
	defer cancel()
	resp, err := p.client.Txn(ctx).
		If(clientv3.Compare(clientv3.ModRevision(p.ownerKey(o)), "=", h.modRevision)).
		Then(ops...).Commit()
	if err != nil {
		return fmt.Errorf("writing DNS records of %s: %w", o, err)
	}
	if !resp.Succeeded {
		return fmt.Errorf("DNS records of %s changed while being written", o)
	}
	return nil
}

// Owners lists the owners this federation holds records for in the zone.
func (p *Provider) Owners(ctx context.Context) ([]dns.Owner, error) {
	ctx, cancel := context.WithTimeout(ctx, p.s.timeout)
	defer cancel()
	resp, err := p.client.Get(ctx, p.ownersPrefix(), clientv3.WithPrefix(), clientv3.WithKeysOnly())
	if err != nil {
		return nil, fmt.Errorf("listing DNS owners: %w", err)
	}
	var out []dns.Owner
	for _, kv := range resp.Kvs {
		ns, name, ok := strings.Cut(strings.TrimPrefix(string(kv.Key), p.ownersPrefix()), "/")
		if ok && ns != "" && name != "" && !strings.Contains(name, "/") {
			out = append(out, dns.Owner{Namespace: ns, Name: name})
		}
	}
	return out, nil
}
