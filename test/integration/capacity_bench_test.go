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
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"
	"k8s.io/utils/ptr"

	"k8s.io/federation/pkg/controllers/cluster"
	"k8s.io/federation/test/integration/framework"
)

// benchPodsNamespace holds BenchmarkAllocated's pods.
const benchPodsNamespace = "bench"

// BenchmarkAllocated measures what one probe's status.allocated costs (the cluster
// controller's cluster.ListAllocated) against a member with a kwok node and 1,000, then
// 10,000 Running pods (Deployment-like: labels, owner, one container with requests, env and
// a probe; kwok's status), all bound, and compares it with other ways to read them:
//
//	product                  resourceVersion=0 (watch cache), field selector, protobuf
//	json-rv0-selector        the same in JSON
//	protobuf-consistent      a plain List: consistent read, no selector, protobuf
//	json-consistent          the same in JSON
//	protobuf-paged-500       consistent read in pages of 500, selector, protobuf
//
// Reported per probe: ns/op, B/op and allocs/op in the controller; wire-B/op (bytes read
// from the connection, gzip as the member sends it); body-B/op (decoded response bytes);
// server-cpu-ms/op (the member kube-apiserver's process_cpu_seconds_total).
func BenchmarkAllocated(b *testing.B) {
	member := framework.StartMember(b, framework.Options{Name: "member", KWOK: true, KWOKNodes: 10})
	ctx := framework.TestContext(b)
	admin, err := kubernetes.NewForConfig(unthrottled(member.RESTConfig()))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := admin.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: benchPodsNamespace}}, metav1.CreateOptions{}); err != nil {
		b.Fatal(err)
	}
	created := 0
	for _, n := range []int{1000, 10000} {
		start := time.Now()
		createBenchPods(b, admin, created, n)
		created = n
		waitRunning(b, admin, n)
		b.Logf("%d pods created and Running in %v", n, time.Since(start).Round(time.Second))
		for _, v := range allocatedVariants() {
			b.Run(fmt.Sprintf("pods=%d/%s", n, v.name), func(b *testing.B) {
				var wire, body atomic.Int64
				client := countingClient(b, member, v.json, &wire, &body)
				cpu0 := apiserverCPU(b, admin)
				b.ReportAllocs()
				b.ResetTimer()
				ops := 0
				for b.Loop() {
					got, err := v.list(ctx, client)
					if err != nil {
						b.Fatal(err)
					}
					if p := got[corev1.ResourcePods]; p.Value() != int64(n) {
						b.Fatalf("pods %s, want %d", p.String(), n)
					}
					ops++
				}
				b.StopTimer()
				b.ReportMetric(float64(wire.Load())/float64(ops), "wire-B/op")
				b.ReportMetric(float64(body.Load())/float64(ops), "body-B/op")
				b.ReportMetric((apiserverCPU(b, admin)-cpu0)*1000/float64(ops), "server-cpu-ms/op")
			})
		}
	}
}

type allocatedVariant struct {
	name string
	// json makes the client speak JSON (ContentType set); otherwise client-go's typed pods
	// client prefers protobuf, as the member clients do.
	json bool
	list func(context.Context, kubernetes.Interface) (corev1.ResourceList, error)
}

func allocatedVariants() []allocatedVariant {
	const selector = "spec.nodeName!=,status.phase!=Succeeded,status.phase!=Failed"
	plain := func(opts metav1.ListOptions) func(context.Context, kubernetes.Interface) (corev1.ResourceList, error) {
		return func(ctx context.Context, c kubernetes.Interface) (corev1.ResourceList, error) {
			l, err := c.CoreV1().Pods(metav1.NamespaceAll).List(ctx, opts)
			if err != nil {
				return nil, err
			}
			return cluster.AllocatedOf(l.Items), nil
		}
	}
	return []allocatedVariant{
		{name: "product", list: cluster.ListAllocated},
		{name: "json-rv0-selector", json: true, list: plain(metav1.ListOptions{ResourceVersion: "0", FieldSelector: selector})},
		{name: "protobuf-consistent", list: plain(metav1.ListOptions{})},
		{name: "json-consistent", json: true, list: plain(metav1.ListOptions{})},
		{name: "protobuf-paged-500", list: func(ctx context.Context, c kubernetes.Interface) (corev1.ResourceList, error) {
			opts := metav1.ListOptions{FieldSelector: selector, Limit: 500}
			total := corev1.ResourceList{}
			for {
				l, err := c.CoreV1().Pods(metav1.NamespaceAll).List(ctx, opts)
				if err != nil {
					return nil, err
				}
				// One page is held at a time: its sum is added and the page dropped.
				for name, q := range cluster.AllocatedOf(l.Items) {
					sum := total[name]
					sum.Add(q)
					total[name] = sum
				}
				if l.Continue == "" {
					return total, nil
				}
				opts.Continue = l.Continue
			}
		}},
	}
}

// countingClient returns a client of member (speaking JSON when json is set) that adds the
// bytes read from its connections to wire and the response bodies' (decoded) bytes to body.
func countingClient(b *testing.B, member *framework.ControlPlane, json bool, wire, body *atomic.Int64) kubernetes.Interface {
	b.Helper()
	cfg := unthrottled(member.RESTConfig())
	if json {
		cfg.ContentType = runtime.ContentTypeJSON
	}
	dialer := &net.Dialer{Timeout: 30 * time.Second}
	cfg.Dial = func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := dialer.DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return &countingConn{Conn: c, n: wire}, nil
	}
	cfg.WrapTransport = func(rt http.RoundTripper) http.RoundTripper {
		return roundTripperFunc(func(req *http.Request) (*http.Response, error) {
			resp, err := rt.RoundTrip(req)
			if err == nil {
				resp.Body = &countingBody{ReadCloser: resp.Body, n: body}
			}
			return resp, err
		})
	}
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		b.Fatal(err)
	}
	return client
}

type countingConn struct {
	net.Conn
	n *atomic.Int64
}

func (c *countingConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.n.Add(int64(n))
	return n, err
}

type countingBody struct {
	io.ReadCloser
	n *atomic.Int64
}

func (c *countingBody) Read(p []byte) (int, error) {
	n, err := c.ReadCloser.Read(p)
	c.n.Add(int64(n))
	return n, err
}

type roundTripperFunc func(*http.Request) (*http.Response, error)

func (f roundTripperFunc) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }

// apiserverCPU returns the member kube-apiserver's process_cpu_seconds_total.
func apiserverCPU(b *testing.B, admin kubernetes.Interface) float64 {
	b.Helper()
	raw, err := admin.CoreV1().RESTClient().Get().AbsPath("/metrics").DoRaw(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	for line := range strings.Lines(string(raw)) {
		if v, ok := strings.CutPrefix(line, "process_cpu_seconds_total "); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil {
				b.Fatal(err)
			}
			return f
		}
	}
	b.Fatal("no process_cpu_seconds_total in the member's /metrics")
	return 0
}

// createBenchPods creates pods from index from up to (not including) to, bound to the kwok
// nodes round-robin, 16 at a time.
func createBenchPods(b *testing.B, admin kubernetes.Interface, from, to int) {
	b.Helper()
	ctx := framework.TestContext(b)
	next := make(chan int)
	errs := make(chan error, 16)
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			for i := range next {
				if _, err := admin.CoreV1().Pods(benchPodsNamespace).Create(ctx, benchPod(i), metav1.CreateOptions{}); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	for i := from; i < to; i++ {
		select {
		case next <- i:
		case err := <-errs:
			close(next)
			wg.Wait()
			b.Fatal(err)
		}
	}
	close(next)
	wg.Wait()
	select {
	case err := <-errs:
		b.Fatal(err)
	default:
	}
}

// benchPod is the i-th pod of a Deployment-like workload, bound to a kwok node.
func benchPod(i int) *corev1.Pod {
	const hash = "5d8f7c9b6"
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{
			Name: fmt.Sprintf("web-%s-%05d", hash, i), Namespace: benchPodsNamespace,
			Labels: map[string]string{"app": "web", "pod-template-hash": hash},
			OwnerReferences: []metav1.OwnerReference{{
				APIVersion: "apps/v1", Kind: "ReplicaSet", Name: "web-" + hash, UID: types.UID("0c6bd3f4-5a7e-4a4f-9a43-3c2b1e9d" + hash[:4]),
				Controller: ptr.To(true), BlockOwnerDeletion: ptr.To(true),
			}},
		},
		Spec: corev1.PodSpec{
			NodeName: framework.KWOKNodeName(i % 10),
			Tolerations: []corev1.Toleration{
				{Key: framework.KWOKTaintKey, Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoSchedule},
				{Key: corev1.TaintNodeNotReady, Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoExecute, TolerationSeconds: ptr.To[int64](300)},
				{Key: corev1.TaintNodeUnreachable, Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoExecute, TolerationSeconds: ptr.To[int64](300)},
			},
			Containers: []corev1.Container{{
				Name: "web", Image: "registry.k8s.io/pause:3.10",
				Ports: []corev1.ContainerPort{{Name: "http", ContainerPort: 8080, Protocol: corev1.ProtocolTCP}},
				Env:   []corev1.EnvVar{{Name: "LOG_LEVEL", Value: "info"}, {Name: "REGION", Value: "eu-west-1"}, {Name: "FEATURES", Value: "a,b,c"}},
				Resources: corev1.ResourceRequirements{
					Requests: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("100m"), corev1.ResourceMemory: resource.MustParse("128Mi")},
					Limits:   corev1.ResourceList{corev1.ResourceMemory: resource.MustParse("256Mi")},
				},
				ReadinessProbe: &corev1.Probe{ProbeHandler: corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Path: "/healthz", Port: intstr.FromString("http")}}},
			}},
		},
	}
}

// waitRunning waits until kwok reports n pods Running in the bench namespace.
func waitRunning(b *testing.B, admin kubernetes.Interface, n int) {
	b.Helper()
	var running int
	err := wait.PollUntilContextTimeout(framework.TestContext(b), time.Second, 10*time.Minute, true, func(ctx context.Context) (bool, error) {
		l, err := admin.CoreV1().Pods(benchPodsNamespace).List(ctx, metav1.ListOptions{ResourceVersion: "0", FieldSelector: "status.phase=Running"})
		if err != nil {
			return false, err
		}
		running = len(l.Items)
		return running >= n, nil
	})
	if err != nil {
		b.Fatalf("%d of %d pods Running: %v", running, n, err)
	}
}
