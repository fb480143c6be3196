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

package storage_test

import (
	"context"
	"errors"
	"net/url"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	utiljson "k8s.io/apimachinery/pkg/util/json"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/registry/generic"
	etcd3testing "k8s.io/apiserver/pkg/storage/etcd3/testing"
	"k8s.io/client-go/dynamic"
	dynamicfake "k8s.io/client-go/dynamic/fake"
	clienttesting "k8s.io/client-go/testing"
	"k8s.io/client-go/tools/cache"

	"k8s.io/federation/pkg/apis/federation"
	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/apiserver"
	fedlisters "k8s.io/federation/pkg/generated/listers/federation/v1beta1"
	"k8s.io/federation/pkg/propagation"
	"k8s.io/federation/pkg/registry/federated"
	"k8s.io/federation/pkg/registry/federated/storage"
)

var (
	configMaps = corev1.SchemeGroupVersion.WithResource("configmaps")
	namespaces = corev1.SchemeGroupVersion.WithResource("namespaces")
)

// wtNamespace is the namespace of the federated objects, and so of their member copies.
const wtNamespace = "shop"

// wtEnv is a REST of FederatedConfigMaps over a real etcd, writing through a real engine to
// fake member clusters.
type wtEnv struct {
	rest    *storage.REST
	ctx     context.Context
	members map[string]*member
}

type wtOptions struct {
	// preflight turns on WriteThrough.Preflight.
	preflight bool
}

// memberTimeout bounds each member write; a member that hangs fails after it.
const memberTimeout = time.Second

// newWTEnv returns an env with the members east and west (both registered Clusters, both
// holding the namespace wtNamespace); etcd is torn down with t.
func newWTEnv(t *testing.T, opts wtOptions) *wtEnv {
	t.Helper()
	i := slices.IndexFunc(federated.Kinds(), func(k federated.Kind) bool { return k.Resource == "federatedconfigmaps" })
	kind := federated.Kinds()[i]
	scheme, codecs := apiserver.NewScheme()
	_, config := etcd3testing.NewUnsecuredEtcd3TestClientServer(t)
	config.Codec = codecs.LegacyCodec(fedv1beta1.SchemeGroupVersion)
	restOpts := generic.RESTOptions{
		StorageConfig:           config.ForResource(federation.Resource(kind.Resource)),
		Decorator:               generic.UndecoratedStorage,
		DeleteCollectionWorkers: 1,
		ResourcePrefix:          kind.Resource,
	}
	env := &wtEnv{ctx: genericapirequest.WithNamespace(t.Context(), wtNamespace), members: map[string]*member{}}
	clusters := cache.NewIndexer(cache.MetaNamespaceKeyFunc, cache.Indexers{})
	clients := memberClients{}
	for _, name := range []string{"east", "west"} {
		m := newMember(namespace(wtNamespace))
		env.members[name] = m
		clients[name] = gatedClient{m}
		if err := clusters.Add(&fedv1beta1.Cluster{ObjectMeta: metav1.ObjectMeta{Name: name}}); err != nil {
			t.Fatal(err)
		}
	}
	engine := propagation.NewEngine(fedlisters.NewClusterLister(clusters), clients, memberTimeout, nil)
	rest, _, err := storage.NewREST(kind, scheme, restOpts, storage.WriteThrough{Engine: engine, Preflight: opts.preflight})
	if err != nil {
		t.Fatalf("NewREST: %v", err)
	}
	t.Cleanup(rest.DestroyFunc)
	env.rest = rest
	return env
}

// stored returns the federated object as the store holds it, or nil when it holds none.
func (e *wtEnv) stored(t *testing.T, name string) *federation.FederatedConfigMap {
	t.Helper()
	obj, err := e.rest.Get(e.ctx, name, &metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		return nil
	}
	if err != nil {
		t.Fatalf("Get %s: %v", name, err)
	}
	return obj.(*federation.FederatedConfigMap)
}

// fedConfigMap is a FederatedConfigMap named cfg placed on clusters.
func fedConfigMap(clusters ...string) *federation.FederatedConfigMap {
	obj := &federation.FederatedConfigMap{
		ObjectMeta: metav1.ObjectMeta{Name: "cfg", Namespace: wtNamespace},
		Spec: federation.FederatedConfigMapSpec{
			Template: federation.ConfigMapTemplate{Data: map[string]string{"greeting": "hello"}},
		},
	}
	for _, c := range clusters {
		obj.Spec.Placement.Clusters = append(obj.Spec.Placement.Clusters, federation.ClusterReference{Name: c})
	}
	return obj
}

// memberClients is the engine's ClientSource: a cluster it has no client for is not
// registered.
type memberClients map[string]dynamic.Interface

func (c memberClients) Dynamic(cluster string) (dynamic.Interface, error) {
	if client, ok := c[cluster]; ok {
		return client, nil
	}
	return nil, apierrors.NewNotFound(fedv1beta1.Resource("clusters"), cluster)
}

// member is a fake member cluster. Its dynamic fake answers as a kube-apiserver does, as far
// as the write-through needs: a server-side apply merges the applied configuration into the
// stored object (maps merged, anything else replaced) or creates it, a resourceVersion in
// the configuration is a precondition on an existing object, generation starts at 1 and
// moves when anything but metadata changes, content in a missing namespace is NotFound and
// in a terminating one Forbidden (NamespaceLifecycle), and a dry run stores nothing.
type member struct {
	client *dynamicfake.FakeDynamicClient
	mu     sync.Mutex
	rv     int
	hung   atomic.Bool
}

func newMember(objs ...runtime.Object) *member {
	m := &member{client: dynamicfake.NewSimpleDynamicClient(runtime.NewScheme(), objs...), rv: 100}
	m.client.PrependReactor("*", "*", m.dryRun)
	m.client.PrependReactor("patch", "*", m.apply)
	return m
}

// fail makes the member answer verb on resource with err until the returned func is called.
func (m *member) fail(verb, resource string, err error) (stop func()) {
	var recovered atomic.Bool
	m.client.PrependReactor(verb, resource, func(clienttesting.Action) (bool, runtime.Object, error) {
		return !recovered.Load(), nil, err
	})
	return func() { recovered.Store(true) }
}

// object returns the member's copy of a resource, or nil.
func (m *member) object(t *testing.T, gvr schema.GroupVersionResource, ns, name string) *unstructured.Unstructured {
	t.Helper()
	obj, err := m.client.Tracker().Get(gvr, ns, name)
	if apierrors.IsNotFound(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	return obj.(*unstructured.Unstructured)
}

func (m *member) apply(action clienttesting.Action) (bool, runtime.Object, error) {
	patch, ok := action.(clienttesting.PatchActionImpl)
	if !ok || patch.GetPatchType() != types.ApplyPatchType {
		return false, nil, nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	gvr, ns, name := patch.GetResource(), patch.GetNamespace(), patch.GetName()
	if err := m.admit(gvr, ns, name); err != nil {
		return true, nil, err
	}
	applied := &unstructured.Unstructured{Object: map[string]any{}}
	if err := utiljson.Unmarshal(patch.GetPatch(), &applied.Object); err != nil {
		return true, nil, apierrors.NewBadRequest(err.Error())
	}
	var cur *unstructured.Unstructured
	switch obj, err := m.client.Tracker().Get(gvr, ns, name); {
	case err == nil:
		cur = obj.(*unstructured.Unstructured)
	case !apierrors.IsNotFound(err):
		return true, nil, err
	}
	if rv := applied.GetResourceVersion(); rv != "" && cur != nil && rv != cur.GetResourceVersion() {
		return true, nil, apierrors.NewConflict(gvr.GroupResource(), name, errors.New("the object has been modified"))
	}
	applied.SetResourceVersion("")
	next := &unstructured.Unstructured{Object: map[string]any{}}
	if cur != nil {
		next = cur.DeepCopy()
	}
	merge(next.Object, applied.Object)
	switch {
	case cur == nil:
		next.SetGeneration(1)
	case !equality.Semantic.DeepEqual(withoutMetadata(cur), withoutMetadata(next)):
		next.SetGeneration(cur.GetGeneration() + 1)
	}
	if slices.Contains(patch.PatchOptions.DryRun, metav1.DryRunAll) {
		return true, next, nil
	}
	m.rv++
	next.SetResourceVersion(strconv.Itoa(m.rv))
	if cur == nil {
		return true, next, m.client.Tracker().Create(gvr, next, ns)
	}
	return true, next, m.client.Tracker().Update(gvr, next, ns)
}

// admit refuses content in a namespace the member lacks or is deleting.
func (m *member) admit(gvr schema.GroupVersionResource, ns, name string) error {
	if ns == "" {
		return nil
	}
	obj, err := m.client.Tracker().Get(namespaces, "", ns)
	if err != nil {
		return err
	}
	if obj.(*unstructured.Unstructured).GetDeletionTimestamp() != nil {
		return namespaceTerminating(gvr.GroupResource(), ns, name)
	}
	return nil
}

// dryRun answers the other writes made with dryRun=All from what the member holds, and
// stores nothing.
func (m *member) dryRun(action clienttesting.Action) (bool, runtime.Object, error) {
	tracker := m.client.Tracker()
	switch a := action.(type) {
	case clienttesting.CreateActionImpl:
		if !slices.Contains(a.CreateOptions.DryRun, metav1.DryRunAll) {
			return false, nil, nil
		}
		u := a.GetObject().(*unstructured.Unstructured)
		if _, err := tracker.Get(a.GetResource(), a.GetNamespace(), u.GetName()); err == nil {
			return true, nil, apierrors.NewAlreadyExists(a.GetResource().GroupResource(), u.GetName())
		}
		return true, u, nil
	case clienttesting.DeleteActionImpl:
		if !slices.Contains(a.DeleteOptions.DryRun, metav1.DryRunAll) {
			return false, nil, nil
		}
		obj, err := tracker.Get(a.GetResource(), a.GetNamespace(), a.GetName())
		return true, obj, err
	case clienttesting.PatchActionImpl:
		if a.GetPatchType() == types.ApplyPatchType || !slices.Contains(a.PatchOptions.DryRun, metav1.DryRunAll) {
			return false, nil, nil
		}
		obj, err := tracker.Get(a.GetResource(), a.GetNamespace(), a.GetName())
		return true, obj, err
	}
	return false, nil, nil
}

// namespaceTerminating is kube-apiserver's NamespaceLifecycle refusal of new content in a
// namespace being deleted.
func namespaceTerminating(gr schema.GroupResource, ns, name string) error {
	err := apierrors.NewForbidden(gr, name, errors.New("unable to create new content in namespace "+ns+" because it is being terminated"))
	err.ErrStatus.Details.Causes = append(err.ErrStatus.Details.Causes, metav1.StatusCause{
		Type: corev1.NamespaceTerminatingCause, Message: "namespace " + ns + " is being terminated", Field: "metadata.namespace",
	})
	return err
}

func namespace(name string) *unstructured.Unstructured {
	ns := &unstructured.Unstructured{}
	ns.SetAPIVersion("v1")
	ns.SetKind("Namespace")
	ns.SetName(name)
	return ns
}

func withoutMetadata(u *unstructured.Unstructured) map[string]any {
	out := u.DeepCopy().Object
	delete(out, "metadata")
	return out
}

// merge merges src into dst: maps key by key, anything else replaced.
func merge(dst, src map[string]any) {
	for k, v := range src {
		if sm, ok := v.(map[string]any); ok {
			if dm, ok := dst[k].(map[string]any); ok {
				merge(dm, sm)
				continue
			}
		}
		dst[k] = v
	}
}

// gated is a member's client that reaches its fake unless the member hangs: then each
// request waits for its context to end and fails as client-go's does then. A wrapper, not a
// reactor, because reactors do not see the request's context.
type gated struct {
	dynamic.ResourceInterface
	resource dynamic.NamespaceableResourceInterface
	m        *member
}

type gatedClient struct{ m *member }

func (c gatedClient) Resource(gvr schema.GroupVersionResource) dynamic.NamespaceableResourceInterface {
	r := c.m.client.Resource(gvr)
	return gated{ResourceInterface: r, resource: r, m: c.m}
}

func (g gated) Namespace(ns string) dynamic.ResourceInterface {
	return gated{ResourceInterface: g.resource.Namespace(ns), resource: g.resource, m: g.m}
}

func (g gated) Get(ctx context.Context, name string, opts metav1.GetOptions, sub ...string) (*unstructured.Unstructured, error) {
	if err := g.m.stall(ctx, "GET"); err != nil {
		return nil, err
	}
	return g.ResourceInterface.Get(ctx, name, opts, sub...)
}

func (g gated) Apply(ctx context.Context, name string, obj *unstructured.Unstructured, opts metav1.ApplyOptions, sub ...string) (*unstructured.Unstructured, error) {
	if err := g.m.stall(ctx, "PATCH"); err != nil {
		return nil, err
	}
	return g.ResourceInterface.Apply(ctx, name, obj, opts, sub...)
}

func (g gated) Patch(ctx context.Context, name string, pt types.PatchType, data []byte, opts metav1.PatchOptions, sub ...string) (*unstructured.Unstructured, error) {
	if err := g.m.stall(ctx, "PATCH"); err != nil {
		return nil, err
	}
	return g.ResourceInterface.Patch(ctx, name, pt, data, opts, sub...)
}

func (g gated) Create(ctx context.Context, obj *unstructured.Unstructured, opts metav1.CreateOptions, sub ...string) (*unstructured.Unstructured, error) {
	if err := g.m.stall(ctx, "POST"); err != nil {
		return nil, err
	}
	return g.ResourceInterface.Create(ctx, obj, opts, sub...)
}

func (g gated) Delete(ctx context.Context, name string, opts metav1.DeleteOptions, sub ...string) error {
	if err := g.m.stall(ctx, "DELETE"); err != nil {
		return err
	}
	return g.ResourceInterface.Delete(ctx, name, opts, sub...)
}

// hang makes the member stop answering from now on.
func (m *member) hang() { m.hung.Store(true) }

func (m *member) stall(ctx context.Context, verb string) error {
	if !m.hung.Load() {
		return nil
	}
	<-ctx.Done()
	return &url.Error{Op: verb, URL: "https://member.example/api", Err: ctx.Err()}
}
