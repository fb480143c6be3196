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
	"fmt"
	"time"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/apiserver/pkg/registry/rest"
	genericapiserver "k8s.io/apiserver/pkg/server"
	restclient "k8s.io/client-go/rest"

	"k8s.io/federation/pkg/apis/federation"
	"k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/kinds"
	clusterstorage "k8s.io/federation/pkg/registry/cluster/storage"
	federatedstorage "k8s.io/federation/pkg/registry/federated/storage"
)

// Config is the configuration of the federation API server.
type Config struct {
	// Generic is the generic API server configuration, with storage, authentication,
	// authorization and admission already applied. Its ClientConfig reaches the host.
	Generic *genericapiserver.RecommendedConfig
	// Scheme and Codecs are the ones returned by NewScheme.
	Scheme *runtime.Scheme
	Codecs serializer.CodecFactory
	// WriteThrough configures how objects reach member clusters.
	WriteThrough WriteThroughConfig
}

// WriteThroughConfig configures member access and write-through.
type WriteThroughConfig struct {
	// Namespace on the host holding the member credential Secrets.
	Namespace string
	// MemberTimeout bounds each write to a member.
	MemberTimeout time.Duration
	// Preflight dry-runs each write in the members before storing it.
	Preflight bool
	// MemberQPS and MemberBurst limit each member client; a negative MemberQPS sets no limit
	// (client-go's rule).
	MemberQPS   float32
	MemberBurst int
}

type completedConfig struct {
	generic      genericapiserver.CompletedConfig
	scheme       *runtime.Scheme
	codecs       serializer.CodecFactory
	writeThrough WriteThroughConfig
	host         *restclient.Config
}

// CompletedConfig is a Config whose defaults are filled in; only Complete makes one.
type CompletedConfig struct {
	*completedConfig
}

// Complete fills in the defaults of the generic configuration.
func (c *Config) Complete() CompletedConfig {
	return CompletedConfig{&completedConfig{
		generic:      c.Generic.Complete(),
		scheme:       c.Scheme,
		codecs:       c.Codecs,
		writeThrough: c.WriteThrough,
		host:         c.Generic.ClientConfig,
	}}
}

// Server is the federation API server.
type Server struct {
	GenericAPIServer *genericapiserver.GenericAPIServer
}

// New builds the server and installs the federation.k8s.io API group; nothing runs yet.
func (c CompletedConfig) New() (*Server, error) {
	gs, err := c.generic.New("federation-apiserver", genericapiserver.NewEmptyDelegate())
	if err != nil {
		return nil, err
	}
	wt, err := c.newWriteThrough(gs)
	if err != nil {
		return nil, err
	}
	storage, err := c.v1beta1Storage(wt)
	if err != nil {
		return nil, fmt.Errorf("building v1beta1 storage: %w", err)
	}
	info := newAPIGroupInfo(c.scheme, c.codecs)
	info.VersionedResourcesStorageMap[v1beta1.SchemeGroupVersion.Version] = storage
	if err := gs.InstallAPIGroup(&info); err != nil {
		return nil, fmt.Errorf("installing %s: %w", federation.GroupName, err)
	}
	return &Server{GenericAPIServer: gs}, nil
}

func (c CompletedConfig) v1beta1Storage(wt federatedstorage.WriteThrough) (map[string]rest.Storage, error) {
	getter := c.generic.RESTOptionsGetter
	storage := map[string]rest.Storage{}
	clusters, clusterStatus, err := clusterstorage.NewREST(c.scheme, getter)
	if err != nil {
		return nil, fmt.Errorf("clusters: %w", err)
	}
	storage["clusters"] = clusters
	storage["clusters/status"] = clusterStatus
	for _, kind := range kinds.All() {
		main, _, err := federatedstorage.NewREST(kind, c.scheme, getter, wt)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", kind.Plural, err)
		}
		storage[kind.Plural] = main
		for name, sub := range main.Subresources() {
			storage[kind.Plural+"/"+name] = sub
		}
	}
	return storage, nil
}
