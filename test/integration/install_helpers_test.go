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
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	authenticationv1 "k8s.io/api/authentication/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
	"k8s.io/utils/ptr"

	"k8s.io/federation/artifacts"
	"k8s.io/federation/test/integration/framework"
)

// What the artifacts install; the tests read the rest from the files themselves.
const (
	installNamespace      = "federation-system"
	installServiceAccount = "fcp"
	installService        = "fcp"
	installAPIService     = "v1beta1.federation.k8s.io"
	installCertSecret     = "fcp-serving-cert"
)

// artifactsDir is the repository's artifacts/ folder, the one users `kubectl apply -f`.
func artifactsDir(t *testing.T) string {
	t.Helper()
	root, err := framework.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(root, "artifacts")
}

// artifactContainerArgs returns the args of a container of the fcp Deployment in
// artifacts/05-deployment.yaml: the tests run fcp with exactly these.
func artifactContainerArgs(t *testing.T, container string) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(artifactsDir(t), "05-deployment.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var d appsv1.Deployment
	if err := yaml.Unmarshal(data, &d); err != nil {
		t.Fatalf("decoding the artifacts' Deployment: %v", err)
	}
	for _, c := range d.Spec.Template.Spec.Containers {
		if c.Name == container {
			return c.Args
		}
	}
	t.Fatalf("the artifacts' Deployment has no container %q", container)
	return nil
}

// withoutFlags drops the flags named (without their values, --name=value form only).
func withoutFlags(args []string, names ...string) []string {
	return slices.DeleteFunc(slices.Clone(args), func(a string) bool {
		return slices.ContainsFunc(names, func(n string) bool { return strings.HasPrefix(a, "--"+n+"=") })
	})
}

// serviceAccountKubeconfig writes a kubeconfig authenticating to host with a token of the
// artifacts' ServiceAccount from the TokenRequest API: what fcp gets in its pod.
func serviceAccountKubeconfig(t *testing.T, host *framework.ControlPlane) string {
	t.Helper()
	tr, err := host.Client().CoreV1().ServiceAccounts(installNamespace).CreateToken(t.Context(), installServiceAccount,
		&authenticationv1.TokenRequest{Spec: authenticationv1.TokenRequestSpec{ExpirationSeconds: ptr.To[int64](3600)}},
		metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("requesting a token for %s/%s: %v", installNamespace, installServiceAccount, err)
	}
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters["host"] = &clientcmdapi.Cluster{Server: host.APIServerURL(), CertificateAuthorityData: host.CACertPEM()}
	cfg.AuthInfos["fcp"] = &clientcmdapi.AuthInfo{Token: tr.Status.Token}
	cfg.Contexts["host"] = &clientcmdapi.Context{Cluster: "host", AuthInfo: "fcp"}
	cfg.CurrentContext = "host"
	path := filepath.Join(t.TempDir(), "fcp-serviceaccount.kubeconfig")
	if err := clientcmd.WriteToFile(*cfg, path); err != nil {
		t.Fatal(err)
	}
	return path
}

// routeToLoopback points the artifacts' Service at 127.0.0.1:port, where fcp runs outside
// the cluster: the Service becomes an ExternalName for localhost (no kube-proxy here) and
// the APIService's port fcp's. Names stay, so the aggregator still verifies
// fcp.federation-system.svc against the caBundle fcp writes.
func routeToLoopback(t *testing.T, host *framework.ControlPlane, port int) {
	t.Helper()
	ctx := t.Context()
	services := host.Client().CoreV1().Services(installNamespace)
	if err := services.Delete(ctx, installService, metav1.DeleteOptions{}); err != nil && !apierrors.IsNotFound(err) {
		t.Fatal(err)
	}
	svc := &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Name: installService, Namespace: installNamespace},
		Spec:       corev1.ServiceSpec{Type: corev1.ServiceTypeExternalName, ExternalName: "localhost"},
	}
	if _, err := services.Create(ctx, svc, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	patch := fmt.Sprintf(`{"spec":{"service":{"port":%d}}}`, port)
	if _, _, err := host.Kubectl(ctx, "patch", "apiservice", installAPIService, "--type=merge", "-p", patch); err != nil {
		t.Fatal(err)
	}
}

// installedFCP is fcp run as the artifacts' Deployment runs it, but as processes on
// 127.0.0.1: the same args, the ServiceAccount's token instead of the in-cluster config.
type installedFCP struct {
	Port int
	dir  string
}

// startInstalledFCP starts `fcp apiserver` (and `fcp controller-manager` when this fcp has
// it) with the artifacts' container args and the ServiceAccount's credentials, routes the
// artifacts' Service and APIService to it, and waits until the host reports the APIService
// Available. The artifacts must be applied.
func startInstalledFCP(t *testing.T, host *framework.ControlPlane) *installedFCP {
	t.Helper()
	f := &installedFCP{dir: t.TempDir()}
	kubeconfig := serviceAccountKubeconfig(t, host)
	f.Port = freePort(t)
	routeToLoopback(t, host, f.Port)
	args := append(withoutFlags(artifactContainerArgs(t, "apiserver"), "secure-port", "etcd-data-dir"),
		"--bind-address=127.0.0.1",
		"--secure-port="+strconv.Itoa(f.Port),
		"--etcd-data-dir="+filepath.Join(f.dir, "etcd"),
		"--kubeconfig="+kubeconfig,
		"--authentication-kubeconfig="+kubeconfig,
		"--authorization-kubeconfig="+kubeconfig,
		"--v=2",
	)
	f.start(t, "apiserver", args)
	f.start(t, "controller-manager", append(withoutFlags(artifactContainerArgs(t, "controller-manager"), "secure-port", "cert-dir"),
		"--bind-address=127.0.0.1",
		"--secure-port="+strconv.Itoa(freePort(t)),
		"--cert-dir="+filepath.Join(f.dir, "controller-manager-certificates"),
		"--kubeconfig="+kubeconfig,
		"--authentication-kubeconfig="+kubeconfig,
		"--authorization-kubeconfig="+kubeconfig,
		"--cluster-probe-interval=1s",
		"--v=2"))
	if err := host.WaitForAPIServiceAvailable(t.Context(), installAPIService); err != nil {
		t.Fatalf("%v\n%s", err, f.logs())
	}
	return f
}

// start runs fcp with args, its output in <dir>/<name>.log, until the test ends.
func (f *installedFCP) start(t *testing.T, name string, args []string) {
	t.Helper()
	logPath := filepath.Join(f.dir, name+".log")
	log, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(fcpBinary, args...)
	cmd.Stdout, cmd.Stderr = log, log
	// fcp must not outlive a test binary that is killed.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting fcp %s: %v", name, err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	t.Cleanup(func() {
		defer log.Close()
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
		if t.Failed() {
			t.Logf("fcp %s log (%s):\n%s", name, logPath, tail(logPath, 40))
		}
	})
}

// logs returns the end of every fcp log, for failure messages.
func (f *installedFCP) logs() string {
	var b strings.Builder
	for _, name := range []string{"apiserver", "controller-manager"} {
		p := filepath.Join(f.dir, name+".log")
		if _, err := os.Stat(p); err == nil {
			fmt.Fprintf(&b, "----- fcp %s -----\n%s\n", name, tail(p, 40))
		}
	}
	return b.String()
}

// tail returns the last n lines of the file at path.
func tail(path string, n int) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// freePort returns a loopback port that was free a moment ago.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// bindRole binds the host's ClusterRole role to user in namespace ns.
func bindRole(t *testing.T, host *framework.ControlPlane, ns, role string, user *framework.User) {
	t.Helper()
	if _, _, err := host.Kubectl(t.Context(), "create", "rolebinding", user.Name+"-"+role, "-n", ns,
		"--clusterrole="+role, "--user="+user.Name); err != nil {
		t.Fatal(err)
	}
}

// waitForAggregatedRole waits until the host's ClusterRole role grants verb on resource of
// federation.k8s.io: kube-controller-manager aggregates the artifacts' roles into it.
func waitForAggregatedRole(t *testing.T, host *framework.ControlPlane, role, verb, resource string) {
	t.Helper()
	eventually(t, "ClusterRole "+role+" aggregates "+verb+" "+resource, func(ctx context.Context) error {
		cr, err := host.Client().RbacV1().ClusterRoles().Get(ctx, role, metav1.GetOptions{})
		if err != nil {
			return err
		}
		for _, r := range cr.Rules {
			if slices.Contains(r.APIGroups, "federation.k8s.io") && slices.Contains(r.Resources, resource) && slices.Contains(r.Verbs, verb) {
				return nil
			}
		}
		return errors.New("not yet")
	})
}

// apiServiceCABundle returns the caBundle of the artifacts' APIService.
func apiServiceCABundle(t *testing.T, host *framework.ControlPlane) (caBundle []byte, insecure bool) {
	t.Helper()
	out, _, err := host.Kubectl(t.Context(), "get", "apiservice", installAPIService, "-o", "json")
	if err != nil {
		t.Fatal(err)
	}
	var svc struct {
		Spec struct {
			CABundle              []byte `json:"caBundle"`
			InsecureSkipTLSVerify bool   `json:"insecureSkipTLSVerify"`
		} `json:"spec"`
	}
	if err := yaml.Unmarshal([]byte(out), &svc); err != nil {
		t.Fatal(err)
	}
	return svc.Spec.CABundle, svc.Spec.InsecureSkipTLSVerify
}

// applyArtifactRoles applies the artifacts' aggregated ClusterRoles (03-rbac-aggregated.yaml)
// to the host with kubectl.
func (e *fedEnv) applyArtifactRoles(t *testing.T) {
	t.Helper()
	data, err := artifacts.Files.ReadFile("03-rbac-aggregated.yaml")
	if err != nil {
		t.Fatal(err)
	}
	roles := filepath.Join(t.TempDir(), "roles.yaml")
	if err := os.WriteFile(roles, data, 0o600); err != nil {
		t.Fatal(err)
	}
	e.mustKubectl(t, "apply", "-f", roles)
}
