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
	"k8s.io/apimachinery/pkg/util/validation/field"

	"k8s.io/federation/pkg/apis/federation"
)

// clusterIPNone is the cluster IP of a headless Service (core/v1 ClusterIPNone).
const clusterIPNone = "None"

// ValidateFederatedService holds the rules only FederatedService has (its Validate hook in
// pkg/kinds): what every member would refuse alike or cannot honour in all clusters at
// once. A cluster IP is allocated by each member from its own service CIDR, so
// template.spec.clusterIP and clusterIPs may only be "" (allocated by each member) or "None"
// (headless); an override can still set one cluster's IP. The rest of the Service is
// validated by each member's dry run, as for every kind.
func ValidateFederatedService(obj *federation.FederatedService, specPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	spec := specPath.Child("template", "spec")
	const why = `cannot be the same in every member cluster: each allocates cluster IPs from its own service CIDR; ` +
		`use "" to let each member allocate one, "None" for a headless Service, or an override for one cluster`
	if ip := obj.Spec.Template.Spec.ClusterIP; ip != "" && ip != clusterIPNone {
		allErrs = append(allErrs, field.Invalid(spec.Child("clusterIP"), ip, why))
	}
	for i, ip := range obj.Spec.Template.Spec.ClusterIPs {
		if ip != "" && ip != clusterIPNone {
			allErrs = append(allErrs, field.Invalid(spec.Child("clusterIPs").Index(i), ip, why))
		}
	}
	return allErrs
}
