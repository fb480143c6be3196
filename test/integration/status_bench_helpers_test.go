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
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
	watchtools "k8s.io/client-go/tools/watch"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/generated/clientset/versioned"
	fedtyped "k8s.io/federation/pkg/generated/clientset/versioned/typed/federation/v1beta1"
	"k8s.io/federation/test/integration/framework"
)

// statusSettleTimeout bounds each wait of the status benchmarks outside what they measure,
// and each measured wait: a controller that never catches up fails the benchmark instead of
// hanging it.
const statusSettleTimeout = 5 * time.Minute

// statusEnv is a host with fcp behind its aggregator and two registered members, member-1 and
// member-2. The fcp controller-manager is started by each benchmark, with its own flags.
type statusEnv struct {
	host    *framework.ControlPlane
	fcp     *framework.FCP
	members []*framework.ControlPlane
	// fed is the host's admin through the aggregator; direct are the members' admins, straight
	// to their kube-apiservers. None of them is rate limited on the client side.
	fed    versioned.Interface
	direct []kubernetes.Interface
}

// startStatusEnv starts the host and both members (with memberOpts), fcp, registers the
// members and waits until fcp writes through to them.
func startStatusEnv(b *testing.B, memberOpts framework.Options) *statusEnv {
	b.Helper()
	// Made before the control planes so that its removal is the last cleanup, after fcp has
	// stopped.
	fcpDir := tmpfsDir(b)
	m1, m2 := memberOpts, memberOpts
	m1.Name, m2.Name = "member-1", "member-2"
	cps := framework.StartControlPlanes(b, framework.Options{Name: "host"}, m1, m2)
	e := &statusEnv{host: cps[0], members: cps[1:]}
	ctx := framework.TestContext(b)
	// fcp's member limits are raised so that creating the objects, which is not measured,
	// does not wait on its client-side rate limiter; the controller-manager keeps its own.
	var err error
	e.fcp, err = e.host.StartFCP(ctx, framework.FCPOptions{Binary: fcpBinary, Dir: fcpDir,
		Args: []string{"--member-qps=10000", "--member-burst=10000"}})
	if err != nil {
		b.Fatal(err)
	}
	var names []string
	for _, m := range e.members {
		if _, err := e.host.RegisterMember(ctx, m, framework.MemberOptions{}); err != nil {
			b.Fatal(err)
		}
		direct, err := kubernetes.NewForConfig(unthrottled(m.RESTConfig()))
		if err != nil {
			b.Fatal(err)
		}
		e.direct = append(e.direct, direct)
		names = append(names, m.Name())
	}
	if e.fed, err = versioned.NewForConfig(unthrottled(e.host.RESTConfig())); err != nil {
		b.Fatal(err)
	}
	if err := waitForClusters(ctx, e.fed, names); err != nil {
		b.Fatal(err)
	}
	return e
}

// memberNames returns the members' Cluster names.
func (e *statusEnv) memberNames() []string {
	out := make([]string, len(e.members))
	for i, m := range e.members {
		out[i] = m.Name()
	}
	return out
}

// createNamespace creates ns on the host and in every member, so that no measured write
// creates a namespace.
func (e *statusEnv) createNamespace(ctx context.Context, b *testing.B, ns string) {
	b.Helper()
	for _, cp := range append([]*framework.ControlPlane{e.host}, e.members...) {
		if _, err := cp.Client().CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}, metav1.CreateOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// startControllerManager starts an fcp controller-manager named name with args after the
// framework's defaults.
func (e *statusEnv) startControllerManager(ctx context.Context, b *testing.B, name string, args []string) *framework.ControllerManager {
	b.Helper()
	cm, err := e.host.StartControllerManager(ctx, framework.ControllerManagerOptions{Name: name, Binary: fcpBinary, Args: args})
	if err != nil {
		b.Fatal(err)
	}
	return cm
}

// waitSyncIdle waits until cm's sync controller has reconciled at least minReconciles
// objects and is idle: its queue empty and no reconcile finished between two looks. It keeps
// the measurements from counting what the controller does after a start.
func waitSyncIdle(ctx context.Context, cm *framework.ControllerManager, minReconciles float64) error {
	prev := -1.0
	var last string
	err := wait.PollUntilContextTimeout(ctx, 500*time.Millisecond, statusSettleTimeout, true, func(ctx context.Context) (bool, error) {
		text, err := cm.Metrics(ctx)
		if err != nil {
			last = err.Error()
			return false, nil
		}
		depth := sumMetric(text, "workqueue_depth", func(l map[string]string) bool { return l["name"] == "federation-sync" })
		done := sumMetric(text, "federation_sync_reconcile_duration_seconds_count", func(map[string]string) bool { return true })
		idle := depth == 0 && done >= minReconciles && done == prev
		prev, last = done, fmt.Sprintf("queue depth %v, %v reconciles", depth, done)
		return idle, nil
	})
	if err != nil {
		return fmt.Errorf("waiting for %s to be idle: %w; last: %s", cm.Name(), err, last)
	}
	return nil
}

// fcpStatusConflicts returns how many status writes to FederatedDeployments fcp has refused
// with a conflict (the writer's copy was stale) so far.
func (e *statusEnv) fcpStatusConflicts(ctx context.Context, b *testing.B) float64 {
	b.Helper()
	text, err := e.fcp.Metrics(ctx)
	if err != nil {
		b.Fatal(err)
	}
	return sumMetric(text, "apiserver_request_total", func(l map[string]string) bool {
		return l["resource"] == "federateddeployments" && l["subresource"] == "status" && l["code"] == "409"
	})
}

// createFDeploys creates the FederatedDeployments made by newObj for names in ns, with
// workers requests in flight.
func createFDeploys(ctx context.Context, b *testing.B, fed versioned.Interface, ns string, names []string, workers int,
	newObj func(name string) *fedv1beta1.FederatedDeployment) {
	b.Helper()
	queue := make(chan string)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for name := range queue {
				if errs[w] != nil {
					continue
				}
				_, errs[w] = fed.FederationV1beta1().FederatedDeployments(ns).Create(ctx, newObj(name), metav1.CreateOptions{})
			}
		})
	}
	for _, name := range names {
		queue <- name
	}
	close(queue)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		b.Fatal(err)
	}
}

// waitFDeploys waits until every FederatedDeployment in ns passes check.
func waitFDeploys(ctx context.Context, fed versioned.Interface, ns string, want int, check func(*fedv1beta1.FederatedDeployment) error) error {
	var last error
	err := wait.PollUntilContextTimeout(ctx, pollInterval, statusSettleTimeout, true, func(ctx context.Context) (bool, error) {
		list, err := fed.FederationV1beta1().FederatedDeployments(ns).List(ctx, metav1.ListOptions{})
		if err != nil {
			last = err
			return false, nil
		}
		if len(list.Items) != want {
			last = fmt.Errorf("%d FederatedDeployments, want %d", len(list.Items), want)
			return false, nil
		}
		for i := range list.Items {
			if last = check(&list.Items[i]); last != nil {
				last = fmt.Errorf("%s: %w", list.Items[i].Name, last)
				return false, nil
			}
		}
		return true, nil
	})
	if err != nil {
		return fmt.Errorf("FederatedDeployments in %s: %w; last: %v", ns, err, last)
	}
	return nil
}

// readyAt returns nil when d's status is Ready at generation gen: written for gen, and
// Ready=True computed for gen (every placed member has rolled gen out).
func readyAt(d *fedv1beta1.FederatedDeployment, gen int64) error {
	c := meta.FindStatusCondition(d.Status.Conditions, fedv1beta1.ConditionReady)
	if d.Status.ObservedGeneration != gen || c == nil || c.Status != metav1.ConditionTrue || c.ObservedGeneration != gen {
		return fmt.Errorf("not Ready at generation %d: observedGeneration %d, Ready %+v", gen, d.Status.ObservedGeneration, c)
	}
	return nil
}

// fdEvent is a FederatedDeployment as a watch delivered it, and when.
type fdEvent struct {
	obj *fedv1beta1.FederatedDeployment
	at  time.Time
}

// watchFDeploys watches the FederatedDeployments fds lists from resourceVersion rv on, and
// resumes from the last one delivered when the server ends the watch, as informers do (an
// apiserver's watch cache closes a watcher whose events pile up faster than it reads them,
// which a burst of status writes can do): client-go's RetryWatcher.
func watchFDeploys(ctx context.Context, fds fedtyped.FederatedDeploymentInterface, rv string) (watch.Interface, error) {
	return watchtools.NewRetryWatcherWithContext(ctx, rv, &cache.ListWatch{
		WatchFuncWithContext: func(ctx context.Context, opts metav1.ListOptions) (watch.Interface, error) {
			return fds.Watch(ctx, opts)
		},
	})
}

// nextFDeploy returns the next FederatedDeployment w delivers, or an error when w fails,
// ends or ctx does.
func nextFDeploy(ctx context.Context, w watch.Interface) (fdEvent, error) {
	select {
	case <-ctx.Done():
		return fdEvent{}, ctx.Err()
	case ev, ok := <-w.ResultChan():
		if !ok {
			return fdEvent{}, errors.New("watch of FederatedDeployments ended")
		}
		if ev.Type == watch.Error {
			return fdEvent{}, fmt.Errorf("watch of FederatedDeployments: %v", ev.Object)
		}
		d, ok := ev.Object.(*fedv1beta1.FederatedDeployment)
		if !ok {
			return fdEvent{}, fmt.Errorf("watch of FederatedDeployments delivered a %T", ev.Object)
		}
		return fdEvent{obj: d, at: time.Now()}, nil
	}
}

// memberStatusWatch counts the status changes of the Deployments of one member namespace,
// as the member's watch delivers them.
type memberStatusWatch struct {
	w    watch.Interface
	done chan struct{}

	mu      sync.Mutex
	last    map[string]appsv1.DeploymentStatus
	lastRV  map[string]string
	changes int
	err     error
	// stopped: what the watch delivers from now on, its end included, is not counted.
	stopped bool
}

// watchMemberStatus starts counting the status changes of the Deployments of ns in member,
// from their current state.
func watchMemberStatus(ctx context.Context, member kubernetes.Interface, ns string) (*memberStatusWatch, error) {
	list, err := member.AppsV1().Deployments(ns).List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, err
	}
	w, err := member.AppsV1().Deployments(ns).Watch(ctx, metav1.ListOptions{ResourceVersion: list.ResourceVersion})
	if err != nil {
		return nil, err
	}
	m := &memberStatusWatch{w: w, done: make(chan struct{}), last: map[string]appsv1.DeploymentStatus{}, lastRV: map[string]string{}}
	for _, d := range list.Items {
		m.last[d.Name], m.lastRV[d.Name] = d.Status, d.ResourceVersion
	}
	go m.run()
	return m, nil
}

func (m *memberStatusWatch) run() {
	defer close(m.done)
	for ev := range m.w.ResultChan() {
		d, ok := ev.Object.(*appsv1.Deployment)
		m.mu.Lock()
		switch {
		case m.stopped:
		case ev.Type == watch.Error || !ok:
			m.err = fmt.Errorf("watch of member Deployments: %s %v", ev.Type, ev.Object)
		case !equality.Semantic.DeepEqual(m.last[d.Name], d.Status):
			m.changes++
			fallthrough
		default:
			m.last[d.Name], m.lastRV[d.Name] = d.Status, d.ResourceVersion
		}
		m.mu.Unlock()
	}
}

// stopAt waits until the watch has delivered Deployment name at resourceVersion rv (the
// member's current one), stops it and returns the status changes it counted.
func (m *memberStatusWatch) stopAt(ctx context.Context, name, rv string) (int, error) {
	var changes int
	var werr error
	err := wait.PollUntilContextTimeout(ctx, 10*time.Millisecond, statusSettleTimeout, true, func(context.Context) (bool, error) {
		m.mu.Lock()
		defer m.mu.Unlock()
		changes, werr = m.changes, m.err
		m.stopped = m.lastRV[name] == rv || m.err != nil
		return m.stopped, nil
	})
	m.mu.Lock()
	m.stopped = true
	m.mu.Unlock()
	m.w.Stop()
	<-m.done
	return changes, errors.Join(err, werr)
}
