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
	"errors"
	"fmt"
	"slices"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/kinds"
)

// KindNotServedError reports a member whose API does not serve the member type of an
// object's kind: its API server lacks the group/version (an older or newer Kubernetes, or
// one turned off with --runtime-config) or the resource in it. Only a change of the member
// clears it, so it fails that member alone and is not retried with backoff: the cluster
// controller's discovery (Cluster status.unservedResources) wakes the object when the member
// gains the type, and the sync controller's resync looks again in any case.
type KindNotServedError struct {
	// Resource is the member type, e.g. networking.k8s.io/v1 ingresses.
	Resource schema.GroupVersionResource
	// Discovered is true when the Cluster's status.unservedResources said so and nothing was
	// sent to the member; false when the member answered a request for the type with a 404
	// that is not about an object (NotServed).
	Discovered bool
}

func (e *KindNotServedError) Error() string {
	how := "it answered 404 for the resource itself"
	if e.Discovered {
		how = "from its API discovery, in the Cluster's status.unservedResources"
	}
	return fmt.Sprintf("the member's API does not serve %s (%s): its Kubernetes version lacks it or --runtime-config turns it off; "+
		"the object is written there once it serves it", ResourceString(e.Resource), how)
}

// ResourceString names a resource as group/version/resource, e.g.
// networking.k8s.io/v1/ingresses, or v1/services in the core group: the form of an API path,
// and of `kubectl get clusters -o wide`.
func ResourceString(gvr schema.GroupVersionResource) string {
	return gvr.GroupVersion().String() + "/" + gvr.Resource
}

// NotServed reports whether err is a member's answer for a resource its API does not serve:
// a 404 without a Status body (kube-apiserver's final handler answers a path nothing serves
// with a plain-text "404 page not found", which client-go turns into NotFound with an
// UnexpectedServerResponse cause). A missing object or namespace is also NotFound, but the
// member says so in a Status naming it (details.kind and details.name), so neither is
// mistaken for a missing resource.
func NotServed(err error) bool {
	return apierrors.IsNotFound(err) && apierrors.HasStatusCause(err, metav1.CauseTypeUnexpectedServerResponse)
}

// isKindNotServed reports a KindNotServedError, or a raw NotServed answer.
func isKindNotServed(err error) bool {
	var notServed *KindNotServedError
	return errors.As(err, &notServed) || NotServed(err)
}

// asKindNotServed returns err as a KindNotServedError for resource when it is a NotServed
// answer, and err unchanged otherwise.
func asKindNotServed(err error, resource schema.GroupVersionResource) error {
	if NotServed(err) {
		return &KindNotServedError{Resource: resource}
	}
	return err
}

// serves returns a KindNotServedError when cluster's status.unservedResources lists obj's
// member type, so that nothing is sent there (the cluster controller's discovery found the
// type missing); nil otherwise, and for a cluster the lister does not know (the write says).
func (e *Engine) serves(cluster string, obj fedv1beta1.FederatedObject) error {
	k, err := kinds.For(obj)
	if err != nil {
		return err
	}
	cl, err := e.clusters.Get(cluster)
	if err != nil {
		return nil
	}
	if gvr := k.Member.GroupVersionResource(); unserved(cl, gvr) {
		return &KindNotServedError{Resource: gvr, Discovered: true}
	}
	return nil
}

// unserved reports whether the cluster's status lists resource among the types its API
// does not serve (status.unservedResources, from the cluster controller's discovery).
func unserved(cluster *fedv1beta1.Cluster, resource schema.GroupVersionResource) bool {
	return slices.Contains(cluster.Status.UnservedResources, metav1.GroupVersionResource{
		Group: resource.Group, Version: resource.Version, Resource: resource.Resource,
	})
}
