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

package kinds

import (
	"fmt"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/utils/ptr"

	"k8s.io/federation/pkg/apis/federation"
	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/scheduling"
)

// validateJobUpdate refuses a change of the template that no member Job accepts in place,
// field by field as batch/v1 validation (k8s.io/kubernetes pkg/apis/batch/validation
// ValidateJobSpecUpdate) refuses it, with a message saying how to get it done, unless the
// new spec sets recreateOnImmutableChange. Immutable: the pod template, selector,
// completionMode, podFailurePolicy, backoffLimitPerIndex, successPolicy and managedBy;
// completions, except in Indexed mode when they change to equal the new parallelism
// (elastic Indexed Jobs). While the old template is suspended, the pod template's
// scheduling directives (node selector and affinity, tolerations, scheduling gates, labels
// and annotations) are left to the members, which accept them on a Job that never started.
// Everything else (parallelism, suspend, activeDeadlineSeconds, backoffLimit,
// ttlSecondsAfterFinished, maxFailedIndexes, podReplacementPolicy) may change.
//
// The check compares templates: a change that only overrides or the division of
// completions make for one cluster is left to that member, which the pre-flight dry run
// asks.
func validateJobUpdate(obj, old federation.FederatedObject, specPath *field.Path) field.ErrorList {
	j, prev := obj.(*federation.FederatedJob), old.(*federation.FederatedJob)
	if j.Spec.RecreateOnImmutableChange {
		return nil
	}
	spec, was := j.Spec.Template.Spec, prev.Spec.Template.Spec
	path := specPath.Child("template", "spec")
	var errs field.ErrorList
	immutable := func(name string, changed bool, value any) {
		if changed {
			errs = append(errs, field.Invalid(path.Child(name), value, fmt.Sprintf(immutableMessage, name)))
		}
	}
	immutable("template", podTemplateChanged(spec, was), field.OmitValueType{})
	immutable("completions", completionsChanged(spec, was), ptr.Deref(spec.Completions, -1))
	immutable("selector", !apiequality.Semantic.DeepEqual(spec.Selector, was.Selector), field.OmitValueType{})
	immutable("completionMode", !apiequality.Semantic.DeepEqual(spec.CompletionMode, was.CompletionMode), ptr.Deref(spec.CompletionMode, ""))
	immutable("podFailurePolicy", !apiequality.Semantic.DeepEqual(spec.PodFailurePolicy, was.PodFailurePolicy), field.OmitValueType{})
	immutable("backoffLimitPerIndex", !apiequality.Semantic.DeepEqual(spec.BackoffLimitPerIndex, was.BackoffLimitPerIndex), field.OmitValueType{})
	immutable("successPolicy", !apiequality.Semantic.DeepEqual(spec.SuccessPolicy, was.SuccessPolicy), field.OmitValueType{})
	immutable("managedBy", !apiequality.Semantic.DeepEqual(spec.ManagedBy, was.ManagedBy), ptr.Deref(spec.ManagedBy, ""))
	return errs
}

// podTemplateChanged reports a change of the pod template the members refuse: any change,
// but for the scheduling directives while the old template is suspended.
func podTemplateChanged(spec, was batchv1.JobSpec) bool {
	if !ptr.Deref(was.Suspend, false) {
		return !apiequality.Semantic.DeepEqual(spec.Template, was.Template)
	}
	return !apiequality.Semantic.DeepEqual(withoutSchedulingDirectives(spec.Template), withoutSchedulingDirectives(was.Template))
}

// withoutSchedulingDirectives returns a copy of t without what a suspended Job that never
// started lets change (AllowMutableSchedulingDirectives in batch/v1 validation).
func withoutSchedulingDirectives(t corev1.PodTemplateSpec) corev1.PodTemplateSpec {
	t = *t.DeepCopy()
	t.Labels, t.Annotations = nil, nil
	t.Spec.NodeSelector, t.Spec.Tolerations, t.Spec.SchedulingGates = nil, nil, nil
	if a := t.Spec.Affinity; a != nil {
		a.NodeAffinity = nil
		if *a == (corev1.Affinity{}) {
			t.Spec.Affinity = nil
		}
	}
	return t
}

// completionsChanged reports a change of completions the members refuse: any, but in
// Indexed mode to a value equal to the new parallelism.
func completionsChanged(spec, was batchv1.JobSpec) bool {
	if apiequality.Semantic.DeepEqual(spec.Completions, was.Completions) {
		return false
	}
	indexed := ptr.Deref(spec.CompletionMode, batchv1.NonIndexedCompletion) == batchv1.IndexedCompletion
	return !indexed || spec.Completions == nil || spec.Parallelism == nil || *spec.Completions != *spec.Parallelism
}

// jobReplicasPath is where a FederatedJob's replicaScheduling share goes: a Job's
// parallelism.
var jobReplicasPath = []string{"spec", "parallelism"}

// divideJob is FederatedJob's Divide hook: the cluster's share of replicaScheduling is its
// Job's parallelism, and the template's completions (when it sets them) are divided over
// the placed clusters in proportion to their parallelism shares, as Karmada divides a Job's
// completions (pkg/controllers/binding divideReplicasByJobCompletions): the shares are the
// weights of the same division as replicas (scheduling.Divide, Webster, ties by the
// object's UID), so the members' completions add up to the template's. A cluster with no
// parallelism gets no completions.
func divideJob(obj fedv1beta1.FederatedObject, member map[string]any, cluster string, d Division) error {
	if err := shareAt(jobReplicasPath)(obj, member, cluster, d); err != nil || d.Share == nil {
		return err
	}
	completions, found, err := unstructured.NestedInt64(member, "spec", "completions")
	if err != nil || !found {
		return err
	}
	prefs := make([]scheduling.ClusterPreference, 0, len(d.Shares))
	for name, r := range d.Shares {
		prefs = append(prefs, scheduling.ClusterPreference{Name: name, Weight: int64(r)})
	}
	res := scheduling.Divide(int32(completions), prefs, d.Key)
	return unstructured.SetNestedField(member, int64(res.Replicas[cluster]), "spec", "completions")
}
