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

package framework

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net/http"
	"runtime"
	"strconv"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
)

// Labels, annotations and taints of the fake nodes kwok manages.
const (
	// KWOKNodeLabel and KWOKNodeLabelValue label every fake node; select them with a
	// nodeSelector.
	KWOKNodeLabel      = "type"
	KWOKNodeLabelValue = "kwok"
	// KWOKTaintKey and KWOKTaintValue form the NoSchedule taint on every fake node; pods
	// meant for them need a toleration.
	KWOKTaintKey   = "kwok.x-k8s.io/node"
	KWOKTaintValue = "fake"
)

// kwokNodeCIDR is the range kwok hands pod IPs out of. The addresses are fake: nothing may
// ever dial them.
const kwokNodeCIDR = "10.244.0.0/24"

func (cp *ControlPlane) startControllerManager(ctx context.Context) error {
	ps, err := tracker.freePorts(1)
	if err != nil {
		return err
	}
	cp.ports.controllerMgr = ps[0]
	kc := cp.controllerMgrConfig()
	p := cp.pki
	spec := processSpec{name: componentControllerMgr, path: cp.bins[controllerMgrBinary], args: []string{
		"--kubeconfig=" + kc,
		"--authentication-kubeconfig=" + kc,
		"--authorization-kubeconfig=" + kc,
		"--bind-address=127.0.0.1",
		"--secure-port=" + strconv.Itoa(cp.ports.controllerMgr),
		"--tls-cert-file=" + p.controllerMgrTLS.CertFile,
		"--tls-private-key-file=" + p.controllerMgrTLS.KeyFile,
		"--service-account-private-key-file=" + p.serviceAccountKey,
		"--root-ca-file=" + p.ca.files.CertFile,
		"--use-service-account-credentials=true",
		"--leader-elect=false",
		"--cluster-signing-cert-file=" + p.ca.files.CertFile,
		"--cluster-signing-key-file=" + p.ca.files.KeyFile,
		"--controllers=*",
	}}
	return cp.runComponent(ctx, spec, cp.healthzReady(cp.ports.controllerMgr))
}

func (cp *ControlPlane) startScheduler(ctx context.Context) error {
	ps, err := tracker.freePorts(1)
	if err != nil {
		return err
	}
	cp.ports.scheduler = ps[0]
	kc := cp.schedulerConfig()
	spec := processSpec{name: componentScheduler, path: cp.bins[schedulerBinary], args: []string{
		"--kubeconfig=" + kc,
		"--authentication-kubeconfig=" + kc,
		"--authorization-kubeconfig=" + kc,
		"--bind-address=127.0.0.1",
		"--secure-port=" + strconv.Itoa(cp.ports.scheduler),
		"--tls-cert-file=" + cp.pki.schedulerTLS.CertFile,
		"--tls-private-key-file=" + cp.pki.schedulerTLS.KeyFile,
		"--leader-elect=false",
	}}
	return cp.runComponent(ctx, spec, cp.healthzReady(cp.ports.scheduler))
}

// healthzReady checks a component's /healthz, verifying the serving certificate the
// cluster CA issued for it. /healthz is open to anonymous requests.
func (cp *ControlPlane) healthzReady(port int) func(context.Context) error {
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(cp.CACertPEM())
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}}
	url := "https://127.0.0.1:" + strconv.Itoa(port) + "/healthz"
	return func(ctx context.Context) error {
		_, err := httpGet(ctx, client, url)
		return err
	}
}

func (cp *ControlPlane) startKWOK(ctx context.Context) error {
	if err := cp.createKWOKNodes(ctx); err != nil {
		return err
	}
	ps, err := tracker.freePorts(1)
	if err != nil {
		return err
	}
	cp.ports.kwok = ps[0]
	spec := processSpec{name: componentKWOK, path: cp.bins[kwokBinary], args: []string{
		"--kubeconfig=" + cp.kubeconfig,
		"--config=" + cp.bins[kwokStagesFile],
		"--manage-all-nodes=false",
		"--manage-nodes-with-annotation-selector=" + KWOKTaintKey + "=" + KWOKTaintValue,
		"--cidr=" + kwokNodeCIDR,
		"--node-ip=10.244.0.1",
		"--server-address=127.0.0.1:" + strconv.Itoa(cp.ports.kwok),
	}}
	return cp.runComponent(ctx, spec, cp.kwokNodesReady)
}

// KWOKNodeName returns the name of the i-th fake node.
func KWOKNodeName(i int) string { return "kwok-node-" + strconv.Itoa(i) }

// createKWOKNodes creates the fake nodes kwok is told to manage (by annotation).
func (cp *ControlPlane) createKWOKNodes(ctx context.Context) error {
	capacity := corev1.ResourceList{
		corev1.ResourceCPU:    resource.MustParse("32"),
		corev1.ResourceMemory: resource.MustParse("256Gi"),
		corev1.ResourcePods:   resource.MustParse("110"),
	}
	for i := range cp.opts.KWOKNodes {
		name := KWOKNodeName(i)
		node := &corev1.Node{
			ObjectMeta: metav1.ObjectMeta{
				Name: name,
				Annotations: map[string]string{
					KWOKTaintKey:                   KWOKTaintValue,
					"node.alpha.kubernetes.io/ttl": "0",
				},
				Labels: map[string]string{
					KWOKNodeLabel:          KWOKNodeLabelValue,
					corev1.LabelHostname:   name,
					corev1.LabelOSStable:   "linux",
					corev1.LabelArchStable: runtime.GOARCH,
				},
			},
			Spec: corev1.NodeSpec{Taints: []corev1.Taint{{
				Key: KWOKTaintKey, Value: KWOKTaintValue, Effect: corev1.TaintEffectNoSchedule,
			}}},
			Status: corev1.NodeStatus{Capacity: capacity, Allocatable: capacity},
		}
		_, err := cp.client.CoreV1().Nodes().Create(ctx, node, metav1.CreateOptions{})
		if err != nil && !apierrors.IsAlreadyExists(err) {
			return fmt.Errorf("creating fake node %s: %w", name, err)
		}
	}
	return nil
}

// kwokNodesReady reports whether kwok has made every fake node Ready.
func (cp *ControlPlane) kwokNodesReady(ctx context.Context) error {
	sel := labels.SelectorFromSet(labels.Set{KWOKNodeLabel: KWOKNodeLabelValue}).String()
	nodes, err := cp.client.CoreV1().Nodes().List(ctx, metav1.ListOptions{LabelSelector: sel})
	if err != nil {
		return fmt.Errorf("listing fake nodes: %w", err)
	}
	ready := 0
	for _, n := range nodes.Items {
		for _, c := range n.Status.Conditions {
			if c.Type == corev1.NodeReady && c.Status == corev1.ConditionTrue {
				ready++
			}
		}
	}
	if ready < cp.opts.KWOKNodes {
		return fmt.Errorf("%d of %d fake nodes Ready", ready, cp.opts.KWOKNodes)
	}
	return nil
}
