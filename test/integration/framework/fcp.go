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
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"

	"k8s.io/klog/v2"
)

const (
	componentFCP = "fcp"
	// FederationGroup and FederationVersion are the API fcp serves.
	FederationGroup   = "federation.k8s.io"
	FederationVersion = "v1beta1"
)

// FCPOptions configures an `fcp apiserver` run for a host.
type FCPOptions struct {
	// Binary is the fcp binary. Default: fcp in BinDir().
	Binary string
	// Dir holds fcp's embedded etcd data and serving certificate. Default: <host dir>/fcp.
	// Data in it survives Stop and Start.
	Dir string
	// Namespace and ServiceName name the host Service the APIService points at. Defaults:
	// federation-system and api.
	Namespace, ServiceName string
	// Args are appended to fcp's flags.
	Args []string
	// All runs `fcp all` (apiserver and controllers in one process) instead of `fcp apiserver`.
	All bool
}

// FCP is an `fcp apiserver` process serving federation.k8s.io/v1beta1 to a host through the
// host's aggregator. The host's Stop stops it too.
type FCP struct {
	host       *ControlPlane
	opts       FCPOptions
	port       int
	cert       CertKeyPair
	apiService string
}

// StartFCP starts fcp on a free loopback port with a serving certificate from the host's CA,
// registers its APIService with the host and waits until the host reports it Available.
func (cp *ControlPlane) StartFCP(ctx context.Context, opts FCPOptions) (*FCP, error) {
	ctx = cp.withLogger(ctx)
	if opts.Binary == "" {
		dir, err := BinDir()
		if err != nil {
			return nil, err
		}
		if opts.Binary, err = binaryPath(dir, componentFCP); err != nil {
			return nil, err
		}
	}
	if opts.Dir == "" {
		opts.Dir = filepath.Join(cp.dir, componentFCP)
	}
	if opts.Namespace == "" {
		opts.Namespace = "federation-system"
	}
	if opts.ServiceName == "" {
		opts.ServiceName = "api"
	}
	if err := os.MkdirAll(opts.Dir, 0o700); err != nil {
		return nil, fmt.Errorf("creating fcp dir: %w", err)
	}
	// The aggregator verifies <service>.<namespace>.svc; people and tests use 127.0.0.1.
	cert, err := cp.IssueServingCert([]string{opts.ServiceName + "." + opts.Namespace + ".svc", "localhost"},
		[]net.IP{net.ParseIP("127.0.0.1")})
	if err != nil {
		return nil, err
	}
	f := &FCP{host: cp, opts: opts, cert: cert}
	if err := cp.runOnFreePort(ctx, &f.port, f.spec, f.ready); err != nil {
		return nil, err
	}
	f.apiService, err = cp.RegisterAPIService(ctx, APIServiceOptions{
		Group: FederationGroup, Version: FederationVersion,
		Namespace: opts.Namespace, ServiceName: opts.ServiceName, Port: int32(f.port),
	})
	if err != nil {
		return nil, err
	}
	if err := cp.WaitForAPIServiceAvailable(ctx, f.apiService); err != nil {
		return nil, err
	}
	klog.FromContext(ctx).V(2).Info("fcp apiserver available through the host", "port", f.port)
	return f, nil
}

func (f *FCP) spec() processSpec {
	kubeconfig := f.host.KubeconfigPath()
	command := "apiserver"
	if f.opts.All {
		command = "all"
	}
	args := []string{
		command,
		"--bind-address=127.0.0.1",
		"--secure-port=" + strconv.Itoa(f.port),
		"--tls-cert-file=" + f.cert.CertFile,
		"--tls-private-key-file=" + f.cert.KeyFile,
		"--kubeconfig=" + kubeconfig,
		"--authentication-kubeconfig=" + kubeconfig,
		"--authorization-kubeconfig=" + kubeconfig,
		"--etcd-data-dir=" + f.DataDir(),
		"--cert-dir=" + filepath.Join(f.opts.Dir, "certificates"),
		"--v=2",
	}
	return processSpec{name: componentFCP, path: f.opts.Binary, args: append(args, f.opts.Args...)}
}

func (f *FCP) ready(ctx context.Context) error {
	_, err := httpGet(ctx, f.host.httpClient, f.URL()+"/readyz")
	return err
}

// URL is fcp's own address, bypassing the host's aggregator.
func (f *FCP) URL() string { return "https://127.0.0.1:" + strconv.Itoa(f.port) }

// Metrics returns fcp's /metrics, fetched directly (not through the aggregator) as the
// host's admin.
func (f *FCP) Metrics(ctx context.Context) (string, error) {
	return httpGet(ctx, f.host.httpClient, f.URL()+"/metrics")
}

// DataDir is the embedded etcd's data directory.
func (f *FCP) DataDir() string { return filepath.Join(f.opts.Dir, "etcd") }

// APIServiceName is the name of fcp's APIService on the host.
func (f *FCP) APIServiceName() string { return f.apiService }

// LogPath is the file fcp's output goes to.
func (f *FCP) LogPath() string { return filepath.Join(f.host.logDir, componentFCP+".log") }

// Stop stops fcp (SIGTERM, then SIGKILL after 10s). Its APIService stays registered, as when
// fcp crashes, so the host reports it unavailable.
func (f *FCP) Stop(ctx context.Context) error {
	p := f.host.process(componentFCP)
	if p == nil {
		return errors.New("fcp was never started")
	}
	if err := p.stop(ctx, processStopGrace); err != nil {
		return fmt.Errorf("stopping fcp: %w", err)
	}
	return nil
}

// Start starts fcp again after Stop, on the same port and data, and waits until the host
// reports its APIService Available.
func (f *FCP) Start(ctx context.Context) error {
	ctx = f.host.withLogger(ctx)
	if p := f.host.process(componentFCP); p != nil && !p.exited() {
		return errors.New("fcp is already running")
	}
	if err := f.host.rerun(ctx, f.spec(), f.ready); err != nil {
		return err
	}
	return f.host.WaitForAPIServiceAvailable(ctx, f.apiService)
}

// Kill kills fcp with SIGKILL, as a crash or an OOM kill would: requests in flight are cut.
func (f *FCP) Kill(ctx context.Context) error {
	return f.host.stopProcess(ctx, componentFCP, 0)
}
