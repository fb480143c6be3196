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
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/rest"
	"k8s.io/utils/ptr"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
)

// testRBAC checks that the host's RBAC governs the federation resources per namespace and
// resource, and that neither the host nor fcp serves anonymous requests.
func testRBAC(t *testing.T, e *fedEnv) {
	nsA, nsB := e.newNamespace(t, "rbac-a"), e.newNamespace(t, "rbac-b")
	e.mustKubectl(t, "create", "role", "fcm-editor", "-n", nsA, "--verb=*", "--resource=federatedconfigmaps.federation.k8s.io")
	e.mustKubectl(t, "create", "rolebinding", "alice-fcm-editor", "-n", nsA, "--role=fcm-editor", "--user=alice")
	alice, err := e.host.IssueUser("alice")
	if err != nil {
		t.Fatal(err)
	}
	asAlice := applyOptions{As: alice}
	// Authorizers see new bindings through informers, on the host and in fcp.
	eventually(t, "alice creates a FederatedConfigMap in "+nsA, func(context.Context) error {
		_, _, err := e.apply(t, nsA, newFCM(nsA, "alices", map[string]string{"k": "v"}), asAlice)
		return err
	})
	for what, obj := range map[string]any{
		"a FederatedConfigMap in " + nsB:  newFCM(nsB, "alices", map[string]string{"k": "v"}),
		"a FederatedDeployment in " + nsA: newFDeploy(nsA, "alices", 1),
	} {
		if _, stderr, err := e.apply(t, "", obj, asAlice); err == nil || !strings.Contains(strings.ToLower(stderr), "forbidden") {
			t.Errorf("alice applying %s: err %v, stderr %q; want forbidden", what, err, stderr)
		}
	}

	path := "/apis/federation.k8s.io/v1beta1/namespaces/" + nsA + "/federatedconfigmaps"
	for server, base := range map[string]string{"host": e.host.APIServerURL(), "fcp": e.fcp.URL()} {
		code, err := anonymousGet(t.Context(), e.host.CACertPEM(), base+path)
		if err != nil {
			t.Errorf("anonymous GET to %s: %v", server, err)
			continue
		}
		if code != http.StatusUnauthorized && code != http.StatusForbidden {
			t.Errorf("anonymous GET %s on %s: status %d, want 401 or 403", path, server, code)
		}
		t.Logf("Anonymous GET %s on %s: %d", path, server, code)
	}
}

// testAdmissionPolicy checks that a ValidatingAdmissionPolicy created on the host is
// enforced by fcp.
func testAdmissionPolicy(t *testing.T, e *fedEnv) {
	ns := e.newNamespace(t, "admission")
	const name, message = "fdeploy-max-replicas", "a federated deployment may have at most 5 replicas"
	policy := &admissionregistrationv1.ValidatingAdmissionPolicy{
		TypeMeta:   metav1.TypeMeta{APIVersion: "admissionregistration.k8s.io/v1", Kind: "ValidatingAdmissionPolicy"},
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec: admissionregistrationv1.ValidatingAdmissionPolicySpec{
			FailurePolicy: ptr.To(admissionregistrationv1.Fail),
			MatchConstraints: &admissionregistrationv1.MatchResources{ResourceRules: []admissionregistrationv1.NamedRuleWithOperations{{
				RuleWithOperations: admissionregistrationv1.RuleWithOperations{
					Operations: []admissionregistrationv1.OperationType{admissionregistrationv1.Create, admissionregistrationv1.Update},
					Rule: admissionregistrationv1.Rule{
						APIGroups: []string{fedv1beta1.GroupName}, APIVersions: []string{"v1beta1"}, Resources: []string{"federateddeployments"},
					},
				},
			}}},
			Validations: []admissionregistrationv1.Validation{{
				Expression: "!has(object.spec.template.spec.replicas) || object.spec.template.spec.replicas <= 5",
				Message:    message,
			}},
		},
	}
	// The binding only covers this scenario's namespace, so the policy cannot leak into others.
	binding := &admissionregistrationv1.ValidatingAdmissionPolicyBinding{
		TypeMeta:   metav1.TypeMeta{APIVersion: "admissionregistration.k8s.io/v1", Kind: "ValidatingAdmissionPolicyBinding"},
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec: admissionregistrationv1.ValidatingAdmissionPolicyBindingSpec{
			PolicyName:        name,
			ValidationActions: []admissionregistrationv1.ValidationAction{admissionregistrationv1.Deny},
			MatchResources: &admissionregistrationv1.MatchResources{NamespaceSelector: &metav1.LabelSelector{
				MatchLabels: map[string]string{corev1.LabelMetadataName: ns},
			}},
		},
	}
	e.mustApply(t, "", policy, applyOptions{})
	e.mustApply(t, "", binding, applyOptions{})

	tooMany := newFDeploy(ns, "web", 10)
	// fcp learns of policies through informers on the host; a server dry run goes through
	// admission without storing anything while we wait.
	eventually(t, "fcp enforces the policy", func(context.Context) error {
		_, stderr, err := e.apply(t, ns, tooMany, applyOptions{DryRunServer: true})
		if err == nil || !strings.Contains(stderr, message) {
			return fmt.Errorf("dry run with 10 replicas: err %v, stderr %q", err, stderr)
		}
		return nil
	})
	if _, stderr, err := e.apply(t, ns, tooMany, applyOptions{}); err == nil || !strings.Contains(stderr, message) {
		t.Errorf("apply with 10 replicas: err %v, stderr %q; want the policy's message", err, stderr)
	}
	e.wantNotFound(t, ns, "fdeploy", "web")
	e.mustApply(t, ns, newFDeploy(ns, "web", 3), applyOptions{})

	e.mustKubectl(t, "delete", "validatingadmissionpolicybinding", name)
	e.mustKubectl(t, "delete", "validatingadmissionpolicy", name)
}

// validatedObject is an object the bad-input cases send both through the REST client and
// as a kubectl manifest.
type validatedObject interface {
	runtime.Object
	metav1.Object
}

// testBadInput checks that invalid objects are refused with Kubernetes-shaped errors that
// name the field, and that nothing is stored.
func testBadInput(t *testing.T, e *fedEnv) {
	ns := e.newNamespace(t, "bad-input")
	badOperator := newFCM(ns, "bad-operator", map[string]string{"k": "v"})
	badOperator.Spec.Placement.ClusterSelector = &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{
		{Key: "env", Operator: "Near", Values: []string{"demo"}},
	}}
	relativePath := newFDeploy(ns, "relative-path", 1)
	relativePath.Spec.Overrides = []fedv1beta1.ClusterOverride{{ClusterName: "member-1", Patches: []fedv1beta1.OverridePatch{
		{Op: fedv1beta1.OverrideOpReplace, Path: "spec/replicas", Value: &fedv1beta1.JSON{Raw: []byte("2")}},
	}}}
	namedTemplate := newFCM(ns, "named-template", map[string]string{"k": "v"})
	namedTemplate.Spec.Template.Name = "other"
	insecureWithCA := &fedv1beta1.Cluster{
		TypeMeta:   metav1.TypeMeta{APIVersion: fedv1beta1.SchemeGroupVersion.String(), Kind: "Cluster"},
		ObjectMeta: metav1.ObjectMeta{Name: "insecure-with-ca"},
		Spec:       fedv1beta1.ClusterSpec{Server: "https://127.0.0.1:6443", CABundle: e.host.CACertPEM(), InsecureSkipTLSVerify: true},
	}
	for name, tc := range map[string]struct {
		obj       validatedObject
		resource  string
		wantField string
	}{
		"invalid selector operator":       {obj: badOperator, resource: "federatedconfigmaps", wantField: "spec.placement.clusterSelector.matchExpressions[0].operator"},
		"override path without slash":     {obj: relativePath, resource: "federateddeployments", wantField: "spec.overrides[0].patches[0].path"},
		"template with a name":            {obj: namedTemplate, resource: "federatedconfigmaps", wantField: "spec.template.metadata.name"},
		"insecure cluster with CA bundle": {obj: insecureWithCA, resource: "clusters", wantField: "spec.insecureSkipTLSVerify"},
	} {
		t.Run(name, func(t *testing.T) { checkInvalid(t, e, tc.resource, tc.obj, tc.wantField) })
	}
	t.Run("wrong kind for the endpoint", func(t *testing.T) { checkWrongKind(t, e, ns) })
}

// checkInvalid checks that creating obj is refused as Invalid, naming wantField, both
// through the REST client and through kubectl apply, and that nothing is stored.
func checkInvalid(t *testing.T, e *fedEnv, resource string, obj validatedObject, wantField string) {
	client := e.fed.FederationV1beta1().RESTClient()
	// NamespaceIfScoped leaves the namespace out for Clusters, which have none.
	scoped := obj.GetNamespace() != ""
	err := client.Post().NamespaceIfScoped(obj.GetNamespace(), scoped).Resource(resource).Body(obj).Do(t.Context()).Error()
	var status apierrors.APIStatus
	if !apierrors.IsInvalid(err) || !errors.As(err, &status) {
		t.Fatalf("create: %v, want Invalid", err)
	}
	if code := status.Status().Code; code != http.StatusUnprocessableEntity {
		t.Errorf("status code %d, want 422", code)
	}
	var fields []string
	if d := status.Status().Details; d != nil {
		for _, c := range d.Causes {
			fields = append(fields, c.Field)
		}
	}
	if !slices.Contains(fields, wantField) {
		t.Errorf("causes name fields %q, want %s among them", fields, wantField)
	}
	if _, stderr, err := e.apply(t, "", obj, applyOptions{}); err == nil || !strings.Contains(stderr, wantField) {
		t.Errorf("kubectl apply: err %v, stderr %q; want an error naming %s", err, stderr, wantField)
	}
	err = client.Get().NamespaceIfScoped(obj.GetNamespace(), scoped).Resource(resource).Name(obj.GetName()).Do(t.Context()).Error()
	if !apierrors.IsNotFound(err) {
		t.Errorf("get after the refused creates: %v, want NotFound", err)
	}
}

// checkWrongKind posts a FederatedDeployment to the federatedconfigmaps endpoint and
// expects what kube-apiserver answers when a Deployment is posted to configmaps.
func checkWrongKind(t *testing.T, e *fedEnv, ns string) {
	got := postForStatus(t, e.fed.FederationV1beta1().RESTClient(),
		"/apis/federation.k8s.io/v1beta1/namespaces/"+ns+"/federatedconfigmaps", newFDeploy(ns, "wrong-kind", 1))
	deploy := &appsv1.Deployment{
		TypeMeta:   metav1.TypeMeta{APIVersion: "apps/v1", Kind: "Deployment"},
		ObjectMeta: metav1.ObjectMeta{Name: "wrong-kind", Namespace: ns},
	}
	builtin := postForStatus(t, e.host.Client().CoreV1().RESTClient(), "/api/v1/namespaces/"+ns+"/configmaps", deploy)
	t.Logf("Wrong kind: fcp answers %d %s (%q); kube-apiserver answers %d %s (%q)",
		got.Code, got.Reason, got.Message, builtin.Code, builtin.Reason, builtin.Message)
	if got.Code != builtin.Code || got.Reason != builtin.Reason {
		t.Errorf("wrong kind: fcp answers %d %s, kube-apiserver answers %d %s for built-in types",
			got.Code, got.Reason, builtin.Code, builtin.Reason)
	}
	if _, err := e.fed.FederationV1beta1().FederatedConfigMaps(ns).Get(t.Context(), "wrong-kind", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Errorf("FederatedConfigMap after the refused create: %v, want NotFound", err)
	}
	if _, err := e.fed.FederationV1beta1().FederatedDeployments(ns).Get(t.Context(), "wrong-kind", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Errorf("FederatedDeployment after the refused create: %v, want NotFound", err)
	}
}

// postForStatus POSTs obj as JSON to path, expects a failure and returns the metav1.Status
// the server answered with, failing t if the body is not one.
func postForStatus(t *testing.T, client rest.Interface, path string, obj any) metav1.Status {
	t.Helper()
	body, err := json.Marshal(obj)
	if err != nil {
		t.Fatal(err)
	}
	var code int
	raw, err := client.Post().AbsPath(path).
		SetHeader("Content-Type", "application/json").SetHeader("Accept", "application/json").
		Body(body).Do(t.Context()).StatusCode(&code).Raw()
	if err == nil {
		t.Fatalf("POST %s succeeded", path)
	}
	var status metav1.Status
	if jerr := json.Unmarshal(raw, &status); jerr != nil || status.Kind != "Status" || int(status.Code) != code {
		t.Fatalf("POST %s: HTTP %d, %v; body %q is not a matching metav1.Status", path, code, err, raw)
	}
	return status
}
