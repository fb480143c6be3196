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

package validation

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"k8s.io/federation/pkg/apis/federation"
)

func TestFederatedObjectWarnings(t *testing.T) {
	byName := func(o federation.FederatedObject) { o.GetPropagation().Placement.ClusterSelector = nil }
	for name, tc := range map[string]struct {
		newObj func() federation.FederatedObject
		mutate func(o federation.FederatedObject)
		want   []string
	}{
		"override of a placed cluster": {newObj: kinds["FederatedConfigMap"], mutate: byName},
		"override of an unplaced cluster": {
			newObj: kinds["FederatedSecret"],
			mutate: func(o federation.FederatedObject) {
				byName(o)
				o.GetPropagation().Placement.Clusters = []federation.ClusterReference{{Name: "us-east"}}
			},
			want: []string{`spec.overrides[0].clusterName: "eu-west" is not in spec.placement.clusters; the override has no effect`},
		},
		"override of an unplaced cluster with a selector": {
			newObj: kinds["FederatedConfigMap"],
			mutate: func(o federation.FederatedObject) {
				o.GetPropagation().Placement = federation.Placement{ClusterSelector: &metav1.LabelSelector{}}
			},
		},
		"override without a cluster name is an error, not a warning": {
			newObj: kinds["FederatedConfigMap"],
			mutate: func(o federation.FederatedObject) {
				byName(o)
				o.GetPropagation().Overrides[0].ClusterName = ""
			},
		},
		"replica preference for an unplaced cluster": {
			newObj: kinds["FederatedDeployment"],
			mutate: func(o federation.FederatedObject) {
				byName(o)
				o.GetPropagation().Placement.Clusters = []federation.ClusterReference{{Name: "eu-west"}}
			},
			want: []string{`spec.replicaScheduling.clusters[us-east]: "us-east" is not in spec.placement.clusters; the preference has no effect`},
		},
		"override and replica preference for unplaced clusters": {
			newObj: kinds["FederatedDeployment"],
			mutate: func(o federation.FederatedObject) {
				byName(o)
				o.GetPropagation().Placement.Clusters = []federation.ClusterReference{{Name: "ap-south"}}
			},
			want: []string{
				`spec.overrides[0].clusterName: "eu-west" is not in spec.placement.clusters; the override has no effect`,
				`spec.replicaScheduling.clusters[eu-west]: "eu-west" is not in spec.placement.clusters; the preference has no effect`,
				`spec.replicaScheduling.clusters[us-east]: "us-east" is not in spec.placement.clusters; the preference has no effect`,
			},
		},
	} {
		t.Run(name, func(t *testing.T) {
			o := tc.newObj()
			tc.mutate(o)
			if d := cmp.Diff(tc.want, FederatedObjectWarnings(o)); d != "" {
				t.Errorf("warnings (-want +got):\n%s", d)
			}
		})
	}
}
