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

package apiserver

import (
	"github.com/spf13/cobra"
	"k8s.io/component-base/featuregate"
	logsapi "k8s.io/component-base/logs/api/v1"
	"k8s.io/component-base/version/verflag"
)

// NewCommand returns the `fcp apiserver` command.
func NewCommand(gate featuregate.MutableFeatureGate) *cobra.Command {
	o := NewOptions()
	logOptions := logsapi.NewLoggingConfiguration()
	cmd := &cobra.Command{
		Use:   "apiserver",
		Short: "Serve the federation.k8s.io API behind the host cluster's aggregator",
		Long: `Serve the federation.k8s.io API (Clusters and federated kinds) as an aggregated API server
of the host cluster. It stores objects in an embedded etcd by default (--etcd-data-dir) or in
an external etcd (--etcd-servers), and delegates authentication and authorization to the host.`,
		SilenceUsage: true,
		PersistentPreRunE: func(*cobra.Command, []string) error {
			return o.ServerRun.ComponentGlobalsRegistry.Set()
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			verflag.PrintAndExitIfRequested()
			if err := logsapi.ValidateAndApply(logOptions, gate); err != nil {
				return err
			}
			if err := o.Complete(); err != nil {
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
