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
	"fmt"
	"sort"

	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/tools/cache"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	fedinformers "k8s.io/federation/pkg/generated/informers/externalversions"
)

// federatedKind is one federated kind the controller reconciles, one for each of
// fedv1beta1.FederatedKinds, so a new kind needs no change here.
type federatedKind struct {
	gvk        schema.GroupVersionKind
	resource   string
	memberType fedv1beta1.MemberType
	informer   cache.SharedIndexInformer
}

// federatedKinds returns the federated kinds, sorted by kind, with informers from factory.
func federatedKinds(factory fedinformers.SharedInformerFactory) ([]*federatedKind, error) {
	var out []*federatedKind
	for kind, obj := range fedv1beta1.FederatedKinds() {
		gvk := fedv1beta1.SchemeGroupVersion.WithKind(kind)
		gvr, _ := meta.UnsafeGuessKindToResource(gvk)
		informer, err := factory.ForResource(gvr)
		if err != nil {
			return nil, fmt.Errorf("no informer for %s: %w", gvr.Resource, err)
		}
		out = append(out, &federatedKind{gvk: gvk, resource: gvr.Resource, memberType: obj.MemberType(), informer: informer.Informer()})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].gvk.Kind < out[j].gvk.Kind })
	return out, nil
}

// get returns a copy of the named object from the informer's cache, with its kind set (the
// engine names member objects' origin by kind), or nil when it does not exist.
func (k *federatedKind) get(namespace, name string) (fedv1beta1.FederatedObject, error) {
	item, exists, err := k.informer.GetIndexer().GetByKey(cache.NewObjectName(namespace, name).String())
	if err != nil || !exists {
		return nil, err
	}
	obj := item.(fedv1beta1.FederatedObject).DeepCopyObject().(fedv1beta1.FederatedObject)
	obj.GetObjectKind().SetGroupVersionKind(k.gvk)
	return obj, nil
}
