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

package table

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

var errBadObject = errors.New("bad object")

// nameConvertor prints one column, the object's name, and fails on the name "bad".
func nameConvertor() Convertor {
	return Convertor{
		Columns: []metav1.TableColumnDefinition{{Name: "Name", Type: "string", Format: "name"}},
		Cells: func(obj runtime.Object) ([]any, error) {
			m := obj.(*metav1.PartialObjectMetadata)
			if m.Name == "bad" {
				return nil, errBadObject
			}
			return []any{m.Name}, nil
		},
	}
}

func object(name, rv string) *metav1.PartialObjectMetadata {
	return &metav1.PartialObjectMetadata{ObjectMeta: metav1.ObjectMeta{Name: name, ResourceVersion: rv}}
}

func TestConvertToTable(t *testing.T) {
	remaining := int64(7)
	for name, tc := range map[string]struct {
		obj          runtime.Object
		wantCells    [][]any
		wantListMeta metav1.ListMeta
		wantErr      error
	}{
		"single object": {
			obj:          object("a", "5"),
			wantCells:    [][]any{{"a"}},
			wantListMeta: metav1.ListMeta{ResourceVersion: "5"},
		},
		"list": {
			obj: &metav1.PartialObjectMetadataList{
				ListMeta: metav1.ListMeta{ResourceVersion: "11", Continue: "token", RemainingItemCount: &remaining},
				Items:    []metav1.PartialObjectMetadata{*object("a", "3"), *object("b", "4")},
			},
			wantCells:    [][]any{{"a"}, {"b"}},
			wantListMeta: metav1.ListMeta{ResourceVersion: "11", Continue: "token", RemainingItemCount: &remaining},
		},
		"empty list": {
			obj:          &metav1.PartialObjectMetadataList{ListMeta: metav1.ListMeta{ResourceVersion: "2"}},
			wantListMeta: metav1.ListMeta{ResourceVersion: "2"},
		},
		"failing object": {
			obj:     object("bad", "1"),
			wantErr: errBadObject,
		},
		"list with a failing item": {
			obj:     &metav1.PartialObjectMetadataList{Items: []metav1.PartialObjectMetadata{*object("a", "1"), *object("bad", "2")}},
			wantErr: errBadObject,
		},
	} {
		t.Run(name, func(t *testing.T) {
			conv := nameConvertor()
			got, err := conv.ConvertToTable(context.Background(), tc.obj, nil)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("ConvertToTable error = %v, want %v", err, tc.wantErr)
			}
			if err != nil {
				return
			}
			if d := cmp.Diff(conv.Columns, got.ColumnDefinitions); d != "" {
				t.Errorf("Columns (-want +got):\n%s", d)
			}
			var cells [][]any
			for i, row := range got.Rows {
				cells = append(cells, row.Cells)
				if row.Object.Object == nil {
					t.Errorf("Row %d does not carry its object", i)
				}
			}
			if d := cmp.Diff(tc.wantCells, cells); d != "" {
				t.Errorf("Cells (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tc.wantListMeta, got.ListMeta); d != "" {
				t.Errorf("ListMeta (-want +got):\n%s", d)
			}
		})
	}
}

func TestAge(t *testing.T) {
	for name, tc := range map[string]struct {
		t    metav1.Time
		want string
	}{
		"zero":           {want: "<unknown>"},
		"thirty minutes": {t: metav1.NewTime(time.Now().Add(-30 * time.Minute)), want: "30m"},
		"ten days":       {t: metav1.NewTime(time.Now().Add(-10 * 24 * time.Hour)), want: "10d"},
	} {
		t.Run(name, func(t *testing.T) {
			if got := Age(tc.t); got != tc.want {
				t.Errorf("Age = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestConditionStatus(t *testing.T) {
	conds := []metav1.Condition{
		{Type: "Ready", Status: metav1.ConditionTrue},
		{Type: "Offline", Status: metav1.ConditionFalse},
	}
	for name, tc := range map[string]struct {
		conds    []metav1.Condition
		condType string
		want     string
	}{
		"true":             {conds: conds, condType: "Ready", want: "True"},
		"false":            {conds: conds, condType: "Offline", want: "False"},
		"missing":          {conds: conds, condType: "Propagated", want: "Unknown"},
		"no conditions":    {condType: "Ready", want: "Unknown"},
		"explicit unknown": {conds: []metav1.Condition{{Type: "Ready", Status: metav1.ConditionUnknown}}, condType: "Ready", want: "Unknown"},
	} {
		t.Run(name, func(t *testing.T) {
			if got := ConditionStatus(tc.conds, tc.condType); got != tc.want {
				t.Errorf("ConditionStatus(%q) = %q, want %q", tc.condType, got, tc.want)
			}
		})
	}
}
