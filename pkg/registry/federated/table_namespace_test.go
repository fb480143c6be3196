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

package federated_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"k8s.io/federation/pkg/apis/federation"
	"k8s.io/federation/pkg/registry/federated"
)

// A FederatedNamespace prints STATUS after the name, as kubectl get ns does, from its
// clusters' member namespace phases (status.clusters[].memberPhase).
func TestTableNamespaceStatus(t *testing.T) {
	row := func(name, phase, memberPhase string) federation.ClusterPropagationStatus {
		return federation.ClusterPropagationStatus{Name: name, Phase: phase, MemberPhase: memberPhase}
	}
	now := metav1.Now()
	for name, tc := range map[string]struct {
		rows     []federation.ClusterPropagationStatus
		deleting bool
		want     string
	}{
		"no rows":               {want: "Pending"},
		"every member Active":   {rows: []federation.ClusterPropagationStatus{row("east", "Propagated", "Active"), row("west", "Propagated", "Active")}, want: "Active"},
		"excluded rows ignored": {rows: []federation.ClusterPropagationStatus{row("east", "Propagated", "Active"), row("west", "Excluded", "")}, want: "Active"},
		"one member failed":     {rows: []federation.ClusterPropagationStatus{row("east", "Propagated", "Active"), row("west", "Failed", "")}, want: "Pending"},
		"one member Terminating": {rows: []federation.ClusterPropagationStatus{row("east", "Propagated", "Active"), row("west", "Propagated", "Terminating")},
			want: "Terminating"},
		"being deleted": {rows: []federation.ClusterPropagationStatus{row("east", "Propagated", "Active")}, deleting: true, want: "Terminating"},
	} {
		t.Run(name, func(t *testing.T) {
			obj := &federation.FederatedNamespace{ObjectMeta: metav1.ObjectMeta{Name: "team-a"}}
			if tc.deleting {
				obj.DeletionTimestamp = &now
			}
			obj.Status.Clusters = tc.rows
			tbl, err := federated.NewTableConvertor(kindFor(t, "federatednamespaces")).ConvertToTable(context.Background(), obj, nil)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff([]string{"Name", "Status", "Clusters", "Propagated", "Age"}, columnNames(tbl)[:5]); d != "" {
				t.Errorf("columns (-want +got):\n%s", d)
			}
			if got := tbl.Rows[0].Cells[1]; got != tc.want {
				t.Errorf("STATUS = %v, want %s", got, tc.want)
			}
		})
	}
}
