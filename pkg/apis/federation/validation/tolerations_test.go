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
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/utils/ptr"

	"k8s.io/federation/pkg/apis/federation"
)

func TestValidatePlacementTolerations(t *testing.T) {
	ok := []corev1.Toleration{
		{Key: "federation.k8s.io/maintenance", Operator: corev1.TolerationOpEqual, Value: "true", Effect: corev1.TaintEffectNoSchedule},
		{Key: "federation.k8s.io/unreachable", Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoExecute, TolerationSeconds: ptr.To[int64](300)},
		{Operator: corev1.TolerationOpExists},
		{Key: "gpu", Value: "a100"}, // operator defaults to Equal, as in a Pod
	}
	cases := map[string]struct {
		tol  corev1.Toleration
		want []fieldError
	}{
		"empty key needs Exists":        {corev1.Toleration{Operator: corev1.TolerationOpEqual, Value: "x"}, []fieldError{e(field.ErrorTypeInvalid, "spec.placement.tolerations[4].operator")}},
		"key not a qualified name":      {corev1.Toleration{Key: "bad key", Operator: corev1.TolerationOpExists}, []fieldError{e(field.ErrorTypeInvalid, "spec.placement.tolerations[4].key")}},
		"Exists with a value":           {corev1.Toleration{Key: "k", Operator: corev1.TolerationOpExists, Value: "v"}, []fieldError{e(field.ErrorTypeInvalid, "spec.placement.tolerations[4].value")}},
		"Equal value not a label value": {corev1.Toleration{Key: "k", Value: "not valid!"}, []fieldError{e(field.ErrorTypeInvalid, "spec.placement.tolerations[4].value")}},
		"operator unsupported":          {corev1.Toleration{Key: "k", Operator: "In"}, []fieldError{e(field.ErrorTypeNotSupported, "spec.placement.tolerations[4].operator")}},
		"effect unsupported":            {corev1.Toleration{Key: "k", Operator: corev1.TolerationOpExists, Effect: "NoFederate"}, []fieldError{e(field.ErrorTypeNotSupported, "spec.placement.tolerations[4].effect")}},
		"seconds without NoExecute": {corev1.Toleration{Key: "k", Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoSchedule, TolerationSeconds: ptr.To[int64](5)},
			[]fieldError{e(field.ErrorTypeInvalid, "spec.placement.tolerations[4].effect")}},
		"negative seconds": {corev1.Toleration{Key: "k", Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoExecute, TolerationSeconds: ptr.To[int64](-1)},
			[]fieldError{e(field.ErrorTypeInvalid, "spec.placement.tolerations[4].tolerationSeconds")}},
	}
	path := field.NewPath("spec", "placement")
	p := federation.Placement{Clusters: []federation.ClusterReference{{Name: "member-1"}}, Tolerations: ok}
	if errs := ValidatePlacement(&p, path); len(errs) > 0 {
		t.Fatalf("valid tolerations refused: %v", errs)
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			p := federation.Placement{Clusters: []federation.ClusterReference{{Name: "member-1"}}, Tolerations: append(append([]corev1.Toleration(nil), ok...), tc.tol)}
			if diff := cmp.Diff(tc.want, summarize(ValidatePlacement(&p, path))); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

func TestValidateReplicaSchedulingMode(t *testing.T) {
	path := field.NewPath("spec", "replicaScheduling")
	for _, mode := range []string{"", federation.ReplicaSchedulingModeWeighted, federation.ReplicaSchedulingModeDynamic} {
		if errs := validateReplicaScheduling(&federation.ReplicaScheduling{Mode: mode}, path); len(errs) > 0 {
			t.Errorf("mode %q refused: %v", mode, errs)
		}
	}
	want := []fieldError{e(field.ErrorTypeNotSupported, "spec.replicaScheduling.mode")}
	if diff := cmp.Diff(want, summarize(validateReplicaScheduling(&federation.ReplicaScheduling{Mode: "Capacity"}, path))); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}

func TestValidateDynamicRefusesRebalance(t *testing.T) {
	path := field.NewPath("spec", "replicaScheduling")
	rs := &federation.ReplicaScheduling{Mode: federation.ReplicaSchedulingModeDynamic, Rebalance: true}
	want := []fieldError{e(field.ErrorTypeInvalid, "spec.replicaScheduling.rebalance")}
	if diff := cmp.Diff(want, summarize(validateReplicaScheduling(rs, path))); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	for _, ok := range []*federation.ReplicaScheduling{
		{Mode: federation.ReplicaSchedulingModeDynamic},
		{Mode: federation.ReplicaSchedulingModeWeighted, Rebalance: true},
		{Rebalance: true},
	} {
		if errs := validateReplicaScheduling(ok, path); len(errs) > 0 {
			t.Errorf("%+v refused: %v", ok, errs)
		}
	}
}
