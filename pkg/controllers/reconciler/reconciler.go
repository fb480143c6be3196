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

// Package reconciler runs a controller's workers: each takes keys from a rate-limited
// workqueue and reconciles them; a failed key is retried with the queue's backoff.
package reconciler

import (
	"context"
	"sync"
	"time"

	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/util/workqueue"
	"k8s.io/klog/v2"
)

// Func reconciles one key; an error retries it later with backoff.
type Func func(ctx context.Context, key string) error

// Run runs workers that reconcile keys from queue until ctx ends, then shuts the queue down
// and returns once every worker has finished its reconcile. The logger of each reconcile
// carries the key under keyName.
func Run(ctx context.Context, queue workqueue.TypedRateLimitingInterface[string], workers int, keyName string, reconcile Func) {
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			wait.UntilWithContext(ctx, func(ctx context.Context) {
				for next(ctx, queue, keyName, reconcile) {
				}
			}, time.Second)
		})
	}
	<-ctx.Done()
	queue.ShutDown()
	wg.Wait()
}

func next(ctx context.Context, queue workqueue.TypedRateLimitingInterface[string], keyName string, reconcile Func) bool {
	key, quit := queue.Get()
	if quit {
		return false
	}
	defer queue.Done(key)
	logger := klog.LoggerWithValues(klog.FromContext(ctx), keyName, key)
	if err := reconcile(klog.NewContext(ctx, logger), key); err != nil {
		logger.V(2).Info("Reconcile failed, will retry", "err", err)
		queue.AddRateLimited(key)
		return true
	}
	queue.Forget(key)
	return true
}
