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

package framework

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
)

// Kubectl runs the real kubectl as admin against this control plane and returns its stdout
// and stderr. A non-zero exit is an error that quotes stderr.
func (cp *ControlPlane) Kubectl(ctx context.Context, args ...string) (stdout, stderr string, err error) {
	return cp.KubectlWithKubeconfig(ctx, cp.kubeconfig, args...)
}

// KubectlAs runs kubectl like Kubectl, authenticated as u.
func (cp *ControlPlane) KubectlAs(ctx context.Context, u *User, args ...string) (stdout, stderr string, err error) {
	return cp.KubectlWithKubeconfig(ctx, u.KubeconfigPath, args...)
}

// KubectlWithKubeconfig runs kubectl like Kubectl with the given kubeconfig file.
func (cp *ControlPlane) KubectlWithKubeconfig(ctx context.Context, kubeconfig string, args ...string) (stdout, stderr string, err error) {
	full := append([]string{
		"--kubeconfig=" + kubeconfig,
		// Discovery is cached by host:port; a private cache keeps a reused port from
		// serving another (or an earlier) control plane's API list.
		"--cache-dir=" + filepath.Join(cp.dir, "kubectl-cache"),
	}, args...)
	cmd := exec.CommandContext(ctx, cp.bins[kubectlBinary], full...)
	cmd.Dir = cp.dir
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		return out.String(), errOut.String(), fmt.Errorf("kubectl %s on %s: %w: %s",
			strings.Join(args, " "), cp.name, err, strings.TrimSpace(errOut.String()))
	}
	return out.String(), errOut.String(), nil
}
