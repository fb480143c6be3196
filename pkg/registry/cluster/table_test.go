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

package cluster_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"k8s.io/federation/pkg/apis/federation"
	"k8s.io/federation/pkg/registry/cluster"
)

// cellsByColumn maps each column name of tbl to the cell of row i.
func cellsByColumn(t *testing.T, tbl *metav1.Table, i int) map[string]any {
	t.Helper()
	if i >= len(tbl.Rows) {
		t.Fatalf("Table has %d rows, want at least %d", len(tbl.Rows), i+1)
	}
	cells := tbl.Rows[i].Cells
	if len(cells) != len(tbl.ColumnDefinitions) {
		t.Fatalf("Row %d has %d cells for %d columns", i, len(cells), len(tbl.ColumnDefinitions))
	}
	out := map[string]any{}
	for j, c := range tbl.ColumnDefinitions {
		out[c.Name] = cells[j]
	}
	return out
}

func TestTableShape(t *testing.T) {
	ctx := context.Background()
	conv := cluster.NewTableConvertor()
	single, err := conv.ConvertToTable(ctx, newCluster("east"), nil)
	if err != nil {
		t.Fatalf("ConvertToTable(object): %v", err)
	}
	list := &federation.ClusterList{Items: []federation.Cluster{*newCluster("east"), *newCluster("west")}}
	multi, err := conv.ConvertToTable(ctx, list, nil)
	if err != nil {
		t.Fatalf("ConvertToTable(list): %v", err)
	}
	for name, tc := range map[string]struct {
		tbl       *metav1.Table
		wantNames []any
	}{
		"single object": {tbl: single, wantNames: []any{"east"}},
		"list":          {tbl: multi, wantNames: []any{"east", "west"}},
	} {
		t.Run(name, func(t *testing.T) {
			var names []any
			for i := range tc.tbl.Rows {
				names = append(names, cellsByColumn(t, tc.tbl, i)["Name"])
			}
			if d := cmp.Diff(tc.wantNames, names); d != "" {
				t.Errorf("Name cells (-want +got):\n%s", d)
			}
		})
	}
}

func TestTableWideColumns(t *testing.T) {
	got := map[string]int32{}
	for _, c := range cluster.NewTableConvertor().Columns {
		got[c.Name] = c.Priority
	}
	want := map[string]int32{"Name": 0, "Ready": 0, "Version": 0, "Region": 0, "Age": 0, "Server": 1, "Zones": 1, "Unserved": 1}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Column priorities (-want +got):\n%s", d)
	}
}

func TestTableCells(t *testing.T) {
	for name, tc := range map[string]struct {
		mutate func(*federation.Cluster)
		want   map[string]any
	}{
		"new cluster": {
			mutate: func(*federation.Cluster) {},
			want: map[string]any{
				"Name": "east", "Ready": "Unknown", "Version": "", "Region": "", "Age": "<unknown>",
				"Server": "https://east.example.com:6443", "Zones": "", "Unserved": "",
			},
		},
		"observed cluster": {
			mutate: func(c *federation.Cluster) {
				c.CreationTimestamp = metav1.NewTime(time.Now().Add(-30 * time.Minute))
				c.Status = observedStatus()
			},
			want: map[string]any{
				"Name": "east", "Ready": "True", "Version": "v1.37.2", "Region": "eu-west-1", "Age": "30m",
				"Server": "https://east.example.com:6443", "Zones": "eu-west-1a,eu-west-1b", "Unserved": "",
			},
		},
		"spec region and zones win over observed ones": {
			mutate: func(c *federation.Cluster) {
				c.Spec.Region = "us-east-1"
				c.Spec.Zones = []string{"us-east-1c"}
				c.Status = observedStatus()
				c.Status.Conditions[0].Status = metav1.ConditionFalse
			},
			want: map[string]any{
				"Name": "east", "Ready": "False", "Version": "v1.37.2", "Region": "us-east-1", "Age": "<unknown>",
				"Server": "https://east.example.com:6443", "Zones": "us-east-1c", "Unserved": "",
			},
		},
		"a member that does not serve some kinds' types": {
			mutate: func(c *federation.Cluster) {
				c.Status.UnservedResources = []metav1.GroupVersionResource{
					{Group: "networking.k8s.io", Version: "v1", Resource: "ingresses"}, {Version: "v1", Resource: "serviceaccounts"},
				}
			},
			want: map[string]any{
				"Name": "east", "Ready": "Unknown", "Version": "", "Region": "", "Age": "<unknown>",
				"Server": "https://east.example.com:6443", "Zones": "", "Unserved": "networking.k8s.io/v1/ingresses,v1/serviceaccounts",
			},
		},
		"server from client CIDRs": {
			mutate: func(c *federation.Cluster) {
				c.Spec.Server = ""
				c.Spec.ServerAddressByClientCIDRs = []federation.ServerAddressByClientCIDR{
					{ClientCIDR: "10.0.0.0/8", ServerAddress: "10.1.2.3:6443"},
					{ClientCIDR: "0.0.0.0/0", ServerAddress: "east.example.com:6443"},
				}
			},
			want: map[string]any{
				"Name": "east", "Ready": "Unknown", "Version": "", "Region": "", "Age": "<unknown>",
				"Server": "10.1.2.3:6443", "Zones": "", "Unserved": "",
			},
		},
	} {
		t.Run(name, func(t *testing.T) {
			obj := newCluster("east")
			tc.mutate(obj)
			tbl, err := cluster.NewTableConvertor().ConvertToTable(context.Background(), obj, nil)
			if err != nil {
				t.Fatalf("ConvertToTable: %v", err)
			}
			if d := cmp.Diff(tc.want, cellsByColumn(t, tbl, 0)); d != "" {
				t.Errorf("Cells (-want +got):\n%s", d)
			}
		})
	}
}

func TestTableRejectsOtherKinds(t *testing.T) {
	if _, err := cluster.NewTableConvertor().ConvertToTable(context.Background(), &federation.FederatedConfigMap{}, nil); err == nil {
		t.Error("ConvertToTable(FederatedConfigMap) succeeded, want an error")
	}
}
