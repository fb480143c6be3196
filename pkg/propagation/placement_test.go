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

package propagation

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/utils/ptr"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	fedlisters "k8s.io/federation/pkg/generated/listers/federation/v1beta1"
)

// taintedClusters is a ClusterGetter of registered clusters and their taints.
type taintedClusters map[string][]corev1.Taint

func (c taintedClusters) Get(name string) (*fedv1beta1.Cluster, error) {
	taints, ok := c[name]
	if !ok {
		return nil, apierrors.NewNotFound(fedv1beta1.Resource("clusters"), name)
	}
	return &fedv1beta1.Cluster{ObjectMeta: metav1.ObjectMeta{Name: name}, Spec: fedv1beta1.ClusterSpec{Taints: taints}}, nil
}

func TestFilterTainted(t *testing.T) {
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	added := func(ago time.Duration) *metav1.Time { return &metav1.Time{Time: now.Add(-ago)} }
	maintenance := corev1.Taint{Key: "maintenance", Value: "true", Effect: corev1.TaintEffectNoSchedule}
	drain := corev1.Taint{Key: "drain", Effect: corev1.TaintEffectNoExecute, TimeAdded: added(time.Minute)}
	prefer := corev1.Taint{Key: "slow", Effect: corev1.TaintEffectPreferNoSchedule}
	tolerateMaintenance := corev1.Toleration{Key: "maintenance", Operator: corev1.TolerationOpEqual, Value: "true", Effect: corev1.TaintEffectNoSchedule}
	tolerateDrainFor := func(s int64) corev1.Toleration {
		return corev1.Toleration{Key: "drain", Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoExecute, TolerationSeconds: ptr.To(s)}
	}
	for name, tc := range map[string]struct {
		taints       []corev1.Taint
		tolerations  []corev1.Toleration
		rows         []fedv1beta1.ClusterPropagationStatus // member-2's status rows before
		wantPlaced   []string
		wantExcluded map[string]string // cluster: taint key
		wantExpired  bool
		wantRecheck  time.Duration
	}{
		"no taints": {wantPlaced: []string{"member-1", "member-2", "unregistered"}},
		"NoSchedule keeps a new object off, named or selected": {
			taints: []corev1.Taint{maintenance}, wantPlaced: []string{"member-1", "unregistered"}, wantExcluded: map[string]string{"member-2": "maintenance"},
		},
		"NoSchedule tolerated": {
			taints: []corev1.Taint{maintenance}, tolerations: []corev1.Toleration{tolerateMaintenance}, wantPlaced: []string{"member-1", "member-2", "unregistered"},
		},
		"a toleration of another value does not tolerate": {
			taints: []corev1.Taint{maintenance}, tolerations: []corev1.Toleration{{Key: "maintenance", Value: "false"}},
			wantPlaced: []string{"member-1", "unregistered"}, wantExcluded: map[string]string{"member-2": "maintenance"},
		},
		"Exists with an empty key tolerates everything": {
			taints: []corev1.Taint{maintenance, drain}, tolerations: []corev1.Toleration{{Operator: corev1.TolerationOpExists}}, wantPlaced: []string{"member-1", "member-2", "unregistered"},
		},
		"NoSchedule leaves a copy placed before the taint": {
			taints: []corev1.Taint{maintenance}, rows: []fedv1beta1.ClusterPropagationStatus{{Name: "member-2", Phase: fedv1beta1.PropagationPhasePropagated}},
			wantPlaced: []string{"member-1", "member-2", "unregistered"},
		},
		"an Excluded row is not a copy placed before": {
			taints: []corev1.Taint{maintenance}, rows: []fedv1beta1.ClusterPropagationStatus{{Name: "member-2", Phase: fedv1beta1.PropagationPhaseExcluded}},
			wantPlaced: []string{"member-1", "unregistered"}, wantExcluded: map[string]string{"member-2": "maintenance"},
		},
		"NoExecute removes a copy placed before": {
			taints: []corev1.Taint{drain}, rows: []fedv1beta1.ClusterPropagationStatus{{Name: "member-2", Phase: fedv1beta1.PropagationPhasePropagated}},
			wantPlaced: []string{"member-1", "unregistered"}, wantExcluded: map[string]string{"member-2": "drain"},
		},
		"NoExecute tolerated without a limit": {
			taints: []corev1.Taint{drain}, tolerations: []corev1.Toleration{{Key: "drain", Operator: corev1.TolerationOpExists}},
			wantPlaced: []string{"member-1", "member-2", "unregistered"},
		},
		"NoExecute tolerated for 300s, added 60s ago: placed, recheck in 240s": {
			taints: []corev1.Taint{drain}, tolerations: []corev1.Toleration{tolerateDrainFor(300)},
			wantPlaced: []string{"member-1", "member-2", "unregistered"}, wantRecheck: 240 * time.Second,
		},
		"the smallest of several matching tolerationSeconds counts": {
			taints: []corev1.Taint{drain}, tolerations: []corev1.Toleration{tolerateDrainFor(300), tolerateDrainFor(90)},
			wantPlaced: []string{"member-1", "member-2", "unregistered"}, wantRecheck: 30 * time.Second,
		},
		"NoExecute tolerated for 30s, added 60s ago: removed": {
			taints: []corev1.Taint{drain}, tolerations: []corev1.Toleration{tolerateDrainFor(30)},
			wantPlaced: []string{"member-1", "unregistered"}, wantExcluded: map[string]string{"member-2": "drain"}, wantExpired: true,
		},
		"PreferNoSchedule does not keep an object off": {taints: []corev1.Taint{prefer}, wantPlaced: []string{"member-1", "member-2", "unregistered"}},
	} {
		t.Run(name, func(t *testing.T) {
			obj := engConfigMap()
			obj.Spec.Placement.Tolerations = tc.tolerations
			obj.Status.Clusters = tc.rows
			clusters := taintedClusters{"member-1": nil, "member-2": tc.taints}
			got := filterTainted(obj, []string{"member-1", "member-2", "unregistered"}, clusters, now)
			if d := cmp.Diff(tc.wantPlaced, got.Clusters); d != "" {
				t.Errorf("placed (-want +got):\n%s", d)
			}
			excluded := map[string]string{}
			for _, e := range got.Excluded {
				excluded[e.Cluster] = e.Taint.Key
				if e.Expired != tc.wantExpired {
					t.Errorf("%s: Expired = %v, want %v", e.Cluster, e.Expired, tc.wantExpired)
				}
			}
			if len(tc.wantExcluded) == 0 {
				tc.wantExcluded = map[string]string{}
			}
			if d := cmp.Diff(tc.wantExcluded, excluded); d != "" {
				t.Errorf("excluded (-want +got):\n%s", d)
			}
			if got.RecheckAfter != tc.wantRecheck {
				t.Errorf("RecheckAfter = %v, want %v", got.RecheckAfter, tc.wantRecheck)
			}
		})
	}
}

// Status rows say why a cluster holds no copy; a cluster whose copy is still being removed
// keeps its pending row; when every cluster is excluded, Propagated says which taints.
func TestStatusOfExcluded(t *testing.T) {
	obj := engConfigMap()
	drain := Exclusion{Cluster: "member-2", Taint: corev1.Taint{Key: "drain", Effect: corev1.TaintEffectNoExecute}}
	maintenance := Exclusion{Cluster: "member-1", Taint: corev1.Taint{Key: "maintenance", Value: "true", Effect: corev1.TaintEffectNoSchedule}}

	st := StatusOf(obj, Report{Outcomes: []Outcome{{Cluster: "member-3", Generation: 1}}, Excluded: []Exclusion{drain, maintenance}})
	var phases []string
	for _, r := range st.Clusters {
		phases = append(phases, r.Name+"="+r.Phase+"/"+r.Reason)
	}
	want := []string{"member-1=Excluded/TaintNotTolerated", "member-2=Excluded/TaintNotTolerated", "member-3=Propagated/"}
	if d := cmp.Diff(want, phases); d != "" {
		t.Errorf("rows (-want +got):\n%s", d)
	}
	if !strings.Contains(st.Clusters[1].Message, "drain:NoExecute") {
		t.Errorf("member-2's message %q does not name the taint", st.Clusters[1].Message)
	}
	if !meta.IsStatusConditionTrue(st.Conditions, fedv1beta1.ConditionPropagated) {
		t.Errorf("Propagated not True with the one placed cluster propagated: %+v", st.Conditions)
	}

	pending := Outcome{Cluster: "member-2", Err: errors.New("connection refused"), Reason: ReasonUnreachable}
	st = StatusOf(obj, Report{Removed: []Outcome{pending}, Excluded: []Exclusion{drain, maintenance}})
	if len(st.Clusters) != 2 || st.Clusters[1].Phase != fedv1beta1.PropagationPhasePending {
		t.Errorf("rows = %+v, want member-1 Excluded and member-2's pending removal kept", st.Clusters)
	}
	cond := meta.FindStatusCondition(st.Conditions, fedv1beta1.ConditionPropagated)
	if cond == nil || cond.Status != metav1.ConditionFalse || strings.Contains(cond.Message, "taint") {
		t.Errorf("Propagated = %+v; with a removal pending not every cluster is excluded", cond)
	}

	st = StatusOf(obj, Report{Excluded: []Exclusion{drain, maintenance}})
	cond = meta.FindStatusCondition(st.Conditions, fedv1beta1.ConditionPropagated)
	if cond == nil || cond.Status != metav1.ConditionFalse || !strings.Contains(cond.Message, "member-1 (maintenance=true:NoSchedule), member-2 (drain:NoExecute)") {
		t.Errorf("Propagated = %+v, want False naming both taints", cond)
	}
}

// A cluster the unreachable taint keeps a workload off fails over like a Schedulable=False
// one: the others take its share within their bounds, and bounds that only fail because of
// it are a failover in progress, not a stall.
func TestScheduleUnreachableTaintIsFailover(t *testing.T) {
	indexer := cache.NewIndexer(cache.MetaNamespaceKeyFunc, cache.Indexers{})
	for _, cl := range []*fedv1beta1.Cluster{
		{ObjectMeta: metav1.ObjectMeta{Name: "member-1"}},
		{ObjectMeta: metav1.ObjectMeta{Name: "member-2"}, Spec: fedv1beta1.ClusterSpec{Taints: []corev1.Taint{
			{Key: fedv1beta1.TaintClusterUnreachable, Effect: corev1.TaintEffectNoExecute, TimeAdded: &metav1.Time{Time: time.Now()}},
		}}},
	} {
		if err := indexer.Add(cl); err != nil {
			t.Fatal(err)
		}
	}
	engine := NewEngine(fedlisters.NewClusterLister(indexer), engClients{}, time.Second, nil)
	obj := scheduled(ptr.To[int32](4), map[string]fedv1beta1.ClusterReplicaPreference{
		"member-1": {Weight: 1, MaxReplicas: ptr.To[int32](2)}, "member-2": {Weight: 1, MaxReplicas: ptr.To[int32](2)},
	}, true, nil)

	placed, err := engine.Placement(obj)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"member-1"}, placed.Clusters); d != "" {
		t.Fatalf("placed (-want +got):\n%s", d)
	}
	sched := engine.Schedule(obj, placed)
	if got := sched.String(); got != "member-1=2" {
		t.Errorf("shares %q, want member-1=2", got)
	}
	if d := cmp.Diff([]string{"member-2"}, sched.Unschedulable); d != "" {
		t.Errorf("Unschedulable (-want +got):\n%s", d)
	}
	st := StatusOf(obj, Report{Outcomes: []Outcome{{Cluster: "member-1", Generation: 1}}, Schedule: sched, Excluded: placed.Excluded})
	if c := meta.FindStatusCondition(st.Conditions, fedv1beta1.ConditionStalled); c == nil || c.Status != metav1.ConditionFalse {
		t.Errorf("Stalled = %+v, want False: member-2's maxReplicas holds the rest once it is back", c)
	}
	if c := meta.FindStatusCondition(st.Conditions, fedv1beta1.ConditionReady); c == nil || c.Reason != ReasonFailoverInProgress {
		t.Errorf("Ready = %+v, want reason %s", c, ReasonFailoverInProgress)
	}
}

// A cluster with both a NoSchedule and a NoExecute taint that removed a copy says the
// NoExecute taint did it, also once the copy is gone (its row Excluded).
func TestExclusionNamesTheNoExecuteTaint(t *testing.T) {
	taints := []corev1.Taint{
		{Key: "maintenance", Value: "true", Effect: corev1.TaintEffectNoSchedule},
		{Key: "drain", Effect: corev1.TaintEffectNoExecute},
	}
	for _, placedBefore := range []bool{true, false} {
		x, _ := checkTaints(taints, nil, placedBefore, time.Now())
		if x == nil || x.Taint.Key != "drain" {
			t.Errorf("placed before %v: exclusion %+v, want the drain taint", placedBefore, x)
		}
	}
}
