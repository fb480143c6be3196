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
	"crypto/tls"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"
	"k8s.io/utils/ptr"

	"k8s.io/federation/test/integration/framework"
)

// waitTimeout bounds every wait for the cluster to converge.
const waitTimeout = 60 * time.Second

func createNamespace(ctx context.Context, t *testing.T, client kubernetes.Interface, name string) {
	t.Helper()
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name}}
	if _, err := client.CoreV1().Namespaces().Create(ctx, ns, metav1.CreateOptions{}); err != nil {
		t.Fatalf("creating namespace %s: %v", name, err)
	}
}

func TestControlPlanesAreIndependent(t *testing.T) {
	t.Parallel()
	cps := framework.StartControlPlanes(t,
		framework.Options{Name: "host"},
		framework.Options{Name: "member1"},
		framework.Options{Name: "member2"},
	)
	ctx := framework.TestContext(t)
	for _, cp := range cps {
		createNamespace(ctx, t, cp.Client(), "only-in-"+cp.Name())
	}
	for _, cp := range cps {
		t.Run(cp.Name(), func(t *testing.T) {
			for _, other := range cps {
				ns := "only-in-" + other.Name()
				_, err := cp.Client().CoreV1().Namespaces().Get(ctx, ns, metav1.GetOptions{})
				switch {
				case other == cp && err != nil:
					t.Errorf("own namespace %s: %v", ns, err)
				case other != cp && !apierrors.IsNotFound(err):
					t.Errorf("namespace %s of %s: got error %v, want NotFound", ns, other.Name(), err)
				}
			}
		})
	}
}

func TestKWOKDeploymentBecomesReady(t *testing.T) {
	t.Parallel()
	host := framework.StartHost(t, framework.Options{ControllerManager: true, Scheduler: true, KWOK: true})
	ctx := framework.TestContext(t)
	client := host.Client()
	const ns, name = "kwok-test", "web"
	createNamespace(ctx, t, client, ns)
	// Pods are rejected until the service-account controller has made the default account.
	if err := wait.PollUntilContextTimeout(ctx, 100*time.Millisecond, waitTimeout, true, func(ctx context.Context) (bool, error) {
		_, err := client.CoreV1().ServiceAccounts(ns).Get(ctx, "default", metav1.GetOptions{})
		return err == nil, nil
	}); err != nil {
		t.Fatalf("default service account never appeared: %v", err)
	}
	labels := map[string]string{"app": name}
	deploy := &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns},
		Spec: appsv1.DeploymentSpec{
			Replicas: ptr.To[int32](3),
			Selector: &metav1.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: labels},
				Spec: corev1.PodSpec{
					NodeSelector: map[string]string{framework.KWOKNodeLabel: framework.KWOKNodeLabelValue},
					Tolerations: []corev1.Toleration{{
						Key: framework.KWOKTaintKey, Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoSchedule,
					}},
					// kwok never pulls or runs images.
					Containers: []corev1.Container{{Name: "web", Image: "registry.k8s.io/pause:3.10"}},
				},
			},
		},
	}
	if _, err := client.AppsV1().Deployments(ns).Create(ctx, deploy, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	var ready int32
	if err := wait.PollUntilContextTimeout(ctx, 200*time.Millisecond, waitTimeout, true, func(ctx context.Context) (bool, error) {
		d, err := client.AppsV1().Deployments(ns).Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return false, err
		}
		ready = d.Status.ReadyReplicas
		return ready == 3, nil
	}); err != nil {
		t.Fatalf("readyReplicas = %d, want 3: %v", ready, err)
	}
	out, _, err := host.Kubectl(ctx, "get", "pods", "-n", ns, "-l", "app="+name,
		"-o", `jsonpath={range .items[*]}{.spec.nodeName} {.status.phase}{"\n"}{end}`)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Repeat(framework.KWOKNodeName(0)+" Running\n", 3)
	if d := cmp.Diff(want, out); d != "" {
		t.Errorf("pods (-want +got):\n%s", d)
	}
}

func TestAPIServerRestartKeepsData(t *testing.T) {
	t.Parallel()
	member := framework.StartMember(t, framework.Options{Name: "member1"})
	ctx := framework.TestContext(t)
	const ns, name = "restart", "survivor"
	createNamespace(ctx, t, member.Client(), ns)
	cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns}, Data: map[string]string{"key": "before-stop"}}
	if _, err := member.Client().CoreV1().ConfigMaps(ns).Create(ctx, cm, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}

	if err := member.StopAPIServer(ctx); err != nil {
		t.Fatal(err)
	}
	shortCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if _, err := member.Client().CoreV1().ConfigMaps(ns).Get(shortCtx, name, metav1.GetOptions{}); err == nil {
		t.Error("GET succeeded while kube-apiserver was stopped")
	}
	if _, _, err := member.Kubectl(shortCtx, "get", "namespaces", "--request-timeout=3s"); err == nil {
		t.Error("kubectl succeeded while kube-apiserver was stopped")
	}

	if err := member.StartAPIServer(ctx); err != nil {
		t.Fatal(err)
	}
	got, err := member.Client().CoreV1().ConfigMaps(ns).Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		t.Fatalf("after restart: %v", err)
	}
	if got.Data["key"] != "before-stop" {
		t.Errorf("after restart data = %v", got.Data)
	}
	out, _, err := member.Kubectl(ctx, "get", "configmap", name, "-n", ns, "-o", "jsonpath={.data.key}")
	if err != nil || out != "before-stop" {
		t.Errorf("kubectl after restart = %q, %v; want before-stop", out, err)
	}
}

// widgetsResources is what the fixture server advertises for its group version.
func widgetsResources(groupVersion string) *metav1.APIResourceList {
	return &metav1.APIResourceList{
		TypeMeta:     metav1.TypeMeta{Kind: "APIResourceList", APIVersion: "v1"},
		GroupVersion: groupVersion,
		APIResources: []metav1.APIResource{{
			Name: "widgets", SingularName: "widget", Namespaced: true, Kind: "Widget", Verbs: []string{"get", "list"},
		}},
	}
}

// discoveryFixture serves only the discovery document of groupVersion; the aggregator's
// availability check and `kubectl get --raw` need no more.
func discoveryFixture(t *testing.T, groupVersion string) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /apis/"+groupVersion, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if err := json.NewEncoder(w).Encode(widgetsResources(groupVersion)); err != nil {
			t.Errorf("writing discovery: %v", err)
		}
	})
	return mux
}

func TestAPIServiceBecomesAvailable(t *testing.T) {
	t.Parallel()
	host := framework.StartHost(t, framework.Options{})
	ctx := framework.TestContext(t)
	const group, version, ns, svc = "widgets.example.com", "v1alpha1", "widgets-system", "api"
	gv := group + "/" + version

	pair, err := host.IssueServingCert([]string{svc + "." + ns + ".svc", "localhost"}, []net.IP{net.ParseIP("127.0.0.1")})
	if err != nil {
		t.Fatal(err)
	}
	cert, err := pair.TLSCertificate()
	if err != nil {
		t.Fatal(err)
	}
	server := httptest.NewUnstartedServer(discoveryFixture(t, gv))
	server.TLS = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	server.StartTLS()
	t.Cleanup(server.Close)
	port := server.Listener.Addr().(*net.TCPAddr).Port

	name, err := host.RegisterAPIService(ctx, framework.APIServiceOptions{
		Group: group, Version: version, Namespace: ns, ServiceName: svc, Port: int32(port),
		GroupPriorityMinimum: 1000, VersionPriority: 15,
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := host.WaitForAPIServiceAvailable(ctx, name); err != nil {
		t.Fatal(err)
	}
	out, _, err := host.Kubectl(ctx, "get", "--raw", "/apis/"+gv)
	if err != nil {
		t.Fatal(err)
	}
	var got metav1.APIResourceList
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("decoding %q: %v", out, err)
	}
	if d := cmp.Diff(widgetsResources(gv), &got); d != "" {
		t.Errorf("discovery through the aggregator (-want +got):\n%s", d)
	}
}

func TestIssuedUsersGetTheirRBACRights(t *testing.T) {
	t.Parallel()
	host := framework.StartHost(t, framework.Options{})
	ctx := framework.TestContext(t)
	const ns = "team-a"
	createNamespace(ctx, t, host.Client(), ns)
	// A Role of our own: the aggregated "view" ClusterRole is empty without the
	// controller-manager's clusterrole-aggregation controller.
	role := &rbacv1.Role{
		ObjectMeta: metav1.ObjectMeta{Name: "configmap-reader", Namespace: ns},
		Rules:      []rbacv1.PolicyRule{{APIGroups: []string{""}, Resources: []string{"configmaps"}, Verbs: []string{"get", "list"}}},
	}
	if _, err := host.Client().RbacV1().Roles(ns).Create(ctx, role, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	binding := &rbacv1.RoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: "configmap-readers", Namespace: ns},
		RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "Role", Name: role.Name},
		Subjects: []rbacv1.Subject{
			{APIGroup: rbacv1.GroupName, Kind: rbacv1.UserKind, Name: "bob"},
			{APIGroup: rbacv1.GroupName, Kind: rbacv1.GroupKind, Name: "team-a-viewers"},
		},
	}
	if _, err := host.Client().RbacV1().RoleBindings(ns).Create(ctx, binding, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		user          string
		groups        []string
		wantNSAllowed bool
	}{
		"alice has no rights":       {user: "alice"},
		"bob is bound by name":      {user: "bob", wantNSAllowed: true},
		"carol is bound by a group": {user: "carol", groups: []string{"team-a-viewers"}, wantNSAllowed: true},
	} {
		t.Run(name, func(t *testing.T) {
			u, err := host.IssueUser(tc.user, tc.groups...)
			if err != nil {
				t.Fatal(err)
			}
			client, err := kubernetes.NewForConfig(u.RESTConfig())
			if err != nil {
				t.Fatal(err)
			}
			if _, err := client.CoreV1().Namespaces().List(ctx, metav1.ListOptions{}); !apierrors.IsForbidden(err) {
				t.Errorf("cluster-wide list: got %v, want Forbidden", err)
			}
			listInNS := func(ctx context.Context) error {
				_, err := client.CoreV1().ConfigMaps(ns).List(ctx, metav1.ListOptions{})
				return err
			}
			if tc.wantNSAllowed {
				// The authorizer sees new bindings through an informer: allow it to catch up.
				var err error
				if perr := wait.PollUntilContextTimeout(ctx, 100*time.Millisecond, waitTimeout, true, func(ctx context.Context) (bool, error) {
					err = listInNS(ctx)
					return err == nil, nil
				}); perr != nil {
					t.Errorf("list in %s: %v", ns, err)
				}
			} else if err := listInNS(ctx); !apierrors.IsForbidden(err) {
				t.Errorf("list in %s: got %v, want Forbidden", ns, err)
			}
			// The same through the real kubectl, as a user would see it.
			_, stderr, err := host.KubectlAs(ctx, u, "get", "configmaps", "-n", ns)
			if tc.wantNSAllowed && err != nil {
				t.Errorf("kubectl as %s: %v", tc.user, err)
			}
			if !tc.wantNSAllowed && (err == nil || !strings.Contains(stderr, "Forbidden")) {
				t.Errorf("kubectl as %s: err %v, stderr %q; want Forbidden", tc.user, err, stderr)
			}
		})
	}
}
