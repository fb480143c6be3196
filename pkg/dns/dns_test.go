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

package dns

import "testing"

func TestEqualIgnoresOrder(t *testing.T) {
	a := []Endpoint{
		{DNSName: "web.shop.fed.svc.example.test", RecordType: RecordTypeA, Targets: []string{"10.0.0.2", "10.0.0.1"}, TTL: 30},
		{DNSName: "web.shop.fed.svc.eu.example.test", RecordType: RecordTypeCNAME, Targets: []string{"web.shop.fed.svc.example.test"}, TTL: 30},
	}
	b := []Endpoint{
		{DNSName: "web.shop.fed.svc.eu.example.test", RecordType: RecordTypeCNAME, Targets: []string{"web.shop.fed.svc.example.test"}, TTL: 30},
		{DNSName: "web.shop.fed.svc.example.test", RecordType: RecordTypeA, Targets: []string{"10.0.0.1", "10.0.0.2"}, TTL: 30},
	}
	if !Equal(a, b) {
		t.Error("the same endpoints in another order are not Equal")
	}
	if a[0].Targets[0] != "10.0.0.2" {
		t.Error("Equal reordered its argument's targets")
	}
	for name, change := range map[string]func(e []Endpoint){
		"ttl":    func(e []Endpoint) { e[0].TTL = 60 },
		"target": func(e []Endpoint) { e[0].Targets = []string{"10.0.0.1"} },
		"type":   func(e []Endpoint) { e[0].RecordType = RecordTypeAAAA },
		"name":   func(e []Endpoint) { e[1].DNSName = "web.shop.fed.svc.us.example.test" },
	} {
		c := []Endpoint{a[0], a[1]}
		c[0].Targets = append([]string(nil), a[0].Targets...)
		change(c)
		if Equal(a, c) {
			t.Errorf("a change of %s is Equal", name)
		}
	}
	if Equal(a, a[:1]) {
		t.Error("a subset is Equal")
	}
}
