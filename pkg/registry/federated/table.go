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
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/utils/ptr"

	"k8s.io/federation/pkg/apis/federation"
	"k8s.io/federation/pkg/registry/table"
)

// NewTableConvertor prints objects of kind for kubectl get: how many reported clusters hold
// the object, whether it is propagated, and (with -o wide) the placement and generations,
// and, for kinds with spec.replicaScheduling, each cluster's scheduled replicas.
func NewTableConvertor(kind Kind) table.Convertor {
	columns := []metav1.TableColumnDefinition{
		{Name: "Name", Type: "string", Format: "name", Description: "Name of the federated object."},
		{Name: "Clusters", Type: "string", Description: "Member clusters holding the object, out of those reported in status."},
		{Name: "Propagated", Type: "string", Description: "Status of the Propagated condition."},
		{Name: "Age", Type: "string", Description: "Time since creation."},
		{Name: "Placement", Type: "string", Priority: 1, Description: "Clusters named in spec.placement, and its cluster selector."},
		{Name: "Generation", Type: "integer", Priority: 1, Description: "metadata.generation of the federated object."},
		{Name: "Observed", Type: "integer", Priority: 1, Description: "The generation that status describes."},
	}
	if _, scheduled := kind.New().(federation.ReplicaScheduledObject); !scheduled {
		return table.Convertor{Columns: columns, Cells: federatedCells}
	}
	// Like kubectl get deployments: READY, UP-TO-DATE and AVAILABLE after the name.
	workload := []metav1.TableColumnDefinition{
		{Name: "Ready", Type: "string", Description: "Ready replicas summed over the members (status.readyReplicas), out of the desired total."},
		{Name: "Up-to-date", Type: "integer", Description: "Updated replicas summed over the members (status.updatedReplicas)."},
		{Name: "Available", Type: "integer", Description: "Available replicas summed over the members (status.availableReplicas)."},
	}
	columns = append(append([]metav1.TableColumnDefinition{columns[0]}, workload...), columns[1:]...)
	columns = append(columns, metav1.TableColumnDefinition{Name: "Replicas", Type: "string", Priority: 1,
		Description: "Each placed cluster's scheduled share of the replicas (status.clusters[].replicas), e.g. member-1=4,member-2=2; " +
			"<none> without spec.replicaScheduling."})
	return table.Convertor{Columns: columns, Cells: func(obj runtime.Object) ([]any, error) {
		cells, err := federatedCells(obj)
		if err != nil {
			return nil, err
		}
		o := obj.(federation.ReplicaScheduledObject)
		st := o.GetFederatedStatus()
		counts := []any{
			fmt.Sprintf("%d/%d", ptr.Deref(st.ReadyReplicas, 0), desiredReplicas(o)),
			int64(ptr.Deref(st.UpdatedReplicas, 0)),
			int64(ptr.Deref(st.AvailableReplicas, 0)),
		}
		cells = append(append([]any{cells[0]}, counts...), cells[1:]...)
		return append(cells, replicaSplit(st)), nil
	}}
}

// desiredReplicas is the total the members are asked to run: with replicaScheduling, the
// template's replicas (1 when unset); without, the template's replicas in each placed
// cluster reported in status (a row of a copy still being removed counts too); with neither (replicas left to the members), the members'
// own replicas (status.replicas).
func desiredReplicas(o federation.ReplicaScheduledObject) int32 {
	st := o.GetFederatedStatus()
	template := o.GetTemplateReplicas()
	switch {
	case o.GetReplicaScheduling() != nil:
		return ptr.Deref(template, 1)
	case template == nil:
		return ptr.Deref(st.Replicas, 0)
	}
	return *template * int32(len(st.Clusters))
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
	propagated := 0
	for _, c := range status.Clusters {
		if c.Phase == federation.PropagationPhasePropagated {
			propagated++
		}
	}
	return []any{
		o.GetName(),
		fmt.Sprintf("%d/%d", propagated, len(status.Clusters)),
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
