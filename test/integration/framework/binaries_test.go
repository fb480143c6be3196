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

package framework

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBinDir(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(BinDirEnv, dir)
	got, err := BinDir()
	if err != nil || got != dir {
		t.Fatalf("BinDir() = %q, %v; want %q", got, err, dir)
	}
	_, err = binaryPath(dir, etcdBinary)
	if err == nil || !strings.Contains(err.Error(), "hack/install-binaries.sh") {
		t.Errorf("missing binary: error %v should say how to install it", err)
	}
}

func TestModuleRoot(t *testing.T) {
	root, err := ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "test", "integration", "framework")); err != nil {
		t.Errorf("ModuleRoot() = %s, which does not contain this package: %v", root, err)
	}
}
