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
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/kinds"
	"k8s.io/federation/test/integration/framework"
)

// Helpers for scenarios that run over every federated kind, naming objects as kubectl does.

// everyFederatedKind returns every federated kind (pkg/kinds) whose member objects are
// namespaced, by kind name, sorted; a new kind is included without a list to update here.
// FederatedNamespace, whose members are the namespaces the others live in, has its own
// scenarios (TestFederatedNamespace).
func everyFederatedKind(t *testing.T) []string {
	t.Helper()
	var names []string
	for _, k := range kinds.All() {
		if k.Member.Namespaced {
			names = append(names, k.Kind)
		}
	}
	if len(names) < 3 {
		t.Fatalf("federated kinds %v, want at least ConfigMap, Deployment and Secret", names)
	}
	return names
}

// sampleFederated returns an object of kind named name in ns (none for a cluster-scoped
// kind), placed on both members, with a template the members accept. TestSampleForEveryKind fails for a kind without a case here.
func sampleFederated(t *testing.T, kind, ns, name string) fedv1beta1.FederatedObject {
	t.Helper()
	k := kinds.ByKind(kind)
	if k == nil {
		t.Fatalf("no federated kind %s", kind)
	}
	obj := k.NewVersioned()
	switch o := obj.(type) {
	case *fedv1beta1.FederatedConfigMap:
		o.Spec.Template.Data = map[string]string{"k": "v"}
	case *fedv1beta1.FederatedSecret:
		o.Spec.Template.StringData = map[string]string{"password": "s3cret"}
	case *fedv1beta1.FederatedDeployment:
		o.Spec = newFDeploy(ns, name, 1).Spec
	case *fedv1beta1.FederatedReplicaSet:
		d := newFDeploy(ns, name, 1).Spec.Template.Spec
		o.Spec.Template.Spec = appsv1.ReplicaSetSpec{Replicas: d.Replicas, Selector: d.Selector, Template: d.Template}
	case *fedv1beta1.FederatedStatefulSet:
		d := newFDeploy(ns, name, 1).Spec.Template.Spec
		o.Spec.Template.Spec = appsv1.StatefulSetSpec{Replicas: d.Replicas, Selector: d.Selector, Template: d.Template, ServiceName: name}
	case *fedv1beta1.FederatedDaemonSet:
		d := newFDeploy(ns, name, 1).Spec.Template.Spec
		o.Spec.Template.Spec = appsv1.DaemonSetSpec{Selector: d.Selector, Template: d.Template}
	case *fedv1beta1.FederatedServiceAccount:
		o.Spec.Template.ImagePullSecrets = []corev1.LocalObjectReference{{Name: "registry"}}
		o.Spec.Template.AutomountServiceAccountToken = ptr.To(false)
	case *fedv1beta1.FederatedService:
		o.Spec.Template.Spec = corev1.ServiceSpec{
			Selector: map[string]string{"app": name},
			Ports:    []corev1.ServicePort{{Name: "http", Port: 80}},
		}
	case *fedv1beta1.FederatedIngress:
		o.Spec.Template.Spec = networkingv1.IngressSpec{
			DefaultBackend: &networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{
				Name: name, Port: networkingv1.ServiceBackendPort{Number: 80},
			}},
		}
	case *fedv1beta1.FederatedHorizontalPodAutoscaler:
		// Its target is no federated workload of the scenarios (whose replicas it would take).
		o.Spec.Template.Spec = autoscalingv2.HorizontalPodAutoscalerSpec{
			ScaleTargetRef: autoscalingv2.CrossVersionObjectReference{APIVersion: "apps/v1", Kind: "Deployment", Name: name + "-unfederated"},
			MinReplicas:    ptr.To[int32](2), MaxReplicas: 4,
		}
	case *fedv1beta1.FederatedNamespace:
		// Cluster-scoped: its name is the member namespaces' name, ns is not used.
		o.Spec.Template.Labels = map[string]string{"team": name}
	case *fedv1beta1.FederatedJob:
		o.Spec.Template.Spec = sampleJobSpec(name)
	default:
		t.Fatalf("no sample %s: give the kind a case here", kind)
	}
	obj.GetObjectKind().SetGroupVersionKind(fedv1beta1.SchemeGroupVersion.WithKind(kind))
	obj.SetName(name)
	if k.Namespaced {
		obj.SetNamespace(ns)
	}
	*obj.GetPropagation() = placedOn("member-1", "member-2")
	return obj
}

// TestSampleForEveryKind needs no control plane: it fails when a kind of pkg/kinds has no
// sample in sampleFederated or no case in templateMeta, so the scenarios over every kind
// (everyFederatedKind) cannot silently skip one.
func TestSampleForEveryKind(t *testing.T) {
	for _, k := range kinds.All() {
		t.Run(k.Kind, func(t *testing.T) {
			obj := sampleFederated(t, k.Kind, "ns", "sample")
			if got, err := kinds.For(obj); err != nil || got != k {
				t.Errorf("sampleFederated(%s) returns a %T (%v)", k.Kind, obj, err)
			}
			if templateMeta(t, obj) == nil {
				t.Errorf("no template metadata for %s", k.Kind)
			}
		})
	}
}

// hostKind names obj's kind for kubectl on the host: kind.group.
func hostKind(obj fedv1beta1.FederatedObject) string {
	return strings.ToLower(obj.GetObjectKind().GroupVersionKind().Kind) + "." + fedv1beta1.GroupName
}

// kubectlRef names obj for kubectl on the host: kind.group/name.
func kubectlRef(obj fedv1beta1.FederatedObject) string { return hostKind(obj) + "/" + obj.GetName() }

// memberKind names obj's member type (pkg/kinds) for kubectl in a member: kind[.group]; an
// object of no federated kind gets a name kubectl refuses, saying so.
func memberKind(obj fedv1beta1.FederatedObject) string {
	k, err := kinds.For(obj)
	if err != nil {
		return "not-a-federated-kind"
	}
	mt := k.Member
	if mt.Group == "" {
		return strings.ToLower(mt.Kind)
	}
	return strings.ToLower(mt.Kind) + "." + mt.Group
}

// kubectlRefs returns kubectlRef of each of objs.
func kubectlRefs(objs []fedv1beta1.FederatedObject) []string {
	var out []string
	for _, o := range objs {
		out = append(out, kubectlRef(o))
	}
	return out
}

// createPropagated applies objs in ns with one `kubectl apply`, waits with `kubectl wait`
// until each is Propagated, and returns the UIDs of their member copies by copyKey.
func (e *ctlEnv) createPropagated(t *testing.T, ns string, objs []fedv1beta1.FederatedObject) map[string]string {
	t.Helper()
	e.mustApply(t, ns, map[string]any{"apiVersion": "v1", "kind": "List", "items": objs}, applyOptions{})
	args := append([]string{"wait", "--for=condition=Propagated", "-n", ns, "--timeout=60s"}, kubectlRefs(objs)...)
	if _, stderr, err := e.kubectl(t, args...); err != nil {
		t.Fatalf("kubectl wait: %v\n%s", err, stderr)
	}
	uids := map[string]string{}
	for _, m := range e.members() {
		for _, o := range objs {
			var got metav1.PartialObjectMetadata
			if !getJSON(t, m, ns, memberKind(o), o.GetName(), &got) {
				t.Fatalf("%s: no %s %s/%s after Propagated", m.Name(), memberKind(o), ns, o.GetName())
			}
			if want := originOf(o); got.Labels[managedLabel] != "true" || got.Annotations[originAnnotation] != want {
				t.Fatalf("%s: %s %s/%s has labels %v, annotations %v; want it marked as federation's (origin %s)",
					m.Name(), memberKind(o), ns, o.GetName(), got.Labels, got.Annotations, want)
			}
			uids[copyKey(m, o)] = string(got.UID)
		}
	}
	return uids
}

// templateMeta returns the metadata of obj's template: the member copies' labels and
// annotations.
func templateMeta(t *testing.T, obj fedv1beta1.FederatedObject) *metav1.ObjectMeta {
	t.Helper()
	switch o := obj.(type) {
	case *fedv1beta1.FederatedConfigMap:
		return &o.Spec.Template.ObjectMeta
	case *fedv1beta1.FederatedSecret:
		return &o.Spec.Template.ObjectMeta
	case *fedv1beta1.FederatedDeployment:
		return &o.Spec.Template.ObjectMeta
	case *fedv1beta1.FederatedServiceAccount:
		return &o.Spec.Template.ObjectMeta
	case *fedv1beta1.FederatedReplicaSet:
		return &o.Spec.Template.ObjectMeta
	case *fedv1beta1.FederatedStatefulSet:
		return &o.Spec.Template.ObjectMeta
	case *fedv1beta1.FederatedDaemonSet:
		return &o.Spec.Template.ObjectMeta
	case *fedv1beta1.FederatedService:
		return &o.Spec.Template.ObjectMeta
	case *fedv1beta1.FederatedIngress:
		return &o.Spec.Template.ObjectMeta
	case *fedv1beta1.FederatedHorizontalPodAutoscaler:
		return &o.Spec.Template.ObjectMeta
	case *fedv1beta1.FederatedNamespace:
		return &o.Spec.Template.ObjectMeta
	case *fedv1beta1.FederatedJob:
		return &o.Spec.Template.ObjectMeta
	}
	t.Fatalf("no template metadata for %T: give the kind a case here", obj)
	return nil
}

// overridePatch is one override operation; value is JSON, empty for remove.
func overridePatch(op, path, value string) fedv1beta1.OverridePatch {
	p := fedv1beta1.OverridePatch{Op: op, Path: path}
	if value != "" {
		p.Value = &fedv1beta1.JSON{Raw: []byte(value)}
	}
	return p
}

// overrideFor returns cluster's override with patches.
func overrideFor(cluster string, patches ...fedv1beta1.OverridePatch) fedv1beta1.ClusterOverride {
	return fedv1beta1.ClusterOverride{ClusterName: cluster, Patches: patches}
}

// originOf is the origin annotation federation puts on obj's member copies.
func originOf(obj fedv1beta1.FederatedObject) string {
	return obj.GetObjectKind().GroupVersionKind().Kind + "." + fedv1beta1.GroupName + "/" + obj.GetNamespace() + "/" + obj.GetName()
}

// federatedStatus returns obj's status as `kubectl get -o json` on the host shows it.
func (e *ctlEnv) federatedStatus(t *testing.T, obj fedv1beta1.FederatedObject) fedv1beta1.FederatedStatus {
	t.Helper()
	var got struct {
		Status fedv1beta1.FederatedStatus `json:"status"`
	}
	if !getJSON(t, e.host, obj.GetNamespace(), hostKind(obj), obj.GetName(), &got) {
		t.Fatalf("%s not found on the host", kubectlRef(obj))
	}
	return got.Status
}

// memberNamespace returns namespace name in member as kubectl shows it, or nil.
func memberNamespace(t *testing.T, member *framework.ControlPlane, name string) *corev1.Namespace {
	t.Helper()
	var ns corev1.Namespace
	if !getJSON(t, member, "", "namespace", name, &ns) {
		return nil
	}
	return &ns
}

// sampleJobSpec is a Job that runs one pod to completion on the members' kwok nodes (kwok
// moves pods owned by a Job to Succeeded).
func sampleJobSpec(name string) batchv1.JobSpec {
	pod := newFDeploy("", name, 1).Spec.Template.Spec.Template
	pod.Spec.RestartPolicy = corev1.RestartPolicyNever
	return batchv1.JobSpec{Template: pod}
}
