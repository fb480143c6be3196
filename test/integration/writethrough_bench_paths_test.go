// Copyright 2026 The Kubernetes Authors.
//
// Licensed under the Apache License, Version 2.0 (the "License");
// you may not use this file except in compliance with the License.
// You may obtain a copy of the License at
//
//     http://www.apache.org/licenses/LICENSE-2.0
//
// Unless required by applicable law or agreed to in writing, software
// distributed under the License is distributed on an "AS IS" BASIS,
// WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
// See the License for the specific language governing permissions and
// limitations under the License.

package integration

import (
	"context"
	"fmt"
	"maps"
	"strconv"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/propagation"
)

// The scenarios of BenchmarkWriteThrough: each makes, changes and removes a ConfigMap in
// members one way.

// directScenario creates, updates and deletes a ConfigMap straight on the first member with
// the typed client, as a user of the member would.
func (e *benchEnv) directScenario() benchScenario {
	const slug = "direct-1"
	cms := e.direct[0].CoreV1().ConfigMaps(benchNamespace)
	held := map[string]*corev1.ConfigMap{} // as the member last returned them
	return benchScenario{
		path: "direct", members: 1, slug: slug,
		create: func(ctx context.Context, name string) error {
			cm := &corev1.ConfigMap{
				ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{"bench": slug}},
				Data:       benchData(),
			}
			got, err := cms.Create(ctx, cm, metav1.CreateOptions{})
			held[name] = got
			return err
		},
		update: func(ctx context.Context, name string) error {
			cm := held[name].DeepCopy()
			cm.Data = benchUpdatedData()
			_, err := cms.Update(ctx, cm, metav1.UpdateOptions{})
			return err
		},
		delete: func(ctx context.Context, name string) error {
			return cms.Delete(ctx, name, metav1.DeleteOptions{})
		},
		cleanup: func(ctx context.Context) error {
			clear(held)
			return cms.DeleteCollection(ctx, metav1.DeleteOptions{}, metav1.ListOptions{LabelSelector: "bench=" + slug})
		},
	}
}

// directApplyScenario sends the first member, straight, what fcp sends it for each
// operation: a server-side apply of the rendered object with fcp's field manager (create,
// update), preceded by the same apply as a dry run when dryRunFirst (the pre-flight's member
// part), and for a delete what fcp's removal sends: a background delete on condition of the
// copy's UID. An update and a delete first read the member's copy, as fcp does to see that it
// is still federation's (pkg/propagation's Engine; a create is a create-only apply and reads
// nothing). Pre-flight does not apply to deletes, so dryRunFirst changes nothing there.
func (e *benchEnv) directApplyScenario(path string, dryRunFirst bool) benchScenario {
	slug := path + "-1"
	member := e.members[0].Name()
	cms := e.directDynamic[0].Resource(corev1.SchemeGroupVersion.WithResource("configmaps")).Namespace(benchNamespace)
	uids := map[string]types.UID{}
	apply := func(ctx context.Context, fcm *fedv1beta1.FederatedConfigMap) error {
		obj, err := propagation.Render(fcm, member, nil)
		if err != nil {
			return err
		}
		opts := metav1.ApplyOptions{FieldManager: propagation.FieldManager, Force: true}
		if dryRunFirst {
			dry := opts
			dry.DryRun = []string{metav1.DryRunAll}
			if _, err := cms.Apply(ctx, fcm.Name, obj, dry); err != nil {
				return err
			}
		}
		got, err := cms.Apply(ctx, fcm.Name, obj, opts)
		if err != nil {
			return err
		}
		uids[fcm.Name] = got.GetUID()
		return nil
	}
	return benchScenario{
		path: path, members: 1, slug: slug,
		create: func(ctx context.Context, name string) error { return apply(ctx, benchFCM(name, slug)) },
		update: func(ctx context.Context, name string) error {
			if _, err := cms.Get(ctx, name, metav1.GetOptions{}); err != nil {
				return err
			}
			fcm := benchFCM(name, slug)
			fcm.Spec.Template.Data = benchUpdatedData()
			return apply(ctx, fcm)
		},
		delete: func(ctx context.Context, name string) error {
			got, err := cms.Get(ctx, name, metav1.GetOptions{})
			if err != nil {
				return err
			}
			uid := got.GetUID()
			background := metav1.DeletePropagationBackground
			return cms.Delete(ctx, name, metav1.DeleteOptions{PropagationPolicy: &background, Preconditions: &metav1.Preconditions{UID: &uid}})
		},
		cleanup: func(ctx context.Context) error {
			clear(uids)
			return cms.DeleteCollection(ctx, metav1.DeleteOptions{}, metav1.ListOptions{LabelSelector: "bench=" + slug})
		},
	}
}

// federatedScenario creates, updates and deletes FederatedConfigMaps through target, placed
// on the first n members; with n = 0, on none (a selector no cluster matches).
func (e *benchEnv) federatedScenario(path string, target fcpTarget, n int) benchScenario {
	slug := path + "-" + strconv.Itoa(n)
	var clusters []string
	for _, m := range e.members[:n] {
		clusters = append(clusters, m.Name())
	}
	placement := placedOn(clusters...)
	want := metav1.ConditionTrue
	if n == 0 {
		placement.Placement.ClusterSelector = &metav1.LabelSelector{MatchLabels: map[string]string{"bench": "no-such-cluster"}}
		want = metav1.ConditionFalse // NoClustersPlaced
	}
	fcms := target.fed.FederationV1beta1().FederatedConfigMaps(benchNamespace)
	held := map[string]*fedv1beta1.FederatedConfigMap{} // as fcp last returned them
	// written checks what a create or update returned: one that did not reach its members
	// would make the numbers meaningless.
	written := func(name string, got *fedv1beta1.FederatedConfigMap, err error) error {
		if err != nil {
			return err
		}
		held[name] = got
		if propagated(got.Status) != want || got.Status.ObservedGeneration != got.Generation {
			return fmt.Errorf("FederatedConfigMap %s: Propagated is not %s at generation %d: %+v", name, want, got.Generation, got.Status)
		}
		return nil
	}
	return benchScenario{
		path: path, members: n, slug: slug, fcp: &target,
		create: func(ctx context.Context, name string) error {
			fcm := benchFCM(name, slug)
			fcm.Spec.PropagationSpec = placement
			got, err := fcms.Create(ctx, fcm, metav1.CreateOptions{})
			return written(name, got, err)
		},
		update: func(ctx context.Context, name string) error {
			fcm := held[name].DeepCopy()
			fcm.Spec.Template.Data = benchUpdatedData()
			got, err := fcms.Update(ctx, fcm, metav1.UpdateOptions{})
			return written(name, got, err)
		},
		delete: func(ctx context.Context, name string) error {
			return fcms.Delete(ctx, name, metav1.DeleteOptions{})
		},
		verify: func(ctx context.Context, op benchOp, names []string) error {
			if op == opDelete {
				left, err := fcms.List(ctx, metav1.ListOptions{LabelSelector: "bench=" + slug})
				if err != nil {
					return err
				}
				if len(left.Items) > 0 {
					return fmt.Errorf("after their deletes returned, %d FederatedConfigMaps are still there, e.g. %s", len(left.Items), left.Items[0].Name)
				}
			}
			return e.verifyMembers(ctx, op, slug, n, names)
		},
		cleanup: func(ctx context.Context) error {
			clear(held)
			return fcms.DeleteCollection(ctx, metav1.DeleteOptions{}, metav1.ListOptions{LabelSelector: "bench=" + slug})
		},
	}
}

// verifyMembers checks that the first n members hold what op left of the objects names
// (labelled bench=slug): each with the data the op wrote, or none after a delete, whose
// response must mean that the member copies are gone.
func (e *benchEnv) verifyMembers(ctx context.Context, op benchOp, slug string, n int, names []string) error {
	want := map[string]string{}
	for _, name := range names {
		switch op {
		case opCreate:
			want[name] = fmt.Sprint(benchData())
		case opUpdate:
			want[name] = fmt.Sprint(benchUpdatedData())
		}
	}
	for _, member := range e.direct[:n] {
		list, err := member.CoreV1().ConfigMaps(benchNamespace).List(ctx, metav1.ListOptions{LabelSelector: "bench=" + slug})
		if err != nil {
			return err
		}
		got := map[string]string{}
		for _, cm := range list.Items {
			got[cm.Name] = fmt.Sprint(cm.Data)
		}
		if !maps.Equal(want, got) {
			return fmt.Errorf("after op=%s a member holds %v, want %v", op, got, want)
		}
	}
	return nil
}

// benchFCM is the FederatedConfigMap the scenarios create, without a placement. Its member
// copies carry its bench label too.
func benchFCM(name, slug string) *fedv1beta1.FederatedConfigMap {
	labels := map[string]string{"bench": slug}
	return &fedv1beta1.FederatedConfigMap{
		TypeMeta:   metav1.TypeMeta{APIVersion: fedv1beta1.SchemeGroupVersion.String(), Kind: "FederatedConfigMap"},
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: benchNamespace, Labels: labels},
		Spec: fedv1beta1.FederatedConfigMapSpec{Template: fedv1beta1.ConfigMapTemplate{
			ObjectMeta: metav1.ObjectMeta{Labels: labels},
			Data:       benchData(),
		}},
	}
}

func benchData() map[string]string {
	return map[string]string{"greeting": "hello", "color": "blue"}
}

// benchUpdatedData is what an update changes benchData to.
func benchUpdatedData() map[string]string {
	return map[string]string{"greeting": "hello", "color": "green"}
}
