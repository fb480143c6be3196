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
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/metadata"
	"k8s.io/client-go/rest"
	"k8s.io/utils/ptr"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/generated/clientset/versioned"
	"k8s.io/federation/pkg/generated/clientset/versioned/scheme"
	"k8s.io/federation/pkg/kinds"
	"k8s.io/federation/test/integration/framework"
)

// orphanAnnotation on a federated object keeps its member copies when it is deleted.
const orphanAnnotation = "federation.k8s.io/orphan"

// TestNamespaceDeletion checks that the host's own controllers handle federated objects as
// they handle built-in ones: the namespace controller empties and removes a namespace that
// holds them, the garbage collector deletes those whose owner is gone, and clients set up
// for protobuf, as every Kubernetes component is, read them. The host runs the real
// kube-controller-manager; federation runs as users run it, fcp apiserver plus fcp
// controller-manager. The scenarios share the environment and use their own namespaces.
func TestNamespaceDeletion(t *testing.T) {
	e := startHostControllersEnv(t)
	kinds := servedKinds(t, e)
	t.Run("protobuf-clients", func(t *testing.T) { testProtobufClients(t, e, kinds) })
	t.Run("delete-namespace", func(t *testing.T) { testDeleteNamespace(t, e, kinds) })
	t.Run("garbage-collector", func(t *testing.T) { testGarbageCollector(t, e) })
}

// startHostControllersEnv is startControllersEnv with kube-controller-manager on the host.
func startHostControllersEnv(t *testing.T) *ctlEnv {
	t.Helper()
	cps := framework.StartControlPlanes(t, framework.Options{Name: "host", ControllerManager: true},
		framework.Options{Name: "member-1"}, framework.Options{Name: "member-2"})
	host, member1, member2 := cps[0], cps[1], cps[2]
	ctx := framework.TestContext(t)
	fcp, err := host.StartFCP(ctx, framework.FCPOptions{Binary: fcpBinary})
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
	cm, err := host.StartControllerManager(ctx, framework.ControllerManagerOptions{Binary: fcpBinary})
	if err != nil {
		t.Fatal(err)
	}
	wt := &wtEnv{fedEnv: &fedEnv{host: host, fcp: fcp, fed: fed}, member1: member1, member2: member2}
	return &ctlEnv{wtEnv: wt, cm: cm}
}

// fedKind is a namespaced federated kind as the host's discovery serves it, with its member
// type as kubectl names it (resource.group).
type fedKind struct{ kind, resource, memberResource string }

// servedKinds returns every namespaced federated kind (pkg/kinds), failing t unless the
// host's discovery serves each one under its plural.
func servedKinds(t *testing.T, e *ctlEnv) []fedKind {
	t.Helper()
	list, err := e.host.Client().Discovery().ServerResourcesForGroupVersion(fedv1beta1.SchemeGroupVersion.String())
	if err != nil {
		t.Fatal(err)
	}
	var out []fedKind
	for _, k := range kinds.All() {
		i := slices.IndexFunc(list.APIResources, func(r metav1.APIResource) bool {
			return r.Kind == k.Kind && !strings.Contains(r.Name, "/")
		})
		switch {
		case i < 0:
			t.Fatalf("the host's discovery does not serve %s", k.Kind)
		case list.APIResources[i].Name != k.Plural:
			t.Fatalf("the host's discovery serves %s as %s, want %s", k.Kind, list.APIResources[i].Name, k.Plural)
		case list.APIResources[i].Namespaced:
			out = append(out, fedKind{kind: k.Kind, resource: k.Plural,
				memberResource: strings.TrimSuffix(k.Member.Resource+"."+k.Member.Group, ".")})
		}
	}
	return out
}

// sample returns an object of kind k named name in ns, placed on both members, with a
// template the members accept (sampleFederated).
func sample(t *testing.T, k fedKind, ns, name string) fedv1beta1.FederatedObject {
	return sampleFederated(t, k.kind, ns, name)
}

// applyEveryKind creates an object named app of each of kinds, plus extra, in ns with one
// `kubectl apply`, and waits until each is Propagated.
func (e *ctlEnv) applyEveryKind(t *testing.T, ns string, kinds []fedKind, extra ...*fedv1beta1.FederatedConfigMap) {
	t.Helper()
	var objs []any
	var resources []string
	for _, k := range kinds {
		objs = append(objs, sample(t, k, ns, "app"))
		resources = append(resources, k.resource+"/app")
	}
	for _, o := range extra {
		objs = append(objs, o)
		resources = append(resources, "federatedconfigmaps/"+o.Name)
	}
	list := map[string]any{"apiVersion": "v1", "kind": "List", "items": objs}
	e.mustApply(t, ns, list, applyOptions{})
	args := append([]string{"wait", "--for=condition=Propagated", "-n", ns, "--timeout=60s"}, resources...)
	if _, stderr, err := e.kubectl(t, args...); err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
}

// testDeleteNamespace deletes a namespace holding one object of every kind, one of them
// annotated to orphan its member copies, as a user does: with kubectl.
func testDeleteNamespace(t *testing.T, e *ctlEnv, kinds []fedKind) {
	ns := e.newNamespace(t, "shop")
	kept := newFCM(ns, "kept", map[string]string{"keep": "me"})
	kept.Annotations = map[string]string{orphanAnnotation: "true"}
	e.applyEveryKind(t, ns, kinds, kept)
	for _, m := range e.members() {
		for _, k := range kinds {
			var o metav1.PartialObjectMetadata
			if !getJSON(t, m, ns, k.memberResource, "app", &o) || o.Labels[managedLabel] != "true" {
				t.Fatalf("%s: %s %s/app is %+v, want it written by federation", m.Name(), k.memberResource, ns, o.ObjectMeta)
			}
		}
	}

	if _, stderr, err := e.kubectl(t, "delete", "namespace", ns, "--timeout=60s"); err != nil {
		// The conditions say what the namespace controller could not delete.
		conditions, _, _ := e.kubectl(t, "get", "namespace", ns, "-o", "jsonpath={.status.conditions}")
		t.Fatalf("kubectl delete namespace %s: %v\n%s\nnamespace conditions: %s", ns, err, stderr, conditions)
	}
	e.wantNotFound(t, "", "namespace", ns)
	for _, m := range e.members() {
		for _, k := range kinds {
			wantMemberNotFound(t, m, ns, k.memberResource, "app")
		}
		cm := memberConfigMap(t, m, ns, "kept")
		switch {
		case cm == nil:
			t.Errorf("%s: the orphaned ConfigMap %s/kept is gone, want it kept", m.Name(), ns)
		case cm.Labels[managedLabel] != "" || cm.Data["keep"] != "me":
			t.Errorf("%s: orphaned ConfigMap %s/kept has labels %v and data %v, want no %s label and its data",
				m.Name(), ns, cm.Labels, cm.Data, managedLabel)
		}
	}
}

// protobufConfig configures a client for the host as Kubernetes' own components do.
func (e *ctlEnv) protobufConfig() *rest.Config {
	cfg := e.host.RESTConfig()
	cfg.ContentType = runtime.ContentTypeProtobuf
	cfg.AcceptContentTypes = runtime.ContentTypeProtobuf + "," + runtime.ContentTypeJSON
	return cfg
}

// testProtobufClients lists, gets and watches every federated resource and clusters through
// the host's aggregator with clients configured for protobuf; fcp answers in JSON.
func testProtobufClients(t *testing.T, e *ctlEnv, kinds []fedKind) {
	ns := e.newNamespace(t, "proto")
	e.applyEveryKind(t, ns, kinds)
	cfg := e.protobufConfig()
	fed, err := versioned.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	mc, err := metadata.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	targets := []readTarget{{resource: "clusters", name: "member-1"}}
	for _, k := range kinds {
		targets = append(targets, readTarget{resource: k.resource, ns: ns, name: "app"})
	}
	for _, tg := range targets {
		t.Run(tg.resource, func(t *testing.T) { checkProtobufReads(t, fed, mc, tg) })
	}
	t.Run("typed clientset and discovery", func(t *testing.T) { testProtobufTyped(t, e, fed, ns) })
	t.Run("protobuf only is not acceptable", func(t *testing.T) { testProtobufOnly(t, fed, ns) })
}

// readTarget is an object to read: name in ns ("" for cluster-scoped) of resource.
type readTarget struct{ resource, ns, name string }

// checkProtobufReads lists, gets and watches tg's resource with fed's REST client and lists
// it with mc, both configured for protobuf.
func checkProtobufReads(t *testing.T, fed versioned.Interface, mc metadata.Interface, tg readTarget) {
	ctx := t.Context()
	request := func() *rest.Request {
		return fed.FederationV1beta1().RESTClient().Get().NamespaceIfScoped(tg.ns, tg.ns != "").Resource(tg.resource)
	}
	var contentType string
	list, err := request().Do(ctx).ContentType(&contentType).Get()
	if err != nil {
		t.Fatalf("list: %v", err)
	}
	if contentType != runtime.ContentTypeJSON {
		t.Errorf("list answered in %q, want %s", contentType, runtime.ContentTypeJSON)
	}
	if names := itemNames(t, list); !slices.Contains(names, tg.name) {
		t.Errorf("list names %v, want %s among them", names, tg.name)
	}
	obj, err := request().Name(tg.name).Do(ctx).Get()
	if err != nil {
		t.Fatalf("get: %v", err)
	}
	if o, err := meta.Accessor(obj); err != nil || o.GetName() != tg.name {
		t.Errorf("get returned %T %v, want %s", obj, err, tg.name)
	}
	wctx, cancel := context.WithTimeout(ctx, waitTimeout)
	defer cancel()
	w, err := request().VersionedParams(&metav1.ListOptions{Watch: true}, scheme.ParameterCodec).Watch(wctx)
	if err != nil {
		t.Fatalf("watch: %v", err)
	}
	wantAdded(t, w, tg.name)
	var partial *metav1.PartialObjectMetadataList
	gvr := fedv1beta1.SchemeGroupVersion.WithResource(tg.resource)
	if tg.ns == "" {
		partial, err = mc.Resource(gvr).List(ctx, metav1.ListOptions{})
	} else {
		partial, err = mc.Resource(gvr).Namespace(tg.ns).List(ctx, metav1.ListOptions{})
	}
	if err != nil {
		t.Fatalf("metadata list: %v", err)
	}
	if names := itemNames(t, partial); !slices.Contains(names, tg.name) {
		t.Errorf("metadata list names %v, want %s among them", names, tg.name)
	}
}

// testProtobufTyped uses the generated clientset and a discovery client, both set up for
// protobuf, as informers and controllers do.
func testProtobufTyped(t *testing.T, e *ctlEnv, fed versioned.Interface, ns string) {
	ctx := t.Context()
	fcms, err := fed.FederationV1beta1().FederatedConfigMaps(ns).List(ctx, metav1.ListOptions{})
	if err != nil || len(fcms.Items) != 1 || fcms.Items[0].Spec.Template.Data["k"] != "v" {
		t.Errorf("typed list: %v, %+v; want FederatedConfigMap app with its data", err, fcms)
	}
	wctx, cancel := context.WithTimeout(ctx, waitTimeout)
	defer cancel()
	w, err := fed.FederationV1beta1().FederatedConfigMaps(ns).Watch(wctx, metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	wantAdded(t, w, "app")
	dc, err := discovery.NewDiscoveryClientForConfig(e.protobufConfig())
	if err != nil {
		t.Fatal(err)
	}
	list, err := dc.ServerResourcesForGroupVersion(fedv1beta1.SchemeGroupVersion.String())
	if err != nil || len(list.APIResources) == 0 {
		t.Errorf("discovery: %v, %+v", err, list)
	}
	if out := e.mustKubectl(t, "explain", "federatedconfigmap.spec.placement"); !strings.Contains(out, "clusters") {
		t.Errorf("kubectl explain federatedconfigmap.spec.placement:\n%s", out)
	}
}

// testProtobufOnly asks for protobuf alone, which fcp cannot send for its types: 406
// NotAcceptable with a Status naming what it can send (go-restful's check answers before the
// handler, with the Status in protobuf, which the client can read), never a 500.
func testProtobufOnly(t *testing.T, fed versioned.Interface, ns string) {
	var code int
	err := fed.FederationV1beta1().RESTClient().Get().
		AbsPath("/apis/federation.k8s.io/v1beta1/namespaces/"+ns+"/federatedconfigmaps").
		SetHeader("Accept", runtime.ContentTypeProtobuf).
		Do(t.Context()).StatusCode(&code).Error()
	var status apierrors.APIStatus
	if code != http.StatusNotAcceptable || !errors.As(err, &status) {
		t.Fatalf("HTTP %d, %v; want 406 with a Status", code, err)
	}
	if st := status.Status(); st.Reason != metav1.StatusReasonNotAcceptable || !strings.Contains(st.Message, runtime.ContentTypeJSON) {
		t.Errorf("Status %+v: want reason NotAcceptable and a message naming %s", st, runtime.ContentTypeJSON)
	}
}

// wantAdded reads w, a watch started with a context that ends after waitTimeout, until an
// ADDED event for name, failing t on an error event or the end of the watch; it stops w.
func wantAdded(t *testing.T, w watch.Interface, name string) {
	t.Helper()
	defer w.Stop()
	for ev := range w.ResultChan() {
		if ev.Type == watch.Error {
			t.Fatalf("watch error: %v", apierrors.FromObject(ev.Object))
		}
		if o, err := meta.Accessor(ev.Object); err == nil && ev.Type == watch.Added && o.GetName() == name {
			return
		}
	}
	t.Fatalf("the watch ended (or %v passed) before an ADDED event for %s", waitTimeout, name)
}

// itemNames returns the names of a list's items.
func itemNames(t *testing.T, list runtime.Object) []string {
	t.Helper()
	items, err := meta.ExtractList(list)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, item := range items {
		o, err := meta.Accessor(item)
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, o.GetName())
	}
	return names
}

// testGarbageCollector deletes the host ConfigMap that owns a FederatedConfigMap, with each
// cascade kubectl offers; the garbage collector deletes the FederatedConfigMap, and its
// member copies go with it.
func testGarbageCollector(t *testing.T, e *ctlEnv) {
	ns := e.newNamespace(t, "gc")
	for _, tc := range []struct {
		cascade string
		block   bool
	}{{cascade: "background"}, {cascade: "foreground", block: true}} {
		t.Run(tc.cascade, func(t *testing.T) {
			ctx := t.Context()
			name := "owned-" + tc.cascade
			owner := e.mustKubectl(t, "create", "configmap", name+"-owner", "-n", ns, "-o", "jsonpath={.metadata.uid}")
			fcm := newFCM(ns, name, map[string]string{"k": "v"})
			fcm.OwnerReferences = []metav1.OwnerReference{{APIVersion: "v1", Kind: "ConfigMap", Name: name + "-owner",
				UID: types.UID(owner), BlockOwnerDeletion: ptr.To(tc.block)}}
			e.mustApply(t, ns, fcm, applyOptions{})
			e.wantPropagated(t, ns, name)
			for _, m := range e.members() {
				wantMemberData(t, m, ns, name, fcm.Spec.Template.Data)
			}

			e.mustKubectl(t, "delete", "configmap", name+"-owner", "-n", ns, "--cascade="+tc.cascade, "--timeout=60s")
			gone := func(ctx context.Context) error {
				got, err := e.fed.FederationV1beta1().FederatedConfigMaps(ns).Get(ctx, name, metav1.GetOptions{})
				if apierrors.IsNotFound(err) {
					return nil
				}
				if err == nil {
					return fmt.Errorf("still there: deletionTimestamp %v, finalizers %v", got.DeletionTimestamp, got.Finalizers)
				}
				return err
			}
			if tc.cascade == "foreground" {
				// kubectl waited for the owner, which goes only after its blocking dependents.
				// The garbage collector knows federatedconfigmaps by now: background ran first.
				if err := gone(ctx); err != nil {
					t.Errorf("FederatedConfigMap after the owner's foreground deletion: %v", err)
				}
			} else {
				eventually(t, "the garbage collector deletes FederatedConfigMap "+name, gone)
			}
			for _, m := range e.members() {
				wantMemberNotFound(t, m, ns, "configmap", name)
			}
		})
	}
}
