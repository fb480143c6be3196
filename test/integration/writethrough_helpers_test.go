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
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/wait"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/generated/clientset/versioned"
	"k8s.io/federation/test/integration/framework"
)

// The contract between federation and member objects, spelled out as users see it rather
// than imported from pkg/propagation, so that renaming one is a visible API change.
const (
	managedLabel     = "federation.k8s.io/managed"
	originAnnotation = "federation.k8s.io/origin"
	adoptAnnotation  = "federation.k8s.io/adopt"
	// federationNamespace holds the member credentials on the host (fcp's default).
	federationNamespace = "federation-system"
)

// wtEnv is what the subtests of TestWriteThrough share: a host with fcp behind its
// aggregator, and two registered members, member-1 (env=prod) and member-2 (env=dev).
type wtEnv struct {
	*fedEnv
	member1, member2 *framework.ControlPlane
}

// members returns the member control planes in name order.
func (e *wtEnv) members() []*framework.ControlPlane {
	return []*framework.ControlPlane{e.member1, e.member2}
}

// startWriteThroughEnv starts the host and both members, runs fcp with extraArgs, registers
// the members and waits until fcp can write to them.
func startWriteThroughEnv(t *testing.T, extraArgs ...string) *wtEnv {
	t.Helper()
	return startWriteThroughEnvWithMembers(t, framework.Options{}, extraArgs...)
}

// startWriteThroughEnvWithMembers is startWriteThroughEnv with both members started with
// memberOpts (named member-1 and member-2), e.g. with kube-controller-manager, a scheduler
// and kwok nodes so that pods become ready.
func startWriteThroughEnvWithMembers(t *testing.T, memberOpts framework.Options, extraArgs ...string) *wtEnv {
	t.Helper()
	return startWriteThroughEnvForMembers(t, memberOpts, memberOpts, extraArgs...)
}

// startWriteThroughEnvForMembers is startWriteThroughEnv with member-1 started with m1 and
// member-2 with m2 (their names are set here), e.g. one member with an API turned off.
func startWriteThroughEnvForMembers(t *testing.T, m1, m2 framework.Options, extraArgs ...string) *wtEnv {
	t.Helper()
	m1.Name, m2.Name = "member-1", "member-2"
	cps := framework.StartControlPlanes(t, framework.Options{Name: "host"}, m1, m2)
	host, member1, member2 := cps[0], cps[1], cps[2]
	ctx := framework.TestContext(t)
	fcp, err := host.StartFCP(ctx, framework.FCPOptions{Binary: fcpBinary, Args: extraArgs})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []struct {
		cp  *framework.ControlPlane
		env string
	}{{member1, "prod"}, {member2, "dev"}} {
		if _, err := host.RegisterMember(ctx, m.cp, framework.MemberOptions{Labels: map[string]string{"env": m.env}}); err != nil {
			t.Fatal(err)
		}
	}
	fed, err := versioned.NewForConfig(host.RESTConfig())
	if err != nil {
		t.Fatal(err)
	}
	if err := waitForClusters(ctx, fed, []string{member1.Name(), member2.Name()}); err != nil {
		t.Fatal(err)
	}
	return &wtEnv{fedEnv: &fedEnv{host: host, fcp: fcp, fed: fed}, member1: member1, member2: member2}
}

// waitForClusters waits until fcp writes through to every cluster in clusters. fcp learns
// of Clusters and their Secrets through informers, so a Cluster just registered may not be
// usable yet. A server-side dry run is the probe: it reaches the members (pre-flight) and
// reports their outcomes in the returned status, yet changes nothing anywhere. It runs in
// the default namespace, which every member has.
func waitForClusters(ctx context.Context, fed versioned.Interface, clusters []string) error {
	probe := &fedv1beta1.FederatedConfigMap{
		ObjectMeta: metav1.ObjectMeta{Name: "write-through-probe", Namespace: metav1.NamespaceDefault},
		Spec: fedv1beta1.FederatedConfigMapSpec{
			Template:        fedv1beta1.ConfigMapTemplate{Data: map[string]string{"probe": "true"}},
			PropagationSpec: placedOn(clusters...),
		},
	}
	var last error
	err := wait.PollUntilContextTimeout(ctx, pollInterval, waitTimeout, true, func(ctx context.Context) (bool, error) {
		var got *fedv1beta1.FederatedConfigMap
		got, last = fed.FederationV1beta1().FederatedConfigMaps(probe.Namespace).Create(ctx, probe,
			metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}})
		if last != nil {
			return false, nil
		}
		for _, row := range got.Status.Clusters {
			if row.Phase != fedv1beta1.PropagationPhasePropagated {
				last = fmt.Errorf("cluster %s: %s %s: %s", row.Name, row.Phase, row.Reason, row.Message)
				return false, nil
			}
		}
		if len(got.Status.Clusters) != len(clusters) {
			last = fmt.Errorf("status names %d clusters, want %d", len(got.Status.Clusters), len(clusters))
			return false, nil
		}
		return true, nil
	})
	if err != nil {
		return fmt.Errorf("waiting for fcp to reach clusters %v: %w; last: %v", clusters, err, last)
	}
	return nil
}

// placedOn places an object on the named clusters.
func placedOn(clusters ...string) fedv1beta1.PropagationSpec {
	var refs []fedv1beta1.ClusterReference
	for _, c := range clusters {
		refs = append(refs, fedv1beta1.ClusterReference{Name: c})
	}
	return fedv1beta1.PropagationSpec{Placement: fedv1beta1.Placement{Clusters: refs}}
}

// replaceOverride returns an override that replaces path with the JSON value on cluster.
func replaceOverride(cluster, path, jsonValue string) fedv1beta1.ClusterOverride {
	return fedv1beta1.ClusterOverride{ClusterName: cluster, Patches: []fedv1beta1.OverridePatch{
		{Op: fedv1beta1.OverrideOpReplace, Path: path, Value: &fedv1beta1.JSON{Raw: []byte(jsonValue)}},
	}}
}

// getJSON runs `kubectl get resource name -o json` on cp, in namespace ns unless it is
// empty, and decodes the output into into. It returns false when the object does not exist.
func getJSON(t *testing.T, cp *framework.ControlPlane, ns, resource, name string, into any) bool {
	t.Helper()
	args := []string{"get", resource, name, "-o", "json"}
	if ns != "" {
		args = append(args, "-n", ns)
	}
	out, stderr, err := cp.Kubectl(t.Context(), args...)
	if err != nil {
		if strings.Contains(stderr, "(NotFound)") {
			return false
		}
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(out), into); err != nil {
		t.Fatalf("decoding kubectl get %s %s on %s: %v", resource, name, cp.Name(), err)
	}
	return true
}

// memberConfigMap returns the ConfigMap ns/name in member, or nil when there is none.
func memberConfigMap(t *testing.T, member *framework.ControlPlane, ns, name string) *corev1.ConfigMap {
	t.Helper()
	var cm corev1.ConfigMap
	if !getJSON(t, member, ns, "configmap", name, &cm) {
		return nil
	}
	return &cm
}

// wantMemberData fails t unless member holds ConfigMap ns/name with exactly data, written
// by federation for the FederatedConfigMap of the same name.
func wantMemberData(t *testing.T, member *framework.ControlPlane, ns, name string, data map[string]string) {
	t.Helper()
	cm := memberConfigMap(t, member, ns, name)
	if cm == nil {
		t.Errorf("%s: ConfigMap %s/%s not found, want it propagated", member.Name(), ns, name)
		return
	}
	if d := cmp.Diff(data, cm.Data); d != "" {
		t.Errorf("%s: data of ConfigMap %s/%s (-want +got):\n%s", member.Name(), ns, name, d)
	}
	if cm.Labels[managedLabel] != "true" {
		t.Errorf("%s: ConfigMap %s/%s labels %v, want %s=true", member.Name(), ns, name, cm.Labels, managedLabel)
	}
	if want := "FederatedConfigMap.federation.k8s.io/" + ns + "/" + name; cm.Annotations[originAnnotation] != want {
		t.Errorf("%s: ConfigMap %s/%s annotation %s=%q, want %q", member.Name(), ns, name, originAnnotation, cm.Annotations[originAnnotation], want)
	}
}

// wantMemberNotFound fails t if member holds resource ns/name.
func wantMemberNotFound(t *testing.T, member *framework.ControlPlane, ns, resource, name string) {
	t.Helper()
	var obj metav1.PartialObjectMetadata
	if getJSON(t, member, ns, resource, name, &obj) {
		t.Errorf("%s: %s %s/%s exists (labels %v), want none", member.Name(), resource, ns, name, obj.Labels)
	}
}

// getFCM returns the FederatedConfigMap ns/name as `kubectl get -o json` on the host shows
// it, or nil when there is none.
func (e *wtEnv) getFCM(t *testing.T, ns, name string) *fedv1beta1.FederatedConfigMap {
	t.Helper()
	var fcm fedv1beta1.FederatedConfigMap
	if !getJSON(t, e.host, ns, "fcm", name, &fcm) {
		return nil
	}
	return &fcm
}

// clusterRow is the part of a status.clusters row a test can predict.
type clusterRow struct{ Name, Phase, Reason string }

// clusterRows returns st's per-cluster rows without messages and generations.
func clusterRows(st fedv1beta1.FederatedStatus) []clusterRow {
	var rows []clusterRow
	for _, c := range st.Clusters {
		rows = append(rows, clusterRow{Name: c.Name, Phase: c.Phase, Reason: c.Reason})
	}
	return rows
}

// wantClusterRows fails t unless the FederatedConfigMap ns/name exists and its
// status.clusters rows are want.
func (e *wtEnv) wantClusterRows(t *testing.T, ns, name string, want []clusterRow) *fedv1beta1.FederatedConfigMap {
	t.Helper()
	fcm := e.getFCM(t, ns, name)
	if fcm == nil {
		t.Fatalf("FederatedConfigMap %s/%s not found on the host", ns, name)
	}
	if d := cmp.Diff(want, clusterRows(fcm.Status)); d != "" {
		t.Errorf("status.clusters of %s/%s (-want +got):\n%s\nfull status: %+v", ns, name, d, fcm.Status)
	}
	return fcm
}

// wantTable fails t unless `kubectl get fcm name` on the host shows the CLUSTERS and
// PROPAGATED cells clusters and propagated.
func (e *wtEnv) wantTable(t *testing.T, ns, name, clusters, propagated string) {
	t.Helper()
	rows := tableRows(e.mustKubectl(t, "get", "fcm", name, "-n", ns))
	want := [][]string{{"NAME", "CLUSTERS", "PROPAGATED"}, {name, clusters, propagated}}
	var got [][]string
	for _, r := range rows {
		got = append(got, r[:min(3, len(r))])
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("kubectl get fcm %s, first three columns (-want +got):\n%s", name, d)
	}
}

// phases returns "cluster:phase" for each status row.
func phases(st fedv1beta1.FederatedStatus) []string {
	var out []string
	for _, c := range st.Clusters {
		out = append(out, c.Name+":"+c.Phase)
	}
	return out
}

// wantWarning waits until `kubectl describe fcm name` on the host lists a Warning event
// with reason whose message mentions mention. Events are recorded asynchronously.
func (e *wtEnv) wantWarning(t *testing.T, ns, name, reason, mention string) {
	t.Helper()
	eventually(t, "kubectl describe shows a "+reason+" warning", func(ctx context.Context) error {
		out, _, err := e.host.Kubectl(ctx, "describe", "fcm", name, "-n", ns)
		if err != nil {
			return err
		}
		for line := range strings.Lines(out) {
			if f := strings.Fields(line); len(f) > 1 && f[0] == "Warning" && f[1] == reason && strings.Contains(line, mention) {
				return nil
			}
		}
		return fmt.Errorf("no Warning %s mentioning %s in:\n%s", reason, mention, out)
	})
}

// propagated returns the Propagated condition's status, or "" without one.
func propagated(st fedv1beta1.FederatedStatus) metav1.ConditionStatus {
	i := slices.IndexFunc(st.Conditions, func(c metav1.Condition) bool { return c.Type == fedv1beta1.ConditionPropagated })
	if i < 0 {
		return ""
	}
	return st.Conditions[i].Status
}

// setCredentials replaces the kubeconfig in cluster's credentials Secret (as
// RegisterMember named it) with the file at kubeconfigPath, as an operator rotating them
// would.
func (e *wtEnv) setCredentials(t *testing.T, cluster, kubeconfigPath string) {
	t.Helper()
	kubeconfig, err := os.ReadFile(kubeconfigPath)
	if err != nil {
		t.Fatal(err)
	}
	secrets := e.host.Client().CoreV1().Secrets(federationNamespace)
	secret, err := secrets.Get(t.Context(), cluster+"-credentials", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	secret.Data = map[string][]byte{"kubeconfig": kubeconfig}
	if _, err := secrets.Update(t.Context(), secret, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
}

// timed runs f and returns how long it took.
func timed(f func()) time.Duration {
	start := time.Now()
	f()
	return time.Since(start)
}

// writeSnapshot is what steady-state compares: resourceVersions change on every write.
type writeSnapshot struct {
	// fcpRevision is the resourceVersion of lists of everything fcp stores, which is the
	// revision of fcp's etcd: any write to it moves the revision.
	fcpRevision string
	// fcpObjects maps kind/namespace/name to resourceVersion, to say what moved.
	fcpObjects map[string]string
	// members maps member/kind/namespace/name of every object labelled as federation's to
	// its resourceVersion.
	members map[string]string
}

// writeSnapshot lists everything fcp stores and every member object federation manages.
func (e *wtEnv) writeSnapshot(t *testing.T) writeSnapshot {
	t.Helper()
	ctx := t.Context()
	s := writeSnapshot{fcpObjects: map[string]string{}, members: map[string]string{}}
	v1beta1 := e.fed.FederationV1beta1()
	var revisions []string
	for kind, list := range map[string]func() (runtime.Object, error){
		"Cluster":            func() (runtime.Object, error) { return v1beta1.Clusters().List(ctx, metav1.ListOptions{}) },
		"FederatedConfigMap": func() (runtime.Object, error) { return v1beta1.FederatedConfigMaps("").List(ctx, metav1.ListOptions{}) },
		"FederatedSecret":    func() (runtime.Object, error) { return v1beta1.FederatedSecrets("").List(ctx, metav1.ListOptions{}) },
		"FederatedDeployment": func() (runtime.Object, error) {
			return v1beta1.FederatedDeployments("").List(ctx, metav1.ListOptions{})
		},
	} {
		l, err := list()
		if err != nil {
			t.Fatal(err)
		}
		rv, err := meta.NewAccessor().ResourceVersion(l)
		if err != nil {
			t.Fatal(err)
		}
		revisions = append(revisions, kind+"="+rv)
		items, err := meta.ExtractList(l)
		if err != nil {
			t.Fatal(err)
		}
		for _, item := range items {
			o, err := meta.Accessor(item)
			if err != nil {
				t.Fatal(err)
			}
			s.fcpObjects[kind+"/"+o.GetNamespace()+"/"+o.GetName()] = o.GetResourceVersion()
		}
	}
	slices.Sort(revisions)
	s.fcpRevision = strings.Join(revisions, ",")
	for _, m := range e.members() {
		out := e.memberKubectl(t, m, "get", "configmaps,deployments,namespaces", "-A", "-l", managedLabel+"=true", "-o", "json")
		var list struct {
			Items []metav1.PartialObjectMetadata
		}
		if err := json.Unmarshal([]byte(out), &list); err != nil {
			t.Fatalf("decoding managed objects of %s: %v", m.Name(), err)
		}
		for _, o := range list.Items {
			s.members[fmt.Sprintf("%s/%s/%s/%s", m.Name(), o.Kind, o.Namespace, o.Name)] = o.ResourceVersion
		}
	}
	return s
}

// memberKubectl runs kubectl as admin on member and fails t if it exits non-zero.
func (e *wtEnv) memberKubectl(t *testing.T, member *framework.ControlPlane, args ...string) string {
	t.Helper()
	out, _, err := member.Kubectl(t.Context(), args...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
