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

package externaldns

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation"

	"k8s.io/federation/pkg/dns"
	"k8s.io/federation/pkg/dns/externaldns/v1alpha1"
)

// The labels and annotation that mark a DNSEndpoint as federation's and name its owner. The
// provider reads, changes and deletes only DNSEndpoints with ManagedByLabel=ManagedBy and
// FederationLabel=<federation name> whose OwnerAnnotation names the owner.
const (
	// ManagedByLabel is the well-known label of the tool managing an object; its value is
	// ManagedBy. external-dns can be limited to federation's records with
	// --label-filter=app.kubernetes.io/managed-by=federation.
	ManagedByLabel = "app.kubernetes.io/managed-by"
	ManagedBy      = "federation"
	// FederationLabel is the federation's name (--federation-name), so that two federations
	// can share a namespace.
	FederationLabel = "federation.k8s.io/federation-name"
	// OwnerNamespaceLabel and OwnerNameLabel name the owner (a FederatedService), for
	// kubectl get dnsendpoints -l; the name label is left out when the name is not a valid
	// label value (longer than 63 characters).
	OwnerNamespaceLabel = "federation.k8s.io/dns-owner-namespace"
	OwnerNameLabel      = "federation.k8s.io/dns-owner-name"
	// OwnerAnnotation is the owner as namespace/name, which Owners reads.
	OwnerAnnotation = "federation.k8s.io/dns-owner"
)

// hashLen is the number of hex digits of the owner digest that ends a shortened name.
const hashLen = 10

// objectName is the DNSEndpoint's name for owner: <federation>.<namespace>.<name>, unique as
// neither a federation nor a namespace name holds a dot. A name longer than a DNS-1123
// subdomain allows (253) is cut and ends in a digest of the whole, as the original stays
// unique.
func objectName(federation string, owner dns.Owner) string {
	name := federation + "." + owner.Namespace + "." + owner.Name
	if len(name) <= validation.DNS1123SubdomainMaxLength {
		return name
	}
	sum := sha256.Sum256([]byte(name))
	prefix := strings.TrimRight(name[:validation.DNS1123SubdomainMaxLength-hashLen-1], ".-")
	return prefix + "-" + hex.EncodeToString(sum[:])[:hashLen]
}

// desired is the DNSEndpoint that holds want for owner.
func (p *Provider) desired(owner dns.Owner, want []dns.Endpoint) (*unstructured.Unstructured, error) {
	obj := &v1alpha1.DNSEndpoint{
		TypeMeta: metav1.TypeMeta{APIVersion: v1alpha1.SchemeGroupVersion.String(), Kind: "DNSEndpoint"},
		ObjectMeta: metav1.ObjectMeta{
			Name: objectName(p.federation, owner), Namespace: p.namespace,
			Labels: p.labels(owner), Annotations: map[string]string{OwnerAnnotation: owner.String()},
		},
		Spec: toSpec(want),
	}
	u, err := runtime.DefaultUnstructuredConverter.ToUnstructured(obj)
	if err != nil {
		return nil, err
	}
	return &unstructured.Unstructured{Object: u}, nil
}

func (p *Provider) labels(owner dns.Owner) map[string]string {
	l := map[string]string{ManagedByLabel: ManagedBy, FederationLabel: p.federation, OwnerNamespaceLabel: owner.Namespace}
	if len(validation.IsValidLabelValue(owner.Name)) == 0 {
		l[OwnerNameLabel] = owner.Name
	}
	return l
}

// owns reports whether obj is federation's DNSEndpoint for owner.
func (p *Provider) owns(obj *unstructured.Unstructured, owner dns.Owner) bool {
	return p.ours(obj) && obj.GetAnnotations()[OwnerAnnotation] == owner.String()
}

// ours reports whether obj carries this federation's labels.
func (p *Provider) ours(obj *unstructured.Unstructured) bool {
	l := obj.GetLabels()
	return l[ManagedByLabel] == ManagedBy && l[FederationLabel] == p.federation
}

// toSpec is the DNSEndpoint spec of want, in Sort order: recordTTL is the TTL in seconds.
func toSpec(want []dns.Endpoint) v1alpha1.DNSEndpointSpec {
	want = slices.Clone(want)
	for i := range want {
		want[i].Targets = slices.Clone(want[i].Targets)
	}
	dns.Sort(want)
	spec := v1alpha1.DNSEndpointSpec{}
	for _, e := range want {
		spec.Endpoints = append(spec.Endpoints, v1alpha1.Endpoint{
			DNSName: e.DNSName, RecordType: string(e.RecordType), Targets: e.Targets, RecordTTL: e.TTL,
		})
	}
	return spec
}

// fromObject is the endpoints a DNSEndpoint holds, in Sort order; setIdentifier, labels and
// providerSpecific, which federation never writes, are not read.
func fromObject(obj *unstructured.Unstructured) ([]dns.Endpoint, error) {
	var de v1alpha1.DNSEndpoint
	if err := runtime.DefaultUnstructuredConverter.FromUnstructured(obj.Object, &de); err != nil {
		return nil, fmt.Errorf("DNSEndpoint %s/%s: %w", obj.GetNamespace(), obj.GetName(), err)
	}
	var out []dns.Endpoint
	for _, e := range de.Spec.Endpoints {
		out = append(out, dns.Endpoint{
			DNSName: strings.TrimSuffix(e.DNSName, "."), RecordType: dns.RecordType(e.RecordType),
			Targets: slices.Clone(e.Targets), TTL: e.RecordTTL,
		})
	}
	dns.Sort(out)
	return out, nil
}

// checkWant rejects endpoints that external-dns could not publish as given: no name, a name
// outside zone, a record type other than A, AAAA and CNAME, targets that are not IPv4 (A) or
// IPv6 (AAAA) addresses or one name (CNAME), a negative TTL, or two endpoints for one name and
// type (external-dns would keep one of them).
func checkWant(zone string, want []dns.Endpoint) error {
	seen := map[string]bool{}
	for _, e := range want {
		key := e.DNSName + " " + string(e.RecordType)
		switch {
		case e.DNSName == "":
			return fmt.Errorf("endpoint without a DNS name")
		case zone != "" && e.DNSName != zone && !strings.HasSuffix(e.DNSName, "."+zone):
			return fmt.Errorf("%q is not in zone %s", e.DNSName, zone)
		case e.RecordType != dns.RecordTypeA && e.RecordType != dns.RecordTypeAAAA && e.RecordType != dns.RecordTypeCNAME:
			return fmt.Errorf("%s: record type %q is not A, AAAA or CNAME", e.DNSName, e.RecordType)
		case len(e.Targets) == 0 || e.RecordType == dns.RecordTypeCNAME && len(e.Targets) != 1:
			return fmt.Errorf("%s %s: %d targets", e.DNSName, e.RecordType, len(e.Targets))
		case e.TTL < 0:
			return fmt.Errorf("%s %s: negative TTL %d", e.DNSName, e.RecordType, e.TTL)
		case seen[key]:
			return fmt.Errorf("%s %s: given twice", e.DNSName, e.RecordType)
		}
		seen[key] = true
		for _, target := range e.Targets {
			if err := checkTarget(e.RecordType, target); err != nil {
				return fmt.Errorf("%s %s: %w", e.DNSName, e.RecordType, err)
			}
		}
	}
	return nil
}

func checkTarget(t dns.RecordType, target string) error {
	if t == dns.RecordTypeCNAME {
		if errs := validation.IsDNS1123Subdomain(strings.ToLower(target)); len(errs) > 0 {
			return fmt.Errorf("target %q: %s", target, strings.Join(errs, "; "))
		}
		return nil
	}
	addr, err := netip.ParseAddr(target)
	if err != nil || addr.Is4() != (t == dns.RecordTypeA) {
		return fmt.Errorf("target %q is not an address of an %s record", target, t)
	}
	return nil
}
