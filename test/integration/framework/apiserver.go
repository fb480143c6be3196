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
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"k8s.io/klog/v2"
)

// readyCheckTimeout bounds one readiness probe.
const readyCheckTimeout = 5 * time.Second

// startEtcdAndAPIServer picks ports for etcd and kube-apiserver and starts both, starting
// over on new ports when one was taken.
func (cp *ControlPlane) startEtcdAndAPIServer(ctx context.Context) error {
	for attempt := 1; ; attempt++ {
		ps, err := tracker.freePorts(3)
		if err != nil {
			return err
		}
		cp.ports.etcdClient, cp.ports.etcdPeer, cp.ports.apiserver = ps[0], ps[1], ps[2]
		if err := cp.writeClientConfigs(); err != nil {
			return err
		}
		err = cp.runComponent(ctx, cp.etcdSpec(), cp.etcdReady)
		if err == nil {
			err = cp.runComponent(ctx, cp.apiserverSpec(), cp.apiserverReady)
		}
		if err == nil || !errors.Is(err, errPortInUse) || attempt == maxPortAttempts {
			return err
		}
		klog.FromContext(ctx).Info("Port taken, retrying with new ports", "attempt", attempt, "err", err)
		if err := cp.stopProcesses(ctx); err != nil {
			return err
		}
		// etcd keeps its first peer URL in its data; start the retry from scratch.
		if err := os.RemoveAll(cp.etcdDataDir()); err != nil {
			return fmt.Errorf("removing etcd data: %w", err)
		}
	}
}

func (cp *ControlPlane) etcdDataDir() string { return filepath.Join(cp.dir, "etcd") }

func (cp *ControlPlane) etcdURL() string {
	return "http://127.0.0.1:" + strconv.Itoa(cp.ports.etcdClient)
}

func (cp *ControlPlane) etcdSpec() processSpec {
	peer := "http://127.0.0.1:" + strconv.Itoa(cp.ports.etcdPeer)
	return processSpec{
		name: componentEtcd,
		path: cp.bins[etcdBinary],
		args: []string{
			"--name=default",
			"--data-dir=" + cp.etcdDataDir(),
			"--listen-client-urls=" + cp.etcdURL(),
			"--advertise-client-urls=" + cp.etcdURL(),
			"--listen-peer-urls=" + peer,
			"--initial-advertise-peer-urls=" + peer,
			"--initial-cluster=default=" + peer,
			// Test data need not survive a machine crash, and fsync dominates etcd's latency.
			"--unsafe-no-fsync=true",
		},
	}
}

func (cp *ControlPlane) etcdReady(ctx context.Context) error {
	body, err := httpGet(ctx, http.DefaultClient, cp.etcdURL()+"/health")
	if err != nil {
		return err
	}
	if !strings.Contains(body, `"health":"true"`) {
		return fmt.Errorf("etcd not healthy: %s", body)
	}
	return nil
}

func (cp *ControlPlane) apiserverSpec() processSpec {
	p := cp.pki
	args := []string{
		"--etcd-servers=" + cp.etcdURL(),
		"--bind-address=127.0.0.1",
		"--advertise-address=127.0.0.1",
		"--secure-port=" + strconv.Itoa(cp.ports.apiserver),
		// A loopback advertise address is refused by the default (lease) endpoint reconciler.
		"--endpoint-reconciler-type=none",
		"--tls-cert-file=" + p.apiserver.CertFile,
		"--tls-private-key-file=" + p.apiserver.KeyFile,
		"--client-ca-file=" + p.ca.files.CertFile,
		"--service-account-issuer=https://kubernetes.default.svc",
		"--service-account-key-file=" + p.serviceAccountPub,
		"--service-account-signing-key-file=" + p.serviceAccountKey,
		"--service-cluster-ip-range=10.0.0.0/24",
		"--authorization-mode=RBAC",
		// Aggregation: the apiserver proxies to extension servers as front-proxy-client and
		// they trust the X-Remote-* headers from holders of front-proxy-CA certificates.
		"--requestheader-client-ca-file=" + p.frontProxyCA.files.CertFile,
		"--requestheader-allowed-names=" + frontProxyClientName,
		"--requestheader-username-headers=X-Remote-User",
		"--requestheader-uid-headers=X-Remote-Uid",
		"--requestheader-group-headers=X-Remote-Group",
		"--requestheader-extra-headers-prefix=X-Remote-Extra-",
		"--proxy-client-cert-file=" + p.frontProxyClient.CertFile,
		"--proxy-client-key-file=" + p.frontProxyClient.KeyFile,
		// ExternalName services are only routable with service (not endpoint) routing.
		"--enable-aggregator-routing=false",
	}
	if !cp.opts.ControllerManager {
		args = append(args, "--disable-admission-plugins=ServiceAccount")
	}
	cp.mu.Lock()
	args = append(args, cp.opts.APIServerFlags...)
	cp.mu.Unlock()
	return processSpec{name: componentAPIServer, path: cp.bins[apiserverBinary], args: args}
}

func (cp *ControlPlane) apiserverReady(ctx context.Context) error {
	_, err := httpGet(ctx, cp.httpClient, cp.APIServerURL()+"/readyz")
	return err
}

// StopAPIServer stops kube-apiserver alone; etcd and the other components keep running,
// and requests fail until StartAPIServer.
func (cp *ControlPlane) StopAPIServer(ctx context.Context) error {
	ctx = cp.withLogger(ctx)
	p := cp.process(componentAPIServer)
	if p == nil {
		return fmt.Errorf("control plane %s: kube-apiserver was never started", cp.name)
	}
	if err := p.stop(ctx, processStopGrace); err != nil {
		return fmt.Errorf("control plane %s: stopping kube-apiserver: %w", cp.name, err)
	}
	klog.FromContext(ctx).V(2).Info("Stopped kube-apiserver")
	return nil
}

// StartAPIServer starts kube-apiserver again, on the same port with the same certificates
// and etcd, after StopAPIServer, and waits until it is ready.
func (cp *ControlPlane) StartAPIServer(ctx context.Context) error {
	ctx = cp.withLogger(ctx)
	if p := cp.process(componentAPIServer); p != nil && !p.exited() {
		return fmt.Errorf("control plane %s: kube-apiserver is already running", cp.name)
	}
	if err := cp.rerun(ctx, cp.apiserverSpec(), cp.apiserverReady); err != nil {
		return fmt.Errorf("control plane %s: %w", cp.name, err)
	}
	klog.FromContext(ctx).V(2).Info("Restarted kube-apiserver", "url", cp.APIServerURL())
	return nil
}

// RestartAPIServer stops kube-apiserver and starts it again with flags in place of
// Options.APIServerFlags (nil: none), on the same port with the same certificates and etcd,
// and waits until it is ready: an upgrade or a --runtime-config change of a member, as an
// operator makes one. The flags stay for later restarts.
func (cp *ControlPlane) RestartAPIServer(ctx context.Context, flags []string) error {
	if err := cp.StopAPIServer(ctx); err != nil {
		return err
	}
	cp.mu.Lock()
	cp.opts.APIServerFlags = flags
	cp.mu.Unlock()
	return cp.StartAPIServer(ctx)
}

// PauseAPIServer freezes kube-apiserver (SIGSTOP): connections are accepted by the kernel
// and never answered, as with a hung member. ResumeAPIServer undoes it.
func (cp *ControlPlane) PauseAPIServer() error {
	return cp.signalProcess(componentAPIServer, syscall.SIGSTOP)
}

// ResumeAPIServer resumes a paused kube-apiserver (SIGCONT).
func (cp *ControlPlane) ResumeAPIServer() error {
	return cp.signalProcess(componentAPIServer, syscall.SIGCONT)
}

func (cp *ControlPlane) process(name string) *process {
	cp.mu.Lock()
	defer cp.mu.Unlock()
	return cp.procs[name]
}

// httpGet fetches url and returns the body, or an error for any status but 200.
func httpGet(ctx context.Context, client *http.Client, url string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, readyCheckTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return "", fmt.Errorf("building request for %s: %w", url, err)
	}
	resp, err := client.Do(req)
	if err != nil {
		return "", err
	}
	body, rerr := io.ReadAll(resp.Body)
	if cerr := resp.Body.Close(); cerr != nil && rerr == nil {
		rerr = cerr
	}
	if rerr != nil {
		return "", fmt.Errorf("reading %s: %w", url, rerr)
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("GET %s: %s: %s", url, resp.Status, lastLines(string(body), 10))
	}
	return string(body), nil
}
