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
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/utils/ptr"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/generated/clientset/versioned"
	"k8s.io/federation/test/integration/framework"
)

// pollInterval is how often eventually-consistent checks are retried.
const pollInterval = 200 * time.Millisecond

// fedEnv is what the subtests of TestAPIServerThroughAggregator share: one host, the fcp
// behind its aggregator, and a federation clientset talking to the host.
type fedEnv struct {
	host *framework.ControlPlane
	fcp  *framework.FCP
	fed  versioned.Interface
}

// kubectl runs the real kubectl as the host's admin.
func (e *fedEnv) kubectl(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	return e.host.Kubectl(t.Context(), args...)
}

// mustKubectl runs kubectl as admin, fails t if it exits non-zero and returns stdout.
func (e *fedEnv) mustKubectl(t *testing.T, args ...string) string {
	t.Helper()
	out, _, err := e.kubectl(t, args...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// newNamespace creates namespace name on the host with kubectl.
func (e *fedEnv) newNamespace(t *testing.T, name string) string {
	t.Helper()
	e.mustKubectl(t, "create", "namespace", name)
	return name
}

// applyOptions are the kubectl apply flags a scenario needs.
type applyOptions struct {
	// As runs kubectl as this user instead of admin.
	As *framework.User
	// ServerSide uses server-side apply with FieldManager.
	ServerSide     bool
	FieldManager   string
	ForceConflicts bool
	// DryRunServer sends the request with dryRun=All.
	DryRunServer bool
}

// apply writes obj as a manifest and runs `kubectl apply -f` on it, in namespace ns unless
// ns is empty.
func (e *fedEnv) apply(t *testing.T, ns string, obj any, opts applyOptions) (stdout, stderr string, err error) {
	t.Helper()
	args := []string{"apply", "-f", writeManifest(t, obj)}
	if ns != "" {
		args = append(args, "-n", ns)
	}
	if opts.ServerSide {
		args = append(args, "--server-side")
	}
	if opts.FieldManager != "" {
		args = append(args, "--field-manager="+opts.FieldManager)
	}
	if opts.ForceConflicts {
		args = append(args, "--force-conflicts")
	}
	if opts.DryRunServer {
		args = append(args, "--dry-run=server")
	}
	if opts.As != nil {
		return e.host.KubectlAs(t.Context(), opts.As, args...)
	}
	return e.kubectl(t, args...)
}

// mustApply is apply that fails t when kubectl exits non-zero.
func (e *fedEnv) mustApply(t *testing.T, ns string, obj any, opts applyOptions) string {
	t.Helper()
	out, _, err := e.apply(t, ns, obj, opts)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// wantNotFound fails t unless `kubectl get resource name` reports NotFound.
func (e *fedEnv) wantNotFound(t *testing.T, ns, resource, name string) {
	t.Helper()
	args := []string{"get", resource, name}
	if ns != "" {
		args = append(args, "-n", ns)
	}
	if _, stderr, err := e.kubectl(t, args...); err == nil || !strings.Contains(stderr, "NotFound") {
		t.Errorf("kubectl get %s %s: err %v, stderr %q; want NotFound", resource, name, err, stderr)
	}
}

// writeManifest writes obj as JSON, which kubectl reads like YAML, to a new file.
func writeManifest(t *testing.T, obj any) string {
	t.Helper()
	data, err := json.MarshalIndent(obj, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.CreateTemp(t.TempDir(), "manifest-*.json")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write(data); err != nil {
		t.Fatal(errors.Join(err, f.Close()))
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return f.Name()
}

// exitCode returns kubectl's exit status from an error of Kubectl: 0 for nil, -1 when the
// command did not run to an exit.
func exitCode(err error) int {
	if err == nil {
		return 0
	}
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		return exitErr.ExitCode()
	}
	return -1
}

// eventually polls check until it returns nil and fails t with check's last error if that
// does not happen within waitTimeout.
func eventually(t *testing.T, what string, check func(ctx context.Context) error) {
	t.Helper()
	var last error
	err := wait.PollUntilContextTimeout(t.Context(), pollInterval, waitTimeout, true, func(ctx context.Context) (bool, error) {
		last = check(ctx)
		return last == nil, nil
	})
	if err != nil {
		t.Fatalf("%s: %v; last check: %v", what, err, last)
	}
}

// tableRows splits kubectl's table output into rows of whitespace-separated cells; it only
// suits tables whose cells have no spaces.
func tableRows(out string) [][]string {
	var rows [][]string
	for line := range strings.Lines(out) {
		if fields := strings.Fields(line); len(fields) > 0 {
			rows = append(rows, fields)
		}
	}
	return rows
}

// nonEmptyLines returns the lines of out, without blank ones.
func nonEmptyLines(out string) []string {
	return slices.DeleteFunc(strings.Split(out, "\n"), func(s string) bool { return strings.TrimSpace(s) == "" })
}

// anonymousGet GETs url over TLS, trusting only caPEM and presenting no client
// certificate, and returns the status code.
func anonymousGet(ctx context.Context, caPEM []byte, url string) (int, error) {
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(caPEM) {
		return 0, errors.New("no certificate in CA bundle")
	}
	transport := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}
	defer transport.CloseIdleConnections()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	resp, err := (&http.Client{Transport: transport}).Do(req)
	if err != nil {
		return 0, err
	}
	_, readErr := io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, errors.Join(readErr, resp.Body.Close())
}

// kubectlStream is a long-running kubectl (e.g. get --watch) whose stdout is read line by
// line.
type kubectlStream struct {
	lines   chan string
	cancel  context.CancelFunc
	cmd     *exec.Cmd
	stderr  *bytes.Buffer
	read    sync.WaitGroup
	readErr error // set before read is done
	stopped func() error
}

// startKubectlStream starts the real kubectl as admin with args. It is stopped when t ends.
func (e *fedEnv) startKubectlStream(t *testing.T, args ...string) *kubectlStream {
	t.Helper()
	binDir, err := framework.BinDir()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	full := append([]string{
		"--kubeconfig=" + e.host.KubeconfigPath(),
		"--cache-dir=" + filepath.Join(e.host.Dir(), "kubectl-cache"),
	}, args...)
	s := &kubectlStream{
		lines:  make(chan string),
		cancel: cancel,
		cmd:    exec.CommandContext(ctx, filepath.Join(binDir, "kubectl"), full...),
		stderr: &bytes.Buffer{},
	}
	s.cmd.Stderr = s.stderr
	stdout, err := s.cmd.StdoutPipe()
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	if err := s.cmd.Start(); err != nil {
		cancel()
		t.Fatal(err)
	}
	s.read.Go(func() {
		defer close(s.lines)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			select {
			case s.lines <- sc.Text():
			case <-ctx.Done():
				return
			}
		}
		s.readErr = sc.Err()
	})
	s.stopped = sync.OnceValue(s.stop)
	t.Cleanup(func() {
		if err := s.stopped(); err != nil {
			t.Error(err)
		}
	})
	return s
}

// next returns the next line of output, failing t if none comes within waitTimeout.
func (s *kubectlStream) next(t *testing.T) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), waitTimeout)
	defer cancel()
	select {
	case line, ok := <-s.lines:
		if !ok {
			t.Fatalf("kubectl %v ended early: %v", s.cmd.Args, s.stopped())
		}
		return line
	case <-ctx.Done():
		t.Fatalf("no output from kubectl %v within %v", s.cmd.Args, waitTimeout)
	}
	return ""
}

// stop kills kubectl and waits for it; call it through stopped, which runs it once. Being
// killed is the expected end; exiting with an error of its own is reported with stderr.
func (s *kubectlStream) stop() error {
	s.cancel()
	s.read.Wait() // Wait closes stdout, so every read must be done before it.
	err := s.cmd.Wait()
	var exitErr *exec.ExitError
	if err == nil || (errors.As(err, &exitErr) && !exitErr.Exited()) {
		err = nil
	}
	if err = errors.Join(err, s.readErr); err != nil {
		return fmt.Errorf("kubectl %v: %w: %s", s.cmd.Args, err, s.stderr.String())
	}
	return nil
}

// testPlacement places objects on two member clusters by name. No member runs: these tests
// cover the API server, and placement only has to validate.
func testPlacement() fedv1beta1.PropagationSpec {
	return fedv1beta1.PropagationSpec{Placement: fedv1beta1.Placement{
		Clusters: []fedv1beta1.ClusterReference{{Name: "member-1"}, {Name: "member-2"}},
	}}
}

// newFCM returns a FederatedConfigMap with the given data, placed by testPlacement.
func newFCM(ns, name string, data map[string]string) *fedv1beta1.FederatedConfigMap {
	return &fedv1beta1.FederatedConfigMap{
		TypeMeta:   metav1.TypeMeta{APIVersion: fedv1beta1.SchemeGroupVersion.String(), Kind: "FederatedConfigMap"},
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns},
		Spec: fedv1beta1.FederatedConfigMapSpec{
			Template:        fedv1beta1.ConfigMapTemplate{Data: data},
			PropagationSpec: testPlacement(),
		},
	}
}

// newFDeploy returns a FederatedDeployment of a pause container with the given replicas,
// placed by testPlacement.
func newFDeploy(ns, name string, replicas int32) *fedv1beta1.FederatedDeployment {
	labels := map[string]string{"app": name}
	return &fedv1beta1.FederatedDeployment{
		TypeMeta:   metav1.TypeMeta{APIVersion: fedv1beta1.SchemeGroupVersion.String(), Kind: "FederatedDeployment"},
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns},
		Spec: fedv1beta1.FederatedDeploymentSpec{
			Template: fedv1beta1.DeploymentTemplate{Spec: appsv1.DeploymentSpec{
				Replicas: ptr.To(replicas),
				Selector: &metav1.LabelSelector{MatchLabels: labels},
				Template: corev1.PodTemplateSpec{
					ObjectMeta: metav1.ObjectMeta{Labels: labels},
					Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "web", Image: "registry.k8s.io/pause:3.10"}}},
				},
			}},
			PropagationSpec: testPlacement(),
		},
	}
}
