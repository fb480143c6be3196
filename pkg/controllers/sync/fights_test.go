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

package sync

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"

	"k8s.io/federation/pkg/propagation"
)

func TestMemberFights(t *testing.T) {
	tier := propagation.FieldDrift{Path: fieldpath.MakePathOrDie("metadata", "annotations", "example.com/tier"), Manager: "fight-writer"}
	data := propagation.FieldDrift{Path: fieldpath.MakePathOrDie("data", "a"), Manager: "kubectl-edit"}
	origin := propagation.FieldDrift{Path: fieldpath.MakePathOrDie("metadata", "annotations", propagation.OriginAnnotation), Manager: "fight-writer"}
	type restoration struct {
		after      time.Duration // since the previous one
		generation int64
		cluster    string
		drifts     []propagation.FieldDrift
	}
	every := func(d time.Duration, n int, drifts ...propagation.FieldDrift) []restoration {
		out := make([]restoration, n)
		for i := range out {
			out[i] = restoration{after: d, generation: 1, cluster: "m1", drifts: drifts}
		}
		return out
	}
	for name, tc := range map[string]struct {
		restorations []restoration
		// wantGaveUp is how many fields each restoration gave up.
		wantGaveUp []int
		// wantConflicts are the conflicts of generation 1 at the end.
		wantConflicts map[string][]propagation.FieldConflict
	}{
		"a field restored fightLimit times in quick succession is given up": {
			restorations: every(time.Second, fightLimit+2, tier),
			wantGaveUp:   []int{0, 0, 0, 1, 0},
			wantConflicts: map[string][]propagation.FieldConflict{
				"m1": {{Field: ".metadata.annotations.example.com/tier", Manager: "fight-writer", Restorations: fightLimit}},
			},
		},
		"restorations further apart than fightWindow never add up": {
			restorations: every(fightWindow+time.Second, 2*fightLimit, tier),
			wantGaveUp:   make([]int, 2*fightLimit),
		},
		"different fields count separately": {
			restorations: append(every(time.Second, fightLimit, tier), every(time.Second, 1, data)...),
			wantGaveUp:   make([]int, fightLimit+1),
		},
		"identity fields are never given up": {
			restorations: every(time.Second, 2*fightLimit, origin),
			wantGaveUp:   make([]int, 2*fightLimit),
		},
		"clusters count separately": {
			restorations: append(every(time.Second, fightLimit, tier), restoration{after: time.Second, generation: 1, cluster: "m2", drifts: []propagation.FieldDrift{tier}}),
			wantGaveUp:   make([]int, fightLimit+1),
		},
		"a new generation starts over": {
			restorations: append(every(time.Second, fightLimit, tier), restoration{after: time.Second, generation: 2, cluster: "m1", drifts: []propagation.FieldDrift{tier}}),
			wantGaveUp:   make([]int, fightLimit+1),
		},
	} {
		t.Run(name, func(t *testing.T) {
			now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			m := newMemberFights(func() time.Time { return now })
			var gaveUp []int
			for _, r := range tc.restorations {
				now = now.Add(r.after)
				gaveUp = append(gaveUp, len(m.restore("FederatedConfigMap.federation.k8s.io/shop/cfg", r.generation, r.cluster, r.drifts)))
			}
			if d := cmp.Diff(tc.wantGaveUp, gaveUp); d != "" {
				t.Errorf("fields given up by each restoration (-want +got):\n%s", d)
			}
			got := m.conflicts("FederatedConfigMap.federation.k8s.io/shop/cfg", 1)
			if len(tc.wantConflicts) == 0 && len(got) == 0 {
				return
			}
			if d := cmp.Diff(tc.wantConflicts, got); d != "" {
				t.Errorf("conflicts (-want +got):\n%s", d)
			}
		})
	}
}

func TestMemberFightsMemory(t *testing.T) {
	const key = "FederatedConfigMap.federation.k8s.io/shop/cfg"
	tier := propagation.FieldDrift{Path: fieldpath.MakePathOrDie("metadata", "annotations", "example.com/tier"), Manager: "fight-writer"}
	m := newMemberFights(time.Now)
	for range fightLimit + 1 {
		m.restore(key, 1, "m1", []propagation.FieldDrift{tier})
		m.restore(key, 1, "m2", []propagation.FieldDrift{tier})
	}
	v := verdict{resourceVersion: "7", renderedHash: "h"}
	m.rememberInSync(key, 1, "m1", v)
	if got := m.givenUp(key, 1, "m1"); len(got) != 1 || !got[0].Equals(tier.Path) {
		t.Errorf("givenUp = %v, want [%v]", got, tier.Path)
	}
	if !m.inSync(key, 1, "m1", v) || m.inSync(key, 1, "m1", verdict{resourceVersion: "8", renderedHash: "h"}) {
		t.Error("inSync does not answer for exactly the copy remembered")
	}
	if got := m.givenUp(key, 2, "m1"); len(got) != 0 {
		t.Errorf("givenUp for a new generation = %v, want none", got)
	}
	m.retain(key, []string{"m1"})
	if got := m.conflicts(key, 1); len(got["m2"]) != 0 || len(got["m1"]) != 1 {
		t.Errorf("conflicts after m2 left the placement: %v, want m1's only", got)
	}
	m.forget(key)
	if got := m.conflicts(key, 1); len(got) != 0 {
		t.Errorf("conflicts after forget: %v", got)
	}
	if len(m.objects) != 0 {
		t.Errorf("%d objects remembered after forget, want 0", len(m.objects))
	}
	// Reads of an object never restored remember nothing.
	m.givenUp("FederatedConfigMap.federation.k8s.io/shop/other", 1, "m1")
	m.inSync("FederatedConfigMap.federation.k8s.io/shop/other", 1, "m1", v)
	if len(m.objects) != 0 {
		t.Errorf("%d objects remembered after reads only, want 0", len(m.objects))
	}
}
