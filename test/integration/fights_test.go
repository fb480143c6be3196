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
	"strings"
	"sync"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/generated/clientset/versioned"
	"k8s.io/federation/test/integration/framework"
)

// Spelled out as users see them, like the labels in writethrough_helpers_test.go.
const (
	// fightResync is the controller-manager's --resync-period in these tests.
	fightResync = 2 * time.Second
	// fightLimit is how many times the sync controller restores a field before it leaves
	// the field to the manager that keeps changing it.
	fightLimit = 3
	// reasonFieldManagerConflict is the status row reason and the event reason then.
	reasonFieldManagerConflict = "FieldManagerConflict"
	revisionAnnotation         = "deployment.kubernetes.io/revision"
)

// startFightEnv starts a host, member-1 running kube-controller-manager (so a Deployment
// there has a real deployment controller), member-2 without one, fcp and a controller-manager
// resyncing every fightResync.
func startFightEnv(t *testing.T) *ctlEnv {
	t.Helper()
	cps := framework.StartControlPlanes(t, framework.Options{Name: "host"},
		framework.Options{Name: "member-1", ControllerManager: true}, framework.Options{Name: "member-2"})
	host, member1, member2 := cps[0], cps[1], cps[2]
	ctx := framework.TestContext(t)
	fcp, err := host.StartFCP(ctx, framework.FCPOptions{Binary: fcpBinary, Args: []string{"--etcd-compaction-interval=0"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []*framework.ControlPlane{member1, member2} {
		if _, err := host.RegisterMember(ctx, m, framework.MemberOptions{}); err != nil {
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
	cm, err := host.StartControllerManager(ctx, framework.ControllerManagerOptions{Binary: fcpBinary,
		Args: []string{"--resync-period=" + fightResync.String(), "--v=4"}})
	if err != nil {
		t.Fatal(err)
	}
	wt := &wtEnv{fedEnv: &fedEnv{host: host, fcp: fcp, fed: fed}, member1: member1, member2: member2}
	return &ctlEnv{wtEnv: wt, cm: cm}
}

// TestFightsWithMemberWriters checks that fields a member normalises, or that another writer
// keeps changing, do not make federation write over and over.
func TestFightsWithMemberWriters(t *testing.T) {
	e := startFightEnv(t)
	m1 := e.member1.Name()

	t.Run("a FederatedSecret with stringData is not rewritten on resync", func(t *testing.T) {
		ns := e.newNamespace(t, "stringdata")
		fs := &fedv1beta1.FederatedSecret{
			TypeMeta:   metav1.TypeMeta{APIVersion: fedv1beta1.SchemeGroupVersion.String(), Kind: "FederatedSecret"},
			ObjectMeta: metav1.ObjectMeta{Name: "creds", Namespace: ns},
			Spec: fedv1beta1.FederatedSecretSpec{
				Template:        fedv1beta1.SecretTemplate{StringData: map[string]string{"password": "s3cret"}},
				PropagationSpec: testPlacement(),
			},
		}
		e.mustApply(t, ns, fs, applyOptions{})
		e.kubectlWait(t, ns, "federatedsecrets/creds")
		rvs := map[string]string{}
		for _, m := range e.members() {
			s := memberSecret(t, m, ns, "creds")
			if string(s.Data["password"]) != "s3cret" {
				t.Fatalf("%s holds password %q, want s3cret", m.Name(), s.Data["password"])
			}
			rvs[m.Name()] = s.ResourceVersion
		}
		before := e.fightCounts(t, "secrets", "FederatedSecret")
		start := time.Now()
		e.waitReconciles(t, "FederatedSecret", before.reconciles+3, 2*fightResync)
		after := e.fightCounts(t, "secrets", "FederatedSecret")
		for _, m := range e.members() {
			if got := memberSecret(t, m, ns, "creds").ResourceVersion; got != rvs[m.Name()] {
				t.Errorf("%s: the Secret's resourceVersion moved from %s to %s over %d resyncs", m.Name(), rvs[m.Name()], got, int(time.Since(start)/fightResync))
			}
			if n := after.applies[m.Name()] - before.applies[m.Name()]; n != 0 {
				t.Errorf("%s: %v applies of Secrets in %v, want none", m.Name(), n, time.Since(start).Round(time.Second))
			}
		}
		if n := after.restored[m1] + after.restored[e.member2.Name()] - before.restored[m1] - before.restored[e.member2.Name()]; n != 0 {
			t.Errorf("federation_sync_member_restored_total rose by %v, want 0", n)
		}
		if evs := e.eventsAbout(t, ns, "creds", "MemberRestored"); len(evs) != 0 {
			t.Errorf("MemberRestored events for an unchanged Secret: %q", evs)
		}
		t.Logf("FederatedSecret with stringData: %v reconciles in %v, %v member applies",
			after.reconciles-before.reconciles, time.Since(start).Round(time.Second), after.applies[m1]-before.applies[m1])
	})

	t.Run("a member-side writer that keeps changing an annotation is given in to and reported", func(t *testing.T) {
		ns := e.newNamespace(t, "fight")
		fcm := newFCM(ns, "settings", map[string]string{"mode": "v1"})
		fcm.Spec.Template.Annotations = map[string]string{"example.com/tier": "gold"}
		e.mustApply(t, ns, fcm, applyOptions{})
		e.wantPropagated(t, ns, "settings")
		before := e.fightCounts(t, "configmaps", "FederatedConfigMap")

		writes := startFightWriter(t, e.member1, ns, "settings", "example.com/tier", "bronze")
		var row fedv1beta1.ClusterPropagationStatus
		eventually(t, "member-1's status row reports the conflict", func(context.Context) error {
			row = statusRowOf(e.getFCM(t, ns, "settings").Status, m1)
			if row.Reason != reasonFieldManagerConflict {
				return fmt.Errorf("row %+v", row)
			}
			return nil
		})
		gaveUp := e.fightCounts(t, "configmaps", "FederatedConfigMap")
		if row.Phase != fedv1beta1.PropagationPhasePropagated || !strings.Contains(row.Message, ".metadata.annotations.example.com/tier") ||
			!strings.Contains(row.Message, "fight-writer") {
			t.Errorf("member-1's row %+v: want Propagated, naming the annotation and fight-writer", row)
		}
		if other := statusRowOf(e.getFCM(t, ns, "settings").Status, e.member2.Name()); other.Reason != "" {
			t.Errorf("member-2's row %+v, want no reason (nobody fights there)", other)
		}
		e.wantEvent(t, ns, "settings", reasonFieldManagerConflict, corev1.EventTypeWarning, "example.com/tier", m1, "fight-writer")
		restored := gaveUp.restored[m1] - before.restored[m1]
		if restored < 1 || restored > fightLimit {
			t.Errorf("member-1 restored %v times before federation gave up, want 1 to %d", restored, fightLimit)
		}

		// The writer goes on; federation no longer answers.
		n := writes.count()
		e.waitReconciles(t, "FederatedConfigMap", gaveUp.reconciles+3, 2*fightResync)
		eventually(t, "the writer wrote twice more", func(context.Context) error {
			if got := writes.count(); got < n+2 {
				return fmt.Errorf("%d writes", got)
			}
			return nil
		})
		writes.stop()
		after := e.fightCounts(t, "configmaps", "FederatedConfigMap")
		if d := after.restored[m1] - gaveUp.restored[m1]; d != 0 {
			t.Errorf("member-1 restored %v more times after federation gave up, want 0", d)
		}
		if d := after.applies[m1] - gaveUp.applies[m1]; d != 0 {
			t.Errorf("%v applies to member-1 after federation gave up, want 0", d)
		}
		cm := memberConfigMap(t, e.member1, ns, "settings")
		if cm.Annotations["example.com/tier"] != "bronze" || cm.Data["mode"] != "v1" {
			t.Errorf("member-1 holds tier %q, data %v: want the writer's bronze and federation's data", cm.Annotations["example.com/tier"], cm.Data)
		}
		t.Logf("fight: %d writer writes; federation restored %v times (%v applies) before giving up, then %v applies while the writer wrote %d more times",
			writes.count(), restored, gaveUp.applies[m1]-before.applies[m1], after.applies[m1]-gaveUp.applies[m1], writes.count()-n)
	})

	t.Run("the deployment controller's revision annotation in a template is left to it", func(t *testing.T) {
		ns := e.newNamespace(t, "revision")
		fd := newFDeploy(ns, "web", 1)
		fd.Spec.Template.Annotations = map[string]string{revisionAnnotation: "3"}
		before := e.fightCounts(t, "deployments", "FederatedDeployment")
		e.mustApply(t, ns, fd, applyOptions{})
		e.kubectlWait(t, ns, "federateddeployments/web")
		var row fedv1beta1.ClusterPropagationStatus
		eventually(t, "member-1's status row reports the conflict", func(ctx context.Context) error {
			got, err := e.fed.FederationV1beta1().FederatedDeployments(ns).Get(ctx, "web", metav1.GetOptions{})
			if err != nil {
				return err
			}
			if row = statusRowOf(got.Status, m1); row.Reason != reasonFieldManagerConflict {
				return fmt.Errorf("row %+v", row)
			}
			return nil
		})
		if !strings.Contains(row.Message, revisionAnnotation) || !strings.Contains(row.Message, "kube-controller-manager") {
			t.Errorf("member-1's row %+v: want it to name %s and kube-controller-manager", row, revisionAnnotation)
		}
		e.wantEvent(t, ns, "web", reasonFieldManagerConflict, corev1.EventTypeWarning, revisionAnnotation, m1, "kube-controller-manager")
		gaveUp := e.fightCounts(t, "deployments", "FederatedDeployment")
		e.waitReconciles(t, "FederatedDeployment", gaveUp.reconciles+3, 2*fightResync)
		after := e.fightCounts(t, "deployments", "FederatedDeployment")
		if d := after.applies[m1] - gaveUp.applies[m1]; d != 0 {
			t.Errorf("%v applies of Deployments to member-1 after federation gave up, want 0", d)
		}
		if d := after.restored[m1] - before.restored[m1]; d < 1 || d > fightLimit {
			t.Errorf("member-1 restored %v times in all, want 1 to %d", d, fightLimit)
		}
		d1, err := e.member1.Client().AppsV1().Deployments(ns).Get(t.Context(), "web", metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		d2, err := e.member2.Client().AppsV1().Deployments(ns).Get(t.Context(), "web", metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if d1.Annotations[revisionAnnotation] != "1" || d2.Annotations[revisionAnnotation] != "3" {
			t.Errorf("revisions: member-1 %q (want the controller's 1), member-2 %q (want the template's 3)",
				d1.Annotations[revisionAnnotation], d2.Annotations[revisionAnnotation])
		}
	})
}

// kubectlWait waits, with `kubectl wait`, until resource (kind/name) is Propagated.
func (e *ctlEnv) kubectlWait(t *testing.T, ns, resource string) {
	t.Helper()
	if _, stderr, err := e.kubectl(t, "wait", "--for=condition=Propagated", resource, "-n", ns, "--timeout=60s"); err != nil {
		t.Fatalf("kubectl wait --for=condition=Propagated %s: %v\n%s", resource, err, stderr)
	}
}

// fightCounts are the counters the scenarios compare over time.
type fightCounts struct {
	// applies counts each member's server-side applies (not dry runs) of one resource.
	applies map[string]float64
	// restored is federation_sync_member_restored_total by cluster.
	restored map[string]float64
	// reconciles counts the sync controller's reconciles of one federated kind.
	reconciles float64
}

func (e *ctlEnv) fightCounts(t *testing.T, resource, kind string) fightCounts {
	t.Helper()
	ctx := t.Context()
	out := fightCounts{applies: map[string]float64{}, restored: map[string]float64{}}
	for _, m := range e.members() {
		raw, err := m.Client().CoreV1().RESTClient().Get().AbsPath("/metrics").DoRaw(ctx)
		if err != nil {
			t.Fatal(err)
		}
		out.applies[m.Name()] = sumMetric(string(raw), "apiserver_request_total", func(l map[string]string) bool {
			return l["resource"] == resource && l["verb"] == "APPLY" && l["subresource"] == "" && l["dry_run"] == ""
		})
	}
	cm, err := e.cm.Metrics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range e.members() {
		out.restored[m.Name()] = sumMetric(cm, "federation_sync_member_restored_total", func(l map[string]string) bool { return l["cluster"] == m.Name() })
	}
	out.reconciles = sumMetric(cm, "federation_sync_reconcile_duration_seconds_count", func(l map[string]string) bool { return l["kind"] == kind })
	return out
}

// waitReconciles waits until the sync controller has reconciled objects of kind want times
// in all, and at least atLeast has passed: resyncs, with nothing changed.
func (e *ctlEnv) waitReconciles(t *testing.T, kind string, want float64, atLeast time.Duration) {
	t.Helper()
	start := time.Now()
	err := wait.PollUntilContextTimeout(t.Context(), pollInterval, waitTimeout, true, func(context.Context) (bool, error) {
		return e.fightCounts(t, "configmaps", kind).reconciles >= want && time.Since(start) >= atLeast, nil
	})
	if err != nil {
		t.Fatalf("waiting for %v reconciles of %s: %v", want, kind, err)
	}
}

// eventsAbout returns the notes of the host's events in ns about name with reason.
func (e *ctlEnv) eventsAbout(t *testing.T, ns, name, reason string) []string {
	t.Helper()
	events, err := e.host.Client().EventsV1().Events(ns).List(t.Context(), metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, ev := range events.Items {
		if ev.Regarding.Name == name && ev.Reason == reason {
			out = append(out, ev.Type+": "+ev.Note)
		}
	}
	return out
}

// wantEvent waits until the host has an event of type typ with reason about name whose note
// mentions every one of mentions.
func (e *ctlEnv) wantEvent(t *testing.T, ns, name, reason, typ string, mentions ...string) {
	t.Helper()
	eventually(t, "a "+typ+" "+reason+" event", func(context.Context) error {
		evs := e.eventsAbout(t, ns, name, reason)
		for _, ev := range evs {
			found := strings.HasPrefix(ev, typ+": ")
			for _, m := range mentions {
				found = found && strings.Contains(ev, m)
			}
			if found {
				return nil
			}
		}
		return fmt.Errorf("none mentioning %q among %q", mentions, evs)
	})
}

// statusRowOf returns cluster's row of st, or a zero row.
func statusRowOf(st fedv1beta1.FederatedStatus, cluster string) fedv1beta1.ClusterPropagationStatus {
	for _, row := range st.Clusters {
		if row.Name == cluster {
			return row
		}
	}
	return fedv1beta1.ClusterPropagationStatus{}
}

func memberSecret(t *testing.T, member *framework.ControlPlane, ns, name string) *corev1.Secret {
	t.Helper()
	s, err := member.Client().CoreV1().Secrets(ns).Get(t.Context(), name, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// fightWriter is a member-side client that, every second, sets an annotation on a ConfigMap
// with its own field manager, fight-writer, as a controller of the member's own would. Each
// write also moves a heartbeat annotation of its own, so that every write is a change the
// sync controller hears of, even once the contested annotation holds its value.
type fightWriter struct {
	cancel context.CancelFunc
	done   chan struct{}
	mu     sync.Mutex
	writes int
}

// startFightWriter starts writing; it stops after a minute at most, or when stopped (at the
// latest when t ends).
func startFightWriter(t *testing.T, member *framework.ControlPlane, ns, name, annotation, value string) *fightWriter {
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	w := &fightWriter{cancel: cancel, done: make(chan struct{})}
	t.Cleanup(w.stop)
	cms := member.Client().CoreV1().ConfigMaps(ns)
	go func() {
		defer close(w.done)
		wait.UntilWithContext(ctx, func(ctx context.Context) {
			cm, err := cms.Get(ctx, name, metav1.GetOptions{})
			if err != nil {
				return
			}
			cm.Annotations[annotation] = value
			cm.Annotations["example.com/heartbeat"] = time.Now().Format(time.RFC3339Nano)
			_, err = cms.Update(ctx, cm, metav1.UpdateOptions{FieldManager: "fight-writer"})
			if err == nil {
				w.mu.Lock()
				w.writes++
				w.mu.Unlock()
			} else if !apierrors.IsConflict(err) && ctx.Err() == nil {
				t.Errorf("fight-writer: %v", err)
			}
		}, time.Second)
	}()
	return w
}

// count returns how many writes succeeded.
func (w *fightWriter) count() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.writes
}

func (w *fightWriter) stop() {
	w.cancel()
	<-w.done
}
