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

package integration

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/dynamic"
	"sigs.k8s.io/cli-utils/pkg/kstatus/status"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/kinds"
	"k8s.io/federation/test/integration/framework"
)

// notRolledOut names the kinds with member health (pkg/kinds Hooks.MemberHealth) whose
// members do not roll a pod template out to a steady state, and the test that covers them
// instead; TestWorkloadRollouts fails for any other such kind it cannot run.
var notRolledOut = map[string]string{
	"FederatedJob": "TestFederatedJob (a Job runs to completion; a new pod template is refused or recreates the Jobs)",
}

// TestWorkloadRollouts runs every workload kind (pkg/kinds kinds with member health) through
// a rollout on kwok nodes in both members, with the whole product: created, then a new image,
// then (kinds with a scale subresource) scaled with kubectl. After each step the federated
// object becomes kstatus Current with an honest observedGeneration, every member copy is
// kstatus Current itself, and the host's server-side table (what kubectl get prints) shows
// each of the member kind's count columns summed over the members.
func TestWorkloadRollouts(t *testing.T) {
	e := startControllersEnvWithMembers(t, framework.Options{ControllerManager: true, Scheduler: true, KWOK: true},
		[]string{"--preflight=false"}, nil)
	client, err := dynamic.NewForConfig(e.host.RESTConfig())
	if err != nil {
		t.Fatal(err)
	}
	ns := e.newNamespace(t, "rollouts")
	ran := 0
	for _, k := range kinds.All() {
		if k.Hooks.MemberHealth == nil {
			continue
		}
		if test, ok := notRolledOut[k.Kind]; ok {
			t.Logf("%s: no rollout to a steady state; see %s", k.Kind, test)
			continue
		}
		ran++
		t.Run(k.Kind, func(t *testing.T) {
			r := &rollout{e: e, client: client, kind: k, ns: ns, name: "roll-" + k.Singular[len("federated"):]}
			obj := r.kwokSample(t)
			e.mustApply(t, ns, obj.Object, applyOptions{})
			r.eventuallyRolledOut(t, "created")

			r.patch(t, types.JSONPatchType, `[{"op":"replace","path":"/spec/template/spec/template/spec/containers/0/image","value":"registry.k8s.io/pause:3.10.1"}]`)
			r.eventuallyRolledOut(t, "new image")

			if k.Hooks.Scale != nil {
				e.mustKubectl(t, "scale", k.Plural+"."+fedv1beta1.GroupName+"/"+r.name, "-n", ns, "--replicas=6")
				r.eventuallyRolledOut(t, "scaled to 6")
			}
		})
	}
	if ran == 0 {
		t.Fatal("no workload kinds in the kinds table")
	}
}

// rollout is one workload's object in TestWorkloadRollouts.
type rollout struct {
	e        *ctlEnv
	client   dynamic.Interface
	kind     *kinds.Kind
	ns, name string
}

// kwokSample is the kind's sample (sampleFederated) with its pods bound to kwok nodes, and 3
// replicas divided 2:1 on kinds with replica scheduling.
func (r *rollout) kwokSample(t *testing.T) *unstructured.Unstructured {
	t.Helper()
	typed := sampleFederated(t, r.kind.Kind, r.ns, r.name)
	raw, err := runtime.DefaultUnstructuredConverter.ToUnstructured(typed)
	if err != nil {
		t.Fatal(err)
	}
	obj := &unstructured.Unstructured{Object: raw}
	pod := []string{"spec", "template", "spec", "template", "spec"}
	must := func(err error) {
		if err != nil {
			t.Fatalf("%s sample: %v", r.kind.Kind, err)
		}
	}
	must(unstructured.SetNestedStringMap(obj.Object, map[string]string{framework.KWOKNodeLabel: framework.KWOKNodeLabelValue}, append(pod, "nodeSelector")...))
	must(unstructured.SetNestedSlice(obj.Object, []any{map[string]any{
		"key": framework.KWOKTaintKey, "operator": string(corev1.TolerationOpExists), "effect": string(corev1.TaintEffectNoSchedule),
	}}, append(pod, "tolerations")...))
	if r.kind.Hooks.Scale != nil {
		must(unstructured.SetNestedField(obj.Object, int64(3), "spec", "template", "spec", "replicas"))
		must(unstructured.SetNestedMap(obj.Object, map[string]any{"clusters": map[string]any{
			"member-1": map[string]any{"weight": int64(2)}, "member-2": map[string]any{"weight": int64(1)},
		}}, "spec", "replicaScheduling"))
	}
	return obj
}

func (r *rollout) patch(t *testing.T, pt types.PatchType, patch string) {
	t.Helper()
	if _, err := r.client.Resource(r.kind.GroupVersionResource()).Namespace(r.ns).Patch(t.Context(), r.name, pt, []byte(patch), metav1.PatchOptions{}); err != nil {
		t.Fatalf("patch %s %s: %v", r.kind.Kind, r.name, err)
	}
}

// eventuallyRolledOut waits until the federated object is kstatus Current with
// status.observedGeneration at its generation, every member copy is kstatus Current too, and
// the host's table sums the members'. The three are read together and retried as one: a
// member may briefly call its own copy done (a DaemonSet controller's first status says 0 of
// 0 pods at the observed generation, then counts its nodes), and the federated status, which
// reports what the members say, follows it there and back.
func (r *rollout) eventuallyRolledOut(t *testing.T, step string) {
	t.Helper()
	eventually(t, fmt.Sprintf("%s %s is Current after %s", r.kind.Kind, r.name, step), func(ctx context.Context) error {
		obj, err := r.client.Resource(r.kind.GroupVersionResource()).Namespace(r.ns).Get(ctx, r.name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		res, err := status.Compute(obj)
		if err != nil {
			return err
		}
		if observed, _, _ := unstructured.NestedInt64(obj.Object, "status", "observedGeneration"); res.Status != status.CurrentStatus || observed != obj.GetGeneration() {
			return fmt.Errorf("kstatus %s (%s), generation %d observed %d", res.Status, res.Message, obj.GetGeneration(), observed)
		}
		var memberTables []*metav1.Table
		for _, m := range r.e.members() {
			copy, err := dynamicFor(t, m).Resource(r.kind.Member.GroupVersionResource()).Namespace(r.ns).Get(ctx, r.name, metav1.GetOptions{})
			if err != nil {
				return fmt.Errorf("%s: %w", m.Name(), err)
			}
			if res, err := status.Compute(copy); err != nil || res.Status != status.CurrentStatus {
				return fmt.Errorf("the federated %s is Current, its %s in %s is not: %v %v; member status %v", r.name, r.kind.Member.Kind, m.Name(), res, err, copy.Object["status"])
			}
			table, err := serverTable(ctx, m, r.kind.Member.GroupVersionResource().GroupVersion().String(), r.kind.Member.Resource, r.ns, r.name)
			if err != nil {
				return err
			}
			memberTables = append(memberTables, table)
		}
		fed, err := serverTable(ctx, r.e.host, fedv1beta1.SchemeGroupVersion.String(), r.kind.Plural, r.ns, r.name)
		if err != nil {
			return err
		}
		if err := summedColumns(memberTables, fed); err != nil {
			return fmt.Errorf("kubectl get %s: %w", r.kind.Plural, err)
		}
		return nil
	})
}

// dynamicFor is a dynamic client of cp.
func dynamicFor(t *testing.T, cp *framework.ControlPlane) dynamic.Interface {
	t.Helper()
	c, err := dynamic.NewForConfig(cp.RESTConfig())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// serverTable returns the table the server builds for kubectl get of one object
// (Accept: application/json;as=Table;v=v1;g=meta.k8s.io, what kubectl asks for).
func serverTable(ctx context.Context, cp *framework.ControlPlane, groupVersion, resource, ns, name string) (*metav1.Table, error) {
	prefix := "/apis/" + groupVersion
	if groupVersion == "v1" {
		prefix = "/api/v1"
	}
	body, err := cp.Client().CoreV1().RESTClient().Get().AbsPath(prefix, "namespaces", ns, resource, name).
		SetHeader("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io").DoRaw(ctx)
	if err != nil {
		return nil, fmt.Errorf("%s: table of %s %s/%s: %w", cp.Name(), resource, ns, name, err)
	}
	var table metav1.Table
	if err := json.Unmarshal(body, &table); err != nil || len(table.Rows) != 1 {
		return nil, fmt.Errorf("%s: table of %s %s/%s: %v\n%s", cp.Name(), resource, ns, name, err, body)
	}
	return &table, nil
}

// summedColumns checks fed, the federated object's table, against the member copies' tables:
// every count column kubectl get prints for the member kind (integers, and ready/desired
// pairs such as READY 2/2) is in fed under the same name, holding the members' sum.
// Columns of text (a DaemonSet's NODE SELECTOR) and NAME and AGE are not compared.
func summedColumns(members []*metav1.Table, fed *metav1.Table) error {
	fedCells := map[string]any{}
	for i, c := range fed.ColumnDefinitions {
		fedCells[c.Name] = fed.Rows[0].Cells[i]
	}
	for i, c := range members[0].ColumnDefinitions {
		if c.Priority != 0 || c.Name == "Name" || c.Name == "Age" {
			continue
		}
		var num, den int64
		ratio, counted := false, true
		for _, m := range members {
			switch v := m.Rows[0].Cells[i].(type) {
			case float64:
				num += int64(v)
			case int64:
				num += v
			case string:
				var a, b int64
				if _, err := fmt.Sscanf(v, "%d/%d", &a, &b); err != nil {
					counted = false
					break
				}
				num, den, ratio = num+a, den+b, true
			default:
				counted = false
			}
		}
		if !counted {
			continue
		}
		want := any(fmt.Sprint(num))
		if ratio {
			want = fmt.Sprintf("%d/%d", num, den)
		}
		got, ok := fedCells[c.Name]
		if !ok {
			return fmt.Errorf("no column %q (the member kind's columns %v, the federated kind's %v)", c.Name, columnNames(members[0]), columnNames(fed))
		}
		if fmt.Sprint(got) != want {
			return fmt.Errorf("column %q is %v, want %v (the members' sum)", c.Name, got, want)
		}
	}
	return nil
}

// columnNames lists table's column names.
func columnNames(table *metav1.Table) []string {
	var names []string
	for _, c := range table.ColumnDefinitions {
		names = append(names, c.Name)
	}
	return names
}
