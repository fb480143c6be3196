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

// Command kubefed installs the federation control plane into a host cluster and joins and
// unjoins member clusters.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"k8s.io/federation/cmd/kubefed/app"
)

func main() {
	cmd := app.NewCommand(os.Stdout, os.Stderr)
	// Ctrl-C ends a wait cleanly instead of killing kubefed half-way through a write.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := cmd.ExecuteContext(ctx)
	stop()
	if err != nil {
		os.Exit(1)
	}
}
