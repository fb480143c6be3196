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

package argocd

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
)

var update = flag.Bool("update", false, "rewrite "+BundleFile+" from the .lua files")

// The checked-in argocd-cm patch is exactly what Bundle generates from the .lua files.
func TestBundleUpToDate(t *testing.T) {
	want, err := Bundle()
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(BundleFile, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(BundleFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the .lua files; run: go test ./artifacts/argocd -update", BundleFile)
	}
}

// Decoded as YAML, the patch is an argocd-cm ConfigMap whose data holds every script
// verbatim under its resource.customizations.health key, and nothing else.
func TestBundleDecodesToScripts(t *testing.T) {
	raw, err := os.ReadFile(BundleFile)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := utilyaml.ToJSON(raw)
	if err != nil {
		t.Fatal(err)
	}
	var cm corev1.ConfigMap
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&cm); err != nil {
		t.Fatal(err)
	}
	if cm.Kind != "ConfigMap" || cm.APIVersion != "v1" || cm.Name != "argocd-cm" {
		t.Errorf("patch is %s %s %s, want v1 ConfigMap argocd-cm", cm.APIVersion, cm.Kind, cm.Name)
	}
	all, err := Scripts()
	if err != nil {
		t.Fatal(err)
	}
	if len(cm.Data) != len(all) {
		t.Errorf("patch has %d keys, want %d", len(cm.Data), len(all))
	}
	for suffix, script := range all {
		if got := cm.Data[healthKeyPrefix+suffix]; got != script {
			t.Errorf("key %s%s does not hold %s.lua verbatim:\n%s", healthKeyPrefix, suffix, suffix, got)
		}
	}
}

// Every federated kind the API serves has a script, and every script is for such a kind.
func TestEveryFederatedKindHasAScript(t *testing.T) {
	scheme := runtime.NewScheme()
	if err := fedv1beta1.AddToScheme(scheme); err != nil {
		t.Fatal(err)
	}
	all, err := Scripts()
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]bool{}
	for gvk := range scheme.KnownTypes(fedv1beta1.SchemeGroupVersion) {
		if strings.HasPrefix(gvk, "Federated") && !strings.HasSuffix(gvk, "List") {
			kinds[fedv1beta1.GroupName+"_"+gvk] = true
			if all[fedv1beta1.GroupName+"_"+gvk] == "" {
				t.Errorf("no %s_%s.lua", fedv1beta1.GroupName, gvk)
			}
		}
	}
	for suffix := range all {
		if !kinds[suffix] {
			t.Errorf("%s.lua is for no federated kind", suffix)
		}
	}
	if len(kinds) < 3 {
		t.Errorf("found only %d federated kinds", len(kinds))
	}
}
