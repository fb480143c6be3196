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
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	miekg "github.com/miekg/dns"
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/dns"
	"k8s.io/federation/pkg/dns/coredns"
	"k8s.io/federation/test/integration/framework"
)

// TestFederatedServiceDNS runs the whole product (dnsEnv) with the DNS controller publishing
// to a real CoreDNS through the coredns provider, and asks CoreDNS over loopback.
func TestFederatedServiceDNS(t *testing.T) {
	var server *framework.CoreDNS
	e := startDNSEnv(t, func(ctx context.Context, wt *wtEnv) []string {
		var err error
		if server, err = wt.host.StartCoreDNS(ctx, framework.CoreDNSOptions{Zone: "example.test"}); err != nil {
			t.Fatal(err)
		}
		return []string{"--dns-provider=coredns", "--dns-provider-config=" + dnsProviderConfig(t, "endpoints: ["+wt.host.EtcdURL()+"]\n")}
	})
	ctx, wt, cm, ns, obj, lb := framework.TestContext(t), e.wtEnv, e.cm, e.ns, e.obj, e.lb
	z1, z2, r1, r2, global := e.name("z1.r1"), e.name("z2.r2"), e.name("r1"), e.name("r2"), e.name("")
	allHealthy := map[string][]string{
		z1: {"A 203.0.113.10 30"}, r1: {"A 203.0.113.10 30"},
		z2: {"A 198.51.100.20 30"}, r2: {"A 198.51.100.20 30"},
		global: {"A 198.51.100.20 30", "A 203.0.113.10 30"},
	}

	t.Run("A queries of the zone, region and global names answer their clusters' addresses, authoritative", func(t *testing.T) {
		wantAnswers(t, server, allHealthy)
	})

	t.Run("status.dns names every level with its addresses; kubectl describe shows them", func(t *testing.T) {
		eventually(t, "status.dns", func(context.Context) error {
			st := e.federatedStatus(t, obj).DNS
			if st == nil || len(st.Names) != 5 {
				return fmt.Errorf("status.dns %+v", st)
			}
			for _, n := range st.Names {
				if n.CNAME != "" || len(n.Addresses) == 0 {
					return fmt.Errorf("%s: %+v, want addresses", n.Name, n)
				}
			}
			return nil
		})
		out := e.mustKubectl(t, "describe", "fsvc", "web", "-n", ns)
		for _, want := range []string{"Dns:", z1, global, "203.0.113.10"} {
			if !strings.Contains(out, want) {
				t.Errorf("kubectl describe fsvc web lacks %q:\n%s", want, out)
			}
		}
	})

	t.Run("in steady state nothing is written to the DNS backend", func(t *testing.T) {
		etcd := etcdClient(t, wt.host)
		before, rev := dnsWrites(t, cm), dnsRevision(t, etcd)
		// The FederatedService informer resyncs every 2s and each Cluster is probed every
		// second: a dozen reconciles in 6s.
		time.Sleep(6 * time.Second)
		if after := dnsWrites(t, cm); after != before {
			t.Errorf("federation_dns_provider_writes_total went from %v to %v with nothing changing", before, after)
		}
		if after := dnsRevision(t, etcd); after != rev {
			t.Errorf("DNS keys' revision went from %s to %s with nothing changing", rev, after)
		}
	})

	t.Run("member-2 stopped: its zone and region names become CNAMEs up, the global name drops its address; started again: restored", func(t *testing.T) {
		since := time.Now()
		if err := e.member2.StopAPIServer(ctx); err != nil {
			t.Fatal(err)
		}
		wantAnswers(t, server, map[string][]string{
			global: {"A 203.0.113.10 30"},
			r2:     {"A 203.0.113.10 30", "CNAME " + global + ". 30"},
			z1:     {"A 203.0.113.10 30"},
		})
		t.Logf("member-2 down: records followed in %v (probe interval 1s)", time.Since(since))
		wantCNAME(t, server, z2, r2)
		wantCNAME(t, server, r2, global)
		eventually(t, "a DNSFallbackToCNAME event", func(ctx context.Context) error {
			return wantServiceEvent(ctx, e.ctlEnv, ns, "web", "DNSFallbackToCNAME", since)
		})
		since = time.Now()
		if err := e.member2.StartAPIServer(ctx); err != nil {
			t.Fatal(err)
		}
		wantAnswers(t, server, allHealthy)
		t.Logf("member-2 back: records followed in %v after its apiserver was ready", time.Since(since))
	})

	t.Run("a member Service without ready endpoints is unhealthy there", func(t *testing.T) {
		setReadyEndpoint(t, e.member1, ns, "web", false)
		wantAnswers(t, server, map[string][]string{global: {"A 198.51.100.20 30"}, z2: {"A 198.51.100.20 30"}})
		wantCNAME(t, server, z1, r1)
		wantCNAME(t, server, r1, global)
		setReadyEndpoint(t, e.member1, ns, "web", true)
		wantAnswers(t, server, allHealthy)
	})

	t.Run("the time from a health change to the record change is measured", func(t *testing.T) {
		text, err := cm.Metrics(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		count := sumMetric(text, "federation_dns_health_to_record_seconds_count", func(l map[string]string) bool { return l["provider"] == "coredns" })
		sum := sumMetric(text, "federation_dns_health_to_record_seconds_sum", func(l map[string]string) bool { return l["provider"] == "coredns" })
		if count == 0 {
			t.Fatal("federation_dns_health_to_record_seconds has no observation after records changed")
		}
		t.Logf("%v record changes, %.2fs from the change seen to the provider write on average", count, sum/count)
	})

	t.Run("records of a FederatedService that does not exist are removed (Owners)", func(t *testing.T) {
		p, err := coredns.NewFromConfig(dns.Config{Zone: "example.test", Federation: "myfed"}, coredns.FileConfig{Endpoints: []string{wt.host.EtcdURL()}})
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = p.Close() }()
		gone := "gone." + ns + ".myfed.svc.example.test"
		if err := p.Sync(ctx, dns.Owner{Namespace: ns, Name: "gone"}, []dns.Endpoint{{DNSName: gone, RecordType: dns.RecordTypeA, Targets: []string{"192.0.2.1"}, TTL: 30}}); err != nil {
			t.Fatal(err)
		}
		// The controller lists the provider's owners every --resync-period (2s).
		wantNXDOMAIN(t, server, gone)
		wantAnswers(t, server, allHealthy)
	})

	t.Run("placement narrowed to member-1: member-2's zone and region names go; widened again: back", func(t *testing.T) {
		narrowed := loadBalancerService(t, ns, "web")
		narrowed.Spec.PropagationSpec = placedOn("member-1")
		e.mustApply(t, ns, narrowed, applyOptions{})
		wantAnswers(t, server, map[string][]string{global: {"A 203.0.113.10 30"}, r1: {"A 203.0.113.10 30"}, z1: {"A 203.0.113.10 30"}})
		wantNXDOMAIN(t, server, z2, r2)
		e.mustApply(t, ns, loadBalancerService(t, ns, "web"), applyOptions{})
		// member-2's Service is new: its load balancer gets an address again.
		setLoadBalancerIngress(t, e.member2, ns, "web", []corev1.LoadBalancerIngress{{IP: lb["member-2"]}})
		wantAnswers(t, server, allHealthy)
	})

	t.Run("the FederatedService deleted: every name is NXDOMAIN", func(t *testing.T) {
		e.mustKubectl(t, "delete", "fsvc", "web", "-n", ns, "--wait=false")
		wantNXDOMAIN(t, server, slices.Collect(maps.Keys(allHealthy))...)
		if rev := dnsRevision(t, etcdClient(t, wt.host)); !strings.HasSuffix(rev, "(0 keys)") {
			t.Errorf("DNS keys left after the deletion: %s", rev)
		}
	})
}

// dnsEnv is the whole product with the DNS controller publishing for federation myfed in
// zone example.test with a 30s TTL and --resync-period=2s, and FederatedService ns/web of
// type LoadBalancer healthy on both members: member-1 in region r1, zone z1 (Cluster spec)
// with load-balancer address lb["member-1"], member-2 in r2, z2 with lb["member-2"]. Each
// member's Service gets its address through the status subresource (as a cloud controller
// would) and an EndpointSlice with a ready endpoint created directly in the member (members
// run no kube-proxy, pods or EndpointSlice controller).
type dnsEnv struct {
	*ctlEnv
	ns  string
	obj *fedv1beta1.FederatedService
	lb  map[string]string
}

// startDNSEnv starts a dnsEnv; provider runs once the members' regions and zones are set and
// returns the controller-manager's --dns-provider and --dns-provider-config flags.
func startDNSEnv(t *testing.T, provider func(context.Context, *wtEnv) []string) *dnsEnv {
	t.Helper()
	wt := startWriteThroughEnv(t)
	ctx := framework.TestContext(t)
	for name, loc := range map[string][2]string{"member-1": {"r1", "z1"}, "member-2": {"r2", "z2"}} {
		cl, err := wt.fed.FederationV1beta1().Clusters().Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		cl.Spec.Region, cl.Spec.Zones = loc[0], []string{loc[1]}
		if _, err := wt.fed.FederationV1beta1().Clusters().Update(ctx, cl, metav1.UpdateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	args := append(provider(ctx, wt), "--dns-zone-name=example.test.", "--federation-name=myfed", "--dns-ttl=30s", "--resync-period=2s")
	cm, err := wt.host.StartControllerManager(ctx, framework.ControllerManagerOptions{Binary: fcpBinary, Args: args})
	if err != nil {
		t.Fatal(err)
	}
	e := &dnsEnv{ctlEnv: &ctlEnv{wtEnv: wt, cm: cm}, lb: map[string]string{"member-1": "203.0.113.10", "member-2": "198.51.100.20"}}
	e.ns = e.newNamespace(t, "dns")
	e.obj = loadBalancerService(t, e.ns, "web")
	e.createPropagated(t, e.ns, []fedv1beta1.FederatedObject{e.obj})
	for _, m := range e.members() {
		setLoadBalancerIngress(t, m, e.ns, "web", []corev1.LoadBalancerIngress{{IP: e.lb[m.Name()]}})
		setReadyEndpoint(t, m, e.ns, "web", true)
	}
	return e
}

// name is web's DNS name at level ("z1.r1" a zone, "r1" a region, "" global).
func (e *dnsEnv) name(level string) string {
	if level == "" {
		return "web." + e.ns + ".myfed.svc.example.test"
	}
	return "web." + e.ns + ".myfed.svc." + level + ".example.test"
}

// dnsProviderConfig writes content to a --dns-provider-config file and returns its path.
func dnsProviderConfig(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "dns-provider.yaml")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// wantAnswers waits until every name's A query answers want (see answer).
func wantAnswers(t *testing.T, server *framework.CoreDNS, want map[string][]string) {
	t.Helper()
	eventually(t, "DNS answers", func(ctx context.Context) error {
		for _, name := range slices.Sorted(maps.Keys(want)) {
			got, err := answer(ctx, server, name, miekg.TypeA)
			if err != nil {
				return err
			}
			if !cmp.Equal(want[name], got) {
				return fmt.Errorf("%s A: %q, want %q", name, got, want[name])
			}
		}
		return nil
	})
}

// wantNXDOMAIN waits until an A query of each name answers NXDOMAIN.
func wantNXDOMAIN(t *testing.T, server *framework.CoreDNS, names ...string) {
	t.Helper()
	eventually(t, "NXDOMAIN", func(ctx context.Context) error {
		for _, name := range names {
			r, err := server.Query(ctx, name, miekg.TypeA)
			if err != nil {
				return err
			}
			if r.Rcode != miekg.RcodeNameError {
				return fmt.Errorf("%s: %s %v", name, miekg.RcodeToString[r.Rcode], r.Answer)
			}
		}
		return nil
	})
}

// wantCNAME waits until name's CNAME query answers target.
func wantCNAME(t *testing.T, server *framework.CoreDNS, name, target string) {
	t.Helper()
	eventually(t, name+" CNAME "+target, func(ctx context.Context) error {
		got, err := answer(ctx, server, name, miekg.TypeCNAME)
		if err != nil {
			return err
		}
		if want := []string{"CNAME " + target + ". 30"}; !cmp.Equal(want, got) {
			return fmt.Errorf("%s CNAME: %q, want %q", name, got, want)
		}
		return nil
	})
}

// setReadyEndpoint creates or updates, in member, an EndpointSlice of Service ns/name with
// one endpoint whose ready condition is ready, as the EndpointSlice controller writes it
// for a pod.
func setReadyEndpoint(t *testing.T, member *framework.ControlPlane, ns, name string, ready bool) {
	t.Helper()
	slice := &discoveryv1.EndpointSlice{
		ObjectMeta:  metav1.ObjectMeta{Name: name + "-test", Namespace: ns, Labels: map[string]string{discoveryv1.LabelServiceName: name}},
		AddressType: discoveryv1.AddressTypeIPv4,
		Endpoints:   []discoveryv1.Endpoint{{Addresses: []string{"10.244.0.5"}, Conditions: discoveryv1.EndpointConditions{Ready: ptr.To(ready)}}},
		Ports:       []discoveryv1.EndpointPort{{Name: ptr.To("http"), Port: ptr.To[int32](8080)}},
	}
	eventually(t, member.Name()+" holds the EndpointSlice", func(ctx context.Context) error {
		slices := member.Client().DiscoveryV1().EndpointSlices(ns)
		got, err := slices.Get(ctx, slice.Name, metav1.GetOptions{})
		if err != nil {
			_, err = slices.Create(ctx, slice, metav1.CreateOptions{})
			return err
		}
		got.Endpoints = slice.Endpoints
		_, err = slices.Update(ctx, got, metav1.UpdateOptions{})
		return err
	})
}

// dnsWrites is the controller-manager's federation_dns_provider_writes_total.
func dnsWrites(t *testing.T, cm *framework.ControllerManager) float64 {
	t.Helper()
	text, err := cm.Metrics(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return sumMetric(text, "federation_dns_provider_writes_total", func(map[string]string) bool { return true })
}

// wantServiceEvent returns nil when the host has an event with reason about FederatedService
// ns/name recorded after since.
func wantServiceEvent(ctx context.Context, e *ctlEnv, ns, name, reason string, since time.Time) error {
	events, err := e.host.Client().EventsV1().Events(ns).List(ctx, metav1.ListOptions{})
	if err != nil {
		return err
	}
	var seen []string
	for _, ev := range events.Items {
		if ev.Regarding.Name == name && ev.Reason == reason && !ev.EventTime.Time.Before(since.Truncate(time.Second)) {
			return nil
		}
		seen = append(seen, ev.Regarding.Name+": "+ev.Reason)
	}
	return fmt.Errorf("no %s event for %s/%s among %q", reason, ns, name, seen)
}

// TestKubefedInitDNS: `kubefed init NAME --dns-provider --dns-zone-name --dns-provider-config`
// applies a controller-manager that carries the flags (NAME as --federation-name) and the
// provider config in a mounted Secret; running it again changes nothing.
func TestKubefedInitDNS(t *testing.T) {
	host := startControlPlane(t, framework.Options{Name: "host"})
	kubeconfig := mergedKubeconfig(t, host)
	config := filepath.Join(t.TempDir(), "coredns.yaml")
	if err := os.WriteFile(config, []byte("endpoints: [http://etcd.dns.svc:2379]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	args := []string{"init", "myfed", "--host-cluster-context=host", "--wait=false",
		"--dns-provider=coredns", "--dns-zone-name=example.test", "--dns-provider-config=" + config}
	if out, err := runKubefed(t.Context(), kubeconfig, args...); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	deploy, err := host.Client().AppsV1().Deployments("federation-system").Get(t.Context(), "fcp", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var cm *corev1.Container
	for i, c := range deploy.Spec.Template.Spec.Containers {
		if c.Name == "controller-manager" {
			cm = &deploy.Spec.Template.Spec.Containers[i]
		}
	}
	if cm == nil {
		t.Fatalf("no controller-manager container in %+v", deploy.Spec.Template.Spec.Containers)
	}
	for _, want := range []string{"--dns-provider=coredns", "--dns-zone-name=example.test", "--federation-name=myfed", "--dns-provider-config=/etc/federation/dns/config"} {
		if !slices.Contains(cm.Args, want) {
			t.Errorf("controller-manager args %q lack %s", cm.Args, want)
		}
	}
	if !slices.ContainsFunc(cm.VolumeMounts, func(m corev1.VolumeMount) bool { return m.MountPath == "/etc/federation/dns" }) {
		t.Errorf("controller-manager mounts %+v, want /etc/federation/dns", cm.VolumeMounts)
	}
	secret, err := host.Client().CoreV1().Secrets("federation-system").Get(t.Context(), "fcp-dns-provider-config", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := string(secret.Data["config"]); got != "endpoints: [http://etcd.dns.svc:2379]\n" {
		t.Errorf("Secret fcp-dns-provider-config holds %q", got)
	}
	out, err := runKubefed(t.Context(), kubeconfig, args...)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if strings.Contains(out, " created\n") || strings.Contains(out, " configured\n") {
		t.Errorf("second init changed objects:\n%s", out)
	}
}
