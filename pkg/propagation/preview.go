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
	"context"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
)

// Preview returns the copy the named cluster would hold if desired (a Render result) were
// applied to it now: a server-side dry-run apply with federation's field manager, forced as
// every write is, so the member's defaulting, normalisation (stringData folded into data,
// quantities in canonical form), admission and other managers' fields are all in the answer.
// It writes nothing.
//
// basis is the resourceVersion of the copy the caller will compare the answer with: the
// member checks it as a precondition, so the answer is about exactly that copy. When the
// member holds a newer one, the error satisfies apierrors.IsConflict; the caller's watch
// delivers that copy soon. Other errors are the member's, as from Apply.
func (e *Engine) Preview(ctx context.Context, obj fedv1beta1.FederatedObject, cluster string, desired *unstructured.Unstructured, basis string) (*unstructured.Unstructured, error) {
	client, err := e.clients.Dynamic(cluster)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, e.timeout)
	defer cancel()
	u := desired.DeepCopy()
	u.SetResourceVersion(basis)
	res, _, err := resourceClient(client, obj)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	out, err := res.Apply(ctx, u.GetName(), u, metav1.ApplyOptions{
		FieldManager: FieldManager, Force: true, DryRun: []string{metav1.DryRunAll},
	})
	o := Outcome{Cluster: cluster}
	if err != nil && !apierrors.IsConflict(err) {
		o.Err, o.Reason = err, ReasonFor(err)
	}
	e.metrics.observe(cluster, "preview", o, time.Since(start))
	return out, err
}

// ApplyRendered is Apply with the objects to write given, one per cluster (a Render result,
// possibly with fields left to other managers; see WithoutFields), instead of rendered from
// obj. It applies rendered[cluster] to each of clusters in parallel and returns one outcome
// per cluster, in the order given; a cluster without an object in rendered fails.
func (e *Engine) ApplyRendered(ctx context.Context, obj fedv1beta1.FederatedObject, clusters []string, rendered map[string]*unstructured.Unstructured,
	opts ApplyOptions) []Outcome {
	return e.applyEach(ctx, obj, clusters, opts, func(cluster string) (*unstructured.Unstructured, error) {
		r, ok := rendered[cluster]
		if !ok {
			return nil, &missingRenderError{cluster: cluster}
		}
		return r.DeepCopy(), nil
	})
}

// missingRenderError is a caller's bug: ApplyRendered was given a cluster without an object.
type missingRenderError struct{ cluster string }

func (e *missingRenderError) Error() string {
	return "no rendered object for cluster " + e.cluster
}
