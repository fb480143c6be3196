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
	"strings"

	autoscalingv2 "k8s.io/api/autoscaling/v2"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"

	"k8s.io/federation/pkg/apis/federation"
)

// hpaColumns are kubectl get hpa's REFERENCE, TARGETS, MINPODS, MAXPODS and REPLICAS, for
// the federated object: the template's target and bounds (the totals over the members) and
// the members' summed currentReplicas. TARGETS shows each metric's target as kubectl does,
// with the current value <unknown>: federation does not aggregate the members' metrics
// (each member HPA scales on its own).
func hpaColumns() []Column {
	return rowColumns(
		[]metav1.TableColumnDefinition{
			{Name: "Reference", Type: "string", Description: "The template's scaleTargetRef, as Kind/name."},
			{Name: "Targets", Type: "string", Description: "The template's metric targets, current values <unknown> (each member HPA reads its own)."},
			{Name: "MinPods", Type: "string", Description: "The template's minReplicas (1 when unset): the total divided over the members."},
			{Name: "MaxPods", Type: "integer", Description: "The template's maxReplicas: the total divided over the members."},
			{Name: "Replicas", Type: "integer", Description: "The members' currentReplicas summed (status.currentReplicas)."},
		},
		func(obj federation.FederatedObject) ([]any, error) {
			hpa, ok := obj.(*federation.FederatedHorizontalPodAutoscaler)
			if !ok {
				return nil, fmt.Errorf("not a FederatedHorizontalPodAutoscaler: %T", obj)
			}
			spec := hpa.Spec.Template.Spec
			ref := spec.ScaleTargetRef.Kind + "/" + spec.ScaleTargetRef.Name
			minPods := "<unset>"
			if spec.MinReplicas != nil {
				minPods = fmt.Sprint(*spec.MinReplicas)
			}
			return []any{ref, hpaTargets(spec.Metrics), minPods, int64(spec.MaxReplicas),
				int64(ptr.Deref(hpa.Status.CurrentReplicas, 0))}, nil
		},
	)
}

// hpaTargets is kubectl get hpa's TARGETS for metrics whose current values are unknown:
// "<name>: <unknown>/<target>" per metric, the first two and "+ N more..." beyond, <none>
// without metrics (kubectl's own formatting, k8s.io/kubernetes pkg/printers/internalversion
// formatHPAMetrics).
func hpaTargets(metrics []autoscalingv2.MetricSpec) string {
	if len(metrics) == 0 {
		return "<none>"
	}
	var parts []string
	for i, m := range metrics {
		if i == 2 {
			parts = append(parts, fmt.Sprintf("+ %d more...", len(metrics)-2))
			break
		}
		parts = append(parts, hpaTarget(m))
	}
	return strings.Join(parts, ", ")
}

// hpaTarget formats one metric's target with an unknown current value.
func hpaTarget(m autoscalingv2.MetricSpec) string {
	var name string
	var target autoscalingv2.MetricTarget
	switch {
	case m.Resource != nil:
		name, target = string(m.Resource.Name), m.Resource.Target
	case m.ContainerResource != nil:
		name, target = string(m.ContainerResource.Name), m.ContainerResource.Target
	case m.Pods != nil:
		name, target = m.Pods.Metric.Name, m.Pods.Target
	case m.Object != nil:
		name, target = m.Object.Metric.Name, m.Object.Target
	case m.External != nil:
		name, target = m.External.Metric.Name, m.External.Target
	default:
		return "<unknown type>"
	}
	value := "<auto>"
	switch {
	case target.AverageUtilization != nil:
		value = fmt.Sprintf("%d%%", *target.AverageUtilization)
	case target.AverageValue != nil:
		value = target.AverageValue.String() + " (avg)"
	case target.Value != nil:
		value = target.Value.String()
	}
	return fmt.Sprintf("%s: <unknown>/%s", name, value)
}
