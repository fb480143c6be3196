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

// Package all is the `fcp all` command: the apiserver and the controllers in one process,
// for local mode and small installations.
package all

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"
	utilerrors "k8s.io/apimachinery/pkg/util/errors"
	"k8s.io/client-go/tools/clientcmd"
	configoptions "k8s.io/component-base/config/options"
	"k8s.io/component-base/featuregate"
	logsapi "k8s.io/component-base/logs/api/v1"
	"k8s.io/component-base/version/verflag"

	"k8s.io/federation/cmd/fcp/app/apiserver"
	"k8s.io/federation/cmd/fcp/app/controllermanager"
)

// NewCommand returns the `fcp all` command.
func NewCommand(gate featuregate.MutableFeatureGate) *cobra.Command {
	server := apiserver.NewOptions()
	controllers := controllermanager.NewOptions()
	logOptions := logsapi.NewLoggingConfiguration()
	cmd := &cobra.Command{
		Use:   "all",
		Short: "Run the apiserver and the controller-manager in one process",
		Long: `Run fcp apiserver and fcp controller-manager in one process. It takes the apiserver's flags
and the controllers' own; both use the apiserver's --kubeconfig, --federation-namespace and
member-access flags. The controllers reach the federation API through the host's aggregator, as
they do when run apart, and their metrics are served on the apiserver's /metrics.`,
		SilenceUsage: true,
		PersistentPreRunE: func(*cobra.Command, []string) error {
			return server.ServerRun.ComponentGlobalsRegistry.Set()
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			verflag.PrintAndExitIfRequested()
			if err := logsapi.ValidateAndApply(logOptions, gate); err != nil {
				return err
			}
			if err := server.Complete(); err != nil {
				return err
			}
			shareMemberAccess(server, &controllers.Controllers)
			if err := utilerrors.NewAggregate(append([]error{server.Validate()}, controllers.Controllers.Validate()...)); err != nil {
				return err
			}
			return run(cmd.Context(), server, controllers)
		},
	}
	fs := cmd.Flags()
	server.AddFlags(fs)
	controllers.Controllers.AddFlags(fs, false)
	configoptions.BindLeaderElectionFlags(&controllers.LeaderElection, fs)
	logsapi.AddFlags(logOptions, fs)
	verflag.AddFlags(fs)
	return cmd
}

func shareMemberAccess(server *apiserver.Options, c *controllermanager.ControllerOptions) {
	wt := server.WriteThrough
	c.Namespace, c.MemberTimeout, c.MemberQPS, c.MemberBurst = wt.Namespace, wt.MemberTimeout, wt.MemberQPS, wt.MemberBurst
}

// run runs both until ctx ends or one of them fails, which stops the other.
func run(ctx context.Context, server *apiserver.Options, controllers *controllermanager.Options) error {
	hostCfg, err := clientcmd.BuildConfigFromFlags("", server.Recommended.CoreAPI.CoreAPIKubeconfigPath)
	if err != nil {
		return fmt.Errorf("host cluster client configuration: %w", err)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan error, 2)
	go func() { done <- server.Run(ctx) }()
	go func() {
		done <- controllermanager.RunControllers(ctx, hostCfg, hostCfg, controllers.Controllers, controllers.LeaderElection, nil)
	}()
	first := <-done
	cancel()
	second := <-done
	return utilerrors.NewAggregate([]error{first, second})
}
