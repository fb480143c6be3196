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

	"k8s.io/client-go/tools/cache"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	fedinformers "k8s.io/federation/pkg/generated/informers/externalversions"
	"k8s.io/federation/pkg/kinds"
)

// federatedKind is one federated kind the controller reconciles: an entry of pkg/kinds (its
// plural, scope and member type) with its informer, so a new kind needs no change here.
type federatedKind struct {
	*kinds.Kind
	informer cache.SharedIndexInformer
}

// federatedKinds returns every kind of pkg/kinds, sorted by kind, with informers from
// factory.
func federatedKinds(factory fedinformers.SharedInformerFactory) ([]*federatedKind, error) {
	var out []*federatedKind
	for _, k := range kinds.All() {
		informer, err := factory.ForResource(k.GroupVersionResource())
		if err != nil {
			return nil, fmt.Errorf("no informer for %s: %w", k.Plural, err)
		}
		out = append(out, &federatedKind{Kind: k, informer: informer.Informer()})
	}
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
	obj.GetObjectKind().SetGroupVersionKind(k.GroupVersionKind())
	return obj, nil
}
