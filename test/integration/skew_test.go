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
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/test/integration/framework"
)

// ingressesOff turns Ingress off in a member's kube-apiserver. Turning off all of
// networking.k8s.io/v1 is not an option: kube-apiserver then never becomes ready, as it
// allocates Service IPs through that group's ServiceCIDRs and IPAddresses.
const ingressesOff = "--runtime-config=networking.k8s.io/v1/ingresses=false"

// unservedIngresses is how status and `kubectl get clusters -o wide` name the type.
const unservedIngresses = "networking.k8s.io/v1/ingresses"

// TestKindNotServed: member-2's API does not serve Ingress (version skew, as an operator's
// --runtime-config makes it here). Its Cluster says so (status and `kubectl get clusters -o
// wide`); a FederatedIngress fails there alone with reason KindNotServed while member-1 gets
// the Ingress, and other kinds are written to member-2 as usual. Once member-2's API server
// is restarted without the flag, the Ingress is written there without anyone touching the
// FederatedIngress.
func TestKindNotServed(t *testing.T) {
	e := startControllersEnvForMembers(t, framework.Options{}, framework.Options{APIServerFlags: []string{ingressesOff}}, nil, []string{"--v=2"})
	ctx := framework.TestContext(t)
	ns := e.newNamespace(t, "skew")
	e.wantUnserved(t, map[string]string{e.member1.Name(): "", e.member2.Name(): unservedIngresses})

	ing := sampleFederated(t, "FederatedIngress", ns, "web")
	cfg := sampleFederated(t, "FederatedConfigMap", ns, "web")
	e.mustApply(t, ns, map[string]any{"apiVersion": "v1", "kind": "List", "items": []fedv1beta1.FederatedObject{ing, cfg}}, applyOptions{})

	t.Run("the member without the kind fails alone, and says why", func(t *testing.T) {
		eventually(t, "FederatedIngress rows", func(context.Context) error {
			rows := e.federatedStatus(t, ing).Clusters
			if len(rows) != 2 {
				return fmt.Errorf("rows %+v, want one per member", rows)
			}
			if r := rows[0]; r.Name != e.member1.Name() || r.Phase != fedv1beta1.PropagationPhasePropagated {
				return fmt.Errorf("member-1 row %+v, want Propagated", r)
			}
			if r := rows[1]; r.Phase != fedv1beta1.PropagationPhaseFailed || r.Reason != "KindNotServed" || !strings.Contains(r.Message, unservedIngresses) {
				return fmt.Errorf("member-2 row %s %s %q, want Failed KindNotServed naming %s", r.Phase, r.Reason, r.Message, unservedIngresses)
			}
			return nil
		})
		var got metav1.PartialObjectMetadata
		if !getJSON(t, e.member1, ns, "ingresses", "web", &got) || got.Labels[managedLabel] != "true" {
			t.Errorf("member-1 holds no Ingress %s/web of federation's: %+v", ns, got.ObjectMeta)
		}
		// Stalled, so that kstatus (Flux, Helm) and Argo CD report it rather than wait.
		if _, stderr, err := e.kubectl(t, "wait", "--for=condition=Stalled", "-n", ns, kubectlRef(ing), "--timeout=30s"); err != nil {
			t.Errorf("kubectl wait --for=condition=Stalled %s: %v\n%s", kubectlRef(ing), err, stderr)
		}
	})

	t.Run("other kinds are written to that member", func(t *testing.T) {
		if _, stderr, err := e.kubectl(t, "wait", "--for=condition=Propagated", "-n", ns, kubectlRef(cfg), "--timeout=60s"); err != nil {
			t.Fatalf("kubectl wait --for=condition=Propagated %s: %v\n%s", kubectlRef(cfg), err, stderr)
		}
		wantMemberData(t, e.member2, ns, "web", map[string]string{"k": "v"})
	})

	t.Run("once the member serves the kind, the object is written there", func(t *testing.T) {
		if err := e.member2.RestartAPIServer(ctx, nil); err != nil {
			t.Fatal(err)
		}
		e.wantUnserved(t, map[string]string{e.member1.Name(): "", e.member2.Name(): ""})
		if _, stderr, err := e.kubectl(t, "wait", "--for=condition=Propagated", "-n", ns, kubectlRef(ing), "--timeout=60s"); err != nil {
			t.Fatalf("kubectl wait --for=condition=Propagated %s: %v\n%s\nstatus: %+v", kubectlRef(ing), err, stderr, e.federatedStatus(t, ing))
		}
		var got metav1.PartialObjectMetadata
		if !getJSON(t, e.member2, ns, "ingresses", "web", &got) || got.Annotations[originAnnotation] != originOf(ing) {
			t.Errorf("member-2 holds no Ingress %s/web written for %s: %+v", ns, kubectlRef(ing), got.ObjectMeta)
		}
	})
}

// wantUnserved waits until each named Cluster's status.unservedResources, as `kubectl get
// clusters -o wide` prints it in its UNSERVED column, is want[name] (empty: none).
func (e *ctlEnv) wantUnserved(t *testing.T, want map[string]string) {
	t.Helper()
	eventually(t, "kubectl get clusters -o wide: UNSERVED", func(context.Context) error {
		got := map[string]string{}
		lines := nonEmptyLines(e.mustKubectl(t, "get", "clusters", "-o", "wide"))
		header := strings.Fields(lines[0])
		if !slices.Contains(header, "UNSERVED") {
			return fmt.Errorf("no UNSERVED column in %q", lines[0])
		}
		// The cells of a column start where its header does; an empty cell is blank.
		start := strings.Index(lines[0], "UNSERVED")
		for _, line := range lines[1:] {
			cell := ""
			if len(line) > start {
				if fields := strings.Fields(line[start:]); len(fields) > 0 {
					cell = fields[0]
				}
			}
			got[strings.Fields(line)[0]] = cell
		}
		if d := cmp.Diff(want, got); d != "" {
			return fmt.Errorf("(-want +got):\n%s", d)
		}
		return nil
	})
	for name, w := range want {
		var got []string
		for _, r := range e.cluster(t, name).Status.UnservedResources {
			got = append(got, strings.TrimPrefix(r.Group+"/"+r.Version+"/"+r.Resource, "/"))
		}
		if strings.Join(got, ",") != w {
			t.Errorf("cluster %s status.unservedResources %v, want %q", name, got, w)
		}
	}
}
