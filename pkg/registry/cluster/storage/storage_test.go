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
	"testing"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistrytest "k8s.io/apiserver/pkg/registry/generic/testing"
	"k8s.io/apiserver/pkg/registry/rest"
	etcd3testing "k8s.io/apiserver/pkg/storage/etcd3/testing"

	"k8s.io/federation/pkg/apis/federation"
	"k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/apiserver"
	"k8s.io/federation/pkg/registry/cluster/storage"
	"k8s.io/federation/pkg/registry/statusrest"
)

// newStorage returns Cluster storage backed by a fresh etcd; both are torn down with t.
func newStorage(t *testing.T) (*storage.REST, *statusrest.REST) {
	t.Helper()
	scheme, codecs := apiserver.NewScheme()
	_, config := etcd3testing.NewUnsecuredEtcd3TestClientServer(t)
	config.Codec = codecs.LegacyCodec(v1beta1.SchemeGroupVersion)
	opts := generic.RESTOptions{
		StorageConfig:           config.ForResource(federation.Resource("clusters")),
		Decorator:               generic.UndecoratedStorage,
		DeleteCollectionWorkers: 1,
		ResourcePrefix:          "clusters",
	}
	clusters, status, err := storage.NewREST(scheme, opts)
	if err != nil {
		t.Fatalf("NewREST: %v", err)
	}
	t.Cleanup(clusters.DestroyFunc)
	return clusters, status
}

func validCluster() *federation.Cluster {
	return &federation.Cluster{
		ObjectMeta: metav1.ObjectMeta{Name: "foo", Labels: map[string]string{"env": "prod"}},
		Spec:       federation.ClusterSpec{Server: "https://foo.example.com:6443", Region: "eu-west-1"},
	}
}

func TestCreate(t *testing.T) {
	clusters, _ := newStorage(t)
	test := genericregistrytest.New(t, clusters.Store).ClusterScope()
	noServer := validCluster()
	noServer.Spec.Server = ""
	test.TestCreate(validCluster(), noServer)
}

func TestUpdate(t *testing.T) {
	clusters, _ := newStorage(t)
	test := genericregistrytest.New(t, clusters.Store).ClusterScope()
	test.TestUpdate(
		validCluster(),
		func(obj runtime.Object) runtime.Object {
			c := obj.(*federation.Cluster)
			c.Spec.Zones = []string{"eu-west-1a"}
			return c
		},
		func(obj runtime.Object) runtime.Object {
			c := obj.(*federation.Cluster)
			c.Spec.Server = "http://plaintext.example.com"
			return c
		},
		func(obj runtime.Object) runtime.Object {
			c := obj.(*federation.Cluster)
			c.Spec.Zones = []string{"eu-west-1a", "eu-west-1a"}
			return c
		},
	)
}

func TestDelete(t *testing.T) {
	clusters, _ := newStorage(t)
	genericregistrytest.New(t, clusters.Store).ClusterScope().TestDelete(validCluster())
}

func TestGet(t *testing.T) {
	clusters, _ := newStorage(t)
	genericregistrytest.New(t, clusters.Store).ClusterScope().TestGet(validCluster())
}

func TestList(t *testing.T) {
	clusters, _ := newStorage(t)
	genericregistrytest.New(t, clusters.Store).ClusterScope().TestList(validCluster())
}

func TestWatch(t *testing.T) {
	clusters, _ := newStorage(t)
	genericregistrytest.New(t, clusters.Store).ClusterScope().TestWatch(
		validCluster(),
		[]labels.Set{{"env": "prod"}},
		[]labels.Set{{"env": "staging"}, {"foo": "bar"}},
		[]fields.Set{{"metadata.name": "foo"}},
		[]fields.Set{{"metadata.name": "bar"}, {"name": "foo"}},
	)
}

func observedStatus() federation.ClusterStatus {
	return federation.ClusterStatus{
		Conditions: []metav1.Condition{{
			Type: federation.ClusterReady, Status: metav1.ConditionTrue,
			Reason: "ReadyzOK", LastTransitionTime: metav1.Unix(1700000000, 0),
		}},
		KubernetesVersion: "v1.37.2",
		Zones:             []string{"eu-west-1a"},
		Allocatable:       corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("8")},
	}
}

func TestStatusSubresource(t *testing.T) {
	clusters, status := newStorage(t)
	ctx := genericregistrytest.NewClusterScopeContext(clusters.Store)
	obj, err := clusters.Create(ctx, validCluster(), rest.ValidateAllObjectFunc, &metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	created := obj.(*federation.Cluster)

	// A status write that also tries to change spec and labels changes only status.
	toWrite := created.DeepCopy()
	toWrite.Status = observedStatus()
	toWrite.Spec.Region = "us-east-1"
	toWrite.Labels = map[string]string{"env": "staging"}
	if _, _, err := status.Update(ctx, toWrite.Name, rest.DefaultUpdatedObjectInfo(toWrite),
		rest.ValidateAllObjectFunc, rest.ValidateAllObjectUpdateFunc, false, &metav1.UpdateOptions{}); err != nil {
		t.Fatalf("Status update: %v", err)
	}
	afterStatus := get(ctx, t, clusters, created.Name)
	want := created.DeepCopy()
	want.Status = observedStatus()
	want.ResourceVersion = afterStatus.ResourceVersion
	if d := cmp.Diff(want, afterStatus); d != "" {
		t.Errorf("Cluster after status update (-want +got):\n%s", d)
	}

	// A main-resource write that also tries to clear status changes only spec, and moves generation.
	toWrite = afterStatus.DeepCopy()
	toWrite.Status = federation.ClusterStatus{}
	toWrite.Spec.Region = "us-east-1"
	if _, _, err := clusters.Update(ctx, toWrite.Name, rest.DefaultUpdatedObjectInfo(toWrite),
		rest.ValidateAllObjectFunc, rest.ValidateAllObjectUpdateFunc, false, &metav1.UpdateOptions{}); err != nil {
		t.Fatalf("Update: %v", err)
	}
	afterUpdate := get(ctx, t, clusters, created.Name)
	want = afterStatus.DeepCopy()
	want.Spec.Region = "us-east-1"
	want.Generation = 2
	want.ResourceVersion = afterUpdate.ResourceVersion
	if d := cmp.Diff(want, afterUpdate); d != "" {
		t.Errorf("Cluster after main update (-want +got):\n%s", d)
	}
}

func TestStatusUpdateNeverCreates(t *testing.T) {
	clusters, status := newStorage(t)
	missing := validCluster()
	missing.Status = observedStatus()
	_, created, err := status.Update(genericregistrytest.NewClusterScopeContext(clusters.Store), missing.Name, rest.DefaultUpdatedObjectInfo(missing),
		rest.ValidateAllObjectFunc, rest.ValidateAllObjectUpdateFunc, true, &metav1.UpdateOptions{})
	if !apierrors.IsNotFound(err) || created {
		t.Errorf("Status update of a missing Cluster with forceAllowCreate: created=%v, err=%v; want NotFound", created, err)
	}
}

func get(ctx context.Context, t *testing.T, clusters *storage.REST, name string) *federation.Cluster {
	t.Helper()
	obj, err := clusters.Get(ctx, name, &metav1.GetOptions{})
	if err != nil {
		t.Fatalf("Get %s: %v", name, err)
	}
	return obj.(*federation.Cluster)
}
