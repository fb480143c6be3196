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
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation"
	dynamicfake "k8s.io/client-go/dynamic/fake"

	"k8s.io/federation/pkg/dns"
	"k8s.io/federation/pkg/dns/externaldns/v1alpha1"
)

var (
	web  = dns.Owner{Namespace: "shop", Name: "web"}
	cart = dns.Owner{Namespace: "shop", Name: "cart"}
)

func newFake(t *testing.T, objects ...runtime.Object) (*Provider, *dynamicfake.FakeDynamicClient) {
	t.Helper()
	// An empty scheme: the fake tracker then holds unstructured objects, as a server's
	// responses are to the dynamic client.
	client := dynamicfake.NewSimpleDynamicClientWithCustomListKinds(runtime.NewScheme(),
		map[schema.GroupVersionResource]string{v1alpha1.Resource: "DNSEndpointList"}, objects...)
	p, err := NewForClient(client, dns.Config{Zone: "example.test", Federation: "myfed"}, FileConfig{})
	if err != nil {
		t.Fatal(err)
	}
	return p, client
}

// writes counts the requests that changed something.
func writes(c *dynamicfake.FakeDynamicClient) int {
	n := 0
	for _, a := range c.Actions() {
		switch a.GetVerb() {
		case "create", "update", "patch", "delete":
			n++
		}
	}
	return n
}

func stored(t *testing.T, c *dynamicfake.FakeDynamicClient, name string) *v1alpha1.DNSEndpoint {
	t.Helper()
	u, err := c.Resource(v1alpha1.Resource).Namespace(DefaultNamespace).Get(context.Background(), name, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var de v1alpha1.DNSEndpoint
	if err := runtime.DefaultUnstructuredConverter.FromUnstructured(u.Object, &de); err != nil {
		t.Fatal(err)
	}
	return &de
}

var webWant = []dns.Endpoint{
	{DNSName: "web.shop.myfed.svc.example.test", RecordType: dns.RecordTypeA, Targets: []string{"10.0.0.2", "10.0.0.1"}, TTL: 30},
	{DNSName: "web.shop.myfed.svc.eu.example.test", RecordType: dns.RecordTypeCNAME, Targets: []string{"web.shop.myfed.svc.example.test"}, TTL: 30},
}

// Sync creates one DNSEndpoint per owner holding its endpoints as external-dns reads them,
// writes nothing when called again with the same endpoints, updates on a change and deletes
// on none; Endpoints and Owners read back what Sync wrote.
func TestSyncLifecycle(t *testing.T) {
	ctx := context.Background()
	p, client := newFake(t)
	if err := p.Sync(ctx, web, webWant); err != nil {
		t.Fatal(err)
	}
	de := stored(t, client, "myfed.shop.web")
	wantSpec := v1alpha1.DNSEndpointSpec{Endpoints: []v1alpha1.Endpoint{
		{DNSName: "web.shop.myfed.svc.eu.example.test", RecordType: "CNAME", Targets: []string{"web.shop.myfed.svc.example.test"}, RecordTTL: 30},
		{DNSName: "web.shop.myfed.svc.example.test", RecordType: "A", Targets: []string{"10.0.0.1", "10.0.0.2"}, RecordTTL: 30},
	}}
	if d := cmp.Diff(wantSpec, de.Spec); d != "" {
		t.Errorf("spec (-want +got):\n%s", d)
	}
	wantLabels := map[string]string{ManagedByLabel: ManagedBy, FederationLabel: "myfed", OwnerNamespaceLabel: "shop", OwnerNameLabel: "web"}
	if d := cmp.Diff(wantLabels, de.Labels); d != "" {
		t.Errorf("labels (-want +got):\n%s", d)
	}
	if got := de.Annotations[OwnerAnnotation]; got != "shop/web" {
		t.Errorf("owner annotation %q, want shop/web", got)
	}
	got, err := p.Endpoints(ctx, web)
	if err != nil || !dns.Equal(got, webWant) {
		t.Errorf("Endpoints = %v, %v; want %v", got, err, webWant)
	}

	before := writes(client)
	if err := p.Sync(ctx, web, []dns.Endpoint{webWant[1], webWant[0]}); err != nil {
		t.Fatal(err)
	}
	if n := writes(client) - before; n != 0 {
		t.Errorf("a Sync with the same endpoints wrote %d times", n)
	}

	changed := []dns.Endpoint{{DNSName: "web.shop.myfed.svc.example.test", RecordType: dns.RecordTypeAAAA, Targets: []string{"fd00::1"}, TTL: 60}}
	if err := p.Sync(ctx, web, changed); err != nil {
		t.Fatal(err)
	}
	if got, err := p.Endpoints(ctx, web); err != nil || !dns.Equal(got, changed) {
		t.Errorf("after a change Endpoints = %v, %v; want %v", got, err, changed)
	}

	if err := p.Sync(ctx, cart, []dns.Endpoint{{DNSName: "cart.shop.myfed.svc.example.test", RecordType: dns.RecordTypeA, Targets: []string{"10.0.0.9"}}}); err != nil {
		t.Fatal(err)
	}
	owners, err := p.Owners(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]dns.Owner{cart, web}, owners); d != "" {
		t.Errorf("owners (-want +got):\n%s", d)
	}

	if err := p.Sync(ctx, web, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := client.Resource(v1alpha1.Resource).Namespace(DefaultNamespace).Get(ctx, "myfed.shop.web", metav1.GetOptions{}); err == nil {
		t.Errorf("DNSEndpoint of %s is still there after a Sync with no endpoints", web)
	}
	if got, err := p.Endpoints(ctx, web); err != nil || len(got) != 0 {
		t.Errorf("after delete Endpoints = %v, %v; want none", got, err)
	}
	before = writes(client)
	if err := p.Sync(ctx, web, nil); err != nil || writes(client) != before {
		t.Errorf("a Sync with no endpoints for an owner without a DNSEndpoint: err %v, %d writes", err, writes(client)-before)
	}
}

func dnsEndpoint(name string, labels, annotations map[string]string) *unstructured.Unstructured {
	u := &unstructured.Unstructured{}
	u.SetAPIVersion(v1alpha1.SchemeGroupVersion.String())
	u.SetKind("DNSEndpoint")
	u.SetNamespace(DefaultNamespace)
	u.SetName(name)
	u.SetLabels(labels)
	u.SetAnnotations(annotations)
	_ = unstructured.SetNestedSlice(u.Object, []any{map[string]any{"dnsName": "other.example.test", "recordType": "A", "targets": []any{"192.0.2.1"}}}, "spec", "endpoints")
	return u
}

// DNSEndpoints that are not this federation's are never changed, deleted or listed, even at
// the name an owner's records would take.
func TestOthersDNSEndpointsUntouched(t *testing.T) {
	ctx := context.Background()
	for name, obj := range map[string]*unstructured.Unstructured{
		"no labels":          dnsEndpoint("myfed.shop.web", nil, nil),
		"another federation": dnsEndpoint("myfed.shop.web", map[string]string{ManagedByLabel: ManagedBy, FederationLabel: "other"}, map[string]string{OwnerAnnotation: "shop/web"}),
		"another owner":      dnsEndpoint("myfed.shop.web", map[string]string{ManagedByLabel: ManagedBy, FederationLabel: "myfed"}, map[string]string{OwnerAnnotation: "shop/cart"}),
	} {
		t.Run(name, func(t *testing.T) {
			p, client := newFake(t, obj)
			if got, err := p.Endpoints(ctx, web); err != nil || len(got) != 0 {
				t.Errorf("Endpoints = %v, %v; want none", got, err)
			}
			for _, want := range [][]dns.Endpoint{webWant, nil} {
				if err := p.Sync(ctx, web, want); !errors.Is(err, ErrNotOwned) {
					t.Errorf("Sync(%d endpoints) = %v, want ErrNotOwned", len(want), err)
				}
			}
			if n := writes(client); n != 0 {
				t.Errorf("%d writes to a DNSEndpoint that is not federation's", n)
			}
			if owners, err := p.Owners(ctx); err != nil || len(owners) != 0 {
				t.Errorf("Owners = %v, %v; want none", owners, err)
			}
		})
	}
}

// An update changes spec and federation's labels only: other labels and annotations, and
// the status external-dns wrote, stay.
func TestSyncKeepsOthersMetadata(t *testing.T) {
	ctx := context.Background()
	obj := dnsEndpoint("myfed.shop.web", map[string]string{ManagedByLabel: ManagedBy, FederationLabel: "myfed", "team": "a"}, map[string]string{OwnerAnnotation: "shop/web", "note": "x"})
	_ = unstructured.SetNestedField(obj.Object, int64(4), "status", "observedGeneration")
	p, client := newFake(t, obj)
	if err := p.Sync(ctx, web, webWant); err != nil {
		t.Fatal(err)
	}
	de := stored(t, client, "myfed.shop.web")
	if de.Labels["team"] != "a" || de.Labels[OwnerNameLabel] != "web" || de.Annotations["note"] != "x" || de.Status.ObservedGeneration != 4 {
		t.Errorf("labels %v, annotations %v, status %+v: lost what others wrote or lacks federation's", de.Labels, de.Annotations, de.Status)
	}
	if got, err := p.Endpoints(ctx, web); err != nil || !dns.Equal(got, webWant) {
		t.Errorf("Endpoints = %v, %v; want %v", got, err, webWant)
	}
}

// Names are <federation>.<namespace>.<name>, DNS-1123 subdomains; a long one is cut and ends
// in a digest, so that two long owners sharing a prefix still differ.
func TestObjectName(t *testing.T) {
	if got := objectName("myfed", web); got != "myfed.shop.web" {
		t.Errorf("objectName = %q, want myfed.shop.web", got)
	}
	long := strings.Repeat("a", 62) + "-" + strings.Repeat("b", 190)
	a := objectName("myfed", dns.Owner{Namespace: "shop", Name: long + "x"})
	b := objectName("myfed", dns.Owner{Namespace: "shop", Name: long + "y"})
	for _, n := range []string{a, b} {
		if errs := validation.IsDNS1123Subdomain(n); len(errs) > 0 {
			t.Errorf("%q: %v", n, errs)
		}
	}
	if a == b {
		t.Errorf("two long owners share the name %q", a)
	}
	if a != objectName("myfed", dns.Owner{Namespace: "shop", Name: long + "x"}) {
		t.Errorf("objectName is not deterministic")
	}
	p, _ := newFake(t)
	if _, ok := p.labels(dns.Owner{Namespace: "shop", Name: long})[OwnerNameLabel]; ok {
		t.Errorf("a name longer than a label value is a label")
	}
}

// Endpoints external-dns could not publish as given are refused before anything is written.
func TestSyncRejectsBadEndpoints(t *testing.T) {
	a := dns.Endpoint{DNSName: "web.example.test", RecordType: dns.RecordTypeA, Targets: []string{"10.0.0.1"}}
	for name, e := range map[string][]dns.Endpoint{
		"no name":        {{RecordType: dns.RecordTypeA, Targets: []string{"10.0.0.1"}}},
		"outside zone":   {{DNSName: "web.example.com", RecordType: dns.RecordTypeA, Targets: []string{"10.0.0.1"}}},
		"zone suffix":    {{DNSName: "webexample.test", RecordType: dns.RecordTypeA, Targets: []string{"10.0.0.1"}}},
		"IPv6 in A":      {{DNSName: "web.example.test", RecordType: dns.RecordTypeA, Targets: []string{"fd00::1"}}},
		"IPv4 in AAAA":   {{DNSName: "web.example.test", RecordType: dns.RecordTypeAAAA, Targets: []string{"10.0.0.1"}}},
		"name in A":      {{DNSName: "web.example.test", RecordType: dns.RecordTypeA, Targets: []string{"lb.example.com"}}},
		"IP in CNAME":    {{DNSName: "web.example.test", RecordType: dns.RecordTypeCNAME, Targets: []string{"not a name"}}},
		"TXT":            {{DNSName: "web.example.test", RecordType: "TXT", Targets: []string{"x"}}},
		"no targets":     {{DNSName: "web.example.test", RecordType: dns.RecordTypeA}},
		"two CNAMEs":     {{DNSName: "web.example.test", RecordType: dns.RecordTypeCNAME, Targets: []string{"a.example.test", "b.example.test"}}},
		"negative TTL":   {{DNSName: "web.example.test", RecordType: dns.RecordTypeA, Targets: []string{"10.0.0.1"}, TTL: -1}},
		"same name type": {a, a},
	} {
		t.Run(name, func(t *testing.T) {
			p, client := newFake(t)
			if err := p.Sync(context.Background(), web, e); err == nil {
				t.Errorf("Sync accepted %v", e)
			}
			if n := writes(client); n != 0 {
				t.Errorf("%d writes", n)
			}
		})
	}
}

func TestReadConfig(t *testing.T) {
	dir := t.TempDir()
	for name, tc := range map[string]struct {
		file    string
		want    FileConfig
		wantErr bool
	}{
		"no file":           {want: FileConfig{Namespace: DefaultNamespace}},
		"namespace":         {file: "namespace: dns\n", want: FileConfig{Namespace: "dns"}},
		"kubeconfig":        {file: `{"kubeconfig": "/k"}`, want: FileConfig{Namespace: DefaultNamespace, Kubeconfig: "/k"}},
		"unknown field":     {file: "namespaces: dns\n", wantErr: true},
		"invalid namespace": {file: "namespace: Not_A_Label\n", wantErr: true},
	} {
		t.Run(name, func(t *testing.T) {
			path := ""
			if tc.file != "" {
				path = filepath.Join(dir, strings.ReplaceAll(name, " ", "-"))
				if err := os.WriteFile(path, []byte(tc.file), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			got, err := readConfig(path)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tc.wantErr)
			}
			if !tc.wantErr && got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
	if _, err := readConfig(filepath.Join(dir, "missing")); err == nil {
		t.Errorf("a missing file is not an error")
	}
}

// The federation name is part of every object name and a label value.
func TestNewRejectsBadFederationName(t *testing.T) {
	for _, fed := range []string{"", "My_Fed", "a.b"} {
		if _, err := NewForClient(dynamicfake.NewSimpleDynamicClient(runtime.NewScheme()), dns.Config{Federation: fed}, FileConfig{}); err == nil {
			t.Errorf("federation %q accepted", fed)
		}
	}
}
