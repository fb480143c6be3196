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
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/test/integration/framework"
)

// TestInstallArtifacts installs the control plane the way the README says, with
// `kubectl apply -f artifacts/`, and runs fcp with exactly the artifacts' RBAC: a token of
// the artifacts' ServiceAccount and the container args of the artifacts' Deployment (pods
// cannot run on these machines, so fcp runs on 127.0.0.1 and the artifacts' Service is
// pointed there). The APIService comes without a caBundle and must become Available with
// the one fcp writes.
func TestInstallArtifacts(t *testing.T) {
	ctx := t.Context()
	// kube-controller-manager aggregates the artifacts' roles into admin/edit/view.
	host, err := framework.Start(ctx, framework.Options{Name: "host", ControllerManager: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := host.Stop(context.WithoutCancel(ctx)); err != nil {
			t.Error(err)
		}
	})
	dir := artifactsDir(t)

	t.Run("server dry-run accepts every object", func(t *testing.T) {
		// Namespaced objects can only be dry-run in a namespace that exists.
		if _, _, err := host.Kubectl(ctx, "apply", "-f", filepath.Join(dir, "00-namespace.yaml")); err != nil {
			t.Fatal(err)
		}
		out, _, err := host.Kubectl(ctx, "apply", "--dry-run=server", "-f", dir)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{
			"serviceaccount/fcp", "clusterrolebinding.rbac.authorization.k8s.io/federation:fcp:auth-delegator",
			"rolebinding.rbac.authorization.k8s.io/federation:fcp:extension-apiserver-authentication-reader",
			"clusterrole.rbac.authorization.k8s.io/federation:fcp", "role.rbac.authorization.k8s.io/federation:fcp",
			"clusterrole.rbac.authorization.k8s.io/federation-view", "clusterrole.rbac.authorization.k8s.io/federation-edit",
			"clusterrole.rbac.authorization.k8s.io/federation-admin", "clusterrole.rbac.authorization.k8s.io/federation-namespaces-edit",
			"persistentvolumeclaim/fcp-etcd",
			"deployment.apps/fcp", "service/fcp", "poddisruptionbudget.policy/fcp",
			"apiservice.apiregistration.k8s.io/v1beta1.federation.k8s.io",
		}
		for _, w := range want {
			if !strings.Contains(out, w+" created (server dry run)") {
				t.Errorf("dry-run output lacks %q created:\n%s", w, out)
			}
		}
		e := &fedEnv{host: host}
		e.wantNotFound(t, installNamespace, "deployment", "fcp")
	})

	t.Run("apply", func(t *testing.T) {
		if _, _, err := host.Kubectl(ctx, "apply", "-f", dir); err != nil {
			t.Fatal(err)
		}
		if ca, _ := apiServiceCABundle(t, host); len(ca) != 0 {
			t.Fatal("the artifacts' APIService has a caBundle before fcp ran")
		}
	})
	if t.Failed() {
		return
	}

	fcp := startInstalledFCP(t, host)
	t.Run("fcp writes the caBundle of its own CA", func(t *testing.T) {
		ca, insecure := apiServiceCABundle(t, host)
		secret, err := host.Client().CoreV1().Secrets(installNamespace).Get(ctx, installCertSecret, metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(ca) == 0 || !bytes.Equal(bytes.TrimSpace(ca), bytes.TrimSpace(secret.Data["ca.crt"])) || insecure {
			t.Errorf("APIService caBundle (%d bytes) is not the CA in secret %s (insecureSkipTLSVerify %v)", len(ca), installCertSecret, insecure)
		}
		// Re-applying the artifacts keeps fcp's caBundle: it is fcp's field, not the file's.
		out, _, err := host.Kubectl(ctx, "apply", "--dry-run=server", "-o", "jsonpath={.spec.caBundle}",
			"-f", filepath.Join(dir, "08-apiservice.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		if out == "" {
			t.Error("re-applying 08-apiservice.yaml would drop the caBundle")
		}
	})

	t.Run("the host's edit and view roles govern federated objects", func(t *testing.T) {
		testAggregatedRoles(t, host)
	})

	t.Run("fcp needed no right beyond the artifacts'", func(t *testing.T) {
		eventually(t, "the controller-manager holds its Lease", func(ctx context.Context) error {
			_, err := host.Client().CoordinationV1().Leases(installNamespace).Get(ctx, "fcp-controller-manager", metav1.GetOptions{})
			return err
		})
		for _, name := range []string{"apiserver", "controller-manager"} {
			data, err := os.ReadFile(filepath.Join(fcp.dir, name+".log"))
			if err != nil {
				t.Fatal(err)
			}
			for line := range strings.Lines(string(data)) {
				// A refusal reads `... is forbidden: User "system:serviceaccount:federation-system:fcp" ...`
				// (quotes escaped in structured logs).
				if strings.Contains(line, "forbidden") && strings.Contains(line, "system:serviceaccount:federation-system:fcp") {
					t.Errorf("fcp %s was refused something: %s", name, strings.TrimSpace(line))
				}
			}
		}
	})
}

// testAggregatedRoles checks that RoleBindings to the host's built-in edit and view grant
// federated types in their namespace as they grant built-in types.
func testAggregatedRoles(t *testing.T, host *framework.ControlPlane) {
	e := &fedEnv{host: host}
	ns := e.newNamespace(t, "shop")
	other := e.newNamespace(t, "other")
	editor, err := host.IssueUser("alice")
	if err != nil {
		t.Fatal(err)
	}
	viewer, err := host.IssueUser("victor")
	if err != nil {
		t.Fatal(err)
	}
	bindRole(t, host, ns, "edit", editor)
	bindRole(t, host, ns, "view", viewer)
	waitForAggregatedRole(t, host, "edit", "create", "federatedconfigmaps")
	waitForAggregatedRole(t, host, "view", "get", "federatedconfigmaps")
	waitForAggregatedRole(t, host, "admin", "create", "federatedsecrets")

	fcm := unplacedFCM(ns, "settings")
	e.mustApply(t, "", fcm, applyOptions{As: editor})
	if _, _, err := host.KubectlAs(t.Context(), editor, "create", "-f", writeManifest(t, unplacedFSecret(ns, "token"))); err != nil {
		t.Errorf("edit cannot create a FederatedSecret: %v", err)
	}
	if _, _, err := host.KubectlAs(t.Context(), viewer, "get", "federatedconfigmaps", "-n", ns, "settings"); err != nil {
		t.Errorf("view cannot read a FederatedConfigMap: %v", err)
	}
	for what, args := range map[string][]string{
		"view writes":                {"delete", "federatedconfigmap", "settings", "-n", ns},
		"view reads FederatedSecret": {"get", "federatedsecrets", "-n", ns},
	} {
		if _, stderr, err := host.KubectlAs(t.Context(), viewer, args...); err == nil || !strings.Contains(stderr, "Forbidden") {
			t.Errorf("%s: err %v, stderr %q; want Forbidden", what, err, stderr)
		}
	}
	other1 := unplacedFCM(other, "settings")
	if _, stderr, err := e.apply(t, "", other1, applyOptions{As: editor}); err == nil || !strings.Contains(stderr, "forbidden") {
		t.Errorf("edit in %s writes in %s: err %v, stderr %q; want forbidden", ns, other, err, stderr)
	}
}

// noMembers places an object on no cluster: these checks are about authorization only.
func noMembers() fedv1beta1.PropagationSpec {
	return fedv1beta1.PropagationSpec{Placement: fedv1beta1.Placement{
		ClusterSelector: &metav1.LabelSelector{MatchLabels: map[string]string{"federation.k8s.io/test": "no-such-cluster"}},
	}}
}

func unplacedFCM(ns, name string) *fedv1beta1.FederatedConfigMap {
	fcm := newFCM(ns, name, map[string]string{"k": "v"})
	fcm.Spec.PropagationSpec = noMembers()
	return fcm
}

func unplacedFSecret(ns, name string) *fedv1beta1.FederatedSecret {
	return &fedv1beta1.FederatedSecret{
		TypeMeta:   metav1.TypeMeta{APIVersion: fedv1beta1.SchemeGroupVersion.String(), Kind: "FederatedSecret"},
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns},
		Spec: fedv1beta1.FederatedSecretSpec{
			Template:        fedv1beta1.SecretTemplate{StringData: map[string]string{"k": "v"}},
			PropagationSpec: noMembers(),
		},
	}
}
