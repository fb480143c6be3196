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
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

func TestManifests(t *testing.T) {
	for name, tc := range map[string]struct {
		image     string
		wantImage string
	}{
		"artifacts' image": {image: "", wantImage: "federation/fcp:latest"},
		"--image":          {image: "registry.example.com/fcp:v0.0.1", wantImage: "registry.example.com/fcp:v0.0.1"},
	} {
		t.Run(name, func(t *testing.T) {
			objs, err := Manifests(tc.image)
			if err != nil {
				t.Fatal(err)
			}
			if first, last := objs[0].GetKind(), objs[len(objs)-1].GetKind(); first != "Namespace" || last != "APIService" {
				t.Errorf("applied from %s to %s, want Namespace first and APIService last", first, last)
			}
			var images []string
			for _, o := range objs {
				if o.GetKind() != "Deployment" {
					continue
				}
				containers, _, _ := unstructured.NestedSlice(o.Object, "spec", "template", "spec", "containers")
				for _, c := range containers {
					images = append(images, c.(map[string]any)["image"].(string))
				}
			}
			if d := cmp.Diff([]string{tc.wantImage, tc.wantImage}, images); d != "" {
				t.Errorf("container images (-want +got):\n%s", d)
			}
		})
	}
}

// TestAPIServiceTrustsOnlyFCP checks the promise of the artifacts: no insecureSkipTLSVerify,
// and no caBundle that would fight the one fcp writes.
func TestAPIServiceTrustsOnlyFCP(t *testing.T) {
	objs, err := Manifests("")
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range objs {
		if o.GetKind() != "APIService" {
			continue
		}
		spec, _, _ := unstructured.NestedMap(o.Object, "spec")
		for _, field := range []string{"insecureSkipTLSVerify", "caBundle"} {
			if _, ok := spec[field]; ok {
				t.Errorf("APIService %s sets spec.%s", o.GetName(), field)
			}
		}
		if o.GetName() != APIService {
			t.Errorf("APIService %s, want %s", o.GetName(), APIService)
		}
	}
}

// TestManifestsWithDNS: kubefed init's DNS flags reach the controller-manager's flags, and the
// provider config file a Secret mounted where --dns-provider-config points.
func TestManifestsWithDNS(t *testing.T) {
	config := filepath.Join(t.TempDir(), "coredns.yaml")
	if err := os.WriteFile(config, []byte("endpoints: [http://etcd:2379]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	objs, err := Manifests("")
	if err != nil {
		t.Fatal(err)
	}
	objs, err = withDNS(objs, DNS{Provider: "coredns", Zone: "example.com.", ConfigFile: config}, "myfed")
	if err != nil {
		t.Fatal(err)
	}
	var secretAt, deployAt int
	var args []string
	var volumes []any
	for i, o := range objs {
		switch {
		case o.GetKind() == "Secret" && o.GetName() == DNSConfigSecret:
			secretAt = i
			if got, _, _ := unstructured.NestedString(o.Object, "stringData", dnsConfigKey); got != "endpoints: [http://etcd:2379]\n" {
				t.Errorf("Secret %s holds %q", DNSConfigSecret, got)
			}
		case o.GetKind() == "Deployment":
			deployAt = i
			containers, _, _ := unstructured.NestedSlice(o.Object, "spec", "template", "spec", "containers")
			for _, c := range containers {
				if c := c.(map[string]any); c["name"] == cmContainer {
					for _, a := range c["args"].([]any) {
						args = append(args, a.(string))
					}
				}
			}
			volumes, _, _ = unstructured.NestedSlice(o.Object, "spec", "template", "spec", "volumes")
		}
	}
	if secretAt == 0 || secretAt > deployAt {
		t.Errorf("Secret at %d, Deployment at %d: want the Secret applied first", secretAt, deployAt)
	}
	for _, want := range []string{"--dns-provider=coredns", "--dns-zone-name=example.com.", "--federation-name=myfed", "--dns-provider-config=/etc/federation/dns/config"} {
		if !slices.Contains(args, want) {
			t.Errorf("controller-manager args %q lack %s", args, want)
		}
	}
	if !slices.ContainsFunc(volumes, func(v any) bool { return v.(map[string]any)["name"] == DNSConfigSecret }) {
		t.Errorf("volumes %v lack the provider config Secret", volumes)
	}
	if _, err := withDNS(objs, DNS{Provider: "coredns", Zone: "example.com."}, "My_Fed"); err == nil {
		t.Error("a federation name that is not a DNS label was accepted with --dns-provider")
	}
}
