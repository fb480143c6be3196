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
	"encoding/json"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
)

// stillCurrent reports whether obj, as the informer holds it, is still what the federation
// API holds: the same object (UID) at the same resourceVersion, not being deleted. Every
// member write of a reconcile rests on it, because the informer can lag behind the storage
// layer: a cascading delete marks the object deleted and removes its member copies at once,
// and a reconcile of the old view would find those copies missing and put them back (with
// pods, for a Deployment). When it is not current, the informer's event for the newer state
// queues the object again, so the caller simply stops. It costs one read per reconcile that
// writes; a converged object's reconcile writes nothing and does not read.
func (c *Controller) stillCurrent(ctx context.Context, k *federatedKind, obj fedv1beta1.FederatedObject) (bool, error) {
	raw, err := c.rest.Get().NamespaceIfScoped(obj.GetNamespace(), k.Namespaced).Resource(k.Plural).Name(obj.GetName()).DoRaw(ctx)
	if apierrors.IsNotFound(err) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	var live metav1.PartialObjectMetadata
	if err := json.Unmarshal(raw, &live); err != nil {
		return false, err
	}
	return live.UID == obj.GetUID() && live.ResourceVersion == obj.GetResourceVersion() && live.DeletionTimestamp == nil, nil
}

// firstCopies reports whether every write of a reconcile is the first copy of obj in its
// cluster: the member cache (synced) has none, and status does not say the cluster held one.
// Those writes skip stillCurrent's read, which would add half again to the federation API
// requests of a member back from an outage (a read, a create and a status write per object).
// The read keeps a stale view from undoing what the storage layer just did to copies that
// were there (a cascading delete's removals, which a restore would put back with pods). A
// cluster that held no copy has nothing to undo: at worst a delete or an update the informer
// has not shown yet races with the create, and the reconcile its event queues removes or
// rewrites that one copy.
func firstCopies(obj fedv1beta1.FederatedObject, clusters []string, absent map[string]bool) bool {
	for _, cl := range clusters {
		if !absent[cl] || wasPropagated(obj, cl) {
			return false
		}
	}
	return true
}
