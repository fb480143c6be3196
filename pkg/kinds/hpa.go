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

package kinds

import (
	"fmt"

	autoscalingv2 "k8s.io/api/autoscaling/v2"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/utils/ptr"

	"k8s.io/federation/pkg/apis/federation"
	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/apis/federation/validation"
	"k8s.io/federation/pkg/scheduling"
)

// hpaHooks are FederatedHorizontalPodAutoscaler's rules: its bounds validated and divided
// over the placed clusters, the member HPAs' status summed, and kubectl get hpa's columns.
// Its Ready condition follows Propagated (an HPA has no rollout; a member HPA that cannot
// read metrics still enforces its bounds).
func hpaHooks() Hooks {
	return Hooks{
		Validate: func(obj federation.FederatedObject, specPath *field.Path) field.ErrorList {
			return validation.ValidateFederatedHorizontalPodAutoscaler(obj.(*federation.FederatedHorizontalPodAutoscaler), specPath)
		},
		Divide:       divideHPABounds,
		RecordMember: recordHPA,
		Columns:      hpaColumns(),
	}
}

// Bounds are one member HorizontalPodAutoscaler's spec.minReplicas and spec.maxReplicas.
type Bounds struct {
	Min, Max int32
}

// DivideHPABounds divides a FederatedHorizontalPodAutoscaler's minReplicas (nil means 1, as
// for an HPA) and maxReplicas over clusters (their weights; a cluster's own minReplicas and
// maxReplicas are ignored), with scheduling.Divide and key as its tie order, and returns
// each cluster's Bounds; none for no clusters.
//
// The rule is the original federation's HPA controller's (kubernetes/kubernetes
// federation/pkg/federatedtypes/hpa.go, ReconcileHook): every member gets at least 1
// minReplicas, and maxReplicas is divided so that each member's maximum is at least its
// minimum. Where it split evenly and handed remainders out in map order, this divides both
// bounds by the clusters' weights with the FederatedDeployment's rule (Webster /
// Sainte-Laguë, every cluster's minimum 1):
//   - min = Divide(max(minReplicas, n)), n the number of clusters: a minReplicas below n is
//     rounded UP to one per cluster (a member HPA cannot have minReplicas 0), so the
//     members' minimums then add up to n, more than asked;
//   - max = Divide(max(maxReplicas, that minimum total)): likewise at least one per
//     cluster. Divide is house-monotone (a larger total never lowers a share) with the same
//     weights, bounds and tie order, so every cluster's max >= its min.
//
// E.g. minReplicas 5, maxReplicas 8 over a{weight 2} and b{weight 1}: one each, then the
// rest 2:1 (a, b, a for the minimums; a, b, a, a, b, a for the maximums), so a gets 3..5
// and b 2..3; minReplicas 1 (or unset) over 2 clusters gives each minimum 1.
func DivideHPABounds(minReplicas *int32, maxReplicas int32, clusters []scheduling.ClusterPreference, key string) map[string]Bounds {
	if len(clusters) == 0 {
		return map[string]Bounds{}
	}
	prefs := make([]scheduling.ClusterPreference, len(clusters))
	for i, c := range clusters {
		prefs[i] = scheduling.ClusterPreference{Name: c.Name, Weight: max(c.Weight, 1), MinReplicas: 1}
	}
	n := int32(len(prefs))
	minTotal := max(ptr.Deref(minReplicas, 1), n)
	maxTotal := max(maxReplicas, minTotal)
	mins := scheduling.Divide(minTotal, prefs, key).Replicas
	maxs := scheduling.Divide(maxTotal, prefs, key).Replicas
	out := make(map[string]Bounds, len(prefs))
	for _, p := range prefs {
		// max() only restates what monotonicity guarantees.
		out[p.Name] = Bounds{Min: mins[p.Name], Max: max(maxs[p.Name], mins[p.Name])}
	}
	return out
}

// divideHPABounds is FederatedHorizontalPodAutoscaler's Divide hook: cluster's part of the
// template's bounds (DivideHPABounds over d.Clusters) as the member's spec.minReplicas and
// spec.maxReplicas. A cluster outside d.Clusters keeps the template's bounds.
func divideHPABounds(obj fedv1beta1.FederatedObject, member map[string]any, cluster string, d Division) error {
	hpa, ok := obj.(*fedv1beta1.FederatedHorizontalPodAutoscaler)
	if !ok {
		return fmt.Errorf("not a FederatedHorizontalPodAutoscaler: %T", obj)
	}
	spec := hpa.Spec.Template.Spec
	b, ok := DivideHPABounds(spec.MinReplicas, spec.MaxReplicas, d.Clusters, d.Key)[cluster]
	if !ok {
		return nil
	}
	if err := unstructured.SetNestedField(member, int64(b.Min), "spec", "minReplicas"); err != nil {
		return err
	}
	return unstructured.SetNestedField(member, int64(b.Max), "spec", "maxReplicas")
}

// recordHPA is FederatedHorizontalPodAutoscaler's RecordMember hook: the member HPA's
// bounds and its status.currentReplicas and desiredReplicas in its row, the last two
// summed into status (Karmada's rule for HPAs: sums only).
func recordHPA(copy *unstructured.Unstructured, row *fedv1beta1.ClusterPropagationStatus, st *fedv1beta1.FederatedStatus) error {
	var hpa autoscalingv2.HorizontalPodAutoscaler
	if err := fromUnstructured(copy, &hpa); err != nil {
		return err
	}
	row.MinReplicas, row.MaxReplicas = ptr.To(ptr.Deref(hpa.Spec.MinReplicas, 1)), ptr.To(hpa.Spec.MaxReplicas)
	row.CurrentReplicas, row.DesiredReplicas = ptr.To(hpa.Status.CurrentReplicas), ptr.To(hpa.Status.DesiredReplicas)
	st.CurrentReplicas = ptr.To(ptr.Deref(st.CurrentReplicas, 0) + hpa.Status.CurrentReplicas)
	st.DesiredReplicas = ptr.To(ptr.Deref(st.DesiredReplicas, 0) + hpa.Status.DesiredReplicas)
	return nil
}
