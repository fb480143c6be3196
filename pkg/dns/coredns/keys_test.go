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
	"strings"
	"testing"

	"k8s.io/federation/pkg/dns"
)

func TestKeysRoundTrip(t *testing.T) {
	want := []dns.Endpoint{
		{DNSName: "web.shop.myfed.svc.z1.r1.example.test", RecordType: dns.RecordTypeA, Targets: []string{"10.0.0.1", "10.0.0.2"}, TTL: 30},
		{DNSName: "web.shop.myfed.svc.r1.example.test", RecordType: dns.RecordTypeCNAME, Targets: []string{"web.shop.myfed.svc.example.test"}, TTL: 30},
		{DNSName: "web.shop.myfed.svc.example.test", RecordType: dns.RecordTypeAAAA, Targets: []string{"2001:db8::1"}, TTL: 60},
	}
	keys := toKeys("/skydns", ownerHash("myfed", dns.Owner{Namespace: "shop", Name: "web"}), want)
	records := map[string]record{}
	for k, v := range keys {
		if !strings.HasPrefix(k, "/skydns/test/example/") {
			t.Errorf("key %s is not under the zone's reversed path", k)
		}
		var r record
		if err := json.Unmarshal([]byte(v), &r); err != nil {
			t.Fatal(err)
		}
		records[k] = r
	}
	if _, ok := keys["/skydns/test/example/r1/z1/svc/myfed/shop/web/fed-"+ownerHash("myfed", dns.Owner{Namespace: "shop", Name: "web"})+"-a-1"]; !ok {
		t.Errorf("keys %v lack the second A record of the zone name", keys)
	}
	got, err := fromKeys("/skydns", records)
	if err != nil {
		t.Fatal(err)
	}
	if !dns.Equal(got, want) {
		t.Errorf("fromKeys(toKeys(e)) = %+v, want %+v", got, want)
	}
}

func TestFileConfigErrors(t *testing.T) {
	for _, tc := range []struct {
		fc   FileConfig
		want string
	}{
		{FileConfig{}, "endpoints"},
		{FileConfig{Endpoints: []string{"http://e"}, PathPrefix: "skydns"}, "pathPrefix"},
		{FileConfig{Endpoints: []string{"http://e"}, OwnerPrefix: "/skydns/owners"}, "must not be under pathPrefix"},
		{FileConfig{Endpoints: []string{"http://e"}, Timeout: "-1s"}, "timeout"},
	} {
		if _, err := tc.fc.settings(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: error %v, want one naming %q", tc.fc, err, tc.want)
		}
	}
	s, err := FileConfig{Endpoints: []string{"http://e"}}.settings()
	if err != nil || s.pathPrefix != DefaultPathPrefix || s.ownerPrefix != DefaultOwnerPrefix || s.timeout != DefaultTimeout {
		t.Errorf("defaults: %+v, %v", s, err)
	}
}
