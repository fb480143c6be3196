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

// Package apiserver builds the federation.k8s.io API server from a completed configuration.
package apiserver

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	scalescheme "k8s.io/client-go/scale/scheme"
	scaleautoscalingv1 "k8s.io/client-go/scale/scheme/autoscalingv1"

	"k8s.io/federation/pkg/apis/federation/install"
)

// NewScheme builds the server's scheme and codecs; nothing mutates them afterwards.
func NewScheme() (*runtime.Scheme, serializer.CodecFactory) {
	s := runtime.NewScheme()
	install.Install(s)
	// The scale subresource serves autoscaling/v1 Scale, decoded to and stored as
	// client-go's internal Scale, with client-go's conversions between the two.
	utilruntime.Must(scalescheme.AddToScheme(s))
	utilruntime.Must(scaleautoscalingv1.AddToScheme(s))
	// Option types (ListOptions, DeleteOptions, ...) live under the empty-group v1 version.
	metav1.AddToGroupVersion(s, schema.GroupVersion{Version: "v1"})
	unversioned := schema.GroupVersion{Group: "", Version: "v1"}
	s.AddUnversionedTypes(unversioned,
		&metav1.Status{}, &metav1.APIVersions{}, &metav1.APIGroupList{}, &metav1.APIGroup{}, &metav1.APIResourceList{})
	return s, serializer.NewCodecFactory(s)
}
