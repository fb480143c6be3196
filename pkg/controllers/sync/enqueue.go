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

package sync

import (
	"slices"
	"time"

	"k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/cache"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/propagation"
)

// enqueueKey queues the object a key (an origin annotation, in either form
// propagation.ParseOrigin reads) names, through enqueueObject like every other way of waking
// an object, so that a member's event during a write-through does not cut its grace short.
func (c *Controller) enqueueKey(key string) {
	kind, namespace, name, ok := propagation.ParseOrigin(key)
	k := c.kinds[kind]
	if !ok || k == nil {
		return
	}
	key = propagation.OriginOf(kind, namespace, name)
	item, exists, err := k.informer.GetStore().GetByKey(cache.NewObjectName(namespace, name).String())
	if err != nil || !exists {
		// Gone: the reconcile finds nothing to do, or a copy to leave alone.
		c.queue.Add(key)
		return
	}
	c.enqueueObject(k, item)
}

func (c *Controller) enqueueObject(k *federatedKind, item any) {
	if tombstone, ok := item.(cache.DeletedFinalStateUnknown); ok {
		item = tombstone.Obj
	}
	obj, ok := item.(fedv1beta1.FederatedObject)
	if !ok {
		return
	}
	key := queueKey(k, obj)
	if wait := c.graceLeft(obj, time.Now()); wait > 0 {
		c.queue.AddAfter(key, wait)
		return
	}
	c.queue.Add(key)
}

// graceLeft is how long obj is still left to the storage layer's write-through at now: a
// generation it has not reported on (status.observedGeneration behind) gets the whole grace,
// as the storage layer is writing it through right now or was stopped before it could; a
// deletion that still holds propagation.Finalizer gets what is left of the grace since its
// deletionTimestamp, as the storage layer's Delete is removing the member copies. Without
// the latter, every delete removed each copy twice, the controller racing the apiserver (a
// read and a delete each, as BenchmarkFanOut's member-requests/op showed). At most 0: act now.
func (c *Controller) graceLeft(obj fedv1beta1.FederatedObject, now time.Time) time.Duration {
	switch deleted := obj.GetDeletionTimestamp(); {
	case deleted != nil && slices.Contains(obj.GetFinalizers(), propagation.Finalizer):
		return c.opts.WriteThroughGrace - now.Sub(deleted.Time)
	case deleted == nil && obj.GetFederatedStatus().ObservedGeneration != obj.GetGeneration():
		return c.opts.WriteThroughGrace
	}
	return 0
}

// clusterUpdated re-reconciles everything when a change of the cluster can change what
// members should hold or whether they can be reached: readiness, schedulability (replica
// failover), labels (selectors), spec. A change of its capacity alone (status.allocatable
// or status.allocated, which change as pods come and go) re-reconciles only the objects it
// can move: those with replicaScheduling mode Dynamic placed on the cluster.
func (c *Controller) clusterUpdated(oldObj, newObj any) {
	old, cur := oldObj.(*fedv1beta1.Cluster), newObj.(*fedv1beta1.Cluster)
	if readyStatus(cur) == metav1.ConditionTrue && readyStatus(old) != metav1.ConditionTrue {
		// Back from an outage: its watches may be waiting out a relist backoff of up to 30s,
		// and reconciles must not compare with a cache that missed the outage. Start over;
		// until the new cache syncs, reconciles write without comparing.
		c.members.drop(cur.Name)
	}
	if old.Generation != cur.Generation || !equality.Semantic.DeepEqual(old.Labels, cur.Labels) ||
		readyStatus(old) != readyStatus(cur) || schedulableStatus(old) != schedulableStatus(cur) {
		c.enqueueAll()
		return
	}
	if !slices.Equal(old.Status.UnservedResources, cur.Status.UnservedResources) {
		c.enqueueUnservedChanges(cur.Name, old.Status.UnservedResources, cur.Status.UnservedResources)
	}
	if !equality.Semantic.DeepEqual(old.Status.Allocatable, cur.Status.Allocatable) ||
		!equality.Semantic.DeepEqual(old.Status.Allocated, cur.Status.Allocated) {
		c.enqueueDynamicOn(cur.Name)
	}
}

// enqueueUnservedChanges queues the objects placed on cluster whose member type it has
// gained or lost (its status.unservedResources went from old to cur): those it gained are
// written now, those it lost get their KindNotServed row without a write. The member's
// watches restart with the types it serves (memberCaches.ensure) at the next reconcile
// that places an object there, or the next round of watchMembers.
func (c *Controller) enqueueUnservedChanges(cluster string, old, cur []metav1.GroupVersionResource) {
	for _, k := range c.kinds {
		gvr := k.Member.GroupVersionResource()
		r := metav1.GroupVersionResource{Group: gvr.Group, Version: gvr.Version, Resource: gvr.Resource}
		if slices.Contains(old, r) == slices.Contains(cur, r) {
			continue
		}
		for _, item := range k.informer.GetStore().List() {
			if obj, ok := item.(fedv1beta1.FederatedObject); ok && placedOn(obj, cluster) {
				c.enqueueObject(k, item)
			}
		}
	}
}

// enqueueDynamicOn queues the objects whose division of replicas reads cluster's capacity:
// spec.replicaScheduling.mode Dynamic, placed on cluster. It reads every object from the
// informers' caches (no request) and queues only those.
func (c *Controller) enqueueDynamicOn(cluster string) {
	for _, k := range c.kinds {
		for _, item := range k.informer.GetStore().List() {
			obj, ok := item.(fedv1beta1.ReplicaScheduledObject)
			if !ok {
				break // a kind without replicaScheduling
			}
			if rs := obj.GetReplicaScheduling(); rs != nil && rs.Mode == fedv1beta1.ReplicaSchedulingModeDynamic && placedOn(obj, cluster) {
				c.enqueueObject(k, item)
			}
		}
	}
}

// placedOn reports whether obj is placed on cluster as far as its spec and status tell
// without evaluating the placement: its placement names the cluster, or its status has a
// row for the cluster that is not Excluded (a cluster its selector matched). A cluster
// becomes placed by a change of the object, which queues it, or of the cluster's labels or
// spec, which queues everything.
func placedOn(obj fedv1beta1.FederatedObject, cluster string) bool {
	for _, ref := range obj.GetPropagation().Placement.Clusters {
		if ref.Name == cluster {
			return true
		}
	}
	for _, row := range obj.GetFederatedStatus().Clusters {
		if row.Name == cluster && row.Phase != fedv1beta1.PropagationPhaseExcluded {
			return true
		}
	}
	return false
}

func (c *Controller) enqueueAll() {
	for _, k := range c.kinds {
		for _, item := range k.informer.GetStore().List() {
			c.enqueueObject(k, item)
		}
	}
}

// queueKey is obj's key: the value of the origin annotation its member copies carry, so that
// a member's change wakes the object it came from.
func queueKey(k *federatedKind, obj metav1.Object) string {
	return propagation.OriginOf(k.Kind.Kind, obj.GetNamespace(), obj.GetName())
}

func kindOf(key string) string {
	kind, _, _, _ := propagation.ParseOrigin(key)
	return kind
}
