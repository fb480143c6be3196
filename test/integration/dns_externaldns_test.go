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
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/client-go/tools/clientcmd"

	"k8s.io/federation/pkg/dns"
	"k8s.io/federation/pkg/dns/externaldns"
	"k8s.io/federation/test/integration/framework"
)

// storedDNSEndpoint is a DNSEndpoint as kubectl get -o json shows it, numbers kept as
// written so that an integer recordTTL can be told from a string or a float.
type storedDNSEndpoint struct {
	Metadata struct {
		Name            string            `json:"name"`
		ResourceVersion string            `json:"resourceVersion"`
		Generation      json.Number       `json:"generation"`
		Labels          map[string]string `json:"labels"`
		Annotations     map[string]string `json:"annotations"`
	} `json:"metadata"`
	Spec   map[string]any `json:"spec"`
	Status map[string]any `json:"status"`
}

func getDNSEndpoint(t *testing.T, host *framework.ControlPlane, name string) (*storedDNSEndpoint, bool) {
	t.Helper()
	out, stderr, err := host.Kubectl(t.Context(), "get", "dnsendpoints.externaldns.k8s.io", "-n", installNamespace, name, "-o", "json", "--ignore-not-found")
	if err != nil {
		t.Fatalf("kubectl get dnsendpoint %s: %v: %s", name, err, stderr)
	}
	if strings.TrimSpace(out) == "" {
		return nil, false
	}
	dec := json.NewDecoder(strings.NewReader(out))
	dec.UseNumber()
	var de storedDNSEndpoint
	if err := dec.Decode(&de); err != nil {
		t.Fatal(err)
	}
	return &de, true
}

// endpointsJSON is spec.endpoints as external-dns reads them from the API.
func endpointsJSON(t *testing.T, s string) map[string]any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var spec map[string]any
	if err := dec.Decode(&spec); err != nil {
		t.Fatal(err)
	}
	return spec
}

// TestExternalDNSProvider runs the external-dns DNS provider against a real host with the
// CRD of artifacts/optional applied by kubectl, as the controller-manager's ServiceAccount
// with only the artifacts' RBAC: the DNSEndpoints it writes are the ones external-dns would
// read (names, record types, targets, integer TTLs), it writes nothing in steady state, and
// it leaves DNSEndpoints that are not federation's alone.
func TestExternalDNSProvider(t *testing.T) {
	ctx := t.Context()
	host := framework.StartHost(t, framework.Options{})
	root, err := framework.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"00-namespace.yaml", "01-serviceaccount.yaml", "02-rbac-fcp.yaml"} {
		if _, stderr, err := host.Kubectl(ctx, "apply", "-f", filepath.Join(root, "artifacts", f)); err != nil {
			t.Fatalf("kubectl apply -f %s: %v: %s", f, err, stderr)
		}
	}
	config := dnsProviderConfig(t, "namespace: "+installNamespace+"\n")
	saConfig, err := clientcmd.BuildConfigFromFlags("", serviceAccountKubeconfig(t, host))
	if err != nil {
		t.Fatal(err)
	}
	p, err := externaldns.New(dns.Config{Zone: "example.test", ConfigFile: config, Federation: "myfed"}, saConfig)
	if err != nil {
		t.Fatal(err)
	}
	web, cart, db := dns.Owner{Namespace: "shop", Name: "web"}, dns.Owner{Namespace: "shop", Name: "cart"}, dns.Owner{Namespace: "shop", Name: "db"}

	t.Run("without the CRD the provider says so", func(t *testing.T) {
		if _, err := p.Endpoints(ctx, web); !errors.Is(err, externaldns.ErrNoCRD) {
			t.Errorf("Endpoints: %v, want ErrNoCRD", err)
		}
		if _, err := p.Owners(ctx); !errors.Is(err, externaldns.ErrNoCRD) {
			t.Errorf("Owners: %v, want ErrNoCRD", err)
		}
	})
	if _, stderr, err := host.Kubectl(ctx, "apply", "-f", filepath.Join(root, "artifacts", "optional")); err != nil {
		t.Fatalf("kubectl apply -f artifacts/optional: %v: %s", err, stderr)
	}
	if _, stderr, err := host.Kubectl(ctx, "wait", "--for=condition=Established", "crd/dnsendpoints.externaldns.k8s.io", "--timeout=60s"); err != nil {
		t.Fatalf("CRD not established: %v: %s", err, stderr)
	}
	// Someone else's DNSEndpoints: one at the name shop/db's records would take, one elsewhere.
	foreign := `apiVersion: externaldns.k8s.io/v1alpha1
kind: DNSEndpoint
metadata: {name: NAME, namespace: federation-system}
spec:
  endpoints:
  - {dnsName: manual.example.test, recordType: A, targets: [192.0.2.1], recordTTL: 300}
`
	for _, name := range []string{"myfed.shop.db", "manual"} {
		path := filepath.Join(t.TempDir(), name+".yaml")
		if err := os.WriteFile(path, []byte(strings.Replace(foreign, "NAME", name, 1)), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, stderr, err := host.Kubectl(ctx, "create", "-f", path); err != nil {
			t.Fatalf("creating DNSEndpoint %s: %v: %s", name, err, stderr)
		}
	}
	foreignRV := map[string]string{}
	for _, name := range []string{"myfed.shop.db", "manual"} {
		de, _ := getDNSEndpoint(t, host, name)
		foreignRV[name] = de.Metadata.ResourceVersion
	}

	want := []dns.Endpoint{
		{DNSName: "web.shop.myfed.svc.eu-west1-b.eu-west1.example.test", RecordType: dns.RecordTypeCNAME, Targets: []string{"web.shop.myfed.svc.eu-west1.example.test"}, TTL: 30},
		{DNSName: "web.shop.myfed.svc.example.test", RecordType: dns.RecordTypeA, Targets: []string{"10.1.0.2", "10.1.0.1"}, TTL: 30},
		{DNSName: "web.shop.myfed.svc.example.test", RecordType: dns.RecordTypeAAAA, Targets: []string{"fd00::1"}, TTL: 30},
	}

	var created *storedDNSEndpoint
	t.Run("Sync creates the DNSEndpoint external-dns reads", func(t *testing.T) {
		if err := p.Sync(ctx, web, want); err != nil {
			t.Fatal(err)
		}
		de, ok := getDNSEndpoint(t, host, "myfed.shop.web")
		if !ok {
			t.Fatal("no DNSEndpoint myfed.shop.web")
		}
		created = de
		wantSpec := endpointsJSON(t, `{"endpoints": [
			{"dnsName": "web.shop.myfed.svc.eu-west1-b.eu-west1.example.test", "recordType": "CNAME", "targets": ["web.shop.myfed.svc.eu-west1.example.test"], "recordTTL": 30},
			{"dnsName": "web.shop.myfed.svc.example.test", "recordType": "A", "targets": ["10.1.0.1", "10.1.0.2"], "recordTTL": 30},
			{"dnsName": "web.shop.myfed.svc.example.test", "recordType": "AAAA", "targets": ["fd00::1"], "recordTTL": 30}]}`)
		if d := cmp.Diff(wantSpec, de.Spec); d != "" {
			t.Errorf("stored spec (-want +got):\n%s", d)
		}
		if l := de.Metadata.Labels; l[externaldns.ManagedByLabel] != "federation" || l[externaldns.FederationLabel] != "myfed" ||
			l[externaldns.OwnerNamespaceLabel] != "shop" || l[externaldns.OwnerNameLabel] != "web" || de.Metadata.Annotations[externaldns.OwnerAnnotation] != "shop/web" {
			t.Errorf("labels %v, annotations %v", l, de.Metadata.Annotations)
		}
		got, err := p.Endpoints(ctx, web)
		if err != nil || !dns.Equal(got, want) {
			t.Errorf("Endpoints = %v, %v; want %v", got, err, want)
		}
	})
	if t.Failed() {
		return
	}

	t.Run("a second identical Sync writes nothing", func(t *testing.T) {
		// external-dns reports what it saw through the status subresource.
		if _, stderr, err := host.Kubectl(ctx, "patch", "dnsendpoints.externaldns.k8s.io", "-n", installNamespace, "myfed.shop.web",
			"--subresource=status", "--type=merge", "-p", `{"status":{"observedGeneration":1}}`); err != nil {
			t.Fatalf("%v: %s", err, stderr)
		}
		before, _ := getDNSEndpoint(t, host, "myfed.shop.web")
		reordered := []dns.Endpoint{want[2], want[0], want[1]}
		if err := p.Sync(ctx, web, reordered); err != nil {
			t.Fatal(err)
		}
		after, _ := getDNSEndpoint(t, host, "myfed.shop.web")
		if after.Metadata.ResourceVersion != before.Metadata.ResourceVersion {
			t.Errorf("resourceVersion %s -> %s: an identical Sync wrote", before.Metadata.ResourceVersion, after.Metadata.ResourceVersion)
		}
	})

	t.Run("a changed want updates, keeping external-dns's status", func(t *testing.T) {
		changed := []dns.Endpoint{{DNSName: "web.shop.myfed.svc.example.test", RecordType: dns.RecordTypeA, Targets: []string{"10.1.0.1"}, TTL: 60}}
		if err := p.Sync(ctx, web, changed); err != nil {
			t.Fatal(err)
		}
		de, _ := getDNSEndpoint(t, host, "myfed.shop.web")
		wantSpec := endpointsJSON(t, `{"endpoints": [{"dnsName": "web.shop.myfed.svc.example.test", "recordType": "A", "targets": ["10.1.0.1"], "recordTTL": 60}]}`)
		if d := cmp.Diff(wantSpec, de.Spec); d != "" {
			t.Errorf("stored spec (-want +got):\n%s", d)
		}
		if de.Metadata.Generation != "2" || de.Metadata.ResourceVersion == created.Metadata.ResourceVersion {
			t.Errorf("generation %s, resourceVersion %s (created at %s): not one update", de.Metadata.Generation, de.Metadata.ResourceVersion, created.Metadata.ResourceVersion)
		}
		if de.Status["observedGeneration"] != json.Number("1") {
			t.Errorf("status %v: external-dns's observedGeneration lost", de.Status)
		}
	})

	t.Run("Owners lists exactly the owners", func(t *testing.T) {
		if err := p.Sync(ctx, cart, []dns.Endpoint{{DNSName: "cart.shop.myfed.svc.example.test", RecordType: dns.RecordTypeCNAME, Targets: []string{"lb-1.elb.example.com"}, TTL: 30}}); err != nil {
			t.Fatal(err)
		}
		owners, err := p.Owners(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff([]dns.Owner{cart, web}, owners); d != "" {
			t.Errorf("owners (-want +got):\n%s", d)
		}
	})

	t.Run("an empty want deletes", func(t *testing.T) {
		if err := p.Sync(ctx, web, nil); err != nil {
			t.Fatal(err)
		}
		if _, ok := getDNSEndpoint(t, host, "myfed.shop.web"); ok {
			t.Error("DNSEndpoint myfed.shop.web is still there")
		}
		owners, err := p.Owners(ctx)
		if err != nil || !cmp.Equal(owners, []dns.Owner{cart}) {
			t.Errorf("Owners = %v, %v; want [shop/cart]", owners, err)
		}
	})

	t.Run("DNSEndpoints that are not federation's are untouched", func(t *testing.T) {
		if err := p.Sync(ctx, db, want); !errors.Is(err, externaldns.ErrNotOwned) {
			t.Errorf("Sync of %s over someone else's DNSEndpoint: %v, want ErrNotOwned", db, err)
		}
		if err := p.Sync(ctx, db, nil); !errors.Is(err, externaldns.ErrNotOwned) {
			t.Errorf("empty Sync of %s over someone else's DNSEndpoint: %v, want ErrNotOwned", db, err)
		}
		for name, rv := range foreignRV {
			de, ok := getDNSEndpoint(t, host, name)
			if !ok || de.Metadata.ResourceVersion != rv {
				t.Errorf("DNSEndpoint %s was changed or deleted", name)
			}
		}
	})

	t.Run("the ServiceAccount cannot write DNSEndpoints elsewhere", func(t *testing.T) {
		other := filepath.Join(t.TempDir(), "other.yaml")
		if err := os.WriteFile(other, []byte("namespace: default\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		q, err := externaldns.New(dns.Config{Zone: "example.test", ConfigFile: other, Federation: "myfed"}, saConfig)
		if err != nil {
			t.Fatal(err)
		}
		err = q.Sync(ctx, web, want)
		if err == nil || !apierrors.IsForbidden(err) {
			t.Errorf("Sync in namespace default as the fcp ServiceAccount: %v, want forbidden", err)
		}
	})
}
