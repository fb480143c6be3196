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
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/test/integration/framework"
)

// serviceResync is the controller-manager's --resync-period in TestFederatedService.
const serviceResync = 2 * time.Second

// TestFederatedService federates a Service of type LoadBalancer to both members, which
// allocate its cluster IPs and node ports; a test stands in for each member's cloud
// controller and sets different load-balancer addresses through the status subresource.
// The federated status and kubectl get list both, per cluster too; resyncs and a template
// change leave everything the members allocated as they chose it.
func TestFederatedService(t *testing.T) {
	e := startControllersEnv(t, nil, []string{"--resync-period=" + serviceResync.String(), "--v=4"})
	ns := e.newNamespace(t, "fsvc")

	t.Run("a cluster IP that every member would have to share is refused", func(t *testing.T) {
		obj := loadBalancerService(t, ns, "fixed-ip")
		obj.Spec.Template.Spec.ClusterIP = "10.0.0.80"
		wantRefused(t, e, obj, "spec.template.spec.clusterIP")
		e.wantNotFound(t, ns, hostKind(obj), obj.GetName())
	})

	obj := loadBalancerService(t, ns, "web")
	e.createPropagated(t, ns, []fedv1beta1.FederatedObject{obj})
	allocated := map[string]allocatedFields{}
	for _, m := range e.members() {
		svc := memberService(t, m, ns, "web")
		a := allocatedOf(svc)
		if a.clusterIP == "" || a.healthCheckNodePort == 0 || a.nodePorts[0] == 0 || a.nodePorts[1] == 0 {
			t.Fatalf("%s: Service %s/web has cluster IP %q, node ports %v, health-check node port %d; want all allocated",
				m.Name(), ns, a.clusterIP, a.nodePorts, a.healthCheckNodePort)
		}
		allocated[m.Name()] = a
	}

	// As a cloud controller would: each member's load balancer has its own address.
	ingress := map[string][]corev1.LoadBalancerIngress{
		e.member1.Name(): {{IP: "203.0.113.10"}},
		e.member2.Name(): {{IP: "198.51.100.20"}, {Hostname: "web.member-2.example.com"}},
	}
	for _, m := range e.members() {
		setLoadBalancerIngress(t, m, ns, "web", ingress[m.Name()])
	}
	// Sorted by IP, then hostname (an entry without IP first); the members default ipMode.
	wantAll := []string{"web.member-2.example.com", "198.51.100.20", "203.0.113.10"}
	wantRows := map[string][]string{
		e.member1.Name(): {"203.0.113.10"},
		e.member2.Name(): {"web.member-2.example.com", "198.51.100.20"},
	}
	t.Run("the federated status lists every member's address, and each cluster's own", func(t *testing.T) {
		eventually(t, "status.loadBalancer lists both members' addresses", func(context.Context) error {
			st := e.federatedStatus(t, obj)
			if got := addresses(st.LoadBalancer); !cmp.Equal(wantAll, got) {
				return fmt.Errorf("status.loadBalancer has %q, want %q", got, wantAll)
			}
			for _, m := range e.members() {
				if got := addresses(statusRowOf(st, m.Name()).LoadBalancer); !cmp.Equal(wantRows[m.Name()], got) {
					return fmt.Errorf("status.clusters[%s].loadBalancer has %q, want %q", m.Name(), got, wantRows[m.Name()])
				}
			}
			return nil
		})
	})

	t.Run("kubectl get fsvc shows them as kubectl get svc would", func(t *testing.T) {
		rows := tableRows(e.mustKubectl(t, "get", "fsvc", "web", "-n", ns))
		want := [][]string{
			{"NAME", "TYPE", "EXTERNAL-IP", "PORT(S)", "CLUSTERS", "PROPAGATED", "AGE"},
			{"web", "LoadBalancer", "web.member-2.example.com,198.51.100.20,203.0.113.10", "80/TCP,443/TCP", "2/2", "True"},
		}
		if len(rows) != 2 {
			t.Fatalf("kubectl get fsvc web: %v", rows)
		}
		rows[1] = rows[1][:len(rows[1])-1] // AGE
		if d := cmp.Diff(want, rows); d != "" {
			t.Errorf("kubectl get fsvc web (-want +got):\n%s", d)
		}
	})

	t.Run("resyncs write nothing to the members", func(t *testing.T) {
		versions := map[string]string{}
		for _, m := range e.members() {
			versions[m.Name()] = memberService(t, m, ns, "web").ResourceVersion
		}
		hostVersion := e.federatedResourceVersion(t, obj)
		before := e.fightCounts(t, "services", "FederatedService")
		dryRunsBefore := serviceDryRuns(t, e)
		e.waitReconciles(t, "FederatedService", before.reconciles+3, 3*serviceResync)
		after := e.fightCounts(t, "services", "FederatedService")
		// Not even a dry run: the cheap comparison finds the copies in sync, as what the
		// members allocated is nothing federation renders.
		for name, n := range serviceDryRuns(t, e) {
			if d := n - dryRunsBefore[name]; d != 0 {
				t.Errorf("%s: %v dry-run applies of services during resyncs, want 0", name, d)
			}
		}
		for _, m := range e.members() {
			svc := memberService(t, m, ns, "web")
			if svc.ResourceVersion != versions[m.Name()] {
				t.Errorf("%s: Service %s/web went from resourceVersion %s to %s over %v reconciles",
					m.Name(), ns, versions[m.Name()], svc.ResourceVersion, after.reconciles-before.reconciles)
			}
			if d := after.applies[m.Name()] - before.applies[m.Name()]; d != 0 {
				t.Errorf("%s: %v applies of services during resyncs, want 0", m.Name(), d)
			}
			if d := cmp.Diff(allocated[m.Name()], allocatedOf(svc), cmp.AllowUnexported(allocatedFields{})); d != "" {
				t.Errorf("%s: allocated fields changed (-before +after):\n%s", m.Name(), d)
			}
		}
		if v := e.federatedResourceVersion(t, obj); v != hostVersion {
			t.Errorf("%s went from resourceVersion %s to %s: status rewritten with nothing changed", kubectlRef(obj), hostVersion, v)
		}
	})

	t.Run("a template change keeps what the members allocated", func(t *testing.T) {
		changed := loadBalancerService(t, ns, "web")
		changed.Spec.Template.Labels = map[string]string{"tier": "frontend"}
		e.mustApply(t, ns, changed, applyOptions{})
		for _, m := range e.members() {
			eventually(t, m.Name()+" has the new label", func(ctx context.Context) error {
				svc, err := m.Client().CoreV1().Services(ns).Get(ctx, "web", metav1.GetOptions{})
				if err != nil {
					return err
				}
				if svc.Labels["tier"] != "frontend" {
					return fmt.Errorf("labels %v", svc.Labels)
				}
				return nil
			})
			svc := memberService(t, m, ns, "web")
			if d := cmp.Diff(allocated[m.Name()], allocatedOf(svc), cmp.AllowUnexported(allocatedFields{})); d != "" {
				t.Errorf("%s: allocated fields changed (-before +after):\n%s", m.Name(), d)
			}
			want := addresses(&corev1.LoadBalancerStatus{Ingress: ingress[m.Name()]})
			if got := addresses(&svc.Status.LoadBalancer); !cmp.Equal(want, got) {
				t.Errorf("%s: load-balancer ingress %q after the change, want %q as set", m.Name(), got, want)
			}
		}
		if got := addresses(e.federatedStatus(t, obj).LoadBalancer); !cmp.Equal(wantAll, got) {
			t.Errorf("status.loadBalancer has %q after the change, want %q", got, wantAll)
		}
	})
}

// loadBalancerService is a FederatedService of type LoadBalancer with external traffic
// policy Local (so each member allocates a health-check node port too), two ports without
// node ports, one without a target port, placed on both members.
func loadBalancerService(t *testing.T, ns, name string) *fedv1beta1.FederatedService {
	t.Helper()
	obj := sampleFederated(t, "FederatedService", ns, name).(*fedv1beta1.FederatedService)
	obj.Spec.Template.Spec = corev1.ServiceSpec{
		Type:                  corev1.ServiceTypeLoadBalancer,
		ExternalTrafficPolicy: corev1.ServiceExternalTrafficPolicyLocal,
		Selector:              map[string]string{"app": name},
		Ports: []corev1.ServicePort{
			{Name: "http", Port: 80, TargetPort: intstr.FromInt32(8080)},
			{Name: "https", Port: 443},
		},
	}
	return obj
}

// serviceDryRuns counts each member's dry-run applies of services.
func serviceDryRuns(t *testing.T, e *ctlEnv) map[string]float64 {
	t.Helper()
	out := map[string]float64{}
	for _, m := range e.members() {
		raw, err := m.Client().CoreV1().RESTClient().Get().AbsPath("/metrics").DoRaw(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		out[m.Name()] = sumMetric(string(raw), "apiserver_request_total", func(l map[string]string) bool {
			return l["resource"] == "services" && l["verb"] == "APPLY" && l["dry_run"] != ""
		})
	}
	return out
}

// addresses returns the IP or hostname of each of lb's ingress points, in order.
func addresses(lb *corev1.LoadBalancerStatus) []string {
	if lb == nil {
		return nil
	}
	var out []string
	for _, in := range lb.Ingress {
		out = append(out, in.IP+in.Hostname)
	}
	return out
}

// allocatedFields are what a member allocates for a Service.
type allocatedFields struct {
	clusterIP           string
	clusterIPs          string
	ipFamilies          string
	nodePorts           [2]int32
	healthCheckNodePort int32
}

func allocatedOf(svc *corev1.Service) allocatedFields {
	a := allocatedFields{
		clusterIP: svc.Spec.ClusterIP, clusterIPs: strings.Join(svc.Spec.ClusterIPs, ","),
		ipFamilies: fmt.Sprint(svc.Spec.IPFamilies), healthCheckNodePort: svc.Spec.HealthCheckNodePort,
	}
	for i := range min(len(svc.Spec.Ports), 2) {
		a.nodePorts[i] = svc.Spec.Ports[i].NodePort
	}
	return a
}

// memberService returns the Service ns/name in member.
func memberService(t *testing.T, member *framework.ControlPlane, ns, name string) *corev1.Service {
	t.Helper()
	svc, err := member.Client().CoreV1().Services(ns).Get(t.Context(), name, metav1.GetOptions{})
	if err != nil {
		t.Fatalf("%s: %v", member.Name(), err)
	}
	return svc
}

// setLoadBalancerIngress sets the Service's status.loadBalancer.ingress in member through
// the status subresource, as a cloud controller does.
func setLoadBalancerIngress(t *testing.T, member *framework.ControlPlane, ns, name string, ingress []corev1.LoadBalancerIngress) {
	t.Helper()
	eventually(t, member.Name()+" takes the load-balancer status", func(ctx context.Context) error {
		svc, err := member.Client().CoreV1().Services(ns).Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		svc.Status.LoadBalancer.Ingress = ingress
		_, err = member.Client().CoreV1().Services(ns).UpdateStatus(ctx, svc, metav1.UpdateOptions{FieldManager: "cloud-controller-manager"})
		return err
	})
}

// federatedResourceVersion returns obj's resourceVersion on the host.
func (e *ctlEnv) federatedResourceVersion(t *testing.T, obj fedv1beta1.FederatedObject) string {
	t.Helper()
	var got metav1.PartialObjectMetadata
	if !getJSON(t, e.host, obj.GetNamespace(), hostKind(obj), obj.GetName(), &got) {
		t.Fatalf("%s not found on the host", kubectlRef(obj))
	}
	return got.ResourceVersion
}

// TestFederatedIngress federates an Ingress to both members; a test stands in for each
// member's ingress controller and sets its address through the status subresource. The
// federated status and kubectl get fing list both.
func TestFederatedIngress(t *testing.T) {
	e := startControllersEnv(t, nil, nil)
	ns := e.newNamespace(t, "fing")
	obj := sampleFederated(t, "FederatedIngress", ns, "web")
	e.createPropagated(t, ns, []fedv1beta1.FederatedObject{obj})
	for m, addr := range map[*framework.ControlPlane]networkingv1.IngressLoadBalancerIngress{
		e.member1: {IP: "203.0.113.10"},
		e.member2: {Hostname: "web.member-2.example.com"},
	} {
		eventually(t, m.Name()+" takes the Ingress status", func(ctx context.Context) error {
			ing, err := m.Client().NetworkingV1().Ingresses(ns).Get(ctx, "web", metav1.GetOptions{})
			if err != nil {
				return err
			}
			ing.Status.LoadBalancer.Ingress = []networkingv1.IngressLoadBalancerIngress{addr}
			_, err = m.Client().NetworkingV1().Ingresses(ns).UpdateStatus(ctx, ing, metav1.UpdateOptions{FieldManager: "ingress-controller"})
			return err
		})
	}
	want := []string{"web.member-2.example.com", "203.0.113.10"}
	eventually(t, "status.loadBalancer lists both members' addresses", func(context.Context) error {
		if got := addresses(e.federatedStatus(t, obj).LoadBalancer); !cmp.Equal(want, got) {
			return fmt.Errorf("status.loadBalancer has %q, want %q", got, want)
		}
		return nil
	})
	rows := tableRows(e.mustKubectl(t, "get", "fing", "web", "-n", ns))
	if len(rows) != 2 || strings.Join(rows[0][:5], " ") != "NAME CLASS HOSTS ADDRESS PORTS" || rows[1][3] != strings.Join(want, ",") {
		t.Errorf("kubectl get fing web: %v, want ADDRESS %s", rows, strings.Join(want, ","))
	}
}
