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
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"k8s.io/federation/pkg/dns"
)

// The key layout. A record of name web.shop.myfed.svc.example.test is the key
//
//	<pathPrefix>/test/example/svc/myfed/shop/web/<leaf>
//
// (the name's labels reversed, as SkyDNS and CoreDNS's etcd plugin read them: a query reads
// every key under the name's path), one key per address, with the value {"host": ..., "ttl": N}.
// The leaf names the owner and the record: fed-<owner hash>-<a|aaaa>-<i>, where the owner
// hash is the first 10 hex digits of sha256(<federation>/<namespace>/<name>), so two owners
// (or another writer) never share a key even at one name. A CNAME (one target) is the key
// of the name itself, <pathPrefix>/test/example/svc/myfed/shop/web: the etcd plugin answers
// a CNAME query from that key alone (plugin/backend_lookup.go CNAME reads the exact key),
// and an A query falls back to it when nothing is below it.
//
// Each owner also has an ownership record, outside the path CoreDNS serves:
//
//	<ownerPrefix>/<zone>/<federation>/<namespace>/<name>  {"keys": [<record keys>]}
//
// written in the same etcd transaction as its records, so Endpoints and Sync read exactly
// the records the owner wrote, and Owners lists owners without reading the zone.

// namePath returns the etcd path of a DNS name (no trailing dot) under prefix.
func namePath(prefix, name string) string {
	labels := strings.Split(strings.ToLower(name), ".")
	slices.Reverse(labels)
	return prefix + "/" + strings.Join(labels, "/")
}

// nameOfKey returns the DNS name a record key (namePath, plus a leaf when withLeaf) stands
// for.
func nameOfKey(prefix, key string, withLeaf bool) (string, error) {
	rest, ok := strings.CutPrefix(key, prefix+"/")
	if !ok {
		return "", fmt.Errorf("key %q is not under %q", key, prefix)
	}
	labels := strings.Split(rest, "/")
	if withLeaf {
		if len(labels) < 2 {
			return "", fmt.Errorf("key %q has no name and leaf", key)
		}
		labels = labels[:len(labels)-1]
	}
	slices.Reverse(labels)
	return strings.Join(labels, "."), nil
}

// ownerHash identifies an owner of one federation in leaf names.
func ownerHash(federation string, owner dns.Owner) string {
	sum := sha256.Sum256([]byte(federation + "/" + owner.Namespace + "/" + owner.Name))
	return hex.EncodeToString(sum[:])[:10]
}

// leaf is the last element of the key of an owner's i-th address of type t.
func leaf(hash string, t dns.RecordType, i int) string {
	return fmt.Sprintf("fed-%s-%s-%d", hash, strings.ToLower(string(t)), i)
}

// recordType tells what the etcd plugin serves for host: A for an IPv4 address, AAAA for
// an IPv6 one, CNAME for a name.
func recordType(host string) dns.RecordType {
	addr, err := netip.ParseAddr(host)
	switch {
	case err != nil:
		return dns.RecordTypeCNAME
	case addr.Is4() || addr.Is4In6():
		return dns.RecordTypeA
	default:
		return dns.RecordTypeAAAA
	}
}

// toKeys returns the record keys and values that publish want for an owner.
func toKeys(prefix, hash string, want []dns.Endpoint) map[string]string {
	out := map[string]string{}
	for _, e := range want {
		for i, t := range e.Targets {
			key := namePath(prefix, e.DNSName)
			if e.RecordType != dns.RecordTypeCNAME {
				key += "/" + leaf(hash, e.RecordType, i)
			}
			out[key] = encode(record{Host: strings.TrimSuffix(t, "."), TTL: uint32(e.TTL)})
		}
	}
	return out
}

// fromKeys returns the endpoints that records (key → value) publish, in dns.Sort order.
func fromKeys(prefix string, records map[string]record) ([]dns.Endpoint, error) {
	type at struct {
		name string
		t    dns.RecordType
	}
	byName := map[at]*dns.Endpoint{}
	for key, r := range records {
		t := recordType(r.Host)
		name, err := nameOfKey(prefix, key, t != dns.RecordTypeCNAME)
		if err != nil {
			return nil, err
		}
		k := at{name, t}
		e := byName[k]
		if e == nil {
			e = &dns.Endpoint{DNSName: name, RecordType: k.t, TTL: int64(r.TTL)}
			byName[k] = e
		}
		e.Targets = append(e.Targets, r.Host)
	}
	out := make([]dns.Endpoint, 0, len(byName))
	for _, e := range byName {
		out = append(out, *e)
	}
	dns.Sort(out)
	return out, nil
}
