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

SHELL := /usr/bin/env bash
OUT := _output
BIN := $(OUT)/bin
GO ?= go
# Integration tests start real control planes; give them room on a 2-core machine.
INTEGRATION_TIMEOUT ?= 40m
UNIT_PKGS = $(shell $(GO) list ./pkg/... ./cmd/... ./hack/... ./artifacts/... ./test/benchseries/... | grep -v /pkg/generated/)

.PHONY: all build binaries run test test-unit test-integration bench verify update clean quick-release

all: build

## build: build fcp under _output/bin.
build:
	@mkdir -p $(BIN)
	$(GO) build -o $(BIN)/fcp ./cmd/fcp
	$(GO) build -o $(BIN)/kubefed ./cmd/kubefed
	$(GO) build -o $(BIN)/local-up ./hack/local-up

## binaries: build (or reuse from the cache) the real control-plane binaries tests run.
binaries:
	@hack/install-binaries.sh

## run: a local host + 2 member clusters + fcp, registered through the host's aggregator.
run: binaries build
	@# Ctrl-C (130) and SIGTERM (143) are how a local federation is meant to end.
	$(BIN)/local-up --output-dir $(OUT)/local || code=$$?; case "$${code:-0}" in 0|130|143) ;; *) exit $$code;; esac

## test: unit tests (with -race), then integration tests against real control planes.
test: binaries test-unit test-integration

test-unit:
	$(GO) test -race -count=1 $(UNIT_PKGS)

test-integration: binaries
	$(GO) test -count=1 -timeout $(INTEGRATION_TIMEOUT) ./test/integration/...

## bench: the benchmark suite in one run: write-through latency against its floor, fan-out on
## loopback and over a simulated WAN, throughput, memory at scale, steady-state writes and
## reconvergence after a member outage, plus status aggregation, capacity sums and member
## discovery. Writes _output/bench/report.md, report.json and charts/*.png (hack/bench.sh).
## BENCH_QUICK=1 runs it at smaller sizes for development.
bench: binaries
	@GO=$(GO) hack/bench.sh

## verify: formatting, vet, license headers and generated code.
verify:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed: $$out"; exit 1; fi
	$(GO) vet ./...
	@hack/verify-boilerplate.sh
	@hack/verify-codegen.sh

## quick-release: _output/release/federation-{client,server}-<os>-<arch>.tar.gz, and the fcp
## image as fcp-<arch>.tar where a container engine runs.
quick-release:
	@GO=$(GO) hack/quick-release.sh

## update: regenerate code.
update:
	@hack/update-codegen.sh

clean:
	rm -rf $(OUT)
