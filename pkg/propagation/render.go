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

// Package propagation is the one engine that writes federated objects to member clusters:
// it renders each member's object (template + overrides), and applies, dry-runs or deletes
// it in every placed member in parallel. The REST storage and the sync controller both call
// it, so there is one renderer and one applier.
package propagation

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"

	jsonpatch "gopkg.in/evanphx/json-patch.v4"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	utiljson "k8s.io/apimachinery/pkg/util/json"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/kinds"
)

// Labels and annotations that tie a member object to its federated object.
const (
	// ManagedLabel marks member objects written by federation; its value is "true".
	ManagedLabel = "federation.k8s.io/managed"
	// OriginAnnotation names the federated object, qualified by its API group:
	// <Kind>.<group>/<namespace>/<name> (see OriginOf).
	OriginAnnotation = "federation.k8s.io/origin"
	// AdoptAnnotation on a federated object lets it take over member objects that exist
	// already and were not written by federation.
	AdoptAnnotation = "federation.k8s.io/adopt"
	// OrphanAnnotation on a federated object keeps its member objects (no longer managed)
	// when it is deleted, as a delete with propagationPolicy=Orphan does. The storage layer
	// sets it when such a delete has to wait for a member, so the controller finishing the
	// deletion later orphans too.
	OrphanAnnotation = "federation.k8s.io/orphan"
	// RenderedHashAnnotation on a member object is a digest of everything federation
	// rendered for it. A member copy that carries the current digest and every rendered field
	// is in sync; a field removed from the template changes the digest.
	RenderedHashAnnotation = "federation.k8s.io/rendered-hash"
	// Finalizer keeps a deleted federated object until its member objects are removed (or
	// orphaned) in every cluster; the storage layer or the sync controller drops it then.
	Finalizer = "federation.k8s.io/propagation"
	// FieldManager is the server-side apply field manager of every member write.
	FieldManager = "federation"
)

// Render returns the object obj places in the named member cluster, built in this order: the
// template, with apiVersion, kind, the federated object's name and namespace, our label and
// annotation, as the kind's Prepare hook adjusts it; then the cluster's part of sched (a
// ScheduleReplicas result; nil when obj divides nothing) written by the kind's Divide hook
// (pkg/kinds: a workload's share at spec.replicas, a Job's at spec.parallelism with its
// completions divided in proportion, a FederatedHorizontalPodAutoscaler's
// minReplicas and maxReplicas); then that cluster's overrides, so an override of
// /spec/replicas wins. When sched.Autoscaler is set (member HPAs own the workload's
// replicas) the kind's replicas path is removed last, overrides included. Federation's own identity (apiVersion, kind, name,
// namespace, ManagedLabel, OriginAnnotation) is stamped after the overrides, so no override
// of the labels or annotations (replacing or removing the whole map) can take it away.
//
// Without a share, spec.replicas is the template's: a template without replicas renders
// none, which leaves them to the member (its HPA, or kubectl scale there).
func Render(obj fedv1beta1.FederatedObject, cluster string, sched *Schedule) (*unstructured.Unstructured, error) {
	k, err := kinds.For(obj)
	if err != nil {
		return nil, err
	}
	u, err := renderTemplate(obj, k.Member)
	if err != nil {
		return nil, err
	}
	if k.Hooks.Prepare != nil {
		k.Hooks.Prepare(u.Object)
	}
	if err := divide(obj, k, u, cluster, sched); err != nil {
		return nil, err
	}
	if err := applyOverrides(u, obj.GetPropagation().Overrides, cluster); err != nil {
		return nil, err
	}
	if sched != nil && sched.Autoscaler != "" {
		// The member HPAs own the replicas, overrides included.
		unstructured.RemoveNestedField(u.Object, k.Hooks.ReplicasPath...)
	}
	stampIdentity(obj, k.Member, u)
	digest, err := renderedHash(u)
	if err != nil {
		return nil, err
	}
	annotations := u.GetAnnotations()
	annotations[RenderedHashAnnotation] = digest
	u.SetAnnotations(annotations)
	return u, nil
}

// divide writes cluster's part of sched into u with the kind's Divide hook.
func divide(obj fedv1beta1.FederatedObject, k *kinds.Kind, u *unstructured.Unstructured, cluster string, sched *Schedule) error {
	if k.Hooks.Divide == nil {
		if _, ok := sched.For(cluster); ok {
			return fmt.Errorf("%s has no Divide hook for the scheduled replicas", k.Kind)
		}
		return nil
	}
	if err := k.Hooks.Divide(obj, u.Object, cluster, sched.division(cluster)); err != nil {
		return fmt.Errorf("dividing over the placed clusters: %w", err)
	}
	return nil
}

// renderTemplate returns obj's template as the member object of type member, before any
// override.
func renderTemplate(obj fedv1beta1.FederatedObject, member kinds.Member) (*unstructured.Unstructured, error) {
	raw, err := json.Marshal(obj.GetTemplate())
	if err != nil {
		return nil, fmt.Errorf("encoding template: %w", err)
	}
	// utiljson keeps integers int64, as unstructured objects expect.
	body := map[string]any{}
	if err := utiljson.Unmarshal(raw, &body); err != nil {
		return nil, fmt.Errorf("decoding template: %w", err)
	}
	meta, _ := body["metadata"].(map[string]any)
	body["metadata"] = memberMetadata(meta)
	u := &unstructured.Unstructured{Object: body}
	stampIdentity(obj, member, u)
	return u, nil
}

// stampIdentity sets what ties u (of type member) to obj and that no template or override
// may change.
func stampIdentity(obj fedv1beta1.FederatedObject, member kinds.Member, u *unstructured.Unstructured) {
	u.SetAPIVersion(member.GroupVersion().String())
	u.SetKind(member.Kind)
	u.SetName(obj.GetName())
	if member.Namespaced {
		u.SetNamespace(obj.GetNamespace())
	} else {
		u.SetNamespace("")
	}
	labels := u.GetLabels()
	if labels == nil {
		labels = map[string]string{}
	}
	labels[ManagedLabel] = "true"
	u.SetLabels(labels)
	annotations := u.GetAnnotations()
	if annotations == nil {
		annotations = map[string]string{}
	}
	annotations[OriginAnnotation] = Origin(obj)
	u.SetAnnotations(annotations)
}

// renderedHash digests the rendered object; encoding/json sorts map keys, so equal objects
// hash equal.
func renderedHash(u *unstructured.Unstructured) (string, error) {
	raw, err := json.Marshal(u.Object)
	if err != nil {
		return "", fmt.Errorf("encoding rendered object: %w", err)
	}
	sum := sha256.Sum256(raw)
	return hex.EncodeToString(sum[:12]), nil
}

// memberMetadata keeps the template's labels and annotations; everything else in template
// metadata is forbidden by validation, and stampIdentity adds what identifies the object.
func memberMetadata(tmpl map[string]any) map[string]any {
	labels := map[string]any{}
	annotations := map[string]any{}
	if l, ok := tmpl["labels"].(map[string]any); ok {
		maps.Copy(labels, l)
	}
	if a, ok := tmpl["annotations"].(map[string]any); ok {
		maps.Copy(annotations, a)
	}
	return map[string]any{"labels": labels, "annotations": annotations}
}

// applyOverrides applies the JSON-patch operations of cluster's overrides to u.
func applyOverrides(u *unstructured.Unstructured, overrides []fedv1beta1.ClusterOverride, cluster string) error {
	var ops []map[string]any
	for _, o := range overrides {
		if o.ClusterName != cluster {
			continue
		}
		for _, p := range o.Patches {
			ops = append(ops, patchOp(p))
		}
	}
	if len(ops) == 0 {
		return nil
	}
	if err := applyPatch(u, ops); err != nil {
		return &OverrideError{Cluster: cluster, Err: err}
	}
	return nil
}

// patchOp is p as an RFC 6902 operation.
func patchOp(p fedv1beta1.OverridePatch) map[string]any {
	op := map[string]any{"op": p.Op, "path": p.Path}
	if p.Value != nil {
		op["value"] = json.RawMessage(p.Value.Raw)
	}
	return op
}

// applyPatch applies the RFC 6902 operations ops to u in place.
func applyPatch(u *unstructured.Unstructured, ops []map[string]any) error {
	patchJSON, err := json.Marshal(ops)
	if err != nil {
		return err
	}
	patch, err := jsonpatch.DecodePatch(patchJSON)
	if err != nil {
		return err
	}
	doc, err := u.MarshalJSON()
	if err != nil {
		return err
	}
	patched, err := patch.Apply(doc)
	if err != nil {
		return err
	}
	// UnmarshalJSON merges into the existing map; start from an empty one so that a removed
	// field is gone.
	u.Object = nil
	return u.UnmarshalJSON(patched)
}

// OverrideError reports overrides that do not apply to the rendered object, e.g. a replace
// of a path the template does not set.
type OverrideError struct {
	Cluster string
	Err     error
}

func (e *OverrideError) Error() string {
	return fmt.Sprintf("overrides for cluster %s do not apply: %v", e.Cluster, e.Err)
}

func (e *OverrideError) Unwrap() error { return e.Err }
