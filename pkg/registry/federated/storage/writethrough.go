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

package storage

import (
	"context"
	"fmt"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metainternalversion "k8s.io/apimachinery/pkg/apis/meta/internalversion"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apiserver/pkg/registry/rest"
	"k8s.io/client-go/tools/events"
	"k8s.io/klog/v2"

	"k8s.io/federation/pkg/apis/federation"
	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/propagation"
)

// Event reasons on the host for what users must see in `kubectl describe`.
const (
	EventPropagationFailed = "PropagationFailed"
	EventRemovalPending    = "RemovalPending"
)

// WriteThrough is how the REST storage reaches member clusters.
type WriteThrough struct {
	// Engine renders and writes member objects. Without one, objects are only stored.
	Engine *propagation.Engine
	// Preflight dry-runs every write in the members first and refuses what a member rejects.
	Preflight bool
	// Recorder records events on the host.
	Recorder events.EventRecorder
}

var (
	_ rest.Creater           = &REST{}
	_ rest.Updater           = &REST{}
	_ rest.GracefulDeleter   = &REST{}
	_ rest.CollectionDeleter = &REST{}
)

// Create persists obj, then writes it through to its members and records their outcomes.
func (r *REST) Create(ctx context.Context, obj runtime.Object, createValidation rest.ValidateObjectFunc, options *metav1.CreateOptions) (runtime.Object, error) {
	dryRun := isDryRun(options.DryRun)
	var preflight []propagation.Outcome
	validate := func(ctx context.Context, obj runtime.Object) error {
		if createValidation != nil {
			if err := createValidation(ctx, obj); err != nil {
				return err
			}
		}
		if err := r.checkRender(obj); err != nil {
			return err
		}
		var err error
		preflight, err = r.preflight(ctx, obj, dryRun)
		return err
	}
	created, err := r.Store.Create(ctx, obj, validate, options)
	err = storageError(err)
	if err != nil || r.writeThroughCfg.Engine == nil {
		return created, err
	}
	return r.writeThrough(ctx, created, dryRun, preflight)
}

// Update persists the change, then writes it through when the spec or the adopt annotation
// changed, removing the object from clusters dropped from the placement.
func (r *REST) Update(ctx context.Context, name string, objInfo rest.UpdatedObjectInfo, createValidation rest.ValidateObjectFunc,
	updateValidation rest.ValidateObjectUpdateFunc, forceAllowCreate bool, options *metav1.UpdateOptions) (runtime.Object, bool, error) {
	dryRun := isDryRun(options.DryRun)
	var old runtime.Object
	var preflight []propagation.Outcome
	validate := func(ctx context.Context, obj, oldObj runtime.Object) error {
		if updateValidation != nil {
			if err := updateValidation(ctx, obj, oldObj); err != nil {
				return err
			}
		}
		old, preflight = oldObj, nil
		if !needsWriteThrough(obj, oldObj) {
			return nil
		}
		if err := r.checkRender(obj); err != nil {
			return err
		}
		var err error
		preflight, err = r.preflight(ctx, obj, dryRun)
		return err
	}
	updated, created, err := r.Store.Update(ctx, name, objInfo, createValidation, validate, forceAllowCreate, options)
	err = storageError(err)
	if err != nil || r.writeThroughCfg.Engine == nil {
		return updated, created, err
	}
	o := updated.(federation.FederatedObject)
	if o.GetDeletionTimestamp() != nil || (old != nil && !needsWriteThrough(updated, old) && o.GetFederatedStatus().ObservedGeneration == o.GetGeneration()) {
		return updated, created, nil
	}
	out, err := r.writeThrough(ctx, updated, dryRun, preflight)
	return out, created, err
}

// Delete marks the object deleted, removes (or orphans) its member objects, and lets it go
// once every member is done; a member that cannot be reached leaves it Terminating.
func (r *REST) Delete(ctx context.Context, name string, deleteValidation rest.ValidateObjectFunc, options *metav1.DeleteOptions) (runtime.Object, bool, error) {
	obj, deleted, err := r.Store.Delete(ctx, name, deleteValidation, options)
	if err != nil || deleted || isDryRun(options.DryRun) {
		return obj, deleted, err
	}
	if r.writeThroughCfg.Engine == nil {
		// No members to clean up.
		return r.removeFinalizer(ctx, obj.(federation.FederatedObject))
	}
	// The strategy recorded an orphaning request on the object in the write that marked it
	// deleted, so the sync controller, which may finish this deletion, orphans too.
	o := obj.(federation.FederatedObject)
	return r.finishDeletion(ctx, o, o.GetAnnotations()[propagation.OrphanAnnotation] == "true")
}

// DeleteCollection deletes each object through Delete, so members are cleaned up too.
func (r *REST) DeleteCollection(ctx context.Context, deleteValidation rest.ValidateObjectFunc, options *metav1.DeleteOptions,
	listOptions *metainternalversion.ListOptions) (runtime.Object, error) {
	list, err := r.Store.List(ctx, listOptions)
	if err != nil {
		return nil, err
	}
	items, err := listItems(list)
	if err != nil {
		return nil, apierrors.NewInternalError(err)
	}
	for _, item := range items {
		if _, _, err := r.Delete(ctx, item.GetName(), deleteValidation, options.DeepCopy()); err != nil && !apierrors.IsNotFound(err) {
			return nil, err
		}
	}
	return list, nil
}

// preflight dry-runs obj in every placed member and fails with the member's own error when
// one rejects it as Invalid or Forbidden by admission; unreachable members, and members that
// refuse federation's credentials, do not block the write.
func (r *REST) preflight(ctx context.Context, obj runtime.Object, dryRun bool) ([]propagation.Outcome, error) {
	if r.writeThroughCfg.Engine == nil || (!r.writeThroughCfg.Preflight && !dryRun) {
		return nil, nil
	}
	v, err := r.toVersioned(obj)
	if err != nil {
		return nil, err
	}
	placed, err := r.writeThroughCfg.Engine.Placement(v)
	if err != nil {
		return nil, apierrors.NewInternalError(err)
	}
	clusters := placed.Clusters
	// A member can only validate an object in a namespace it has, so a real request creates
	// a missing namespace first (the write would). It stays if the request is refused: the
	// corrected request needs it, and one deleted moments ago would still be terminating.
	// A dry-run request changes nothing anywhere.
	mctx := memberContext(ctx)
	outcomes := r.writeThroughCfg.Engine.Apply(mctx, v, clusters, propagation.ApplyOptions{
		DryRun: true, CreateNamespace: !dryRun, Schedule: r.writeThroughCfg.Engine.Schedule(v, placed),
	})
	for _, o := range outcomes {
		// A member refusing the object (validation, admission) refuses the request; a
		// member's own state (credentials, a terminating namespace, a full quota, an outage)
		// fails that member alone, in status.
		if propagation.RefusesObject(o.Err) {
			return nil, memberRejected(r.Store.DefaultQualifiedResource.Resource, v, o)
		}
	}
	return outcomes, nil
}

// checkRender refuses, as Invalid, overrides that cannot be rendered into a member object,
// for any cluster they name: such input could never be written.
func (r *REST) checkRender(obj runtime.Object) error {
	v, err := r.toVersioned(obj)
	if err != nil {
		return err
	}
	errs := propagation.CheckOverrides(v, field.NewPath("spec", "overrides"))
	if len(errs) == 0 {
		return nil
	}
	return apierrors.NewInvalid(fedv1beta1.SchemeGroupVersion.WithKind(v.GetObjectKind().GroupVersionKind().Kind).GroupKind(), v.GetName(), errs)
}

// writeThrough applies obj to its members (or, in a dry run, reports the pre-flight
// outcomes), removes it from clusters its status names and its placement no longer does,
// and records the outcomes in status.
func (r *REST) writeThrough(ctx context.Context, obj runtime.Object, dryRun bool, preflight []propagation.Outcome) (runtime.Object, error) {
	v, err := r.toVersioned(obj)
	if err != nil {
		return nil, err
	}
	engine := r.writeThroughCfg.Engine
	placed, err := engine.Placement(v)
	if err != nil {
		return nil, apierrors.NewInternalError(err)
	}
	clusters := placed.Clusters
	mctx := memberContext(ctx)
	// The first member write already carries each cluster's share; the sync controller
	// computes the same division from the same inputs (the stored status rows included).
	sched := engine.Schedule(v, placed)
	outcomes := preflight
	switch {
	case !dryRun:
		outcomes = engine.Apply(mctx, v, clusters, propagation.ApplyOptions{Absent: propagation.Unreported(v), Schedule: sched})
	case preflight == nil:
		// A dry-run update that changes nothing members hold was not pre-flighted, yet its
		// status is behind: report what the real update's write-through would find.
		outcomes = engine.Apply(mctx, v, clusters, propagation.ApplyOptions{DryRun: true, Schedule: sched})
	}
	// An update keeps the stored status, so its rows name the clusters old was written to.
	var removed []propagation.Outcome
	if dropped := propagation.Unplaced(v, clusters); len(dropped) > 0 {
		removed = engine.Remove(mctx, v, dropped, propagation.RemoveOptions{DryRun: dryRun})
	}
	if !dryRun {
		// An event is a write on the host, which a dry run must not make.
		r.reportFailures(v, EventRemovalPending, removed)
		r.reportFailures(v, EventPropagationFailed, outcomes)
		r.reportKept(v, removed)
	}
	// A dropped cluster whose copy could not be removed keeps a row, so that the next
	// write-through, the sync controller or a delete still finds and removes that copy.
	// Health comes from the copies the applies returned: right after a spec change their
	// rollout has not started, so Ready is False and kstatus reads InProgress until the sync
	// controller, woken by the members' status changes, finds them rolled out.
	status, err := r.toInternalStatus(propagation.StatusOf(v, propagation.Report{Outcomes: outcomes, Schedule: sched, Removed: removed, Excluded: placed.Excluded}))
	if err != nil {
		return nil, err
	}
	if dryRun {
		out := obj.DeepCopyObject().(federation.FederatedObject)
		*out.GetFederatedStatus() = status
		return out, nil
	}
	return r.writeStatus(mctx, obj.(federation.FederatedObject), status), nil
}

// finishDeletion removes obj from every cluster it was written to or is placed on, then
// drops our finalizer so the store deletes it.
func (r *REST) finishDeletion(ctx context.Context, obj federation.FederatedObject, orphan bool) (runtime.Object, bool, error) {
	v, err := r.toVersioned(obj)
	if err != nil {
		return nil, false, err
	}
	placed, err := r.writeThroughCfg.Engine.Placement(v)
	if err != nil {
		return nil, false, apierrors.NewInternalError(err)
	}
	clusters := append(placed.Clusters, propagation.Unplaced(v, placed.Clusters)...)
	mctx := memberContext(ctx)
	outcomes := r.writeThroughCfg.Engine.Remove(mctx, v, clusters, propagation.RemoveOptions{Orphan: orphan})
	r.reportKept(v, outcomes)
	if failed := propagation.Failed(outcomes); len(failed) > 0 {
		// The sync controller finishes this deletion once the members can be reached.
		r.reportFailures(v, EventRemovalPending, failed)
		status, err := r.toInternalStatus(propagation.DeletionStatus(*v.GetFederatedStatus(), failed))
		if err != nil {
			return nil, false, err
		}
		return r.writeStatus(mctx, obj, status), false, nil
	}
	return r.removeFinalizer(mctx, obj)
}

// writeStatus records status on the stored obj and returns the object as stored then. The
// object and the member writes are done by now, so a failed status write does not fail the
// request: it is logged, obj is returned as it was, and the sync controller, which finds
// status.observedGeneration behind, records the outcomes itself.
func (r *REST) writeStatus(ctx context.Context, obj federation.FederatedObject, status federation.FederatedStatus) runtime.Object {
	info := objectTransform{uid: obj.GetUID(), transform: func(o federation.FederatedObject) {
		*o.GetFederatedStatus() = status
	}}
	out, _, err := r.status.Update(ctx, obj.GetName(), info, rest.ValidateAllObjectFunc, rest.ValidateAllObjectUpdateFunc, false, &metav1.UpdateOptions{})
	if err != nil {
		klog.FromContext(ctx).Error(err, "Recording propagation status failed; the sync controller will", "object", klog.KObj(obj))
		return obj
	}
	return out
}

// removeFinalizer drops our finalizer and reports whether that let the store delete the
// object: other finalizers (a user's) may still hold it.
func (r *REST) removeFinalizer(ctx context.Context, obj federation.FederatedObject) (runtime.Object, bool, error) {
	info := objectTransform{uid: obj.GetUID(), transform: func(o federation.FederatedObject) {
		o.SetFinalizers(slices.DeleteFunc(o.GetFinalizers(), func(f string) bool { return f == propagation.Finalizer }))
	}}
	out, _, err := r.Store.Update(ctx, obj.GetName(), info, rest.ValidateAllObjectFunc, rest.ValidateAllObjectUpdateFunc, false, &metav1.UpdateOptions{})
	switch {
	case apierrors.IsNotFound(err):
		return obj, true, nil
	case err != nil:
		return nil, false, err
	}
	return out, len(out.(federation.FederatedObject).GetFinalizers()) == 0, nil
}

func (r *REST) reportFailures(obj fedv1beta1.FederatedObject, reason string, outcomes []propagation.Outcome) {
	failed := propagation.Failed(outcomes)
	if len(failed) == 0 || r.writeThroughCfg.Recorder == nil {
		return
	}
	var parts []string
	for _, o := range failed {
		parts = append(parts, fmt.Sprintf("%s: %s (%s)", o.Cluster, o.Err, o.Reason))
	}
	r.writeThroughCfg.Recorder.Eventf(obj, nil, corev1.EventTypeWarning, reason, "WriteThrough", "%s", strings.Join(parts, "; "))
}

// reportKept records an event naming the member copies a removal kept and released instead
// of deleting (a namespace federation did not create, or one that holds what it does not
// manage), and why.
func (r *REST) reportKept(obj fedv1beta1.FederatedObject, outcomes []propagation.Outcome) {
	msg := propagation.KeptMessage(outcomes)
	if msg == "" || r.writeThroughCfg.Recorder == nil {
		return
	}
	r.writeThroughCfg.Recorder.Eventf(obj, nil, corev1.EventTypeWarning, propagation.EventMemberKept, "Remove", "%s", msg)
}

// memberContext keeps member writes going when the client goes away: the object is stored,
// so its members should get it. Each member write has its own timeout.
func memberContext(ctx context.Context) context.Context {
	return klog.NewContext(context.WithoutCancel(ctx), klog.FromContext(ctx))
}

func specChanged(obj, old runtime.Object) bool {
	return obj.(federation.FederatedObject).GetGeneration() != old.(federation.FederatedObject).GetGeneration()
}

// needsWriteThrough reports whether an update changes what members should hold: the spec,
// or the adopt annotation, which a Conflict's message tells users to set.
func needsWriteThrough(obj, old runtime.Object) bool {
	return specChanged(obj, old) ||
		obj.(federation.FederatedObject).GetAnnotations()[propagation.AdoptAnnotation] != old.(federation.FederatedObject).GetAnnotations()[propagation.AdoptAnnotation]
}

func isDryRun(dryRun []string) bool {
	return slices.Contains(dryRun, metav1.DryRunAll)
}
