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
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"k8s.io/federation/test/integration/framework"
)

// TestFederatedServiceExternalDNS runs the whole product (dnsEnv) with the DNS controller
// publishing through the external-dns provider, and reads the DNSEndpoint it keeps for
// FederatedService ns/web (myfed.<ns>.web in federation-system, the namespace the provider
// config file names) with kubectl get -o json, as external-dns and a user would. The same
// scenarios as TestFederatedServiceDNS give the records external-dns would publish: A records
// of the healthy clusters' addresses, CNAMEs to the level above where none is healthy, the
// TTL in seconds.
func TestFederatedServiceExternalDNS(t *testing.T) {
	e := startDNSEnv(t, func(ctx context.Context, wt *wtEnv) []string {
		root, err := framework.ModuleRoot()
		if err != nil {
			t.Fatal(err)
		}
		crd := filepath.Join(root, "artifacts", "optional", "dnsendpoints.externaldns.k8s.io.yaml")
		if _, stderr, err := wt.host.Kubectl(ctx, "apply", "-f", crd); err != nil {
			t.Fatalf("kubectl apply -f %s: %v: %s", crd, err, stderr)
		}
		if _, stderr, err := wt.host.Kubectl(ctx, "wait", "--for=condition=Established", "crd/dnsendpoints.externaldns.k8s.io", "--timeout=60s"); err != nil {
			t.Fatalf("CRD not established: %v: %s", err, stderr)
		}
		return []string{"--dns-provider=external-dns", "--dns-provider-config=" + dnsProviderConfig(t, "namespace: "+installNamespace+"\n")}
	})
	ctx := framework.TestContext(t)
	object := "myfed." + e.ns + ".web"
	z1, z2, r1, r2, global := e.name("z1.r1"), e.name("z2.r2"), e.name("r1"), e.name("r2"), e.name("")
	ip1, ip2 := e.lb["member-1"], e.lb["member-2"]
	// Endpoints in the order the provider stores them: by name, then record type.
	allHealthy := []dnsRecord{
		{global, "A", []string{ip2, ip1}}, {r1, "A", []string{ip1}}, {r2, "A", []string{ip2}},
		{z1, "A", []string{ip1}}, {z2, "A", []string{ip2}},
	}

	t.Run("both members healthy: zone, region and global names are A records of their clusters' addresses", func(t *testing.T) {
		de := wantDNSEndpoint(t, e.host, object, allHealthy)
		if got := de.Metadata.Annotations["federation.k8s.io/dns-owner"]; got != e.ns+"/web" {
			t.Errorf("owner annotation %q, want %s/web", got, e.ns)
		}
	})

	t.Run("in steady state the DNSEndpoint is not written", func(t *testing.T) {
		before, ok := getDNSEndpoint(t, e.host, object)
		if !ok {
			t.Fatal("no DNSEndpoint " + object)
		}
		writes := dnsWrites(t, e.cm)
		// The FederatedService informer resyncs every 2s and each Cluster is probed every
		// second: a dozen reconciles in 6s.
		time.Sleep(6 * time.Second)
		after, ok := getDNSEndpoint(t, e.host, object)
		if !ok || after.Metadata.ResourceVersion != before.Metadata.ResourceVersion {
			t.Errorf("DNSEndpoint %s: resourceVersion %s, then %+v with nothing changing", object, before.Metadata.ResourceVersion, after)
		}
		if got := dnsWrites(t, e.cm); got != writes {
			t.Errorf("federation_dns_provider_writes_total went from %v to %v with nothing changing", writes, got)
		}
	})

	t.Run("member-2 stopped: its zone and region names become CNAMEs up, the global name drops its address; started again: restored", func(t *testing.T) {
		if err := e.member2.StopAPIServer(ctx); err != nil {
			t.Fatal(err)
		}
		wantDNSEndpoint(t, e.host, object, []dnsRecord{
			{global, "A", []string{ip1}}, {r1, "A", []string{ip1}}, {r2, "CNAME", []string{global}},
			{z1, "A", []string{ip1}}, {z2, "CNAME", []string{r2}},
		})
		if err := e.member2.StartAPIServer(ctx); err != nil {
			t.Fatal(err)
		}
		wantDNSEndpoint(t, e.host, object, allHealthy)
	})

	t.Run("a member Service without ready endpoints is unhealthy there", func(t *testing.T) {
		setReadyEndpoint(t, e.member1, e.ns, "web", false)
		wantDNSEndpoint(t, e.host, object, []dnsRecord{
			{global, "A", []string{ip2}}, {r1, "CNAME", []string{global}}, {r2, "A", []string{ip2}},
			{z1, "CNAME", []string{r1}}, {z2, "A", []string{ip2}},
		})
		setReadyEndpoint(t, e.member1, e.ns, "web", true)
		wantDNSEndpoint(t, e.host, object, allHealthy)
	})

	t.Run("the FederatedService deleted: the DNSEndpoint is gone", func(t *testing.T) {
		e.mustKubectl(t, "delete", "fsvc", "web", "-n", e.ns, "--wait=false")
		eventually(t, "DNSEndpoint "+object+" deleted", func(context.Context) error {
			if de, ok := getDNSEndpoint(t, e.host, object); ok {
				return fmt.Errorf("still there: %+v", de.Spec)
			}
			return nil
		})
	})
}

// dnsRecord is one endpoint of a DNSEndpoint's spec: a name, a record type and its targets.
type dnsRecord struct {
	name, recordType string
	targets          []string
}

// wantDNSEndpoint waits until DNSEndpoint name in federation-system holds exactly records,
// in that order, each with recordTTL 30 (the controller-manager's --dns-ttl=30s), and
// returns it.
func wantDNSEndpoint(t *testing.T, host *framework.ControlPlane, name string, records []dnsRecord) *storedDNSEndpoint {
	t.Helper()
	type endpoint struct {
		DNSName    string   `json:"dnsName"`
		RecordType string   `json:"recordType"`
		Targets    []string `json:"targets"`
		RecordTTL  int      `json:"recordTTL"`
	}
	var spec struct {
		Endpoints []endpoint `json:"endpoints"`
	}
	for _, r := range records {
		spec.Endpoints = append(spec.Endpoints, endpoint{DNSName: r.name, RecordType: r.recordType, Targets: r.targets, RecordTTL: 30})
	}
	data, err := json.Marshal(spec)
	if err != nil {
		t.Fatal(err)
	}
	want := endpointsJSON(t, string(data))
	var de *storedDNSEndpoint
	eventually(t, "DNSEndpoint "+name, func(context.Context) error {
		got, ok := getDNSEndpoint(t, host, name)
		if !ok {
			return fmt.Errorf("no DNSEndpoint %s", name)
		}
		if d := cmp.Diff(want, got.Spec); d != "" {
			return fmt.Errorf("spec (-want +got):\n%s", d)
		}
		de = got
		return nil
	})
	return de
}
