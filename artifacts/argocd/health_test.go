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

package argocd

import (
	"errors"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/cli-utils/pkg/kstatus/status"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/propagation"
	"k8s.io/federation/pkg/scheduling"
)

// memberDeployment is a member's copy at generation gen, as an apply returns it.
func memberDeployment(t *testing.T, gen int64, spec int32, st appsv1.DeploymentStatus, available bool) *unstructured.Unstructured {
	t.Helper()
	cond := corev1.ConditionFalse
	if available {
		cond = corev1.ConditionTrue
	}
	st.Conditions = append(st.Conditions, appsv1.DeploymentCondition{Type: appsv1.DeploymentAvailable, Status: cond})
	d := &appsv1.Deployment{ObjectMeta: metav1.ObjectMeta{Name: "web", Generation: gen}, Spec: appsv1.DeploymentSpec{Replicas: ptr.To(spec)}, Status: st}
	u, err := runtime.DefaultUnstructuredConverter.ToUnstructured(d)
	if err != nil {
		t.Fatal(err)
	}
	return &unstructured.Unstructured{Object: u}
}

// done is a member's complete rollout of n replicas at generation gen.
func done(gen int64, n int32) appsv1.DeploymentStatus {
	return appsv1.DeploymentStatus{ObservedGeneration: gen, Replicas: n, UpdatedReplicas: n, ReadyReplicas: n, AvailableReplicas: n}
}

func typeMeta(kind string) metav1.TypeMeta {
	return metav1.TypeMeta{APIVersion: fedv1beta1.SchemeGroupVersion.String(), Kind: kind}
}

func federatedJob() *fedv1beta1.FederatedJob {
	return &fedv1beta1.FederatedJob{TypeMeta: typeMeta("FederatedJob"), ObjectMeta: metav1.ObjectMeta{Name: "batch", Namespace: "shop", Generation: 2}}
}

// memberJob is a member Job with the condition cond True (none when empty).
func memberJob(t *testing.T, cond batchv1.JobConditionType) *unstructured.Unstructured {
	t.Helper()
	j := &batchv1.Job{Status: batchv1.JobStatus{Active: 1}}
	if cond != "" {
		j.Status = batchv1.JobStatus{Conditions: []batchv1.JobCondition{{Type: cond, Status: corev1.ConditionTrue, Reason: "R"}}}
	}
	u, err := runtime.DefaultUnstructuredConverter.ToUnstructured(j)
	if err != nil {
		t.Fatal(err)
	}
	return &unstructured.Unstructured{Object: u}
}

func federatedDeployment() *fedv1beta1.FederatedDeployment {
	return &fedv1beta1.FederatedDeployment{
		TypeMeta:   typeMeta("FederatedDeployment"),
		ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "shop", Generation: 5},
		Spec: fedv1beta1.FederatedDeploymentSpec{
			Template: fedv1beta1.DeploymentTemplate{Spec: appsv1.DeploymentSpec{
				Selector: &metav1.LabelSelector{MatchLabels: map[string]string{"app": "web"}},
				Template: corev1.PodTemplateSpec{
					ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"app": "web"}},
					Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "web", Image: "nginx"}}},
				},
			}},
			PropagationSpec: fedv1beta1.PropagationSpec{Placement: fedv1beta1.Placement{
				Clusters: []fedv1beta1.ClusterReference{{Name: "member-1"}, {Name: "member-2"}}}},
		},
	}
}

func federatedConfigMap() *fedv1beta1.FederatedConfigMap {
	return &fedv1beta1.FederatedConfigMap{
		TypeMeta:   typeMeta("FederatedConfigMap"),
		ObjectMeta: metav1.ObjectMeta{Name: "cfg", Namespace: "shop", Generation: 2},
		Spec: fedv1beta1.FederatedConfigMapSpec{
			Template:        fedv1beta1.ConfigMapTemplate{Data: map[string]string{"greeting": "hello"}},
			PropagationSpec: fedv1beta1.PropagationSpec{Placement: fedv1beta1.Placement{Clusters: []fedv1beta1.ClusterReference{{Name: "member-1"}}}},
		},
	}
}

func federatedSecret() *fedv1beta1.FederatedSecret {
	return &fedv1beta1.FederatedSecret{
		TypeMeta:   typeMeta("FederatedSecret"),
		ObjectMeta: metav1.ObjectMeta{Name: "creds", Namespace: "shop", Generation: 1},
		Spec: fedv1beta1.FederatedSecretSpec{
			PropagationSpec: fedv1beta1.PropagationSpec{Placement: fedv1beta1.Placement{Clusters: []fedv1beta1.ClusterReference{{Name: "member-1"}}}},
		},
	}
}

// withStatus sets obj's status as the write-through and the sync controller compute it
// (Status, WithSchedule, WithHealth) and returns obj as Argo CD receives it: unstructured.
func withStatus(t *testing.T, obj fedv1beta1.FederatedObject, sched *propagation.Schedule, outcomes []propagation.Outcome) *unstructured.Unstructured {
	t.Helper()
	st := propagation.WithSchedule(obj, propagation.Status(obj, fedv1beta1.FederatedStatus{}, outcomes), sched)
	*obj.GetFederatedStatus() = propagation.WithHealth(obj, st, sched, outcomes)
	u, err := runtime.DefaultUnstructuredConverter.ToUnstructured(obj)
	if err != nil {
		t.Fatal(err)
	}
	return &unstructured.Unstructured{Object: u}
}

var (
	forbidden = apierrors.NewForbidden(schema.GroupResource{Group: "apps", Resource: "deployments"}, "web", errors.New("denied by policy"))
	conflict  = &propagation.ConflictError{Kind: "ConfigMap", Namespace: "shop", Name: "cfg"}
	refused   = func(cluster string, err error) propagation.Outcome {
		return propagation.Outcome{Cluster: cluster, Err: err, Reason: propagation.ReasonFor(err)}
	}
)

// Argo CD's health of real objects agrees with kstatus: Healthy where kstatus says Current,
// Progressing for InProgress, Degraded for Failed.
func TestHealthOfRealObjects(t *testing.T) {
	for name, tc := range map[string]struct {
		obj     func(t *testing.T) *unstructured.Unstructured
		want    string
		message string // a part of hs.message
		kstatus status.Status
	}{
		"deployment rolled out": {obj: func(t *testing.T) *unstructured.Unstructured {
			return withStatus(t, federatedDeployment(), nil, []propagation.Outcome{
				{Cluster: "member-1", Object: memberDeployment(t, 2, 3, done(2, 3), true)},
				{Cluster: "member-2", Object: memberDeployment(t, 1, 2, done(1, 2), true)}})
		}, want: Healthy, message: "5 of 5 replicas available", kstatus: status.CurrentStatus},
		"deployment rolling out": {obj: func(t *testing.T) *unstructured.Unstructured {
			rolling := appsv1.DeploymentStatus{ObservedGeneration: 2, Replicas: 3, UpdatedReplicas: 1, ReadyReplicas: 2, AvailableReplicas: 2, UnavailableReplicas: 1}
			return withStatus(t, federatedDeployment(), nil, []propagation.Outcome{
				{Cluster: "member-1", Object: memberDeployment(t, 2, 2, rolling, true)},
				{Cluster: "member-2", Object: memberDeployment(t, 1, 2, done(1, 2), true)}})
		}, want: Progressing, message: "Rolling out in: member-1", kstatus: status.InProgressStatus},
		"deployment not available in a member": {obj: func(t *testing.T) *unstructured.Unstructured {
			return withStatus(t, federatedDeployment(), nil, []propagation.Outcome{
				{Cluster: "member-1", Object: memberDeployment(t, 1, 2, appsv1.DeploymentStatus{ObservedGeneration: 1, Replicas: 2, UpdatedReplicas: 2}, false)}})
		}, want: Progressing, kstatus: status.InProgressStatus},
		"deployment refused by a member": {obj: func(t *testing.T) *unstructured.Unstructured {
			return withStatus(t, federatedDeployment(), nil, []propagation.Outcome{refused("member-1", forbidden),
				{Cluster: "member-2", Object: memberDeployment(t, 1, 2, done(1, 2), true)}})
		}, want: Degraded, message: "Cluster member-1 refuses the object (Forbidden)", kstatus: status.FailedStatus},
		"deployment whose replicas the bounds cannot place": {obj: func(t *testing.T) *unstructured.Unstructured {
			sched := &propagation.Schedule{Total: 3, Replicas: map[string]int32{"member-1": 1},
				Result: scheduling.Result{Infeasible: true, Reason: scheduling.ReasonMaximumsBelowTotal, Message: "maximums hold 1 of 3"}}
			return withStatus(t, federatedDeployment(), sched, []propagation.Outcome{
				{Cluster: "member-1", Object: memberDeployment(t, 1, 1, done(1, 1), true)}})
		}, want: Degraded, message: "maximums hold 1 of 3", kstatus: status.FailedStatus},
		"deployment updated, the new generation not yet written": {obj: func(t *testing.T) *unstructured.Unstructured {
			u := withStatus(t, federatedDeployment(), nil, []propagation.Outcome{
				{Cluster: "member-1", Object: memberDeployment(t, 1, 2, done(1, 2), true)}})
			u.SetGeneration(6)
			return u
		}, want: Progressing, message: "observe the new generation (6; observed 5)", kstatus: status.InProgressStatus},
		"deployment with a paused template": {obj: func(t *testing.T) *unstructured.Unstructured {
			d := federatedDeployment()
			d.Spec.Template.Spec.Paused = true
			return withStatus(t, d, nil, []propagation.Outcome{{Cluster: "member-1", Object: memberDeployment(t, 1, 2, done(1, 2), true)}})
		}, want: Suspended, message: "paused", kstatus: status.CurrentStatus},
		"job complete in every member": {obj: func(t *testing.T) *unstructured.Unstructured {
			return withStatus(t, federatedJob(), nil, []propagation.Outcome{
				{Cluster: "member-1", Object: memberJob(t, batchv1.JobComplete)}, {Cluster: "member-2", Object: memberJob(t, batchv1.JobComplete)}})
		}, want: Healthy, message: "complete in every placed cluster", kstatus: status.CurrentStatus},
		"job running in a member": {obj: func(t *testing.T) *unstructured.Unstructured {
			return withStatus(t, federatedJob(), nil, []propagation.Outcome{
				{Cluster: "member-1", Object: memberJob(t, batchv1.JobComplete)}, {Cluster: "member-2", Object: memberJob(t, "")}})
		}, want: Progressing, message: "Not complete in: member-2", kstatus: status.InProgressStatus},
		"job failed in a member": {obj: func(t *testing.T) *unstructured.Unstructured {
			return withStatus(t, federatedJob(), nil, []propagation.Outcome{
				{Cluster: "member-1", Object: memberJob(t, batchv1.JobComplete)}, {Cluster: "member-2", Object: memberJob(t, batchv1.JobFailed)}})
		}, want: Degraded, message: "member-2", kstatus: status.FailedStatus},
		"job with a suspended template": {obj: func(t *testing.T) *unstructured.Unstructured {
			j := federatedJob()
			j.Spec.Template.Spec.Suspend = ptr.To(true)
			return withStatus(t, j, nil, []propagation.Outcome{{Cluster: "member-1", Object: memberJob(t, "")}})
		}, want: Suspended, message: "suspended", kstatus: status.InProgressStatus},
		"configmap propagated": {obj: func(t *testing.T) *unstructured.Unstructured {
			return withStatus(t, federatedConfigMap(), nil, []propagation.Outcome{{Cluster: "member-1", Generation: 1}})
		}, want: Healthy, kstatus: status.CurrentStatus},
		"configmap whose member is unreachable": {obj: func(t *testing.T) *unstructured.Unstructured {
			return withStatus(t, federatedConfigMap(), nil, []propagation.Outcome{
				{Cluster: "member-1", Err: errors.New("connection refused"), Reason: propagation.ReasonUnreachable}})
		}, want: Progressing, message: "member-1", kstatus: status.InProgressStatus},
		"configmap in conflict with a member's own copy": {obj: func(t *testing.T) *unstructured.Unstructured {
			return withStatus(t, federatedConfigMap(), nil, []propagation.Outcome{refused("member-1", conflict)})
		}, want: Degraded, message: "refuses the object (Conflict)", kstatus: status.FailedStatus},
		"secret propagated": {obj: func(t *testing.T) *unstructured.Unstructured {
			return withStatus(t, federatedSecret(), nil, []propagation.Outcome{{Cluster: "member-1", Generation: 1}})
		}, want: Healthy, kstatus: status.CurrentStatus},
		"secret refused by a member": {obj: func(t *testing.T) *unstructured.Unstructured {
			invalid := apierrors.NewInvalid(schema.GroupKind{Kind: "Secret"}, "creds", nil)
			return withStatus(t, federatedSecret(), nil, []propagation.Outcome{refused("member-1", invalid)})
		}, want: Degraded, message: "Cluster member-1 refuses the object (Invalid)", kstatus: status.FailedStatus},
	} {
		t.Run(name, func(t *testing.T) {
			u := tc.obj(t)
			hs, err := Health(u)
			if err != nil {
				t.Fatal(err)
			}
			if hs.Status != tc.want || !strings.Contains(hs.Message, tc.message) {
				t.Errorf("health = %s %q, want %s with %q", hs.Status, hs.Message, tc.want, tc.message)
			}
			if hs.Message == "" {
				t.Error("health has no message")
			}
			res, err := status.Compute(u)
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != tc.kstatus {
				t.Errorf("kstatus = %s, want %s (%s)", res.Status, tc.kstatus, res.Message)
			}
		})
	}
}

// An object the federation has not written status for yet is Progressing, never Healthy
// (kstatus reads a missing status as Current; Argo CD must not).
func TestHealthWithoutStatus(t *testing.T) {
	for _, obj := range []fedv1beta1.FederatedObject{federatedDeployment(), federatedConfigMap(), federatedSecret()} {
		u, err := runtime.DefaultUnstructuredConverter.ToUnstructured(obj)
		if err != nil {
			t.Fatal(err)
		}
		for name, mutate := range map[string]func(map[string]any){
			"no status":              func(m map[string]any) { delete(m, "status") },
			"observedGeneration 0":   func(map[string]any) {},
			"status without a field": func(m map[string]any) { m["status"] = map[string]any{} },
		} {
			m := runtime.DeepCopyJSON(u)
			mutate(m)
			hs, err := Health(&unstructured.Unstructured{Object: m})
			if err != nil {
				t.Fatalf("%T %s: %v", obj, name, err)
			}
			if hs.Status != Progressing || hs.Message == "" {
				t.Errorf("%T %s: health = %s %q, want Progressing with a message", obj, name, hs.Status, hs.Message)
			}
		}
	}
}

// Whatever a script is given, it returns a status Argo CD accepts and a message, and does
// not fail: a script error would show the resource as Unknown with the Lua error.
func TestHealthOfOddObjects(t *testing.T) {
	odd := []map[string]any{
		{},
		{"status": map[string]any{"observedGeneration": int64(3)}},
		{"metadata": map[string]any{}, "status": map[string]any{"conditions": []any{}}},
		{"metadata": map[string]any{"generation": int64(1)}, "status": map[string]any{"observedGeneration": int64(1),
			"conditions": []any{map[string]any{"type": "Ready", "status": "True"}}}},
		{"metadata": map[string]any{"generation": 2.0}, "spec": map[string]any{}, "status": map[string]any{"observedGeneration": 2.0,
			"conditions": []any{map[string]any{"type": "Stalled", "status": "True"}}}},
	}
	all, err := Scripts()
	if err != nil {
		t.Fatal(err)
	}
	for suffix, script := range all {
		for i, obj := range odd {
			hs, err := RunHealth(script, obj)
			if err != nil {
				t.Errorf("%s on object %d: %v", suffix, i, err)
				continue
			}
			if hs.Status == Unknown || hs.Message == "" {
				t.Errorf("%s on object %d: health = %s %q", suffix, i, hs.Status, hs.Message)
			}
		}
	}
}
