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
	"strconv"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"

	"k8s.io/federation/pkg/generated/clientset/versioned"
	"k8s.io/federation/test/integration/framework"
)

// convergenceObjects is how many FederatedConfigMaps wait for a member to come back.
const convergenceObjects = 1000

// BenchmarkConvergence measures how fast the controller-manager catches a member up: 1,000
// FederatedConfigMaps are created while member-2 (of 2) is down, then member-2 is started
// and the clock runs until every object is Propagated. Reported: seconds to converge and
// objects/s. One iteration is one such outage; run it with -benchtime=1x.
func BenchmarkConvergence(b *testing.B) {
	// Made before the control planes so that its removal is the last cleanup, after fcp has
	// stopped: removed under a running fcp, the embedded etcd exits fatally.
	fcpDir := tmpfsDir(b)
	cps := framework.StartControlPlanes(b,
		framework.Options{Name: "host"}, framework.Options{Name: "member-1"}, framework.Options{Name: "member-2"})
	host, members := cps[0], cps[1:]
	ctx := framework.TestContext(b)
	if _, err := host.StartFCP(ctx, framework.FCPOptions{Binary: fcpBinary, Dir: fcpDir, Args: []string{"--member-qps=10000", "--member-burst=10000"}}); err != nil {
		b.Fatal(err)
	}
	for _, m := range members {
		if _, err := host.RegisterMember(ctx, m, framework.MemberOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	fed, err := versioned.NewForConfig(unthrottled(host.RESTConfig()))
	if err != nil {
		b.Fatal(err)
	}
	if err := waitForClusters(ctx, fed, []string{members[0].Name(), members[1].Name()}); err != nil {
		b.Fatal(err)
	}
	if _, err := host.StartControllerManager(ctx, framework.ControllerManagerOptions{Binary: fcpBinary,
		Args: []string{"--member-qps=10000", "--member-burst=10000", "--kube-api-qps=10000", "--kube-api-burst=10000", "--concurrent-syncs=20"}}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for iteration := range b.N {
		b.StopTimer()
		ns := "converge-" + strconv.Itoa(iteration)
		for _, cp := range []*framework.ControlPlane{host, members[0]} {
			if _, err := cp.Client().CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}, metav1.CreateOptions{}); err != nil {
				b.Fatal(err)
			}
		}
		if err := members[1].StopAPIServer(ctx); err != nil {
			b.Fatal(err)
		}
		createFCMs(b, fed, ns, convergenceObjects, 8)
		b.StartTimer()
		start := time.Now()
		if err := members[1].StartAPIServer(ctx); err != nil {
			b.Fatal(err)
		}
		err := wait.PollUntilContextTimeout(ctx, 200*time.Millisecond, 10*time.Minute, true, func(ctx context.Context) (bool, error) {
			return allPropagated(ctx, fed, ns, convergenceObjects) == nil, nil
		})
		took := time.Since(start)
		b.StopTimer()
		if err != nil {
			b.Fatalf("not converged: %v", allPropagated(ctx, fed, ns, convergenceObjects))
		}
		b.ReportMetric(took.Seconds(), "s-to-converge")
		b.ReportMetric(convergenceObjects/took.Seconds(), "objects/s")
		b.StartTimer()
	}
}
