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

// Command fcp is the federation control plane: `fcp apiserver` serves the federation.k8s.io
// API behind the host cluster's aggregator, `fcp controller-manager` keeps member clusters
// converged, and `fcp all` runs both in one process.
package main

import (
	"os"

	"github.com/spf13/cobra"
	genericapiserver "k8s.io/apiserver/pkg/server"
	utilfeature "k8s.io/apiserver/pkg/util/feature"
	"k8s.io/component-base/cli"
	logsapi "k8s.io/component-base/logs/api/v1"

	"k8s.io/federation/cmd/fcp/app/all"
	"k8s.io/federation/cmd/fcp/app/apiserver"
	"k8s.io/federation/cmd/fcp/app/controllermanager"
)

func main() {
	gate := utilfeature.DefaultMutableFeatureGate
	if err := logsapi.AddFeatureGates(gate); err != nil {
		panic(err)
	}
	root := &cobra.Command{
		Use:   "fcp",
		Short: "The federation control plane",
	}
	root.AddCommand(apiserver.NewCommand(gate), controllermanager.NewCommand(gate), all.NewCommand(gate))
	ctx := genericapiserver.SetupSignalContext()
	root.SetContext(ctx)
	os.Exit(cli.Run(root))
}
