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
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/apimachinery/pkg/runtime/serializer/cbor"
	"k8s.io/apiserver/pkg/endpoints/handlers/negotiation"
	"k8s.io/apiserver/pkg/endpoints/handlers/responsewriters"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
)

func mediaTypes(ns runtime.NegotiatedSerializer) []string {
	var out []string
	for _, info := range ns.SupportedMediaTypes() {
		out = append(out, info.MediaType)
	}
	return out
}

// TestGroupNegotiatesJSONAndYAMLOnly checks that the group offers neither protobuf nor CBOR,
// whatever the codec factory it is built from can do.
func TestGroupNegotiatesJSONAndYAMLOnly(t *testing.T) {
	scheme, codecs := NewScheme()
	withCBOR := serializer.NewCodecFactory(scheme, serializer.WithSerializer(cbor.NewSerializerInfo))
	for name, tc := range map[string]struct {
		ns   runtime.NegotiatedSerializer
		want []string
	}{
		"API group":        {ns: newAPIGroupInfo(scheme, codecs).NegotiatedSerializer, want: servedMediaTypes},
		"codecs with CBOR": {ns: onlyMediaTypes(withCBOR, servedMediaTypes...), want: servedMediaTypes},
		"YAML only":        {ns: onlyMediaTypes(codecs, runtime.ContentTypeYAML), want: []string{runtime.ContentTypeYAML}},
	} {
		t.Run(name, func(t *testing.T) {
			if d := cmp.Diff(tc.want, mediaTypes(tc.ns)); d != "" {
				t.Errorf("media types (-want +got):\n%s", d)
			}
		})
	}
}

// TestEveryTypeEncodesInEveryNegotiatedMediaType is the invariant the group's negotiation
// promises: whatever it agrees to send, it can encode, for every kind and list it serves.
func TestEveryTypeEncodesInEveryNegotiatedMediaType(t *testing.T) {
	scheme, codecs := NewScheme()
	ns := newAPIGroupInfo(scheme, codecs).NegotiatedSerializer
	kinds := scheme.KnownTypes(fedv1beta1.SchemeGroupVersion)
	if _, ok := kinds["FederatedConfigMapList"]; !ok {
		t.Fatalf("the scheme has no FederatedConfigMapList among %d kinds", len(kinds))
	}
	for _, info := range ns.SupportedMediaTypes() {
		encoder := ns.EncoderForVersion(info.Serializer, fedv1beta1.SchemeGroupVersion)
		for kind, typ := range kinds {
			obj := reflect.New(typ).Interface().(runtime.Object)
			if _, err := runtime.Encode(encoder, obj); err != nil {
				t.Errorf("%s: encoding %s: %v", info.MediaType, kind, err)
			}
		}
	}
}

// TestNegotiation writes a FederatedConfigMapList as the apiserver's handlers do, for the
// Accept headers real clients send. (In the server, go-restful's check against the group's
// media types answers a protobuf-only request first, also with 406; see
// test/integration/namespace_test.go.)
func TestNegotiation(t *testing.T) {
	scheme, codecs := NewScheme()
	ns := newAPIGroupInfo(scheme, codecs).NegotiatedSerializer
	list := &fedv1beta1.FederatedConfigMapList{Items: []fedv1beta1.FederatedConfigMap{{
		ObjectMeta: metav1.ObjectMeta{Name: "app", Namespace: "shop"},
		Spec:       fedv1beta1.FederatedConfigMapSpec{Template: fedv1beta1.ConfigMapTemplate{Data: map[string]string{"k": "v"}}},
	}}}
	for name, tc := range map[string]struct {
		accept          string
		wantCode        int
		wantContentType string
		wantReason      metav1.StatusReason // for failures: the JSON Status's reason
	}{
		// What client-go sends when configured as Kubernetes components configure it.
		"protobuf, then JSON": {accept: "application/vnd.kubernetes.protobuf, application/json", wantCode: http.StatusOK, wantContentType: "application/json"},
		"metadata client":     {accept: "application/vnd.kubernetes.protobuf,application/json", wantCode: http.StatusOK, wantContentType: "application/json"},
		"JSON":                {accept: "application/json", wantCode: http.StatusOK, wantContentType: "application/json"},
		"YAML":                {accept: "application/yaml", wantCode: http.StatusOK, wantContentType: "application/yaml"},
		"anything":            {accept: "*/*", wantCode: http.StatusOK, wantContentType: "application/json"},
		"no Accept header":    {wantCode: http.StatusOK, wantContentType: "application/json"},
		"protobuf only":       {accept: "application/vnd.kubernetes.protobuf", wantCode: http.StatusNotAcceptable, wantContentType: "application/json", wantReason: metav1.StatusReasonNotAcceptable},
		"CBOR only":           {accept: "application/cbor", wantCode: http.StatusNotAcceptable, wantContentType: "application/json", wantReason: metav1.StatusReasonNotAcceptable},
	} {
		t.Run(name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, "/apis/federation.k8s.io/v1beta1/namespaces/shop/federatedconfigmaps", nil)
			if tc.accept != "" {
				req.Header.Set("Accept", tc.accept)
			}
			w := httptest.NewRecorder()
			responsewriters.WriteObjectNegotiated(ns, negotiation.DefaultEndpointRestrictions, fedv1beta1.SchemeGroupVersion, w, req, http.StatusOK, list, false)
			body := w.Body.Bytes()
			if w.Code != tc.wantCode {
				t.Fatalf("HTTP %d, want %d; body %s", w.Code, tc.wantCode, body)
			}
			if got := w.Header().Get("Content-Type"); got != tc.wantContentType {
				t.Errorf("Content-Type %q, want %q", got, tc.wantContentType)
			}
			if tc.wantCode != http.StatusOK {
				var status metav1.Status
				if err := json.Unmarshal(body, &status); err != nil || status.Kind != "Status" || status.Reason != tc.wantReason {
					t.Errorf("body %s (%v): want a Status with reason %s", body, err, tc.wantReason)
				}
				return
			}
			got, _, err := codecs.UniversalDeserializer().Decode(body, nil, &fedv1beta1.FederatedConfigMapList{})
			if err != nil {
				t.Fatalf("decoding the %s body: %v", tc.wantContentType, err)
			}
			list.APIVersion, list.Kind = fedv1beta1.SchemeGroupVersion.String(), "FederatedConfigMapList"
			if d := cmp.Diff(list, got); d != "" {
				t.Errorf("decoded list (-want +got):\n%s", d)
			}
			if tc.wantContentType == runtime.ContentTypeJSON && !json.Valid(body) {
				t.Errorf("body %q is not JSON", body)
			}
		})
	}
}
