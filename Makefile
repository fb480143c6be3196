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
UNIT_PKGS = $(shell $(GO) list ./pkg/... ./cmd/... ./hack/... ./artifacts/... | grep -v /pkg/generated/)

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

## bench: write-through latency against direct member writes, fan-out, how fast the
## controllers converge 1,000 objects after a member outage, and what status aggregation
## costs (member status changes absorbed per second, federated status writes per rollout),
## what a probe's capacity sum (status.allocated) costs per 1,000 and 10,000 pods, and what
## reading a member's API discovery for the kinds it serves costs against a probe, in one run;
## the results are summarised in _output/bench-report.txt.
BENCH_ROUNDS ?= 5
bench: binaries
	@mkdir -p $(OUT)
	set -o pipefail; { $(GO) test -run '^$$' -bench 'BenchmarkWriteThrough' -benchtime=30x -timeout 60m ./test/integration/ -args -bench-rounds=$(BENCH_ROUNDS) && \
	  $(GO) test -run '^$$' -bench 'BenchmarkConvergence' -benchtime=1x -count=1 -timeout 30m ./test/integration/ && \
	  $(GO) test -run '^$$' -bench 'BenchmarkStatusAggregation' -benchtime=1x -count=1 -timeout 30m ./test/integration/ && \
	  $(GO) test -run '^$$' -bench 'BenchmarkAllocated' -benchtime=10x -count=1 -timeout 30m ./test/integration/ && \
	  $(GO) test -run '^$$' -bench 'BenchmarkKindDiscovery' -benchtime=200x -count=1 -timeout 10m ./test/integration/; } | tee $(OUT)/bench.txt
	@echo; $(GO) run ./hack/benchreport $(OUT)/bench.txt | tee $(OUT)/bench-report.txt

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
