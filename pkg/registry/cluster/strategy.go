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

// Package cluster holds the policy for Cluster, the registration of a member cluster.
package cluster

import (
	"context"
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apiserver/pkg/registry/generic"
	"k8s.io/apiserver/pkg/registry/rest"
	"k8s.io/apiserver/pkg/storage"
	"k8s.io/apiserver/pkg/storage/names"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"

	"k8s.io/federation/pkg/apis/federation"
	"k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/apis/federation/validation"
	"k8s.io/federation/pkg/propagation"
	"k8s.io/federation/pkg/registry/table"
)

// Strategy is the policy of Cluster: operators own spec, the cluster controller owns status.
type Strategy struct {
	runtime.ObjectTyper
	names.NameGenerator
}

// NewStrategy returns the Cluster strategy for the given scheme.
func NewStrategy(typer runtime.ObjectTyper) Strategy {
	return Strategy{ObjectTyper: typer, NameGenerator: names.SimpleNameGenerator}
}

var _ rest.RESTCreateUpdateStrategy = Strategy{}
var _ rest.ResetFieldsStrategy = Strategy{}

// NamespaceScoped is false: a Cluster is cluster-scoped.
func (Strategy) NamespaceScoped() bool { return false }

// GetResetFields protects status from writes to the main resource.
func (Strategy) GetResetFields() map[fieldpath.APIVersion]*fieldpath.Set {
	return map[fieldpath.APIVersion]*fieldpath.Set{
		fieldpath.APIVersion(v1beta1.SchemeGroupVersion.String()): fieldpath.NewSet(fieldpath.MakePathOrDie("status")),
	}
}

// PrepareForCreate clears status: only the cluster controller reports it.
func (Strategy) PrepareForCreate(_ context.Context, obj runtime.Object) {
	c := obj.(*federation.Cluster)
	c.Status = federation.ClusterStatus{}
	c.Generation = 1
	stampTaints(c.Spec.Taints, nil, metav1.Now())
}

// PrepareForUpdate keeps the stored status and bumps generation on spec changes only.
func (Strategy) PrepareForUpdate(_ context.Context, obj, old runtime.Object) {
	c, prev := obj.(*federation.Cluster), old.(*federation.Cluster)
	c.Status = prev.Status
	stampTaints(c.Spec.Taints, prev.Spec.Taints, metav1.Now())
	if !apiequality.Semantic.DeepEqual(c.Spec, prev.Spec) {
		c.Generation = prev.Generation + 1
	}
}

// stampTaints sets timeAdded on the NoExecute taints that have none: to the previous
// timeAdded when prev holds the same taint (key, value, effect), so re-applying a manifest
// without it changes nothing, else to now. A toleration's tolerationSeconds count from it
// (Placement.Tolerations), as the taint manager counts from a Node taint's timeAdded.
func stampTaints(taints, prev []corev1.Taint, now metav1.Time) {
	for i := range taints {
		t := &taints[i]
		if t.Effect != corev1.TaintEffectNoExecute || t.TimeAdded != nil {
			continue
		}
		t.TimeAdded = now.DeepCopy()
		for _, p := range prev {
			if p.Key == t.Key && p.Value == t.Value && p.Effect == t.Effect && p.TimeAdded != nil {
				t.TimeAdded = p.TimeAdded.DeepCopy()
				break
			}
		}
	}
}

// Validate validates a new Cluster.
func (Strategy) Validate(_ context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidateCluster(obj.(*federation.Cluster))
}

// WarningsOnCreate warns about turning off TLS verification.
func (Strategy) WarningsOnCreate(_ context.Context, obj runtime.Object) []string {
	return clusterWarnings(obj.(*federation.Cluster))
}

// Canonicalize does nothing.
func (Strategy) Canonicalize(runtime.Object) {}

// AllowCreateOnUpdate is false, as for built-in kinds.
func (Strategy) AllowCreateOnUpdate(context.Context) bool { return false }

// AllowUnconditionalUpdate is true, as for built-in kinds.
func (Strategy) AllowUnconditionalUpdate(context.Context) bool { return true }

// ValidateUpdate validates an update of a Cluster.
func (Strategy) ValidateUpdate(_ context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateClusterUpdate(obj.(*federation.Cluster), old.(*federation.Cluster))
}

// WarningsOnUpdate warns about turning off TLS verification.
func (Strategy) WarningsOnUpdate(_ context.Context, obj, _ runtime.Object) []string {
	return clusterWarnings(obj.(*federation.Cluster))
}

func clusterWarnings(c *federation.Cluster) []string {
	if c.Spec.InsecureSkipTLSVerify {
		return []string{"spec.insecureSkipTLSVerify: the member's serving certificate will not be verified; set spec.caBundle instead"}
	}
	return nil
}

// StatusStrategy is the policy of the Cluster status subresource: only status changes.
type StatusStrategy struct {
	Strategy
}

// NewStatusStrategy returns the status strategy matching s.
func NewStatusStrategy(s Strategy) StatusStrategy { return StatusStrategy{Strategy: s} }

// GetResetFields protects spec and metadata from writes to the status subresource.
func (StatusStrategy) GetResetFields() map[fieldpath.APIVersion]*fieldpath.Set {
	return map[fieldpath.APIVersion]*fieldpath.Set{
		fieldpath.APIVersion(v1beta1.SchemeGroupVersion.String()): fieldpath.NewSet(
			fieldpath.MakePathOrDie("spec"),
			fieldpath.MakePathOrDie("metadata"),
		),
	}
}

// PrepareForUpdate keeps the stored spec, labels and annotations.
func (StatusStrategy) PrepareForUpdate(_ context.Context, obj, old runtime.Object) {
	c, prev := obj.(*federation.Cluster), old.(*federation.Cluster)
	c.Spec = prev.Spec
	c.Labels = prev.Labels
	c.Annotations = prev.Annotations
	c.Finalizers = prev.Finalizers
	c.OwnerReferences = prev.OwnerReferences
}

// ValidateUpdate validates a status update.
func (StatusStrategy) ValidateUpdate(_ context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateClusterStatusUpdate(obj.(*federation.Cluster), old.(*federation.Cluster))
}

// WarningsOnUpdate has nothing to say about status writes.
func (StatusStrategy) WarningsOnUpdate(context.Context, runtime.Object, runtime.Object) []string {
	return nil
}

// GetAttrs returns the labels and fields (metadata.name) to select on.
func GetAttrs(obj runtime.Object) (labels.Set, fields.Set, error) {
	c, ok := obj.(*federation.Cluster)
	if !ok {
		return nil, nil, fmt.Errorf("not a Cluster: %T", obj)
	}
	return labels.Set(c.Labels), generic.ObjectMetaFieldsSet(&c.ObjectMeta, false), nil
}

// Match returns the selection predicate used by list and watch.
func Match(label labels.Selector, field fields.Selector) storage.SelectionPredicate {
	return storage.SelectionPredicate{Label: label, Field: field, GetAttrs: GetAttrs}
}

// NewTableConvertor prints Clusters for kubectl get: READY, VERSION, REGION, AGE and, with
// -o wide, the server, zones and the federated kinds' member types the member does not serve
// (status.unservedResources, as group/version/resource, e.g. networking.k8s.io/v1/ingresses).
func NewTableConvertor() table.Convertor {
	return table.Convertor{
		Columns: []metav1.TableColumnDefinition{
			{Name: "Name", Type: "string", Format: "name", Description: "Name of the member cluster."},
			{Name: "Ready", Type: "string", Description: "Status of the Ready condition."},
			{Name: "Version", Type: "string", Description: "Kubernetes version of the member."},
			{Name: "Region", Type: "string", Description: "Region of the member."},
			{Name: "Age", Type: "string", Description: "Time since registration."},
			{Name: "Server", Type: "string", Priority: 1, Description: "API server address of the member."},
			{Name: "Zones", Type: "string", Priority: 1, Description: "Zones of the member."},
			{Name: "Unserved", Type: "string", Priority: 1,
				Description: "Member types of federated kinds the member's API does not serve; objects of those kinds are not written there."},
		},
		Cells: func(obj runtime.Object) ([]any, error) {
			c, ok := obj.(*federation.Cluster)
			if !ok {
				return nil, fmt.Errorf("not a Cluster: %T", obj)
			}
			return []any{
				c.Name,
				table.ConditionStatus(c.Status.Conditions, federation.ClusterReady),
				c.Status.KubernetesVersion,
				firstNonEmpty(c.Spec.Region, c.Status.Region),
				table.Age(c.CreationTimestamp),
				server(c.Spec),
				strings.Join(zones(c), ","),
				unservedResources(c.Status.UnservedResources),
			}, nil
		},
	}
}

func server(s federation.ClusterSpec) string {
	if s.Server != "" || len(s.ServerAddressByClientCIDRs) == 0 {
		return s.Server
	}
	return s.ServerAddressByClientCIDRs[0].ServerAddress
}

// unservedResources lists resources as group/version/resource, comma-separated.
func unservedResources(gvrs []metav1.GroupVersionResource) string {
	out := make([]string, 0, len(gvrs))
	for _, r := range gvrs {
		out = append(out, propagation.ResourceString(schema.GroupVersionResource{Group: r.Group, Version: r.Version, Resource: r.Resource}))
	}
	return strings.Join(out, ",")
}

func zones(c *federation.Cluster) []string {
	if len(c.Spec.Zones) > 0 {
		return c.Spec.Zones
	}
	return c.Status.Zones
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
