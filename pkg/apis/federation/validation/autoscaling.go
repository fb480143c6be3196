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
	"maps"
	"slices"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"k8s.io/federation/pkg/apis/federation"
)

// ValidateFederatedHorizontalPodAutoscaler holds the rules only
// FederatedHorizontalPodAutoscaler has (its Validate hook in pkg/kinds): the bounds that are
// divided over the placed clusters must make sense as totals before they are divided
// (template.spec.maxReplicas at least 1, minReplicas, when set, at least 1 and at most
// maxReplicas; a member HPA would refuse its part otherwise, or the division would hide the
// mistake), and spec.replicaScheduling may only weigh the clusters: each cluster's
// minReplicas and maxReplicas, mode Dynamic and rebalance have no meaning for bounds and are
// refused. The rest of the HorizontalPodAutoscaler is validated by each member's dry run.
func ValidateFederatedHorizontalPodAutoscaler(obj *federation.FederatedHorizontalPodAutoscaler, specPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	spec := obj.Spec.Template.Spec
	specFld := specPath.Child("template", "spec")
	if spec.MaxReplicas < 1 {
		allErrs = append(allErrs, field.Invalid(specFld.Child("maxReplicas"), spec.MaxReplicas, "must be at least 1"))
	}
	if spec.MinReplicas != nil {
		switch {
		case *spec.MinReplicas < 1:
			allErrs = append(allErrs, field.Invalid(specFld.Child("minReplicas"), *spec.MinReplicas,
				"must be at least 1: every member HorizontalPodAutoscaler gets at least 1"))
		case *spec.MinReplicas > spec.MaxReplicas:
			allErrs = append(allErrs, field.Invalid(specFld.Child("minReplicas"), *spec.MinReplicas, "must be less than or equal to maxReplicas"))
		}
	}
	ref := specFld.Child("scaleTargetRef")
	if spec.ScaleTargetRef.Kind == "" {
		allErrs = append(allErrs, field.Required(ref.Child("kind"), ""))
	}
	if spec.ScaleTargetRef.Name == "" {
		allErrs = append(allErrs, field.Required(ref.Child("name"), ""))
	}
	rs := obj.Spec.ReplicaScheduling
	if rs == nil {
		return allErrs
	}
	rsPath := specPath.Child("replicaScheduling")
	allErrs = append(allErrs, validateReplicaScheduling(rs, rsPath)...)
	const weightsOnly = "a FederatedHorizontalPodAutoscaler's replicaScheduling only weighs the clusters for the division of minReplicas and maxReplicas"
	if rs.Mode == federation.ReplicaSchedulingModeDynamic {
		allErrs = append(allErrs, field.NotSupported(rsPath.Child("mode"), rs.Mode, []string{federation.ReplicaSchedulingModeWeighted}))
	}
	if rs.Rebalance {
		allErrs = append(allErrs, field.Forbidden(rsPath.Child("rebalance"), weightsOnly))
	}
	for _, name := range slices.Sorted(maps.Keys(rs.Clusters)) {
		pref := rs.Clusters[name]
		if pref.MinReplicas != 0 {
			allErrs = append(allErrs, field.Forbidden(rsPath.Child("clusters").Key(name).Child("minReplicas"), weightsOnly))
		}
		if pref.MaxReplicas != nil {
			allErrs = append(allErrs, field.Forbidden(rsPath.Child("clusters").Key(name).Child("maxReplicas"), weightsOnly))
		}
	}
	return allErrs
}
