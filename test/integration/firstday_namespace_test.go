// Copyright 2026 The Kubernetes Authors.
//
// Licensed under the Apache License, Version 2.0 (the "License");
// you may not use this file except in compliance with the License.
// You may obtain a copy of the License at
//
//     http://www.apache.org/licenses/LICENSE-2.0
//
// Unless required by applicable law or agreed to in writing, software
// distributed under the License is distributed on an "AS IS" BASIS,
// WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
// See the License for the specific language governing permissions and
// limitations under the License.

package integration

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
)

// testTerminatingNamespace deletes the namespace in member-1 only. Members run no
// kube-controller-manager, so it stays Terminating (its `kubernetes` finalizer and a
// ConfigMap of member-1's own hold it) until the test does the namespace controller's job.
// Meanwhile objects of every kind are created in it on the host: the requests succeed,
// member-2 gets its copies, member-1's rows say NamespaceTerminating. Once the namespace is
// gone, the sync controller, retrying with backoff, makes it again and writes the copies.
func testTerminatingNamespace(t *testing.T, e *ctlEnv) {
	ctx := t.Context()
	ns := e.newNamespace(t, "fd-terminating")
	first := sampleFederated(t, "FederatedConfigMap", ns, "first")
	e.createPropagated(t, ns, []fedv1beta1.FederatedObject{first})
	e.memberKubectl(t, e.member1, "create", "configmap", "local", "-n", ns, "--from-literal=owner=member-1")
	before := memberNamespace(t, e.member1, ns)
	e.memberKubectl(t, e.member1, "delete", "namespace", ns, "--wait=false")
	if got := memberNamespace(t, e.member1, ns); got == nil || got.Status.Phase != corev1.NamespaceTerminating {
		t.Fatalf("member-1's namespace %s after kubectl delete: %+v, want it Terminating", ns, got)
	}

	var objs []fedv1beta1.FederatedObject
	for _, k := range everyFederatedKind(t) {
		o := sampleFederated(t, k, ns, "during")
		objs = append(objs, o)
		t.Run("create "+k, func(t *testing.T) {
			e.mustApply(t, ns, o, applyOptions{})
			st := e.federatedStatus(t, o)
			want := []clusterRow{
				{Name: "member-1", Phase: fedv1beta1.PropagationPhaseFailed, Reason: "NamespaceTerminating"},
				{Name: "member-2", Phase: fedv1beta1.PropagationPhasePropagated},
			}
			if d := cmp.Diff(want, clusterRows(st)); d != "" {
				t.Errorf("status.clusters of %s (-want +got):\n%s\nstatus: %+v", kubectlRef(o), d, st)
			}
			if p := propagated(st); p != metav1.ConditionFalse {
				t.Errorf("%s Propagated=%q, want False while member-1 cannot take it", kubectlRef(o), p)
			}
			wantMemberNotFound(t, e.member1, ns, memberKind(o), o.GetName())
			var copy2 metav1.PartialObjectMetadata
			if !getJSON(t, e.member2, ns, memberKind(o), o.GetName(), &copy2) || copy2.Labels[managedLabel] != "true" {
				t.Errorf("member-2: %s %s/%s is %+v, want federation's copy", memberKind(o), ns, o.GetName(), copy2.ObjectMeta)
			}
		})
	}

	// A copy member-1 already holds can still change there: only new content is refused.
	first.(*fedv1beta1.FederatedConfigMap).Spec.Template.Data = map[string]string{"k": "changed"}
	e.mustApply(t, ns, first, applyOptions{})
	if d := cmp.Diff([]string{"member-1:Propagated", "member-2:Propagated"}, phases(e.federatedStatus(t, first))); d != "" {
		t.Errorf("status.clusters of an update while member-1's namespace is terminating (-want +got):\n%s", d)
	}
	for _, m := range e.members() {
		wantMemberData(t, m, ns, "first", map[string]string{"k": "changed"})
	}

	// What kube-controller-manager's namespace controller does: delete the content, then
	// finalize. The federation's copies are content too: the controller makes them again.
	e.memberKubectl(t, e.member1, "delete", "configmaps,secrets,deployments.apps", "--all", "-n", ns)
	terminating, err := e.member1.Client().CoreV1().Namespaces().Get(ctx, ns, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	terminating.Spec.Finalizers = nil
	if _, err := e.member1.Client().CoreV1().Namespaces().Finalize(ctx, terminating, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the sync controller makes member-1's namespace again", func(context.Context) error {
		got := memberNamespace(t, e.member1, ns)
		if got == nil || got.UID == before.UID || got.Status.Phase != corev1.NamespaceActive {
			return fmt.Errorf("namespace %s in member-1: %+v", ns, got)
		}
		return nil
	})
	all := append([]fedv1beta1.FederatedObject{first}, objs...)
	if _, stderr, err := e.kubectl(t, append([]string{"wait", "--for=condition=Propagated", "-n", ns, "--timeout=60s"}, kubectlRefs(all)...)...); err != nil {
		for _, o := range all {
			t.Logf("%s: %+v", kubectlRef(o), e.federatedStatus(t, o).Clusters)
		}
		t.Fatalf("kubectl wait --for=condition=Propagated once member-1's namespace is gone: %v\n%s", err, stderr)
	}
	for _, o := range all {
		var got metav1.PartialObjectMetadata
		if !getJSON(t, e.member1, ns, memberKind(o), o.GetName(), &got) || got.Labels[managedLabel] != "true" || got.Annotations[originAnnotation] != originOf(o) {
			t.Errorf("member-1: %s %s/%s is %+v, want federation's copy", memberKind(o), ns, o.GetName(), got.ObjectMeta)
		}
	}
	// member-1's own ConfigMap went with its namespace: nothing from before came back.
	wantMemberNotFound(t, e.member1, ns, "configmap", "local")
}

// testRefusedThenCorrected has pre-flight refuse objects in namespaces new to the members
// (pre-flight makes the namespace to let the member validate, and keeps it), then applies
// the corrected object at once: it goes through, no namespace left terminating in its way.
func testRefusedThenCorrected(t *testing.T, e *ctlEnv) {
	for _, c := range []struct {
		kind, member string
		// breakIt makes the object one the members' validation refuses; mention is in
		// their message.
		breakIt func(fedv1beta1.FederatedObject)
		mention string
	}{
		{"FederatedDeployment", "deployment.apps", func(o fedv1beta1.FederatedObject) {
			o.(*fedv1beta1.FederatedDeployment).Spec.Template.Spec.Template.Spec.Containers[0].Name = "Bad_Name"
		}, "Bad_Name"},
		{"FederatedConfigMap", "configmap", func(o fedv1beta1.FederatedObject) {
			o.(*fedv1beta1.FederatedConfigMap).Spec.Template.Data = map[string]string{"not a key!": "v"}
		}, "not a key!"},
		{"FederatedSecret", "secret", func(o fedv1beta1.FederatedObject) {
			o.(*fedv1beta1.FederatedSecret).Spec.Template.StringData = map[string]string{"not a key!": "v"}
		}, "not a key!"},
	} {
		t.Run(c.kind, func(t *testing.T) {
			ns := e.newNamespace(t, "fd-refused-"+strings.ToLower(strings.TrimPrefix(c.kind, "Federated")))
			good := sampleFederated(t, c.kind, ns, "app")
			bad := good.DeepCopyObject().(fedv1beta1.FederatedObject)
			c.breakIt(bad)
			_, stderr, err := e.apply(t, ns, bad, applyOptions{})
			if exitCode(err) != 1 || !strings.Contains(stderr, c.mention) {
				t.Errorf("kubectl apply of a %s the members refuse: %v, stderr %q; want exit code 1 and the members' message", c.kind, err, stderr)
			}
			e.wantNotFound(t, ns, hostKind(bad), bad.GetName())
			for _, m := range e.members() {
				wantMemberNotFound(t, m, ns, c.member, "app")
				if got := memberNamespace(t, m, ns); got != nil && got.Status.Phase != corev1.NamespaceActive {
					t.Errorf("%s: namespace %s is %s after the refusal, want it Active or absent", m.Name(), ns, got.Status.Phase)
				}
			}

			e.mustApply(t, ns, good, applyOptions{})
			if _, stderr, err := e.kubectl(t, "wait", "--for=condition=Propagated", kubectlRef(good), "-n", ns, "--timeout=60s"); err != nil {
				t.Fatalf("kubectl wait: %v\n%s\nstatus: %+v", err, stderr, e.federatedStatus(t, good))
			}
			for _, m := range e.members() {
				var got metav1.PartialObjectMetadata
				if !getJSON(t, m, ns, c.member, "app", &got) || got.Labels[managedLabel] != "true" {
					t.Errorf("%s: %s %s/app is %+v, want the corrected object's copy", m.Name(), c.member, ns, got.ObjectMeta)
				}
			}
		})
	}
}
