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

package v1alpha1

import (
	"bytes"
	"flag"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
	"sigs.k8s.io/yaml"
)

// CRDFile is the DNSEndpoint CRD that `kubectl apply -f` installs for the external-dns DNS
// provider, relative to this package.
const CRDFile = "../../../../artifacts/optional/dnsendpoints.externaldns.k8s.io.yaml"

var update = flag.Bool("update", false, "rewrite "+CRDFile+" from the Go types")

const crdHeader = `# Copyright 2026 The Kubernetes Authors.
#
# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
# You may obtain a copy of the License at
#
#     http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.

# external-dns's DNSEndpoint CRD, for hosts that use --dns-provider=external-dns and do not
# have it yet. Generated from pkg/dns/externaldns/v1alpha1 by
# go test ./pkg/dns/externaldns/v1alpha1 -update; do not edit.
#
# It is not in artifacts/ itself, so kubectl apply -f artifacts/ does not install it: on a host
# where external-dns is installed with its own CRD (its Helm chart and manifests ship one),
# applying this one would replace external-dns's, and drop the fields of newer external-dns
# releases that federation does not know (status.conditions). Install external-dns's CRD or
# this one, not both.
`

// The checked-in CRD is exactly what the types generate.
func TestCRDFileUpToDate(t *testing.T) {
	crd, err := customResourceDefinition(".")
	if err != nil {
		t.Fatal(err)
	}
	body, err := yaml.Marshal(crd)
	if err != nil {
		t.Fatal(err)
	}
	want := append([]byte(crdHeader), body...)
	if *update {
		if err := os.WriteFile(CRDFile, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(CRDFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the Go types (-want +got):\n%s\nrun: go test ./pkg/dns/externaldns/v1alpha1 -update", CRDFile, cmp.Diff(string(want), string(got)))
	}
}

// The generated schema has every field of external-dns's own CRD
// (config/crd/standard/dnsendpoints.externaldns.k8s.io.yaml, read 2026-11-30) that federation
// writes or external-dns reads from spec, with the same types, so external-dns reads what the
// provider writes whichever of the two CRDs a host has.
func TestCRDMatchesExternalDNSSchema(t *testing.T) {
	crd, err := customResourceDefinition(".")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	var walk func(path string, s map[string]any)
	walk = func(path string, s map[string]any) {
		got[path], _ = s["type"].(string)
		if f, ok := s["format"].(string); ok {
			got[path] += "/" + f
		}
		if items, ok := s["items"].(map[string]any); ok {
			walk(path+"[]", items)
		}
		if props, ok := s["properties"].(map[string]any); ok {
			for name, p := range props {
				walk(path+"."+name, p.(map[string]any))
			}
		}
	}
	version := crd["spec"].(map[string]any)["versions"].([]any)[0].(map[string]any)
	walk("", version["schema"].(map[string]any)["openAPIV3Schema"].(map[string]any))
	want := map[string]string{
		"": "object", ".apiVersion": "string", ".kind": "string", ".metadata": "object",
		".spec": "object", ".spec.endpoints": "array", ".spec.endpoints[]": "object",
		".spec.endpoints[].dnsName": "string", ".spec.endpoints[].targets": "array", ".spec.endpoints[].targets[]": "string",
		".spec.endpoints[].recordType": "string", ".spec.endpoints[].setIdentifier": "string",
		".spec.endpoints[].recordTTL": "integer/int64", ".spec.endpoints[].labels": "object",
		".spec.endpoints[].providerSpecific": "array", ".spec.endpoints[].providerSpecific[]": "object",
		".spec.endpoints[].providerSpecific[].name": "string", ".spec.endpoints[].providerSpecific[].value": "string",
		".status": "object", ".status.observedGeneration": "integer/int64",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("schema (-external-dns +generated):\n%s", d)
	}
}
