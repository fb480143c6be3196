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
	"k8s.io/client-go/tools/cache"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	fedinformers "k8s.io/federation/pkg/generated/informers/externalversions"
	"k8s.io/federation/pkg/propagation"
)

// watchAutoscalers wakes the federated workloads a FederatedHorizontalPodAutoscaler
// targets, whenever one appears, changes or goes: whether the member HPAs own a workload's
// replicas (propagation.Engine.Autoscaler, which reads the same informer) changes what
// federation renders for it.
func (c *Controller) watchAutoscalers(factory fedinformers.SharedInformerFactory) error {
	informer := factory.Federation().V1beta1().FederatedHorizontalPodAutoscalers().Informer()
	_, err := informer.AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc: c.enqueueTargets,
		UpdateFunc: func(old, cur any) {
			c.enqueueTargets(old)
			c.enqueueTargets(cur)
		},
		DeleteFunc: c.enqueueTargets,
	})
	return err
}

// enqueueTargets queues the federated workload item (a FederatedHorizontalPodAutoscaler, or
// its tombstone) targets, if that is one: the kind whose member type its scaleTargetRef
// names, the same namespace and name.
func (c *Controller) enqueueTargets(item any) {
	if tombstone, ok := item.(cache.DeletedFinalStateUnknown); ok {
		item = tombstone.Obj
	}
	hpa, ok := item.(*fedv1beta1.FederatedHorizontalPodAutoscaler)
	if !ok {
		return
	}
	name := hpa.Spec.Template.Spec.ScaleTargetRef.Name
	for _, k := range c.kinds {
		if len(k.Hooks.ReplicasPath) > 0 && propagation.Targets(hpa, k.Member, name) {
			c.enqueueKey(propagation.OriginOf(k.Kind.Kind, hpa.Namespace, name))
		}
	}
}
