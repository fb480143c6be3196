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
	"fmt"
	"os"
	"slices"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/util/validation"
)

// Where `kubefed init --dns-provider-config` puts the provider's configuration file: a
// Secret in the federation namespace (it may hold credentials), mounted read-only into the
// controller-manager container.
const (
	DNSConfigSecret = "fcp-dns-provider-config"
	dnsConfigKey    = "config"
	dnsConfigDir    = "/etc/federation/dns"
	cmContainer     = "controller-manager"
)

// DNS are the original `kubefed init` DNS flags, passed to the controller-manager.
type DNS struct {
	// Provider is --dns-provider (coredns, external-dns); empty installs no DNS controller.
	Provider string
	// Zone is --dns-zone-name.
	Zone string
	// ConfigFile is a local file copied into the Secret DNSConfigSecret, or "".
	ConfigFile string
}

// withDNS configures the controller-manager of objs for d and the federation name: its
// flags, and the provider config Secret (added before the Deployment) with its mount.
func withDNS(objs []*unstructured.Unstructured, d DNS, federation string) ([]*unstructured.Unstructured, error) {
	if d.Provider == "" {
		return objs, nil
	}
	if msgs := validation.IsDNS1123Label(federation); len(msgs) > 0 {
		return nil, fmt.Errorf("with --dns-provider the federation name %q is a label of every DNS name and must be a DNS label: %v", federation, msgs)
	}
	if d.Zone == "" {
		return nil, fmt.Errorf("--dns-provider needs --dns-zone-name")
	}
	args := []any{"--dns-provider=" + d.Provider, "--dns-zone-name=" + d.Zone, "--federation-name=" + federation}
	var secret *unstructured.Unstructured
	if d.ConfigFile != "" {
		data, err := os.ReadFile(d.ConfigFile)
		if err != nil {
			return nil, fmt.Errorf("--dns-provider-config: %w", err)
		}
		secret = &unstructured.Unstructured{Object: map[string]any{
			"apiVersion": "v1", "kind": "Secret",
			"metadata":   map[string]any{"name": DNSConfigSecret, "namespace": Namespace},
			"stringData": map[string]any{dnsConfigKey: string(data)},
		}}
		args = append(args, "--dns-provider-config="+dnsConfigDir+"/"+dnsConfigKey)
	}
	i := slices.IndexFunc(objs, func(o *unstructured.Unstructured) bool {
		return o.GetKind() == "Deployment" && o.GetName() == Deployment
	})
	if i < 0 {
		return nil, fmt.Errorf("the artifacts have no Deployment %s", Deployment)
	}
	if err := configureControllerManager(objs[i], args, secret != nil); err != nil {
		return nil, err
	}
	if secret != nil {
		objs = slices.Insert(objs, i, secret)
	}
	return objs, nil
}

func configureControllerManager(deploy *unstructured.Unstructured, args []any, mount bool) error {
	podSpec, _, err := unstructured.NestedMap(deploy.Object, "spec", "template", "spec")
	if err != nil {
		return err
	}
	containers, _ := podSpec["containers"].([]any)
	found := false
	for _, c := range containers {
		c, ok := c.(map[string]any)
		if !ok || c["name"] != cmContainer {
			continue
		}
		found = true
		existing, _ := c["args"].([]any)
		c["args"] = append(existing, args...)
		if mount {
			mounts, _ := c["volumeMounts"].([]any)
			c["volumeMounts"] = append(mounts, map[string]any{"name": DNSConfigSecret, "mountPath": dnsConfigDir, "readOnly": true})
		}
	}
	if !found {
		return fmt.Errorf("deployment %s has no container %s", deploy.GetName(), cmContainer)
	}
	if mount {
		volumes, _ := podSpec["volumes"].([]any)
		podSpec["volumes"] = append(volumes, map[string]any{"name": DNSConfigSecret, "secret": map[string]any{"secretName": DNSConfigSecret}})
	}
	return unstructured.SetNestedMap(deploy.Object, podSpec, "spec", "template", "spec")
}
