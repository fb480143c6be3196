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

package kinds_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/utils/ptr"

	"k8s.io/federation/pkg/apis/federation"
	"k8s.io/federation/pkg/kinds"
)

func jobHooks(t *testing.T) kinds.Hooks {
	t.Helper()
	k := kinds.ByKind("FederatedJob")
	if k == nil {
		t.Fatal("no FederatedJob in the kinds table")
	}
	return k.Hooks
}

func internalJob(spec batchv1.JobSpec) *federation.FederatedJob {
	return &federation.FederatedJob{Spec: federation.FederatedJobSpec{Template: federation.JobTemplate{Spec: spec}}}
}

func baseJobSpec() batchv1.JobSpec {
	return batchv1.JobSpec{
		Parallelism: ptr.To[int32](2), Completions: ptr.To[int32](4),
		Template: corev1.PodTemplateSpec{
			ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"app": "batch"}},
			Spec: corev1.PodSpec{RestartPolicy: corev1.RestartPolicyNever,
				Containers: []corev1.Container{{Name: "work", Image: "registry.k8s.io/pause:3.10"}}},
		},
	}
}

func errPaths(errs field.ErrorList) []string {
	var out []string
	for _, e := range errs {
		out = append(out, string(e.Type)+" "+e.Field)
	}
	return out
}

// What a Job does not let change in place is refused with its field path, as batch/v1
// validation (ValidateJobSpecUpdate) refuses it; what it does let change passes; and
// recreateOnImmutableChange lets everything through.
func TestJobValidateUpdate(t *testing.T) {
	validate := jobHooks(t).ValidateUpdate
	for name, tc := range map[string]struct {
		old    func(*batchv1.JobSpec)
		change func(*batchv1.JobSpec)
		// recreate sets recreateOnImmutableChange on the new object.
		recreate bool
		want     []string
	}{
		"image": {change: func(s *batchv1.JobSpec) { s.Template.Spec.Containers[0].Image = "busybox" },
			want: []string{"FieldValueInvalid spec.template.spec.template"}},
		"image, recreate asked": {change: func(s *batchv1.JobSpec) { s.Template.Spec.Containers[0].Image = "busybox" }, recreate: true},
		"parallelism, suspend, deadline, backoff, ttl": {change: func(s *batchv1.JobSpec) {
			s.Parallelism, s.Suspend, s.ActiveDeadlineSeconds = ptr.To[int32](5), ptr.To(true), ptr.To[int64](60)
			s.BackoffLimit, s.TTLSecondsAfterFinished = ptr.To[int32](1), ptr.To[int32](10)
		}},
		"completions, NonIndexed": {change: func(s *batchv1.JobSpec) { s.Completions = ptr.To[int32](8) },
			want: []string{"FieldValueInvalid spec.template.spec.completions"}},
		"completions with parallelism, Indexed": {
			old: func(s *batchv1.JobSpec) {
				s.CompletionMode = ptr.To(batchv1.IndexedCompletion)
				s.Parallelism = ptr.To[int32](4)
			},
			change: func(s *batchv1.JobSpec) {
				s.CompletionMode = ptr.To(batchv1.IndexedCompletion)
				s.Completions, s.Parallelism = ptr.To[int32](6), ptr.To[int32](6)
			}},
		"completions apart from parallelism, Indexed": {
			old: func(s *batchv1.JobSpec) { s.CompletionMode = ptr.To(batchv1.IndexedCompletion) },
			change: func(s *batchv1.JobSpec) {
				s.CompletionMode = ptr.To(batchv1.IndexedCompletion)
				s.Completions = ptr.To[int32](6)
			},
			want: []string{"FieldValueInvalid spec.template.spec.completions"}},
		"completionMode and podFailurePolicy": {change: func(s *batchv1.JobSpec) {
			s.CompletionMode = ptr.To(batchv1.IndexedCompletion)
			s.PodFailurePolicy = &batchv1.PodFailurePolicy{}
		}, want: []string{"FieldValueInvalid spec.template.spec.completionMode",
			"FieldValueInvalid spec.template.spec.podFailurePolicy"}},
		"scheduling directives of a suspended template": {
			old: func(s *batchv1.JobSpec) { s.Suspend = ptr.To(true) },
			change: func(s *batchv1.JobSpec) {
				s.Template.Spec.NodeSelector = map[string]string{"zone": "a"}
				s.Template.Labels = map[string]string{"app": "batch", "queue": "q"}
			}},
		"scheduling directives of a running template": {
			change: func(s *batchv1.JobSpec) { s.Template.Spec.NodeSelector = map[string]string{"zone": "a"} },
			want:   []string{"FieldValueInvalid spec.template.spec.template"}},
	} {
		t.Run(name, func(t *testing.T) {
			oldSpec := baseJobSpec()
			if tc.old != nil {
				tc.old(&oldSpec)
			}
			newSpec := *oldSpec.DeepCopy()
			tc.change(&newSpec)
			obj := internalJob(newSpec)
			obj.Spec.RecreateOnImmutableChange = tc.recreate
			got := errPaths(validate(obj, internalJob(oldSpec), field.NewPath("spec")))
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("errors (-want +got):\n%s", d)
			}
		})
	}
}

// The refusal says why and how to have the Jobs recreated.
func TestJobValidateUpdateMessage(t *testing.T) {
	oldSpec, newSpec := baseJobSpec(), baseJobSpec()
	newSpec.Template.Spec.Containers[0].Image = "busybox"
	errs := jobHooks(t).ValidateUpdate(internalJob(newSpec), internalJob(oldSpec), field.NewPath("spec"))
	if len(errs) != 1 {
		t.Fatalf("errors %v, want one", errs)
	}
	for _, want := range []string{"field is immutable", "spec.recreateOnImmutableChange: true"} {
		if !strings.Contains(errs[0].Error(), want) {
			t.Errorf("message %q lacks %q", errs[0].Error(), want)
		}
	}
}

// The selector is each member's to generate.
func TestJobValidate(t *testing.T) {
	spec := baseJobSpec()
	spec.Selector = &metav1.LabelSelector{MatchLabels: map[string]string{"app": "batch"}}
	spec.ManualSelector = ptr.To(true)
	spec.Parallelism = ptr.To[int32](-1)
	got := errPaths(jobHooks(t).Validate(internalJob(spec), field.NewPath("spec")))
	want := []string{"FieldValueForbidden spec.template.spec.selector", "FieldValueNotSupported spec.template.spec.manualSelector",
		"FieldValueInvalid spec.template.spec.parallelism"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("errors (-want +got):\n%s", d)
	}
}

// kubectl get fjob prints STATUS, COMPLETIONS (succeeded out of the completions asked of
// the members) and DURATION, as kubectl get jobs does.
func TestJobColumns(t *testing.T) {
	start := metav1.NewTime(time.Now().Add(-3 * time.Minute))
	end := metav1.NewTime(start.Add(2 * time.Minute))
	rows := []federation.ClusterPropagationStatus{{Name: "a", Phase: federation.PropagationPhasePropagated}, {Name: "b", Phase: federation.PropagationPhasePropagated}}
	for name, tc := range map[string]struct {
		spec   func(*federation.FederatedJob)
		status federation.FederatedStatus
		want   []any
	}{
		"running, completions per cluster": {status: federation.FederatedStatus{Clusters: rows, Succeeded: ptr.To[int32](3), StartTime: &start},
			want: []any{"Running", "3/8", "3m"}},
		"complete, divided": {
			spec: func(j *federation.FederatedJob) { j.Spec.ReplicaScheduling = &federation.ReplicaScheduling{} },
			status: federation.FederatedStatus{Clusters: rows, Succeeded: ptr.To[int32](4), StartTime: &start, CompletionTime: &end,
				Conditions: []metav1.Condition{{Type: federation.ConditionComplete, Status: metav1.ConditionTrue}}},
			want: []any{"Complete", "4/4", "2m"}},
		"failed": {status: federation.FederatedStatus{Clusters: rows,
			Conditions: []metav1.Condition{{Type: federation.ConditionFailed, Status: metav1.ConditionTrue}}},
			want: []any{"Failed", "0/8", ""}},
		"suspended, no completions": {spec: func(j *federation.FederatedJob) {
			j.Spec.Template.Spec.Suspend, j.Spec.Template.Spec.Completions = ptr.To(true), nil
		}, status: federation.FederatedStatus{Clusters: rows}, want: []any{"Suspended", "0/2", ""}},
	} {
		t.Run(name, func(t *testing.T) {
			j := internalJob(baseJobSpec())
			if tc.spec != nil {
				tc.spec(j)
			}
			j.Status = tc.status
			var got []any
			for _, c := range jobHooks(t).Columns {
				got = append(got, c.Cell(j, 0))
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("cells (-want +got):\n%s", d)
			}
		})
	}
}
