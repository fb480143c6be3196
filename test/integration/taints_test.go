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
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/test/integration/framework"
)

// unreachableTaintAfter is the controller-manager's --cluster-unreachable-taint-after here.
const unreachableTaintAfter = 3 * time.Second

// everywhere is a placement selecting every cluster by label, with tolerations.
func everywhere(tolerations ...corev1.Toleration) fedv1beta1.PropagationSpec {
	return fedv1beta1.PropagationSpec{Placement: fedv1beta1.Placement{ClusterSelector: &metav1.LabelSelector{}, Tolerations: tolerations}}
}

// taintCluster sets the Cluster's taints with kubectl, as an operator does.
func (e *ctlEnv) taintCluster(t *testing.T, name string, taints ...corev1.Taint) {
	t.Helper()
	if taints == nil {
		taints = []corev1.Taint{}
	}
	raw, err := json.Marshal(taints)
	if err != nil {
		t.Fatal(err)
	}
	patch := fmt.Sprintf(`{"spec":{"taints":%s}}`, raw)
	e.mustKubectl(t, "patch", "cluster", name, "--type=merge", "-p", patch)
	// The API server and the controller-manager see Clusters through informers.
	time.Sleep(time.Second)
}

// wantRow waits until the FederatedConfigMap's row for cluster has phase and reason, and
// returns its message.
func (e *ctlEnv) wantRow(t *testing.T, ns, name, cluster, phase, reason string) string {
	t.Helper()
	var msg string
	eventually(t, fmt.Sprintf("%s/%s row %s %s/%s", ns, name, cluster, phase, reason), func(ctx context.Context) error {
		fcm, err := e.fed.FederationV1beta1().FederatedConfigMaps(ns).Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		i := slices.IndexFunc(fcm.Status.Clusters, func(r fedv1beta1.ClusterPropagationStatus) bool { return r.Name == cluster })
		if i < 0 || fcm.Status.Clusters[i].Phase != phase || fcm.Status.Clusters[i].Reason != reason {
			return fmt.Errorf("rows %+v", fcm.Status.Clusters)
		}
		msg = fcm.Status.Clusters[i].Message
		return nil
	})
	return msg
}

// eventuallyGone waits until member holds no ConfigMap ns/name.
func eventuallyGone(t *testing.T, member *framework.ControlPlane, ns, name string) {
	t.Helper()
	eventually(t, fmt.Sprintf("%s no longer holds %s/%s", member.Name(), ns, name), func(ctx context.Context) error {
		_, err := member.Client().CoreV1().ConfigMaps(ns).Get(ctx, name, metav1.GetOptions{})
		if apierrors.IsNotFound(err) {
			return nil
		}
		return fmt.Errorf("still there (err %v)", err)
	})
}

// eventuallyMemberReplicas waits until member's Deployment ns/name has spec.replicas want.
func eventuallyMemberReplicas(t *testing.T, member *framework.ControlPlane, ns, name string, want int32) {
	t.Helper()
	eventually(t, fmt.Sprintf("%s runs %d replicas of %s/%s", member.Name(), want, ns, name), func(ctx context.Context) error {
		if got, err := memberReplicas(ctx, member, ns, name); err != nil || got != want {
			return fmt.Errorf("spec.replicas %d (err %v)", got, err)
		}
		return nil
	})
}

// TestTaintsAndTolerations runs placement's taint rules with the whole product (fcp apiserver
// and controller-manager), tainting Clusters with kubectl as operators do.
func TestTaintsAndTolerations(t *testing.T) {
	e := startControllersEnv(t, []string{"--etcd-compaction-interval=0"}, []string{
		"--resync-period=" + schedulingResync.String(), "--cluster-failover-grace=" + failoverGrace.String(),
		"--cluster-unreachable-taint-after=" + unreachableTaintAfter.String(), "--v=4",
	})
	m1, m2 := e.member1.Name(), e.member2.Name()
	ns := e.newNamespace(t, "taints")
	data := map[string]string{"k": "v"}
	maintenance := corev1.Taint{Key: "maintenance", Value: "true", Effect: corev1.TaintEffectNoSchedule}
	drain := corev1.Taint{Key: "drain", Effect: corev1.TaintEffectNoExecute}

	t.Run("NoSchedule keeps a new object off; a toleration lets it on; the copy stays when it goes", func(t *testing.T) {
		e.taintCluster(t, m2, maintenance)
		cfg := newFCM(ns, "cfg", data)
		cfg.Spec.PropagationSpec = everywhere()
		e.mustApply(t, ns, cfg, applyOptions{})
		wantMemberData(t, e.member1, ns, "cfg", data)
		wantMemberNotFound(t, e.member2, ns, "configmaps", "cfg")
		fcm := e.wantClusterRows(t, ns, "cfg", []clusterRow{
			{Name: m1, Phase: fedv1beta1.PropagationPhasePropagated},
			{Name: m2, Phase: fedv1beta1.PropagationPhaseExcluded, Reason: "TaintNotTolerated"},
		})
		if msg := fcm.Status.Clusters[1].Message; !strings.Contains(msg, "maintenance=true:NoSchedule") {
			t.Errorf("member-2's row %q does not name the taint", msg)
		}
		if propagated(fcm.Status) != metav1.ConditionTrue {
			t.Errorf("Propagated = %q, want True: the one placed cluster holds it", propagated(fcm.Status))
		}

		e.mustKubectl(t, "patch", "fcm", "cfg", "-n", ns, "--type=merge", "-p",
			`{"spec":{"placement":{"tolerations":[{"key":"maintenance","operator":"Equal","value":"true","effect":"NoSchedule"}]}}}`)
		wantMemberData(t, e.member2, ns, "cfg", data) // the write-through placed it before returning
		before := memberConfigMap(t, e.member2, ns, "cfg").UID

		e.mustKubectl(t, "patch", "fcm", "cfg", "-n", ns, "--type=merge", "-p", `{"spec":{"placement":{"tolerations":null}}}`)
		time.Sleep(schedulingResync + time.Second)
		if got := memberConfigMap(t, e.member2, ns, "cfg").UID; got != before {
			t.Errorf("member-2's copy was replaced (uid %s, was %s): NoSchedule must leave a copy placed before", got, before)
		}
		e.wantRow(t, ns, "cfg", m2, fedv1beta1.PropagationPhasePropagated, "")
	})

	t.Run("NoExecute removes copies and moves replica shares; tolerationSeconds delays it", func(t *testing.T) {
		e.taintCluster(t, m2) // no taints: member-2 holds cfg since the last step
		tolerant := newFCM(ns, "tolerant", data)
		tolerant.Spec.PropagationSpec = everywhere(corev1.Toleration{
			Key: "drain", Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoExecute, TolerationSeconds: ptr.To[int64](8),
		})
		e.mustApply(t, ns, tolerant, applyOptions{})
		web := scheduledFDeploy(ns, "web", 6, true)
		web.Spec.PropagationSpec = everywhere()
		e.mustApply(t, ns, web, applyOptions{})
		e.wantSplitNow(t, ns, "web", [2]int32{4, 2})

		tainted := time.Now()
		e.taintCluster(t, m2, drain)
		cl := e.cluster(t, m2)
		if i := slices.IndexFunc(cl.Spec.Taints, func(x corev1.Taint) bool { return x.Key == "drain" }); i < 0 || cl.Spec.Taints[i].TimeAdded == nil {
			t.Errorf("the NoExecute taint has no timeAdded: %+v", cl.Spec.Taints)
		}
		eventuallyGone(t, e.member2, ns, "cfg")
		e.wantRow(t, ns, "cfg", m2, fedv1beta1.PropagationPhaseExcluded, "TaintNotTolerated")
		eventuallyMemberReplicas(t, e.member1, ns, "web", 6)
		if time.Since(tainted) < 6*time.Second {
			wantMemberData(t, e.member2, ns, "tolerant", data)
		}
		eventuallyGone(t, e.member2, ns, "tolerant")
		if took := time.Since(tainted); took < 7*time.Second {
			t.Errorf("the copy tolerating drain for 8s left after %v", took)
		}
		if msg := e.wantRow(t, ns, "tolerant", m2, fedv1beta1.PropagationPhaseExcluded, "TaintNotTolerated"); !strings.Contains(msg, "tolerationSeconds") {
			t.Errorf("row message %q does not say the toleration ran out", msg)
		}

		e.taintCluster(t, m2)
		eventuallyMemberData(t, e.member2, ns, "cfg", data)
		eventuallyMemberData(t, e.member2, ns, "tolerant", data)
		e.eventuallySplit(t, ns, "web", [2]int32{4, 2}, true)
	})

	t.Run("a member Offline past --cluster-unreachable-taint-after is tainted; back, untainted with its copies kept", func(t *testing.T) {
		ctx := t.Context()
		before := memberConfigMap(t, e.member2, ns, "cfg").UID
		stopped := time.Now()
		if err := e.member2.StopAPIServer(ctx); err != nil {
			t.Fatal(err)
		}
		eventually(t, "member-2 tainted unreachable", func(ctx context.Context) error {
			cl, err := e.fed.FederationV1beta1().Clusters().Get(ctx, m2, metav1.GetOptions{})
			if err != nil {
				return err
			}
			want := []string{fedv1beta1.TaintClusterUnreachable + ":NoExecute"}
			var got []string
			for _, x := range cl.Spec.Taints {
				got = append(got, x.ToString())
			}
			if d := cmp.Diff(want, got); d != "" {
				return fmt.Errorf("taints (-want +got):\n%s", d)
			}
			return nil
		})
		if took := time.Since(stopped); took < unreachableTaintAfter {
			t.Errorf("tainted %v after the member stopped, before --cluster-unreachable-taint-after (%v)", took, unreachableTaintAfter)
		}
		eventually(t, "a ClusterTaintedUnreachable event", func(ctx context.Context) error {
			return e.wantClusterEvent(ctx, m2, "ClusterTaintedUnreachable", stopped)
		})
		eventuallyMemberReplicas(t, e.member1, ns, "web", 6)

		if err := e.member2.StartAPIServer(ctx); err != nil {
			t.Fatal(err)
		}
		cl := e.waitForCondition(t, m2, fedv1beta1.ClusterReady, metav1.ConditionTrue)
		if len(cl.Spec.Taints) != 0 {
			t.Errorf("member-2 Ready while still tainted: %+v", cl.Spec.Taints)
		}
		e.wantRow(t, ns, "cfg", m2, fedv1beta1.PropagationPhasePropagated, "")
		if got := memberConfigMap(t, e.member2, ns, "cfg").UID; got != before {
			t.Errorf("member-2's copy was replaced during the outage (uid %s, was %s)", got, before)
		}
		e.eventuallySplit(t, ns, "web", [2]int32{4, 2}, true)
	})
}
