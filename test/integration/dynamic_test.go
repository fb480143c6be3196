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
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/util/retry"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/controllers/cluster"
	"k8s.io/federation/pkg/kubefed/memberaccess"
	"k8s.io/federation/test/integration/framework"
)

// dynamicProbeInterval is the controller-manager's --cluster-probe-interval in
// TestDynamicReplicaScheduling: how soon a Cluster's status.allocated follows its pods.
const dynamicProbeInterval = time.Second

// setNodeAllocatable makes member's (only) kwok node report allocatable (and as much
// capacity), as a kubelet of that size would: kube-scheduler then fits pods to it and the
// cluster controller sums it into the Cluster's status.allocatable. kwok's heartbeats
// update the node's conditions only, so the values stay.
func setNodeAllocatable(t *testing.T, member *framework.ControlPlane, allocatable corev1.ResourceList) {
	t.Helper()
	nodes := member.Client().CoreV1().Nodes()
	err := retry.RetryOnConflict(retry.DefaultRetry, func() error {
		n, err := nodes.Get(t.Context(), framework.KWOKNodeName(0), metav1.GetOptions{})
		if err != nil {
			return err
		}
		n.Status.Allocatable, n.Status.Capacity = allocatable, allocatable
		_, err = nodes.UpdateStatus(t.Context(), n, metav1.UpdateOptions{})
		return err
	})
	if err != nil {
		t.Fatalf("setting the allocatable of %s's node: %v", member.Name(), err)
	}
}

// resources is cpu, memory and pods as a ResourceList.
func resources(cpu, memory, pods string) corev1.ResourceList {
	return corev1.ResourceList{
		corev1.ResourceCPU: resource.MustParse(cpu), corev1.ResourceMemory: resource.MustParse(memory), corev1.ResourcePods: resource.MustParse(pods),
	}
}

// sameResources returns nil when got holds exactly want's quantities (compared as
// quantities, so 1000m equals 1).
func sameResources(what string, got, want corev1.ResourceList) error {
	if len(got) != len(want) {
		return fmt.Errorf("%s %v, want %v", what, got, want)
	}
	for name, q := range want {
		if g, ok := got[name]; !ok || g.Cmp(q) != 0 {
			return fmt.Errorf("%s %v, want %v", what, got, want)
		}
	}
	return nil
}

// eventuallyCapacity waits until the Cluster's status shows allocatable and allocated.
func (e *ctlEnv) eventuallyCapacity(t *testing.T, cluster string, allocatable, allocated corev1.ResourceList) {
	t.Helper()
	eventually(t, fmt.Sprintf("cluster %s allocatable %v allocated %v", cluster, allocatable, allocated), func(ctx context.Context) error {
		cl, err := e.fed.FederationV1beta1().Clusters().Get(ctx, cluster, metav1.GetOptions{})
		if err != nil {
			return err
		}
		if err := sameResources("allocatable", cl.Status.Allocatable, allocatable); err != nil {
			return err
		}
		return sameResources("allocated", cl.Status.Allocated, allocated)
	})
}

// podPhases counts member's pods of the Deployment ns/name by phase, e.g. "Running=6".
func podPhases(ctx context.Context, member *framework.ControlPlane, ns, name string) (map[corev1.PodPhase]int, error) {
	pods, err := member.Client().CoreV1().Pods(ns).List(ctx, metav1.ListOptions{LabelSelector: labels.Set{"app": name}.String()})
	if err != nil {
		return nil, err
	}
	out := map[corev1.PodPhase]int{}
	for _, p := range pods.Items {
		if p.DeletionTimestamp == nil {
			out[p.Status.Phase]++
		}
	}
	return out, nil
}

// eventuallyRunning waits until member runs exactly n pods of ns/name and no other (none
// Pending for want of room).
func eventuallyRunning(t *testing.T, member *framework.ControlPlane, ns, name string, n int) {
	t.Helper()
	eventually(t, fmt.Sprintf("%s runs %d pods of %s and no others", member.Name(), n, name), func(ctx context.Context) error {
		phases, err := podPhases(ctx, member, ns, name)
		if err != nil {
			return err
		}
		if phases[corev1.PodRunning] != n || len(phases) > 1 || (n == 0 && len(phases) > 0) {
			return fmt.Errorf("pods by phase: %v", phases)
		}
		return nil
	})
}

// splitRecorder records every distinct state of the division it sees: what the members
// hold and the cpu each Cluster reports allocated, to show whether a capacity change made
// the division swing before it settled.
type splitRecorder struct {
	seen []string
}

func (r *splitRecorder) record(ctx context.Context, e *ctlEnv, ns, name string) {
	var parts []string
	for _, m := range e.members() {
		got, err := memberReplicas(ctx, m, ns, name)
		if err != nil {
			return
		}
		cl, err := e.fed.FederationV1beta1().Clusters().Get(ctx, m.Name(), metav1.GetOptions{})
		if err != nil {
			return
		}
		cpu := cl.Status.Allocated[corev1.ResourceCPU]
		parts = append(parts, fmt.Sprintf("%s=%d(allocated cpu %s)", m.Name(), got, cpu.String()))
	}
	s := strings.Join(parts, ",")
	if len(r.seen) == 0 || r.seen[len(r.seen)-1] != s {
		r.seen = append(r.seen, s)
	}
}

// TestDynamicReplicaScheduling runs spec.replicaScheduling.mode Dynamic with the whole
// product (fcp apiserver and controller-manager, members with kube-scheduler and a kwok
// node each) on members of different sizes: member-1's node fits 6 of the template's pods
// (6 cpu, 12Gi; each pod requests 1 cpu and 1Gi), member-2's fits 2 (2 cpu, 4Gi).
//
// Expectations, by the rule on the API's ReplicaScheduling.Mode (weights = pods that still
// fit + the share the cluster has) and Webster's method:
//   - 8 replicas over weights 6 and 2 (nothing running yet): exactly proportional, 6 and 2,
//     every pod Running and none Pending.
//   - rebalance switched on with the pods running: weights 0+6 and 0+2, still 6 and 2.
//   - member-2's node grows to 12 cpu, 24Gi (nothing else changes, and the resync period is
//     10m): the capacity change alone re-divides, weights 0+6 and 10+2, so 8·6/18 = 2.67 and
//     8·12/18 = 5.33: 3 and 5, and it stays there (then weights 3+3 and 7+5, the same 6:12).
//     On the way the division swings while the Clusters' status.allocated lags the shares
//     (the test logs what it saw); see capacityWeights in pkg/propagation.
//   - The ClusterRole `kubefed join` grants in a member lets the cluster controller sum its
//     pods (ListAllocated with that ServiceAccount's token).
func TestDynamicReplicaScheduling(t *testing.T) {
	e := startControllersEnvWithMembers(t, framework.Options{ControllerManager: true, Scheduler: true, KWOK: true}, nil,
		[]string{"--cluster-probe-interval=" + dynamicProbeInterval.String(), "--resync-period=10m", "--v=2"})
	ns := e.newNamespace(t, "dynamic")
	const name = "web"
	none := resources("0", "0", "0")

	setNodeAllocatable(t, e.member1, resources("6", "12Gi", "110"))
	setNodeAllocatable(t, e.member2, resources("2", "4Gi", "110"))
	// Nothing else runs on the kwok nodes, so the room is all of it.
	e.eventuallyCapacity(t, "member-1", resources("6", "12Gi", "110"), none)
	e.eventuallyCapacity(t, "member-2", resources("2", "4Gi", "110"), none)

	t.Run("8 replicas over room for 6 and 2: 6 and 2, all Running; the Clusters show what they take", func(t *testing.T) {
		d := kwokFDeploy(ns, name, 8, "registry.k8s.io/pause:3.10")
		d.Spec.Template.Spec.Template.Spec.Containers[0].Resources.Requests = corev1.ResourceList{
			corev1.ResourceCPU: resource.MustParse("1"), corev1.ResourceMemory: resource.MustParse("1Gi"),
		}
		d.Spec.ReplicaScheduling = &fedv1beta1.ReplicaScheduling{Mode: fedv1beta1.ReplicaSchedulingModeDynamic}
		e.mustApply(t, ns, d, applyOptions{})
		e.eventuallySplit(t, ns, name, [2]int32{6, 2}, true)
		eventuallyRunning(t, e.member1, ns, name, 6)
		eventuallyRunning(t, e.member2, ns, name, 2)
		e.eventuallyCapacity(t, "member-1", resources("6", "12Gi", "110"), resources("6", "6Gi", "6"))
		e.eventuallyCapacity(t, "member-2", resources("2", "4Gi", "110"), resources("2", "2Gi", "2"))
		e.wantScheduledCondition(t, ns, name, metav1.ConditionTrue, "Scheduled")
	})

	t.Run("rebalance on with the pods running: their own room does not count against them, still 6 and 2", func(t *testing.T) {
		e.patchFDeploy(t, ns, name, `{"spec":{"replicaScheduling":{"rebalance":true}}}`)
		e.eventuallySplit(t, ns, name, [2]int32{6, 2}, true)
		// Over several probes of both members: no change.
		deadline := time.Now().Add(5 * dynamicProbeInterval)
		for time.Now().Before(deadline) {
			if err := e.checkSplit(t.Context(), ns, name, [2]int32{6, 2}, true); err != nil {
				t.Fatalf("with the pods running and nothing changed: %v", err)
			}
			time.Sleep(200 * time.Millisecond)
		}
	})

	t.Run("member-2 grows: the capacity change alone moves replicas there, 3 and 5", func(t *testing.T) {
		var rec splitRecorder
		setNodeAllocatable(t, e.member2, resources("12", "24Gi", "110"))
		eventually(t, "split 3 and 5, every pod Running", func(ctx context.Context) error {
			rec.record(ctx, e, ns, name)
			if err := e.checkSplit(ctx, ns, name, [2]int32{3, 5}, true); err != nil {
				return err
			}
			for _, m := range []struct {
				cp *framework.ControlPlane
				n  int
			}{{e.member1, 3}, {e.member2, 5}} {
				phases, err := podPhases(ctx, m.cp, ns, name)
				if err != nil {
					return err
				}
				if phases[corev1.PodRunning] != m.n || len(phases) != 1 {
					return fmt.Errorf("%s pods by phase: %v", m.cp.Name(), phases)
				}
			}
			return nil
		})
		e.eventuallyCapacity(t, "member-2", resources("12", "24Gi", "110"), resources("5", "5Gi", "5"))
		e.eventuallyCapacity(t, "member-1", resources("6", "12Gi", "110"), resources("3", "3Gi", "3"))
		// Settled: with both Clusters' status current, the division stays.
		deadline := time.Now().Add(5 * dynamicProbeInterval)
		for time.Now().Before(deadline) {
			rec.record(t.Context(), e, ns, name)
			if err := e.checkSplit(t.Context(), ns, name, [2]int32{3, 5}, true); err != nil {
				t.Fatalf("after settling: %v (splits seen: %v)", err, rec.seen)
			}
			time.Sleep(200 * time.Millisecond)
		}
		t.Logf("states seen, in order:\n%s", strings.Join(rec.seen, "\n"))
	})

	t.Run("the member role kubefed join grants is enough for status.allocated", func(t *testing.T) {
		access := memberaccess.For("capacity-check", "federation-system")
		token, err := memberaccess.Grant(t.Context(), e.member1.Client(), access, 30*time.Second, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		cfg := rest.AnonymousClientConfig(e.member1.RESTConfig())
		cfg.BearerToken = string(token)
		client, err := kubernetes.NewForConfig(cfg)
		if err != nil {
			t.Fatal(err)
		}
		got, err := cluster.ListAllocated(t.Context(), client)
		if err != nil {
			t.Fatalf("with federation's member role: %v", err)
		}
		if err := sameResources("allocated", got, resources("3", "3Gi", "3")); err != nil {
			t.Error(err)
		}
	})
}
