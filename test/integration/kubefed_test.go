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
	"sync"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"

	"k8s.io/federation/cmd/kubefed/app"
	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/test/integration/framework"
)

// TestKubefed is the operator's story with kubefed: init a host, join a member, federate a
// ConfigMap to it, unjoin. kubefed runs in-process through its cobra command, with a
// kubeconfig holding one context per cluster as an operator's would. The fcp Deployment
// cannot run here, so when `kubefed init` waits for the APIService the test starts fcp on
// 127.0.0.1 as the artifacts' ServiceAccount (see startInstalledFCP).
func TestKubefed(t *testing.T) {
	ctx := t.Context()
	host := startControlPlane(t, framework.Options{Name: "host", ControllerManager: true})
	// The member's kube-controller-manager fills the token of federation's ServiceAccount.
	member := startControlPlane(t, framework.Options{Name: "member-1", ControllerManager: true})
	kubeconfig := mergedKubeconfig(t, host, member)
	kubefed := func(args ...string) (string, error) {
		return runKubefed(ctx, kubeconfig, args...)
	}

	t.Run("clear errors", func(t *testing.T) {
		for what, tc := range map[string]struct {
			args []string
			want string
		}{
			"missing context": {
				args: []string{"join", "m", "--cluster-context=nope", "--host-cluster-context=host"},
				want: `context "nope" (--cluster-context) not found in the kubeconfig; known contexts: down, host, member-1`,
			},
			"unreachable cluster": {
				args: []string{"join", "m", "--cluster-context=down", "--host-cluster-context=host"},
				want: `cannot reach the cluster of context "down" at https://127.0.0.1:1`,
			},
			"no federation yet": {
				args: []string{"join", "m", "--cluster-context=member-1", "--host-cluster-context=host"},
				want: "does not serve federation.k8s.io/v1beta1: run `kubefed init` first",
			},
		} {
			if out, err := kubefed(tc.args...); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%s: err %v, want it to contain %q; output:\n%s", what, err, tc.want, out)
			}
		}
	})

	t.Run("init is idempotent", func(t *testing.T) {
		first, err := kubefed("init", "myfed", "--host-cluster-context=host", "--wait=false")
		if err != nil {
			t.Fatalf("%v\n%s", err, first)
		}
		second, err := kubefed("init", "myfed", "--host-cluster-context=host", "--wait=false")
		if err != nil {
			t.Fatalf("%v\n%s", err, second)
		}
		if n := strings.Count(first, " created\n"); n != 17 {
			t.Errorf("first init created %d objects, want 17:\n%s", n, first)
		}

		if strings.Contains(second, " created\n") || strings.Contains(second, " configured\n") {
			t.Errorf("second init changed objects:\n%s", second)
		}
		out, err := kubefed("init", "otherfed", "--host-cluster-context=host", "--wait=false")
		if want := `this host already runs federation "myfed"`; err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("init of a second federation: err %v, want %q; output:\n%s", err, want, out)
		}
	})
	if t.Failed() {
		return
	}

	// Not a subtest: fcp must outlive it.
	initAndStandInForThePod(t, host, kubeconfig)

	joinArgs := []string{"join", "member-1", "--cluster-context=member-1", "--host-cluster-context=host",
		"--region=eu", "--cluster-labels=env=prod", "--timeout=1m"}
	t.Run("join", func(t *testing.T) {
		out, err := kubefed(joinArgs...)
		if err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		t.Logf("kubefed join:\n%s", out)
		cluster := getCluster(t, host, "member-1")
		if cluster.Spec.Server != member.APIServerURL() || cluster.Spec.Region != "eu" || cluster.Labels["env"] != "prod" ||
			cluster.Spec.SecretRef == nil || len(cluster.Spec.CABundle) == 0 {
			t.Errorf("cluster spec %+v, labels %v", cluster.Spec, cluster.Labels)
		}
		if out, err := kubefed(joinArgs...); err == nil || !strings.Contains(err.Error(), `cluster "member-1" is already joined`) {
			t.Errorf("second join: err %v, want already joined; output:\n%s", err, out)
		}
	})

	e := &fedEnv{host: host}
	t.Run("a FederatedConfigMap reaches the member", func(t *testing.T) {
		ns := e.newNamespace(t, "shop")
		fcm := newFCM(ns, "greeting", map[string]string{"hello": "world"})
		fcm.Spec.PropagationSpec = placedOn("member-1")
		e.mustApply(t, "", fcm, applyOptions{})
		eventually(t, "the ConfigMap in member-1", func(context.Context) error {
			if memberConfigMap(t, member, ns, "greeting") == nil {
				return fmt.Errorf("not there yet")
			}
			return nil
		})
		wantMemberData(t, member, ns, "greeting", map[string]string{"hello": "world"})
	})

	t.Run("the README's FederatedDeployment reaches the member", func(t *testing.T) {
		// Step 4 of "Install into an existing cluster", verbatim; it selects env=prod.
		manifest := readmeSnippet(t, "kubectl --context=host apply -f - <<'YAML'\n", "YAML\n")
		path := filepath.Join(t.TempDir(), "web.yaml")
		if err := os.WriteFile(path, []byte(manifest), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, _, err := host.Kubectl(ctx, "apply", "-f", path); err != nil {
			t.Fatal(err)
		}
		if _, _, err := host.Kubectl(ctx, "-n", "shop", "wait", "--for=condition=Propagated", "federateddeployment/web", "--timeout=60s"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := member.Kubectl(ctx, "-n", "shop", "get", "deployment", "web"); err != nil {
			t.Error(err)
		}
	})

	t.Run("version", func(t *testing.T) {
		out, err := kubefed("version", "--host-cluster-context=host")
		if err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		for _, want := range []string{"Client Version: ", "Host Version: v1.37.2", "Server Version: apiserver=federation/fcp:latest", "Federation API: v1beta1.federation.k8s.io Available"} {
			if !strings.Contains(out, want) {
				t.Errorf("version output lacks %q:\n%s", want, out)
			}
		}
	})

	t.Run("unjoin leaves no federation identity in the member", func(t *testing.T) {
		// No --cluster-context: kubefed finds the member's context by its server.
		out, err := kubefed("unjoin", "member-1", "--host-cluster-context=host")
		if err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		t.Logf("kubefed unjoin:\n%s", out)
		if !strings.Contains(out, "left in place") {
			t.Errorf("unjoin does not say what happens to member copies:\n%s", out)
		}
		wantNoFederationIdentity(t, host, member, "member-1")
		if memberConfigMap(t, member, "shop", "greeting") == nil {
			t.Error("the member copy is gone; --delete-federated-objects=false should leave it")
		}
	})

	t.Run("unjoin --delete-federated-objects", func(t *testing.T) {
		eventually(t, "member namespace federation-system is gone", func(ctx context.Context) error {
			_, err := member.Client().CoreV1().Namespaces().Get(ctx, "federation-system", metav1.GetOptions{})
			if apierrors.IsNotFound(err) {
				return nil
			}
			return fmt.Errorf("still there: %v", err)
		})
		if out, err := kubefed(joinArgs...); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		out, err := kubefed("unjoin", "member-1", "--host-cluster-context=host", "--cluster-context=member-1", "--delete-federated-objects")
		if err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		if !strings.Contains(out, "configmaps/greeting (namespace shop) deleted") || !strings.Contains(out, "deployments/web (namespace shop) deleted") {
			t.Errorf("unjoin output:\n%s", out)
		}
		wantMemberNotFound(t, member, "shop", "configmap", "greeting")
		wantMemberNotFound(t, member, "shop", "deployment", "web")
		// The namespace federation made for them may hold what it did not put there: only a
		// FederatedNamespace's deletion, which checks, deletes one. Unjoin releases it.
		if !strings.Contains(out, "namespaces/shop kept, no longer managed") {
			t.Errorf("unjoin output does not say namespace shop was kept:\n%s", out)
		}
		if ns := memberNamespace(t, member, "shop"); ns == nil || ns.Labels[managedLabel] != "" || ns.Annotations["federation.k8s.io/created"] != "" {
			t.Errorf("member-1's namespace shop after unjoin: %+v, want it kept and no longer marked as federation's", ns)
		}
		wantNoFederationIdentity(t, host, member, "member-1")
	})
}

// initAndStandInForThePod runs `kubefed init` with the default wait and, once it waits for
// the APIService, starts fcp as the Deployment's pod would run it; init must then finish.
func initAndStandInForThePod(t *testing.T, host *framework.ControlPlane, kubeconfig string) {
	t.Helper()
	out := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		_, err := runKubefedTo(t.Context(), out, kubeconfig, "init", "myfed", "--host-cluster-context=host", "--timeout=2m")
		done <- err
	}()
	eventually(t, "kubefed init waits", func(context.Context) error {
		if !strings.Contains(out.String(), "Waiting up to") {
			return fmt.Errorf("output so far:\n%s", out.String())
		}
		return nil
	})
	startInstalledFCP(t, host)
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("%v\n%s", err, out.String())
		}
	case <-time.After(waitTimeout):
		t.Fatalf("kubefed init still waiting:\n%s", out.String())
	}
	if !strings.Contains(out.String(), `Federation "myfed" is up`) {
		t.Errorf("init output:\n%s", out.String())
	}
	t.Logf("kubefed init:\n%s", out.String())
}

// wantNoFederationIdentity fails t if the host still has the Cluster or its Secret, or the
// member any ServiceAccount, token or RBAC of federation's.
func wantNoFederationIdentity(t *testing.T, host, member *framework.ControlPlane, name string) {
	t.Helper()
	ctx := t.Context()
	e := &fedEnv{host: host}
	e.wantNotFound(t, "", "clusters.federation.k8s.io", name)
	e.wantNotFound(t, installNamespace, "secret", name+"-credentials")
	crs, err := member.Client().RbacV1().ClusterRoles().List(ctx, metav1.ListOptions{LabelSelector: "federation.k8s.io/cluster"})
	if err != nil {
		t.Fatal(err)
	}
	crbs, err := member.Client().RbacV1().ClusterRoleBindings().List(ctx, metav1.ListOptions{LabelSelector: "federation.k8s.io/cluster"})
	if err != nil {
		t.Fatal(err)
	}
	sas, err := member.Client().CoreV1().ServiceAccounts("").List(ctx, metav1.ListOptions{LabelSelector: "federation.k8s.io/cluster"})
	if err != nil {
		t.Fatal(err)
	}
	secrets, err := member.Client().CoreV1().Secrets("").List(ctx, metav1.ListOptions{LabelSelector: "federation.k8s.io/cluster"})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(crs.Items) + len(crbs.Items) + len(sas.Items) + len(secrets.Items); n != 0 {
		t.Errorf("member keeps %d ClusterRoles, %d ClusterRoleBindings, %d ServiceAccounts, %d Secrets of federation's",
			len(crs.Items), len(crbs.Items), len(sas.Items), len(secrets.Items))
	}
	for _, name := range []string{"federation:member:" + name} {
		if _, err := member.Client().RbacV1().ClusterRoles().Get(ctx, name, metav1.GetOptions{}); !apierrors.IsNotFound(err) {
			t.Errorf("member ClusterRole %s: %v, want NotFound", name, err)
		}
	}
}

func getCluster(t *testing.T, host *framework.ControlPlane, name string) *fedv1beta1.Cluster {
	t.Helper()
	var c fedv1beta1.Cluster
	if !getJSON(t, host, "", "clusters.federation.k8s.io", name, &c) {
		t.Fatalf("cluster %s not found", name)
	}
	return &c
}

// readmeSnippet returns the text of README.md between the first line ending in begin and
// the next line that is end.
func readmeSnippet(t *testing.T, begin, end string) string {
	t.Helper()
	root, err := framework.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(data), begin)
	if !ok {
		t.Fatalf("README.md has no %q", begin)
	}
	snippet, _, ok := strings.Cut(after, "\n"+end)
	if !ok {
		t.Fatalf("README.md: no %q after %q", end, begin)
	}
	return snippet + "\n"
}

// startControlPlane starts a control plane that stops when the test ends.
func startControlPlane(t *testing.T, opts framework.Options) *framework.ControlPlane {
	t.Helper()
	cp, err := framework.Start(t.Context(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := cp.Stop(context.WithoutCancel(t.Context())); err != nil {
			t.Error(err)
		}
	})
	return cp
}

// mergedKubeconfig writes one kubeconfig with a context per control plane, named after it,
// and a context "down" for a server nobody listens on.
func mergedKubeconfig(t *testing.T, cps ...*framework.ControlPlane) string {
	t.Helper()
	merged := clientcmdapi.NewConfig()
	for _, cp := range cps {
		cfg, err := clientcmd.LoadFromFile(cp.KubeconfigPath())
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range cfg.Clusters {
			merged.Clusters[k] = v
		}
		for k, v := range cfg.AuthInfos {
			merged.AuthInfos[cp.Name()+"-"+k] = v
		}
		for k, v := range cfg.Contexts {
			v.AuthInfo = cp.Name() + "-" + v.AuthInfo
			merged.Contexts[k] = v
		}
	}
	merged.Clusters["down"] = &clientcmdapi.Cluster{Server: "https://127.0.0.1:1"}
	merged.Contexts["down"] = &clientcmdapi.Context{Cluster: "down", AuthInfo: cps[0].Name() + "-admin"}
	path := t.TempDir() + "/kubeconfig"
	if err := clientcmd.WriteToFile(*merged, path); err != nil {
		t.Fatal(err)
	}
	return path
}

// runKubefed runs kubefed's command in-process and returns what it printed.
func runKubefed(ctx context.Context, kubeconfig string, args ...string) (string, error) {
	out := &syncBuffer{}
	return runKubefedTo(ctx, out, kubeconfig, args...)
}

func runKubefedTo(ctx context.Context, out *syncBuffer, kubeconfig string, args ...string) (string, error) {
	cmd := app.NewCommand(out, out)
	cmd.SetArgs(append([]string{"--kubeconfig=" + kubeconfig}, args...))
	err := cmd.ExecuteContext(ctx)
	return out.String(), err
}

// syncBuffer is an output a command writes while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
