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
	"strings"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/util/duration"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/utils/ptr"

	"k8s.io/federation/pkg/apis/federation"
	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
)

// jobHooks are FederatedJob's rules: a template whose selector is the member's, changes of
// immutable fields refused up front (or the members' Jobs recreated on request),
// parallelism divided by replicaScheduling with completions divided along, a Job's health,
// status fields and columns, and the rules of kinds that run to completion.
func jobHooks() Hooks {
	return Hooks{
		Validate:         validateJob,
		ValidateUpdate:   validateJobUpdate,
		MemberHealth:     jobHealth,
		RecordSums:       jobSums,
		ReplicasPath:     jobReplicasPath,
		Divide:           divideJob,
		RunsToCompletion: true,
		PodSpec: func(obj fedv1beta1.FederatedObject) *corev1.PodSpec {
			return &obj.(*fedv1beta1.FederatedJob).Spec.Template.Spec.Template.Spec
		},
		RecreateOnImmutableChange: func(obj fedv1beta1.FederatedObject) bool {
			j, ok := obj.(*fedv1beta1.FederatedJob)
			return ok && j.Spec.RecreateOnImmutableChange
		},
		Columns: rowColumns(jobColumns, jobRow),
	}
}

// validateJob refuses what each member's Job controller owns (the selector, which it
// generates, so manualSelector may not be true either) and negative counts, which every
// member would refuse alike (batch/v1 validation).
func validateJob(obj federation.FederatedObject, specPath *field.Path) field.ErrorList {
	spec := obj.(*federation.FederatedJob).Spec.Template.Spec
	path := specPath.Child("template", "spec")
	var errs field.ErrorList
	if spec.Selector != nil {
		errs = append(errs, field.Forbidden(path.Child("selector"),
			"each member's Job controller generates the selector (with the controller-uid label of its own Job); leave it unset"))
	}
	if ptr.Deref(spec.ManualSelector, false) {
		errs = append(errs, field.NotSupported(path.Child("manualSelector"), true, []string{"false", "unset"}))
	}
	for name, v := range map[string]*int32{"parallelism": spec.Parallelism, "completions": spec.Completions} {
		if v != nil && *v < 0 {
			errs = append(errs, field.Invalid(path.Child(name), *v, "must be greater than or equal to 0"))
		}
	}
	return errs
}

// jobSums records a Job's status fields.
func jobSums(sum MemberHealth, st *fedv1beta1.FederatedStatus) {
	st.Active, st.Succeeded, st.Failed = ptr.To(sum.Active), ptr.To(sum.Succeeded), ptr.To(sum.FailedPods)
	st.StartTime, st.CompletionTime = sum.StartTime, sum.CompletionTime
}

// jobHealth reads a member Job. It has finished when its Complete or Failed condition is
// True (set by the Job controller, pkg/controller/job, once its pods are done); a Failed one
// says why (its reason, e.g. BackoffLimitExceeded or DeadlineExceeded, and message).
func jobHealth(copy *unstructured.Unstructured) (MemberHealth, error) {
	var j batchv1.Job
	if err := fromUnstructured(copy, &j); err != nil {
		return MemberHealth{}, err
	}
	s := j.Status
	h := MemberHealth{
		Desired: ptr.Deref(j.Spec.Completions, 1), Ready: ptr.Deref(s.Ready, 0),
		Active: s.Active, Succeeded: s.Succeeded, FailedPods: s.Failed,
		StartTime: s.StartTime, CompletionTime: s.CompletionTime,
	}
	for _, c := range s.Conditions {
		if c.Status != corev1.ConditionTrue {
			continue
		}
		switch c.Type {
		case batchv1.JobComplete:
			h.Finished, h.Complete = fedv1beta1.FinishedComplete, true
		case batchv1.JobFailed:
			h.Finished, h.Failed = fedv1beta1.FinishedFailed, strings.TrimSuffix(strings.TrimSpace(c.Reason+": "+c.Message), ":")
		}
	}
	if !h.Complete {
		h.Progress = fmt.Sprintf("%d active, %d of %d succeeded", h.Active, h.Succeeded, h.Desired)
		if h.Failed != "" {
			h.Progress = "failed: " + h.Failed
		}
	}
	return h, nil
}

// jobColumns are kubectl get jobs' columns (k8s.io/kubernetes pkg/printers/internalversion
// printJob): STATUS, COMPLETIONS and DURATION, over the members.
var jobColumns = []metav1.TableColumnDefinition{
	{Name: "Status", Type: "string", Description: "Complete when every placed cluster's Job completed (condition Complete), Failed when one failed " +
		"(condition Failed), Suspended when the template says suspend, else Running."},
	{Name: "Completions", Type: "string", Description: "Succeeded pods summed over the members (status.succeeded), out of the completions the " +
		"members are told to reach: the template's spec.completions divided over the clusters with replicaScheduling, else once per placed " +
		"cluster; a template without completions counts 1 per placed cluster. Overrides of /spec/completions are not counted."},
	{Name: "Duration", Type: "string", Description: "From status.startTime (the first member's start) to status.completionTime (the last " +
		"member's completion), or to now while running."},
}

// jobRow returns a FederatedJob's STATUS, COMPLETIONS and DURATION cells.
func jobRow(obj federation.FederatedObject) ([]any, error) {
	j, ok := obj.(*federation.FederatedJob)
	if !ok {
		return nil, fmt.Errorf("%T is not a FederatedJob", obj)
	}
	st := j.Status
	status := "Running"
	switch {
	case conditionTrue(st, federation.ConditionFailed):
		status = "Failed"
	case conditionTrue(st, federation.ConditionComplete):
		status = "Complete"
	case ptr.Deref(j.Spec.Template.Spec.Suspend, false):
		status = "Suspended"
	}
	completions := fmt.Sprintf("%d/%d", ptr.Deref(st.Succeeded, 0), desiredCompletions(j))
	var dur string
	if st.StartTime != nil {
		end := time.Now()
		if st.CompletionTime != nil {
			end = st.CompletionTime.Time
		}
		dur = duration.HumanDuration(end.Sub(st.StartTime.Time))
	}
	return []any{status, completions, dur}, nil
}

// desiredCompletions is what the members are told to complete, summed: with
// replicaScheduling the template's completions (divided, the parts add up to it), else the
// template's completions (1 when unset, as a Job without completions completes with one
// successful pod) once per placed cluster.
func desiredCompletions(j *federation.FederatedJob) int64 {
	var placed int64
	for _, row := range j.Status.Clusters {
		if row.Phase != federation.PropagationPhaseExcluded {
			placed++
		}
	}
	c := j.Spec.Template.Spec.Completions
	if j.Spec.ReplicaScheduling != nil && c != nil {
		return int64(*c)
	}
	return placed * int64(ptr.Deref(c, 1))
}

func conditionTrue(st federation.FederatedStatus, t string) bool {
	for _, c := range st.Conditions {
		if c.Type == t {
			return c.Status == "True"
		}
	}
	return false
}

// immutableMessage is the detail of a refused change of an immutable Job field.
const immutableMessage = apimachineryvalidation.FieldImmutableErrorMsg + ": a Job's %s cannot change once it exists (batch/v1 validation), " +
	"so the member Jobs cannot be updated; set spec.recreateOnImmutableChange: true to have federation delete each member's Job " +
	"(and its pods) and create it again from the new template, or delete the FederatedJob and create it anew"
