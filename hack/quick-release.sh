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

# quick-release.sh builds the release tarballs for one platform (the host's by default):
#   _output/release/federation-client-<os>-<arch>.tar.gz   kubefed
#   _output/release/federation-server-<os>-<arch>.tar.gz   fcp, artifacts/, the Dockerfile
#   _output/release/fcp-<arch>.tar                         the fcp image (`docker load -i`),
#                                                          only where a container engine runs
# Env: GOOS, GOARCH (default: go env), VERSION (default: v0.0.0-<git describe>), IMAGE
# (default federation/fcp:<VERSION>), CONTAINER_ENGINE (default: docker, else podman).
#
# VERSION must be v0.0.N[-suffix]: fcp's embedded k8s.io/apiserver derives its Kubernetes
# compatibility (emulation) version from the binary's version, and only a 0.0 version makes
# it use the Kubernetes version of the libraries (1.37); v0.1.0 would make fcp emulate
# Kubernetes 0.1 and turn off features it relies on.
set -o errexit -o nounset -o pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

GO=${GO:-go}
GOOS=${GOOS:-$($GO env GOOS)}
GOARCH=${GOARCH:-$($GO env GOARCH)}
VERSION=${VERSION:-v0.0.0-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}
if [[ ! "$VERSION" =~ ^v0\.0\.[0-9]+ ]]; then
  echo "VERSION=$VERSION: must be v0.0.N[-suffix] (see the comment at the top of $0)" >&2
  exit 1
fi
IMAGE=${IMAGE:-federation/fcp:${VERSION}}
OUT=_output/release
STAGE=$OUT/stage-$GOOS-$GOARCH

# Versions as `kubefed version` and `fcp --version` report them.
ldflags="-s -w"
for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags+=" -X $p.gitVersion=$VERSION -X $p.gitCommit=$(git rev-parse HEAD 2>/dev/null || echo unknown)"
  ldflags+=" -X $p.buildDate=$(date -u +%Y-%m-%dT%H:%M:%SZ) -X $p.gitTreeState=$(test -z "$(git status --porcelain 2>/dev/null)" && echo clean || echo dirty)"
done

rm -rf "$STAGE"
mkdir -p "$STAGE/client/federation/client/bin" "$STAGE/server/federation/server/bin" "$STAGE/server/federation/server/artifacts"
echo "Building kubefed and fcp $VERSION for $GOOS/$GOARCH"
CGO_ENABLED=0 GOOS=$GOOS GOARCH=$GOARCH $GO build -trimpath -ldflags "$ldflags" \
  -o "$STAGE/client/federation/client/bin/kubefed" ./cmd/kubefed
CGO_ENABLED=0 GOOS=$GOOS GOARCH=$GOARCH $GO build -trimpath -ldflags "$ldflags" \
  -o "$STAGE/server/federation/server/bin/fcp" ./cmd/fcp
cp artifacts/*.yaml "$STAGE/server/federation/server/artifacts/"
cp Dockerfile "$STAGE/server/federation/server/"
echo "$VERSION" > "$STAGE/client/federation/version"
echo "$VERSION" > "$STAGE/server/federation/version"

# Reproducible tarballs: fixed owner, order and times.
tarball() { # dir out
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime='1970-01-01 00:00:00Z' \
    -C "$1" -czf "$2" federation
  echo "  $2"
}
echo "Packaging"
tarball "$STAGE/client" "$OUT/federation-client-$GOOS-$GOARCH.tar.gz"
tarball "$STAGE/server" "$OUT/federation-server-$GOOS-$GOARCH.tar.gz"

# The image, where a container engine runs. Images are Linux images.
image_tar="$OUT/fcp-$GOARCH.tar"
engine=${CONTAINER_ENGINE:-}
if [[ -z "$engine" ]]; then
  for e in docker podman; do
    if command -v "$e" >/dev/null; then engine=$e; break; fi
  done
fi
if [[ "$GOOS" != linux ]]; then
  echo "Skipping the fcp image: images are built for linux, not $GOOS"
elif [[ -z "$engine" ]]; then
  echo "Skipping the fcp image ($image_tar): no container engine (docker or podman) found"
elif ! "$engine" info >/dev/null 2>&1; then
  echo "Skipping the fcp image ($image_tar): '$engine info' fails, the container engine is not running"
else
  ctx="$STAGE/image"
  mkdir -p "$ctx"
  cp Dockerfile "$STAGE/server/federation/server/bin/fcp" "$ctx/"
  "$engine" build --platform "linux/$GOARCH" -t "$IMAGE" "$ctx"
  "$engine" save -o "$image_tar" "$IMAGE"
  echo "  $image_tar ($IMAGE)"
fi
rm -rf "$STAGE"
