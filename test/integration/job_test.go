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

package integration

import (
	"context"
	"fmt"
	"strings"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/client-go/dynamic"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/cli-utils/pkg/kstatus/status"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/test/integration/framework"
)

var fjobResource = fedv1beta1.SchemeGroupVersion.WithResource("federatedjobs")

// kwokFJob is a FederatedJob placed on both members whose pods run on the members' kwok
// nodes, where kwok's pod-complete stage moves pods owned by a Job to Succeeded.
func kwokFJob(ns, name string, parallelism, completions int32) *fedv1beta1.FederatedJob {
	pod := kwokFDeploy(ns, name, 1, "registry.k8s.io/pause:3.10").Spec.Template.Spec.Template
	pod.Spec.RestartPolicy = corev1.RestartPolicyNever
	return &fedv1beta1.FederatedJob{
		TypeMeta:   metav1.TypeMeta{APIVersion: fedv1beta1.SchemeGroupVersion.String(), Kind: "FederatedJob"},
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns},
		Spec: fedv1beta1.FederatedJobSpec{
			Template: fedv1beta1.JobTemplate{Spec: batchv1.JobSpec{
				Parallelism: ptr.To(parallelism), Completions: ptr.To(completions), Template: pod,
			}},
			PropagationSpec:   placedOn("member-1", "member-2"),
			ReplicaScheduling: &fedv1beta1.ReplicaScheduling{},
		},
	}
}

// memberJobs returns each member's Job ns/name by member name.
func (e *ctlEnv) memberJobs(t *testing.T, ns, name string) map[string]*batchv1.Job {
	t.Helper()
	out := map[string]*batchv1.Job{}
	for _, m := range e.members() {
		j, err := m.Client().BatchV1().Jobs(ns).Get(t.Context(), name, metav1.GetOptions{})
		if err != nil {
			t.Fatalf("%s: %v", m.Name(), err)
		}
		out[m.Name()] = j
	}
	return out
}

// TestFederatedJob runs a FederatedJob on two members with kwok nodes, with the whole
// product: its parallelism and completions are divided, both members' Jobs run to
// completion, kubectl wait --for=condition=Complete returns, kubectl get prints it as
// kubectl get jobs does, a change of the pod template is refused saying why, and with
// spec.recreateOnImmutableChange the members' Jobs are recreated and complete again.
func TestFederatedJob(t *testing.T) {
	e := startControllersEnvWithMembers(t, framework.Options{ControllerManager: true, Scheduler: true, KWOK: true}, nil, []string{"--v=2"})
	client, err := dynamic.NewForConfig(e.host.RESTConfig())
	if err != nil {
		t.Fatal(err)
	}
	ns := e.newNamespace(t, "jobs")
	const name = "batch"
	uids := map[string]string{}

	t.Run("runs to completion on both members: Complete and kstatus Current with COMPLETIONS 4/4", func(t *testing.T) {
		e.mustApply(t, ns, kwokFJob(ns, name, 2, 4), applyOptions{})
		e.mustKubectl(t, "wait", "fjob/"+name, "-n", ns, "--for=condition=Complete", "--timeout=120s")
		obj, err := client.Resource(fjobResource).Namespace(ns).Get(t.Context(), name, metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if res := kstatusOf(t, obj); res.Status != status.CurrentStatus {
			t.Errorf("kstatus %s (%s), want Current", res.Status, res.Message)
		}
		for _, want := range []func(*unstructured.Unstructured) error{
			wantCondition(fedv1beta1.ConditionReady, "True", ""), wantCondition(fedv1beta1.ConditionFailed, "False", ""),
		} {
			if err := want(obj); err != nil {
				t.Error(err)
			}
		}
		if n, _, _ := unstructured.NestedInt64(obj.Object, "status", "succeeded"); n != 4 {
			t.Errorf("status.succeeded %d, want 4", n)
		}
		rows := tableRows(e.mustKubectl(t, "get", "fjob", name, "-n", ns))
		if len(rows) != 2 || rows[0][1] != "STATUS" || rows[1][1] != "Complete" || rows[0][2] != "COMPLETIONS" || rows[1][2] != "4/4" ||
			rows[0][3] != "DURATION" {
			t.Errorf("kubectl get fjob: %v, want STATUS Complete, COMPLETIONS 4/4, DURATION", rows)
		}
		for member, j := range e.memberJobs(t, ns, name) {
			if ptr.Deref(j.Spec.Parallelism, 0) != 1 || ptr.Deref(j.Spec.Completions, 0) != 2 || j.Status.Succeeded != 2 {
				t.Errorf("%s: parallelism %v, completions %v, succeeded %d; want 1, 2 and 2 (half of each)",
					member, j.Spec.Parallelism, j.Spec.Completions, j.Status.Succeeded)
			}
			if j.Spec.Selector == nil || j.Spec.Template.Labels[batchv1.ControllerUidLabel] != string(j.UID) {
				t.Errorf("%s: selector %v, pod labels %v; want the member's generated ones", member, j.Spec.Selector, j.Spec.Template.Labels)
			}
			uids[member] = string(j.UID)
		}
	})

	t.Run("a pod template change is refused saying why and how to recreate", func(t *testing.T) {
		_, stderr, err := e.kubectl(t, "patch", "fjob", name, "-n", ns, "--type=merge", "-p",
			`{"spec":{"template":{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"registry.k8s.io/pause:3.9"}]}}}}}}`)
		if err == nil {
			t.Fatal("kubectl patch of the pod template succeeded, want it refused")
		}
		for _, want := range []string{"spec.template.spec.template", "field is immutable", "spec.recreateOnImmutableChange: true"} {
			if !strings.Contains(stderr, want) {
				t.Errorf("refusal %q lacks %q", stderr, want)
			}
		}
		fj, err := e.fed.FederationV1beta1().FederatedJobs(ns).Get(t.Context(), name, metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if img := fj.Spec.Template.Spec.Template.Spec.Containers[0].Image; fj.Generation != 1 || img != "registry.k8s.io/pause:3.10" {
			t.Errorf("stored FederatedJob at generation %d with image %s after the refusal, want generation 1 and the old image", fj.Generation, img)
		}
		for member, j := range e.memberJobs(t, ns, name) {
			if string(j.UID) != uids[member] || j.Spec.Template.Spec.Containers[0].Image != "registry.k8s.io/pause:3.10" {
				t.Errorf("%s: Job changed by a refused update (uid %s, image %s)", member, j.UID, j.Spec.Template.Spec.Containers[0].Image)
			}
		}
	})

	t.Run("with recreateOnImmutableChange the members' Jobs are recreated and complete again", func(t *testing.T) {
		e.mustKubectl(t, "patch", "fjob", name, "-n", ns, "--type=merge", "-p",
			`{"spec":{"recreateOnImmutableChange":true,"template":{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"registry.k8s.io/pause:3.9"}]}}}}}}`)
		// kubectl wait compares the condition's observedGeneration with the object's.
		e.mustKubectl(t, "wait", "fjob/"+name, "-n", ns, "--for=condition=Complete", "--timeout=120s")
		for member, j := range e.memberJobs(t, ns, name) {
			if string(j.UID) == uids[member] {
				t.Errorf("%s: Job %s was not recreated", member, j.UID)
			}
			if img := j.Spec.Template.Spec.Containers[0].Image; img != "registry.k8s.io/pause:3.9" || j.Status.Succeeded != 2 {
				t.Errorf("%s: image %s, succeeded %d; want the new image, 2 succeeded", member, img, j.Status.Succeeded)
			}
		}
		if rows := tableRows(e.mustKubectl(t, "get", "fjob", name, "-n", ns)); len(rows) != 2 || rows[1][1] != "Complete" || rows[1][2] != "4/4" {
			t.Errorf("kubectl get fjob: %v, want Complete 4/4", rows)
		}
	})

	t.Run("a finished Job the member deletes (ttlSecondsAfterFinished) stays Complete and is not run again", func(t *testing.T) {
		ttl := kwokFJob(ns, "ttl", 1, 1)
		ttl.Spec.ReplicaScheduling = nil
		ttl.Spec.Template.Spec.TTLSecondsAfterFinished = ptr.To[int32](3)
		e.mustApply(t, ns, ttl, applyOptions{})
		e.mustKubectl(t, "wait", "fjob/ttl", "-n", ns, "--for=condition=Complete", "--timeout=120s")
		// The sync controller reconciles once the member's copy is gone (its member cache
		// sees the deletion); a copy kept from being written again has a Propagated row
		// that says Complete with no member generation, as no copy is there.
		eventually(t, "both members' finished Jobs deleted and the rows kept Complete", func(ctx context.Context) error {
			for _, m := range e.members() {
				if _, err := m.Client().BatchV1().Jobs(ns).Get(ctx, "ttl", metav1.GetOptions{}); err == nil {
					return fmt.Errorf("%s still has Job ttl", m.Name())
				}
			}
			fj, err := e.fed.FederationV1beta1().FederatedJobs(ns).Get(ctx, "ttl", metav1.GetOptions{})
			if err != nil {
				return err
			}
			for _, row := range fj.Status.Clusters {
				if row.Phase != fedv1beta1.PropagationPhasePropagated || row.Finished != fedv1beta1.FinishedComplete || row.Generation != 0 {
					return fmt.Errorf("row %+v, want Propagated, finished Complete, no generation", row)
				}
			}
			return nil
		})
		for _, m := range e.members() {
			if _, err := m.Client().BatchV1().Jobs(ns).Get(t.Context(), "ttl", metav1.GetOptions{}); err == nil {
				t.Errorf("%s: Job ttl written again after the reconcile that saw it gone", m.Name())
			}
		}
		e.mustKubectl(t, "wait", "fjob/ttl", "-n", ns, "--for=condition=Complete", "--timeout=10s")
	})
}
