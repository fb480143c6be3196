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

// +k8s:deepcopy-gen=package
// +groupName=externaldns.k8s.io

// Package v1alpha1 holds Go types matching external-dns's DNSEndpoint (group
// externaldns.k8s.io, version v1alpha1): the objects external-dns's "crd" source reads and
// publishes to a cloud DNS. They are written here from the schema external-dns publishes
// (config/crd/standard/dnsendpoints.externaldns.k8s.io.yaml and endpoint/endpoint.go in
// kubernetes-sigs/external-dns) rather than imported: importing sigs.k8s.io/external-dns
// brings in controller-runtime, logrus and miekg/dns (about 300 packages), and its newest
// release needs a newer Go. Only the fields federation writes or external-dns reads from
// spec are here; status.conditions of newer external-dns releases is left to external-dns.
//
// The CRD in artifacts/optional is generated from these types (crd_test.go).
package v1alpha1
