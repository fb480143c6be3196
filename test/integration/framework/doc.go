// Copyright 2026 The Kubernetes Authors.
//
// Licensed under the Apache License, Version 2.0 (the "License");
// you may not use this file except in compliance with the License.
// You may obtain a copy of the License at
//
//     http://www.apache.org/licenses/LICENSE-2.0
//
// Unless required by applicable law or agreed to in writing, software
// distributed under the License is distributed on an "AS IS" BASIS,
// WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
// See the License for the specific language governing permissions and
// limitations under the License.

// Package framework runs real Kubernetes control planes (etcd, kube-apiserver and optionally
// kube-controller-manager, kube-scheduler and kwok) on free ports of 127.0.0.1, for
// integration tests and for the local-up program.
//
// The core API (Start, ControlPlane) takes contexts and returns errors; StartHost,
// StartMember and StartControlPlanes wrap it for tests. The binaries come from
// $FEDERATION_BIN_DIR or <module root>/_output/bin (hack/install-binaries.sh).
//
// Every child runs in its own process group. Stop ends them with SIGTERM, then SIGKILL after
// 10 seconds. The first Start installs a handler so that SIGINT or SIGTERM to the program
// stops every child before the program exits with status 128+signal; on Linux the kernel
// also kills children whose parent dies. Only Linux (and, without that last net, other Unix
// systems) are supported.
package framework
