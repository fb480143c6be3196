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

package v1beta1

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// PropagationSpec is the part of every federated object's spec that says where the template
// goes and how it differs per cluster. Every federated kind embeds it.
type PropagationSpec struct {
	// Placement selects the member clusters that receive the object.
	Placement Placement `json:"placement"`
	// Overrides change the rendered object for individual clusters.
	// +optional
	// +listType=map
	// +listMapKey=clusterName
	Overrides []ClusterOverride `json:"overrides,omitempty"`
}

// Placement selects member clusters by name, by label selector, or both (the union).
type Placement struct {
	// Clusters lists member clusters by name.
	// +optional
	// +listType=map
	// +listMapKey=name
	Clusters []ClusterReference `json:"clusters,omitempty"`
	// ClusterSelector selects member clusters by the labels of their Cluster objects.
	// An empty selector selects every cluster.
	// +optional
	ClusterSelector *metav1.LabelSelector `json:"clusterSelector,omitempty"`
	// Tolerations let the object onto clusters whose spec.taints would keep it off, with
	// core/v1 Toleration semantics (key, operator Exists or Equal, value, effect;
	// tolerationSeconds for NoExecute). A cluster's taints apply to every cluster the
	// placement names or selects, named ones included (a taint is how an operator drains a
	// cluster; naming it does not bypass that):
	//   - NoSchedule: an untolerated taint keeps the object off a cluster it is not on yet;
	//     a copy placed there before the taint was added stays (as running pods stay on a
	//     node tainted NoSchedule).
	//   - NoExecute: an untolerated taint also removes an existing copy. A toleration with
	//     tolerationSeconds keeps the copy for that long after the taint's timeAdded (the API
	//     server stamps timeAdded on NoExecute taints that have none), then removes it.
	//   - PreferNoSchedule: no effect on placement.
	// Each cluster kept off gets a status row with phase Excluded, reason TaintNotTolerated
	// and the taint in its message. The cluster controller taints a cluster that stays
	// Offline with federation.k8s.io/unreachable:NoExecute when the controller-manager's
	// --cluster-unreachable-taint-after is set: objects that do not tolerate it are no longer
	// placed there while it is unreachable (replica shares move to the other clusters; the
	// copies there stay, as the cluster cannot be reached), and the taint goes as soon as it
	// answers, before it counts as Ready, so those copies are placed again and kept.
	// +optional
	// +listType=atomic
	Tolerations []corev1.Toleration `json:"tolerations,omitempty"`
}

// ClusterReference names a member cluster.
type ClusterReference struct {
	// Name of the Cluster.
	Name string `json:"name"`
}

// ClusterOverride changes the rendered object for one member cluster.
type ClusterOverride struct {
	// ClusterName is the member cluster the patches apply to.
	ClusterName string `json:"clusterName"`
	// Patches are JSON-patch (RFC 6902) operations applied, in order, to the rendered member
	// object, e.g. {op: replace, path: /spec/replicas, value: 2}.
	// +listType=atomic
	Patches []OverridePatch `json:"patches"`
}

// Supported override operations.
const (
	OverrideOpAdd     = "add"
	OverrideOpRemove  = "remove"
	OverrideOpReplace = "replace"
)

// OverridePatch is one JSON-patch operation on the rendered member object.
type OverridePatch struct {
	// Op is the operation: add, remove or replace. As in Kubernetes' own JSON patch, replace
	// of an object key the rendered object lacks adds it; remove of a missing path fails.
	Op string `json:"op"`
	// Path is a JSON pointer (RFC 6901) into the member object, e.g. /spec/replicas or
	// /metadata/labels/tier. metadata.name and metadata.namespace cannot be patched.
	Path string `json:"path"`
	// Value is the JSON value for add and replace; it must be absent for remove. A null
	// value reads as absent: use remove to drop a field.
	// +optional
	Value *JSON `json:"value,omitempty"`
}

// ReplicaScheduling spreads a workload's replicas over its placed clusters.
//
// With replicaScheduling set, template.spec.replicas (unset means 1, as a Deployment
// defaults) is the TOTAL across the placed clusters, and each cluster's member object gets
// its share as spec.replicas. Removing replicas from the template therefore resets the
// total to 1: the previous total is not kept, and, unlike without replicaScheduling, the
// replicas are not left to the members. The shares come from one rule, in both the API server's
// write-through and the controller-manager, so they always agree (the rules of Divide in
// k8s.io/federation/pkg/scheduling):
//
//  1. Minimums first: every schedulable placed cluster gets its minReplicas. When they add
//     up to more than the total, they are met in cluster-name order until the total runs
//     out (condition ReplicasScheduled=False, reason MinimumsExceedTotal).
//  2. The rest goes by weight with the Webster / Sainte-Laguë divisor method: one replica at
//     a time to the cluster with the highest weight/(2s+1), s counting the replicas it got
//     by weight, never above its maxReplicas. Equal priorities are settled by an order
//     derived from the object's UID, so no cluster gets the odd replica of every object.
//     Raising the total never lowers a cluster's share.
//  3. When the maximums cannot hold the total, every cluster gets its maximum and the rest is
//     not placed (ReplicasScheduled=False, reason MaximumsBelowTotal). Nothing is dropped or
//     invented silently: status.clusters[].replicas shows what each cluster got.
//
// Example: {minReplicas: 2, weight: 2} and {minReplicas: 4, weight: 3}, total 10: the
// minimums take 6, the other 4 go 2:2 by Webster, so 4 and 6.
//
// Failover: a placed cluster whose Cluster has the condition Schedulable=False (set by the
// cluster controller once Ready has not been True for longer than its
// --cluster-failover-grace) gets 0, its minReplicas included, and the others share its
// replicas (within their maxReplicas). See Rebalance for what happens when it is
// schedulable again.
//
// An override of /spec/replicas for a cluster still wins there: overrides are applied after
// the share, so that cluster runs the override's value; the division itself ignores
// overrides, and status.clusters[].replicas records the scheduled share. What the members
// run, overrides included, is what the Available and Ready conditions compare with.
//
// Without replicaScheduling every placed cluster runs template.spec.replicas; a template
// without replicas leaves spec.replicas to each member (a member's HPA or kubectl scale).
type ReplicaScheduling struct {
	// Clusters holds per-cluster preferences, keyed by cluster name. A placed cluster without
	// an entry gets weight 1, no minimum and no maximum; an entry for a cluster that is not
	// placed has no effect.
	// +optional
	Clusters map[string]ClusterReplicaPreference `json:"clusters,omitempty"`
	// Rebalance decides what happens when replicas could stay where they are. With true, the
	// shares always follow the rule above, so a cluster that becomes schedulable again gets
	// its weighted share back at once. With false (the default) the division is sticky:
	// the shares recorded in status.clusters[].replicas are kept as long as they add up to
	// the total and respect every bound; a scale-up divides only the added replicas (by
	// weight, minimums first, within the maximums left) over the schedulable clusters and
	// adds them to the kept shares; a scale-down divides the new total with the kept shares
	// as weights (each cluster shrinks in proportion, none grows); replicas of a cluster
	// that failed over are divided like a scale-up. So a returning cluster gets replicas
	// only on a scale-up. When the kept shares cannot meet the bounds, the rule above is
	// applied afresh.
	// +optional
	Rebalance bool `json:"rebalance,omitempty"`
	// Mode is where the weights come from: Weighted (the default when unset) uses
	// clusters[].weight; Dynamic uses, for each schedulable cluster, how many more of the
	// template's pods fit in it, from the Cluster's status.allocatable and status.allocated
	// (the cluster controller's sums over the member's nodes and pods) and the template's pod
	// requests; clusters[].weight is then ignored, minReplicas and maxReplicas still apply.
	// Dynamic is sticky and requires rebalance false: replicas that run stay; the room
	// decides where the first replicas, a scale-up's added replicas and a failed-over
	// cluster's share go (re-dividing running replicas by a capacity that changes as they move
	// never settles). Weights, not caps: more replicas than fit still go by these weights,
	// and what does not fit waits as Pending pods. A cluster with no capacity data (its nodes or pods could
	// not be listed) gets weight 0; when the weights add up to 0 (no data anywhere, or no room
	// anywhere) Dynamic divides as Weighted does. Resources the Cluster does not report (e.g.
	// GPUs) and overrides of the pod's requests do not count.
	// +optional
	Mode string `json:"mode,omitempty"`
}

// Modes of ReplicaScheduling.
const (
	// ReplicaSchedulingModeWeighted divides by clusters[].weight.
	ReplicaSchedulingModeWeighted = "Weighted"
	// ReplicaSchedulingModeDynamic divides by the room each cluster has for the template's pods.
	ReplicaSchedulingModeDynamic = "Dynamic"
)

// ClusterReplicaPreference bounds and weighs the replicas one cluster receives.
type ClusterReplicaPreference struct {
	// Weight is this cluster's share, relative to the other clusters' weights, of the
	// replicas left once every minReplicas is met. Unset or 0 means 1: every placed cluster
	// takes part (to keep a cluster at its minimum, set maxReplicas equal to minReplicas).
	// Negative values are invalid.
	// +optional
	Weight int32 `json:"weight,omitempty"`
	// MinReplicas is the least this cluster receives when the total allows it (minimums are
	// met before any weight counts). Negative values are invalid.
	// +optional
	MinReplicas int32 `json:"minReplicas,omitempty"`
	// MaxReplicas is the most this cluster receives; unbounded when unset. It must not be
	// below minReplicas.
	// +optional
	MaxReplicas *int32 `json:"maxReplicas,omitempty"`
}

// Condition types of federated objects.
const (
	// ConditionPropagated is True when every placed cluster holds the current generation.
	ConditionPropagated = "Propagated"
	// ConditionReplicasScheduled is set only on objects with spec.replicaScheduling: True
	// (reason Scheduled) when the total was divided within every cluster's bounds, False
	// when the bounds cannot be met, with the reason MinimumsExceedTotal,
	// MaximumsBelowTotal or NoClusters and a message naming the numbers.
	ConditionReplicasScheduled = "ReplicasScheduled"
	// ConditionAutoscaled is set only on workloads a FederatedHorizontalPodAutoscaler
	// targets (its template.spec.scaleTargetRef names the member kind and the workload's
	// name, in the same namespace): True, reason MemberAutoscalers, while the member HPAs
	// own the workload's replicas, which federation then neither writes nor restores
	// (template.spec.replicas, replicaScheduling and overrides of /spec/replicas have no
	// effect); the message names the FederatedHorizontalPodAutoscaler. Removed when none
	// targets the workload any more.
	ConditionAutoscaled = "Autoscaled"
	// ConditionAvailable is set on workloads (kinds whose member status federation sums,
	// e.g. FederatedDeployment): True when every placed, schedulable cluster's copy is
	// available (a Deployment's own Available condition is True) and the members' available
	// replicas add up to at least the desired replicas: what the placed clusters are told to
	// run (the sum of each one's rendered spec.replicas, its share or the template's replicas
	// after its overrides), plus any replicas spec.replicaScheduling could not place. So it
	// is False, reason ReplicasNotPlaced, while ReplicasScheduled is False with reason
	// MaximumsBelowTotal or NoClusters: the template asks for replicas that run nowhere.
	// kubectl wait --for=condition=Available reads it.
	ConditionAvailable = "Available"
	// ConditionReady is True when the object is Propagated, ReplicasScheduled is not False
	// (else reason ReplicasNotSchedulable, or FailoverInProgress when only failed-over
	// clusters keep the bounds from being met) and, for workloads, every member's rollout of
	// the current generation has completed (the Deployment controller's own "complete" rule:
	// observedGeneration >= generation and updatedReplicas, replicas and availableReplicas
	// all equal spec.replicas; reason ProgressDeadlineExceeded when a rollout cannot finish)
	// with the desired replicas (see ConditionAvailable) available. kstatus (Flux, Helm 4)
	// reads Ready False as InProgress.
	ConditionReady = "Ready"
	// ConditionReconciling is kstatus's "abnormal-true" progress condition: True while the
	// object is not yet Ready and nothing says it cannot get there (a write pending, members
	// rolling out, a member unreachable, timing out, throttling or unavailable, clusters
	// failed over). kstatus reads it as InProgress. It is False otherwise.
	ConditionReconciling = "Reconciling"
	// ConditionStalled is kstatus's "abnormal-true" failure condition: True when propagation
	// cannot succeed without a change to the object or a member: a member refuses the object
	// (Invalid, or Forbidden by its admission), holds an object of that name that is not
	// federation's (Conflict), overrides do not apply, a member's rollout exceeded its
	// progress deadline (a Deployment's Progressing=False, reason ProgressDeadlineExceeded),
	// a member's Job failed (reason MembersFailed, FederatedJob), or the replica bounds cannot be met with every placed cluster schedulable
	// (ReplicasScheduled False). Its message names the clusters. kstatus reads it as Failed.
	// Transient failures are retried and are never a stall: a member unreachable, timing
	// out, answering ServiceUnavailable or TooManyRequests, or failed over. False otherwise.
	ConditionStalled = "Stalled"
)

// Per-cluster propagation phases.
const (
	PropagationPhasePending    = "Pending"
	PropagationPhasePropagated = "Propagated"
	PropagationPhaseFailed     = "Failed"
	// PropagationPhaseExcluded is the phase of a row for a cluster the placement names or
	// selects but keeps the object off (an untolerated taint, see Placement.Tolerations): the
	// object is not there and federation does not write it there.
	PropagationPhaseExcluded = "Excluded"
)

// FederatedStatus is the status every federated kind reports.
type FederatedStatus struct {
	// ObservedGeneration is the generation the status describes: the generation federation
	// last wrote (or tried to write) to every placed cluster. It is always serialized, 0
	// included, so that an object whose status was never written reads as not yet observed
	// (kstatus treats a missing observedGeneration as "nothing to wait for"). Whether the
	// members have rolled that generation out is what the Ready and Reconciling conditions
	// say.
	// +optional
	ObservedGeneration int64 `json:"observedGeneration"`
	// Conditions: Propagated, Ready, Reconciling and Stalled on every kind; Available on
	// workloads; ReplicasScheduled on objects with replicaScheduling.
	// +optional
	// +listType=map
	// +listMapKey=type
	Conditions []metav1.Condition `json:"conditions,omitempty"`
	// Clusters reports, per placed cluster, what the member did with the object.
	// +optional
	// +listType=map
	// +listMapKey=name
	Clusters []ClusterPropagationStatus `json:"clusters,omitempty"`
	// LoadBalancer holds, on kinds whose members expose load balancers (FederatedService,
	// FederatedIngress), the ingress points every placed cluster's copy reports in its own
	// status.loadBalancer.ingress, together: sorted by IP, then hostname, each IP and
	// hostname pair once (the first cluster's entry, by cluster name, when several report
	// it). This is what a DNS controller reads; status.clusters[].loadBalancer has each
	// cluster's own. A cluster counts while federation has its copy (not Excluded, not
	// failed): an unreachable member's addresses drop out until it answers again. Unset
	// while no member reports one (a load balancer still being provisioned: kubectl's
	// <pending>).
	// +optional
	LoadBalancer *corev1.LoadBalancerStatus `json:"loadBalancer,omitempty"`
	// DNS is set on FederatedService only, by the controller-manager's DNS controller
	// (--dns-provider): the names it publishes for a Service of type LoadBalancer, one per
	// level (zone, region, global; the original federation's
	// <service>.<namespace>.<federation>.svc[.<zone>][.<region>].<dns-zone>), each with the
	// healthy clusters' addresses or, when the level has none, the name it is a CNAME to.
	// Unset when the controller is off or the Service is not of type LoadBalancer.
	// +optional
	DNS *ServiceDNSStatus `json:"dns,omitempty"`

	// The fields below are set on workloads only, summed over the placed clusters' copies
	// (failed-over clusters included, Excluded ones not), with the member kind's own status
	// field names and meaning (a Deployment's for FederatedDeployment, a ReplicaSet's for
	// FederatedReplicaSet, a StatefulSet's for FederatedStatefulSet, a DaemonSet's for
	// FederatedDaemonSet; each kind sets the fields its member kind has): they count what the members report, not what they are told to
	// run. The desired replicas (see
	// ConditionAvailable; the READY denominator of kubectl get) are not stored.

	// Replicas is the sum of the members' status.replicas (pods, old and new).
	// +optional
	Replicas *int32 `json:"replicas,omitempty"`
	// UpdatedReplicas is the sum of the members' status.updatedReplicas.
	// +optional
	UpdatedReplicas *int32 `json:"updatedReplicas,omitempty"`
	// ReadyReplicas is the sum of the members' status.readyReplicas.
	// +optional
	ReadyReplicas *int32 `json:"readyReplicas,omitempty"`
	// AvailableReplicas is the sum of the members' status.availableReplicas.
	// +optional
	AvailableReplicas *int32 `json:"availableReplicas,omitempty"`
	// UnavailableReplicas is the sum of the members' status.unavailableReplicas.
	// +optional
	UnavailableReplicas *int32 `json:"unavailableReplicas,omitempty"`
	// DesiredNumberScheduled is the sum of the members' status.desiredNumberScheduled
	// (FederatedDaemonSet: nodes that should run the daemon pod).
	// +optional
	DesiredNumberScheduled *int32 `json:"desiredNumberScheduled,omitempty"`
	// CurrentNumberScheduled is the sum of the members' status.currentNumberScheduled
	// (FederatedDaemonSet: nodes running at least one daemon pod that should).
	// +optional
	CurrentNumberScheduled *int32 `json:"currentNumberScheduled,omitempty"`
	// NumberReady is the sum of the members' status.numberReady (FederatedDaemonSet).
	// +optional
	NumberReady *int32 `json:"numberReady,omitempty"`
	// UpdatedNumberScheduled is the sum of the members' status.updatedNumberScheduled
	// (FederatedDaemonSet: nodes running the updated daemon pod).
	// +optional
	UpdatedNumberScheduled *int32 `json:"updatedNumberScheduled,omitempty"`
	// NumberAvailable is the sum of the members' status.numberAvailable (FederatedDaemonSet).
	// +optional
	NumberAvailable *int32 `json:"numberAvailable,omitempty"`
	// NumberUnavailable is the sum of the members' status.numberUnavailable
	// (FederatedDaemonSet).
	// +optional
	NumberUnavailable *int32 `json:"numberUnavailable,omitempty"`
	// CurrentReplicas is the sum of the members' status.currentReplicas (FederatedStatefulSet:
	// pods at the StatefulSet's currentRevision; FederatedHorizontalPodAutoscaler: the
	// replicas of the target the member HPAs last saw).
	// +optional
	CurrentReplicas *int32 `json:"currentReplicas,omitempty"`
	// DesiredReplicas is the sum of the members' status.desiredReplicas
	// (FederatedHorizontalPodAutoscaler: the replicas the member HPAs last computed, as
	// Karmada sums them).
	// +optional
	DesiredReplicas *int32 `json:"desiredReplicas,omitempty"`
	// FullyLabeledReplicas is the sum of the members' status.fullyLabeledReplicas
	// (FederatedReplicaSet: pods whose labels match the template's).
	// +optional
	FullyLabeledReplicas *int32 `json:"fullyLabeledReplicas,omitempty"`
	// Active is the sum of the members' status.active (FederatedJob: pending and running
	// pods).
	// +optional
	Active *int32 `json:"active,omitempty"`
	// Succeeded is the sum of the members' status.succeeded (FederatedJob: pods that
	// succeeded).
	// +optional
	Succeeded *int32 `json:"succeeded,omitempty"`
	// Failed is the sum of the members' status.failed (FederatedJob: pods that failed).
	// +optional
	Failed *int32 `json:"failed,omitempty"`
	// StartTime is, on a FederatedJob, the earliest of the members' status.startTime, set
	// once every placed cluster's Job has started.
	// +optional
	StartTime *metav1.Time `json:"startTime,omitempty"`
	// CompletionTime is, on a FederatedJob, the latest of the members'
	// status.completionTime, set once every placed cluster's Job has completed.
	// +optional
	CompletionTime *metav1.Time `json:"completionTime,omitempty"`
}

// ClusterPropagationStatus is one member cluster's outcome for a federated object.
type ClusterPropagationStatus struct {
	// Name of the member cluster.
	Name string `json:"name"`
	// Phase is Pending, Propagated, Failed or Excluded.
	Phase string `json:"phase"`
	// Reason is a CamelCase reason for the phase, e.g. Forbidden or Timeout.
	// +optional
	Reason string `json:"reason,omitempty"`
	// Message is a human-readable explanation, usually the member's own error message.
	// +optional
	Message string `json:"message,omitempty"`
	// Generation is the member object's metadata.generation after the last write.
	// +optional
	Generation int64 `json:"generation,omitempty"`
	// LoadBalancer is the member copy's status.loadBalancer (its ingress points, sorted by
	// IP then hostname), on kinds whose members expose load balancers; unset while the copy
	// reports none.
	// +optional
	LoadBalancer *corev1.LoadBalancerStatus `json:"loadBalancer,omitempty"`
	// MemberPhase is the member copy's status.phase, on kinds whose member type reports one
	// (FederatedNamespace: the member namespace's Active or Terminating); unset on the other
	// kinds and while the cluster holds no copy.
	// +optional
	MemberPhase string `json:"memberPhase,omitempty"`
	// Replicas is the number of replicas spec.replicaScheduling gives this cluster (its
	// share of the total; 0 for a cluster that failed over). Unset on objects without
	// replicaScheduling. An override of /spec/replicas changes what the member runs, not
	// this share.
	// +optional
	Replicas *int32 `json:"replicas,omitempty"`
	// ReadyReplicas is the member copy's status.readyReplicas (workloads only).
	// +optional
	ReadyReplicas *int32 `json:"readyReplicas,omitempty"`
	// AvailableReplicas is the member copy's status.availableReplicas (workloads only).
	// +optional
	AvailableReplicas *int32 `json:"availableReplicas,omitempty"`
	// MinReplicas is the member HorizontalPodAutoscaler's spec.minReplicas: this cluster's
	// part of a FederatedHorizontalPodAutoscaler's template.spec.minReplicas, or what the
	// cluster's override sets.
	// +optional
	MinReplicas *int32 `json:"minReplicas,omitempty"`
	// MaxReplicas is the member HorizontalPodAutoscaler's spec.maxReplicas: this cluster's
	// part of a FederatedHorizontalPodAutoscaler's template.spec.maxReplicas, or what the
	// cluster's override sets.
	// +optional
	MaxReplicas *int32 `json:"maxReplicas,omitempty"`
	// CurrentReplicas is the member HorizontalPodAutoscaler's status.currentReplicas.
	// +optional
	CurrentReplicas *int32 `json:"currentReplicas,omitempty"`
	// DesiredReplicas is the member HorizontalPodAutoscaler's status.desiredReplicas.
	// +optional
	DesiredReplicas *int32 `json:"desiredReplicas,omitempty"`
	// Finished is, on kinds whose members run to completion (FederatedJob), the terminal
	// condition the member copy reached for this generation of the object: Complete or
	// Failed; unset while it runs. A finished copy that the member then deletes
	// (ttlSecondsAfterFinished) is not written again while the object's spec is unchanged,
	// and its row keeps this value.
	// +optional
	Finished string `json:"finished,omitempty"`
}

// DNS levels, from the nearest to the widest, as in the original federation.
const (
	DNSLevelZone   = "Zone"
	DNSLevelRegion = "Region"
	DNSLevelGlobal = "Global"
)

// ServiceDNSStatus is what the DNS controller publishes for a FederatedService.
type ServiceDNSStatus struct {
	// Zone is the DNS zone the names are in (--dns-zone-name), without the trailing dot.
	Zone string `json:"zone"`
	// Names are the names published, sorted by name.
	// +optional
	// +listType=map
	// +listMapKey=name
	Names []DNSNameStatus `json:"names,omitempty"`
}

// DNSNameStatus is one published name: the healthy clusters' addresses, or a CNAME to the
// level above when that level has none.
type DNSNameStatus struct {
	// Name is the fully qualified name without the trailing dot, e.g.
	// web.shop.myfed.svc.us-east1-b.us-east1.example.com.
	Name string `json:"name"`
	// Level is Zone, Region or Global.
	Level string `json:"level"`
	// Addresses are the load-balancer IPs (A and AAAA records) of the healthy clusters of
	// the level, sorted; or the load balancer's hostname (a CNAME) when they have no IP.
	// +optional
	// +listType=atomic
	Addresses []string `json:"addresses,omitempty"`
	// CNAME is the name of the level above this name is an alias of while its own level has
	// no healthy cluster; unset otherwise. The global name has none: without a healthy
	// cluster it has no records.
	// +optional
	CNAME string `json:"cname,omitempty"`
	// Clusters are the healthy clusters whose addresses the name has, sorted.
	// +optional
	// +listType=atomic
	Clusters []string `json:"clusters,omitempty"`
}
