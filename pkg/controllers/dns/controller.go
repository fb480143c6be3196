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

// Package dns is the DNS controller: for each FederatedService of type LoadBalancer it
// publishes, through a DNS provider (pkg/dns), the original federation's names for the
// service in each zone and region its clusters are in and globally, with the addresses of
// the clusters where it is healthy (federation/pkg/federation-controller/service/dns in
// the original federation).
package dns

import (
	"context"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/labels"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/events"
	"k8s.io/client-go/util/workqueue"
	"k8s.io/klog/v2"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/controllers/reconciler"
	"k8s.io/federation/pkg/dns"
	clientset "k8s.io/federation/pkg/generated/clientset/versioned"
	fedinformers "k8s.io/federation/pkg/generated/informers/externalversions/federation/v1beta1"
	fedlisters "k8s.io/federation/pkg/generated/listers/federation/v1beta1"
	"k8s.io/federation/pkg/members"
)

// Event reasons on FederatedServices.
const (
	// ReasonDNSFallback: a zone or region name lost its last healthy cluster and is now a
	// CNAME to the level above.
	ReasonDNSFallback = "DNSFallbackToCNAME"
	// ReasonDNSRestored: a name that was a CNAME to the level above has healthy clusters.
	ReasonDNSRestored = "DNSAddressesRestored"
	// ReasonDNSProviderError: the provider refused or failed a write; it is retried.
	ReasonDNSProviderError = "DNSProviderError"
)

// Options configure the controller.
type Options struct {
	// ProviderName is the --dns-provider value, for metrics and logs.
	ProviderName string
	// Config names the zone and federation (see dns.Config).
	Config dns.Config
	// TTL of every record, in seconds.
	TTL int64
	// Workers reconcile services in parallel.
	Workers int
	// OwnersInterval is how often the provider's owners are listed, to remove the records of
	// FederatedServices deleted while the controller was not running.
	OwnersInterval time.Duration
	// Metrics, built and registered by the caller; nil records nothing.
	Metrics *Metrics
}

// Controller publishes the names of FederatedServices of type LoadBalancer.
type Controller struct {
	fed      clientset.Interface
	services fedlisters.FederatedServiceLister
	clusters fedlisters.ClusterLister
	synced   []cache.InformerSynced
	clients  *members.Clients
	slices   *endpointSlices
	provider dns.Provider
	recorder events.EventRecorder
	queue    workqueue.TypedRateLimitingInterface[string]
	opts     Options
	names    names

	mu sync.Mutex
	// published is what the provider holds for each owner (namespace/name) as last read or
	// written: a reconcile whose records equal it writes nothing.
	published map[string][]dns.Endpoint
	// changedAt is when the first change not yet published was seen, per key.
	changedAt map[string]time.Time
}

// New returns a DNS controller. Its handlers are added to the informers given; start the
// factories before Run.
func New(fed clientset.Interface, services fedinformers.FederatedServiceInformer, clusters fedinformers.ClusterInformer,
	clients *members.Clients, provider dns.Provider, recorder events.EventRecorder, opts Options) (*Controller, error) {
	if opts.Workers < 1 {
		opts.Workers = 1
	}
	c := &Controller{
		fed: fed, services: services.Lister(), clusters: clusters.Lister(), clients: clients, provider: provider, recorder: recorder,
		synced: []cache.InformerSynced{services.Informer().HasSynced, clusters.Informer().HasSynced},
		queue: workqueue.NewTypedRateLimitingQueueWithConfig(workqueue.DefaultTypedControllerRateLimiter[string](),
			workqueue.TypedRateLimitingQueueConfig[string]{Name: "federation-dns"}),
		opts:      opts,
		names:     names{federation: opts.Config.Federation, zone: opts.Config.Zone},
		published: map[string][]dns.Endpoint{},
		changedAt: map[string]time.Time{},
	}
	c.slices = newEndpointSlices(func(_, key string) {
		ns, name, err := cache.SplitMetaNamespaceKey(key)
		if err != nil {
			return
		}
		if _, err := c.services.FederatedServices(ns).Get(name); err == nil {
			c.enqueue(key)
		}
	})
	if _, err := services.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    c.enqueueObject,
		UpdateFunc: func(_, obj any) { c.enqueueObject(obj) },
		DeleteFunc: c.enqueueObject,
	}); err != nil {
		return nil, err
	}
	_, err := clusters.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc: c.clusterChanged,
		UpdateFunc: func(oldObj, newObj any) {
			o, n := oldObj.(*fedv1beta1.Cluster), newObj.(*fedv1beta1.Cluster)
			if ready(o) != ready(n) || !equality.Semantic.DeepEqual(o.Spec, n.Spec) ||
				o.Status.Region != n.Status.Region || !equality.Semantic.DeepEqual(o.Status.Zones, n.Status.Zones) {
				c.clusterChanged(newObj)
			}
		},
		DeleteFunc: c.clusterChanged,
	})
	return c, err
}

func (c *Controller) enqueueObject(obj any) {
	if key, err := cache.DeletionHandlingMetaNamespaceKeyFunc(obj); err == nil {
		c.enqueue(key)
	}
}

// enqueue queues key and remembers when the first unpublished change was seen.
func (c *Controller) enqueue(key string) { c.enqueueAt(key, time.Now()) }

// enqueueAt queues key for a change made at the time at (earlier than now when the change
// carries its own time, as a Cluster's Ready condition does).
func (c *Controller) enqueueAt(key string, at time.Time) {
	c.mu.Lock()
	if prev, ok := c.changedAt[key]; !ok || at.Before(prev) {
		c.changedAt[key] = at
	}
	c.mu.Unlock()
	c.queue.Add(key)
}

// clusterChanged watches the cluster's EndpointSlices while it is registered, and queues
// every FederatedService: any of them may be placed there. The change dates from the Ready
// condition's last transition (when the cluster controller's probe saw it), else now.
func (c *Controller) clusterChanged(obj any) {
	if tombstone, ok := obj.(cache.DeletedFinalStateUnknown); ok {
		obj = tombstone.Obj
	}
	cl, ok := obj.(*fedv1beta1.Cluster)
	if !ok {
		return
	}
	if _, err := c.clusters.Get(cl.Name); apierrors.IsNotFound(err) {
		c.slices.drop(cl.Name)
	}
	at := time.Now()
	if cond := meta.FindStatusCondition(cl.Status.Conditions, fedv1beta1.ClusterReady); cond != nil && cond.LastTransitionTime.Time.Before(at) &&
		at.Sub(cond.LastTransitionTime.Time) < time.Minute {
		at = cond.LastTransitionTime.Time
	}
	svcs, err := c.services.List(labels.Everything())
	if err != nil {
		return
	}
	for _, s := range svcs {
		if s.Spec.Template.Spec.Type == corev1.ServiceTypeLoadBalancer {
			c.enqueueAt(s.Namespace+"/"+s.Name, at)
		}
	}
}

// Run reconciles until ctx ends; it lists the provider's owners at start and every
// OwnersInterval so that records of deleted FederatedServices are removed.
func (c *Controller) Run(ctx context.Context) {
	defer utilruntime.HandleCrashWithContext(ctx)
	logger := klog.FromContext(ctx).WithName("dns")
	ctx = klog.NewContext(ctx, logger)
	logger.Info("Starting DNS controller", "provider", c.opts.ProviderName, "zone", c.opts.Config.Zone, "federation", c.opts.Config.Federation)
	if !cache.WaitForNamedCacheSyncWithContext(ctx, c.synced...) {
		c.queue.ShutDown()
		return
	}
	go wait.UntilWithContext(ctx, c.watchMembers, time.Second)
	go wait.UntilWithContext(ctx, c.queueOwners, c.opts.OwnersInterval)
	reconciler.Run(ctx, c.queue, c.opts.Workers, "federatedService", c.sync)
	logger.Info("Stopping DNS controller")
}

// watchMembers starts the EndpointSlice watch of every registered cluster (a new client,
// e.g. a rotated Secret, restarts it).
func (c *Controller) watchMembers(ctx context.Context) {
	clusters, err := c.clusters.List(labels.Everything())
	if err != nil {
		return
	}
	for _, cl := range clusters {
		if client, err := c.clients.Get(cl.Name); err == nil {
			c.slices.ensure(ctx, cl.Name, client)
		}
	}
}

// queueOwners queues every owner the provider holds records for.
func (c *Controller) queueOwners(ctx context.Context) {
	owners, err := c.provider.Owners(ctx)
	if err != nil {
		c.opts.Metrics.failed(c.opts.ProviderName, "owners")
		klog.FromContext(ctx).Error(err, "Listing DNS owners")
		return
	}
	for _, o := range owners {
		c.queue.Add(o.String())
	}
}

// sync publishes one FederatedService's records and status.
func (c *Controller) sync(ctx context.Context, key string) error {
	ns, name, err := cache.SplitMetaNamespaceKey(key)
	if err != nil {
		return nil
	}
	svc, err := c.services.FederatedServices(ns).Get(name)
	if err != nil && !apierrors.IsNotFound(err) {
		return err
	}
	if apierrors.IsNotFound(err) || svc.DeletionTimestamp != nil {
		svc = nil
	}
	want, st, retry := c.desiredFor(svc)
	if retry {
		c.queue.AddAfter(key, time.Second) // a member's EndpointSlices are not yet known
		return nil
	}
	if err := c.publish(ctx, dns.Owner{Namespace: ns, Name: name}, want); err != nil {
		if svc != nil {
			c.recorder.Eventf(svc, nil, corev1.EventTypeWarning, ReasonDNSProviderError, "PublishDNS", "%s provider: %v", c.opts.ProviderName, err)
		}
		return err
	}
	if svc == nil {
		return nil
	}
	return c.writeStatus(ctx, svc, st)
}

// desiredFor returns the records and status for svc (none for nil or a Service not of type
// LoadBalancer); retry when a Ready cluster's EndpointSlices are not known yet.
func (c *Controller) desiredFor(svc *fedv1beta1.FederatedService) (want []dns.Endpoint, st *fedv1beta1.ServiceDNSStatus, retry bool) {
	if svc == nil || svc.Spec.Template.Spec.Type != corev1.ServiceTypeLoadBalancer {
		return nil, nil, false
	}
	var ms []member
	for _, row := range svc.Status.Clusters {
		if row.Phase == fedv1beta1.PropagationPhaseExcluded {
			continue
		}
		cl, err := c.clusters.Get(row.Name)
		if err != nil {
			continue
		}
		m := member{name: cl.Name}
		m.region, m.zones = locality(cl)
		if row.LoadBalancer != nil {
			m.ingress = row.LoadBalancer.Ingress
		}
		if ready(cl) && len(m.ingress) > 0 {
			endpoints, known := c.slices.ready(cl.Name, svc.Namespace, svc.Name)
			if !known {
				return nil, nil, true
			}
			m.healthy = endpoints
		}
		ms = append(ms, m)
	}
	n := c.names
	n.service, n.namespace = svc.Name, svc.Namespace
	want, st = desired(n, ms, c.opts.TTL)
	return want, st, false
}

// publish makes the provider hold want for owner, writing only when it differs from what
// the provider was last seen to hold.
func (c *Controller) publish(ctx context.Context, owner dns.Owner, want []dns.Endpoint) error {
	key := owner.String()
	c.mu.Lock()
	held, known := c.published[key]
	changedAt := c.changedAt[key]
	delete(c.changedAt, key)
	c.mu.Unlock()
	if !known {
		var err error
		if held, err = c.provider.Endpoints(ctx, owner); err != nil {
			c.opts.Metrics.failed(c.opts.ProviderName, "endpoints")
			return err
		}
	}
	if !dns.Equal(held, want) {
		if err := c.provider.Sync(ctx, owner, want); err != nil {
			c.opts.Metrics.failed(c.opts.ProviderName, "sync")
			c.mu.Lock()
			delete(c.published, key) // read again: a failed Sync may have done part
			c.mu.Unlock()
			return err
		}
		c.opts.Metrics.wrote(c.opts.ProviderName, changedAt)
		klog.FromContext(ctx).V(2).Info("Published DNS records", "records", len(want))
		held = want
	}
	c.mu.Lock()
	if len(held) == 0 {
		delete(c.published, key)
	} else {
		c.published[key] = held
	}
	total := 0
	for _, eps := range c.published {
		for _, e := range eps {
			total += len(e.Targets)
		}
	}
	c.mu.Unlock()
	c.opts.Metrics.published(c.opts.ProviderName, total)
	return nil
}

// ready reports whether the Cluster's Ready condition is True.
func ready(cl *fedv1beta1.Cluster) bool {
	return meta.IsStatusConditionTrue(cl.Status.Conditions, fedv1beta1.ClusterReady)
}
