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
	"strings"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
)

// Origin is the value of OriginAnnotation for obj.
func Origin(obj fedv1beta1.FederatedObject) string {
	return OriginOf(obj.GetObjectKind().GroupVersionKind().Kind, obj.GetNamespace(), obj.GetName())
}

// OriginOf is the value of OriginAnnotation for the federated object of kind (e.g.
// FederatedDeployment) namespace/name: <Kind>.<group>/<namespace>/<name>, e.g.
// FederatedDeployment.federation.k8s.io/shop/web, with an empty namespace for cluster-scoped
// kinds (FederatedNamespace.federation.k8s.io//team-a). The group keeps kinds of other
// groups (custom resources federated later) apart; the sync controller's queue keys have the
// same form, so a member copy's change wakes the object it came from.
func OriginOf(kind, namespace, name string) string {
	return kind + "." + fedv1beta1.GroupName + "/" + namespace + "/" + name
}

// ParseOrigin reads an origin annotation (or a queue key) of a federated kind of this API
// group: the form OriginOf writes, or the unqualified <Kind>/<namespace>/<name> that
// federation wrote before the group was part of it (member copies written then still carry
// it until their next write). It returns ok false for anything else, including origins of
// another group.
func ParseOrigin(origin string) (kind, namespace, name string, ok bool) {
	parts := strings.SplitN(origin, "/", 3)
	if len(parts) != 3 || parts[0] == "" || parts[2] == "" {
		return "", "", "", false
	}
	kind, group, qualified := strings.Cut(parts[0], ".")
	if qualified && group != fedv1beta1.GroupName {
		return "", "", "", false
	}
	return kind, parts[1], parts[2], true
}

// CanonicalOrigin returns origin in the form OriginOf writes (an unqualified origin gains
// the group), or "" when ParseOrigin cannot read it.
func CanonicalOrigin(origin string) string {
	kind, namespace, name, ok := ParseOrigin(origin)
	if !ok {
		return ""
	}
	return OriginOf(kind, namespace, name)
}
