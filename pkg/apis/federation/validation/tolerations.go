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
	corev1 "k8s.io/api/core/v1"
	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/util/sets"
	utilvalidation "k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

var supportedTolerationOperators = []corev1.TolerationOperator{corev1.TolerationOpEqual, corev1.TolerationOpExists}

// validateTolerations checks a placement's tolerations with the rules kube-apiserver applies
// to a Pod's (ValidateTolerations in k8s.io/kubernetes/pkg/apis/core/validation): a key, when
// set, is a qualified name; an empty key needs operator Exists; Exists takes no value;
// Equal's value is a label value; the effect, when set, is a taint effect; tolerationSeconds
// only goes with NoExecute. Unlike kube-apiserver, which reads negative tolerationSeconds
// as 0, federation refuses them.
func validateTolerations(tolerations []corev1.Toleration, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	for i, t := range tolerations {
		idxPath := fldPath.Index(i)
		if t.Key != "" {
			allErrs = append(allErrs, metav1validation.ValidateLabelName(t.Key, idxPath.Child("key"))...)
		}
		if t.Key == "" && t.Operator != corev1.TolerationOpExists {
			allErrs = append(allErrs, field.Invalid(idxPath.Child("operator"), t.Operator,
				"operator must be Exists when `key` is empty, which means \"match all values and all keys\""))
		}
		switch t.Operator {
		case corev1.TolerationOpEqual, "":
			for _, msg := range utilvalidation.IsValidLabelValue(t.Value) {
				allErrs = append(allErrs, field.Invalid(idxPath.Child("value"), t.Value, msg))
			}
		case corev1.TolerationOpExists:
			if t.Value != "" {
				allErrs = append(allErrs, field.Invalid(idxPath.Child("value"), t.Value, "value must be empty when `operator` is 'Exists'"))
			}
		default:
			allErrs = append(allErrs, field.NotSupported(idxPath.Child("operator"), t.Operator, supportedTolerationOperators))
		}
		if t.Effect != "" && !sets.New(supportedTaintEffects...).Has(t.Effect) {
			allErrs = append(allErrs, field.NotSupported(idxPath.Child("effect"), t.Effect, supportedTaintEffects))
		}
		if t.TolerationSeconds != nil {
			if t.Effect != corev1.TaintEffectNoExecute {
				allErrs = append(allErrs, field.Invalid(idxPath.Child("effect"), t.Effect,
					"effect must be 'NoExecute' when `tolerationSeconds` is set"))
			}
			if *t.TolerationSeconds < 0 {
				allErrs = append(allErrs, field.Invalid(idxPath.Child("tolerationSeconds"), *t.TolerationSeconds, "must be greater than or equal to 0"))
			}
		}
	}
	return allErrs
}
