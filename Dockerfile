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

# The fcp image: one static binary, run as a non-root user, with the subcommand (apiserver,
# controller-manager or all) given as args, as in artifacts/05-deployment.yaml.
#
# It copies a binary built outside the image (`make quick-release` builds it with
# CGO_ENABLED=0 for the target arch and stages it next to this file), so the image build
# needs no Go toolchain or module download:
#   CGO_ENABLED=0 GOOS=linux GOARCH=amd64 go build -o fcp ./cmd/fcp && docker build -t federation/fcp:dev .
ARG BASE_IMAGE=gcr.io/distroless/static-debian12:nonroot
FROM ${BASE_IMAGE}
COPY fcp /usr/local/bin/fcp
# 65532 is distroless' nonroot user; the Deployment's fsGroup matches it.
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/fcp"]
