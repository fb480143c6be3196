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
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	gosync "sync"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/dynamic"
	restfake "k8s.io/client-go/rest/fake"
	clienttesting "k8s.io/client-go/testing"
	"k8s.io/client-go/tools/events"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/generated/clientset/versioned/fake"
	fedscheme "k8s.io/federation/pkg/generated/clientset/versioned/scheme"
	fedinformers "k8s.io/federation/pkg/generated/informers/externalversions"
	"k8s.io/federation/pkg/kinds"
	"k8s.io/federation/pkg/members"
	"k8s.io/federation/pkg/propagation"
	"k8s.io/federation/pkg/propagation/membertest"
)

var configMaps = schema.GroupVersionResource{Version: "v1", Resource: "configmaps"}

// testEnv is a sync controller over fake clients: a fake federation API (informers from a
// fake clientset, writes recorded by a fake REST client) and a membertest.Member per member.
type testEnv struct {
	c        *Controller
	members  map[string]*membertest.Member
	recorder *events.FakeRecorder

	// stored holds the federation API's objects as the controller's writes leave them.
	stored clienttesting.ObjectTracker

	mu     gosync.Mutex
	writes []string // METHOD path of every write to the federation API
	bodies [][]byte // the body of each of writes
}

func (e *testEnv) Get(cluster string) (*members.Client, error) {
	return &members.Client{Dynamic: e.members[cluster].Client(), Version: "1"}, nil
}

// Discovery implements propagation.ClientSource; these members serve no discovery.
func (e *testEnv) Discovery(cluster string) (discovery.DiscoveryInterface, error) {
	return nil, fmt.Errorf("cluster %s serves no discovery in unit tests", cluster)
}

func (e *testEnv) Dynamic(cluster string) (dynamic.Interface, error) {
	return e.members[cluster].Client(), nil
}

func readyCluster(name string, ready metav1.ConditionStatus) *fedv1beta1.Cluster {
	return &fedv1beta1.Cluster{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Status: fedv1beta1.ClusterStatus{Conditions: []metav1.Condition{
			{Type: fedv1beta1.ClusterReady, Status: ready, Reason: "Test", Message: "set by the test"},
		}},
	}
}

// converged returns a FederatedConfigMap placed on m1 whose status says it is there, at the
// generation a member gives a copy it created.
func converged() *fedv1beta1.FederatedConfigMap {
	fcm := &fedv1beta1.FederatedConfigMap{
		TypeMeta:   metav1.TypeMeta{APIVersion: fedv1beta1.SchemeGroupVersion.String(), Kind: "FederatedConfigMap"},
		ObjectMeta: metav1.ObjectMeta{Name: "cfg", Namespace: "shop", Generation: 1, Finalizers: []string{propagation.Finalizer}},
		Spec: fedv1beta1.FederatedConfigMapSpec{
			Template: fedv1beta1.ConfigMapTemplate{Data: map[string]string{"k": "v"}},
			PropagationSpec: fedv1beta1.PropagationSpec{Placement: fedv1beta1.Placement{
				Clusters: []fedv1beta1.ClusterReference{{Name: "m1"}},
			}},
		},
	}
	outcomes := []propagation.Outcome{{Cluster: "m1", Generation: 1}}
	fcm.Status = propagation.WithHealth(fcm, propagation.Status(fcm, fedv1beta1.FederatedStatus{}, outcomes), nil, outcomes)
	return fcm
}

// memberCopy is what federation wrote for obj in cluster.
func memberCopy(t *testing.T, obj fedv1beta1.FederatedObject, cluster string) *unstructured.Unstructured {
	t.Helper()
	u, err := propagation.Render(obj, cluster, nil)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// heldCopy is the copy the member holds after federation wrote obj: what it renders to, in
// the member's own form, with a resourceVersion and the generation the member gave it.
func heldCopy(t *testing.T, obj fedv1beta1.FederatedObject) *unstructured.Unstructured {
	t.Helper()
	u := memberCopy(t, obj, "m1")
	membertest.FoldStringData(u)
	u.SetResourceVersion("99")
	u.SetGeneration(1)
	return u
}

func startTestEnv(t *testing.T, cluster *fedv1beta1.Cluster, obj runtime.Object, memberObjs ...*unstructured.Unstructured) *testEnv {
	t.Helper()
	return startTestEnvWithOptions(t, Options{Workers: 1}, cluster, obj, memberObjs...)
}

// startTestEnvWithOptions starts a controller whose one member, cluster, holds the
// namespace shop and memberObjs.
func startTestEnvWithOptions(t *testing.T, opts Options, cluster *fedv1beta1.Cluster, obj runtime.Object, memberObjs ...*unstructured.Unstructured) *testEnv {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	t.Cleanup(cancel)
	fed := fake.NewClientset(cluster, obj)
	stored := clienttesting.NewObjectTracker(fedscheme.Scheme, fedscheme.Codecs.UniversalDecoder())
	if err := stored.Add(obj); err != nil {
		t.Fatal(err)
	}
	var types []kinds.Member
	for _, k := range kinds.All() {
		types = append(types, k.Member)
	}
	member := membertest.New(types...)
	member.Put(t, membertest.Namespace("shop"))
	member.Put(t, memberObjs...)
	e := &testEnv{
		stored:   stored,
		members:  map[string]*membertest.Member{cluster.Name: member},
		recorder: events.NewFakeRecorder(10),
	}
	fedREST := &restfake.RESTClient{
		NegotiatedSerializer: fedscheme.Codecs.WithoutConversion(),
		GroupVersion:         fedv1beta1.SchemeGroupVersion,
		VersionedAPIPath:     "/apis/federation.k8s.io/v1beta1",
		Client: restfake.CreateHTTPClient(func(req *http.Request) (*http.Response, error) {
			if req.Method == http.MethodGet {
				return e.read(req.URL.Path)
			}
			body, _ := io.ReadAll(req.Body)
			e.mu.Lock()
			e.writes = append(e.writes, req.Method+" "+req.URL.Path)
			e.bodies = append(e.bodies, body)
			e.mu.Unlock()
			if err := e.store(req.URL.Path, body); err != nil {
				return nil, err
			}
			return &http.Response{StatusCode: http.StatusOK, Header: http.Header{"Content-Type": []string{"application/json"}}, Body: io.NopCloser(bytes.NewReader(body))}, nil
		}),
	}
	factory := fedinformers.NewSharedInformerFactory(fed, 0)
	engine := propagation.NewEngine(factory.Federation().V1beta1().Clusters().Lister(), e, time.Second, nil)
	c, err := New(fedREST, factory, e, engine, e.recorder, opts)
	if err != nil {
		t.Fatal(err)
	}
	e.c = c
	factory.Start(ctx.Done())
	factory.WaitForCacheSync(ctx.Done())
	c.ensureMemberCache(ctx, cluster.Name)
	if err := wait.PollUntilContextTimeout(ctx, 10*time.Millisecond, 5*time.Second, true, func(context.Context) (bool, error) {
		for _, synced := range c.members.hasSynced([]string{cluster.Name}) {
			if !synced() {
				return false, nil
			}
		}
		return true, nil
	}); err != nil {
		t.Fatal("member cache never synced")
	}
	e.members[cluster.Name].ClearActions()
	return e
}

// store records a write of the controller's (PUT of an object or its status) in the fake
// federation API, so that tests read back what is stored.
func (e *testEnv) store(path string, body []byte) error {
	ns, resource, _, ok := splitPath(path)
	if !ok {
		return fmt.Errorf("unexpected write to %s", path)
	}
	obj, _, err := fedscheme.Codecs.UniversalDeserializer().Decode(body, nil, nil)
	if err != nil {
		return err
	}
	return e.stored.Update(fedv1beta1.SchemeGroupVersion.WithResource(resource), obj, ns)
}

// splitPath parses a path of the federation API: /apis/federation.k8s.io/v1beta1/
// [namespaces/<ns>/]<resource>/<name>[/status], namespaced or cluster-scoped.
func splitPath(path string) (ns, resource, name string, ok bool) {
	parts := strings.Split(strings.TrimPrefix(path, "/apis/federation.k8s.io/v1beta1/"), "/")
	if parts[0] == "namespaces" {
		if len(parts) < 4 {
			return "", "", "", false
		}
		return parts[1], parts[2], parts[3], true
	}
	if len(parts) < 2 {
		return "", "", "", false
	}
	return "", parts[0], parts[1], true
}

// read answers a GET of the fake federation API from what is stored.
func (e *testEnv) read(path string) (*http.Response, error) {
	ns, resource, name, ok := splitPath(path)
	if !ok || strings.HasSuffix(path, "/status") {
		return nil, fmt.Errorf("unexpected read of %s", path)
	}
	header := http.Header{"Content-Type": []string{"application/json"}}
	obj, err := e.stored.Get(fedv1beta1.SchemeGroupVersion.WithResource(resource), ns, name)
	if apierrors.IsNotFound(err) {
		body, _ := json.Marshal(err.(apierrors.APIStatus).Status())
		return &http.Response{StatusCode: http.StatusNotFound, Header: header, Body: io.NopCloser(bytes.NewReader(body))}, nil
	}
	if err != nil {
		return nil, err
	}
	body, err := json.Marshal(obj)
	if err != nil {
		return nil, err
	}
	return &http.Response{StatusCode: http.StatusOK, Header: header, Body: io.NopCloser(bytes.NewReader(body))}, nil
}

// storedFCM returns the FederatedConfigMap shop/cfg as the federation API holds it.
func (e *testEnv) storedFCM(t *testing.T) *fedv1beta1.FederatedConfigMap {
	t.Helper()
	got, err := e.stored.Get(fedv1beta1.SchemeGroupVersion.WithResource("federatedconfigmaps"), "shop", "cfg")
	if err != nil {
		t.Fatal(err)
	}
	return got.(*fedv1beta1.FederatedConfigMap)
}

// memberWrites returns the write actions the member saw.
func (e *testEnv) memberWrites(cluster string) []string {
	var out []string
	for _, a := range e.members[cluster].Actions() {
		switch a.GetVerb() {
		case "list", "watch", "get":
			continue
		}
		out = append(out, a.GetVerb()+" "+a.GetResource().Resource)
	}
	return out
}

func (e *testEnv) fedWrites() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.writes...)
}

func TestReconcileConvergedWritesNothing(t *testing.T) {
	obj := converged()
	e := startTestEnv(t, readyCluster("m1", metav1.ConditionTrue), obj, heldCopy(t, obj))
	if err := e.c.reconcile(t.Context(), "FederatedConfigMap.federation.k8s.io/shop/cfg"); err != nil {
		t.Fatal(err)
	}
	if w := e.memberWrites("m1"); len(w) != 0 {
		t.Errorf("member writes for a converged object: %v", w)
	}
	if w := e.fedWrites(); len(w) != 0 {
		t.Errorf("federation API writes for a converged object: %v", w)
	}
}

func TestReconcileRestoresADeletedMemberCopy(t *testing.T) {
	e := startTestEnv(t, readyCluster("m1", metav1.ConditionTrue), converged())
	if err := e.c.reconcile(t.Context(), "FederatedConfigMap.federation.k8s.io/shop/cfg"); err != nil {
		t.Fatal(err)
	}
	if w := e.memberWrites("m1"); len(w) != 1 || w[0] != "patch configmaps" {
		t.Errorf("member writes: %v, want one apply of the ConfigMap", w)
	}
	select {
	case ev := <-e.recorder.Events:
		if !bytes.Contains([]byte(ev), []byte(EventMemberRestored)) {
			t.Errorf("event %q, want %s", ev, EventMemberRestored)
		}
	default:
		t.Error("no event for the restored copy")
	}
	if w := e.fedWrites(); len(w) != 0 {
		t.Errorf("federation API writes: %v, want none (status already says Propagated)", w)
	}
}

// TestReconcileOfAStaleViewWritesNothing: the storage layer marks an object deleted and
// removes its member copies at once; a reconcile of the informer's older view, which finds
// the copy missing, must not put it back.
func TestReconcileOfAStaleViewWritesNothing(t *testing.T) {
	for name, change := range map[string]func(t *testing.T, e *testEnv){
		"deleted since": func(t *testing.T, e *testEnv) {
			live := e.storedFCM(t)
			now := metav1.Now()
			live.DeletionTimestamp = &now
			live.ResourceVersion = "2"
			if err := e.stored.Update(fedv1beta1.SchemeGroupVersion.WithResource("federatedconfigmaps"), live, "shop"); err != nil {
				t.Fatal(err)
			}
		},
		"gone since": func(t *testing.T, e *testEnv) {
			if err := e.stored.Delete(fedv1beta1.SchemeGroupVersion.WithResource("federatedconfigmaps"), "shop", "cfg"); err != nil {
				t.Fatal(err)
			}
		},
	} {
		t.Run(name, func(t *testing.T) {
			e := startTestEnv(t, readyCluster("m1", metav1.ConditionTrue), converged())
			change(t, e)
			if err := e.c.reconcile(t.Context(), "FederatedConfigMap.federation.k8s.io/shop/cfg"); err != nil {
				t.Fatal(err)
			}
			if got := e.members["m1"].Get(t, configMaps, "shop", "cfg"); got != nil {
				t.Errorf("member holds %s again, recreated from a stale view of the federated object", got.GetName())
			}
		})
	}
}

func TestReconcileSkipsAClusterThatIsNotReady(t *testing.T) {
	obj := converged()
	e := startTestEnv(t, readyCluster("m1", metav1.ConditionFalse), obj)
	if err := e.c.reconcile(t.Context(), "FederatedConfigMap.federation.k8s.io/shop/cfg"); err != nil {
		t.Fatal(err)
	}
	if w := e.memberWrites("m1"); len(w) != 0 {
		t.Errorf("member writes to a cluster that is not Ready: %v", w)
	}
	if w := e.fedWrites(); len(w) != 1 || w[0] != "PUT /apis/federation.k8s.io/v1beta1/namespaces/shop/federatedconfigmaps/cfg/status" {
		t.Errorf("federation API writes: %v, want one status update", w)
	}
}

func TestFinishDeletionRemovesMemberCopiesThenTheFinalizer(t *testing.T) {
	for name, tc := range map[string]struct {
		orphan     bool
		ready      metav1.ConditionStatus
		wantCopy   bool // the member still holds a copy
		wantMarked bool // ... labelled as federation's
		wantHeld   bool // our finalizer still holds the federated object
	}{
		"cascading":                   {ready: metav1.ConditionTrue},
		"orphaning":                   {orphan: true, ready: metav1.ConditionTrue, wantCopy: true},
		"member not ready":            {ready: metav1.ConditionFalse, wantCopy: true, wantMarked: true, wantHeld: true},
		"orphaning, member not ready": {orphan: true, ready: metav1.ConditionFalse, wantCopy: true, wantMarked: true, wantHeld: true},
	} {
		t.Run(name, func(t *testing.T) {
			obj := converged()
			now := metav1.Now()
			obj.DeletionTimestamp = &now
			if tc.orphan {
				obj.Annotations = map[string]string{propagation.OrphanAnnotation: "true"}
			}
			e := startTestEnv(t, readyCluster("m1", tc.ready), obj, heldCopy(t, obj))
			err := e.c.reconcile(t.Context(), "FederatedConfigMap.federation.k8s.io/shop/cfg")
			if err != nil && !tc.wantHeld {
				t.Fatal(err)
			}
			copy := e.members["m1"].Get(t, configMaps, "shop", "cfg")
			switch {
			case copy == nil:
				if tc.wantCopy {
					t.Errorf("member copy deleted, want it kept")
				}
			case !tc.wantCopy:
				t.Errorf("member copy kept, want it deleted")
			default:
				labels := copy.GetLabels()
				if marked := labels[propagation.ManagedLabel] == "true"; marked != tc.wantMarked {
					t.Errorf("member copy labelled %s: %v, want %v", propagation.ManagedLabel, marked, tc.wantMarked)
				}
			}
			held := slices.Contains(e.storedFCM(t).Finalizers, propagation.Finalizer)
			if held != tc.wantHeld {
				t.Errorf("stored object holds %s: %v, want %v", propagation.Finalizer, held, tc.wantHeld)
			}
		})
	}
}

// A member's event for an object whose spec the storage layer is still writing through must
// wait out the grace like the object's own events, or the controller writes it too.
func TestMemberEventRespectsWriteThroughGrace(t *testing.T) {
	obj := converged()
	obj.Generation = 2 // status reports generation 1: a write-through is in flight
	e := startTestEnvWithOptions(t, Options{Workers: 1, WriteThroughGrace: time.Hour}, readyCluster("m1", metav1.ConditionTrue), obj)
	e.c.enqueueKey("FederatedConfigMap.federation.k8s.io/shop/cfg")
	if n := e.c.queue.Len(); n != 0 {
		t.Errorf("queue holds %d keys right after a member event during a write-through, want 0 until the grace ends", n)
	}
	written := obj.DeepCopy()
	written.Status.ObservedGeneration = 2
	if err := e.c.kinds["FederatedConfigMap"].informer.GetStore().Update(written); err != nil {
		t.Fatal(err)
	}
	e.c.enqueueKey("FederatedConfigMap.federation.k8s.io/shop/cfg")
	if n := e.c.queue.Len(); n != 1 {
		t.Errorf("queue holds %d keys after a member event for a written-through object, want 1", n)
	}
}
