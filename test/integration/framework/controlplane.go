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
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/klog/v2"
	aggregatorclient "k8s.io/kube-aggregator/pkg/client/clientset_generated/clientset"
)

// Component names, used for log files and in messages.
const (
	componentEtcd          = "etcd"
	componentAPIServer     = "kube-apiserver"
	componentControllerMgr = "kube-controller-manager"
	componentScheduler     = "kube-scheduler"
	componentKWOK          = "kwok"
)

// stopOrder lists the components in the order Stop ends them: the apiserver's clients in
// parallel first, etcd last. A component's index here is its processSpec.stopTier.
func stopOrder() [][]string {
	return [][]string{
		{componentKWOK, componentScheduler, componentControllerMgr},
		{componentAPIServer},
		{componentEtcd},
	}
}

// stopTier returns the index of component's group in stopOrder.
func stopTier(component string) int {
	for i, group := range stopOrder() {
		if slices.Contains(group, component) {
			return i
		}
	}
	return 0
}

// startOrder lists the components in the order Start runs them.
func startOrder() []string {
	return []string{componentEtcd, componentAPIServer, componentControllerMgr, componentScheduler, componentKWOK}
}

// maxPortAttempts is how often a start is retried when a port picked as free was taken.
const maxPortAttempts = 3

// Defaults for Options.
const (
	defaultName         = "controlplane"
	defaultStartTimeout = 60 * time.Second
)

// Options configures a control plane. The zero value runs etcd and kube-apiserver only.
type Options struct {
	// Name identifies the control plane in logs, kubeconfigs and errors. Default "controlplane".
	Name string
	// Dir receives the PKI, etcd's data, kubeconfigs and one log file per component. When
	// empty, a new temporary directory is used, and Stop removes it.
	Dir string
	// BinDir holds the binaries. Default: BinDir().
	BinDir string
	// ControllerManager also runs kube-controller-manager with every controller. Without it
	// the ServiceAccount admission plugin is disabled, as in envtest, because nothing would
	// create the default service accounts that pods need.
	ControllerManager bool
	// Scheduler also runs kube-scheduler.
	Scheduler bool
	// KWOK also runs kwok and creates KWOKNodes fake nodes, labelled type=kwok and tainted
	// kwok.x-k8s.io/node=fake:NoSchedule, and waits until kwok reports them Ready.
	// Never dial the fake node or pod IPs (no logs, exec or port-forward).
	KWOK bool
	// KWOKNodes is the number of fake nodes when KWOK is set. Default 1.
	KWOKNodes int
	// StartTimeout bounds the wait for each component to become ready. Default 60s.
	StartTimeout time.Duration
	// APIServerFlags are appended to kube-apiserver's flags; a repeated flag overrides ours.
	APIServerFlags []string
}

// ControlPlane is a running etcd and kube-apiserver, optionally with kube-controller-manager,
// kube-scheduler and kwok, all on 127.0.0.1. Create it with Start and end it with Stop.
type ControlPlane struct {
	name      string
	dir       string
	logDir    string
	removeDir bool
	opts      Options
	bins      map[string]string
	pki       *pkiFiles
	ports     ports

	kubeconfig string
	restConfig *rest.Config
	client     kubernetes.Interface
	aggregator aggregatorclient.Interface
	httpClient *http.Client // admin credentials, for /readyz

	mu      sync.Mutex
	procs   map[string]*process // the latest run of each component
	stopped bool
	issued  int // certificates issued by IssueServingCert and IssueUser, for unique file names
}

// ports are the loopback ports of one control plane's components.
type ports struct {
	etcdClient, etcdPeer, apiserver, controllerMgr, scheduler, kwok int
}

// Start starts a control plane and returns once every component is ready. On error nothing
// it started is left running; the logs stay in the directory named in the error.
func Start(ctx context.Context, opts Options) (_ *ControlPlane, err error) {
	cp, err := newControlPlane(opts)
	if err != nil {
		return nil, err
	}
	ctx = cp.withLogger(ctx)
	logger := klog.FromContext(ctx)
	began := time.Now()
	defer func() {
		if err == nil {
			return
		}
		err = fmt.Errorf("starting control plane %s (files in %s): %w", cp.name, cp.dir, err)
		if serr := cp.stopProcesses(context.WithoutCancel(ctx)); serr != nil {
			err = errors.Join(err, serr)
		}
	}()
	if err := cp.startEtcdAndAPIServer(ctx); err != nil {
		return nil, err
	}
	if opts.ControllerManager {
		if err := cp.retryOnPortClash(ctx, cp.startControllerManager); err != nil {
			return nil, err
		}
	}
	if opts.Scheduler {
		if err := cp.retryOnPortClash(ctx, cp.startScheduler); err != nil {
			return nil, err
		}
	}
	if opts.KWOK {
		if err := cp.retryOnPortClash(ctx, cp.startKWOK); err != nil {
			return nil, err
		}
	}
	logger.Info("Control plane ready", "url", cp.APIServerURL(), "dir", cp.dir, "duration", time.Since(began))
	return cp, nil
}

func newControlPlane(opts Options) (*ControlPlane, error) {
	if opts.Name == "" {
		opts.Name = defaultName
	}
	if opts.StartTimeout <= 0 {
		opts.StartTimeout = defaultStartTimeout
	}
	if opts.KWOK && opts.KWOKNodes <= 0 {
		opts.KWOKNodes = 1
	}
	cp := &ControlPlane{name: opts.Name, opts: opts, procs: map[string]*process{}}
	if err := cp.findBinaries(); err != nil {
		return nil, err
	}
	cp.dir = opts.Dir
	if cp.dir == "" {
		dir, err := os.MkdirTemp("", "federation-"+opts.Name+"-")
		if err != nil {
			return nil, fmt.Errorf("creating directory for control plane %s: %w", opts.Name, err)
		}
		cp.dir, cp.removeDir = dir, true
		tracker.removeOnSignal(dir)
	}
	cp.logDir = filepath.Join(cp.dir, "logs")
	if err := os.MkdirAll(cp.logDir, 0o700); err != nil {
		return nil, fmt.Errorf("creating log directory: %w", err)
	}
	var err error
	if cp.pki, err = newPKI(filepath.Join(cp.dir, "pki")); err != nil {
		return nil, fmt.Errorf("creating PKI for control plane %s: %w", opts.Name, err)
	}
	return cp, nil
}

func (cp *ControlPlane) findBinaries() error {
	binDir := cp.opts.BinDir
	if binDir == "" {
		var err error
		if binDir, err = BinDir(); err != nil {
			return err
		}
	}
	names := []string{etcdBinary, apiserverBinary, kubectlBinary}
	if cp.opts.ControllerManager {
		names = append(names, controllerMgrBinary)
	}
	if cp.opts.Scheduler {
		names = append(names, schedulerBinary)
	}
	if cp.opts.KWOK {
		names = append(names, kwokBinary, kwokStagesFile)
	}
	cp.bins = map[string]string{}
	var errs []error
	for _, n := range names {
		path, err := binaryPath(binDir, n)
		if err != nil {
			errs = append(errs, err)
		}
		cp.bins[n] = path
	}
	return errors.Join(errs...)
}

// retryOnPortClash runs start, which picks its own ports, again when a port it picked was
// taken before the component bound it.
func (cp *ControlPlane) retryOnPortClash(ctx context.Context, start func(context.Context) error) error {
	for attempt := 1; ; attempt++ {
		err := start(ctx)
		if err == nil || !errors.Is(err, errPortInUse) || attempt == maxPortAttempts {
			return err
		}
		klog.FromContext(ctx).Info("Port taken, retrying with new ports", "attempt", attempt, "err", err)
	}
}

// runComponent starts spec and polls ready until it returns nil, failing at once if the
// process dies and after StartTimeout otherwise.
func (cp *ControlPlane) runComponent(ctx context.Context, spec processSpec, ready func(context.Context) error) error {
	spec.dir = cp.dir
	spec.stopTier = stopTier(spec.name)
	spec.logPath = filepath.Join(cp.logDir, spec.name+".log")
	p, err := tracker.start(ctx, spec)
	if err != nil {
		return err
	}
	cp.mu.Lock()
	cp.procs[spec.name] = p
	cp.mu.Unlock()
	var lastErr error
	err = wait.PollUntilContextTimeout(ctx, 100*time.Millisecond, cp.opts.StartTimeout, true,
		func(ctx context.Context) (bool, error) {
			if p.exited() {
				return false, p.startFailure()
			}
			lastErr = ready(ctx)
			return lastErr == nil, nil
		})
	if err == nil {
		return nil
	}
	if p.exited() {
		return p.startFailure()
	}
	// Stop it here so a retry does not find its ports taken by this attempt.
	if serr := p.stop(context.WithoutCancel(ctx), processStopGrace); serr != nil {
		err = errors.Join(err, serr)
	}
	return fmt.Errorf("%s not ready within %v (last check: %v): %w", spec.name, cp.opts.StartTimeout, lastErr, err)
}

// runOnFreePort runs the component spec describes on a free loopback port, stored in *port
// before spec is called, and tries another port when something took it meanwhile.
func (cp *ControlPlane) runOnFreePort(ctx context.Context, port *int, spec func() processSpec, ready func(context.Context) error) error {
	for attempt := 1; ; attempt++ {
		ps, err := tracker.freePorts(1)
		if err != nil {
			return err
		}
		*port = ps[0]
		err = cp.runComponent(ctx, spec(), ready)
		if err == nil || !errors.Is(err, errPortInUse) || attempt == maxPortAttempts {
			return err
		}
	}
}

// rerun runs a stopped component again on its old port, which clients and kubeconfigs
// name: a clash is something transient holding the port, so it tries again for a while.
func (cp *ControlPlane) rerun(ctx context.Context, spec processSpec, ready func(context.Context) error) error {
	var lastErr error
	err := wait.PollUntilContextTimeout(ctx, time.Second, cp.opts.StartTimeout, true, func(ctx context.Context) (bool, error) {
		lastErr = cp.runComponent(ctx, spec, ready)
		if errors.Is(lastErr, errPortInUse) {
			return false, nil
		}
		return lastErr == nil, lastErr
	})
	if err != nil {
		return fmt.Errorf("restarting %s: %w", spec.name, errors.Join(err, lastErr))
	}
	return nil
}

func (cp *ControlPlane) signalProcess(name string, sig syscall.Signal) error {
	p := cp.process(name)
	if p == nil || p.exited() {
		return fmt.Errorf("control plane %s: %s is not running", cp.name, name)
	}
	return signalGroup(p.cmd.Process.Pid, sig)
}

func (cp *ControlPlane) stopProcess(ctx context.Context, name string, grace time.Duration) error {
	p := cp.process(name)
	if p == nil {
		return errors.New(name + " was never started")
	}
	if err := p.stop(ctx, grace); err != nil {
		return fmt.Errorf("stopping %s: %w", name, err)
	}
	return nil
}

// withLogger adds the control plane's name to the logger in ctx.
func (cp *ControlPlane) withLogger(ctx context.Context) context.Context {
	return klog.NewContext(ctx, klog.LoggerWithValues(klog.FromContext(ctx), "controlPlane", cp.name))
}

// Stop ends every component (SIGTERM, then SIGKILL after 10s) and, when Options.Dir was
// empty, removes the control plane's directory. It is safe to call more than once.
func (cp *ControlPlane) Stop(ctx context.Context) error {
	ctx = cp.withLogger(ctx)
	began := time.Now()
	if err := cp.stopProcesses(ctx); err != nil {
		return fmt.Errorf("stopping control plane %s: %w", cp.name, err)
	}
	cp.mu.Lock()
	defer cp.mu.Unlock()
	if cp.removeDir && !cp.stopped {
		if err := os.RemoveAll(cp.dir); err != nil {
			return fmt.Errorf("removing %s: %w", cp.dir, err)
		}
	}
	cp.stopped = true
	klog.FromContext(ctx).V(2).Info("Stopped control plane", "duration", time.Since(began))
	return nil
}

func (cp *ControlPlane) stopProcesses(ctx context.Context) error {
	var errs []error
	var errsMu sync.Mutex
	for _, group := range stopOrder() {
		var wg sync.WaitGroup
		for _, name := range group {
			cp.mu.Lock()
			p := cp.procs[name]
			cp.mu.Unlock()
			if p == nil {
				continue
			}
			wg.Go(func() {
				if err := p.stop(ctx, processStopGrace); err != nil {
					errsMu.Lock()
					errs = append(errs, err)
					errsMu.Unlock()
				}
			})
		}
		wg.Wait()
	}
	return errors.Join(errs...)
}

// Name returns Options.Name.
func (cp *ControlPlane) Name() string { return cp.name }

// Dir returns the directory holding the PKI, kubeconfigs, etcd data and logs.
func (cp *ControlPlane) Dir() string { return cp.dir }

// LogDir returns the directory holding one <component>.log file per component.
func (cp *ControlPlane) LogDir() string { return cp.logDir }

// KubeconfigPath returns the path of a kubeconfig for the admin user (group system:masters).
func (cp *ControlPlane) KubeconfigPath() string { return cp.kubeconfig }

// RESTConfig returns a copy of the admin client configuration.
func (cp *ControlPlane) RESTConfig() *rest.Config { return rest.CopyConfig(cp.restConfig) }

// Client returns a clientset authenticated as the admin user.
func (cp *ControlPlane) Client() kubernetes.Interface { return cp.client }

// APIServerURL returns the https URL kube-apiserver serves on.
func (cp *ControlPlane) APIServerURL() string {
	return "https://127.0.0.1:" + strconv.Itoa(cp.ports.apiserver)
}

// CACertPEM returns the cluster CA certificate, which signed the apiserver's serving
// certificate and every client and serving certificate this control plane issues.
func (cp *ControlPlane) CACertPEM() []byte { return append([]byte(nil), cp.pki.ca.certPEM...) }

// CheckProcesses returns an error naming every component that exited without being stopped.
func (cp *ControlPlane) CheckProcesses() error {
	cp.mu.Lock()
	defer cp.mu.Unlock()
	var errs []error
	for _, p := range cp.procs {
		if p.exited() && !p.stopRequested.Load() {
			errs = append(errs, fmt.Errorf("control plane %s: %w (log %s)", cp.name, p.exitError(), p.spec.logPath))
		}
	}
	return errors.Join(errs...)
}

// LogTails returns, for each component, its state and the last n lines of its log file.
func (cp *ControlPlane) LogTails(n int) string {
	cp.mu.Lock()
	var procs []*process
	for _, name := range startOrder() {
		if p := cp.procs[name]; p != nil {
			procs = append(procs, p)
		}
	}
	// Then what runs on top (fcp, controller-managers), by name.
	for _, name := range slices.Sorted(maps.Keys(cp.procs)) {
		if !slices.Contains(startOrder(), name) {
			procs = append(procs, cp.procs[name])
		}
	}
	cp.mu.Unlock()
	var b strings.Builder
	for _, p := range procs {
		fmt.Fprintf(&b, "----- %s/%s (%s), last %d lines of %s -----\n", cp.name, p.spec.name, p.state(), n, p.spec.logPath)
		data, err := os.ReadFile(p.spec.logPath)
		if err != nil {
			fmt.Fprintf(&b, "cannot read log: %v\n", err)
			continue
		}
		b.WriteString(lastLines(string(data), n))
		b.WriteString("\n")
	}
	return b.String()
}
