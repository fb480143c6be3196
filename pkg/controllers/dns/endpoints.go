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

package dns

import (
	"context"
	"sync"
	"time"

	discoveryv1 "k8s.io/api/discovery/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/client-go/informers"
	discoverylisters "k8s.io/client-go/listers/discovery/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/klog/v2"

	"k8s.io/federation/pkg/members"
)

// endpointSlices watch, in each member cluster, the EndpointSlices of Services (those with
// the kubernetes.io/service-name label the EndpointSlice controller sets), so that whether
// a member's copy of a service has ready endpoints is read from a cache, and a change wakes
// the service's reconcile.
type endpointSlices struct {
	// onChange receives namespace/name of the Service whose slices changed.
	onChange func(cluster, key string)

	mu     sync.Mutex
	caches map[string]*sliceCache
}

// syncGrace is how long a member's EndpointSlices may take to list before the member's
// endpoints count as unknown (see ready).
const syncGrace = 30 * time.Second

type sliceCache struct {
	version  string // the member client's: a new client restarts the watch
	started  time.Time
	informer cache.SharedIndexInformer
	lister   discoverylisters.EndpointSliceLister
	stop     context.CancelFunc
}

func newEndpointSlices(onChange func(cluster, key string)) *endpointSlices {
	return &endpointSlices{onChange: onChange, caches: map[string]*sliceCache{}}
}

// ensure starts (or restarts, for a new client) the watch of a member's EndpointSlices.
func (e *endpointSlices) ensure(ctx context.Context, cluster string, client *members.Client) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if c, ok := e.caches[cluster]; ok {
		if c.version == client.Version {
			return
		}
		c.stop()
	}
	ctx, cancel := context.WithCancel(ctx)
	factory := informers.NewSharedInformerFactoryWithOptions(client.Kubernetes, 0, informers.WithTweakListOptions(func(o *metav1.ListOptions) {
		o.LabelSelector = discoveryv1.LabelServiceName
	}))
	slices := factory.Discovery().V1().EndpointSlices()
	informer := slices.Informer()
	changed := func(obj any) {
		if tombstone, ok := obj.(cache.DeletedFinalStateUnknown); ok {
			obj = tombstone.Obj
		}
		if s, ok := obj.(*discoveryv1.EndpointSlice); ok {
			e.onChange(cluster, s.Namespace+"/"+s.Labels[discoveryv1.LabelServiceName])
		}
	}
	if _, err := informer.AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc: changed, UpdateFunc: func(_, obj any) { changed(obj) }, DeleteFunc: changed,
	}); err != nil {
		klog.FromContext(ctx).Error(err, "Watching EndpointSlices", "cluster", cluster)
	}
	factory.Start(ctx.Done())
	e.caches[cluster] = &sliceCache{version: client.Version, started: time.Now(), informer: informer, lister: slices.Lister(), stop: cancel}
	klog.FromContext(ctx).V(2).Info("Watching EndpointSlices of member cluster", "cluster", cluster)
}

// drop stops watching a cluster that is no longer registered.
func (e *endpointSlices) drop(cluster string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if c, ok := e.caches[cluster]; ok {
		c.stop()
		delete(e.caches, cluster)
	}
}

// ready reports whether the member's Service namespace/name has a ready endpoint (an
// endpoint whose ready condition is true or unset, which the EndpointSlice API says to read
// as ready), and whether the cache knows (it has synced). A cache that has not synced within
// syncGrace (e.g. a member joined before kubefed join granted list/watch on endpointslices)
// reports ready: the Cluster's readiness and the load balancer then decide alone, rather
// than one member's missing right taking its addresses out of DNS.
func (e *endpointSlices) ready(cluster, namespace, name string) (ready, known bool) {
	e.mu.Lock()
	c, ok := e.caches[cluster]
	e.mu.Unlock()
	if !ok {
		return false, false
	}
	if !c.informer.HasSynced() {
		if time.Since(c.started) > syncGrace {
			return true, true
		}
		return false, false
	}
	list, err := c.lister.EndpointSlices(namespace).List(labels.SelectorFromSet(labels.Set{discoveryv1.LabelServiceName: name}))
	if err != nil {
		return false, true
	}
	for _, s := range list {
		for _, ep := range s.Endpoints {
			if ep.Conditions.Ready == nil || *ep.Conditions.Ready {
				return true, true
			}
		}
	}
	return false, true
}
