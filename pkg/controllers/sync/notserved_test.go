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
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/kinds"
	"k8s.io/federation/pkg/members"
	"k8s.io/federation/pkg/propagation"
	"k8s.io/federation/pkg/propagation/membertest"
)

// A member that does not serve the kind's member type gets a Failed row with reason
// KindNotServed naming the type, and the reconcile is not retried with backoff: the
// Cluster's discovery (status.unservedResources) wakes the object when the member gains it.
// Known from the Cluster's status, nothing is sent to the member at all.
func TestReconcileKindNotServed(t *testing.T) {
	for name, tc := range map[string]struct {
		unservedInStatus bool // else only the member's 404 tells
		wantMemberWrites int
	}{
		"the Cluster's status lists the type": {unservedInStatus: true},
		"the member answers 404 for the type": {wantMemberWrites: 1},
	} {
		t.Run(name, func(t *testing.T) {
			cl := readyCluster("m1", metav1.ConditionTrue)
			if tc.unservedInStatus {
				cl.Status.UnservedResources = []metav1.GroupVersionResource{{Version: "v1", Resource: "configmaps"}}
			}
			e := startTestEnv(t, cl, converged())
			e.members["m1"].Unserve(configMaps)
			if err := e.c.reconcile(t.Context(), "FederatedConfigMap.federation.k8s.io/shop/cfg"); err != nil {
				t.Errorf("reconcile: %v, want no error (no retry with backoff)", err)
			}
			if w := e.memberWrites("m1"); len(w) != tc.wantMemberWrites {
				t.Errorf("member writes %v, want %d", w, tc.wantMemberWrites)
			}
			st := e.storedFCM(t).Status
			if len(st.Clusters) != 1 {
				t.Fatalf("status rows %+v, want one for m1", st.Clusters)
			}
			row := st.Clusters[0]
			if row.Phase != fedv1beta1.PropagationPhaseFailed || row.Reason != propagation.ReasonKindNotServed || !strings.Contains(row.Message, "v1/configmaps") {
				t.Errorf("m1 row %s %s %q, want Failed KindNotServed naming v1/configmaps", row.Phase, row.Reason, row.Message)
			}
			if c := meta.FindStatusCondition(st.Conditions, fedv1beta1.ConditionStalled); c == nil || c.Status != metav1.ConditionTrue || c.Reason != propagation.ReasonKindNotServed {
				t.Errorf("Stalled condition %+v, want True with reason KindNotServed", c)
			}
		})
	}
}

// A member's watches leave out the types it does not serve (they would never sync, and
// would hold up the controller's start for memberSyncTimeout), and start again with them
// when it serves them.
func TestMemberCachesWatchOnlyServedTypes(t *testing.T) {
	ingresses := metav1.GroupVersionResource{Group: "networking.k8s.io", Version: "v1", Resource: "ingresses"}
	member := membertest.New(kinds.ByKind("FederatedConfigMap").Member, kinds.ByKind("FederatedIngress").Member)
	client := &members.Client{Dynamic: member.Client(), Version: "1"}
	caches := newMemberCaches([]schema.GroupVersionResource{configMaps, networkingv1.SchemeGroupVersion.WithResource("ingresses")}, func(string) {})
	watched := func() []string {
		caches.mu.Lock()
		defer caches.mu.Unlock()
		var out []string
		for gvr := range caches.caches["m1"].informers {
			out = append(out, gvr.Resource)
		}
		slices.Sort(out)
		return out
	}
	caches.ensure(t.Context(), "m1", client, []metav1.GroupVersionResource{ingresses})
	if d := cmp.Diff([]string{"configmaps"}, watched()); d != "" {
		t.Errorf("watched without ingresses (-want +got):\n%s", d)
	}
	caches.ensure(t.Context(), "m1", client, nil)
	if d := cmp.Diff([]string{"configmaps", "ingresses"}, watched()); d != "" {
		t.Errorf("watched once ingresses are served (-want +got):\n%s", d)
	}
	caches.drop("m1")
}
