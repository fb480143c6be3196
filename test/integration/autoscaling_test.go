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
	"testing"
	"time"

	autoscalingv2 "k8s.io/api/autoscaling/v2"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/utils/ptr"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/propagation"
	"k8s.io/federation/test/integration/framework"
)

// newFHPA is a FederatedHorizontalPodAutoscaler for Deployment target in ns, with bounds
// minReplicas and maxReplicas divided over both members by weights member-1: 2, member-2: 1.
func newFHPA(ns, name, target string, minReplicas, maxReplicas int32) *fedv1beta1.FederatedHorizontalPodAutoscaler {
	return &fedv1beta1.FederatedHorizontalPodAutoscaler{
		TypeMeta:   metav1.TypeMeta{APIVersion: fedv1beta1.SchemeGroupVersion.String(), Kind: "FederatedHorizontalPodAutoscaler"},
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns},
		Spec: fedv1beta1.FederatedHorizontalPodAutoscalerSpec{
			Template: fedv1beta1.HorizontalPodAutoscalerTemplate{Spec: autoscalingv2.HorizontalPodAutoscalerSpec{
				ScaleTargetRef: autoscalingv2.CrossVersionObjectReference{APIVersion: "apps/v1", Kind: "Deployment", Name: target},
				MinReplicas:    ptr.To(minReplicas), MaxReplicas: maxReplicas,
			}},
			PropagationSpec: testPlacement(),
			ReplicaScheduling: &fedv1beta1.ReplicaScheduling{Clusters: map[string]fedv1beta1.ClusterReplicaPreference{
				"member-1": {Weight: 2}, "member-2": {Weight: 1},
			}},
		},
	}
}

// eventuallyMemberReplicas waits until each member's Deployment ns/name has want[i]
// spec.replicas (member-1, member-2).
func (e *ctlEnv) eventuallyMemberReplicas(t *testing.T, ns, name string, want [2]int32) {
	t.Helper()
	eventually(t, fmt.Sprintf("member Deployments %s/%s with spec.replicas %v", ns, name, want), func(ctx context.Context) error {
		return e.checkMemberReplicas(ctx, ns, name, want)
	})
}

func (e *ctlEnv) checkMemberReplicas(ctx context.Context, ns, name string, want [2]int32) error {
	for i, m := range e.members() {
		got, err := memberReplicas(ctx, m, ns, name)
		if err != nil {
			return err
		}
		if got != want[i] {
			return fmt.Errorf("%s: spec.replicas %d, want %d", m.Name(), got, want[i])
		}
	}
	return nil
}

// TestFederatedHPA federates an HPA over a FederatedDeployment with the whole product
// (fcp apiserver and controller-manager) and members running kube-controller-manager, whose
// HPA controller enforces each member HPA's minReplicas without a metrics server: the
// member HPAs get their part of the bounds, scale their Deployment above what the template
// says, and federation never scales it back, neither in the write-through of a template
// change nor in the sync controller's resyncs, while the FederatedDeployment stays Ready.
// Deleting the FederatedHorizontalPodAutoscaler gives the replicas back to the template.
func TestFederatedHPA(t *testing.T) {
	const resync = 4 * time.Second
	e := startControllersEnvWithMembers(t, framework.Options{ControllerManager: true, Scheduler: true, KWOK: true},
		nil, []string{"--resync-period=" + resync.String(), "--v=2"})
	ns := e.newNamespace(t, "autoscaling")
	const name = "web"

	e.mustApply(t, ns, kwokFDeploy(ns, name, 2, "registry.k8s.io/pause:3.10"), applyOptions{})
	e.mustKubectl(t, "wait", "fdeploy/"+name, "-n", ns, "--for=condition=Ready", "--timeout=60s")
	e.eventuallyMemberReplicas(t, ns, name, [2]int32{2, 2})

	// minReplicas 5 by 2:1 is 3 and 2 (one each, then 2:1 by Webster: member-1, member-2,
	// member-1); maxReplicas 8 is 5 and 3. member-1's HPA scales its Deployment from the
	// template's 2 up to 3; member-2's minimum is the 2 it runs, so its HPA writes nothing and
	// only the hand-over keeps those 2 from server-side apply's reset to 1.
	e.mustApply(t, ns, newFHPA(ns, name, name, 5, 8), applyOptions{})
	e.mustKubectl(t, "wait", "fhpa/"+name, "-n", ns, "--for=condition=Ready", "--timeout=60s")

	t.Run("each member HPA has its part of the bounds", func(t *testing.T) {
		for i, want := range [][2]int32{{3, 5}, {2, 3}} {
			m := e.members()[i]
			hpa, err := m.Client().AutoscalingV2().HorizontalPodAutoscalers(ns).Get(t.Context(), name, metav1.GetOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if got := [2]int32{ptr.Deref(hpa.Spec.MinReplicas, 0), hpa.Spec.MaxReplicas}; got != want {
				t.Errorf("%s: HPA min/max %v, want %v", m.Name(), got, want)
			}
			if ref := hpa.Spec.ScaleTargetRef; ref.Kind != "Deployment" || ref.Name != name {
				t.Errorf("%s: scaleTargetRef %+v", m.Name(), ref)
			}
		}
	})

	t.Run("the member HPAs scale up to their minimums and federation leaves the replicas to them", func(t *testing.T) {
		e.eventuallyMemberReplicas(t, ns, name, [2]int32{3, 2})
		for i, m := range e.members() {
			d, err := m.Client().AppsV1().Deployments(ns).Get(t.Context(), name, metav1.GetOptions{})
			if err != nil {
				t.Fatal(err)
			}
			owners := replicasOwners(t, d.ManagedFields)
			if slices.Contains(owners, propagation.FieldManager) {
				t.Errorf("%s: spec.replicas owned by %v, want federation not among them", m.Name(), owners)
			}
			if i == 1 && !slices.Contains(owners, propagation.HandoverFieldManager) {
				t.Errorf("%s: spec.replicas owned by %v, want %s (the member HPA never wrote them)", m.Name(), owners, propagation.HandoverFieldManager)
			}
		}
		e.mustKubectl(t, "wait", "fdeploy/"+name, "-n", ns, "--for=condition=Ready", "--timeout=60s")
		e.mustKubectl(t, "wait", "fdeploy/"+name, "-n", ns, "--for=condition=Autoscaled", "--timeout=60s")
		rows := tableRows(e.mustKubectl(t, "get", "fdeploy", name, "-n", ns))
		if len(rows) != 2 || rows[1][1] != "5/5" {
			t.Errorf("kubectl get fdeploy: %v, want READY 5/5", rows)
		}
	})

	t.Run("a template change and resyncs do not revert the members' replicas", func(t *testing.T) {
		patch := `{"spec":{"template":{"metadata":{"annotations":{"revision":"2"}}}}}`
		if _, err := e.fed.FederationV1beta1().FederatedDeployments(ns).Patch(t.Context(), name, types.MergePatchType, []byte(patch), metav1.PatchOptions{}); err != nil {
			t.Fatal(err)
		}
		e.mustKubectl(t, "wait", "fdeploy/"+name, "-n", ns, "--for=condition=Propagated", "--timeout=60s")
		for _, m := range e.members() {
			d, err := m.Client().AppsV1().Deployments(ns).Get(t.Context(), name, metav1.GetOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if d.Annotations["revision"] != "2" {
				t.Errorf("%s: the template change did not reach the member (annotations %v)", m.Name(), d.Annotations)
			}
		}
		if err := e.checkMemberReplicas(t.Context(), ns, name, [2]int32{3, 2}); err != nil {
			t.Errorf("after the write-through of a template change: %v", err)
		}
		time.Sleep(2*resync + time.Second)
		if err := e.checkMemberReplicas(t.Context(), ns, name, [2]int32{3, 2}); err != nil {
			t.Errorf("two resyncs later: %v", err)
		}
		e.mustKubectl(t, "wait", "fdeploy/"+name, "-n", ns, "--for=condition=Ready", "--timeout=60s")
	})

	t.Run("status sums the member HPAs and kubectl get fhpa prints what kubectl get hpa does", func(t *testing.T) {
		// Without a metrics server an HPA records desiredReplicas only when it scales to a
		// bound: member-1's says 3; member-2's, already at its minimum, never computed one.
		eventually(t, "FederatedHorizontalPodAutoscaler status sums the members' 5 current and 3 desired replicas", func(ctx context.Context) error {
			fhpa, err := e.fed.FederationV1beta1().FederatedHorizontalPodAutoscalers(ns).Get(ctx, name, metav1.GetOptions{})
			if err != nil {
				return err
			}
			st := fhpa.Status
			var desired int32
			for _, row := range st.Clusters {
				want := map[string][2]int32{"member-1": {3, 5}, "member-2": {2, 3}}[row.Name]
				if got := [2]int32{ptr.Deref(row.MinReplicas, 0), ptr.Deref(row.MaxReplicas, 0)}; got != want {
					return fmt.Errorf("row %s: min/max %v, want %v", row.Name, got, want)
				}
				if row.Name == "member-1" && ptr.Deref(row.DesiredReplicas, -1) != 3 {
					return fmt.Errorf("row member-1: desired %d, want 3", ptr.Deref(row.DesiredReplicas, -1))
				}
				desired += ptr.Deref(row.DesiredReplicas, 0)
			}
			if ptr.Deref(st.CurrentReplicas, -1) != 5 || ptr.Deref(st.DesiredReplicas, -1) != desired {
				return fmt.Errorf("current %d desired %d, want 5 and the rows' sum %d", ptr.Deref(st.CurrentReplicas, -1), ptr.Deref(st.DesiredReplicas, -1), desired)
			}
			return nil
		})
		rows := tableRows(e.mustKubectl(t, "get", "fhpa", name, "-n", ns))
		want := []string{"NAME", "REFERENCE", "TARGETS", "MINPODS", "MAXPODS", "REPLICAS"}
		if len(rows) != 2 || !slices.Equal(rows[0][:len(want)], want) {
			t.Fatalf("kubectl get fhpa: %v, want columns %v first", rows, want)
		}
		// The template has no metrics (the members' API servers default theirs), so TARGETS
		// is one cell.
		if got := rows[1]; !slices.Equal(got[:len(want)], []string{name, "Deployment/" + name, "<none>", "5", "8", "5"}) {
			t.Errorf("kubectl get fhpa row %v: want REFERENCE Deployment/%s, TARGETS <none>, MINPODS 5, MAXPODS 8, REPLICAS 5", got, name)
		}
	})

	t.Run("deleting the FederatedHorizontalPodAutoscaler gives the replicas back to the template", func(t *testing.T) {
		e.mustKubectl(t, "delete", "fhpa", name, "-n", ns, "--wait=true", "--timeout=60s")
		e.eventuallyMemberReplicas(t, ns, name, [2]int32{2, 2})
		e.mustKubectl(t, "wait", "fdeploy/"+name, "-n", ns, "--for=condition=Ready", "--timeout=60s")
		eventually(t, "no Autoscaled condition once the FederatedHorizontalPodAutoscaler is gone", func(ctx context.Context) error {
			fd, err := e.fed.FederationV1beta1().FederatedDeployments(ns).Get(ctx, name, metav1.GetOptions{})
			if err != nil {
				return err
			}
			if c := meta.FindStatusCondition(fd.Status.Conditions, fedv1beta1.ConditionAutoscaled); c != nil {
				return fmt.Errorf("condition %+v", c)
			}
			return nil
		})
		for _, m := range e.members() {
			d, err := m.Client().AppsV1().Deployments(ns).Get(t.Context(), name, metav1.GetOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if owners := replicasOwners(t, d.ManagedFields); !slices.Contains(owners, propagation.FieldManager) {
				t.Errorf("%s: spec.replicas owned by %v, want federation again", m.Name(), owners)
			}
		}
	})
}

// replicasOwners returns the managers whose managedFields entries hold spec.replicas.
func replicasOwners(t *testing.T, entries []metav1.ManagedFieldsEntry) []string {
	t.Helper()
	var out []string
	for _, mf := range entries {
		if mf.FieldsV1 == nil {
			continue
		}
		var fields struct {
			Spec map[string]any `json:"f:spec"`
		}
		if err := json.Unmarshal(mf.FieldsV1.Raw, &fields); err != nil {
			t.Fatal(err)
		}
		if _, ok := fields.Spec["f:replicas"]; ok {
			out = append(out, mf.Manager)
		}
	}
	return out
}
