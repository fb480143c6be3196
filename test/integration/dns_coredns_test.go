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

package integration

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	miekg "github.com/miekg/dns"
	clientv3 "go.etcd.io/etcd/client/v3"

	"k8s.io/federation/pkg/dns"
	"k8s.io/federation/pkg/dns/coredns"
	"k8s.io/federation/test/integration/framework"
)

// TestCoreDNSProvider publishes owners' endpoints with the coredns provider into a real
// etcd and asks a real CoreDNS (its etcd plugin, the Corefile the README gives) for them
// over loopback with a DNS client library.
func TestCoreDNSProvider(t *testing.T) {
	ctx := framework.TestContext(t)
	host := framework.StartHost(t, framework.Options{})
	server, err := host.StartCoreDNS(ctx, framework.CoreDNSOptions{Zone: "example.test"})
	if err != nil {
		t.Fatal(err)
	}
	p, err := coredns.NewFromConfig(dns.Config{Zone: "example.test.", Federation: "myfed"},
		coredns.FileConfig{Endpoints: []string{host.EtcdURL()}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Close() })
	etcd := etcdClient(t, host)

	const (
		zoneName   = "web.shop.myfed.svc.z1.r1.example.test"
		regionName = "web.shop.myfed.svc.r1.example.test"
		globalName = "web.shop.myfed.svc.example.test"
	)
	web := dns.Owner{Namespace: "shop", Name: "web"}
	webWant := []dns.Endpoint{
		{DNSName: zoneName, RecordType: dns.RecordTypeA, Targets: []string{"10.1.0.11", "10.1.0.12"}, TTL: 30},
		{DNSName: regionName, RecordType: dns.RecordTypeCNAME, Targets: []string{globalName}, TTL: 30},
		{DNSName: globalName, RecordType: dns.RecordTypeA, Targets: []string{"10.1.0.11", "10.1.0.12", "10.2.0.1"}, TTL: 30},
		{DNSName: globalName, RecordType: dns.RecordTypeAAAA, Targets: []string{"2001:db8::1"}, TTL: 30},
	}
	api := dns.Owner{Namespace: "shop", Name: "api"}
	apiWant := []dns.Endpoint{
		{DNSName: "api.shop.myfed.svc.example.test", RecordType: dns.RecordTypeCNAME, Targets: []string{"lb.cloud.example.com"}, TTL: 60},
	}
	for o, want := range map[dns.Owner][]dns.Endpoint{web: webWant, api: apiWant} {
		if err := p.Sync(ctx, o, want); err != nil {
			t.Fatal(err)
		}
	}

	t.Run("A queries of each level answer its addresses, authoritative", func(t *testing.T) {
		wantAnswer(t, ctx, server, zoneName, miekg.TypeA, []string{"A 10.1.0.11 30", "A 10.1.0.12 30"})
		wantAnswer(t, ctx, server, globalName, miekg.TypeA, []string{"A 10.1.0.11 30", "A 10.1.0.12 30", "A 10.2.0.1 30"})
		wantAnswer(t, ctx, server, globalName, miekg.TypeAAAA, []string{"AAAA 2001:db8::1 30"})
		// CoreDNS follows an in-zone CNAME: the answer holds it and the target's records.
		wantAnswer(t, ctx, server, regionName, miekg.TypeA,
			[]string{"A 10.1.0.11 30", "A 10.1.0.12 30", "A 10.2.0.1 30", "CNAME " + globalName + ". 30"})
		wantAnswer(t, ctx, server, regionName, miekg.TypeCNAME, []string{"CNAME " + globalName + ". 30"})
		wantAnswer(t, ctx, server, "api.shop.myfed.svc.example.test", miekg.TypeCNAME, []string{"CNAME lb.cloud.example.com. 60"})
	})

	t.Run("Endpoints reads back what Sync wrote; Owners lists both owners", func(t *testing.T) {
		got, err := p.Endpoints(ctx, web)
		if err != nil {
			t.Fatal(err)
		}
		if !dns.Equal(got, webWant) {
			t.Errorf("Endpoints(%s) = %+v, want %+v", web, got, webWant)
		}
		owners, err := p.Owners(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if want := []dns.Owner{api, web}; !cmp.Equal(sortedOwners(owners), want) {
			t.Errorf("Owners() = %v, want %v", owners, want)
		}
	})

	t.Run("a Sync of what is held writes nothing", func(t *testing.T) {
		before := dnsRevision(t, etcd)
		for range 3 {
			if err := p.Sync(ctx, web, slices.Clone(webWant)); err != nil {
				t.Fatal(err)
			}
		}
		if after := dnsRevision(t, etcd); after != before {
			t.Errorf("DNS keys' latest revision went from %s to %s over three Syncs of what was held", before, after)
		}
	})

	t.Run("a Sync changes one owner's records and leaves the other's", func(t *testing.T) {
		fewer := []dns.Endpoint{
			{DNSName: zoneName, RecordType: dns.RecordTypeCNAME, Targets: []string{regionName}, TTL: 30},
			{DNSName: regionName, RecordType: dns.RecordTypeA, Targets: []string{"10.2.0.1"}, TTL: 30},
			{DNSName: globalName, RecordType: dns.RecordTypeA, Targets: []string{"10.2.0.1"}, TTL: 30},
		}
		if err := p.Sync(ctx, web, fewer); err != nil {
			t.Fatal(err)
		}
		wantAnswer(t, ctx, server, globalName, miekg.TypeA, []string{"A 10.2.0.1 30"})
		wantAnswer(t, ctx, server, globalName, miekg.TypeAAAA, nil)
		wantAnswer(t, ctx, server, zoneName, miekg.TypeA, []string{"A 10.2.0.1 30", "CNAME " + regionName + ". 30"})
		wantAnswer(t, ctx, server, "api.shop.myfed.svc.example.test", miekg.TypeCNAME, []string{"CNAME lb.cloud.example.com. 60"})
	})

	t.Run("an empty Sync removes every record of the owner: NXDOMAIN", func(t *testing.T) {
		if err := p.Sync(ctx, web, nil); err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{zoneName, regionName, globalName} {
			r, err := server.Query(ctx, name, miekg.TypeA)
			if err != nil {
				t.Fatal(err)
			}
			if r.Rcode != miekg.RcodeNameError {
				t.Errorf("%s A: %s %v, want NXDOMAIN", name, miekg.RcodeToString[r.Rcode], r.Answer)
			}
		}
		owners, err := p.Owners(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if want := []dns.Owner{api}; !cmp.Equal(owners, want) {
			t.Errorf("Owners() = %v, want %v", owners, want)
		}
		if got, err := p.Endpoints(ctx, web); err != nil || len(got) != 0 {
			t.Errorf("Endpoints(%s) = %v, %v; want none", web, got, err)
		}
	})
}

// wantAnswer asks server for name's qtype records and compares the answer, as sorted
// "TYPE value TTL" strings, with want; the answer must be authoritative and NOERROR.
func wantAnswer(t *testing.T, ctx context.Context, server *framework.CoreDNS, name string, qtype uint16, want []string) {
	t.Helper()
	got, err := answer(ctx, server, name, qtype)
	if err != nil {
		t.Fatal(err)
	}
	if !cmp.Equal(want, got, cmpEmptyEqual) {
		t.Errorf("%s %s: answer %q, want %q", name, miekg.TypeToString[qtype], got, want)
	}
}

var cmpEmptyEqual = cmp.FilterValues(func(a, b []string) bool { return len(a) == 0 && len(b) == 0 }, cmp.Ignore())

// answer asks server for name's qtype records and returns the answer as sorted
// "TYPE value TTL" strings; an answer that is not authoritative NOERROR is an error.
func answer(ctx context.Context, server *framework.CoreDNS, name string, qtype uint16) ([]string, error) {
	r, err := server.Query(ctx, name, qtype)
	if err != nil {
		return nil, err
	}
	if r.Rcode != miekg.RcodeSuccess || !r.Authoritative {
		return nil, fmt.Errorf("%s %s: rcode %s, authoritative %v", name, miekg.TypeToString[qtype], miekg.RcodeToString[r.Rcode], r.Authoritative)
	}
	var out []string
	for _, rr := range r.Answer {
		switch v := rr.(type) {
		case *miekg.A:
			out = append(out, fmt.Sprintf("A %s %d", v.A, v.Hdr.Ttl))
		case *miekg.AAAA:
			out = append(out, fmt.Sprintf("AAAA %s %d", v.AAAA, v.Hdr.Ttl))
		case *miekg.CNAME:
			out = append(out, fmt.Sprintf("CNAME %s %d", v.Target, v.Hdr.Ttl))
		default:
			out = append(out, rr.String())
		}
	}
	slices.Sort(out)
	return out, nil
}

func sortedOwners(owners []dns.Owner) []dns.Owner {
	out := slices.Clone(owners)
	slices.SortFunc(out, func(a, b dns.Owner) int {
		return strings.Compare(a.String(), b.String())
	})
	return out
}

// etcdClient is a client of the control plane's etcd.
func etcdClient(t *testing.T, cp *framework.ControlPlane) *clientv3.Client {
	t.Helper()
	c, err := clientv3.New(clientv3.Config{Endpoints: []string{cp.EtcdURL()}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// dnsRevision is the latest revision at which a DNS record or ownership record (the
// provider's default prefixes) was written, and their count: it changes with any write
// of them, a delete included.
func dnsRevision(t *testing.T, c *clientv3.Client) string {
	t.Helper()
	var latest, count int64
	for _, prefix := range []string{coredns.DefaultPathPrefix + "/", coredns.DefaultOwnerPrefix + "/"} {
		resp, err := c.Get(t.Context(), prefix, clientv3.WithPrefix(), clientv3.WithKeysOnly())
		if err != nil {
			t.Fatal(err)
		}
		for _, kv := range resp.Kvs {
			latest = max(latest, kv.ModRevision)
		}
		count += resp.Count
	}
	return fmt.Sprintf("%d (%d keys)", latest, count)
}
