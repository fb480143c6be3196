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

package apiserver

import (
	"errors"
	"fmt"

	genericapiserver "k8s.io/apiserver/pkg/server"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/events"
	"k8s.io/klog/v2"

	clientset "k8s.io/federation/pkg/generated/clientset/versioned"
	fedinformers "k8s.io/federation/pkg/generated/informers/externalversions"
	"k8s.io/federation/pkg/members"
	"k8s.io/federation/pkg/propagation"
	federatedstorage "k8s.io/federation/pkg/registry/federated/storage"
)

// newWriteThrough wires member access: Clusters come from our own API (loopback informer),
// credentials from Secrets in the federation namespace on the host, events go to the host.
// The informers start in a post-start hook that readiness waits for.
func (c CompletedConfig) newWriteThrough(gs *genericapiserver.GenericAPIServer) (federatedstorage.WriteThrough, error) {
	wt := c.writeThrough
	if c.host == nil {
		return federatedstorage.WriteThrough{}, errors.New("no host cluster client configuration (--kubeconfig)")
	}
	host, err := kubernetes.NewForConfig(c.host)
	if err != nil {
		return federatedstorage.WriteThrough{}, fmt.Errorf("host client: %w", err)
	}
	fed, err := clientset.NewForConfig(c.generic.LoopbackClientConfig)
	if err != nil {
		return federatedstorage.WriteThrough{}, fmt.Errorf("loopback client: %w", err)
	}
	fedFactory := fedinformers.NewSharedInformerFactory(fed, 0)
	clusters := fedFactory.Federation().V1beta1().Clusters()
	// Whether a workload's replicas belong to member HPAs (propagation.Engine.Autoscaler).
	autoscalers := fedFactory.Federation().V1beta1().FederatedHorizontalPodAutoscalers()
	secretFactory := informers.NewSharedInformerFactoryWithOptions(host, 0, informers.WithNamespace(wt.Namespace))
	secrets := secretFactory.Core().V1().Secrets()
	synced := []cache.InformerSynced{clusters.Informer().HasSynced, secrets.Informer().HasSynced, autoscalers.Informer().HasSynced}

	clients := members.NewClients(clusters.Lister(), secrets.Lister().Secrets(wt.Namespace), members.Options{
		QPS: wt.MemberQPS, Burst: wt.MemberBurst, Timeout: wt.MemberTimeout, UserAgent: "federation-apiserver",
	})
	metrics := propagation.RegisteredMetrics()
	broadcaster := events.NewBroadcaster(&events.EventSinkImpl{Interface: host.EventsV1()})
	err = gs.AddPostStartHook("federation-member-access", func(hc genericapiserver.PostStartHookContext) error {
		broadcaster.StartRecordingToSink(hc.Done())
		fedFactory.Start(hc.Done())
		secretFactory.Start(hc.Done())
		if !cache.WaitForNamedCacheSyncWithContext(hc, synced...) {
			return errors.New("clusters, member credentials and federated HPAs never synced")
		}
		klog.FromContext(hc).Info("Member access ready", "namespace", wt.Namespace)
		return nil
	})
	if err != nil {
		return federatedstorage.WriteThrough{}, err
	}
	if err := gs.AddPreShutdownHook("federation-events", func() error {
		broadcaster.Shutdown()
		return nil
	}); err != nil {
		return federatedstorage.WriteThrough{}, err
	}
	return federatedstorage.WriteThrough{
		Engine:    propagation.NewEngine(clusters.Lister(), clients, wt.MemberTimeout, metrics).WithAutoscalers(autoscalers.Lister()),
		Preflight: wt.Preflight,
		Recorder:  broadcaster.NewRecorder(c.scheme, "federation-apiserver"),
	}, nil
}
