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
	"fmt"
	"maps"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/utils/ptr"

	"k8s.io/federation/pkg/apis/federation"
	"k8s.io/federation/pkg/kinds"
	"k8s.io/federation/pkg/registry/federated"
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
	for _, kind := range kinds.All() {
		t.Run(kind.Plural, func(t *testing.T) {
			ctx := context.Background()
			conv := federated.NewTableConvertor(kind)

			single, err := conv.ConvertToTable(ctx, newObject(kind, "a"), nil)
			if err != nil {
				t.Fatalf("ConvertToTable(object): %v", err)
			}
			list := kind.NewInternalList()
			if err := meta.SetList(list, []runtime.Object{newObject(kind, "a"), newObject(kind, "b")}); err != nil {
				t.Fatal(err)
			}
			multi, err := conv.ConvertToTable(ctx, list, nil)
			if err != nil {
				t.Fatalf("ConvertToTable(list): %v", err)
			}

			for name, tc := range map[string]struct {
				tbl       *metav1.Table
				wantNames []any
			}{
				"single object": {tbl: single, wantNames: []any{"a"}},
				"list":          {tbl: multi, wantNames: []any{"a", "b"}},
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
		})
	}
}

func TestTableWideColumns(t *testing.T) {
	for _, kind := range kinds.All() {
		t.Run(kind.Plural, func(t *testing.T) {
			got := map[string]int32{}
			for _, c := range federated.NewTableConvertor(kind).Columns {
				got[c.Name] = c.Priority
			}
			want := map[string]int32{
				"Name": 0, "Clusters": 0, "Propagated": 0, "Age": 0,
				"Placement": 1, "Generation": 1, "Observed": 1,
			}
			if hasReplicaScheduling(kind) {
				want["Replicas"] = 1
			}
			for c := range emptyKindCells[kind.Kind] {
				want[c] = 0
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("Column priorities (-want +got):\n%s", d)
			}
		})
	}
}

// emptyKindCells are the kinds' own columns (what kubectl get prints for the member kind),
// with their cells for an object without status.
var emptyKindCells = map[string]map[string]any{
	"FederatedDeployment":              {"Ready": "0/0", "Up-to-date": int64(0), "Available": int64(0)},
	"FederatedReplicaSet":              {"Desired": int64(0), "Current": int64(0), "Ready": int64(0)},
	"FederatedStatefulSet":             {"Ready": "0/0"},
	"FederatedDaemonSet":               {"Desired": int64(0), "Current": int64(0), "Ready": int64(0), "Up-to-date": int64(0), "Available": int64(0)},
	"FederatedService":                 {"Type": "ClusterIP", "External-IP": "<none>", "Port(s)": "<none>"},
	"FederatedIngress":                 {"Class": "<none>", "Hosts": "*", "Address": "", "Ports": "80"},
	"FederatedHorizontalPodAutoscaler": {"Reference": "Deployment/a", "Targets": "<none>", "MinPods": "<unset>", "MaxPods": int64(4), "Replicas": int64(0)},
	"FederatedNamespace":               {"Status": "Pending"},
	"FederatedJob":                     {"Status": "Running", "Completions": "0/0", "Duration": ""},
}

func hasReplicaScheduling(kind *kinds.Kind) bool {
	_, ok := kind.NewInternal().(federation.ReplicaScheduledObject)
	return ok
}

func TestTableReplicaSplit(t *testing.T) {
	kind := kinds.ByKind("FederatedDeployment")
	if kind.Plural != "federateddeployments" {
		t.Fatalf("ByKind(FederatedDeployment) is %s, want federateddeployments", kind.Plural)
	}
	for name, tc := range map[string]struct {
		rows []federation.ClusterPropagationStatus
		want string
	}{
		"no rows":             {want: "<none>"},
		"rows, no replicas":   {rows: []federation.ClusterPropagationStatus{{Name: "east"}, {Name: "west"}}, want: "<none>"},
		"scheduled":           {rows: []federation.ClusterPropagationStatus{{Name: "east", Replicas: ptr.To[int32](4)}, {Name: "west", Replicas: ptr.To[int32](2)}}, want: "east=4,west=2"},
		"failed over":         {rows: []federation.ClusterPropagationStatus{{Name: "east", Replicas: ptr.To[int32](9)}, {Name: "west", Replicas: ptr.To[int32](0)}}, want: "east=9,west=0"},
		"removal pending row": {rows: []federation.ClusterPropagationStatus{{Name: "east", Replicas: ptr.To[int32](6)}, {Name: "old"}}, want: "east=6"},
	} {
		t.Run(name, func(t *testing.T) {
			obj := newObject(kind, "a")
			obj.GetFederatedStatus().Clusters = tc.rows
			tbl, err := federated.NewTableConvertor(kind).ConvertToTable(context.Background(), obj, nil)
			if err != nil {
				t.Fatalf("ConvertToTable: %v", err)
			}
			if got := cellsByColumn(t, tbl, 0)["Replicas"]; got != tc.want {
				t.Errorf("Replicas cell = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestTableCells(t *testing.T) {
	propagated := func(s metav1.ConditionStatus) []metav1.Condition {
		return []metav1.Condition{{Type: federation.ConditionPropagated, Status: s, Reason: "R"}}
	}
	for name, tc := range map[string]struct {
		mutate func(federation.FederatedObject)
		want   map[string]any
	}{
		"new object": {
			mutate: func(federation.FederatedObject) {},
			want: map[string]any{
				"Name": "a", "Clusters": "0/0", "Propagated": "Unknown", "Age": "<unknown>",
				"Placement": "east,west", "Generation": int64(0), "Observed": int64(0),
			},
		},
		"one propagated, one failed": {
			mutate: func(o federation.FederatedObject) {
				o.SetGeneration(4)
				o.SetCreationTimestamp(metav1.NewTime(time.Now().Add(-30 * time.Minute)))
				*o.GetFederatedStatus() = federation.FederatedStatus{
					ObservedGeneration: 3,
					Conditions:         propagated(metav1.ConditionFalse),
					Clusters: []federation.ClusterPropagationStatus{
						{Name: "east", Phase: federation.PropagationPhasePropagated},
						{Name: "west", Phase: federation.PropagationPhaseFailed},
					},
				}
			},
			want: map[string]any{
				"Name": "a", "Clusters": "1/2", "Propagated": "False", "Age": "30m",
				"Placement": "east,west", "Generation": int64(4), "Observed": int64(3),
			},
		},
		"all propagated": {
			mutate: func(o federation.FederatedObject) {
				o.GetFederatedStatus().Conditions = propagated(metav1.ConditionTrue)
				o.GetFederatedStatus().Clusters = []federation.ClusterPropagationStatus{
					{Name: "east", Phase: federation.PropagationPhasePropagated},
					{Name: "west", Phase: federation.PropagationPhasePropagated},
				}
			},
			want: map[string]any{
				"Name": "a", "Clusters": "2/2", "Propagated": "True", "Age": "<unknown>",
				"Placement": "east,west", "Generation": int64(0), "Observed": int64(0),
			},
		},
		"other conditions only": {
			mutate: func(o federation.FederatedObject) {
				o.GetFederatedStatus().Conditions = []metav1.Condition{{Type: "Other", Status: metav1.ConditionTrue}}
				o.GetFederatedStatus().Clusters = []federation.ClusterPropagationStatus{{Name: "east", Phase: federation.PropagationPhasePending}}
			},
			want: map[string]any{
				"Name": "a", "Clusters": "0/1", "Propagated": "Unknown", "Age": "<unknown>",
				"Placement": "east,west", "Generation": int64(0), "Observed": int64(0),
			},
		},
	} {
		for _, kind := range kinds.All() {
			t.Run(kind.Plural+"/"+name, func(t *testing.T) {
				obj := newObject(kind, "a")
				tc.mutate(obj)
				tbl, err := federated.NewTableConvertor(kind).ConvertToTable(context.Background(), obj, nil)
				if err != nil {
					t.Fatalf("ConvertToTable: %v", err)
				}
				want := maps.Clone(tc.want)
				if hasReplicaScheduling(kind) {
					want["Replicas"] = "<none>"
				}
				maps.Copy(want, emptyKindCells[kind.Kind])
				if kind.Kind == "FederatedJob" {
					// A template without completions asks each placed cluster for one.
					want["Completions"] = fmt.Sprintf("0/%d", len(obj.GetFederatedStatus().Clusters))
				}
				if d := cmp.Diff(want, cellsByColumn(t, tbl, 0)); d != "" {
					t.Errorf("Cells (-want +got):\n%s", d)
				}
			})
		}
	}
}

// A workload prints READY ready/desired, UP-TO-DATE and AVAILABLE from the summed member
// status, after the name, as kubectl get deployments does.
func TestTableWorkloadColumns(t *testing.T) {
	rows := []federation.ClusterPropagationStatus{
		{Name: "east", Phase: federation.PropagationPhasePropagated, ReadyReplicas: ptr.To[int32](3)},
		{Name: "west", Phase: federation.PropagationPhasePropagated, ReadyReplicas: ptr.To[int32](2)},
	}
	for name, tc := range map[string]struct {
		replicas   *int32
		scheduling *federation.ReplicaScheduling
		wantReady  string
	}{
		"replicas in every cluster": {replicas: ptr.To[int32](3), wantReady: "5/6"},
		"scheduled total":           {replicas: ptr.To[int32](6), scheduling: &federation.ReplicaScheduling{}, wantReady: "5/6"},
		"scheduled, replicas unset": {scheduling: &federation.ReplicaScheduling{}, wantReady: "5/1"},
		"left to the members":       {wantReady: "5/7"},
	} {
		t.Run(name, func(t *testing.T) {
			obj := &federation.FederatedDeployment{ObjectMeta: metav1.ObjectMeta{Name: "web"}}
			obj.Spec.Template.Spec.Replicas = tc.replicas
			obj.Spec.ReplicaScheduling = tc.scheduling
			obj.Status = federation.FederatedStatus{
				Clusters: rows, Replicas: ptr.To[int32](7), ReadyReplicas: ptr.To[int32](5),
				UpdatedReplicas: ptr.To[int32](4), AvailableReplicas: ptr.To[int32](5),
			}
			kind := kindFor(t, "federateddeployments")
			tbl, err := federated.NewTableConvertor(kind).ConvertToTable(context.Background(), obj, nil)
			if err != nil {
				t.Fatal(err)
			}
			got := cellsByColumn(t, tbl, 0)
			if got["Ready"] != tc.wantReady || got["Up-to-date"] != int64(4) || got["Available"] != int64(5) {
				t.Errorf("Ready, Up-to-date, Available = %v, %v, %v; want %s, 4, 5", got["Ready"], got["Up-to-date"], got["Available"], tc.wantReady)
			}
			if names := columnNames(tbl); names[1] != "Ready" || names[2] != "Up-to-date" || names[3] != "Available" {
				t.Errorf("columns %v, want Ready, Up-to-date, Available after Name", names)
			}
		})
	}
}

// A FederatedReplicaSet prints DESIRED, CURRENT and READY after the name, as kubectl get
// replicasets does: DESIRED is what the members are told to run (the scheduled total),
// CURRENT and READY the members' summed status.replicas and status.readyReplicas.
func TestTableReplicaSetColumns(t *testing.T) {
	obj := &federation.FederatedReplicaSet{ObjectMeta: metav1.ObjectMeta{Name: "web"}}
	obj.Spec.Template.Spec.Replicas = ptr.To[int32](6)
	obj.Spec.ReplicaScheduling = &federation.ReplicaScheduling{}
	obj.Status = federation.FederatedStatus{
		Clusters: []federation.ClusterPropagationStatus{row("east", 4), row("west", 2)},
		Replicas: ptr.To[int32](7), ReadyReplicas: ptr.To[int32](5), AvailableReplicas: ptr.To[int32](5), FullyLabeledReplicas: ptr.To[int32](7),
	}
	tbl, err := federated.NewTableConvertor(kindFor(t, "federatedreplicasets")).ConvertToTable(context.Background(), obj, nil)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"Name", "Desired", "Current", "Ready"}, columnNames(tbl)[:4]); d != "" {
		t.Errorf("first columns (-want +got):\n%s", d)
	}
	got := cellsByColumn(t, tbl, 0)
	want := map[string]any{"Desired": int64(6), "Current": int64(7), "Ready": int64(5), "Replicas": "east=4,west=2"}
	for c, v := range want {
		if got[c] != v {
			t.Errorf("%s = %v, want %v", c, got[c], v)
		}
	}
}

// A FederatedDaemonSet prints DESIRED, CURRENT, READY, UP-TO-DATE and AVAILABLE after the
// name, the members' DaemonSet numbers summed, as kubectl get daemonsets does; it has no
// replicas, so no REPLICAS column.
func TestTableDaemonSetColumns(t *testing.T) {
	obj := &federation.FederatedDaemonSet{ObjectMeta: metav1.ObjectMeta{Name: "agent"}}
	obj.Status = federation.FederatedStatus{
		DesiredNumberScheduled: ptr.To[int32](5), CurrentNumberScheduled: ptr.To[int32](4), NumberReady: ptr.To[int32](3),
		UpdatedNumberScheduled: ptr.To[int32](2), NumberAvailable: ptr.To[int32](1), NumberUnavailable: ptr.To[int32](4),
	}
	tbl, err := federated.NewTableConvertor(kindFor(t, "federateddaemonsets")).ConvertToTable(context.Background(), obj, nil)
	if err != nil {
		t.Fatal(err)
	}
	names := columnNames(tbl)
	if d := cmp.Diff([]string{"Name", "Desired", "Current", "Ready", "Up-to-date", "Available"}, names[:6]); d != "" {
		t.Errorf("first columns (-want +got):\n%s", d)
	}
	got := cellsByColumn(t, tbl, 0)
	for c, v := range map[string]any{"Desired": int64(5), "Current": int64(4), "Ready": int64(3), "Up-to-date": int64(2), "Available": int64(1)} {
		if got[c] != v {
			t.Errorf("%s = %v, want %v", c, got[c], v)
		}
	}
	if _, ok := got["Replicas"]; ok {
		t.Error("a DaemonSet prints a Replicas column")
	}
}

func kindFor(t *testing.T, resource string) *kinds.Kind {
	t.Helper()
	for _, k := range kinds.All() {
		if k.Plural == resource {
			return k
		}
	}
	t.Fatalf("no kind %s", resource)
	return nil
}

func columnNames(tbl *metav1.Table) []string {
	out := make([]string, len(tbl.ColumnDefinitions))
	for i, c := range tbl.ColumnDefinitions {
		out[i] = c.Name
	}
	return out
}

func TestTablePlacement(t *testing.T) {
	selector := &metav1.LabelSelector{MatchLabels: map[string]string{"env": "prod"}}
	for name, tc := range map[string]struct {
		placement federation.Placement
		want      string
	}{
		"empty":        {want: "<none>"},
		"one cluster":  {placement: federation.Placement{Clusters: []federation.ClusterReference{{Name: "east"}}}, want: "east"},
		"two clusters": {placement: federation.Placement{Clusters: []federation.ClusterReference{{Name: "east"}, {Name: "west"}}}, want: "east,west"},
		"selector":     {placement: federation.Placement{ClusterSelector: selector}, want: "selector:env=prod"},
		"clusters and selector": {
			placement: federation.Placement{Clusters: []federation.ClusterReference{{Name: "east"}}, ClusterSelector: selector},
			want:      "east selector:env=prod",
		},
	} {
		for _, kind := range kinds.All() {
			t.Run(kind.Plural+"/"+name, func(t *testing.T) {
				obj := newObject(kind, "a")
				obj.GetPropagation().Placement = tc.placement
				tbl, err := federated.NewTableConvertor(kind).ConvertToTable(context.Background(), obj, nil)
				if err != nil {
					t.Fatalf("ConvertToTable: %v", err)
				}
				if got := cellsByColumn(t, tbl, 0)["Placement"]; got != tc.want {
					t.Errorf("Placement cell = %q, want %q", got, tc.want)
				}
			})
		}
	}
}

func TestTableRejectsOtherKinds(t *testing.T) {
	if _, err := federated.NewTableConvertor(kinds.ByKind("FederatedConfigMap")).ConvertToTable(context.Background(), &federation.Cluster{}, nil); err == nil {
		t.Error("ConvertToTable(Cluster) succeeded, want an error")
	}
}
