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

	apivalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"k8s.io/federation/pkg/apis/federation"
)

// Limits on the free-text fields of a member's status row, the same as metav1.Condition's.
const (
	maxClusterStatusReasonLength  = 1024
	maxClusterStatusMessageLength = 32 * 1024
)

var supportedPropagationPhases = []string{
	federation.PropagationPhasePending,
	federation.PropagationPhasePropagated,
	federation.PropagationPhaseFailed,
	federation.PropagationPhaseExcluded,
}

var supportedReplicaSchedulingModes = []string{federation.ReplicaSchedulingModeWeighted, federation.ReplicaSchedulingModeDynamic}

// ValidateFederatedObject validates any federated kind on creation, through the
// federation.FederatedObject interface: metadata (in a namespace when namespaced, the
// scope pkg/kinds gives the kind; name a DNS-1123 subdomain because it becomes the member
// object's name), the template's metadata, placement, overrides, and replicaScheduling on
// kinds that have it (federation.ReplicaScheduledObject). Rules of one kind alone are that
// kind's Validate hook in pkg/kinds (e.g. ValidateTemplateReplicas), which the registry
// strategy adds; this package does not know the table.
func ValidateFederatedObject(obj federation.FederatedObject, namespaced bool) field.ErrorList {
	allErrs := apivalidation.ValidateObjectMetaAccessor(obj, namespaced, apivalidation.NameIsDNSSubdomain, field.NewPath("metadata"))
	specPath := field.NewPath("spec")
	allErrs = append(allErrs, validateTemplateMeta(obj.GetTemplateMeta(), specPath.Child("template", "metadata"))...)
	propagation := obj.GetPropagation()
	allErrs = append(allErrs, ValidatePlacement(&propagation.Placement, specPath.Child("placement"))...)
	allErrs = append(allErrs, ValidateOverrides(propagation.Overrides, specPath.Child("overrides"))...)
	if rs, ok := obj.(federation.ReplicaScheduledObject); ok && rs.GetReplicaScheduling() != nil {
		allErrs = append(allErrs, validateReplicaScheduling(rs.GetReplicaScheduling(), specPath.Child("replicaScheduling"))...)
	}
	return allErrs
}

// ValidateFederatedObjectUpdate validates an update of any federated kind: the metadata
// update rules plus everything ValidateFederatedObject checks on newObj.
func ValidateFederatedObjectUpdate(newObj, oldObj federation.FederatedObject, namespaced bool) field.ErrorList {
	allErrs := apivalidation.ValidateObjectMetaAccessorUpdate(newObj, oldObj, field.NewPath("metadata"))
	return append(allErrs, ValidateFederatedObject(newObj, namespaced)...)
}

// ValidateTemplateReplicas holds the rule the workload kinds with replicas share (their
// Validate hook in pkg/kinds: FederatedDeployment, FederatedReplicaSet, FederatedStatefulSet): template.spec.replicas,
// when set, is not negative, as kube-apiserver requires of the member's spec.replicas.
func ValidateTemplateReplicas(obj federation.ReplicaScheduledObject, specPath *field.Path) field.ErrorList {
	if r := obj.GetTemplateReplicas(); r != nil {
		return apivalidation.ValidateNonnegativeField(int64(*r), specPath.Child("template", "spec", "replicas"))
	}
	return nil
}

// ValidateFederatedStatusUpdate validates a write to the status subresource of any
// federated kind: the metadata update rules, the conditions, and one well-formed row per
// member cluster.
func ValidateFederatedStatusUpdate(newObj, oldObj federation.FederatedObject) field.ErrorList {
	allErrs := apivalidation.ValidateObjectMetaAccessorUpdate(newObj, oldObj, field.NewPath("metadata"))
	return append(allErrs, validateFederatedStatus(newObj.GetFederatedStatus(), field.NewPath("status"))...)
}

// ValidatePlacement checks that a placement selects clusters somehow, names each cluster
// once and validly, and has a well-formed selector.
func ValidatePlacement(p *federation.Placement, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	if len(p.Clusters) == 0 && p.ClusterSelector == nil {
		allErrs = append(allErrs, field.Required(fldPath, "clusters or clusterSelector must be set"))
	}
	seen := sets.New[string]()
	for i, c := range p.Clusters {
		namePath := fldPath.Child("clusters").Index(i).Child("name")
		allErrs = append(allErrs, validateObjectName(c.Name, namePath)...)
		if c.Name != "" && seen.Has(c.Name) {
			allErrs = append(allErrs, field.Duplicate(namePath, c.Name))
		}
		seen.Insert(c.Name)
	}
	allErrs = append(allErrs, validateTolerations(p.Tolerations, fldPath.Child("tolerations"))...)
	return append(allErrs, metav1validation.ValidateLabelSelector(p.ClusterSelector, metav1validation.LabelSelectorValidationOptions{}, fldPath.Child("clusterSelector"))...)
}

// validateTemplateMeta allows only labels and annotations in a template's metadata. The
// name and namespace come from the federated object; everything else is written by the
// member's API server, and setting it here would fail or be silently dropped there.
func validateTemplateMeta(m *metav1.ObjectMeta, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	for _, f := range []struct {
		name   string
		set    bool
		detail string
	}{
		{"name", m.Name != "", "set from the federated object's name"},
		{"generateName", m.GenerateName != "", "set from the federated object's name"},
		{"namespace", m.Namespace != "", "set from the federated object's namespace"},
		{"uid", m.UID != "", "set by the member cluster"},
		{"resourceVersion", m.ResourceVersion != "", "set by the member cluster"},
		{"generation", m.Generation != 0, "set by the member cluster"},
		{"creationTimestamp", !m.CreationTimestamp.IsZero(), "set by the member cluster"},
		{"deletionTimestamp", m.DeletionTimestamp != nil, "set by the member cluster"},
		{"deletionGracePeriodSeconds", m.DeletionGracePeriodSeconds != nil, "set by the member cluster"},
		{"ownerReferences", len(m.OwnerReferences) != 0, "owners do not exist in member clusters"},
		{"finalizers", len(m.Finalizers) != 0, "the federation owns deletion of member objects"},
		{"managedFields", len(m.ManagedFields) != 0, "set by the member cluster"},
	} {
		if f.set {
			allErrs = append(allErrs, field.Forbidden(fldPath.Child(f.name), "may not be set in a template: "+f.detail))
		}
	}
	allErrs = append(allErrs, metav1validation.ValidateLabels(m.Labels, fldPath.Child("labels"))...)
	return append(allErrs, apivalidation.ValidateAnnotations(m.Annotations, fldPath.Child("annotations"))...)
}

func validateReplicaScheduling(rs *federation.ReplicaScheduling, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	if rs.Mode != "" && !slices.Contains(supportedReplicaSchedulingModes, rs.Mode) {
		allErrs = append(allErrs, field.NotSupported(fldPath.Child("mode"), rs.Mode, supportedReplicaSchedulingModes))
	}
	if rs.Mode == federation.ReplicaSchedulingModeDynamic && rs.Rebalance {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("rebalance"), rs.Rebalance,
			"must be false with mode Dynamic: capacity changes as replicas move, so re-dividing running replicas by it "+
				"never settles; Dynamic places new replicas (and those of a failed-over cluster) where there is room and keeps the others where they run"))
	}
	// Sorted, so the same object always yields the same errors in the same order.
	for _, name := range slices.Sorted(maps.Keys(rs.Clusters)) {
		pref := rs.Clusters[name]
		prefPath := fldPath.Child("clusters").Key(name)
		allErrs = append(allErrs, validateObjectName(name, prefPath)...)
		allErrs = append(allErrs, apivalidation.ValidateNonnegativeField(int64(pref.Weight), prefPath.Child("weight"))...)
		allErrs = append(allErrs, apivalidation.ValidateNonnegativeField(int64(pref.MinReplicas), prefPath.Child("minReplicas"))...)
		if pref.MaxReplicas != nil && *pref.MaxReplicas < pref.MinReplicas {
			allErrs = append(allErrs, field.Invalid(prefPath.Child("maxReplicas"), *pref.MaxReplicas, "must be greater than or equal to minReplicas"))
		}
	}
	return allErrs
}

func validateFederatedStatus(status *federation.FederatedStatus, fldPath *field.Path) field.ErrorList {
	allErrs := apivalidation.ValidateNonnegativeField(status.ObservedGeneration, fldPath.Child("observedGeneration"))
	allErrs = append(allErrs, metav1validation.ValidateConditions(status.Conditions, fldPath.Child("conditions"))...)
	seen := sets.New[string]()
	for i, c := range status.Clusters {
		idxPath := fldPath.Child("clusters").Index(i)
		namePath := idxPath.Child("name")
		allErrs = append(allErrs, validateObjectName(c.Name, namePath)...)
		if c.Name != "" && seen.Has(c.Name) {
			allErrs = append(allErrs, field.Duplicate(namePath, c.Name))
		}
		seen.Insert(c.Name)
		switch {
		case c.Phase == "":
			allErrs = append(allErrs, field.Required(idxPath.Child("phase"), ""))
		case !slices.Contains(supportedPropagationPhases, c.Phase):
			allErrs = append(allErrs, field.NotSupported(idxPath.Child("phase"), c.Phase, supportedPropagationPhases))
		}
		if len(c.Reason) > maxClusterStatusReasonLength {
			allErrs = append(allErrs, field.TooLong(idxPath.Child("reason"), "", maxClusterStatusReasonLength))
		}
		if len(c.Message) > maxClusterStatusMessageLength {
			allErrs = append(allErrs, field.TooLong(idxPath.Child("message"), "", maxClusterStatusMessageLength))
		}
		allErrs = append(allErrs, apivalidation.ValidateNonnegativeField(c.Generation, idxPath.Child("generation"))...)
		allErrs = append(allErrs, validateCounts(idxPath, map[string]*int32{
			"replicas": c.Replicas, "readyReplicas": c.ReadyReplicas, "availableReplicas": c.AvailableReplicas,
		})...)
	}
	// status.replicas reaches HPAs through the scale subresource; none of these may be negative.
	allErrs = append(allErrs, validateCounts(fldPath, map[string]*int32{
		"replicas": status.Replicas, "updatedReplicas": status.UpdatedReplicas, "readyReplicas": status.ReadyReplicas,
		"availableReplicas": status.AvailableReplicas, "unavailableReplicas": status.UnavailableReplicas,
		"fullyLabeledReplicas": status.FullyLabeledReplicas, "currentReplicas": status.CurrentReplicas,
		"desiredNumberScheduled": status.DesiredNumberScheduled, "currentNumberScheduled": status.CurrentNumberScheduled,
		"numberReady": status.NumberReady, "updatedNumberScheduled": status.UpdatedNumberScheduled,
		"numberAvailable": status.NumberAvailable, "numberUnavailable": status.NumberUnavailable,
		"active": status.Active, "succeeded": status.Succeeded, "failed": status.Failed,
	})...)
	for i, c := range status.Clusters {
		if c.Finished != "" && c.Finished != federation.FinishedComplete && c.Finished != federation.FinishedFailed {
			allErrs = append(allErrs, field.NotSupported(fldPath.Child("clusters").Index(i).Child("finished"), c.Finished,
				[]string{federation.FinishedComplete, federation.FinishedFailed}))
		}
	}
	return allErrs
}

// validateCounts checks that the replica counts set (by field name under fldPath) are not
// negative, in field-name order.
func validateCounts(fldPath *field.Path, counts map[string]*int32) field.ErrorList {
	var allErrs field.ErrorList
	for _, name := range slices.Sorted(maps.Keys(counts)) {
		if n := counts[name]; n != nil {
			allErrs = append(allErrs, apivalidation.ValidateNonnegativeField(int64(*n), fldPath.Child(name))...)
		}
	}
	return allErrs
}
