// Copyright 2026 The Kubernetes Authors.
//
// Licensed under the Apache License, Version 2.0 (the "License");
// you may not use this file except in compliance with the License.
// You may obtain a copy of the License at
//
//     http://www.apache.org/licenses/LICENSE-2.0
//
// Unless required by applicable law or agreed to in writing, software
// distributed under the License is distributed on an "AS IS" BASIS,
// WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
// See the License for the specific language governing permissions and
// limitations under the License.

package benchseries

import (
	"reflect"
	"testing"
)

func TestWriteReadAll(t *testing.T) {
	dir := t.TempDir()
	curve := Series{Name: "memory-apiserver-rss", XUnit: "objects", YUnit: "MiB", X: []float64{0, 10}, Y: []float64{40, 42}}
	latencies := Series{Name: "writethrough-create-direct-members=1", YUnit: "ms", Y: []float64{2.5, 3}}
	for _, s := range []Series{curve, latencies} {
		if err := Write(dir, s); err != nil {
			t.Fatal(err)
		}
	}
	got, err := ReadAll(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Series{curve.Name: curve, latencies.Name: latencies}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ReadAll = %+v, want %+v", got, want)
	}
	for _, bad := range []Series{{Name: "a/b", Y: []float64{1}}, {Name: "a", X: []float64{1}, Y: []float64{1, 2}}} {
		if err := Write(dir, bad); err == nil {
			t.Errorf("Write(%+v) succeeded", bad)
		}
	}
	if empty, err := ReadAll(t.TempDir()); err != nil || len(empty) != 0 {
		t.Errorf("ReadAll of an empty directory = %v, %v", empty, err)
	}
}
