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

package validation

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"k8s.io/federation/pkg/apis/federation"
)

func validCluster(caBundle []byte) *federation.Cluster {
	return &federation.Cluster{
		ObjectMeta: metav1.ObjectMeta{Name: "us-east", ResourceVersion: "1"},
		Spec: federation.ClusterSpec{
			Server:    "https://10.1.2.3:6443",
			CABundle:  caBundle,
			SecretRef: &federation.LocalSecretReference{Name: "us-east-credentials"},
			Region:    "us-east1",
			Zones:     []string{"us-east1-b", "us-east1-c"},
			Taints: []corev1.Taint{
				{Key: "federation.k8s.io/maintenance", Value: "true", Effect: corev1.TaintEffectNoSchedule},
				{Key: "federation.k8s.io/maintenance", Value: "true", Effect: corev1.TaintEffectNoExecute},
			},
		},
	}
}

func TestValidateCluster(t *testing.T) {
	ca := newTestCABundle(t)
	for name, tc := range map[string]struct {
		mutate func(c *federation.Cluster)
		want   []fieldError
	}{
		"valid with server":      {mutate: func(c *federation.Cluster) {}},
		"valid with IPv6 server": {mutate: func(c *federation.Cluster) { c.Spec.Server = "https://[fd00::1]:6443/prefix" }},
		"valid with client CIDRs": {mutate: func(c *federation.Cluster) {
			c.Spec.Server = ""
			c.Spec.ServerAddressByClientCIDRs = []federation.ServerAddressByClientCIDR{
				{ClientCIDR: "0.0.0.0/0", ServerAddress: "10.1.2.3:6443"},
				{ClientCIDR: "fd00::/8", ServerAddress: "[fd00::1]:6443"},
			}
		}},
		"valid insecure without caBundle": {mutate: func(c *federation.Cluster) {
			c.Spec.CABundle = nil
			c.Spec.InsecureSkipTLSVerify = true
		}},
		"valid minimal": {mutate: func(c *federation.Cluster) {
			c.Spec = federation.ClusterSpec{Server: "https://member.example.com"}
		}},
		"name missing": {
			mutate: func(c *federation.Cluster) { c.Name = "" },
			want:   []fieldError{e(field.ErrorTypeRequired, "metadata.name")},
		},
		"name not a DNS subdomain": {
			mutate: func(c *federation.Cluster) { c.Name = "US_East" },
			want:   []fieldError{e(field.ErrorTypeInvalid, "metadata.name")},
		},
		"namespace on cluster-scoped object": {
			mutate: func(c *federation.Cluster) { c.Namespace = "default" },
			want:   []fieldError{e(field.ErrorTypeForbidden, "metadata.namespace")},
		},
		"no endpoint": {
			mutate: func(c *federation.Cluster) { c.Spec.Server = "" },
			want:   []fieldError{e(field.ErrorTypeRequired, "spec.server")},
		},
		"server and client CIDRs": {
			mutate: func(c *federation.Cluster) {
				c.Spec.ServerAddressByClientCIDRs = []federation.ServerAddressByClientCIDR{{ClientCIDR: "0.0.0.0/0", ServerAddress: "10.1.2.3:6443"}}
			},
			want: []fieldError{e(field.ErrorTypeForbidden, "spec.serverAddressByClientCIDRs")},
		},
		"server over http": {
			mutate: func(c *federation.Cluster) { c.Spec.Server = "http://10.1.2.3:6443" },
			want:   []fieldError{e(field.ErrorTypeInvalid, "spec.server")},
		},
		"server without scheme": {
			mutate: func(c *federation.Cluster) { c.Spec.Server = "10.1.2.3:6443" },
			want:   []fieldError{e(field.ErrorTypeInvalid, "spec.server")},
		},
		"server without host": {
			mutate: func(c *federation.Cluster) { c.Spec.Server = "https:///api" },
			want:   []fieldError{e(field.ErrorTypeInvalid, "spec.server")},
		},
		"server does not parse": {
			mutate: func(c *federation.Cluster) { c.Spec.Server = "https://[::1" },
			want:   []fieldError{e(field.ErrorTypeInvalid, "spec.server")},
		},
		"server with credentials": {
			mutate: func(c *federation.Cluster) { c.Spec.Server = "https://admin:secret@10.1.2.3:6443" },
			want:   []fieldError{e(field.ErrorTypeInvalid, "spec.server")},
		},
		"client CIDR missing": {
			mutate: func(c *federation.Cluster) {
				c.Spec.Server = ""
				c.Spec.ServerAddressByClientCIDRs = []federation.ServerAddressByClientCIDR{{ServerAddress: "10.1.2.3:6443"}}
			},
			want: []fieldError{e(field.ErrorTypeRequired, "spec.serverAddressByClientCIDRs[0].clientCIDR")},
		},
		"client CIDR invalid": {
			mutate: func(c *federation.Cluster) {
				c.Spec.Server = ""
				c.Spec.ServerAddressByClientCIDRs = []federation.ServerAddressByClientCIDR{
					{ClientCIDR: "0.0.0.0/0", ServerAddress: "10.1.2.3:6443"},
					{ClientCIDR: "10.0.0.0/33", ServerAddress: "10.1.2.3:6443"},
				}
			},
			want: []fieldError{e(field.ErrorTypeInvalid, "spec.serverAddressByClientCIDRs[1].clientCIDR")},
		},
		"client CIDR not canonical": {
			mutate: func(c *federation.Cluster) {
				c.Spec.Server = ""
				c.Spec.ServerAddressByClientCIDRs = []federation.ServerAddressByClientCIDR{{ClientCIDR: "10.1.2.3/8", ServerAddress: "10.1.2.3:6443"}}
			},
			want: []fieldError{e(field.ErrorTypeInvalid, "spec.serverAddressByClientCIDRs[0].clientCIDR")},
		},
		"client CIDR duplicated": {
			mutate: func(c *federation.Cluster) {
				c.Spec.Server = ""
				c.Spec.ServerAddressByClientCIDRs = []federation.ServerAddressByClientCIDR{
					{ClientCIDR: "10.0.0.0/8", ServerAddress: "10.1.2.3:6443"},
					{ClientCIDR: "10.0.0.0/8", ServerAddress: "10.1.2.4:6443"},
				}
			},
			want: []fieldError{e(field.ErrorTypeDuplicate, "spec.serverAddressByClientCIDRs[1].clientCIDR")},
		},
		"server address missing": {
			mutate: func(c *federation.Cluster) {
				c.Spec.Server = ""
				c.Spec.ServerAddressByClientCIDRs = []federation.ServerAddressByClientCIDR{{ClientCIDR: "0.0.0.0/0"}}
			},
			want: []fieldError{e(field.ErrorTypeRequired, "spec.serverAddressByClientCIDRs[0].serverAddress")},
		},
		"insecureSkipTLSVerify with caBundle": {
			mutate: func(c *federation.Cluster) { c.Spec.InsecureSkipTLSVerify = true },
			want:   []fieldError{e(field.ErrorTypeForbidden, "spec.insecureSkipTLSVerify")},
		},
		"caBundle not PEM": {
			mutate: func(c *federation.Cluster) { c.Spec.CABundle = []byte("not a certificate") },
			want:   []fieldError{e(field.ErrorTypeInvalid, "spec.caBundle")},
		},
		"caBundle without a certificate block": {
			mutate: func(c *federation.Cluster) {
				c.Spec.CABundle = []byte("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
			},
			want: []fieldError{e(field.ErrorTypeInvalid, "spec.caBundle")},
		},
		"caBundle with a certificate that does not parse": {
			mutate: func(c *federation.Cluster) {
				c.Spec.CABundle = append(c.Spec.CABundle, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"...)
			},
			want: []fieldError{e(field.ErrorTypeInvalid, "spec.caBundle")},
		},
		"secretRef without name": {
			mutate: func(c *federation.Cluster) { c.Spec.SecretRef = &federation.LocalSecretReference{} },
			want:   []fieldError{e(field.ErrorTypeRequired, "spec.secretRef.name")},
		},
		"secretRef name not a DNS subdomain": {
			mutate: func(c *federation.Cluster) { c.Spec.SecretRef.Name = "Creds!" },
			want:   []fieldError{e(field.ErrorTypeInvalid, "spec.secretRef.name")},
		},
		"empty zone": {
			mutate: func(c *federation.Cluster) { c.Spec.Zones = []string{"us-east1-b", ""} },
			want:   []fieldError{e(field.ErrorTypeRequired, "spec.zones[1]")},
		},
		"duplicate zone": {
			mutate: func(c *federation.Cluster) { c.Spec.Zones = []string{"us-east1-b", "us-east1-b"} },
			want:   []fieldError{e(field.ErrorTypeDuplicate, "spec.zones[1]")},
		},
		"taint key missing": {
			mutate: func(c *federation.Cluster) { c.Spec.Taints[0].Key = "" },
			want:   []fieldError{e(field.ErrorTypeRequired, "spec.taints[0].key")},
		},
		"taint key not a qualified name": {
			mutate: func(c *federation.Cluster) { c.Spec.Taints[0].Key = "bad key" },
			want:   []fieldError{e(field.ErrorTypeInvalid, "spec.taints[0].key")},
		},
		"taint value not a label value": {
			mutate: func(c *federation.Cluster) { c.Spec.Taints[0].Value = "not valid!" },
			want:   []fieldError{e(field.ErrorTypeInvalid, "spec.taints[0].value")},
		},
		"taint effect missing": {
			mutate: func(c *federation.Cluster) { c.Spec.Taints[1].Effect = "" },
			want:   []fieldError{e(field.ErrorTypeRequired, "spec.taints[1].effect")},
		},
		"taint effect unsupported": {
			mutate: func(c *federation.Cluster) { c.Spec.Taints[1].Effect = "NoFederate" },
			want:   []fieldError{e(field.ErrorTypeNotSupported, "spec.taints[1].effect")},
		},
		"taint key and effect duplicated": {
			mutate: func(c *federation.Cluster) { c.Spec.Taints[1].Effect = corev1.TaintEffectNoSchedule },
			want:   []fieldError{e(field.ErrorTypeDuplicate, "spec.taints[1]")},
		},
		"several errors at once": {
			mutate: func(c *federation.Cluster) {
				c.Spec.Server = "http://10.1.2.3"
				c.Spec.InsecureSkipTLSVerify = true
				c.Spec.Zones = []string{""}
			},
			want: []fieldError{
				e(field.ErrorTypeForbidden, "spec.insecureSkipTLSVerify"),
				e(field.ErrorTypeInvalid, "spec.server"),
				e(field.ErrorTypeRequired, "spec.zones[0]"),
			},
		},
	} {
		t.Run(name, func(t *testing.T) {
			c := validCluster(ca)
			tc.mutate(c)
			if d := cmp.Diff(tc.want, summarize(ValidateCluster(c))); d != "" {
				t.Errorf("errors (-want +got):\n%s", d)
			}
		})
	}
}

func TestValidateClusterUpdate(t *testing.T) {
	ca := newTestCABundle(t)
	for name, tc := range map[string]struct {
		mutate func(c *federation.Cluster)
		want   []fieldError
	}{
		"spec change":               {mutate: func(c *federation.Cluster) { c.Spec.Zones = append(c.Spec.Zones, "us-east1-d") }},
		"labels change":             {mutate: func(c *federation.Cluster) { c.Labels = map[string]string{"env": "prod"} }},
		"resourceVersion missing":   {mutate: func(c *federation.Cluster) { c.ResourceVersion = "" }, want: []fieldError{e(field.ErrorTypeInvalid, "metadata.resourceVersion")}},
		"name changed":              {mutate: func(c *federation.Cluster) { c.Name = "eu-west" }, want: []fieldError{e(field.ErrorTypeInvalid, "metadata.name")}},
		"new spec is validated too": {mutate: func(c *federation.Cluster) { c.Spec.Server = "" }, want: []fieldError{e(field.ErrorTypeRequired, "spec.server")}},
	} {
		t.Run(name, func(t *testing.T) {
			old := validCluster(ca)
			c := old.DeepCopy()
			tc.mutate(c)
			if d := cmp.Diff(tc.want, summarize(ValidateClusterUpdate(c, old))); d != "" {
				t.Errorf("errors (-want +got):\n%s", d)
			}
		})
	}
}

func TestValidateClusterStatusUpdate(t *testing.T) {
	ca := newTestCABundle(t)
	ready := metav1.Condition{
		Type:               federation.ClusterReady,
		Status:             metav1.ConditionTrue,
		Reason:             "ReadyzOK",
		LastTransitionTime: metav1.Now(),
	}
	for name, tc := range map[string]struct {
		mutate func(c *federation.Cluster)
		want   []fieldError
	}{
		"conditions set": {mutate: func(c *federation.Cluster) { c.Status.Conditions = []metav1.Condition{ready} }},
		"spec is not validated by a status write": {mutate: func(c *federation.Cluster) {
			c.Spec.Server = ""
			c.Status.Conditions = []metav1.Condition{ready}
		}},
		"resourceVersion missing": {
			mutate: func(c *federation.Cluster) { c.ResourceVersion = "" },
			want:   []fieldError{e(field.ErrorTypeInvalid, "metadata.resourceVersion")},
		},
		"duplicate condition type": {
			mutate: func(c *federation.Cluster) { c.Status.Conditions = []metav1.Condition{ready, ready} },
			want:   []fieldError{e(field.ErrorTypeDuplicate, "status.conditions[1]")},
		},
		"condition status unsupported": {
			mutate: func(c *federation.Cluster) {
				bad := ready
				bad.Status = "Maybe"
				c.Status.Conditions = []metav1.Condition{bad}
			},
			want: []fieldError{e(field.ErrorTypeNotSupported, "status.conditions[0].status")},
		},
		"condition reason missing": {
			mutate: func(c *federation.Cluster) {
				bad := ready
				bad.Reason = ""
				c.Status.Conditions = []metav1.Condition{bad}
			},
			want: []fieldError{e(field.ErrorTypeRequired, "status.conditions[0].reason")},
		},
		"unserved resources, core group included": {mutate: func(c *federation.Cluster) {
			c.Status.UnservedResources = []metav1.GroupVersionResource{
				{Group: "networking.k8s.io", Version: "v1", Resource: "ingresses"}, {Version: "v1", Resource: "services"},
			}
		}},
		"unserved resource without version or resource, or twice": {
			mutate: func(c *federation.Cluster) {
				ing := metav1.GroupVersionResource{Group: "networking.k8s.io", Version: "v1", Resource: "ingresses"}
				c.Status.UnservedResources = []metav1.GroupVersionResource{{Group: "apps", Resource: "deployments"}, {Group: "apps", Version: "v1"}, ing, ing}
			},
			want: []fieldError{
				e(field.ErrorTypeRequired, "status.unservedResources[0].version"),
				e(field.ErrorTypeRequired, "status.unservedResources[1].resource"),
				e(field.ErrorTypeDuplicate, "status.unservedResources[3]"),
			},
		},
	} {
		t.Run(name, func(t *testing.T) {
			old := validCluster(ca)
			c := old.DeepCopy()
			tc.mutate(c)
			if d := cmp.Diff(tc.want, summarize(ValidateClusterStatusUpdate(c, old))); d != "" {
				t.Errorf("errors (-want +got):\n%s", d)
			}
		})
	}
}
