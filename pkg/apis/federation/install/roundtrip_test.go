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

package install

import (
	"testing"

	"k8s.io/apimachinery/pkg/api/apitesting/roundtrip"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/sets"

	"k8s.io/federation/pkg/apis/federation/fuzzer"
	"k8s.io/federation/pkg/apis/federation/v1beta1"
)

func TestRoundTripTypes(t *testing.T) {
	roundtrip.RoundTripTestForAPIGroup(t, Install, fuzzer.Funcs)
}

// TestRoundTripToUnstructured checks that JSON and CBOR give the same unstructured object,
// which is what server-side apply, the dynamic client and CBOR clients depend on.
func TestRoundTripToUnstructured(t *testing.T) {
	scheme := runtime.NewScheme()
	Install(scheme)
	// metav1.AddToGroupVersion registers these option kinds in v1beta1; they have no
	// internal version, so they are filled directly.
	noInternal := sets.New(
		v1beta1.SchemeGroupVersion.WithKind("CreateOptions"),
		v1beta1.SchemeGroupVersion.WithKind("PatchOptions"),
		v1beta1.SchemeGroupVersion.WithKind("UpdateOptions"),
	)
	roundtrip.RoundtripToUnstructured(t, scheme, fuzzer.Funcs, nil, noInternal)
}
