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
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sync/errgroup"
	coordinationv1 "k8s.io/api/coordination/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/generated/clientset/versioned"
	"k8s.io/federation/pkg/kinds"
	"k8s.io/federation/test/integration/framework"
)

// probeInterval is the controller-manager's --cluster-probe-interval in these tests (the
// framework's default).
const probeInterval = time.Second

// ctlEnv is the write-through environment plus an `fcp controller-manager`.
type ctlEnv struct {
	*wtEnv
	cm *framework.ControllerManager
}

// startControllersEnv starts host, members and fcp (with fcpArgs), and one controller-manager
// (with cmArgs).
func startControllersEnv(t *testing.T, fcpArgs, cmArgs []string) *ctlEnv {
	t.Helper()
	return startControllersEnvWithMembers(t, framework.Options{}, fcpArgs, cmArgs)
}

// startControllersEnvWithMembers is startControllersEnv with members started with memberOpts.
func startControllersEnvWithMembers(t *testing.T, memberOpts framework.Options, fcpArgs, cmArgs []string) *ctlEnv {
	t.Helper()
	return startControllersEnvForMembers(t, memberOpts, memberOpts, fcpArgs, cmArgs)
}

// startControllersEnvForMembers is startControllersEnv with member-1 started with m1 and
// member-2 with m2.
func startControllersEnvForMembers(t *testing.T, m1, m2 framework.Options, fcpArgs, cmArgs []string) *ctlEnv {
	t.Helper()
	wt := startWriteThroughEnvForMembers(t, m1, m2, fcpArgs...)
	cm, err := wt.host.StartControllerManager(framework.TestContext(t), framework.ControllerManagerOptions{Binary: fcpBinary, Args: cmArgs})
	if err != nil {
		t.Fatal(err)
	}
	return &ctlEnv{wtEnv: wt, cm: cm}
}

// cluster returns the Cluster name as the federation API has it.
func (e *ctlEnv) cluster(t *testing.T, name string) *fedv1beta1.Cluster {
	t.Helper()
	cl, err := e.fed.FederationV1beta1().Clusters().Get(t.Context(), name, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return cl
}

// waitForCondition waits until cluster's condition typ has status, and returns the cluster.
func (e *ctlEnv) waitForCondition(t *testing.T, cluster, typ string, status metav1.ConditionStatus) *fedv1beta1.Cluster {
	t.Helper()
	var cl *fedv1beta1.Cluster
	eventually(t, fmt.Sprintf("cluster %s %s=%s", cluster, typ, status), func(ctx context.Context) error {
		var err error
		if cl, err = e.fed.FederationV1beta1().Clusters().Get(ctx, cluster, metav1.GetOptions{}); err != nil {
			return err
		}
		c := meta.FindStatusCondition(cl.Status.Conditions, typ)
		if c == nil || c.Status != status {
			return fmt.Errorf("conditions: %+v", cl.Status.Conditions)
		}
		return nil
	})
	return cl
}

// wantReadyColumn fails t unless `kubectl get clusters name` shows READY ready.
func (e *ctlEnv) wantReadyColumn(t *testing.T, name, ready string) {
	t.Helper()
	rows := tableRows(e.mustKubectl(t, "get", "clusters", name))
	if len(rows) != 2 || rows[1][1] != ready {
		t.Errorf("kubectl get clusters %s: %v, want READY %s", name, rows, ready)
	}
}

// wantClusterEvent returns nil when the host has an event with reason about the Cluster
// name, recorded after since (events about cluster-scoped objects live in the default
// namespace).
func (e *ctlEnv) wantClusterEvent(ctx context.Context, name, reason string, since time.Time) error {
	events, err := e.host.Client().EventsV1().Events(metav1.NamespaceDefault).List(ctx, metav1.ListOptions{})
	if err != nil {
		return err
	}
	var seen []string
	for _, ev := range events.Items {
		if ev.Regarding.Kind == "Cluster" && ev.Regarding.Name == name && ev.Reason == reason && !ev.EventTime.Time.Before(since) {
			return nil
		}
		seen = append(seen, ev.Regarding.Name+": "+ev.Reason+" at "+ev.EventTime.String())
	}
	return fmt.Errorf("no %s event for cluster %s among %q", reason, name, seen)
}

// wantPropagated waits, with `kubectl wait`, until the FederatedConfigMap is Propagated.
func (e *ctlEnv) wantPropagated(t *testing.T, ns, name string) {
	t.Helper()
	if _, stderr, err := e.kubectl(t, "wait", "--for=condition=Propagated", "fcm/"+name, "-n", ns, "--timeout=60s"); err != nil {
		t.Fatalf("kubectl wait --for=condition=Propagated fcm/%s: %v\n%s\nstatus: %+v", name, err, stderr, e.getFCM(t, ns, name).Status)
	}
}

// eventuallyMemberData waits until member holds the ConfigMap with data.
func eventuallyMemberData(t *testing.T, member *framework.ControlPlane, ns, name string, data map[string]string) {
	t.Helper()
	eventually(t, fmt.Sprintf("%s holds ConfigMap %s/%s with %v", member.Name(), ns, name, data), func(ctx context.Context) error {
		cm, err := member.Client().CoreV1().ConfigMaps(ns).Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		if fmt.Sprint(cm.Data) != fmt.Sprint(data) {
			return fmt.Errorf("data %v", cm.Data)
		}
		return nil
	})
	wantMemberData(t, member, ns, name, data)
}

// TestControllerManager runs the controller-manager's scenarios against one environment, in
// order: each leaves the members Ready and the controller-manager running.
func TestControllerManager(t *testing.T) {
	e := startControllersEnv(t, []string{"--etcd-compaction-interval=0"}, []string{"--resync-period=4s", "--v=4"})
	m1, m2 := e.member1.Name(), e.member2.Name()

	t.Run("kubectl get clusters shows readiness, version, region and capacity", func(t *testing.T) {
		ctx := t.Context()
		node := &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "node-a", Labels: map[string]string{
			corev1.LabelTopologyRegion: "europe-west1", corev1.LabelTopologyZone: "europe-west1-b",
		}}}
		created, err := e.member1.Client().CoreV1().Nodes().Create(ctx, node, metav1.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		created.Status.Allocatable = corev1.ResourceList{
			corev1.ResourceCPU: resource.MustParse("4"), corev1.ResourceMemory: resource.MustParse("16Gi"), corev1.ResourcePods: resource.MustParse("110"),
		}
		if _, err := e.member1.Client().CoreV1().Nodes().UpdateStatus(ctx, created, metav1.UpdateOptions{}); err != nil {
			t.Fatal(err)
		}
		eventually(t, "member-1's status reads its node", func(ctx context.Context) error {
			cl := e.cluster(t, m1)
			st := cl.Status
			cpu := st.Allocatable[corev1.ResourceCPU]
			if st.Region != "europe-west1" || fmt.Sprint(st.Zones) != "[europe-west1-b]" || cpu.String() != "4" {
				return fmt.Errorf("region %q zones %v allocatable %v", st.Region, st.Zones, st.Allocatable)
			}
			return nil
		})
		out := e.mustKubectl(t, "get", "clusters")
		rows := tableRows(out)
		if len(rows) != 3 || strings.Join(rows[0], " ") != "NAME READY VERSION REGION AGE" {
			t.Fatalf("kubectl get clusters:\n%s", out)
		}
		for _, r := range rows[1:] {
			if r[1] != "True" || !strings.HasPrefix(r[2], "v1.37.") {
				t.Errorf("row %v: want READY True and a v1.37 VERSION", r)
			}
		}
		if rows[1][0] != m1 || rows[1][3] != "europe-west1" {
			t.Errorf("member-1 row %v: want REGION europe-west1", rows[1])
		}
	})

	t.Run("an object created while a member is down reaches it when it returns", func(t *testing.T) {
		ctx := t.Context()
		ns := e.newNamespace(t, "comeback")
		// The listener closes before the process has exited: the probe may see the member gone
		// before StopAPIServer returns.
		stopping := time.Now()
		if err := e.member2.StopAPIServer(ctx); err != nil {
			t.Fatal(err)
		}
		stopped := time.Now()
		cl := e.waitForCondition(t, m2, fedv1beta1.ClusterOffline, metav1.ConditionTrue)
		offline := meta.FindStatusCondition(cl.Status.Conditions, fedv1beta1.ClusterOffline)
		// lastTransitionTime has whole seconds and is rounded down, so this bound is loose by
		// up to a second.
		if took := offline.LastTransitionTime.Sub(stopped); took > 2*probeInterval {
			t.Errorf("Offline %v after the member stopped, want within two probe intervals (%v)", took, 2*probeInterval)
		}
		e.wantReadyColumn(t, m2, "False")
		eventually(t, "a ClusterOffline event on the host", func(ctx context.Context) error {
			return e.wantClusterEvent(ctx, m2, "ClusterOffline", stopping)
		})

		e.mustApply(t, ns, newFCM(ns, "settings", map[string]string{"mode": "v1"}), applyOptions{})
		fcm := e.getFCM(t, ns, "settings")
		if got := fmt.Sprint(phases(fcm.Status)); got != "[member-1:Propagated member-2:Failed]" {
			t.Errorf("status right after create: %s, want member-2 Failed", got)
		}
		restarted := time.Now()
		if err := e.member2.StartAPIServer(ctx); err != nil {
			t.Fatal(err)
		}
		e.wantPropagated(t, ns, "settings")
		wantMemberData(t, e.member2, ns, "settings", map[string]string{"mode": "v1"})
		e.waitForCondition(t, m2, fedv1beta1.ClusterReady, metav1.ConditionTrue)
		e.waitForCondition(t, m2, fedv1beta1.ClusterOffline, metav1.ConditionFalse)
		e.wantReadyColumn(t, m2, "True")
		eventually(t, "a ClusterReady event on the host", func(ctx context.Context) error {
			return e.wantClusterEvent(ctx, m2, "ClusterReady", restarted)
		})
	})

	t.Run("kubectl edit and delete in a member are undone", func(t *testing.T) {
		ns := e.newNamespace(t, "drift")
		data := map[string]string{"mode": "from-federation"}
		e.mustApply(t, ns, newFCM(ns, "settings", data), applyOptions{})
		e.wantPropagated(t, ns, "settings")

		// kubectl edit with an editor that changes the value, as a person in the member would.
		t.Setenv("KUBE_EDITOR", "sed -i s/from-federation/edited-in-member/")
		e.memberKubectl(t, e.member1, "edit", "configmap", "settings", "-n", ns)
		eventuallyMemberData(t, e.member1, ns, "settings", data)

		e.memberKubectl(t, e.member2, "delete", "configmap", "settings", "-n", ns)
		eventuallyMemberData(t, e.member2, ns, "settings", data)

		// The recorder folds repeats of a reason on one object into a series, so the event
		// names the first member; the metric counts each.
		eventually(t, "a MemberRestored event on the host", func(ctx context.Context) error {
			events, err := e.host.Client().EventsV1().Events(ns).List(ctx, metav1.ListOptions{})
			if err != nil {
				return err
			}
			var seen []string
			for _, ev := range events.Items {
				if ev.Reason == "MemberRestored" && ev.Regarding.Name == "settings" && strings.Contains(ev.Note, "cluster "+m1) {
					return nil
				}
				seen = append(seen, ev.Reason+": "+ev.Note)
			}
			return fmt.Errorf("no MemberRestored event naming %s among %q", m1, seen)
		})
		metrics, err := e.cm.Metrics(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range []string{m1, m2} {
			if n := sumMetric(metrics, "federation_sync_member_restored_total", func(l map[string]string) bool { return l["cluster"] == m }); n < 1 {
				t.Errorf("federation_sync_member_restored_total{cluster=%q} = %v, want at least 1", m, n)
			}
		}
		e.wantPropagated(t, ns, "settings")
	})

	t.Run("a rotated credentials Secret takes effect", func(t *testing.T) {
		ctx := t.Context()
		secrets := e.host.Client().CoreV1().Secrets(federationNamespace)
		original, err := secrets.Get(ctx, m2+"-credentials", metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		e.setCredentials(t, m2, bogusKubeconfig(t, e.member2))
		cl := e.waitForCondition(t, m2, fedv1beta1.ClusterReady, metav1.ConditionFalse)
		if c := meta.FindStatusCondition(cl.Status.Conditions, fedv1beta1.ClusterReady); c.Reason != "CredentialsRejected" {
			t.Errorf("Ready condition with a rejected token: %+v, want reason CredentialsRejected", c)
		}
		ns := e.newNamespace(t, "rotation")
		e.mustApply(t, ns, newFCM(ns, "settings", map[string]string{"k": "v"}), applyOptions{})
		if got := fmt.Sprint(phases(e.getFCM(t, ns, "settings").Status)); got != "[member-1:Propagated member-2:Failed]" {
			t.Errorf("status with member-2's credentials rejected: %s", got)
		}
		current, err := secrets.Get(ctx, original.Name, metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		current.Data = original.Data
		if _, err := secrets.Update(ctx, current, metav1.UpdateOptions{}); err != nil {
			t.Fatal(err)
		}
		e.waitForCondition(t, m2, fedv1beta1.ClusterReady, metav1.ConditionTrue)
		e.wantPropagated(t, ns, "settings")
		wantMemberData(t, e.member2, ns, "settings", map[string]string{"k": "v"})
	})

	t.Run("delete while a member is down stays Terminating until it returns", func(t *testing.T) {
		ctx := t.Context()
		ns := e.newNamespace(t, "farewell")
		e.mustApply(t, ns, newFCM(ns, "settings", map[string]string{"k": "v"}), applyOptions{})
		e.wantPropagated(t, ns, "settings")
		if err := e.member2.StopAPIServer(ctx); err != nil {
			t.Fatal(err)
		}
		e.waitForCondition(t, m2, fedv1beta1.ClusterReady, metav1.ConditionFalse)
		e.mustKubectl(t, "delete", "fcm", "settings", "-n", ns, "--wait=false")

		fcm := e.getFCM(t, ns, "settings")
		if fcm == nil || fcm.DeletionTimestamp == nil {
			t.Fatalf("after delete with member-2 down: %+v, want the object Terminating", fcm)
		}
		if got := fmt.Sprint(phases(fcm.Status)); got != "[member-2:Pending]" {
			t.Errorf("status while Terminating: %s, want member-2 Pending", got)
		}
		wantMemberNotFound(t, e.member1, ns, "configmap", "settings")
		// Still Terminating a few probes later: nothing gives up on member-2.
		time.Sleep(3 * probeInterval)
		if e.getFCM(t, ns, "settings") == nil {
			t.Fatal("the object was deleted while member-2 still holds its copy")
		}

		if err := e.member2.StartAPIServer(ctx); err != nil {
			t.Fatal(err)
		}
		eventually(t, "the object is deleted once member-2 is back", func(ctx context.Context) error {
			if fcm := e.getFCM(t, ns, "settings"); fcm != nil {
				return fmt.Errorf("still there: %+v", fcm.Status)
			}
			return nil
		})
		wantMemberNotFound(t, e.member2, ns, "configmap", "settings")
	})

	t.Run("fcp killed between persisting and writing through: the controller converges", func(t *testing.T) {
		ctx := t.Context()
		ns := e.newNamespace(t, "crash")
		e.mustApply(t, ns, newFCM(ns, "before", map[string]string{"k": "before"}), applyOptions{})
		e.wantPropagated(t, ns, "before")

		// A hung member-2 holds the write-through after fcp has stored the object.
		if err := e.member2.PauseAPIServer(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = e.member2.ResumeAPIServer() })
		created := make(chan error, 1)
		go func() {
			_, err := e.fed.FederationV1beta1().FederatedConfigMaps(ns).Create(context.WithoutCancel(ctx),
				newFCM(ns, "interrupted", map[string]string{"k": "v"}), metav1.CreateOptions{})
			created <- err
		}()
		eventually(t, "fcp has stored the object", func(ctx context.Context) error {
			_, err := e.fed.FederationV1beta1().FederatedConfigMaps(ns).Get(ctx, "interrupted", metav1.GetOptions{})
			return err
		})
		if err := e.fcp.Kill(ctx); err != nil {
			t.Fatal(err)
		}
		if err := <-created; err == nil {
			t.Log("the create returned before fcp was killed; the scenario still checks convergence")
		}
		if err := e.member2.ResumeAPIServer(); err != nil {
			t.Fatal(err)
		}
		if err := e.fcp.Start(ctx); err != nil {
			t.Fatal(err)
		}
		e.wantPropagated(t, ns, "interrupted")
		for _, m := range e.members() {
			wantMemberData(t, m, ns, "interrupted", map[string]string{"k": "v"})
			wantMemberData(t, m, ns, "before", map[string]string{"k": "before"})
			list, err := m.Client().CoreV1().ConfigMaps(ns).List(ctx, metav1.ListOptions{LabelSelector: managedLabel + "=true"})
			if err != nil {
				t.Fatal(err)
			}
			if len(list.Items) != 2 {
				t.Errorf("%s: %d federated ConfigMaps in %s, want exactly 2", m.Name(), len(list.Items), ns)
			}
		}
		list, err := e.fed.FederationV1beta1().FederatedConfigMaps(ns).List(ctx, metav1.ListOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(list.Items) != 2 {
			t.Errorf("%d FederatedConfigMaps in %s after the restart, want 2", len(list.Items), ns)
		}
	})

	t.Run("two controller-managers: only the leader acts, and killing it hands over", func(t *testing.T) {
		ctx := t.Context()
		second, err := e.host.StartControllerManager(framework.TestContext(t), framework.ControllerManagerOptions{
			Name: "fcp-controller-manager-2", Binary: fcpBinary, Args: []string{"--resync-period=4s"},
		})
		if err != nil {
			t.Fatal(err)
		}
		leader := leaseHolder(t, e.host)
		if !logHas(t, e.cm.LogPath(), "Became leader", leader) {
			t.Fatalf("the lease is held by %q, which is not the first controller-manager", leader)
		}
		eventually(t, "the second controller-manager sees the first lead", func(context.Context) error {
			if !logHas(t, second.LogPath(), "Another instance leads", leader) {
				return fmt.Errorf("its log does not name %q as leader yet", leader)
			}
			return nil
		})
		// The wait is the assertion: a lease duration (4s) and more pass, in which the
		// second could take the Lease only if the first stopped renewing it.
		quiet, cancel := context.WithTimeout(ctx, 6*time.Second)
		<-quiet.Done()
		cancel()
		if h := leaseHolder(t, e.host); h != leader {
			t.Fatalf("the lease moved from %q to %q while the first controller-manager ran", leader, h)
		}
		if logHas(t, second.LogPath(), "Starting sync controller") {
			t.Fatal("the second controller-manager started controllers while the first leads")
		}
		before := e.writeCounts(t)
		if err := e.cm.Kill(ctx); err != nil {
			t.Fatal(err)
		}
		eventually(t, "the second controller-manager takes the lease", func(context.Context) error {
			if h := leaseHolder(t, e.host); h == leader || !logHas(t, second.LogPath(), "Became leader", h) {
				return fmt.Errorf("lease held by %q", h)
			}
			return nil
		})
		e.cm = second
		// The new leader compares with its member caches before it writes: the objects the
		// first left converged cost the members no write.
		fcms, err := e.fed.FederationV1beta1().FederatedConfigMaps("").List(ctx, metav1.ListOptions{})
		if err != nil {
			t.Fatal(err)
		}
		eventually(t, "the new leader reconciles every object", func(context.Context) error {
			if n := e.writeCounts(t).reconciles; n < float64(len(fcms.Items)) {
				return fmt.Errorf("%v reconciles, %d objects", n, len(fcms.Items))
			}
			return nil
		})
		after := e.writeCounts(t)
		for _, m := range e.members() {
			if d := after.memberWrites[m.Name()] - before.memberWrites[m.Name()]; d != 0 {
				t.Errorf("%v writes to %s when the leader changed, want 0: the new leader wrote without comparing", d, m.Name())
			}
		}
		ns := e.newNamespace(t, "handover")
		data := map[string]string{"k": "v"}
		e.mustApply(t, ns, newFCM(ns, "settings", data), applyOptions{})
		e.wantPropagated(t, ns, "settings")
		e.memberKubectl(t, e.member1, "delete", "configmap", "settings", "-n", ns)
		eventuallyMemberData(t, e.member1, ns, "settings", data)
	})

	t.Run("steady state: 500 converged objects and a Deployment and a Job, two resync periods, zero writes", func(t *testing.T) {
		ns := e.newNamespace(t, "steady")
		createFCMs(t, e.fed, ns, 500, 8)
		// And a Deployment, whose member copy the member defaults heavily, and a Job, whose
		// member copy gets a generated selector and pod labels.
		e.mustApply(t, ns, newFDeploy(ns, "web", 2), applyOptions{})
		e.mustApply(t, ns, sampleFederated(t, "FederatedJob", ns, "batch"), applyOptions{})
		eventually(t, "all 500 Propagated", func(ctx context.Context) error { return allPropagated(ctx, e.fed, ns, 500) })
		for _, ref := range []string{"fdeploy/web", "fjob/batch"} {
			if _, stderr, err := e.kubectl(t, "wait", "--for=condition=Propagated", ref, "-n", ns, "--timeout=60s"); err != nil {
				t.Fatalf("kubectl wait %s: %v\n%s", ref, err, stderr)
			}
		}
		// Let the controller look at everything once after convergence.
		time.Sleep(5 * time.Second)

		before := e.writeCounts(t)
		snapBefore := e.writeSnapshot(t)
		time.Sleep(2*4*time.Second + time.Second)
		after := e.writeCounts(t)
		snapAfter := e.writeSnapshot(t)

		if after.reconciles-before.reconciles < 2*502 {
			t.Errorf("%v reconciles in two resync periods, want at least 1000: the controller must look at every object each period",
				after.reconciles-before.reconciles)
		}
		if d := after.fcpWrites - before.fcpWrites; d != 0 {
			t.Errorf("%v writes to the federation API in steady state, want 0", d)
		}
		for _, m := range e.members() {
			if d := after.memberWrites[m.Name()] - before.memberWrites[m.Name()]; d != 0 {
				t.Errorf("%v writes to %s in steady state, want 0", d, m.Name())
			}
		}
		if snapBefore.fcpRevision != snapAfter.fcpRevision {
			t.Errorf("fcp's etcd revision moved in steady state: %s -> %s", snapBefore.fcpRevision, snapAfter.fcpRevision)
		}
		for k, rv := range snapBefore.fcpObjects {
			if snapAfter.fcpObjects[k] != rv {
				t.Errorf("%s was written in steady state (resourceVersion %s -> %s)", k, rv, snapAfter.fcpObjects[k])
			}
		}
		t.Logf("steady state over %v: %v reconciles, 0 writes", 2*4*time.Second+time.Second, after.reconciles-before.reconciles)
	})

	t.Run("SIGTERM: the controllers stop, then the Lease is released", func(t *testing.T) {
		if err := e.cm.Stop(t.Context()); err != nil {
			t.Fatal(err)
		}
		lease, err := e.host.Client().CoordinationV1().Leases(federationNamespace).Get(t.Context(), "fcp-controller-manager", metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		// Released at once, not left to expire: another instance can lead without waiting.
		if lease.Spec.HolderIdentity != nil && *lease.Spec.HolderIdentity != "" {
			t.Errorf("the Lease is still held by %q after a graceful stop", *lease.Spec.HolderIdentity)
		}
		stopped, released := logLine(t, e.cm.LogPath(), "Stopping sync controller"), logLine(t, e.cm.LogPath(), "No longer the leader")
		if stopped < 0 || released < 0 || released < stopped {
			t.Errorf("log lines: controllers stopped at %d, leadership given up at %d; want the controllers to stop first", stopped, released)
		}
	})
}

// leaseHolder returns the holder of the controller-manager's Lease.
func leaseHolder(t *testing.T, host *framework.ControlPlane) string {
	t.Helper()
	var lease *coordinationv1.Lease
	eventually(t, "the controller-manager Lease has a holder", func(ctx context.Context) error {
		var err error
		lease, err = host.Client().CoordinationV1().Leases(federationNamespace).Get(ctx, "fcp-controller-manager", metav1.GetOptions{})
		if err != nil {
			return err
		}
		if lease.Spec.HolderIdentity == nil || *lease.Spec.HolderIdentity == "" {
			return fmt.Errorf("no holder")
		}
		return nil
	})
	return *lease.Spec.HolderIdentity
}

// logHas reports whether a line of the log at path contains every one of parts.
func logHas(t *testing.T, path string, parts ...string) bool {
	t.Helper()
	return logLine(t, path, parts...) >= 0
}

// logLine returns the number of the first line of the log at path that contains every
// part, or -1.
func logLine(t *testing.T, path string, parts ...string) int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 0; sc.Scan(); n++ {
		line := sc.Text()
		found := true
		for _, p := range parts {
			found = found && strings.Contains(line, p)
		}
		if found {
			return n
		}
	}
	return -1
}

// writeCounts are request counters read from /metrics.
type writeCounts struct {
	// fcpWrites counts create, update, patch and delete requests fcp served.
	fcpWrites float64
	// memberWrites counts write requests for the kinds federation writes, per member.
	memberWrites map[string]float64
	// reconciles counts the sync controller's reconciles.
	reconciles float64
}

var writeVerbs = map[string]bool{"POST": true, "PUT": true, "PATCH": true, "DELETE": true, "APPLY": true, "DELETECOLLECTION": true}

// federatedResources are the member resources federation writes: every kind's member
// resource from the kinds table, and the namespaces it creates for them.
var federatedResources = func() map[string]bool {
	out := map[string]bool{"namespaces": true}
	for _, k := range kinds.All() {
		out[k.Member.Resource] = true
	}
	return out
}()

func (e *ctlEnv) writeCounts(t *testing.T) writeCounts {
	t.Helper()
	ctx := t.Context()
	out := writeCounts{memberWrites: map[string]float64{}}
	fcpMetrics, err := e.fcp.Metrics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out.fcpWrites = sumMetric(fcpMetrics, "apiserver_request_total", func(l map[string]string) bool {
		return l["group"] == fedv1beta1.GroupName && writeVerbs[l["verb"]]
	})
	for _, m := range e.members() {
		raw, err := m.Client().CoreV1().RESTClient().Get().AbsPath("/metrics").DoRaw(ctx)
		if err != nil {
			t.Fatal(err)
		}
		out.memberWrites[m.Name()] = sumMetric(string(raw), "apiserver_request_total", func(l map[string]string) bool {
			return federatedResources[l["resource"]] && writeVerbs[l["verb"]]
		})
	}
	cmMetrics, err := e.cm.Metrics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out.reconciles = sumMetric(cmMetrics, "federation_sync_reconcile_duration_seconds_count", func(map[string]string) bool { return true })
	return out
}

var labelPair = regexp.MustCompile(`(\w+)="([^"]*)"`)

// sumMetric sums the samples of a metric in Prometheus text whose labels match.
func sumMetric(text, name string, match func(labels map[string]string) bool) float64 {
	var sum float64
	for line := range strings.Lines(text) {
		if !strings.HasPrefix(line, name+"{") && !strings.HasPrefix(line, name+" ") {
			continue
		}
		labels := map[string]string{}
		if i := strings.Index(line, "{"); i >= 0 {
			for _, m := range labelPair.FindAllStringSubmatch(line[i:strings.LastIndex(line, "}")], -1) {
				labels[m[1]] = m[2]
			}
		}
		fields := strings.Fields(line)
		v, err := strconv.ParseFloat(fields[len(fields)-1], 64)
		if err == nil && match(labels) {
			sum += v
		}
	}
	return sum
}

// createFCMs creates n FederatedConfigMaps cfg-0000... in ns, placed on both members, with
// workers requests in flight.
func createFCMs(tb testing.TB, fed versioned.Interface, ns string, n, workers int) {
	tb.Helper()
	// The first error stops the rest (errgroup cancels ctx), rather than leaving the
	// producer blocked on workers that have given up.
	g, ctx := errgroup.WithContext(context.Background())
	g.SetLimit(workers)
	for i := 0; i < n && ctx.Err() == nil; i++ {
		name := fmt.Sprintf("cfg-%04d", i)
		g.Go(func() error {
			_, err := fed.FederationV1beta1().FederatedConfigMaps(ns).Create(ctx, newFCM(ns, name, map[string]string{"name": name}), metav1.CreateOptions{})
			return err
		})
	}
	if err := g.Wait(); err != nil {
		tb.Fatal(err)
	}
}

// allPropagated returns nil when ns holds want FederatedConfigMaps, all Propagated.
func allPropagated(ctx context.Context, fed versioned.Interface, ns string, want int) error {
	list, err := fed.FederationV1beta1().FederatedConfigMaps(ns).List(ctx, metav1.ListOptions{})
	if err != nil {
		return err
	}
	done := 0
	for _, o := range list.Items {
		if propagated(o.Status) == metav1.ConditionTrue {
			done++
		}
	}
	if done != want {
		return fmt.Errorf("%d of %d Propagated (%d objects)", done, want, len(list.Items))
	}
	return nil
}

// bogusKubeconfig writes a kubeconfig for member whose credentials are a token the member
// does not know.
func bogusKubeconfig(t *testing.T, member *framework.ControlPlane) string {
	t.Helper()
	cfg, err := clientcmd.LoadFromFile(member.KubeconfigPath())
	if err != nil {
		t.Fatal(err)
	}
	for name := range cfg.AuthInfos {
		cfg.AuthInfos[name] = &clientcmdapi.AuthInfo{Token: "not-a-token-" + name}
	}
	path := filepath.Join(t.TempDir(), "bogus.kubeconfig")
	if err := clientcmd.WriteToFile(*cfg, path); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestFCPAll runs `fcp all`: one process serves the API and runs the controllers, whose
// metrics are on the apiserver's /metrics.
func TestFCPAll(t *testing.T) {
	cps := framework.StartControlPlanes(t, framework.Options{Name: "host"}, framework.Options{Name: "member-1"})
	host, member := cps[0], cps[1]
	ctx := framework.TestContext(t)
	fcp, err := host.StartFCP(ctx, framework.FCPOptions{Binary: fcpBinary, All: true, Args: []string{
		"--cluster-probe-interval=1s", "--leader-elect-lease-duration=4s", "--leader-elect-renew-deadline=3s", "--leader-elect-retry-period=1s",
	}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := host.RegisterMember(ctx, member, framework.MemberOptions{}); err != nil {
		t.Fatal(err)
	}
	fed, err := versioned.NewForConfig(host.RESTConfig())
	if err != nil {
		t.Fatal(err)
	}
	e := &ctlEnv{wtEnv: &wtEnv{fedEnv: &fedEnv{host: host, fcp: fcp, fed: fed}, member1: member}}
	e.waitForCondition(t, member.Name(), fedv1beta1.ClusterReady, metav1.ConditionTrue)

	ns := e.newNamespace(t, "together")
	fcm := newFCM(ns, "settings", map[string]string{"k": "v"})
	fcm.Spec.PropagationSpec = placedOn(member.Name())
	e.mustApply(t, ns, fcm, applyOptions{})
	e.wantPropagated(t, ns, "settings")
	e.memberKubectl(t, member, "delete", "configmap", "settings", "-n", ns)
	eventuallyMemberData(t, member, ns, "settings", map[string]string{"k": "v"})

	metrics, err := fcp.Metrics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if ready := sumMetric(metrics, "federation_cluster_ready", func(l map[string]string) bool { return l["cluster"] == member.Name() }); ready != 1 {
		t.Errorf("federation_cluster_ready{cluster=%q} on fcp's /metrics = %v, want 1", member.Name(), ready)
	}
}
