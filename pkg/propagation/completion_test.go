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

package propagation

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/cli-utils/pkg/kstatus/status"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
)

var (
	jobStart = metav1.NewTime(time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC))
	jobEnd   = metav1.NewTime(time.Date(2026, 11, 30, 10, 5, 0, 0, time.UTC))
)

// memberJob is a member Job with status st and, when condType is set, that condition True.
func memberJob(t *testing.T, st batchv1.JobStatus, condType batchv1.JobConditionType, reason string) *unstructured.Unstructured {
	t.Helper()
	if condType != "" {
		st.Conditions = append(st.Conditions, batchv1.JobCondition{Type: condType, Status: corev1.ConditionTrue, Reason: reason, Message: "m"})
	}
	return member(t, &batchv1.Job{Spec: batchv1.JobSpec{Completions: ptr.To[int32](2)}, Status: st})
}

func running(t *testing.T, cluster string) Outcome {
	return Outcome{Cluster: cluster, Object: memberJob(t, batchv1.JobStatus{Active: 2, StartTime: &jobStart}, "", "")}
}

func completed(t *testing.T, cluster string, end metav1.Time) Outcome {
	return Outcome{Cluster: cluster, Object: memberJob(t, batchv1.JobStatus{Succeeded: 2, StartTime: &jobStart, CompletionTime: &end}, batchv1.JobComplete, "CompletionsReached")}
}

func failedJob(t *testing.T, cluster string) Outcome {
	return Outcome{Cluster: cluster, Object: memberJob(t, batchv1.JobStatus{Failed: 7, StartTime: &jobStart}, batchv1.JobFailed, "BackoffLimitExceeded")}
}

func newFJob() *fedv1beta1.FederatedJob {
	return &fedv1beta1.FederatedJob{ObjectMeta: metav1.ObjectMeta{Name: "batch", Namespace: "ns", Generation: 1}}
}

// jobKstatus runs kstatus on obj with st as a client reads a FederatedJob.
func jobKstatus(t *testing.T, obj *fedv1beta1.FederatedJob, st fedv1beta1.FederatedStatus) status.Status {
	t.Helper()
	obj.Status = st
	obj.SetGroupVersionKind(fedv1beta1.SchemeGroupVersion.WithKind("FederatedJob"))
	raw, err := json.Marshal(obj)
	if err != nil {
		t.Fatal(err)
	}
	u := &unstructured.Unstructured{}
	if err := u.UnmarshalJSON(raw); err != nil {
		t.Fatal(err)
	}
	res, err := status.Compute(u)
	if err != nil {
		t.Fatal(err)
	}
	return res.Status
}

// A FederatedJob is Complete when every placed member's Job completed, Failed when one
// failed; Ready, Reconciling, Stalled and kstatus follow, as kstatus reads a Job.
func TestWithHealthJob(t *testing.T) {
	end2 := metav1.NewTime(jobEnd.Add(time.Minute))
	for name, tc := range map[string]struct {
		outcomes                   func(t *testing.T) []Outcome
		complete, failed, ready    metav1.ConditionStatus
		reconciling, stalled       metav1.ConditionStatus
		kstatus                    status.Status
		active, succeeded, failedN int32
		start, end                 *metav1.Time
		message                    map[string]string
		finished                   []string
	}{
		"both running": {
			outcomes: func(t *testing.T) []Outcome { return []Outcome{running(t, "member-1"), running(t, "member-2")} },
			complete: metav1.ConditionFalse, failed: metav1.ConditionFalse, ready: metav1.ConditionFalse,
			reconciling: metav1.ConditionTrue, stalled: metav1.ConditionFalse, kstatus: status.InProgressStatus,
			active: 4, start: &jobStart, finished: []string{"", ""},
			message: map[string]string{fedv1beta1.ConditionComplete: "member-1 (2 active, 0 of 2 succeeded)"},
		},
		"one complete, one running": {
			outcomes: func(t *testing.T) []Outcome {
				return []Outcome{completed(t, "member-1", jobEnd), running(t, "member-2")}
			},
			complete: metav1.ConditionFalse, failed: metav1.ConditionFalse, ready: metav1.ConditionFalse,
			reconciling: metav1.ConditionTrue, stalled: metav1.ConditionFalse, kstatus: status.InProgressStatus,
			active: 2, succeeded: 2, start: &jobStart, finished: []string{fedv1beta1.FinishedComplete, ""},
		},
		"both complete": {
			outcomes: func(t *testing.T) []Outcome {
				return []Outcome{completed(t, "member-1", jobEnd), completed(t, "member-2", end2)}
			},
			complete: metav1.ConditionTrue, failed: metav1.ConditionFalse, ready: metav1.ConditionTrue,
			reconciling: metav1.ConditionFalse, stalled: metav1.ConditionFalse, kstatus: status.CurrentStatus,
			succeeded: 4, start: &jobStart, end: &end2, finished: []string{fedv1beta1.FinishedComplete, fedv1beta1.FinishedComplete},
		},
		"one failed": {
			outcomes: func(t *testing.T) []Outcome {
				return []Outcome{completed(t, "member-1", jobEnd), failedJob(t, "member-2")}
			},
			complete: metav1.ConditionFalse, failed: metav1.ConditionTrue, ready: metav1.ConditionFalse,
			reconciling: metav1.ConditionFalse, stalled: metav1.ConditionTrue, kstatus: status.FailedStatus,
			succeeded: 2, failedN: 7, start: &jobStart, finished: []string{fedv1beta1.FinishedComplete, fedv1beta1.FinishedFailed},
			message: map[string]string{
				fedv1beta1.ConditionFailed:  "member-2 (BackoffLimitExceeded: m)",
				fedv1beta1.ConditionStalled: "member-2",
			},
		},
		"complete, one since deleted by the member": {
			outcomes: func(t *testing.T) []Outcome {
				return []Outcome{completed(t, "member-1", jobEnd), {Cluster: "member-2", Gone: true, Finished: fedv1beta1.FinishedComplete}}
			},
			complete: metav1.ConditionTrue, failed: metav1.ConditionFalse, ready: metav1.ConditionTrue,
			reconciling: metav1.ConditionFalse, stalled: metav1.ConditionFalse, kstatus: status.CurrentStatus,
			succeeded: 2, start: &jobStart, end: &jobEnd, finished: []string{fedv1beta1.FinishedComplete, fedv1beta1.FinishedComplete},
		},
		"one deleted in the member before it was seen to finish": {
			outcomes: func(t *testing.T) []Outcome {
				return []Outcome{completed(t, "member-1", jobEnd), {Cluster: "member-2", Gone: true}}
			},
			complete: metav1.ConditionFalse, failed: metav1.ConditionTrue, ready: metav1.ConditionFalse,
			reconciling: metav1.ConditionFalse, stalled: metav1.ConditionTrue, kstatus: status.FailedStatus,
			succeeded: 2, start: &jobStart, end: &jobEnd, finished: []string{fedv1beta1.FinishedComplete, ""},
			message: map[string]string{fedv1beta1.ConditionFailed: "member-2 (deleted in the member before it was seen to finish"},
		},
		"one not written": {
			outcomes: func(t *testing.T) []Outcome {
				return []Outcome{completed(t, "member-1", jobEnd), {Cluster: "member-2", Err: errors.New("unreachable"), Reason: "Unreachable"}}
			},
			complete: metav1.ConditionFalse, failed: metav1.ConditionFalse, ready: metav1.ConditionFalse,
			reconciling: metav1.ConditionTrue, stalled: metav1.ConditionFalse, kstatus: status.InProgressStatus,
			succeeded: 2, finished: []string{fedv1beta1.FinishedComplete, ""},
		},
	} {
		t.Run(name, func(t *testing.T) {
			obj := newFJob()
			st := health(obj, nil, tc.outcomes(t))
			for typ, want := range map[string]metav1.ConditionStatus{
				fedv1beta1.ConditionComplete: tc.complete, fedv1beta1.ConditionFailed: tc.failed, fedv1beta1.ConditionReady: tc.ready,
				fedv1beta1.ConditionReconciling: tc.reconciling, fedv1beta1.ConditionStalled: tc.stalled,
			} {
				if got := condStatus(st, typ); got != want {
					t.Errorf("%s = %s (%v), want %s", typ, got, meta.FindStatusCondition(st.Conditions, typ), want)
				}
			}
			if c := meta.FindStatusCondition(st.Conditions, fedv1beta1.ConditionAvailable); c != nil {
				t.Errorf("Available set on a FederatedJob: %+v", c)
			}
			for typ, sub := range tc.message {
				if c := meta.FindStatusCondition(st.Conditions, typ); c == nil || !strings.Contains(c.Message, sub) {
					t.Errorf("%s message %v does not contain %q", typ, c, sub)
				}
			}
			wantSums := fedv1beta1.FederatedStatus{Active: ptr.To(tc.active), Succeeded: ptr.To(tc.succeeded), Failed: ptr.To(tc.failedN),
				StartTime: tc.start, CompletionTime: tc.end}
			if d := cmp.Diff(wantSums, sums(st)); d != "" {
				t.Errorf("sums (-want +got):\n%s", d)
			}
			var finished []string
			for _, row := range st.Clusters {
				finished = append(finished, row.Finished)
				if row.ReadyReplicas != nil || row.AvailableReplicas != nil {
					t.Errorf("row %s has replica counts: %+v", row.Name, row)
				}
			}
			if d := cmp.Diff(tc.finished, finished); d != "" {
				t.Errorf("rows' finished (-want +got):\n%s", d)
			}
			if got := jobKstatus(t, obj, st); got != tc.kstatus {
				t.Errorf("kstatus = %s, want %s", got, tc.kstatus)
			}
		})
	}
}

// With replicaScheduling a Job's parallelism share goes to spec.parallelism and the
// template's completions are divided by those shares (Karmada's rule); without completions
// only parallelism is set.
func TestRenderJobShares(t *testing.T) {
	for name, tc := range map[string]struct {
		completions *int32
		shares      map[string]int32
		want        map[string][2]int64 // cluster: parallelism, completions (-1: unset, -2: any)
	}{
		"2:1 of 6 completions": {completions: ptr.To[int32](6), shares: map[string]int32{"a": 2, "b": 1},
			want: map[string][2]int64{"a": {2, 4}, "b": {1, 2}}},
		"odd completions add up": {completions: ptr.To[int32](5), shares: map[string]int32{"a": 1, "b": 1},
			want: map[string][2]int64{"a": {1, -2}, "b": {1, -2}}},
		"a cluster without parallelism gets no completions": {completions: ptr.To[int32](4), shares: map[string]int32{"a": 3, "b": 0},
			want: map[string][2]int64{"a": {3, 4}, "b": {0, 0}}},
		"no completions": {shares: map[string]int32{"a": 2, "b": 1}, want: map[string][2]int64{"a": {2, -1}, "b": {1, -1}}},
	} {
		t.Run(name, func(t *testing.T) {
			obj := newFJob()
			obj.UID = "uid-1"
			obj.Spec.Template.Spec.Completions = tc.completions
			obj.Spec.ReplicaScheduling = &fedv1beta1.ReplicaScheduling{}
			sched := &Schedule{Total: 3, Replicas: tc.shares}
			var total int64
			for cluster, want := range tc.want {
				u, err := Render(obj, cluster, sched)
				if err != nil {
					t.Fatal(err)
				}
				p, _, _ := unstructured.NestedInt64(u.Object, "spec", "parallelism")
				c, found, _ := unstructured.NestedInt64(u.Object, "spec", "completions")
				if p != want[0] {
					t.Errorf("%s: parallelism %d, want %d", cluster, p, want[0])
				}
				switch {
				case want[1] == -1 && found:
					t.Errorf("%s: completions %d, want unset", cluster, c)
				case want[1] >= 0 && c != want[1]:
					t.Errorf("%s: completions %d, want %d", cluster, c, want[1])
				}
				total += c
			}
			if tc.completions != nil && total != int64(*tc.completions) {
				t.Errorf("completions add up to %d, want %d", total, *tc.completions)
			}
		})
	}
}

// Only a member's refusal of immutable fields recreates, and only when the object asks.
func TestRecreates(t *testing.T) {
	gk := schema.GroupKind{Group: "batch", Kind: "Job"}
	immutable := apierrors.NewInvalid(gk, "batch", field.ErrorList{
		field.Invalid(field.NewPath("spec", "template"), "x", apimachineryvalidation.FieldImmutableErrorMsg)})
	mixed := apierrors.NewInvalid(gk, "batch", field.ErrorList{
		field.Invalid(field.NewPath("spec", "template"), "x", apimachineryvalidation.FieldImmutableErrorMsg),
		field.Required(field.NewPath("spec", "template", "spec", "containers"), "")})
	optIn := newFJob()
	optIn.Spec.RecreateOnImmutableChange = true
	for name, tc := range map[string]struct {
		obj  fedv1beta1.FederatedObject
		err  error
		want bool
	}{
		"immutable, asked":         {obj: optIn, err: immutable, want: true},
		"immutable, not asked":     {obj: newFJob(), err: immutable},
		"other invalid fields too": {obj: optIn, err: mixed},
		"forbidden":                {obj: optIn, err: apierrors.NewForbidden(schema.GroupResource{Group: "batch", Resource: "jobs"}, "batch", errors.New("no"))},
		"no error":                 {obj: optIn},
		"a kind without the hook":  {obj: &fedv1beta1.FederatedDeployment{}, err: immutable},
	} {
		t.Run(name, func(t *testing.T) {
			if got := recreates(tc.obj, tc.err); got != tc.want {
				t.Errorf("recreates = %v, want %v", got, tc.want)
			}
		})
	}
}

// A copy that ran is kept from being written again only while the status describes the
// object's generation.
func TestRanThere(t *testing.T) {
	obj := newFJob()
	obj.Status = fedv1beta1.FederatedStatus{ObservedGeneration: 1, Clusters: []fedv1beta1.ClusterPropagationStatus{
		{Name: "member-1", Phase: fedv1beta1.PropagationPhasePropagated, Finished: fedv1beta1.FinishedComplete},
		{Name: "member-2", Phase: fedv1beta1.PropagationPhasePropagated},
		{Name: "member-3", Phase: fedv1beta1.PropagationPhaseFailed},
	}}
	type result struct {
		Finished string
		Ran      bool
	}
	check := func(cluster string, want result) {
		t.Helper()
		finished, ran := RanThere(obj, cluster)
		if d := cmp.Diff(want, result{finished, ran}); d != "" {
			t.Errorf("RanThere(%s) (-want +got):\n%s", cluster, d)
		}
	}
	check("member-1", result{fedv1beta1.FinishedComplete, true})
	check("member-2", result{"", true})
	check("member-3", result{})
	check("member-4", result{})
	obj.Generation = 2
	check("member-1", result{})
	dep := &fedv1beta1.FederatedDeployment{Status: obj.Status}
	dep.Generation = 1
	if _, ran := RanThere(dep, "member-1"); ran {
		t.Error("RanThere is true for a FederatedDeployment")
	}
}
