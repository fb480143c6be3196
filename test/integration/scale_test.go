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
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestScaleSubresource drives federateddeployments/scale with kubectl against the whole
// product: a scale is scheduled and written through like any update, reads back through
// `kubectl get --subresource=scale`, and is governed by host RBAC on the subresource.
func TestScaleSubresource(t *testing.T) {
	e := startControllersEnv(t, nil, nil)
	ns := e.newNamespace(t, "scale")

	t.Run("discovery lists federateddeployments/scale as autoscaling/v1 Scale", func(t *testing.T) {
		out := e.mustKubectl(t, "get", "--raw", "/apis/federation.k8s.io/v1beta1")
		for _, want := range []string{`"name":"federateddeployments/scale"`, `"group":"autoscaling"`, `"kind":"Scale"`} {
			if !strings.Contains(out, want) {
				t.Errorf("discovery lacks %s:\n%s", want, out)
			}
		}
		if strings.Contains(out, `"federatedconfigmaps/scale"`) {
			t.Error("discovery lists federatedconfigmaps/scale: only kinds with replicas scale")
		}
	})

	t.Run("kubectl scale 6 to 9 gives 6 and 3", func(t *testing.T) {
		e.mustApply(t, ns, scheduledFDeploy(ns, "web", 6, true), applyOptions{})
		e.wantSplitNow(t, ns, "web", [2]int32{4, 2})

		e.mustKubectl(t, "scale", "federateddeployment", "web", "-n", ns, "--replicas=9")
		e.wantSplitNow(t, ns, "web", [2]int32{6, 3})

		out := e.mustKubectl(t, "get", "fdeploy", "web", "-n", ns, "--subresource=scale", "-o", "jsonpath={.spec.replicas} {.status.selector}")
		if out != "9 app=web" {
			t.Errorf("kubectl get --subresource=scale: %q, want %q", out, "9 app=web")
		}
		rows := tableRows(e.mustKubectl(t, "get", "fdeploy", "web", "-n", ns, "--subresource=scale"))
		if len(rows) != 2 || rows[0][1] != "DESIRED" || rows[1][1] != "9" {
			t.Errorf("kubectl get --subresource=scale table: %v, want DESIRED 9", rows)
		}
	})

	t.Run("a Scale at a stale resourceVersion is refused by the server", func(t *testing.T) {
		// The Scale's resourceVersion is the object's: once the object moves on, a Scale
		// read before is a conflict (kubectl scale --resource-version checks on the client).
		stale := e.mustKubectl(t, "get", "fdeploy", "web", "-n", ns, "--subresource=scale", "-o", "json")
		e.mustKubectl(t, "scale", "fdeploy", "web", "-n", ns, "--replicas=6")
		e.wantSplitNow(t, ns, "web", [2]int32{4, 2})
		file := filepath.Join(t.TempDir(), "scale.json")
		if err := os.WriteFile(file, []byte(strings.Replace(stale, `"replicas": 9`, `"replicas": 3`, 1)), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, stderr, err := e.kubectl(t, "replace", "-f", file,
			"--raw", "/apis/federation.k8s.io/v1beta1/namespaces/"+ns+"/federateddeployments/web/scale"); err == nil || !strings.Contains(stderr, "the object has been modified") {
			t.Errorf("replace of a stale Scale: err %v, stderr %q; want a conflict", err, stderr)
		}
		e.wantSplitNow(t, ns, "web", [2]int32{4, 2})
	})

	t.Run("the artifacts' edit role scales and view does not", func(t *testing.T) {
		testScaleRBAC(t, e, ns)
	})
}

// testScaleRBAC binds the artifacts' federation-edit and federation-view ClusterRoles (the
// ones aggregated into the host's edit and view; this host runs no kube-controller-manager
// to aggregate them) and checks who may scale.
func testScaleRBAC(t *testing.T, e *ctlEnv, ns string) {
	e.applyArtifactRoles(t)
	editor, err := e.host.IssueUser("scaler")
	if err != nil {
		t.Fatal(err)
	}
	viewer, err := e.host.IssueUser("watcher")
	if err != nil {
		t.Fatal(err)
	}
	bindRole(t, e.host, ns, "federation-edit", editor)
	bindRole(t, e.host, ns, "federation-view", viewer)

	// The authorizer sees new bindings through an informer: retry until it has.
	eventually(t, "federation-edit scales", func(ctx context.Context) error {
		_, stderr, err := e.host.KubectlAs(ctx, editor, "scale", "fdeploy", "web", "-n", ns, "--replicas=9")
		if err != nil {
			return fmt.Errorf("%w: %s", err, stderr)
		}
		return nil
	})
	e.wantSplitNow(t, ns, "web", [2]int32{6, 3})
	eventually(t, "federation-view reads the scale", func(ctx context.Context) error {
		_, stderr, err := e.host.KubectlAs(ctx, viewer, "get", "fdeploy", "web", "-n", ns, "--subresource=scale")
		if err != nil {
			return fmt.Errorf("%w: %s", err, stderr)
		}
		return nil
	})
	if _, stderr, err := e.host.KubectlAs(t.Context(), viewer, "scale", "fdeploy", "web", "-n", ns, "--replicas=1"); err == nil || !strings.Contains(stderr, "forbidden") {
		t.Errorf("view scaled: err %v, stderr %q; want forbidden", err, stderr)
	}
}
