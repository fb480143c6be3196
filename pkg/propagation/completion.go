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

package propagation

import (
	"fmt"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
)

// Reasons of the conditions of kinds that run to completion (a FederatedJob's Complete and
// Failed, and its Ready, Reconciling and Stalled).
const (
	// ReasonAllComplete: Complete=True, every placed cluster's copy completed.
	ReasonAllComplete = "AllClustersComplete"
	// ReasonNotComplete: Complete=False and Ready=False while some copy runs (or is not
	// written yet).
	ReasonNotComplete = "NotComplete"
	// ReasonMembersFailed: Failed=True, Ready=False and Stalled=True when some placed
	// cluster's copy failed (a Job's Failed condition), which only a change (of the
	// template, recreating the Job, or of the member) clears.
	ReasonMembersFailed = "MembersFailed"
	// ReasonNoneFailed: Failed=False.
	ReasonNoneFailed = "NoClusterFailed"
)

// completion sets Complete and Failed for a kind that runs to completion (w, from
// aggregate), records in ready what keeps it from Ready, and returns the failed members,
// which stall the object. Complete is True when every placed cluster's copy completed
// (and some cluster is placed); Failed is True when any failed, naming them. Ready follows
// Complete, so kstatus reads a running object as InProgress (Reconciling True), a complete
// one as Current, and a failed one as Failed (Stalled True), as it reads a Job itself.
func completion(w workload, set setCondition, ready *verdict) []memberStall {
	if len(w.failed) > 0 {
		msg := "Failed in: " + strings.Join(w.failed, "; ") + "."
		set(fedv1beta1.ConditionFailed, metav1.ConditionTrue, ReasonMembersFailed, msg)
		ready.notReady(ReasonMembersFailed, msg)
	} else {
		set(fedv1beta1.ConditionFailed, metav1.ConditionFalse, ReasonNoneFailed, "No placed cluster's copy has failed.")
	}
	switch {
	case len(w.incomplete) > 0:
		msg := "Not complete in: " + strings.Join(w.incomplete, "; ") + "."
		set(fedv1beta1.ConditionComplete, metav1.ConditionFalse, ReasonNotComplete, msg)
		ready.notReady(ReasonNotComplete, msg)
	case w.members == 0:
		set(fedv1beta1.ConditionComplete, metav1.ConditionFalse, ReasonNotComplete, "No placed cluster runs it.")
		ready.notReady(ReasonNotComplete, "No placed cluster runs it.")
	default:
		set(fedv1beta1.ConditionComplete, metav1.ConditionTrue, ReasonAllComplete,
			fmt.Sprintf("Complete in every placed cluster: %s.", strings.Join(w.complete, ", ")))
		if !ready.failed {
			ready.message = "Propagated and complete in every placed cluster."
		}
	}
	stalls := make([]memberStall, 0, len(w.failed))
	for _, f := range w.failed {
		stalls = append(stalls, memberStall{ReasonMembersFailed, "the copy failed in cluster " + f})
	}
	return stalls
}
