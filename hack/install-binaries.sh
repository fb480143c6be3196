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

# install-binaries.sh builds the real control-plane binaries the tests and `make run` use
# (kube-apiserver, kube-controller-manager, kube-scheduler, kubectl, etcd, etcdctl, kwok)
# from the Go module proxy, using the pinned throwaway modules under hack/tools/, and CoreDNS
# (with its etcd plugin, which the DNS controller's coredns provider writes for) with
# `go install github.com/coredns/coredns@$COREDNS_VERSION`.
#
# Binaries are cached outside the clone, keyed by the pinned module files, and linked into
# _output/bin, so a fresh clone on the same machine reuses them in seconds.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOOLS="$ROOT/hack/tools"
OUT="$ROOT/_output/bin"
BINARIES=(kube-apiserver kube-controller-manager kube-scheduler kubectl etcd etcdctl kwok kwok-stages.yaml)

# pinned MODULE DIR prints the version of MODULE required by the tool module in DIR.
pinned() { sed -n "s#^[[:space:]]*\(require[[:space:]]*\)\{0,1\}$1[[:space:]][[:space:]]*\(v[^[:space:]]*\).*#\2#p" "$TOOLS/$2/go.mod" | head -1; }
KUBE_VERSION=$(pinned k8s.io/kubernetes kube)
ETCD_VERSION=$(pinned go.etcd.io/etcd/server/v3 etcd)
KWOK_VERSION=$(pinned sigs.k8s.io/kwok kwok)

# CoreDNS is pinned here (its own go.mod pins its dependencies); it lives in a cache directory
# of its own, so adding or moving it never invalidates the control-plane binaries' directory.
COREDNS_VERSION=v1.15.0

# The key changes whenever a pinned module file or the Go toolchain changes.
TOOL_MODS=(etcd kube kwok)
digest=$( { for m in "${TOOL_MODS[@]}"; do cat "$TOOLS/$m/go.mod"; done
  for m in "${TOOL_MODS[@]}"; do cat "$TOOLS/$m/go.sum"; done
  go env GOVERSION GOOS GOARCH; } | sha256sum | cut -c1-12)
KEY="kube-${KUBE_VERSION}_etcd-${ETCD_VERSION}_kwok-${KWOK_VERSION}_${digest}"
CACHE_ROOT="${FEDERATION_BIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/federation/bin}"
CACHE="$CACHE_ROOT/$KEY"
COREDNS_KEY="coredns-${COREDNS_VERSION}_$(go env GOVERSION GOOS GOARCH | sha256sum | cut -c1-12)"
COREDNS_CACHE="$CACHE_ROOT/$COREDNS_KEY"

start=$SECONDS
log() { printf '%s [install-binaries +%ds] %s\n' "$(date +%H:%M:%S)" "$((SECONDS - start))" "$*"; }

# install_coredns builds CoreDNS into its own cache directory unless it is there (a cold build
# takes ~2.5 minutes and 1.4 GB of memory on 2 cores) and links it into _output/bin.
install_coredns() {
  if [ ! -f "$COREDNS_CACHE/.complete" ]; then
    log "go install github.com/coredns/coredns@$COREDNS_VERSION into $COREDNS_CACHE"
    local tmp="$COREDNS_CACHE.partial"
    rm -rf "$tmp" && mkdir -p "$tmp"
    (cd "$tmp" && CGO_ENABLED=0 GOFLAGS= GOBIN="$tmp" go install -trimpath -ldflags "-s -w" \
      "github.com/coredns/coredns@$COREDNS_VERSION")
    touch "$tmp/.complete"
    rm -rf "$COREDNS_CACHE" && mv "$tmp" "$COREDNS_CACHE"
  fi
  mkdir -p "$OUT"
  ln -sfn "$COREDNS_CACHE/coredns" "$OUT/coredns"
}
install_coredns

link_outputs() {
  mkdir -p "$OUT"
  for b in "${BINARIES[@]}"; do ln -sfn "$CACHE/$b" "$OUT/$b"; done
}

if [ -f "$CACHE/.complete" ]; then
  link_outputs
  log "binaries up to date ($KEY), linked into _output/bin"
  exit 0
fi

log "building control-plane binaries into $CACHE (a cold build takes ~15 minutes on 2 cores)"
tmp="$CACHE.partial"
rm -rf "$tmp" && mkdir -p "$tmp"
export CGO_ENABLED=0 GOFLAGS=-mod=readonly

minor=$(echo "$KUBE_VERSION" | cut -d. -f2)
ldflags="-s -w"
for p in k8s.io/client-go/pkg/version k8s.io/component-base/version; do
  ldflags+=" -X $p.gitVersion=$KUBE_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$minor"
  ldflags+=" -X $p.gitTreeState=clean -X $p.buildDate=1970-01-01T00:00:00Z"
done

for cmd in kube-apiserver kube-controller-manager kube-scheduler kubectl; do
  log "go build $cmd $KUBE_VERSION"
  (cd "$TOOLS/kube" && go build -trimpath -ldflags "$ldflags" -o "$tmp/$cmd" "k8s.io/kubernetes/cmd/$cmd")
done
log "go build etcd and etcdctl $ETCD_VERSION"
(cd "$TOOLS/etcd" && go build -trimpath -ldflags "-s -w" -o "$tmp/etcd" go.etcd.io/etcd/server/v3 \
  && go build -trimpath -ldflags "-s -w" -o "$tmp/etcdctl" go.etcd.io/etcd/etcdctl/v3)
log "go build kwok $KWOK_VERSION"
(cd "$TOOLS/kwok" && go build -trimpath -ldflags "-s -w" -o "$tmp/kwok" sigs.k8s.io/kwok/cmd/kwok)

# kwok refuses to start without stages; ship the ones that make nodes and pods ready.
stages=$(cd "$TOOLS/kwok" && go list -m -f '{{.Dir}}' sigs.k8s.io/kwok)/kustomize/stage
for f in node/fast/node-initialize.yaml node/heartbeat/node-heartbeat.yaml pod/fast/pod-ready.yaml \
  pod/fast/pod-complete.yaml pod/fast/pod-delete.yaml; do
  echo '---'; cat "$stages/$f"
done > "$tmp/kwok-stages.yaml"

touch "$tmp/.complete"
rm -rf "$CACHE" && mv "$tmp" "$CACHE"
link_outputs
log "done: $(ls "$CACHE" | tr '\n' ' ')"
