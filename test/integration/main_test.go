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

package integration

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"k8s.io/federation/test/integration/framework"
)

// fcpBinary is the fcp binary TestMain builds from this tree, so the tests exercise the
// code under test rather than whatever _output/bin holds. TestMain sets it once, before any
// test runs; nothing writes it afterwards.
var fcpBinary string

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

// run builds fcp, runs the tests and removes the build directory; it returns the exit code
// so that the deferred cleanup runs before os.Exit.
func run(m *testing.M) int {
	dir, err := os.MkdirTemp("", "federation-integration-bin-")
	if err != nil {
		fmt.Fprintf(os.Stderr, "creating build directory: %v\n", err)
		return 1
	}
	defer func() {
		if err := os.RemoveAll(dir); err != nil {
			fmt.Fprintf(os.Stderr, "removing %s: %v\n", dir, err)
		}
	}()
	if fcpBinary, err = buildFCP(dir); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return m.Run()
}

// buildFCP builds k8s.io/federation/cmd/fcp into dir and returns the binary's path.
func buildFCP(dir string) (string, error) {
	root, err := framework.ModuleRoot()
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "fcp")
	cmd := exec.Command("go", "build", "-o", bin, "k8s.io/federation/cmd/fcp")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building fcp: %w\n%s", err, out)
	}
	return bin, nil
}
