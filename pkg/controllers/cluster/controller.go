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

// Package cluster is the cluster controller: it probes each member cluster on an interval
// and keeps its Cluster's status (Ready, Offline, Schedulable, version, topology, capacity)
// true, writing only when something changed. Schedulable publishes the replica failover
// decision (Ready not True for longer than the failover grace) so that every reader of the
// Cluster, the API server's write-through included, schedules replicas alike.
package cluster

import (
	"context"
	"slices"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/events"
	"k8s.io/client-go/util/workqueue"
	"k8s.io/klog/v2"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/controllers/reconciler"
	clientset "k8s.io/federation/pkg/generated/clientset/versioned"
	fedinformers "k8s.io/federation/pkg/generated/informers/externalversions/federation/v1beta1"
	fedlisters "k8s.io/federation/pkg/generated/listers/federation/v1beta1"
	"k8s.io/federation/pkg/members"
)

// Event reasons on a Cluster.
const (
	EventReady    = "ClusterReady"
	EventNotReady = "ClusterNotReady"
	EventOffline  = "ClusterOffline"
	// EventFailedOver (Warning): the cluster has not been Ready for longer than the failover
	// grace; replicaScheduling moves its replicas to other clusters.
	EventFailedOver = "ClusterFailedOver"
	// EventTainted: the controller tainted the cluster unreachable:NoExecute.
	EventTainted = "ClusterTaintedUnreachable"
	// EventUntainted: the controller removed the unreachable taint; the cluster answers again.
	EventUntainted = "ClusterUntainted"
	// EventKindsNotServed (Warning): the member's API does not serve the member type of some
	// federated kinds (status.unservedResources changed and is not empty).
	EventKindsNotServed = "KindsNotServed"
	// EventKindsServed: the member serves every federated kind's member type again.
	EventKindsServed = "KindsServed"
)

// Options tune the controller.
type Options struct {
	// ProbeInterval is the time between two probes of a Ready member; one that is not Ready
	// is probed more often (notReadyProbeInterval).
	ProbeInterval time.Duration
	// ProbeTimeout bounds one probe.
	ProbeTimeout time.Duration
	// Workers probe clusters in parallel.
	Workers int
	// FailoverGrace is how long a cluster may be not Ready before its Schedulable condition
	// turns False and replicaScheduling moves its replicas away (--cluster-failover-grace).
	FailoverGrace time.Duration
	// UnreachableTaintAfter is how long a cluster may be Offline before the controller taints
	// it federation.k8s.io/unreachable:NoExecute, which removes the objects that do not
	// tolerate it (--cluster-unreachable-taint-after); 0 never taints and removes the taint.
	UnreachableTaintAfter time.Duration
	// DiscoveryInterval is how often a member's API discovery is read in full to learn which
	// federated kinds' member types it serves (--cluster-discovery-interval); it is also read
	// when the member's version changes and when it turns Ready (servedKinds).
	DiscoveryInterval time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Controller is the cluster controller.
type Controller struct {
	fed      clientset.Interface
	clusters fedlisters.ClusterLister
	synced   cache.InformerSynced
	clients  *members.Clients
	recorder events.EventRecorder
	served   *servedKinds
	queue    workqueue.TypedRateLimitingInterface[string]
	opts     Options
}

// New returns a cluster controller.
func New(fed clientset.Interface, clusters fedinformers.ClusterInformer, clients *members.Clients, recorder events.EventRecorder, opts Options) (*Controller, error) {
	registerMetrics()
	c := &Controller{
		fed:      fed,
		clusters: clusters.Lister(),
		synced:   clusters.Informer().HasSynced,
		clients:  clients,
		recorder: recorder,
		served:   newServedKinds(opts.DiscoveryInterval),
		queue: workqueue.NewTypedRateLimitingQueueWithConfig(workqueue.DefaultTypedControllerRateLimiter[string](),
			workqueue.TypedRateLimitingQueueConfig[string]{Name: "federation-cluster"}),
		opts: opts,
	}
	_, err := clusters.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc: c.enqueue,
		// A spec change (new server, credentials) is probed at once; status updates are ours.
		UpdateFunc: func(oldObj, newObj any) {
			if oldObj.(*fedv1beta1.Cluster).Generation != newObj.(*fedv1beta1.Cluster).Generation {
				c.enqueue(newObj)
			}
		},
		DeleteFunc: func(obj any) {
			if tombstone, ok := obj.(cache.DeletedFinalStateUnknown); ok {
				obj = tombstone.Obj
			}
			if cl, ok := obj.(*fedv1beta1.Cluster); ok {
				clusterMetrics.forget(cl.Name)
				c.served.forget(cl.Name)
			}
		},
	})
	return c, err
}

func (c *Controller) enqueue(obj any) {
	if cl, ok := obj.(*fedv1beta1.Cluster); ok {
		c.queue.Add(cl.Name)
	}
}

// Run probes until ctx ends.
func (c *Controller) Run(ctx context.Context) {
	defer utilruntime.HandleCrashWithContext(ctx)
	logger := klog.FromContext(ctx).WithName("cluster")
	ctx = klog.NewContext(ctx, logger)
	logger.Info("Starting cluster controller", "probeInterval", c.opts.ProbeInterval)
	if !cache.WaitForNamedCacheSyncWithContext(ctx, c.synced) {
		c.queue.ShutDown()
		return
	}
	reconciler.Run(ctx, c.queue, c.opts.Workers, "cluster", c.sync)
	logger.Info("Stopping cluster controller")
}

// sync probes one cluster, records what changed and schedules the next probe.
func (c *Controller) sync(ctx context.Context, name string) error {
	cluster, err := c.clusters.Get(name)
	if apierrors.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	// Only one probe of a cluster is ever scheduled: the queue keeps the earliest.
	next := c.opts.ProbeInterval
	defer func() { c.queue.AddAfter(name, next) }()

	probeCtx, cancel := context.WithTimeout(ctx, c.opts.ProbeTimeout)
	start := time.Now()
	status := probe(probeCtx, c.clients, cluster)
	if !meta.IsStatusConditionTrue(status.Conditions, fedv1beta1.ClusterReady) {
		next = notReadyProbeInterval(c.opts.ProbeInterval)
	}
	if client, err := c.clients.Get(name); err == nil {
		c.served.observe(probeCtx, client.Kubernetes.Discovery(), name, cluster.Status, &status, c.now())
	}
	cancel()
	clusterMetrics.observe(name, status, time.Since(start), start)
	if wait := setSchedulable(&status, cluster.Generation, c.now(), c.opts.FailoverGrace); wait > 0 && wait < c.opts.ProbeInterval {
		// The grace runs out before the next probe: look again then.
		c.queue.AddAfter(name, wait)
	}

	// The taint changes first: a cluster that answers again loses it before its status says
	// Ready, so nothing reads it as Ready and still tainted and removes copies from it.
	cluster, err = c.updateTaints(ctx, cluster, status)
	if err != nil {
		return err
	}
	if equality.Semantic.DeepEqual(cluster.Status, status) {
		return nil
	}
	updated := cluster.DeepCopy()
	updated.Status = status
	if _, err := c.fed.FederationV1beta1().Clusters().UpdateStatus(ctx, updated, metav1.UpdateOptions{}); err != nil {
		return err
	}
	c.recordTransition(ctx, cluster, status)
	c.recordFailover(ctx, cluster, status)
	c.recordServed(ctx, cluster, status)
	return nil
}

// notReadyProbeInterval is how often a cluster that is not Ready is probed: a fifth of the
// interval, at least a second, so that a member back from an outage is written to within
// seconds rather than up to a whole interval later (the sync controller waits for Ready).
// Such a probe of a stopped member costs one refused connection, or one request of at most
// the probe timeout for one that does not answer; its status is written only when it changes.
func notReadyProbeInterval(interval time.Duration) time.Duration {
	return min(interval, max(interval/5, time.Second))
}

// updateTaints adds or removes the unreachable taint as taintsFor says, and returns the
// cluster as stored after. It schedules a probe for when the taint would be due.
func (c *Controller) updateTaints(ctx context.Context, cluster *fedv1beta1.Cluster, status fedv1beta1.ClusterStatus) (*fedv1beta1.Cluster, error) {
	taints, changed, wait := taintsFor(cluster, status, c.now(), c.opts.UnreachableTaintAfter)
	if wait > 0 && wait < c.opts.ProbeInterval {
		c.queue.AddAfter(cluster.Name, wait)
	}
	if !changed {
		return cluster, nil
	}
	updated := cluster.DeepCopy()
	updated.Spec.Taints = taints
	stored, err := c.fed.FederationV1beta1().Clusters().Update(ctx, updated, metav1.UpdateOptions{})
	if err != nil {
		return nil, err
	}
	if slices.ContainsFunc(taints, isUnreachableTaint) {
		klog.FromContext(ctx).Info("Cluster tainted unreachable", "after", c.opts.UnreachableTaintAfter)
		c.recorder.Eventf(cluster, nil, corev1.EventTypeWarning, EventTainted, "Taint",
			"Offline for longer than %s: tainted %s; objects that do not tolerate it leave this cluster.", c.opts.UnreachableTaintAfter, unreachableTaint.ToString())
	} else {
		klog.FromContext(ctx).Info("Cluster untainted")
		c.recorder.Eventf(cluster, nil, corev1.EventTypeNormal, EventUntainted, "Taint", "Removed the taint %s.", unreachableTaint.ToString())
	}
	return stored, nil
}

// recordFailover tells users, with an event, when a cluster's Schedulable condition turns False.
func (c *Controller) recordFailover(ctx context.Context, cluster *fedv1beta1.Cluster, status fedv1beta1.ClusterStatus) {
	now := meta.FindStatusCondition(status.Conditions, fedv1beta1.ClusterSchedulable)
	if now == nil || now.Status != metav1.ConditionFalse || meta.IsStatusConditionFalse(cluster.Status.Conditions, fedv1beta1.ClusterSchedulable) {
		return
	}
	klog.FromContext(ctx).Info("Cluster failed over: replicas move to other clusters", "reason", now.Reason)
	c.recorder.Eventf(cluster, nil, corev1.EventTypeWarning, EventFailedOver, "Probe", "%s", now.Message)
}

func (c *Controller) now() time.Time {
	if c.opts.Now != nil {
		return c.opts.Now()
	}
	return time.Now()
}

// recordTransition tells users, with an event, when a cluster turns Ready, not Ready or Offline.
func (c *Controller) recordTransition(ctx context.Context, cluster *fedv1beta1.Cluster, status fedv1beta1.ClusterStatus) {
	was := meta.FindStatusCondition(cluster.Status.Conditions, fedv1beta1.ClusterReady)
	ready := meta.FindStatusCondition(status.Conditions, fedv1beta1.ClusterReady)
	offline := meta.FindStatusCondition(status.Conditions, fedv1beta1.ClusterOffline)
	if ready == nil || (was != nil && was.Status == ready.Status && was.Reason == ready.Reason) {
		return
	}
	klog.FromContext(ctx).Info("Cluster readiness changed", "ready", ready.Status, "reason", ready.Reason, "message", ready.Message)
	switch {
	case ready.Status == metav1.ConditionTrue:
		c.recorder.Eventf(cluster, nil, corev1.EventTypeNormal, EventReady, "Probe", "%s", ready.Message)
	case offline != nil && offline.Status == metav1.ConditionTrue:
		c.recorder.Eventf(cluster, nil, corev1.EventTypeWarning, EventOffline, "Probe", "%s", offline.Message)
	default:
		c.recorder.Eventf(cluster, nil, corev1.EventTypeWarning, EventNotReady, "Probe", "%s", ready.Message)
	}
}
