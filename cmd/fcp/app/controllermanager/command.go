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

package controllermanager

import (
	"github.com/spf13/cobra"
	"k8s.io/component-base/featuregate"
	logsapi "k8s.io/component-base/logs/api/v1"
	"k8s.io/component-base/version/verflag"
)

// NewCommand returns the `fcp controller-manager` command.
func NewCommand(gate featuregate.MutableFeatureGate) *cobra.Command {
	o := NewOptions()
	logOptions := logsapi.NewLoggingConfiguration()
	cmd := &cobra.Command{
		Use:   "controller-manager",
		Short: "Keep member clusters converged with the federation API",
		Long: `Run the federation controllers: the cluster controller probes every member and keeps its
Cluster's Ready and Offline conditions true; the sync controller brings every member to what each
federated object renders to (missed writes, members that come back, edits or deletions made in a
member, placement changes) and finishes deletions. One instance leads at a time, through a Lease
in the host cluster.`,
		SilenceUsage: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			verflag.PrintAndExitIfRequested()
			if err := logsapi.ValidateAndApply(logOptions, gate); err != nil {
				return err
			}
			if err := o.Validate(); err != nil {
				return err
			}
			return o.Run(cmd.Context())
		},
	}
	fs := cmd.Flags()
	o.AddFlags(fs)
	logsapi.AddFlags(logOptions, fs)
	verflag.AddFlags(fs)
	return cmd
}
