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
	"slices"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	genericapiserver "k8s.io/apiserver/pkg/server"

	"k8s.io/federation/pkg/apis/federation"
)

// servedMediaTypes are the only media types the federation.k8s.io group negotiates, as
// kube-apiserver does for custom resources. Federated types embed whole typed Kubernetes
// templates and have no protobuf IDL, so they cannot be encoded as protobuf; offering it
// turned every protobuf client (namespace controller, garbage collector, metadata
// informers) into a 500. Clients ask "protobuf, json" and fall back to JSON. CBOR is left
// out too: our raw-JSON fields (overrides) have no CBOR form.
var servedMediaTypes = []string{runtime.ContentTypeJSON, runtime.ContentTypeYAML}

// newAPIGroupInfo returns the federation.k8s.io group's APIGroupInfo, without storage,
// negotiating only servedMediaTypes.
func newAPIGroupInfo(scheme *runtime.Scheme, codecs serializer.CodecFactory) genericapiserver.APIGroupInfo {
	info := genericapiserver.NewDefaultAPIGroupInfo(federation.GroupName, scheme, runtime.NewParameterCodec(scheme), codecs)
	info.NegotiatedSerializer = onlyMediaTypes(info.NegotiatedSerializer, servedMediaTypes...)
	return info
}

// mediaTypeFilter is a NegotiatedSerializer that offers a subset of another's media types.
// Only negotiation changes: encoders and decoders come from the wrapped serializer.
type mediaTypeFilter struct {
	runtime.NegotiatedSerializer
	supported []runtime.SerializerInfo
}

var _ runtime.NegotiatedSerializer = mediaTypeFilter{}

// onlyMediaTypes returns ns restricted to the given media types, in ns's order.
func onlyMediaTypes(ns runtime.NegotiatedSerializer, mediaTypes ...string) runtime.NegotiatedSerializer {
	var supported []runtime.SerializerInfo
	for _, info := range ns.SupportedMediaTypes() {
		if slices.Contains(mediaTypes, info.MediaType) {
			supported = append(supported, info)
		}
	}
	return mediaTypeFilter{NegotiatedSerializer: ns, supported: supported}
}

// SupportedMediaTypes returns the media types kept by onlyMediaTypes.
func (f mediaTypeFilter) SupportedMediaTypes() []runtime.SerializerInfo {
	return f.supported
}
