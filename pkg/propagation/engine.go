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

package propagation

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"sync"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/dynamic"
	"k8s.io/klog/v2"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	fedlisters "k8s.io/federation/pkg/generated/listers/federation/v1beta1"
	"k8s.io/federation/pkg/kinds"
)

// ClientSource returns clients for a member cluster.
type ClientSource interface {
	Dynamic(clusterName string) (dynamic.Interface, error)
	// Discovery is the member's discovery client, for what a kind's Ownership rule asks of
	// the member (the resources a namespace can hold).
	Discovery(clusterName string) (discovery.DiscoveryInterface, error)
}

// Engine writes federated objects to member clusters.
type Engine struct {
	clusters fedlisters.ClusterLister
	clients  ClientSource
	timeout  time.Duration
	metrics  *Metrics
	// autoscalers finds FederatedHorizontalPodAutoscalers (WithAutoscalers); nil: none.
	autoscalers fedlisters.FederatedHorizontalPodAutoscalerLister
}

// NewEngine returns an engine that finds clusters with the lister, reaches them through
// clients and gives each member write at most timeout.
func NewEngine(clusters fedlisters.ClusterLister, clients ClientSource, timeout time.Duration, metrics *Metrics) *Engine {
	return &Engine{clusters: clusters, clients: clients, timeout: timeout, metrics: metrics}
}

// Outcome is what one member cluster did with a federated object.
type Outcome struct {
	Cluster string
	// Err is nil on success.
	Err error
	// Reason is a CamelCase reason for a failure, e.g. Forbidden, Unreachable, Timeout.
	Reason string
	// Generation is the member object's generation after a successful apply.
	Generation int64
	// Object is the member's copy as a successful apply returned it (status included), for
	// the health of workloads (WithHealth); nil for removals and failures.
	Object *unstructured.Unstructured
	// Created is true when the apply created the member's copy, which it did not hold.
	Created bool
	// Kept, on a successful removal, says why the member's copy was kept and released
	// instead of deleted (the kind's Ownership rule, e.g. a namespace federation did not
	// create); empty when the copy was deleted, orphaned on request, or absent.
	Kept string
	// Gone reports, instead of Object, a copy of a kind that runs to completion that was
	// written for the object's current spec and then deleted by the member (RanThere): it is
	// not written again while the spec is unchanged. Finished is its status row's Finished,
	// which the row keeps.
	Gone     bool
	Finished string
}

// Placement returns where obj goes: the clusters the placement names plus those whose labels
// match its selector, less those a taint keeps it off (filterTainted), sorted by name.
func (e *Engine) Placement(obj fedv1beta1.FederatedObject) (Placed, error) {
	p := obj.GetPropagation().Placement
	names := map[string]struct{}{}
	for _, c := range p.Clusters {
		names[c.Name] = struct{}{}
	}
	if p.ClusterSelector != nil {
		sel, err := metav1.LabelSelectorAsSelector(p.ClusterSelector)
		if err != nil {
			return Placed{}, fmt.Errorf("placement selector: %w", err)
		}
		matched, err := e.clusters.List(sel)
		if err != nil {
			return Placed{}, err
		}
		for _, c := range matched {
			names[c.Name] = struct{}{}
		}
	}
	candidates := make([]string, 0, len(names))
	for n := range names {
		candidates = append(candidates, n)
	}
	sort.Strings(candidates)
	return filterTainted(obj, candidates, e.clusters, time.Now()), nil
}

// Schedule divides obj's replicas over the clusters it is placed on (ScheduleReplicas, with
// the Clusters the engine's lister has); nil when obj has no replicaScheduling. Clusters the
// federation.k8s.io/unreachable taint keeps obj off are failed over like Schedulable=False
// ones: they are listed in Unschedulable (with no share, as they are not placed).
//
// A workload that a FederatedHorizontalPodAutoscaler targets (Autoscaler) divides nothing:
// its Schedule only names the autoscaler, and Render leaves its replicas to the member HPAs
// whether or not it has replicaScheduling.
func (e *Engine) Schedule(obj fedv1beta1.FederatedObject, placed Placed) *Schedule {
	if a := e.Autoscaler(obj); a != "" {
		return &Schedule{Autoscaler: a}
	}
	s := ScheduleReplicas(obj, placed.Clusters, e.clusters)
	if s == nil {
		return nil
	}
	for _, x := range placed.Excluded {
		if x.Taint.Key == fedv1beta1.TaintClusterUnreachable {
			s.Unschedulable = append(s.Unschedulable, x.Cluster)
		}
	}
	slices.Sort(s.Unschedulable)
	return s
}

// ApplyOptions modify Apply.
type ApplyOptions struct {
	// DryRun asks members to validate without persisting.
	DryRun bool
	// CreateNamespace creates a missing namespace for real even in a dry run, so that the
	// member can validate the object at all. It stays even if the request is then refused:
	// the next attempt needs it, and one removed moments ago would still be terminating.
	CreateNamespace bool
	// Absent reports the clusters believed not to hold the object yet (every cluster, for a
	// new federated object). A write there creates the object without reading the member
	// first, and falls back to the ownership check when a copy exists after all.
	Absent func(cluster string) bool
	// Schedule is obj's division of replicas (ScheduleReplicas); each cluster's share is
	// rendered into its object. Nil for objects without replicaScheduling.
	Schedule *Schedule
}

// Apply server-side applies obj's rendered object to each cluster in parallel and returns
// one outcome per cluster, in the order given. A cluster whose status.unservedResources lists
// obj's member type is not sent anything: its outcome is a KindNotServedError.
func (e *Engine) Apply(ctx context.Context, obj fedv1beta1.FederatedObject, clusters []string, opts ApplyOptions) []Outcome {
	return e.applyEach(ctx, obj, clusters, opts, func(cluster string) (*unstructured.Unstructured, error) {
		return Render(obj, cluster, opts.Schedule)
	})
}

// applyEach applies the object desired returns for each cluster, in parallel.
func (e *Engine) applyEach(ctx context.Context, obj fedv1beta1.FederatedObject, clusters []string, opts ApplyOptions,
	desiredFor func(cluster string) (*unstructured.Unstructured, error)) []Outcome {
	op := "apply"
	if opts.DryRun {
		op = "dryrun"
	}
	return e.fanOut(ctx, op, clusters, func(ctx context.Context, client dynamic.Interface, cluster string) (memberResult, error) {
		if err := e.serves(cluster, obj); err != nil {
			return memberResult{}, err
		}
		desired, err := desiredFor(cluster)
		if err != nil {
			return memberResult{}, err
		}
		if !opts.DryRun && opts.Absent != nil && opts.Absent(cluster) {
			res, err := e.create(ctx, client, obj, desired)
			if !apierrors.IsConflict(err) {
				return res, err
			}
			klog.FromContext(ctx).V(4).Info("Member already holds the object; checking who owns it", "cluster", cluster)
		}
		return e.applyOne(ctx, client, obj, desired, opts)
	})
}

// RemoveOptions modify Remove.
type RemoveOptions struct {
	// Orphan leaves member objects in place, no longer marked as ours.
	Orphan bool
	DryRun bool
}

// Remove deletes (or orphans) obj's member objects in each cluster in parallel. An object
// already gone, or a cluster that is no longer registered, counts as removed.
func (e *Engine) Remove(ctx context.Context, obj fedv1beta1.FederatedObject, clusters []string, opts RemoveOptions) []Outcome {
	return e.fanOut(ctx, "remove", clusters, func(ctx context.Context, client dynamic.Interface, cluster string) (memberResult, error) {
		kept, err := e.removeOne(ctx, client, cluster, obj, opts)
		return memberResult{kept: kept}, err
	})
}

type memberResult struct {
	generation int64
	object     *unstructured.Unstructured
	created    bool
	kept       string
}

type memberOp func(ctx context.Context, client dynamic.Interface, cluster string) (memberResult, error)

func (e *Engine) fanOut(ctx context.Context, op string, clusters []string, do memberOp) []Outcome {
	out := make([]Outcome, len(clusters))
	var wg sync.WaitGroup
	for i, cluster := range clusters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			start := time.Now()
			out[i] = e.one(ctx, op, cluster, do)
			e.metrics.observe(cluster, op, out[i], time.Since(start))
		}()
	}
	wg.Wait()
	return out
}

func (e *Engine) one(ctx context.Context, op, cluster string, do memberOp) Outcome {
	logger := klog.LoggerWithValues(klog.FromContext(ctx), "cluster", cluster, "op", op)
	client, err := e.clients.Dynamic(cluster)
	if err != nil {
		if apierrors.IsNotFound(err) {
			if op == "remove" {
				return Outcome{Cluster: cluster}
			}
			return Outcome{Cluster: cluster, Err: fmt.Errorf("cluster %s is not registered", cluster), Reason: ReasonClusterNotFound}
		}
		return Outcome{Cluster: cluster, Err: err, Reason: ReasonFor(err)}
	}
	ctx, cancel := context.WithTimeout(ctx, e.timeout)
	defer cancel()
	res, err := do(ctx, client, cluster)
	if err != nil {
		logger.V(2).Info("Member write failed", "err", err)
		return Outcome{Cluster: cluster, Err: err, Reason: ReasonFor(err)}
	}
	logger.V(4).Info("Member write succeeded", "generation", res.generation)
	return Outcome{Cluster: cluster, Generation: res.generation, Object: res.object, Created: res.created, Kept: res.kept}
}

// createOnlyResourceVersion makes an apply a create: a resourceVersion in applied
// configuration is a precondition the member checks against an existing object only, and no
// object has this one (etcd's first write is revision 2).
const createOnlyResourceVersion = "1"

// create applies desired on condition that the member holds no object of that name, so
// that no read is needed to know it is not someone else's; the member answers Conflict if
// it holds one.
func (e *Engine) create(ctx context.Context, client dynamic.Interface, obj fedv1beta1.FederatedObject, desired *unstructured.Unstructured) (memberResult, error) {
	if recordsCreation(obj) {
		// The plain create is the condition; the apply that follows writes the template.
		if err := createMarked(ctx, client, obj, desired); err != nil {
			return memberResult{}, err
		}
	} else {
		desired.SetResourceVersion(createOnlyResourceVersion)
		defer desired.SetResourceVersion("")
	}
	res, err := e.write(ctx, client, obj, desired, metav1.ApplyOptions{FieldManager: FieldManager, Force: true}, false)
	res.created = err == nil
	return res, err
}

// applyOne applies desired, after checking that a copy the member already holds is ours (or
// adopted); a dry run skips the check.
func (e *Engine) applyOne(ctx context.Context, client dynamic.Interface, obj fedv1beta1.FederatedObject, desired *unstructured.Unstructured, opts ApplyOptions) (memberResult, error) {
	applyOpts := metav1.ApplyOptions{FieldManager: FieldManager, Force: true}
	if opts.DryRun {
		// A dry run only asks whether the member accepts the object; who owns an existing
		// copy matters for the real write alone, so the dry run saves the round trip.
		applyOpts.DryRun = []string{metav1.DryRunAll}
		res, err := e.write(ctx, client, obj, desired, applyOpts, !opts.CreateNamespace)
		if recreates(obj, err) {
			// The real write recreates the copy; the member found nothing else wrong.
			return memberResult{}, nil
		}
		return res, err
	}
	rc, member, err := resourceClient(client, obj)
	if err != nil {
		return memberResult{}, err
	}
	existing, err := rc.Get(ctx, desired.GetName(), metav1.GetOptions{})
	absent := apierrors.IsNotFound(err) && !NotServed(err)
	switch {
	case NotServed(err):
		return memberResult{}, asKindNotServed(err, member.GroupVersionResource())
	case absent && recordsCreation(obj):
		if err := createMarked(ctx, client, obj, desired); err != nil {
			return memberResult{}, err
		}
	case absent:
		// The apply creates it.
	case err != nil:
		return memberResult{}, err
	case !ownedBy(existing, obj) && !adopts(obj, existing):
		return memberResult{}, &ConflictError{Kind: member.Kind, Namespace: existing.GetNamespace(), Name: existing.GetName()}
	default:
		k, err := kinds.For(obj)
		if err != nil {
			return memberResult{}, err
		}
		if err := handOver(ctx, rc, existing, desired, k.Hooks.ReplicasPath); err != nil {
			return memberResult{}, fmt.Errorf("handing the replicas over: %w", err)
		}
	}
	res, err := e.write(ctx, client, obj, desired, applyOpts, false)
	if !absent && recreates(obj, err) {
		klog.FromContext(ctx).V(2).Info("Member refuses to change an immutable field; recreating its copy", "err", err)
		return e.recreate(ctx, client, obj, desired, existing)
	}
	res.created = absent && err == nil
	return res, err
}

// write server-side applies desired to the member. When the member says the object's
// namespace is missing, write creates it (only pretending to, with namespaceDryRun) and
// applies again.
func (e *Engine) write(ctx context.Context, client dynamic.Interface, obj fedv1beta1.FederatedObject, desired *unstructured.Unstructured,
	opts metav1.ApplyOptions, namespaceDryRun bool) (memberResult, error) {
	var result memberResult
	res, member, err := resourceClient(client, obj)
	if err != nil {
		return result, err
	}
	applied, err := res.Apply(ctx, desired.GetName(), desired, opts)
	if apierrors.IsNotFound(err) && !NotServed(err) && member.Namespaced {
		// The member serves the type and says the namespace is missing.
		if err := ensureNamespace(ctx, client, obj.GetNamespace(), namespaceDryRun); err != nil {
			return result, err
		}
		applied, err = res.Apply(ctx, desired.GetName(), desired, opts)
	}
	if err != nil {
		return result, asKindNotServed(err, member.GroupVersionResource())
	}
	result.generation = applied.GetGeneration()
	result.object = applied
	return result, nil
}

// removeOne deletes obj's copy in the member, or releases it (orphan, or the kind's
// Ownership rule keeps it; the rule's reason is returned).
func (e *Engine) removeOne(ctx context.Context, client dynamic.Interface, cluster string, obj fedv1beta1.FederatedObject, opts RemoveOptions) (string, error) {
	res, _, err := resourceClient(client, obj)
	if err != nil {
		return "", err
	}
	existing, err := res.Get(ctx, obj.GetName(), metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		// Gone, or a type the member does not serve (NotServed): then it holds no copy
		// anyone can reach, and waiting for one would keep the object Terminating until the
		// member is upgraded.
		return "", nil
	}
	if err != nil {
		return "", err
	}
	if !ownedBy(existing, obj) {
		// Someone else's object by now: leave it alone.
		return "", nil
	}
	var dryRun []string
	if opts.DryRun {
		dryRun = []string{metav1.DryRunAll}
	}
	if opts.Orphan {
		return "", Release(ctx, res, obj.GetName(), dryRun)
	}
	kept, err := e.keep(ctx, client, cluster, obj, existing)
	if err != nil {
		return "", err
	}
	if kept != "" {
		return kept, Release(ctx, res, obj.GetName(), dryRun)
	}
	uid := existing.GetUID()
	// Background, as kubectl delete cascades by default: a batch/v1 Job would otherwise
	// orphan its pods (its API's default policy) and wait for the member's garbage
	// collector to drop the orphan finalizer.
	background := metav1.DeletePropagationBackground
	err = res.Delete(ctx, obj.GetName(), metav1.DeleteOptions{DryRun: dryRun, PropagationPolicy: &background, Preconditions: &metav1.Preconditions{UID: &uid}})
	return "", ignoreNotFound(err)
}

// resourceClient returns the client of obj's member object in client, and the member type
// (pkg/kinds) it is for.
func resourceClient(client dynamic.Interface, obj fedv1beta1.FederatedObject) (dynamic.ResourceInterface, kinds.Member, error) {
	k, err := kinds.For(obj)
	if err != nil {
		return nil, kinds.Member{}, err
	}
	r := client.Resource(k.Member.GroupVersionResource())
	if k.Member.Namespaced {
		return r.Namespace(obj.GetNamespace()), k.Member, nil
	}
	return r, k.Member, nil
}

// ownedBy reports whether a member object was written for obj.
func ownedBy(member *unstructured.Unstructured, obj fedv1beta1.FederatedObject) bool {
	return member.GetLabels()[ManagedLabel] == "true" && CanonicalOrigin(member.GetAnnotations()[OriginAnnotation]) == Origin(obj)
}

func ignoreNotFound(err error) error {
	if apierrors.IsNotFound(err) {
		return nil
	}
	return err
}

// NamespaceMissingError reports, in a dry run, a member without the object's namespace:
// the request would create it, but until then the member cannot check the object.
type NamespaceMissingError struct {
	Namespace string
}

func (e *NamespaceMissingError) Error() string {
	return fmt.Sprintf("namespace %s does not exist in the member yet; the request would create it, so the member could not check the object", e.Namespace)
}

// ConflictError reports a member object that exists and was not written by federation.
type ConflictError struct {
	Kind, Namespace, Name string
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("%s %s/%s already exists in the member and is not managed by federation; annotate the federated object %s=true to adopt it",
		e.Kind, e.Namespace, e.Name, AdoptAnnotation)
}
