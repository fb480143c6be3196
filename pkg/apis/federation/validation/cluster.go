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
	"crypto/x509"
	"encoding/pem"
	"net/url"

	corev1 "k8s.io/api/core/v1"
	apivalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/util/sets"
	utilvalidation "k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"k8s.io/federation/pkg/apis/federation"
)

// supportedTaintEffects are the effects a member cluster's taint may have; they mean what
// they mean on a Node, applied to placement.
var supportedTaintEffects = []corev1.TaintEffect{
	corev1.TaintEffectNoSchedule,
	corev1.TaintEffectPreferNoSchedule,
	corev1.TaintEffectNoExecute,
}

// ValidateCluster validates a Cluster on creation: its metadata (cluster-scoped, name a
// DNS-1123 subdomain) and its spec.
func ValidateCluster(c *federation.Cluster) field.ErrorList {
	allErrs := apivalidation.ValidateObjectMeta(&c.ObjectMeta, false, apivalidation.NameIsDNSSubdomain, field.NewPath("metadata"))
	return append(allErrs, validateClusterSpec(&c.Spec, field.NewPath("spec"))...)
}

// ValidateClusterUpdate validates an update of a Cluster: the metadata update rules
// (resourceVersion set, name immutable, ...) plus everything ValidateCluster checks.
func ValidateClusterUpdate(newCluster, oldCluster *federation.Cluster) field.ErrorList {
	allErrs := apivalidation.ValidateObjectMetaUpdate(&newCluster.ObjectMeta, &oldCluster.ObjectMeta, field.NewPath("metadata"))
	return append(allErrs, ValidateCluster(newCluster)...)
}

// ValidateClusterStatusUpdate validates a write to the status subresource of a Cluster.
// The spec is not checked: a status write cannot change it.
func ValidateClusterStatusUpdate(newCluster, oldCluster *federation.Cluster) field.ErrorList {
	allErrs := apivalidation.ValidateObjectMetaUpdate(&newCluster.ObjectMeta, &oldCluster.ObjectMeta, field.NewPath("metadata"))
	allErrs = append(allErrs, metav1validation.ValidateConditions(newCluster.Status.Conditions, field.NewPath("status", "conditions"))...)
	return append(allErrs, validateUnservedResources(newCluster.Status.UnservedResources, field.NewPath("status", "unservedResources"))...)
}

// validateUnservedResources requires a version and a resource in each entry (the group is
// empty for the core group) and no entry twice.
func validateUnservedResources(gvrs []metav1.GroupVersionResource, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	seen := sets.New[metav1.GroupVersionResource]()
	for i, gvr := range gvrs {
		idxPath := fldPath.Index(i)
		if gvr.Version == "" {
			allErrs = append(allErrs, field.Required(idxPath.Child("version"), ""))
		}
		if gvr.Resource == "" {
			allErrs = append(allErrs, field.Required(idxPath.Child("resource"), ""))
		}
		if seen.Has(gvr) {
			allErrs = append(allErrs, field.Duplicate(idxPath, gvr))
		}
		seen.Insert(gvr)
	}
	return allErrs
}

func validateClusterSpec(spec *federation.ClusterSpec, fldPath *field.Path) field.ErrorList {
	allErrs := validateClusterEndpoint(spec, fldPath)
	allErrs = append(allErrs, validateClusterTLS(spec, fldPath)...)
	if spec.SecretRef != nil {
		allErrs = append(allErrs, validateObjectName(spec.SecretRef.Name, fldPath.Child("secretRef", "name"))...)
	}
	allErrs = append(allErrs, validateZones(spec.Zones, fldPath.Child("zones"))...)
	return append(allErrs, validateTaints(spec.Taints, fldPath.Child("taints"))...)
}

// validateClusterEndpoint requires exactly one way to reach the member: a server URL, or
// addresses by client CIDR. Allowing both would leave it unclear which one wins.
func validateClusterEndpoint(spec *federation.ClusterSpec, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	cidrsPath := fldPath.Child("serverAddressByClientCIDRs")
	switch {
	case spec.Server == "" && len(spec.ServerAddressByClientCIDRs) == 0:
		allErrs = append(allErrs, field.Required(fldPath.Child("server"), "server or serverAddressByClientCIDRs must be set"))
	case spec.Server != "" && len(spec.ServerAddressByClientCIDRs) != 0:
		allErrs = append(allErrs, field.Forbidden(cidrsPath, "may not be set together with server"))
	}
	if spec.Server != "" {
		allErrs = append(allErrs, validateServerURL(spec.Server, fldPath.Child("server"))...)
	}
	seen := sets.New[string]()
	for i, a := range spec.ServerAddressByClientCIDRs {
		idxPath := cidrsPath.Index(i)
		cidrPath := idxPath.Child("clientCIDR")
		if a.ClientCIDR == "" {
			allErrs = append(allErrs, field.Required(cidrPath, ""))
		} else if errs := utilvalidation.IsValidCIDR(cidrPath, a.ClientCIDR); len(errs) != 0 {
			allErrs = append(allErrs, errs...)
		} else if seen.Has(a.ClientCIDR) {
			allErrs = append(allErrs, field.Duplicate(cidrPath, a.ClientCIDR))
		}
		seen.Insert(a.ClientCIDR)
		if a.ServerAddress == "" {
			allErrs = append(allErrs, field.Required(idxPath.Child("serverAddress"), ""))
		}
	}
	return allErrs
}

// validateServerURL accepts only https URLs with a host: the federation sends member
// credentials to this address, so it must never be plain http.
func validateServerURL(server string, fldPath *field.Path) field.ErrorList {
	u, err := url.Parse(server)
	switch {
	case err != nil:
		return field.ErrorList{field.Invalid(fldPath, server, "must be a valid URL")}
	case u.Scheme != "https":
		return field.ErrorList{field.Invalid(fldPath, server, "must be an https URL")}
	case u.Hostname() == "":
		return field.ErrorList{field.Invalid(fldPath, server, "must include a host")}
	case u.User != nil:
		return field.ErrorList{field.Invalid(fldPath, server, "must not include user information; use secretRef for credentials")}
	}
	return nil
}

func validateClusterTLS(spec *federation.ClusterSpec, fldPath *field.Path) field.ErrorList {
	if len(spec.CABundle) == 0 {
		return nil
	}
	var allErrs field.ErrorList
	if spec.InsecureSkipTLSVerify {
		allErrs = append(allErrs, field.Forbidden(fldPath.Child("insecureSkipTLSVerify"), "may not be set together with caBundle"))
	}
	if !hasPEMCertificates(spec.CABundle) {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("caBundle"), field.OmitValueType{}, "must contain at least one PEM-encoded certificate, and every certificate must parse"))
	}
	return allErrs
}

// hasPEMCertificates reports whether bundle holds at least one CERTIFICATE block and every
// CERTIFICATE block in it parses. Other block types are ignored, as TLS clients ignore them.
func hasPEMCertificates(bundle []byte) bool {
	found := false
	for rest := bundle; ; {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			return found
		}
		if block.Type != "CERTIFICATE" {
			continue
		}
		if _, err := x509.ParseCertificate(block.Bytes); err != nil {
			return false
		}
		found = true
	}
}

func validateZones(zones []string, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	seen := sets.New[string]()
	for i, z := range zones {
		switch {
		case z == "":
			allErrs = append(allErrs, field.Required(fldPath.Index(i), ""))
		case seen.Has(z):
			allErrs = append(allErrs, field.Duplicate(fldPath.Index(i), z))
		}
		seen.Insert(z)
	}
	return allErrs
}

func validateTaints(taints []corev1.Taint, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	type keyEffect struct {
		key    string
		effect corev1.TaintEffect
	}
	seen := sets.New[keyEffect]()
	for i, t := range taints {
		idxPath := fldPath.Index(i)
		if t.Key == "" {
			allErrs = append(allErrs, field.Required(idxPath.Child("key"), ""))
		} else {
			allErrs = append(allErrs, metav1validation.ValidateLabelName(t.Key, idxPath.Child("key"))...)
		}
		for _, msg := range utilvalidation.IsValidLabelValue(t.Value) {
			allErrs = append(allErrs, field.Invalid(idxPath.Child("value"), t.Value, msg))
		}
		switch {
		case t.Effect == "":
			allErrs = append(allErrs, field.Required(idxPath.Child("effect"), ""))
		case !sets.New(supportedTaintEffects...).Has(t.Effect):
			allErrs = append(allErrs, field.NotSupported(idxPath.Child("effect"), t.Effect, supportedTaintEffects))
		}
		// Like Node taints, a key may appear once per effect.
		ke := keyEffect{key: t.Key, effect: t.Effect}
		if seen.Has(ke) {
			allErrs = append(allErrs, field.Duplicate(idxPath, t.Key))
		}
		seen.Insert(ke)
	}
	return allErrs
}

// validateObjectName requires name and checks it is a DNS-1123 subdomain, the rule for the
// names of Clusters and Secrets.
func validateObjectName(name string, fldPath *field.Path) field.ErrorList {
	if name == "" {
		return field.ErrorList{field.Required(fldPath, "")}
	}
	var allErrs field.ErrorList
	for _, msg := range utilvalidation.IsDNS1123Subdomain(name) {
		allErrs = append(allErrs, field.Invalid(fldPath, name, msg))
	}
	return allErrs
}
