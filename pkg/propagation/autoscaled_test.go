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

package propagation

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	dynamicfake "k8s.io/client-go/dynamic/fake"
	clienttesting "k8s.io/client-go/testing"
	"k8s.io/client-go/tools/cache"
	"k8s.io/utils/ptr"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	fedlisters "k8s.io/federation/pkg/generated/listers/federation/v1beta1"
)

// fhpa is a FederatedHorizontalPodAutoscaler over Deployment target, minReplicas 5 and
// maxReplicas 8, placed on a and b with weights 2 and 1.
func fhpa(target string, overrides ...fedv1beta1.ClusterOverride) *fedv1beta1.FederatedHorizontalPodAutoscaler {
	return &fedv1beta1.FederatedHorizontalPodAutoscaler{
		TypeMeta:   metav1.TypeMeta{Kind: "FederatedHorizontalPodAutoscaler"},
		ObjectMeta: metav1.ObjectMeta{Name: "web-hpa", Namespace: "shop", UID: types.UID("u1")},
		Spec: fedv1beta1.FederatedHorizontalPodAutoscalerSpec{
			Template: fedv1beta1.HorizontalPodAutoscalerTemplate{Spec: autoscalingv2.HorizontalPodAutoscalerSpec{
				ScaleTargetRef: autoscalingv2.CrossVersionObjectReference{APIVersion: "apps/v1", Kind: "Deployment", Name: target},
				MinReplicas:    ptr.To[int32](5), MaxReplicas: 8,
			}},
			PropagationSpec: fedv1beta1.PropagationSpec{
				Placement: fedv1beta1.Placement{Clusters: []fedv1beta1.ClusterReference{{Name: "a"}, {Name: "b"}}},
				Overrides: overrides,
			},
			ReplicaScheduling: &fedv1beta1.ReplicaScheduling{Clusters: map[string]fedv1beta1.ClusterReplicaPreference{"a": {Weight: 2}}},
		},
	}
}

// bounds returns the rendered member HPA's spec.minReplicas and spec.maxReplicas.
func bounds(t *testing.T, u *unstructured.Unstructured) [2]int64 {
	t.Helper()
	lo, _, _ := unstructured.NestedInt64(u.Object, "spec", "minReplicas")
	hi, _, _ := unstructured.NestedInt64(u.Object, "spec", "maxReplicas")
	return [2]int64{lo, hi}
}

// A FederatedHorizontalPodAutoscaler's bounds are divided by the weights (a 2, b 1 as the
// spec says; c 1 by default) through the kind's Divide hook, and an override still wins.
func TestRenderDividesHPABounds(t *testing.T) {
	obj := fhpa("web", fedv1beta1.ClusterOverride{ClusterName: "b", Patches: []fedv1beta1.OverridePatch{patch("replace", "/spec/maxReplicas", "9")}})
	sched := ScheduleReplicas(obj, []string{"b", "a"}, nil)
	if sched.Replicated() || sched.Key != "u1" {
		t.Fatalf("schedule %+v: want no replica division, key u1", sched)
	}
	if d := cmp.Diff([]string{"a", "b"}, []string{sched.Clusters[0].Name, sched.Clusters[1].Name}); d != "" || sched.Clusters[0].Weight != 2 || sched.Clusters[1].Weight != 1 {
		t.Fatalf("clusters %+v: want a (weight 2), b (weight 1)", sched.Clusters)
	}
	for cluster, want := range map[string][2]int64{"a": {3, 5}, "b": {2, 9}} {
		u, err := Render(obj, cluster, sched)
		if err != nil {
			t.Fatal(err)
		}
		if got := bounds(t, u); got != want {
			t.Errorf("%s: min/max %v, want %v", cluster, got, want)
		}
	}
	// Without a division (nil schedule) the template's totals are rendered as they are.
	u, err := Render(obj, "a", nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := bounds(t, u); got != [2]int64{5, 8} {
		t.Errorf("without a schedule: min/max %v, want the template's 5, 8", got)
	}
}

// Overrides of the divided bounds are checked against an object that has them, as Render
// gives every placed cluster, even when the template leaves minReplicas unset.
func TestCheckOverridesOfHPABounds(t *testing.T) {
	obj := fhpa("web", fedv1beta1.ClusterOverride{ClusterName: "a", Patches: []fedv1beta1.OverridePatch{patch("replace", "/spec/minReplicas", "1")}})
	obj.Spec.Template.Spec.MinReplicas = nil
	if errs := CheckOverrides(obj, nil); len(errs) != 0 {
		t.Errorf("CheckOverrides: %v, want none", errs)
	}
}

// A workload a FederatedHorizontalPodAutoscaler targets renders no replicas, neither the
// template's, nor its replicaScheduling share, nor an override's: the member HPAs own them.
func TestEngineLeavesAutoscaledReplicasToTheMembers(t *testing.T) {
	indexer := cache.NewIndexer(cache.MetaNamespaceKeyFunc, cache.Indexers{cache.NamespaceIndex: cache.MetaNamespaceIndexFunc})
	for _, h := range []*fedv1beta1.FederatedHorizontalPodAutoscaler{fhpa("web"), fhpa("other")} {
		h.Name = h.Spec.Template.Spec.ScaleTargetRef.Name + "-hpa"
		if err := indexer.Add(h); err != nil {
			t.Fatal(err)
		}
	}
	lister := fedlisters.NewClusterLister(cache.NewIndexer(cache.MetaNamespaceKeyFunc, cache.Indexers{}))
	engine := NewEngine(lister, engClients{}, 0, nil).WithAutoscalers(fedlisters.NewFederatedHorizontalPodAutoscalerLister(indexer))

	obj := deployment(fedv1beta1.ClusterOverride{ClusterName: "a", Patches: []fedv1beta1.OverridePatch{patch("add", "/spec/replicas", "7")}})
	obj.Spec.Template.Spec.Replicas = ptr.To[int32](6)
	obj.Spec.ReplicaScheduling = &fedv1beta1.ReplicaScheduling{}
	placed := Placed{Clusters: []string{"a"}}
	sched := engine.Schedule(obj, placed)
	if sched.Autoscaler != "shop/web-hpa" || sched.Replicated() {
		t.Fatalf("schedule %+v: want autoscaled by shop/web-hpa, no division", sched)
	}
	u, err := Render(obj, "a", sched)
	if err != nil {
		t.Fatal(err)
	}
	if r, found, _ := unstructured.NestedFieldNoCopy(u.Object, "spec", "replicas"); found {
		t.Errorf("rendered spec.replicas %v, want none", r)
	}
	st := WithSchedule(obj, fedv1beta1.FederatedStatus{Clusters: []fedv1beta1.ClusterPropagationStatus{{Name: "a", Replicas: ptr.To[int32](3)}}}, sched)
	if st.Clusters[0].Replicas != nil || meta.FindStatusCondition(st.Conditions, fedv1beta1.ConditionReplicasScheduled) != nil {
		t.Errorf("status %+v: want no share and no ReplicasScheduled condition", st)
	}
	if c := meta.FindStatusCondition(st.Conditions, fedv1beta1.ConditionAutoscaled); c == nil || c.Status != metav1.ConditionTrue || c.Reason != ReasonMemberAutoscalers {
		t.Errorf("Autoscaled condition %+v, want True, reason %s", c, ReasonMemberAutoscalers)
	}
	if st := WithSchedule(obj, st, nil); meta.FindStatusCondition(st.Conditions, fedv1beta1.ConditionAutoscaled) != nil {
		t.Errorf("Autoscaled condition kept once no FederatedHorizontalPodAutoscaler targets the workload: %+v", st.Conditions)
	}

	// Another workload in the namespace, or the same name in another namespace, is not it.
	other := deployment()
	other.Name = "api"
	if s := engine.Schedule(other, placed); s != nil {
		t.Errorf("schedule of an untargeted workload: %+v, want nil", s)
	}
	elsewhere := deployment()
	elsewhere.Namespace = "other"
	if a := engine.Autoscaler(elsewhere); a != "" {
		t.Errorf("Autoscaler of web in another namespace = %q, want none", a)
	}
	// An HPA targets the member kind: apps Deployments, not a ReplicaSet of that name.
	rs := &fedv1beta1.FederatedReplicaSet{TypeMeta: metav1.TypeMeta{Kind: "FederatedReplicaSet"}, ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "shop"}}
	if a := engine.Autoscaler(rs); a != "" {
		t.Errorf("Autoscaler of a FederatedReplicaSet web = %q, want none", a)
	}
}

// A member HPA's bounds and replicas go in its cluster's row, and the replicas are summed.
func TestWithMemberReportsSumsHPAs(t *testing.T) {
	memberHPA := func(lo, hi, current, desired int64) *unstructured.Unstructured {
		return &unstructured.Unstructured{Object: map[string]any{
			"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
			"metadata": map[string]any{"name": "web-hpa", "namespace": "shop"},
			"spec":     map[string]any{"minReplicas": lo, "maxReplicas": hi},
			"status":   map[string]any{"currentReplicas": current, "desiredReplicas": desired},
		}}
	}
	st := fedv1beta1.FederatedStatus{Clusters: []fedv1beta1.ClusterPropagationStatus{
		{Name: "a", Phase: fedv1beta1.PropagationPhasePropagated},
		{Name: "b", Phase: fedv1beta1.PropagationPhasePropagated},
		{Name: "c", Phase: fedv1beta1.PropagationPhaseFailed},
	}}
	got := WithMemberReports(fhpa("web"), st, []Outcome{
		{Cluster: "a", Object: memberHPA(3, 5, 4, 5)},
		{Cluster: "b", Object: memberHPA(2, 3, 2, 2)},
		{Cluster: "c", Err: errors.New("refused")},
	})
	want := st
	want.CurrentReplicas, want.DesiredReplicas = ptr.To[int32](6), ptr.To[int32](7)
	want.Clusters = []fedv1beta1.ClusterPropagationStatus{
		{Name: "a", Phase: fedv1beta1.PropagationPhasePropagated, MinReplicas: ptr.To[int32](3), MaxReplicas: ptr.To[int32](5), CurrentReplicas: ptr.To[int32](4), DesiredReplicas: ptr.To[int32](5)},
		{Name: "b", Phase: fedv1beta1.PropagationPhasePropagated, MinReplicas: ptr.To[int32](2), MaxReplicas: ptr.To[int32](3), CurrentReplicas: ptr.To[int32](2), DesiredReplicas: ptr.To[int32](2)},
		{Name: "c", Phase: fedv1beta1.PropagationPhaseFailed},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("status (-want +got):\n%s", d)
	}
	if st.Clusters[0].MinReplicas != nil {
		t.Errorf("WithMemberReports modified its input")
	}
	// Other kinds get no such fields.
	if got := WithMemberReports(deployment(), got, nil); got.Clusters[0].MinReplicas != nil {
		t.Errorf("a FederatedDeployment's row keeps %v", got.Clusters[0])
	}
}

// handOver applies the member's replicas with HandoverFieldManager before federation's apply
// leaves them out, and only when federation's apply owns them.
func TestHandOver(t *testing.T) {
	deploymentsGVR := schema.GroupVersionResource{Group: "apps", Version: "v1", Resource: "deployments"}
	live := func(manager string, op metav1.ManagedFieldsOperationType) *unstructured.Unstructured {
		u := &unstructured.Unstructured{Object: map[string]any{
			"apiVersion": "apps/v1", "kind": "Deployment",
			"metadata": map[string]any{"name": "web", "namespace": "shop"},
			"spec":     map[string]any{"replicas": int64(3)},
		}}
		u.SetManagedFields([]metav1.ManagedFieldsEntry{{Manager: manager, Operation: op, FieldsType: "FieldsV1",
			FieldsV1: &metav1.FieldsV1{Raw: []byte(`{"f:spec":{"f:replicas":{}}}`)}}})
		return u
	}
	withoutReplicas := &unstructured.Unstructured{Object: map[string]any{"apiVersion": "apps/v1", "kind": "Deployment", "spec": map[string]any{}}}
	withReplicas := &unstructured.Unstructured{Object: map[string]any{"apiVersion": "apps/v1", "kind": "Deployment", "spec": map[string]any{"replicas": int64(1)}}}
	for name, tc := range map[string]struct {
		existing, desired *unstructured.Unstructured
		want              string // the applied body's spec.replicas and manager, "" for no apply
	}{
		"federation owns them and stops writing them": {existing: live(FieldManager, metav1.ManagedFieldsOperationApply), desired: withoutReplicas, want: "3 by " + HandoverFieldManager},
		"federation still writes them":                {existing: live(FieldManager, metav1.ManagedFieldsOperationApply), desired: withReplicas},
		"the member HPA owns them already":            {existing: live("kube-controller-manager", metav1.ManagedFieldsOperationUpdate), desired: withoutReplicas},
		"no copy yet":                                 {desired: withoutReplicas},
	} {
		t.Run(name, func(t *testing.T) {
			client := dynamicfake.NewSimpleDynamicClient(runtime.NewScheme())
			var got string
			client.PrependReactor("patch", "deployments", func(action clienttesting.Action) (bool, runtime.Object, error) {
				p := action.(clienttesting.PatchActionImpl)
				body := map[string]any{}
				if err := json.Unmarshal(p.GetPatch(), &body); err != nil {
					t.Fatal(err)
				}
				if p.GetPatchType() != types.ApplyPatchType || ptr.Deref(p.GetPatchOptions().Force, false) {
					t.Errorf("patch %s (force %v), want an apply without force", p.GetPatchType(), p.GetPatchOptions().Force)
				}
				r, _, _ := unstructured.NestedFieldNoCopy(body, "spec", "replicas")
				got = fmt.Sprintf("%v by %s", r, p.GetPatchOptions().FieldManager)
				return true, &unstructured.Unstructured{Object: body}, nil
			})
			rc := client.Resource(deploymentsGVR).Namespace("shop")
			if err := handOver(t.Context(), rc, tc.existing, tc.desired, []string{"spec", "replicas"}); err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("applied %q, want %q", got, tc.want)
			}
		})
	}
}
