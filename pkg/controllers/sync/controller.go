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

// Package sync is the sync controller: it brings every placed member cluster to the state
// a federated object renders to (missed writes, members that come back, drift, placement
// changes) and finishes deletions, with the same propagation engine as the storage layer.
// A reconcile of a converged object reads caches and writes nothing. A copy is judged by what
// the member would hold after federation's apply (a server-side dry run, remembered per
// copy), not by what federation sends, and a field that another writer keeps changing back
// is left to it after a few restorations and reported (see memberFights).
package sync

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/events"
	"k8s.io/client-go/util/workqueue"
	"k8s.io/klog/v2"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/controllers/reconciler"
	fedinformers "k8s.io/federation/pkg/generated/informers/externalversions"
	fedlisters "k8s.io/federation/pkg/generated/listers/federation/v1beta1"
	"k8s.io/federation/pkg/members"
	"k8s.io/federation/pkg/propagation"
)

// Event reasons.
const (
	// EventMemberRestored: a member's copy was changed or deleted there, and was restored.
	EventMemberRestored = "MemberRestored"
	// EventPropagationFailed: a member refused or could not be reached for a write.
	EventPropagationFailed = "PropagationFailed"
	// EventFieldManagerConflict (Warning): another field manager kept changing a field of a
	// member's copy back after federation restored it; federation leaves the field to it.
	EventFieldManagerConflict = "FieldManagerConflict"
)

// memberSyncTimeout bounds how long the controller waits for the member caches of Ready
// clusters before it starts reconciling.
const memberSyncTimeout = 30 * time.Second

// ReasonClusterNotReady is the status reason of a cluster skipped because it is not Ready.
const ReasonClusterNotReady = "ClusterNotReady"

// Options tune the controller.
type Options struct {
	// Workers reconcile objects in parallel.
	Workers int
	// WriteThroughGrace is how long an object whose spec the storage layer has not yet
	// reported on (status.observedGeneration behind) is left to the write-through before the
	// controller writes it itself: it covers a write-through in flight, and finds one that
	// never finished (fcp stopped in the middle).
	WriteThroughGrace time.Duration
}

// MemberClients hands out member clusters' clients; *members.Clients is the real one.
type MemberClients interface {
	Get(cluster string) (*members.Client, error)
}

// Controller is the sync controller.
type Controller struct {
	rest     rest.Interface
	clusters fedlisters.ClusterLister
	synced   []cache.InformerSynced
	clients  MemberClients
	engine   *propagation.Engine
	recorder events.EventRecorder
	kinds    map[string]*federatedKind
	members  *memberCaches
	fights   *memberFights
	queue    workqueue.TypedRateLimitingInterface[string]
	opts     Options
}

// New returns a sync controller over every federated kind of factory's API. fedREST is the
// federation API's REST client (status and finalizer writes); engine writes to members with
// clients.
func New(fedREST rest.Interface, factory fedinformers.SharedInformerFactory, clients MemberClients, engine *propagation.Engine,
	recorder events.EventRecorder, opts Options) (*Controller, error) {
	registerMetrics()
	kinds, err := federatedKinds(factory)
	if err != nil {
		return nil, err
	}
	clusterInformer := factory.Federation().V1beta1().Clusters()
	c := &Controller{
		rest:     fedREST,
		clusters: clusterInformer.Lister(),
		synced:   []cache.InformerSynced{clusterInformer.Informer().HasSynced},
		clients:  clients,
		engine:   engine,
		recorder: recorder,
		kinds:    map[string]*federatedKind{},
		fights:   newMemberFights(time.Now),
		queue: workqueue.NewTypedRateLimitingQueueWithConfig(workqueue.DefaultTypedControllerRateLimiter[string](),
			workqueue.TypedRateLimitingQueueConfig[string]{Name: "federation-sync"}),
		opts: opts,
	}
	var memberResources []schema.GroupVersionResource
	for _, k := range kinds {
		c.kinds[k.Kind.Kind] = k
		c.synced = append(c.synced, k.informer.HasSynced)
		memberResources = append(memberResources, k.Member.GroupVersionResource())
		if _, err := k.informer.AddEventHandler(cache.ResourceEventHandlerFuncs{
			AddFunc:    func(obj any) { c.enqueueObject(k, obj) },
			UpdateFunc: func(_, obj any) { c.enqueueObject(k, obj) },
			DeleteFunc: func(obj any) { c.enqueueObject(k, obj) },
		}); err != nil {
			return nil, err
		}
	}
	c.members = newMemberCaches(memberResources, c.enqueueKey)
	if err := c.watchAutoscalers(factory); err != nil {
		return nil, err
	}
	if _, err := clusterInformer.Informer().AddEventHandler(cache.ResourceEventHandlerDetailedFuncs{
		// The initial list's clusters wake nothing: the objects' own informers queue them all.
		AddFunc: func(_ any, isInInitialList bool) {
			if !isInInitialList {
				c.enqueueAll()
			}
		},
		UpdateFunc: c.clusterUpdated,
		DeleteFunc: func(any) { c.enqueueAll() },
	}); err != nil {
		return nil, err
	}
	return c, nil
}

// Run reconciles until ctx ends.
func (c *Controller) Run(ctx context.Context) {
	defer utilruntime.HandleCrashWithContext(ctx)
	logger := klog.FromContext(ctx).WithName("sync")
	ctx = klog.NewContext(ctx, logger)
	logger.Info("Starting sync controller", "kinds", len(c.kinds), "workers", c.opts.Workers)
	if !cache.WaitForNamedCacheSyncWithContext(ctx, c.synced...) {
		c.queue.ShutDown()
		return
	}
	// Reconciles compare with the member caches; started before those have synced, they
	// would write every object to every member blind (each start, each leader change). A
	// member that cannot be listed must not hold the others up for long.
	c.watchMembers(ctx)
	syncCtx, cancel := context.WithTimeout(ctx, memberSyncTimeout)
	if !cache.WaitForCacheSync(syncCtx.Done(), c.members.hasSynced(c.readyClusters())...) {
		logger.Info("Some member caches have not synced; their members are written without comparing until they do")
	}
	cancel()
	go wait.UntilWithContext(ctx, c.watchMembers, 10*time.Second)
	reconciler.Run(ctx, c.queue, c.opts.Workers, "object", c.timedReconcile)
	logger.Info("Stopping sync controller")
}

// watchMembers keeps a member cache for every registered cluster whose client can be built,
// and drops those of clusters that are gone.
func (c *Controller) watchMembers(ctx context.Context) {
	clusters, err := c.clusters.List(labels.Everything())
	if err != nil {
		return
	}
	registered := map[string]bool{}
	for _, cl := range clusters {
		registered[cl.Name] = true
		client, err := c.clients.Get(cl.Name)
		if err != nil {
			klog.FromContext(ctx).V(2).Info("Cannot watch member yet", "cluster", cl.Name, "err", err)
			continue
		}
		c.members.ensure(ctx, cl.Name, client, cl.Status.UnservedResources)
	}
	for _, name := range c.members.clusters() {
		if !registered[name] {
			c.members.drop(name)
		}
	}
}

func (c *Controller) timedReconcile(ctx context.Context, key string) error {
	start := time.Now()
	err := c.reconcile(ctx, key)
	syncMetrics.observe(kindOf(key), err, time.Since(start))
	return err
}

// reconcile brings one federated object's members to its rendered state.
func (c *Controller) reconcile(ctx context.Context, key string) error {
	kind, namespace, name, ok := propagation.ParseOrigin(key)
	k := c.kinds[kind]
	if !ok || k == nil {
		return nil
	}
	obj, err := k.get(namespace, name)
	if err != nil || obj == nil {
		c.fights.forget(key)
		return err
	}
	placement, err := c.engine.Placement(obj)
	if err != nil {
		return err
	}
	placed := placement.Clusters
	if placement.RecheckAfter > 0 {
		// A NoExecute toleration's tolerationSeconds runs out then: the copy leaves.
		c.queue.AddAfter(key, placement.RecheckAfter)
	}
	// Clusters the object was written to and is no longer placed on.
	dropped := propagation.Unplaced(obj, placed)
	if obj.GetDeletionTimestamp() != nil {
		c.fights.forget(key)
		return c.finishDeletion(ctx, k, obj, append(placed, dropped...))
	}
	for _, cl := range placed {
		c.ensureMemberCache(ctx, cl)
	}
	c.fights.retain(key, placed)
	// The same division as the write-through's, from the same inputs: the object (its
	// status rows hold the previous division) and the Clusters' Schedulable conditions.
	sched := c.engine.Schedule(obj, placement)
	logScheduleChange(ctx, key, obj, sched)
	var outcomes []propagation.Outcome
	var toApply, restored []string
	rendered := map[string]*unstructured.Unstructured{}
	absent := map[string]bool{}
	for _, cl := range placed {
		if err := c.notReady(cl); err != nil {
			outcomes = append(outcomes, propagation.Outcome{Cluster: cl, Err: err, Reason: ReasonClusterNotReady})
			continue
		}
		desired, err := propagation.Render(obj, cl, sched)
		if err != nil {
			outcomes = append(outcomes, propagation.Outcome{Cluster: cl, Err: err, Reason: propagation.ReasonFor(err)})
			continue
		}
		member, synced := c.members.get(cl, k.Member.GroupVersionResource(), namespace, name)
		if finished, ran := propagation.RanThere(obj, cl); ran && synced && member == nil {
			// Ran, then deleted by the member (ttlSecondsAfterFinished): running it again
			// takes a change of the spec.
			outcomes = append(outcomes, propagation.Outcome{Cluster: cl, Gone: true, Finished: finished})
			continue
		}
		plan := c.planMember(ctx, obj, key, cl, desired, member, synced)
		c.reportGaveUp(obj, cl, plan.gaveUp)
		if plan.write == nil {
			// The cached copy carries the member's status, which WithHealth sums; a change
			// of that status (a rollout) wakes this object through the member cache.
			outcomes = append(outcomes, propagation.Outcome{Cluster: cl, Generation: plan.generation, Object: member})
			continue
		}
		if plan.restored {
			restored = append(restored, cl)
		}
		absent[cl] = synced && member == nil
		rendered[cl] = plan.write
		toApply = append(toApply, cl)
	}
	if len(toApply) > 0 && !firstCopies(obj, toApply, absent) {
		if current, err := c.stillCurrent(ctx, k, obj); err != nil || !current {
			klog.FromContext(ctx).V(4).Info("Object changed since the informer saw it; waiting for its event", "object", key, "err", err)
			return err
		}
	}
	applied := c.engine.ApplyRendered(ctx, obj, toApply, rendered, propagation.ApplyOptions{Absent: func(cl string) bool { return absent[cl] }})
	outcomes = append(outcomes, applied...)
	slices.SortFunc(outcomes, func(a, b propagation.Outcome) int { return strings.Compare(a.Cluster, b.Cluster) })
	c.reportRestored(obj, restored, absent, applied)
	c.reportFailures(obj, EventPropagationFailed, applied)

	pending := c.remove(ctx, obj, dropped, false)

	status := propagation.StatusOf(obj, propagation.Report{
		Outcomes: outcomes, Schedule: sched, Removed: pending, Excluded: placement.Excluded,
		FieldConflicts: c.fights.conflicts(key, obj.GetGeneration()),
	})
	if err := c.writeStatus(ctx, k, obj, status); err != nil {
		return err
	}
	if retryable(applied) || retryable(pending) {
		return fmt.Errorf("%d clusters not converged", len(propagation.Failed(applied))+len(pending))
	}
	return nil
}

// finishDeletion removes (or orphans) a deleted object's member copies in clusters and then
// drops the finalizer, which lets the API delete it. Clusters not Ready keep it Terminating.
func (c *Controller) finishDeletion(ctx context.Context, k *federatedKind, obj fedv1beta1.FederatedObject, clusters []string) error {
	if !slices.Contains(obj.GetFinalizers(), propagation.Finalizer) {
		return nil
	}
	orphan := obj.GetAnnotations()[propagation.OrphanAnnotation] == "true"
	if failed := c.remove(ctx, obj, clusters, orphan); len(failed) > 0 {
		if err := c.writeStatus(ctx, k, obj, propagation.DeletionStatus(*obj.GetFederatedStatus(), failed)); err != nil {
			return err
		}
		if retryable(failed) {
			return fmt.Errorf("removal pending in %d clusters", len(failed))
		}
		return nil
	}
	obj.SetFinalizers(slices.DeleteFunc(obj.GetFinalizers(), func(f string) bool { return f == propagation.Finalizer }))
	err := c.rest.Put().NamespaceIfScoped(obj.GetNamespace(), k.Namespaced).Resource(k.Plural).Name(obj.GetName()).Body(obj).Do(ctx).Error()
	if apierrors.IsNotFound(err) {
		return nil
	}
	if err == nil {
		klog.FromContext(ctx).V(2).Info("Deletion finished in every member", "orphan", orphan)
	}
	return err
}

// remove removes obj from clusters, skipping those not Ready, and returns the failures. Copies
// kept instead of deleted (the kind's Ownership rule) are reported in an event.
func (c *Controller) remove(ctx context.Context, obj fedv1beta1.FederatedObject, clusters []string, orphan bool) []propagation.Outcome {
	var ready []string
	var out []propagation.Outcome
	for _, cl := range clusters {
		if err := c.notReady(cl); err != nil {
			out = append(out, propagation.Outcome{Cluster: cl, Err: err, Reason: ReasonClusterNotReady})
			continue
		}
		ready = append(ready, cl)
	}
	removed := c.engine.Remove(ctx, obj, ready, propagation.RemoveOptions{Orphan: orphan})
	if msg := propagation.KeptMessage(removed); msg != "" {
		c.recorder.Eventf(obj, nil, corev1.EventTypeWarning, propagation.EventMemberKept, "Remove", "%s", msg)
	}
	out = append(out, propagation.Failed(removed)...)
	slices.SortFunc(out, func(a, b propagation.Outcome) int { return strings.Compare(a.Cluster, b.Cluster) })
	return out
}

// writeStatus updates obj's status when it differs from what is stored: a converged object's
// reconcile writes nothing.
func (c *Controller) writeStatus(ctx context.Context, k *federatedKind, obj fedv1beta1.FederatedObject, status fedv1beta1.FederatedStatus) error {
	if equality.Semantic.DeepEqual(*obj.GetFederatedStatus(), status) {
		return nil
	}
	*obj.GetFederatedStatus() = status
	err := c.rest.Put().NamespaceIfScoped(obj.GetNamespace(), k.Namespaced).Resource(k.Plural).Name(obj.GetName()).SubResource("status").Body(obj).Do(ctx).Error()
	if apierrors.IsNotFound(err) {
		return nil
	}
	return err
}

// readyClusters returns the clusters whose Ready condition is True.
func (c *Controller) readyClusters() []string {
	clusters, err := c.clusters.List(labels.Everything())
	if err != nil {
		return nil
	}
	var out []string
	for _, cl := range clusters {
		if readyStatus(cl) == metav1.ConditionTrue {
			out = append(out, cl.Name)
		}
	}
	return out
}

// notReady returns why a registered cluster is not Ready, or nil. A cluster not probed yet
// counts as ready (a write tells), and one not registered is left to the engine to report.
func (c *Controller) notReady(name string) error {
	cl, err := c.clusters.Get(name)
	if err != nil {
		return nil
	}
	cond := meta.FindStatusCondition(cl.Status.Conditions, fedv1beta1.ClusterReady)
	if cond == nil || cond.Status == metav1.ConditionTrue {
		return nil
	}
	return fmt.Errorf("cluster %s is not ready (%s): %s", name, cond.Reason, cond.Message)
}

func (c *Controller) ensureMemberCache(ctx context.Context, cluster string) {
	client, err := c.clients.Get(cluster)
	if err != nil {
		return
	}
	var unserved []metav1.GroupVersionResource
	if cl, err := c.clusters.Get(cluster); err == nil {
		unserved = cl.Status.UnservedResources
	}
	c.members.ensure(ctx, cluster, client, unserved)
}

// retryable reports whether a failure is worth a retry with backoff. A cluster that is not
// Ready, or not registered, is retried when its Cluster changes: that wakes every object.
// A member that does not serve the kind (KindNotServed) is too: the cluster controller's
// discovery changes its status.unservedResources when it gains the type
// (enqueueUnservedChanges), and the resync looks again in any case; retrying sooner would
// only ask the member the same question.
func retryable(outcomes []propagation.Outcome) bool {
	for _, o := range outcomes {
		if o.Err != nil && o.Reason != ReasonClusterNotReady && o.Reason != propagation.ReasonClusterNotFound &&
			o.Reason != propagation.ReasonKindNotServed {
			return true
		}
	}
	return false
}
