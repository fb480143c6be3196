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

package federated

import (
	"fmt"
	"math"
	"strings"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	utiljson "k8s.io/apimachinery/pkg/util/json"
	"k8s.io/utils/ptr"

	"k8s.io/federation/pkg/apis/federation"
	"k8s.io/federation/pkg/kinds"
	"k8s.io/federation/pkg/registry/table"
)

// NewTableConvertor prints objects of kind for kubectl get: the kind's own columns (its
// Columns hook: what kubectl get prints for the member kind, summed), how many reported
// clusters hold the object, whether it is propagated, and (with -o wide) the placement and
// generations, and, for kinds with spec.replicaScheduling, each cluster's scheduled replicas.
func NewTableConvertor(kind *kinds.Kind) table.Convertor {
	columns := []metav1.TableColumnDefinition{
		{Name: "Name", Type: "string", Format: "name", Description: "Name of the federated object."},
		{Name: "Clusters", Type: "string", Description: "Member clusters holding the object, out of the placed clusters reported in status " +
			"(not counting Excluded rows: clusters a taint keeps the object off)."},
		{Name: "Propagated", Type: "string", Description: "Status of the Propagated condition."},
		{Name: "Age", Type: "string", Description: "Time since creation."},
		{Name: "Placement", Type: "string", Priority: 1, Description: "Clusters named in spec.placement, and its cluster selector."},
		{Name: "Generation", Type: "integer", Priority: 1, Description: "metadata.generation of the federated object."},
		{Name: "Observed", Type: "integer", Priority: 1, Description: "The generation that status describes."},
	}
	if len(kind.Hooks.Columns) == 0 {
		return table.Convertor{Columns: columns, Cells: federatedCells}
	}
	// Like kubectl get for the member kind (e.g. READY, UP-TO-DATE and AVAILABLE for
	// deployments) after the name: the kind's own columns.
	workload := make([]metav1.TableColumnDefinition, 0, len(kind.Hooks.Columns))
	for _, c := range kind.Hooks.Columns {
		workload = append(workload, c.Definition)
	}
	columns = append(append([]metav1.TableColumnDefinition{columns[0]}, workload...), columns[1:]...)
	_, scheduled := kind.NewInternal().(federation.ReplicaScheduledObject)
	if scheduled {
		columns = append(columns, metav1.TableColumnDefinition{Name: "Replicas", Type: "string", Priority: 1,
			Description: "Each placed cluster's scheduled share of the replicas (status.clusters[].replicas), e.g. member-1=4,member-2=2; " +
				"<none> without spec.replicaScheduling."})
	}
	return table.Convertor{Columns: columns, Cells: func(obj runtime.Object) ([]any, error) {
		cells, err := federatedCells(obj)
		if err != nil {
			return nil, err
		}
		o := obj.(federation.FederatedObject)
		var desired int32
		if ro, ok := obj.(federation.ReplicaScheduledObject); ok {
			desired = desiredReplicas(ro)
		}
		counts := make([]any, 0, len(kind.Hooks.Columns))
		for _, c := range kind.Hooks.Columns {
			counts = append(counts, c.Cell(o, desired))
		}
		cells = append(append([]any{cells[0]}, counts...), cells[1:]...)
		if scheduled {
			cells = append(cells, replicaSplit(o.GetFederatedStatus()))
		}
		return cells, nil
	}}
}

// desiredReplicas is what the members are told to run, as the Available and Ready
// conditions count it (propagation.WithHealth): the sum, over the placed clusters reported in
// status, of each one's rendered spec.replicas (its scheduled share with replicaScheduling,
// else the template's; then its overrides), plus the part of the replicaScheduling total
// that no cluster was given. Excluded rows are not placed; with replicaScheduling, rows
// without a share are not placed either (a copy still being removed). When the rendered
// object leaves replicas to some member (no replicas in the template and no override), the
// members' own status.replicas stands in, as no better number is known; so it does for a
// workload whose replicas belong to member HPAs (condition Autoscaled True).
func desiredReplicas(o federation.ReplicaScheduledObject) int32 {
	st := o.GetFederatedStatus()
	if meta.IsStatusConditionTrue(st.Conditions, federation.ConditionAutoscaled) {
		// The member HPAs own the replicas: what they run is the best number known.
		return ptr.Deref(st.Replicas, 0)
	}
	scheduled := o.GetReplicaScheduling() != nil
	overrides := o.GetPropagation().Overrides
	var desired, shares int64
	for _, row := range st.Clusters {
		if row.Phase == federation.PropagationPhaseExcluded || (scheduled && row.Replicas == nil) {
			continue
		}
		base := o.GetTemplateReplicas()
		if scheduled {
			base = row.Replicas
			shares += int64(*row.Replicas)
		}
		r := replicasAfterOverrides(base, overrides, row.Name)
		if r == nil {
			return ptr.Deref(st.Replicas, 0)
		}
		desired += int64(*r)
	}
	if scheduled {
		desired += max(int64(ptr.Deref(o.GetTemplateReplicas(), 1))-shares, 0)
	}
	return int32(min(desired, math.MaxInt32))
}

// replicasAfterOverrides returns the spec.replicas that cluster's overrides leave on a member
// object rendered with base (nil: none), as propagation.Render applies them: the add,
// replace and remove operations on /spec/replicas, or on an object above it, in order.
func replicasAfterOverrides(base *int32, overrides []federation.ClusterOverride, cluster string) *int32 {
	r := base
	for _, o := range overrides {
		if o.ClusterName != cluster {
			continue
		}
		for _, p := range o.Patches {
			below, ok := strings.CutPrefix("/spec/replicas", p.Path)
			if !ok || (below != "" && !strings.HasPrefix(below, "/")) {
				continue
			}
			if p.Op == federation.OverrideOpRemove || p.Value == nil {
				r = nil
				continue
			}
			r = replicasIn(p.Value.Raw, below)
		}
	}
	return r
}

// replicasIn returns the integer at the JSON pointer ptr (below /spec/replicas) in the JSON
// value raw, or nil when there is none.
func replicasIn(raw []byte, pointer string) *int32 {
	var v any
	if err := utiljson.Unmarshal(raw, &v); err != nil {
		return nil
	}
	for _, key := range strings.Split(pointer, "/")[1:] {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[key]
	}
	switch n := v.(type) {
	case int64:
		return ptr.To(int32(n))
	case float64:
		if n == math.Trunc(n) {
			return ptr.To(int32(n))
		}
	}
	return nil
}

// replicaSplit prints the status rows' scheduled replicas as name=replicas, in row order
// (by cluster name), or <none>.
func replicaSplit(status *federation.FederatedStatus) string {
	var parts []string
	for _, c := range status.Clusters {
		if c.Replicas != nil {
			parts = append(parts, fmt.Sprintf("%s=%d", c.Name, *c.Replicas))
		}
	}
	if len(parts) == 0 {
		return "<none>"
	}
	return strings.Join(parts, ",")
}

func federatedCells(obj runtime.Object) ([]any, error) {
	o, ok := obj.(federation.FederatedObject)
	if !ok {
		return nil, fmt.Errorf("not a federated object: %T", obj)
	}
	status := o.GetFederatedStatus()
	propagated, placed := 0, 0
	for _, c := range status.Clusters {
		switch c.Phase {
		case federation.PropagationPhaseExcluded:
			continue
		case federation.PropagationPhasePropagated:
			propagated++
		}
		placed++
	}
	return []any{
		o.GetName(),
		fmt.Sprintf("%d/%d", propagated, placed),
		table.ConditionStatus(status.Conditions, federation.ConditionPropagated),
		table.Age(o.GetCreationTimestamp()),
		placementSummary(o.GetPropagation().Placement),
		o.GetGeneration(),
		status.ObservedGeneration,
	}, nil
}

func placementSummary(p federation.Placement) string {
	var parts []string
	if len(p.Clusters) > 0 {
		names := make([]string, 0, len(p.Clusters))
		for _, c := range p.Clusters {
			names = append(names, c.Name)
		}
		parts = append(parts, strings.Join(names, ","))
	}
	switch {
	case p.ClusterSelector == nil:
	case len(p.ClusterSelector.MatchLabels) == 0 && len(p.ClusterSelector.MatchExpressions) == 0:
		parts = append(parts, "selector:<all>")
	default:
		parts = append(parts, "selector:"+metav1.FormatLabelSelector(p.ClusterSelector))
	}
	if len(parts) == 0 {
		return "<none>"
	}
	return strings.Join(parts, " ")
}
