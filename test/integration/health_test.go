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

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/dynamic"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/cli-utils/pkg/kstatus/status"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/test/integration/framework"
)

var fdeployResource = fedv1beta1.SchemeGroupVersion.WithResource("federateddeployments")

// kwokFDeploy is newFDeploy with pods that run on the members' kwok nodes.
func kwokFDeploy(ns, name string, replicas int32, image string) *fedv1beta1.FederatedDeployment {
	d := newFDeploy(ns, name, replicas)
	pod := &d.Spec.Template.Spec.Template.Spec
	pod.NodeSelector = map[string]string{framework.KWOKNodeLabel: framework.KWOKNodeLabelValue}
	pod.Tolerations = []corev1.Toleration{{Key: framework.KWOKTaintKey, Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoSchedule}}
	pod.Containers[0].Image = image
	return d
}

// kstatusOf computes kstatus's status (what Flux and Helm 4 use) of obj as the server returns it.
func kstatusOf(t *testing.T, obj *unstructured.Unstructured) *status.Result {
	t.Helper()
	res, err := status.Compute(obj)
	if err != nil {
		t.Fatalf("kstatus: %v", err)
	}
	return res
}

func eventuallyKStatus(t *testing.T, client dynamic.Interface, ns, name string, want status.Status, check func(*unstructured.Unstructured) error) {
	t.Helper()
	eventually(t, fmt.Sprintf("kstatus of fdeploy %s is %s", name, want), func(ctx context.Context) error {
		obj, err := client.Resource(fdeployResource).Namespace(ns).Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		res, err := status.Compute(obj)
		if err != nil {
			return err
		}
		if res.Status != want {
			return fmt.Errorf("kstatus %s (%s); status %v", res.Status, res.Message, obj.Object["status"])
		}
		if check != nil {
			return check(obj)
		}
		return nil
	})
}

func setImage(t *testing.T, client dynamic.Interface, ns, name, image string) *unstructured.Unstructured {
	t.Helper()
	patch := fmt.Sprintf(`{"spec":{"template":{"spec":{"template":{"spec":{"containers":[{"name":"web","image":%q}]}}}}}}`, image)
	obj, err := client.Resource(fdeployResource).Namespace(ns).Patch(t.Context(), name, types.MergePatchType, []byte(patch), metav1.PatchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return obj
}

// TestHealth runs the health scenarios of a FederatedDeployment on two members with kwok
// nodes, with the whole product, and reads them with the real kstatus library and kubectl.
// Pre-flight is off, so a member refusal happens at the sync stage.
func TestHealth(t *testing.T) {
	e := startControllersEnvWithMembers(t, framework.Options{ControllerManager: true, Scheduler: true, KWOK: true},
		[]string{"--preflight=false"}, []string{"--v=2"})
	client, err := dynamic.NewForConfig(e.host.RESTConfig())
	if err != nil {
		t.Fatal(err)
	}
	ns := e.newNamespace(t, "health")
	const name = "web"

	t.Run("rolled out on both members: Current and Available and Ready with READY 4/4", func(t *testing.T) {
		e.mustApply(t, ns, kwokFDeploy(ns, name, 2, "registry.k8s.io/pause:3.10"), applyOptions{})
		eventuallyKStatus(t, client, ns, name, status.CurrentStatus, nil)
		for _, cond := range []string{fedv1beta1.ConditionAvailable, fedv1beta1.ConditionReady} {
			e.mustKubectl(t, "wait", "fdeploy/"+name, "-n", ns, "--for=condition="+cond, "--timeout=60s")
		}
		rows := tableRows(e.mustKubectl(t, "get", "fdeploy", name, "-n", ns))
		if len(rows) != 2 || rows[0][1] != "READY" || rows[1][1] != "4/4" || rows[0][2] != "UP-TO-DATE" || rows[1][2] != "4" ||
			rows[0][3] != "AVAILABLE" || rows[1][3] != "4" {
			t.Errorf("kubectl get fdeploy: %v, want READY 4/4, UP-TO-DATE 4, AVAILABLE 4", rows)
		}
		fd, err := e.fed.FederationV1beta1().FederatedDeployments(ns).Get(t.Context(), name, metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range fd.Status.Clusters {
			if ptr.Deref(row.ReadyReplicas, -1) != 2 || ptr.Deref(row.AvailableReplicas, -1) != 2 {
				t.Errorf("row %s: ready %v available %v, want 2 and 2", row.Name, row.ReadyReplicas, row.AvailableReplicas)
			}
		}
	})

	t.Run("image update: InProgress until the members rolled out and then Current", func(t *testing.T) {
		updated := setImage(t, client, ns, name, "registry.k8s.io/pause:3.9")
		// The update's response carries the write-through's status: the members have the
		// new template but have not rolled it out.
		if res := kstatusOf(t, updated); res.Status != status.InProgressStatus {
			t.Errorf("kstatus right after the update: %s (%s), want InProgress", res.Status, res.Message)
		}
		eventuallyKStatus(t, client, ns, name, status.CurrentStatus, nil)
		for _, m := range e.members() {
			d, err := m.Client().AppsV1().Deployments(ns).Get(t.Context(), name, metav1.GetOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if d.Spec.Template.Spec.Containers[0].Image != "registry.k8s.io/pause:3.9" || d.Status.UpdatedReplicas != 2 || d.Status.AvailableReplicas != 2 {
				t.Errorf("%s: image %s, updated %d, available %d; Current before the rollout finished",
					m.Name(), d.Spec.Template.Spec.Containers[0].Image, d.Status.UpdatedReplicas, d.Status.AvailableReplicas)
			}
		}
	})

	t.Run("a member refuses the template: Failed naming it and Current after the fix", func(t *testing.T) {
		denyImageOnMember(t, e.member1, ns, "forbidden")
		setImage(t, client, ns, name, "example.com/forbidden:1")
		eventuallyKStatus(t, client, ns, name, status.FailedStatus, func(obj *unstructured.Unstructured) error {
			conds, _, _ := unstructured.NestedSlice(obj.Object, "status", "conditions")
			for _, c := range conds {
				c := c.(map[string]any)
				if c["type"] == fedv1beta1.ConditionStalled && strings.Contains(fmt.Sprint(c["message"]), "member-1") {
					return nil
				}
			}
			return fmt.Errorf("no Stalled condition naming member-1: %v", conds)
		})
		setImage(t, client, ns, name, "registry.k8s.io/pause:3.10")
		eventuallyKStatus(t, client, ns, name, status.CurrentStatus, nil)
		fd, err := e.fed.FederationV1beta1().FederatedDeployments(ns).Get(t.Context(), name, metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if c := meta.FindStatusCondition(fd.Status.Conditions, fedv1beta1.ConditionStalled); c == nil || c.Status != metav1.ConditionFalse {
			t.Errorf("Stalled after the fix: %+v, want False", c)
		}
	})

	t.Run("an override of member-1's replicas: READY and Available count what the members run", func(t *testing.T) {
		e.patchFDeploy(t, ns, name, `{"spec":{"overrides":[{"clusterName":"member-1","patches":[{"op":"replace","path":"/spec/replicas","value":4}]}]}}`)
		eventuallyKStatus(t, client, ns, name, status.CurrentStatus, wantCondition(fedv1beta1.ConditionAvailable, "True", "6 of 6 replicas available"))
		if rows := tableRows(e.mustKubectl(t, "get", "fdeploy", name, "-n", ns)); len(rows) != 2 || rows[1][1] != "6/6" {
			t.Errorf("kubectl get fdeploy: %v, want READY 6/6 (member-1 runs 4, member-2 2)", rows)
		}
		e.patchFDeploy(t, ns, name, `{"spec":{"overrides":null}}`)
		eventuallyKStatus(t, client, ns, name, status.CurrentStatus, wantCondition(fedv1beta1.ConditionAvailable, "True", "4 of 4 replicas available"))
	})

	t.Run("maxReplicas that cannot hold the total: Failed and neither Available nor Ready", func(t *testing.T) {
		capped := kwokFDeploy(ns, "capped", 3, "registry.k8s.io/pause:3.10")
		one := fedv1beta1.ClusterReplicaPreference{Weight: 1, MaxReplicas: ptr.To[int32](1)}
		capped.Spec.ReplicaScheduling = &fedv1beta1.ReplicaScheduling{Clusters: map[string]fedv1beta1.ClusterReplicaPreference{"member-1": one, "member-2": one}}
		e.mustApply(t, ns, capped, applyOptions{})
		// Wait until both members run their 1, so only the replica placed nowhere is missing.
		eventuallyKStatus(t, client, ns, "capped", status.FailedStatus, func(obj *unstructured.Unstructured) error {
			if n, _, _ := unstructured.NestedInt64(obj.Object, "status", "availableReplicas"); n != 2 {
				return fmt.Errorf("%d replicas available, want the 2 placed", n)
			}
			for _, want := range []func(*unstructured.Unstructured) error{
				wantCondition(fedv1beta1.ConditionAvailable, "False", "2 of 3 replicas available; 1 not placed"),
				wantCondition(fedv1beta1.ConditionReady, "False", "cannot be scheduled"),
				wantCondition(fedv1beta1.ConditionStalled, "True", "cannot be scheduled"),
			} {
				if err := want(obj); err != nil {
					return err
				}
			}
			return nil
		})
		if rows := tableRows(e.mustKubectl(t, "get", "fdeploy", "capped", "-n", ns)); len(rows) != 2 || rows[1][1] != "2/3" {
			t.Errorf("kubectl get fdeploy: %v, want READY 2/3", rows)
		}
		e.patchFDeploy(t, ns, "capped", `{"spec":{"template":{"spec":{"replicas":2}}}}`)
		eventuallyKStatus(t, client, ns, "capped", status.CurrentStatus, wantCondition(fedv1beta1.ConditionAvailable, "True", "2 of 2"))
	})

	t.Run("a member rollout past its progress deadline: Failed naming the cluster and Current after the fix", func(t *testing.T) {
		stuck := kwokFDeploy(ns, "stuck", 1, "registry.k8s.io/pause:3.10")
		stuck.Spec.Template.Spec.ProgressDeadlineSeconds = ptr.To[int32](3)
		// member-1's pods can run on no node, so its rollout makes no progress.
		stuck.Spec.Overrides = []fedv1beta1.ClusterOverride{{ClusterName: "member-1", Patches: []fedv1beta1.OverridePatch{{
			Op: "add", Path: "/spec/template/spec/nodeSelector/federation-test", Value: &fedv1beta1.JSON{Raw: []byte(`"nowhere"`)},
		}}}}
		e.mustApply(t, ns, stuck, applyOptions{})
		eventuallyKStatus(t, client, ns, "stuck", status.FailedStatus, func(obj *unstructured.Unstructured) error {
			if err := wantCondition(fedv1beta1.ConditionStalled, "True", "member-1")(obj); err != nil {
				return err
			}
			return wantCondition(fedv1beta1.ConditionReady, "False", "progress deadline exceeded")(obj)
		})
		e.patchFDeploy(t, ns, "stuck", `{"spec":{"overrides":null}}`)
		eventuallyKStatus(t, client, ns, "stuck", status.CurrentStatus, wantCondition(fedv1beta1.ConditionStalled, "False", ""))
	})
	t.Run("weights 2:1 of 6 run 4 and 2: READY 6/6 and kubectl wait Available and Ready and Current", func(t *testing.T) {
		d := kwokFDeploy(ns, "weighted", 6, "registry.k8s.io/pause:3.10")
		d.Spec.ReplicaScheduling = &fedv1beta1.ReplicaScheduling{
			Clusters: map[string]fedv1beta1.ClusterReplicaPreference{"member-1": {Weight: 2}, "member-2": {Weight: 1}},
		}
		e.mustApply(t, ns, d, applyOptions{})
		eventuallyKStatus(t, client, ns, "weighted", status.CurrentStatus, nil)
		for _, cond := range []string{fedv1beta1.ConditionAvailable, fedv1beta1.ConditionReady} {
			e.mustKubectl(t, "wait", "fdeploy/weighted", "-n", ns, "--for=condition="+cond, "--timeout=60s")
		}
		rows := tableRows(e.mustKubectl(t, "get", "fdeploy", "weighted", "-n", ns, "-o", "wide"))
		if len(rows) != 2 || rows[1][1] != "6/6" || rows[1][len(rows[1])-1] != "member-1=4,member-2=2" {
			t.Errorf("kubectl get fdeploy -o wide: %v, want READY 6/6 and REPLICAS member-1=4,member-2=2", rows)
		}
		for member, want := range map[*framework.ControlPlane]int32{e.member1: 4, e.member2: 2} {
			dep, err := member.Client().AppsV1().Deployments(ns).Get(t.Context(), "weighted", metav1.GetOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if dep.Status.ReadyReplicas != want {
				t.Errorf("%s: %d ready pods, want %d", member.Name(), dep.Status.ReadyReplicas, want)
			}
		}
	})
}

// wantCondition checks that an object's condition typ has status and a message containing
// message.
func wantCondition(typ, want, message string) func(*unstructured.Unstructured) error {
	return func(obj *unstructured.Unstructured) error {
		conds, _, _ := unstructured.NestedSlice(obj.Object, "status", "conditions")
		for _, c := range conds {
			c, _ := c.(map[string]any)
			if c["type"] != typ {
				continue
			}
			if c["status"] != want || !strings.Contains(fmt.Sprint(c["message"]), message) {
				return fmt.Errorf("%s is %v (%v: %v), want %s with %q", typ, c["status"], c["reason"], c["message"], want, message)
			}
			return nil
		}
		return fmt.Errorf("no condition %s: %v", typ, conds)
	}
}

// denyImageOnMember makes member refuse Deployments in ns whose image contains word (a
// ValidatingAdmissionPolicy, so the refusal comes from the member's admission), and waits
// until the member enforces it.
func denyImageOnMember(t *testing.T, member *framework.ControlPlane, ns, word string) {
	t.Helper()
	const name = "deny-image"
	policy := &admissionregistrationv1.ValidatingAdmissionPolicy{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec: admissionregistrationv1.ValidatingAdmissionPolicySpec{
			FailurePolicy: ptr.To(admissionregistrationv1.Fail),
			MatchConstraints: &admissionregistrationv1.MatchResources{ResourceRules: []admissionregistrationv1.NamedRuleWithOperations{{
				RuleWithOperations: admissionregistrationv1.RuleWithOperations{
					Operations: []admissionregistrationv1.OperationType{admissionregistrationv1.Create, admissionregistrationv1.Update},
					Rule:       admissionregistrationv1.Rule{APIGroups: []string{"apps"}, APIVersions: []string{"v1"}, Resources: []string{"deployments"}},
				},
			}}},
			Validations: []admissionregistrationv1.Validation{{
				Expression: fmt.Sprintf("object.spec.template.spec.containers.all(c, !c.image.contains(%q))", word),
				Message:    "images containing " + word + " are not allowed here",
			}},
		},
	}
	binding := &admissionregistrationv1.ValidatingAdmissionPolicyBinding{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec: admissionregistrationv1.ValidatingAdmissionPolicyBindingSpec{
			PolicyName:        name,
			ValidationActions: []admissionregistrationv1.ValidationAction{admissionregistrationv1.Deny},
			MatchResources: &admissionregistrationv1.MatchResources{NamespaceSelector: &metav1.LabelSelector{
				MatchLabels: map[string]string{corev1.LabelMetadataName: ns},
			}},
		},
	}
	ctx := t.Context()
	admission := member.Client().AdmissionregistrationV1()
	if _, err := admission.ValidatingAdmissionPolicies().Create(ctx, policy, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := admission.ValidatingAdmissionPolicyBindings().Create(ctx, binding, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	probe := &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: "probe", Namespace: ns},
		Spec: appsv1.DeploymentSpec{
			Selector: &metav1.LabelSelector{MatchLabels: map[string]string{"app": "probe"}},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"app": "probe"}},
				Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "c", Image: "example.com/" + word}}},
			},
		},
	}
	eventually(t, member.Name()+" enforces the policy", func(ctx context.Context) error {
		_, err := member.Client().AppsV1().Deployments(ns).Create(ctx, probe, metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}})
		if err == nil {
			return fmt.Errorf("dry-run create with a denied image succeeded")
		}
		return nil
	})
}
