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
	"strings"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/klog/v2"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/propagation"
)

// memberPlan is what a reconcile does about one placed cluster's copy.
type memberPlan struct {
	// write is the object to apply there, or nil when the copy needs no write.
	write *unstructured.Unstructured
	// generation is the copy's generation, when it needs no write.
	generation int64
	// restored: the write undoes a change made in the member.
	restored bool
	// gaveUp are the fields this reconcile leaves to other managers.
	gaveUp []propagation.FieldConflict
}

// planMember decides what cluster's copy, member (nil when absent; unknown unless synced),
// needs for it to hold desired, what obj renders to there.
//
// The cheap comparison (propagation.InSync) settles almost every case. A copy that carries
// the current rendered hash yet differs was changed in the member, or holds what federation
// sent in the member's own form (a Secret's stringData folded into data): a server-side dry
// run of the apply tells which, by what the member would then hold, and a copy found in sync
// that way is remembered by resourceVersion so that its next reconciles ask nothing. A field
// restored fightLimit times is left to the manager that keeps changing it (memberFights):
// left out of desired for this cluster from then on, and reported.
func (c *Controller) planMember(ctx context.Context, obj fedv1beta1.FederatedObject, key, cluster string,
	desired, member *unstructured.Unstructured, synced bool) memberPlan {
	generation := obj.GetGeneration()
	given := c.fights.givenUp(key, generation, cluster)
	if len(given) > 0 {
		desired = propagation.WithoutFields(desired, given)
	}
	switch {
	case !synced:
		return memberPlan{write: desired}
	case propagation.InSync(obj, desired, member):
		return memberPlan{generation: member.GetGeneration()}
	case member == nil || member.GetDeletionTimestamp() != nil || !drifted(obj, cluster, desired, member):
		// Gone, going, or not written for this version of obj yet: only a write will do.
		return memberPlan{write: desired, restored: drifted(obj, cluster, desired, member)}
	}
	v := verdict{resourceVersion: member.GetResourceVersion(), renderedHash: renderedHash(desired), givenUp: len(given)}
	if c.fights.inSync(key, generation, cluster, v) {
		return memberPlan{generation: member.GetGeneration()}
	}
	logger := klog.LoggerWithValues(klog.FromContext(ctx), "cluster", cluster)
	preview, err := c.engine.Preview(ctx, obj, cluster, desired, member.GetResourceVersion())
	switch {
	case apierrors.IsConflict(err):
		// The cache is behind the member: its watch brings the newer copy, and that wakes
		// this object again.
		logger.V(4).Info("Member copy changed since it was cached; waiting for it", "resourceVersion", member.GetResourceVersion())
		return memberPlan{generation: member.GetGeneration()}
	case err != nil:
		logger.V(2).Info("Dry run of the restoring apply failed; applying without it", "err", err)
		return memberPlan{write: desired, restored: true}
	}
	drifts := propagation.Drifts(preview, member)
	if len(drifts) == 0 {
		logger.V(4).Info("Member copy holds what an apply would write", "resourceVersion", v.resourceVersion)
		c.fights.rememberInSync(key, generation, cluster, v)
		return memberPlan{generation: member.GetGeneration()}
	}
	logger.V(2).Info("Member copy was changed there; restoring it", "fields", driftNames(drifts))
	gaveUp := c.fights.restore(key, generation, cluster, drifts)
	if len(gaveUp) == 0 {
		return memberPlan{write: desired, restored: true}
	}
	paths := make([]fieldpath.Path, 0, len(gaveUp))
	for _, d := range drifts {
		if slices.ContainsFunc(gaveUp, func(g propagation.FieldConflict) bool { return g.Field == d.Path.String() }) {
			paths = append(paths, d.Path)
		}
	}
	logger.V(2).Info("Leaving fields to the manager that keeps changing them", "fields", gaveUp)
	desired = propagation.WithoutFields(desired, paths)
	if len(paths) == len(drifts) {
		v.givenUp = len(given) + len(paths)
		c.fights.rememberInSync(key, generation, cluster, v)
		return memberPlan{generation: member.GetGeneration(), gaveUp: gaveUp}
	}
	return memberPlan{write: desired, restored: true, gaveUp: gaveUp}
}

// renderedHash is the rendered-hash annotation of a Render result.
func renderedHash(desired *unstructured.Unstructured) string {
	return desired.GetAnnotations()[propagation.RenderedHashAnnotation]
}

func driftNames(drifts []propagation.FieldDrift) []string {
	out := make([]string, len(drifts))
	for i, d := range drifts {
		out[i] = d.Path.String()
	}
	return out
}

// drifted reports whether a member's copy was changed or deleted there after federation
// wrote it: it carries the digest of what obj renders to now (so the last write was of this
// version) yet differs, or it is gone though status says the cluster held it.
func drifted(obj fedv1beta1.FederatedObject, cluster string, desired, member *unstructured.Unstructured) bool {
	if member == nil {
		return wasPropagated(obj, cluster)
	}
	return member.GetAnnotations()[propagation.RenderedHashAnnotation] == renderedHash(desired)
}

// wasPropagated reports whether obj's status says cluster holds it.
func wasPropagated(obj fedv1beta1.FederatedObject, cluster string) bool {
	for _, row := range obj.GetFederatedStatus().Clusters {
		if row.Name == cluster {
			return row.Phase == fedv1beta1.PropagationPhasePropagated
		}
	}
	return false
}

// reportRestored records a MemberRestored event for each cluster whose copy was changed or
// deleted in the member and has been written again. A copy the member cache missed (absent) counts as restored only if the write created it:
// a cache that lags the write-through's create must not report a restoration.
func (c *Controller) reportRestored(obj fedv1beta1.FederatedObject, restored []string, absent map[string]bool, applied []propagation.Outcome) {
	for _, o := range applied {
		if o.Err == nil && slices.Contains(restored, o.Cluster) && (!absent[o.Cluster] || o.Created) {
			syncMetrics.restored.WithLabelValues(o.Cluster).Inc()
			c.recorder.Eventf(obj, nil, corev1.EventTypeNormal, EventMemberRestored, "Sync",
				"The copy in cluster %s was changed or deleted there; restored it", o.Cluster)
		}
	}
}

// reportGaveUp records a Warning event for each field left to another manager in cluster.
func (c *Controller) reportGaveUp(obj fedv1beta1.FederatedObject, cluster string, gaveUp []propagation.FieldConflict) {
	for _, g := range gaveUp {
		syncMetrics.fieldConflicts.WithLabelValues(cluster).Inc()
		c.recorder.Eventf(obj, nil, corev1.EventTypeWarning, EventFieldManagerConflict, "Sync",
			"Field %s of the copy in cluster %s keeps being changed there; now leaving it to that manager until the object's spec changes",
			g, cluster)
	}
}

func (c *Controller) reportFailures(obj fedv1beta1.FederatedObject, reason string, outcomes []propagation.Outcome) {
	var parts []string
	for _, o := range propagation.Failed(outcomes) {
		parts = append(parts, fmt.Sprintf("%s: %s (%s)", o.Cluster, o.Err, o.Reason))
	}
	if len(parts) > 0 {
		c.recorder.Eventf(obj, nil, corev1.EventTypeWarning, reason, "Sync", "%s", strings.Join(parts, "; "))
	}
}
