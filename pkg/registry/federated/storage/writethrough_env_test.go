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
	"fmt"
	"slices"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/registry/generic"
	etcd3testing "k8s.io/apiserver/pkg/storage/etcd3/testing"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/tools/cache"

	"k8s.io/federation/pkg/apis/federation"
	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/apiserver"
	fedlisters "k8s.io/federation/pkg/generated/listers/federation/v1beta1"
	"k8s.io/federation/pkg/kinds"
	"k8s.io/federation/pkg/propagation"
	"k8s.io/federation/pkg/propagation/membertest"
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
	members map[string]*membertest.Member
}

type wtOptions struct {
	// preflight turns on WriteThrough.Preflight.
	preflight bool
	// resource is the federated kind served; federatedconfigmaps when empty.
	resource string
	// unschedulable names the Clusters whose status says Schedulable=False (failed over).
	unschedulable []string
}

// memberTimeout bounds each member write; a member that hangs fails after it.
const memberTimeout = time.Second

// newWTEnv returns an env with the members east and west (both registered Clusters, both
// holding the namespace wtNamespace); etcd is torn down with t.
func newWTEnv(t *testing.T, opts wtOptions) *wtEnv {
	t.Helper()
	resource := opts.resource
	if resource == "" {
		resource = "federatedconfigmaps"
	}
	i := slices.IndexFunc(kinds.All(), func(k *kinds.Kind) bool { return k.Plural == resource })
	kind := kinds.All()[i]
	scheme, codecs := apiserver.NewScheme()
	_, config := etcd3testing.NewUnsecuredEtcd3TestClientServer(t)
	config.Codec = codecs.LegacyCodec(fedv1beta1.SchemeGroupVersion)
	restOpts := generic.RESTOptions{
		StorageConfig:           config.ForResource(federation.Resource(kind.Plural)),
		Decorator:               generic.UndecoratedStorage,
		DeleteCollectionWorkers: 1,
		ResourcePrefix:          kind.Plural,
	}
	env := &wtEnv{ctx: genericapirequest.WithNamespace(t.Context(), wtNamespace), members: map[string]*membertest.Member{}}
	clusters := cache.NewIndexer(cache.MetaNamespaceKeyFunc, cache.Indexers{})
	clients := memberClients{}
	for _, name := range []string{"east", "west"} {
		m := membertest.New()
		m.Put(t, membertest.Namespace(wtNamespace))
		env.members[name] = m
		clients[name] = m.Client()
		cl := &fedv1beta1.Cluster{ObjectMeta: metav1.ObjectMeta{Name: name}}
		if slices.Contains(opts.unschedulable, name) {
			cl.Status.Conditions = []metav1.Condition{{Type: fedv1beta1.ClusterSchedulable, Status: metav1.ConditionFalse, Reason: "NotReadyPastGrace"}}
		}
		if err := clusters.Add(cl); err != nil {
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

// Discovery implements propagation.ClientSource; these members serve no discovery.
func (c memberClients) Discovery(cluster string) (discovery.DiscoveryInterface, error) {
	return nil, fmt.Errorf("cluster %s serves no discovery in unit tests", cluster)
}

func (c memberClients) Dynamic(cluster string) (dynamic.Interface, error) {
	if client, ok := c[cluster]; ok {
		return client, nil
	}
	return nil, apierrors.NewNotFound(fedv1beta1.Resource("clusters"), cluster)
}
