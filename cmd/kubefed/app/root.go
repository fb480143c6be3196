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

// Package app holds kubefed's cobra commands: flags and wiring only, the logic is in
// pkg/kubefed.
package app

import (
	"io"

	"github.com/spf13/cobra"

	"k8s.io/federation/pkg/kubefed/kubeconfig"
)

// globalFlags are kubectl's flags for choosing a kubeconfig and context.
type globalFlags struct {
	kubeconfig string
	context    string
}

func (g *globalFlags) loader() kubeconfig.Loader { return kubeconfig.Loader{Path: g.kubeconfig} }

// host resolves the host cluster: --host-cluster-context, else --context, else the current
// context.
func (g *globalFlags) host(hostContext string) (*kubeconfig.Cluster, error) {
	if hostContext != "" {
		return g.loader().Load(hostContext, "--host-cluster-context")
	}
	return g.loader().Load(g.context, "--host-cluster-context or --context")
}

// NewCommand returns the kubefed root command writing to out and errOut.
func NewCommand(out, errOut io.Writer) *cobra.Command {
	g := &globalFlags{}
	root := &cobra.Command{
		Use:   "kubefed",
		Short: "Install Kubernetes cluster federation into a host cluster and join member clusters",
		Long: `kubefed installs the federation control plane (fcp) into a host cluster and joins member
clusters to it. Federated objects are then written with plain kubectl against the host.

  kubefed init myfed --host-cluster-context=host --image=registry.example.com/federation/fcp:v0.1.0
  kubefed join eu-west --cluster-context=eu-west --host-cluster-context=host
  kubefed unjoin eu-west --host-cluster-context=host`,
		SilenceUsage:  true,
		SilenceErrors: false,
	}
	root.SetOut(out)
	root.SetErr(errOut)
	pf := root.PersistentFlags()
	pf.StringVar(&g.kubeconfig, "kubeconfig", "", "Path to the kubeconfig file; default $KUBECONFIG or ~/.kube/config, as for kubectl.")
	pf.StringVar(&g.context, "context", "", "The kubeconfig context of the host cluster when --host-cluster-context is not given.")
	root.AddCommand(newInitCommand(g), newJoinCommand(g), newUnjoinCommand(g), newVersionCommand(g))
	return root
}
