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

package controllermanager

import (
	"strings"
	"testing"
	"time"
)

func TestDefaultsValidate(t *testing.T) {
	if err := NewOptions().Validate(); err != nil {
		t.Errorf("defaults do not validate: %v", err)
	}
}

func TestValidateReportsEveryBadFlag(t *testing.T) {
	o := NewOptions()
	o.Controllers.Namespace = ""
	o.Controllers.ClusterProbeInterval = 0
	o.Controllers.ConcurrentSyncs = 0
	o.Controllers.ClusterFailoverGrace = -time.Second
	o.Controllers.APIQPS = 0 // client-go would read it as 5/s
	o.Controllers.MemberQPS, o.Controllers.MemberBurst = 10, 0
	o.LeaderElection.RenewDeadline.Duration = 20 * time.Second // longer than the lease
	err := o.Validate()
	if err == nil {
		t.Fatal("Validate() accepted bad flags")
	}
	for _, want := range []string{"--federation-namespace", "--cluster-probe-interval", "--concurrent-syncs", "--cluster-failover-grace", "--kube-api-qps", "--member-qps", "--leader-elect-lease-duration"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Validate() error %q does not name %s", err, want)
		}
	}
}

func TestValidateDNSFlags(t *testing.T) {
	o := NewOptions()
	o.Controllers.DNS = DNSOptions{Provider: "route66", Zone: "not a zone", Federation: "My_Fed", TTL: 1500 * time.Millisecond}
	err := o.Validate()
	if err == nil {
		t.Fatal("Validate() accepted bad DNS flags")
	}
	for _, want := range []string{"--dns-provider", "--dns-zone-name", "--federation-name", "--dns-ttl"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Validate() error %q does not name %s", err, want)
		}
	}
	o.Controllers.DNS = DNSOptions{Provider: "coredns", Zone: "example.test.", Federation: "myfed", TTL: 30 * time.Second}
	if err := o.Validate(); err != nil {
		t.Errorf("Validate() refused good DNS flags: %v", err)
	}
	// A zone without a provider would silently publish nothing.
	o.Controllers.DNS = DNSOptions{Zone: "example.test.", Federation: "myfed", TTL: 30 * time.Second}
	if err := o.Validate(); err == nil || !strings.Contains(err.Error(), "need --dns-provider") {
		t.Errorf("Validate() of a zone without a provider: %v, want an error naming --dns-provider", err)
	}
}
