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
)

// EventMemberKept is the reason of the event that reports member copies federation kept
// and released instead of deleting them (Outcome.Kept), on the federated object.
const EventMemberKept = "MemberKept"

// KeptMessage describes the outcomes whose copies were kept instead of deleted, for an
// EventMemberKept event: "" when none was.
func KeptMessage(outcomes []Outcome) string {
	var parts []string
	for _, o := range outcomes {
		if o.Err == nil && o.Kept != "" {
			parts = append(parts, fmt.Sprintf("%s: kept, no longer managed by federation, because %s", o.Cluster, o.Kept))
		}
	}
	return truncate(strings.Join(parts, "; "))
}
