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

package framework

import (
	"context"
	"fmt"
	"net"
	"path/filepath"
	"strconv"

	"k8s.io/klog/v2"
)

// ControllerManagerOptions configures an `fcp controller-manager` run for a host.
type ControllerManagerOptions struct {
	// Name tells instances apart (process, log file, leader identity in logs). Default:
	// fcp-controller-manager.
	Name string
	// Binary is the fcp binary. Default: fcp in BinDir().
	Binary string
	// Args are appended to the flags, after the test defaults: a 1s probe interval, a 4s
	// lease and a 2s write-through grace.
	Args []string
}

// ControllerManager is an `fcp controller-manager` process using the host's kubeconfig, and
// so the federation API through the host's aggregator. It serves /healthz and /metrics on a
// loopback port, authenticated and authorized by the host. The host's Stop stops it too.
type ControllerManager struct {
	host *ControlPlane
	opts ControllerManagerOptions
	port int
	cert CertKeyPair
}

// StartControllerManager starts an `fcp controller-manager` against the host and waits
// until it serves /healthz.
func (cp *ControlPlane) StartControllerManager(ctx context.Context, opts ControllerManagerOptions) (*ControllerManager, error) {
	ctx = cp.withLogger(ctx)
	if opts.Name == "" {
		opts.Name = "fcp-controller-manager"
	}
	if opts.Binary == "" {
		dir, err := BinDir()
		if err != nil {
			return nil, err
		}
		if opts.Binary, err = binaryPath(dir, componentFCP); err != nil {
			return nil, err
		}
	}
	cert, err := cp.IssueServingCert([]string{"localhost"}, []net.IP{net.ParseIP("127.0.0.1")})
	if err != nil {
		return nil, err
	}
	m := &ControllerManager{host: cp, opts: opts, cert: cert}
	if err := cp.runOnFreePort(ctx, &m.port, m.spec, m.ready); err != nil {
		return nil, err
	}
	return m, nil
}

func (m *ControllerManager) spec() processSpec {
	kubeconfig := m.host.KubeconfigPath()
	args := []string{
		"controller-manager",
		"--kubeconfig=" + kubeconfig,
		"--authentication-kubeconfig=" + kubeconfig,
		"--authorization-kubeconfig=" + kubeconfig,
		"--bind-address=127.0.0.1",
		"--secure-port=" + strconv.Itoa(m.port),
		"--tls-cert-file=" + m.cert.CertFile,
		"--tls-private-key-file=" + m.cert.KeyFile,
		"--cluster-probe-interval=1s",
		"--cluster-probe-timeout=1s",
		"--leader-elect-lease-duration=4s",
		"--leader-elect-renew-deadline=3s",
		"--leader-elect-retry-period=1s",
		"--write-through-grace=2s",
		"--v=2",
	}
	return processSpec{name: m.opts.Name, path: m.opts.Binary, args: append(args, m.opts.Args...)}
}

func (m *ControllerManager) ready(ctx context.Context) error {
	_, err := httpGet(ctx, m.host.httpClient, m.URL()+"/healthz")
	return err
}

// URL is the controller-manager's health and metrics address.
func (m *ControllerManager) URL() string { return "https://127.0.0.1:" + strconv.Itoa(m.port) }

// Metrics returns the controller-manager's /metrics, fetched as the host's admin.
func (m *ControllerManager) Metrics(ctx context.Context) (string, error) {
	return httpGet(ctx, m.host.httpClient, m.URL()+"/metrics")
}

// Start starts the process again after Stop or Kill, on the same port.
func (m *ControllerManager) Start(ctx context.Context) error {
	if p := m.host.process(m.opts.Name); p != nil && !p.exited() {
		return fmt.Errorf("%s is already running", m.opts.Name)
	}
	if err := m.host.rerun(ctx, m.spec(), m.ready); err != nil {
		return err
	}
	klog.FromContext(ctx).V(2).Info("Started", "component", m.opts.Name)
	return nil
}

// Stop stops the process with SIGTERM (it releases its Lease), then SIGKILL after 10s.
func (m *ControllerManager) Stop(ctx context.Context) error {
	return m.host.stopProcess(ctx, m.opts.Name, processStopGrace)
}

// Kill kills the process with SIGKILL: it cannot release its Lease.
func (m *ControllerManager) Kill(ctx context.Context) error {
	return m.host.stopProcess(ctx, m.opts.Name, 0)
}

// Name is the instance's name.
func (m *ControllerManager) Name() string { return m.opts.Name }

// LogPath is the file the process's output goes to.
func (m *ControllerManager) LogPath() string { return filepath.Join(m.host.logDir, m.opts.Name+".log") }
