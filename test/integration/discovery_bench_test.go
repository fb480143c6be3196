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
	"slices"
	"sync/atomic"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/kubernetes"

	"k8s.io/federation/pkg/controllers/cluster"
	"k8s.io/federation/pkg/kinds"
	"k8s.io/federation/test/integration/framework"
)

// BenchmarkKindDiscovery measures what the cluster controller's observation of the kinds a
// member serves costs, against what every probe already asks, on one real member control
// plane (no nodes, no pods: the smallest probe there is):
//
//	probe        /readyz, /version, nodes and pods (cluster.ListAllocated): every probe
//	full         one ServerResourcesForGroupVersion per group/version of the kinds table's
//	             member types: when a member is first read, changes version or turns Ready,
//	             and every --cluster-discovery-interval
//	one-lacking  the group/version of one type the member lacks: every probe of such a member
//
// Reported per op: ns/op, B/op and allocs/op in the controller; requests/op; wire-B/op
// (bytes read from the connection); body-B/op (decoded response bytes); server-cpu-ms/op (the
// member kube-apiserver's process_cpu_seconds_total).
func BenchmarkKindDiscovery(b *testing.B) {
	member := framework.StartMember(b, framework.Options{Name: "member"})
	ctx := framework.TestContext(b)
	admin, err := kubernetes.NewForConfig(unthrottled(member.RESTConfig()))
	if err != nil {
		b.Fatal(err)
	}
	var gvs []string
	for _, k := range kinds.All() {
		if gv := k.Member.GroupVersion().String(); !slices.Contains(gvs, gv) {
			gvs = append(gvs, gv)
		}
	}
	b.Logf("member group/versions of the kinds table: %v", gvs)
	lacking := schema.GroupVersion{Group: "networking.k8s.io", Version: "v1"}.String()
	discover := func(ctx context.Context, c kubernetes.Interface, gvs ...string) (int, error) {
		d := discovery.ToDiscoveryInterfaceWithContext(c.Discovery())
		for _, gv := range gvs {
			if _, err := d.ServerResourcesForGroupVersionWithContext(ctx, gv); err != nil {
				return 0, err
			}
		}
		return len(gvs), nil
	}
	for _, v := range []struct {
		name string
		do   func(ctx context.Context, c kubernetes.Interface) (requests int, err error)
	}{
		{name: "probe", do: func(ctx context.Context, c kubernetes.Interface) (int, error) {
			if _, err := c.Discovery().RESTClient().Get().AbsPath("/readyz").DoRaw(ctx); err != nil {
				return 0, err
			}
			if _, err := discovery.ToServerVersionInterfaceWithContext(c.Discovery()).ServerVersionWithContext(ctx); err != nil {
				return 0, err
			}
			if _, err := c.CoreV1().Nodes().List(ctx, metav1.ListOptions{ResourceVersion: "0"}); err != nil {
				return 0, err
			}
			_, err := cluster.ListAllocated(ctx, c)
			return 4, err
		}},
		{name: "full", do: func(ctx context.Context, c kubernetes.Interface) (int, error) { return discover(ctx, c, gvs...) }},
		{name: "one-lacking", do: func(ctx context.Context, c kubernetes.Interface) (int, error) { return discover(ctx, c, lacking) }},
	} {
		b.Run(v.name, func(b *testing.B) {
			var wire, body atomic.Int64
			client := countingClient(b, member, false, &wire, &body)
			cpu0 := apiserverCPU(b, admin)
			b.ReportAllocs()
			b.ResetTimer()
			ops, requests := 0, 0
			for b.Loop() {
				n, err := v.do(ctx, client)
				if err != nil {
					b.Fatal(err)
				}
				ops, requests = ops+1, requests+n
			}
			b.StopTimer()
			b.ReportMetric(float64(requests)/float64(ops), "requests/op")
			b.ReportMetric(float64(wire.Load())/float64(ops), "wire-B/op")
			b.ReportMetric(float64(body.Load())/float64(ops), "body-B/op")
			b.ReportMetric((apiserverCPU(b, admin)-cpu0)*1000/float64(ops), "server-cpu-ms/op")
		})
	}
}
