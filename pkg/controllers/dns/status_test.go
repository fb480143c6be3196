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

import (
	"strings"
	"testing"

	"k8s.io/client-go/tools/events"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
)

// A name published as a CNAME from the start is no fallback; one that had addresses is.
func TestRecordChangesWarnsOnlyOnFallback(t *testing.T) {
	const name = "web.shop.fed.svc.r1.example.test"
	addresses := &fedv1beta1.ServiceDNSStatus{Names: []fedv1beta1.DNSNameStatus{{Name: name, Addresses: []string{"10.0.0.1"}}}}
	cname := &fedv1beta1.ServiceDNSStatus{Names: []fedv1beta1.DNSNameStatus{{Name: name, CNAME: "web.shop.fed.svc.example.test"}}}
	for _, tc := range []struct {
		what          string
		before, after *fedv1beta1.ServiceDNSStatus
		want          string
	}{
		{what: "first published as a CNAME", before: nil, after: cname, want: ""},
		{what: "first published with addresses", before: nil, after: addresses, want: ""},
		{what: "addresses, then a CNAME", before: addresses, after: cname, want: "Warning " + ReasonDNSFallback},
		{what: "a CNAME, then addresses", before: cname, after: addresses, want: "Normal " + ReasonDNSRestored},
		{what: "unchanged", before: cname, after: cname, want: ""},
	} {
		t.Run(tc.what, func(t *testing.T) {
			recorder := events.NewFakeRecorder(10)
			c := &Controller{recorder: recorder}
			c.recordChanges(&fedv1beta1.FederatedService{}, tc.before, tc.after)
			var got string
			select {
			case e := <-recorder.Events:
				got = e
			default:
			}
			if !strings.HasPrefix(got, tc.want) || (tc.want == "" && got != "") {
				t.Errorf("event %q, want one starting %q", got, tc.want)
			}
		})
	}
}
