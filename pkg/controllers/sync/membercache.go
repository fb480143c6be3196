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
	"context"
	"fmt"
	"slices"
	gosync "sync"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic/dynamicinformer"
	"k8s.io/client-go/tools/cache"
	"k8s.io/klog/v2"

	"k8s.io/federation/pkg/members"
	"k8s.io/federation/pkg/propagation"
)

// memberCaches watch, in each member cluster, the objects federation wrote (those with the
// managed label), so that a reconcile compares against a cache instead of asking members,
// and an edit or delete in a member wakes the reconcile of the object it came from.
type memberCaches struct {
	resources []schema.GroupVersionResource
	// onChange receives the origin annotation of a member object that changed.
	onChange func(origin string)

	mu     gosync.Mutex
	caches map[string]*memberCache
}

type memberCache struct {
	// version is the member client's version and the types the member does not serve: a
	// rotated Secret or a moved server restarts the watches with the new client, and a
	// member that gains or loses a type restarts them with the types it serves.
	version   string
	informers map[schema.GroupVersionResource]cache.SharedIndexInformer
	stop      context.CancelFunc
}

func newMemberCaches(resources []schema.GroupVersionResource, onChange func(origin string)) *memberCaches {
	return &memberCaches{resources: resources, onChange: onChange, caches: map[string]*memberCache{}}
}

// ensure starts (or restarts, for a new client or another set of unserved types) the
// watches of a member cluster, of every member type but those its Cluster's
// status.unservedResources lists: a watch of a type the member does not serve would never
// sync, and list again and again.
func (m *memberCaches) ensure(ctx context.Context, cluster string, client *members.Client, unserved []metav1.GroupVersionResource) {
	m.mu.Lock()
	defer m.mu.Unlock()
	version := client.Version + fmt.Sprint(unserved)
	if c, ok := m.caches[cluster]; ok {
		if c.version == version {
			return
		}
		c.stop()
	}
	ctx, cancel := context.WithCancel(ctx)
	factory := dynamicinformer.NewFilteredDynamicSharedInformerFactory(client.Dynamic, 0, metav1.NamespaceAll, func(o *metav1.ListOptions) {
		o.LabelSelector = propagation.ManagedLabel + "=true"
	})
	c := &memberCache{version: version, informers: map[schema.GroupVersionResource]cache.SharedIndexInformer{}, stop: cancel}
	// Every update wakes the object, a status-only one too: a member's rollout progress is
	// what WithHealth sums (the reconcile then writes status only when it changed).
	handler := cache.ResourceEventHandlerFuncs{
		AddFunc:    m.changed,
		UpdateFunc: func(_, obj any) { m.changed(obj) },
		DeleteFunc: m.changed,
	}
	for _, gvr := range m.resources {
		if slices.Contains(unserved, metav1.GroupVersionResource{Group: gvr.Group, Version: gvr.Version, Resource: gvr.Resource}) {
			continue
		}
		informer := factory.ForResource(gvr).Informer()
		if _, err := informer.AddEventHandler(handler); err != nil {
			klog.FromContext(ctx).Error(err, "Watching member objects", "cluster", cluster, "resource", gvr.Resource)
		}
		c.informers[gvr] = informer
	}
	factory.Start(ctx.Done())
	m.caches[cluster] = c
	klog.FromContext(ctx).V(2).Info("Watching member cluster", "cluster", cluster, "clientVersion", client.Version, "unserved", unserved)
}

// drop stops watching a cluster that is no longer registered.
func (m *memberCaches) drop(cluster string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if c, ok := m.caches[cluster]; ok {
		c.stop()
		delete(m.caches, cluster)
	}
}

// clusters returns the clusters being watched.
func (m *memberCaches) clusters() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]string, 0, len(m.caches))
	for name := range m.caches {
		out = append(out, name)
	}
	return out
}

// hasSynced returns the HasSynced functions of the named clusters' caches.
func (m *memberCaches) hasSynced(clusters []string) []cache.InformerSynced {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []cache.InformerSynced
	for _, name := range clusters {
		if c, ok := m.caches[name]; ok {
			for _, informer := range c.informers {
				out = append(out, informer.HasSynced)
			}
		}
	}
	return out
}

// get returns the cached member object, and whether the cache has synced: an unsynced
// cache knows nothing, and its caller writes without comparing.
func (m *memberCaches) get(cluster string, gvr schema.GroupVersionResource, namespace, name string) (*unstructured.Unstructured, bool) {
	m.mu.Lock()
	c, ok := m.caches[cluster]
	m.mu.Unlock()
	if !ok {
		return nil, false
	}
	informer := c.informers[gvr]
	if informer == nil || !informer.HasSynced() {
		return nil, false
	}
	item, exists, err := informer.GetIndexer().GetByKey(cache.NewObjectName(namespace, name).String())
	if err != nil || !exists {
		return nil, true
	}
	return item.(*unstructured.Unstructured), true
}

func (m *memberCaches) changed(obj any) {
	if tombstone, ok := obj.(cache.DeletedFinalStateUnknown); ok {
		obj = tombstone.Obj
	}
	u, ok := obj.(*unstructured.Unstructured)
	if !ok {
		return
	}
	if origin := u.GetAnnotations()[propagation.OriginAnnotation]; origin != "" {
		m.onChange(origin)
	}
}
