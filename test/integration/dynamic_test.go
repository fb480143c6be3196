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

// TestDynamicReplicaScheduling runs spec.replicaScheduling.mode Dynamic with the whole
// product (fcp apiserver and controller-manager, members with kube-scheduler and a kwok
// node each) on members of different sizes: member-1's node fits 6 of the template's pods
// (6 cpu, 12Gi; each pod requests 1 cpu and 1Gi), member-2's fits 2 (2 cpu, 4Gi).
//
// Expectations, by the rule on the API's ReplicaScheduling.Mode (weights = pods that still
// fit; Dynamic is sticky) and Webster's method:
//   - 8 replicas over weights 6 and 2 (nothing running yet): exactly proportional, 6 and 2,
//     every pod Running and none Pending.
//   - rebalance true is refused with a field path (re-dividing running replicas by capacity
//     that changes as they move never settles: a user trial saw it cycle for minutes).
//   - member-2's node grows to 12 cpu, 24Gi: nothing running moves; a scale-up to 12 divides
//     the 4 added by the room, 0 and 10 pods: all to member-2, so 6 and 6, all Running.
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

	t.Run("rebalance true is refused with Dynamic, naming the field", func(t *testing.T) {
		_, stderr, err := e.kubectl(t, "patch", "fdeploy", name, "-n", ns, "--type=merge", "-p", `{"spec":{"replicaScheduling":{"rebalance":true}}}`)
		if err == nil || !strings.Contains(stderr, "spec.replicaScheduling.rebalance") || !strings.Contains(stderr, "mode Dynamic") {
			t.Errorf("kubectl patch rebalance true: err %v, stderr %q; want it refused naming spec.replicaScheduling.rebalance", err, stderr)
		}
	})

	t.Run("member-2 grows: nothing running moves; a scale-up to 12 puts the 4 added where the room is, 6 and 6", func(t *testing.T) {
		setNodeAllocatable(t, e.member2, resources("12", "24Gi", "110"))
		e.eventuallyCapacity(t, "member-2", resources("12", "24Gi", "110"), resources("2", "2Gi", "2"))
		// The capacity change re-schedules the object (resync is 10m, so only that trigger
		// can): the running replicas stay.
		deadline := time.Now().Add(3 * dynamicProbeInterval)
		for time.Now().Before(deadline) {
			if err := e.checkSplit(t.Context(), ns, name, [2]int32{6, 2}, true); err != nil {
				t.Fatalf("after member-2 grew: %v", err)
			}
			time.Sleep(200 * time.Millisecond)
		}
		// Room: member-1 0 pods, member-2 10: the 4 added all go to member-2.
		e.patchFDeploy(t, ns, name, `{"spec":{"template":{"spec":{"replicas":12}}}}`)
		e.wantSplitNow(t, ns, name, [2]int32{6, 6})
		eventuallyRunning(t, e.member1, ns, name, 6)
		eventuallyRunning(t, e.member2, ns, name, 6)
		e.eventuallyCapacity(t, "member-2", resources("12", "24Gi", "110"), resources("6", "6Gi", "6"))
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
		if err := sameResources("allocated", got, resources("6", "6Gi", "6")); err != nil {
			t.Error(err)
		}
	})
}
