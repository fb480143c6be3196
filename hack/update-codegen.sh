#!/usr/bin/env bash
# Copyright 2026 The Kubernetes Authors.
#
# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
# You may obtain a copy of the License at
#
#     http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.

# update-codegen.sh regenerates deepcopy, conversion, defaults, OpenAPI, clientset, listers,
# informers and apply configurations for pkg/apis. Never edit their output by hand.
set -o errexit -o nounset -o pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

# The generators are installed from code-generator's own go.mod into _output, never into the
# user's GOPATH/bin.
export GOBIN="$ROOT/_output/codegen-bin"
mkdir -p "$GOBIN"
# go mod download fetches the pinned module on a machine whose module cache lacks it (go list
# -m only reports a directory for a module already downloaded).
CODEGEN_PKG=$(go mod download -json k8s.io/code-generator | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
# shellcheck source=/dev/null
source "$CODEGEN_PKG/kube_codegen.sh"

BOILERPLATE="$ROOT/hack/boilerplate.go.txt"
MODULE=k8s.io/federation

kube::codegen::gen_helpers --boilerplate "$BOILERPLATE" "$ROOT/pkg/apis"

# Templates are typed with k8s.io/api types, so their OpenAPI is generated too: every template
# field is documented in kubectl explain and known to server-side apply.
report_args=(--report-filename "$ROOT/api/api-rules/violation_exceptions.list")
if [[ "${UPDATE_API_KNOWN_VIOLATIONS:-}" == "true" ]]; then
  report_args+=(--update-report)
fi
kube::codegen::gen_openapi \
  --output-dir "$ROOT/pkg/generated/openapi" \
  --output-pkg "$MODULE/pkg/generated/openapi" \
  --extra-pkgs k8s.io/api/core/v1 \
  --extra-pkgs k8s.io/api/apps/v1 \
  --extra-pkgs k8s.io/api/autoscaling/v1 \
  --extra-pkgs k8s.io/api/autoscaling/v2 \
  --extra-pkgs k8s.io/api/batch/v1 \
  --extra-pkgs k8s.io/api/networking/v1 \
  --extra-pkgs k8s.io/api/policy/v1 \
  --extra-pkgs k8s.io/api/scheduling/v1alpha3 \
  --extra-pkgs k8s.io/apimachinery/pkg/apis/meta/v1 \
  --extra-pkgs k8s.io/apimachinery/pkg/api/resource \
  --extra-pkgs k8s.io/apimachinery/pkg/util/intstr \
  --extra-pkgs k8s.io/apimachinery/pkg/runtime \
  --extra-pkgs k8s.io/apimachinery/pkg/version \
  --output-model-name-file zz_generated.model_name.go \
  --boilerplate "$BOILERPLATE" \
  "${report_args[@]}" \
  "$ROOT/pkg/apis"

# Apply configurations of the k8s.io/api types inside templates come from client-go.
externals=""
for t in apps/v1.DeploymentSpec apps/v1.ReplicaSetSpec apps/v1.StatefulSetSpec apps/v1.DaemonSetSpec core/v1.Taint core/v1.SecretType core/v1.ObjectReference core/v1.LocalObjectReference core/v1.ServiceSpec core/v1.LoadBalancerStatus networking/v1.IngressSpec autoscaling/v2.HorizontalPodAutoscalerSpec batch/v1.JobSpec; do
  externals+="${externals:+,}k8s.io/api/${t}:k8s.io/client-go/applyconfigurations/${t%%.*}"
done
kube::codegen::gen_client \
  --with-watch \
  --with-applyconfig \
  --applyconfig-externals "$externals" \
  --output-dir "$ROOT/pkg/generated" \
  --output-pkg "$MODULE/pkg/generated" \
  --boilerplate "$BOILERPLATE" \
  "$ROOT/pkg/apis"
