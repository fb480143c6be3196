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

// Package artifacts holds the manifests that install the federation control plane into a
// host cluster. `kubectl apply -f artifacts/` reads the YAML files (kubectl skips this Go
// file); `kubefed init` installs the very same files, embedded here.
package artifacts

import "embed"

// Files are the manifests, applied in file name order (the namespace first).
//
//go:embed *.yaml
var Files embed.FS
