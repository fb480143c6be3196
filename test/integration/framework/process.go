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
	"net"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"k8s.io/klog/v2"
)

// processStopGrace is how long a process gets to exit after SIGTERM before it is killed.
const processStopGrace = 10 * time.Second

// tracker is the one registry of this OS process.
//
// It is package-level state, the only such in this package, because what it guards is
// process-wide: a SIGINT or SIGTERM to the test binary (or to the local-up program) must stop
// the children of every control plane, including one still starting, and os/signal handlers
// and the launcher thread exist once per OS process. Every field is guarded by its mutex.
var tracker = newRegistry()

// registry tracks the child processes this package starts and the ports it hands out.
type registry struct {
	mu       sync.Mutex
	procs    map[*process]struct{}
	ports    map[int]struct{}
	scratch  map[string]struct{} // directories to delete when exiting on a signal
	stopping bool

	signalOnce sync.Once
	launchOnce sync.Once
	launches   chan launchRequest
}

func newRegistry() *registry {
	return &registry{procs: map[*process]struct{}{}, ports: map[int]struct{}{}, scratch: map[string]struct{}{}}
}

type launchRequest struct {
	cmd    *exec.Cmd
	result chan<- error
}

// processSpec says how to run one component.
type processSpec struct {
	name    string // component name, e.g. "kube-apiserver"
	path    string
	args    []string
	dir     string // working directory
	logPath string // stdout and stderr are appended here
	// stopTier orders a shutdown of everything: lower tiers are stopped first, so an
	// apiserver still has its etcd while it shuts down.
	stopTier int
}

// process is one run of a component. A restarted component is a new process.
type process struct {
	spec          processSpec
	cmd           *exec.Cmd
	logOffset     int64 // where this run's output starts in the log file
	done          chan struct{}
	waitErr       error // set before done is closed
	stopRequested atomic.Bool
}

// start runs spec in its own process group, appending its output to spec.logPath.
func (r *registry) start(ctx context.Context, spec processSpec) (*process, error) {
	r.installSignalHandler()
	logFile, err := os.OpenFile(spec.logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("opening log of %s: %w", spec.name, err)
	}
	p, err := r.startWithLog(spec, logFile)
	// The child holds its own copy of the descriptor.
	if cerr := logFile.Close(); cerr != nil && err == nil {
		klog.FromContext(ctx).Error(cerr, "Closing log file", "path", spec.logPath)
	}
	if err != nil {
		return nil, err
	}
	klog.FromContext(ctx).V(2).Info("Started process", "component", spec.name, "pid", p.cmd.Process.Pid, "log", spec.logPath)
	return p, nil
}

func (r *registry) startWithLog(spec processSpec, logFile *os.File) (*process, error) {
	info, err := logFile.Stat()
	if err != nil {
		return nil, fmt.Errorf("stat log of %s: %w", spec.name, err)
	}
	if _, err := fmt.Fprintf(logFile, "=== %s starting %s %s\n", time.Now().Format(time.RFC3339Nano), spec.path,
		strings.Join(spec.args, " ")); err != nil {
		return nil, fmt.Errorf("writing log of %s: %w", spec.name, err)
	}
	cmd := exec.Command(spec.path, spec.args...)
	cmd.Dir = spec.dir
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = sysProcAttr()
	p := &process{spec: spec, cmd: cmd, logOffset: info.Size(), done: make(chan struct{})}

	// Holding mu across the start means a signal handler either sees this process
	// registered or refuses to let it start: nothing can slip past a shutdown.
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.stopping {
		return nil, fmt.Errorf("not starting %s: shutting down on a signal", spec.name)
	}
	if err := r.launch(cmd); err != nil {
		return nil, fmt.Errorf("starting %s: %w", spec.name, err)
	}
	r.procs[p] = struct{}{}
	go func() {
		p.waitErr = cmd.Wait()
		r.mu.Lock()
		delete(r.procs, p)
		r.mu.Unlock()
		close(p.done)
	}()
	return p, nil
}

// launch starts cmd from a goroutine locked to one OS thread for the life of the process.
// Pdeathsig fires when the thread that forked the child ends, not when the process does,
// and Go ends threads whose locked goroutine returns; forking from a thread that never
// ends keeps the safety net from killing healthy children.
func (r *registry) launch(cmd *exec.Cmd) error {
	r.launchOnce.Do(func() {
		r.launches = make(chan launchRequest)
		go func() {
			runtime.LockOSThread() // never unlocked: this thread must outlive every child
			for req := range r.launches {
				req.result <- req.cmd.Start()
			}
		}()
	})
	result := make(chan error, 1)
	r.launches <- launchRequest{cmd: cmd, result: result}
	return <-result
}

// installSignalHandler makes SIGINT and SIGTERM stop every tracked process and then exit
// the program with 128+signal. A second signal kills the processes at once.
func (r *registry) installSignalHandler() {
	r.signalOnce.Do(func() {
		ch := make(chan os.Signal, 2)
		signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
		go r.handleSignals(ch)
	})
}

func (r *registry) handleSignals(ch <-chan os.Signal) {
	sig := <-ch
	logger := klog.Background()
	logger.Info("Received signal, stopping control-plane processes before exiting", "signal", sig.String())
	done := make(chan struct{})
	go func() {
		r.stopAll(processStopGrace)
		close(done)
	}()
	select {
	case <-done:
	case sig = <-ch:
		logger.Info("Received second signal, killing control-plane processes", "signal", sig.String())
		r.stopAll(0)
	}
	r.removeScratch(logger)
	klog.Flush()
	code := 1
	if s, ok := sig.(syscall.Signal); ok {
		code = 128 + int(s)
	}
	os.Exit(code)
}

// removeOnSignal marks dir as scratch space that the signal handler deletes after stopping
// the processes; an interrupted program never reaches its own clean-up, and etcd's data
// takes about 60 MiB per control plane.
func (r *registry) removeOnSignal(dir string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.scratch[dir] = struct{}{}
}

func (r *registry) removeScratch(logger klog.Logger) {
	r.mu.Lock()
	dirs := slices.Sorted(maps.Keys(r.scratch))
	r.mu.Unlock()
	for _, dir := range dirs {
		if err := os.RemoveAll(dir); err != nil {
			logger.Error(err, "Removing scratch directory", "dir", dir)
		}
	}
}

// stopAll refuses new processes and stops the running ones, tier by tier, concurrently
// within a tier.
func (r *registry) stopAll(grace time.Duration) {
	r.mu.Lock()
	r.stopping = true
	tiers := map[int][]*process{}
	for p := range r.procs {
		tiers[p.spec.stopTier] = append(tiers[p.spec.stopTier], p)
	}
	r.mu.Unlock()
	for _, tier := range slices.Sorted(maps.Keys(tiers)) {
		var wg sync.WaitGroup
		for _, p := range tiers[tier] {
			wg.Go(func() {
				if err := p.stop(context.Background(), grace); err != nil {
					klog.Background().Error(err, "Stopping process", "component", p.spec.name)
				}
			})
		}
		wg.Wait()
	}
}

// freePorts returns n distinct free ports on 127.0.0.1 that were never handed out before in
// this OS process. The ports are free when returned but not held, so a caller must be ready
// to retry when a component reports "address already in use".
func (r *registry) freePorts(n int) (ports []int, err error) {
	var listeners []net.Listener
	defer func() {
		for _, l := range listeners {
			if cerr := l.Close(); cerr != nil {
				err = errors.Join(err, fmt.Errorf("releasing port probe: %w", cerr))
			}
		}
	}()
	for attempt := 0; len(ports) < n; attempt++ {
		if attempt > 50*n {
			return nil, fmt.Errorf("could not find %d unused loopback ports", n)
		}
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("probing for a free port: %w", err)
		}
		listeners = append(listeners, l)
		port := l.Addr().(*net.TCPAddr).Port
		r.mu.Lock()
		_, used := r.ports[port]
		r.ports[port] = struct{}{}
		r.mu.Unlock()
		if !used {
			ports = append(ports, port)
		}
	}
	return ports, nil
}

// stop sends SIGTERM to the process group, waits up to grace (or until ctx ends), then sends
// SIGKILL. It returns once the process has exited.
func (p *process) stop(ctx context.Context, grace time.Duration) error {
	p.stopRequested.Store(true)
	if p.exited() {
		return nil
	}
	pid := p.cmd.Process.Pid
	if grace > 0 {
		if err := signalGroup(pid, syscall.SIGTERM); err != nil {
			return err
		}
		timer := time.NewTimer(grace)
		defer timer.Stop()
		select {
		case <-p.done:
			return nil
		case <-timer.C:
		case <-ctx.Done():
		}
	}
	if err := signalGroup(pid, syscall.SIGKILL); err != nil {
		return err
	}
	<-p.done
	return nil
}

func signalGroup(pid int, sig syscall.Signal) error {
	if err := syscall.Kill(-pid, sig); err != nil && !errors.Is(err, syscall.ESRCH) {
		return fmt.Errorf("sending %v to process group %d: %w", sig, pid, err)
	}
	return nil
}

func (p *process) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// exitError describes how the process ended, or returns nil while it runs.
func (p *process) exitError() error {
	if !p.exited() {
		return nil
	}
	if p.waitErr != nil {
		return fmt.Errorf("%s exited: %w", p.spec.name, p.waitErr)
	}
	return fmt.Errorf("%s exited with status 0", p.spec.name)
}

// state is a short human description for log dumps.
func (p *process) state() string {
	switch {
	case !p.exited():
		return fmt.Sprintf("running, pid %d", p.cmd.Process.Pid)
	case p.stopRequested.Load():
		return "stopped"
	default:
		return fmt.Sprintf("DIED UNEXPECTEDLY: %v", p.waitErr)
	}
}

// output returns what this run of the process has logged so far.
func (p *process) output() (string, error) {
	b, err := os.ReadFile(p.spec.logPath)
	if err != nil {
		return "", fmt.Errorf("reading log of %s: %w", p.spec.name, err)
	}
	if p.logOffset > int64(len(b)) {
		return "", fmt.Errorf("log of %s was truncated", p.spec.name)
	}
	return string(b[p.logOffset:]), nil
}

// errPortInUse marks a start that failed because a port picked as free was taken meanwhile.
var errPortInUse = errors.New("port already in use")

// startFailure explains why the process died during start-up, wrapping errPortInUse when
// that is the reason, and quoting the end of its log.
func (p *process) startFailure() error {
	out, err := p.output()
	if err != nil {
		return errors.Join(p.exitError(), err)
	}
	tail := lastLines(out, 20)
	if strings.Contains(out, "address already in use") {
		return fmt.Errorf("%w: %w; log %s ends:\n%s", errPortInUse, p.exitError(), p.spec.logPath, tail)
	}
	return fmt.Errorf("%w; log %s ends:\n%s", p.exitError(), p.spec.logPath, tail)
}

// lastLines returns the last n lines of s.
func lastLines(s string, n int) string {
	s = strings.TrimRight(s, "\n")
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
