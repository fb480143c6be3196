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
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// BinDirEnv is the environment variable that, when set, names the directory holding the
// control-plane binaries instead of <module root>/_output/bin.
const BinDirEnv = "FEDERATION_BIN_DIR"

// modulePath is the module whose root holds _output/bin.
const modulePath = "k8s.io/federation"

// Names of the binaries and files this package runs or passes to them.
const (
	etcdBinary          = "etcd"
	apiserverBinary     = "kube-apiserver"
	controllerMgrBinary = "kube-controller-manager"
	schedulerBinary     = "kube-scheduler"
	kubectlBinary       = "kubectl"
	kwokBinary          = "kwok"
	kwokStagesFile      = "kwok-stages.yaml"
)

// installHint tells a reader of an error how to get the binaries.
const installHint = "run hack/install-binaries.sh (or make test), or set " + BinDirEnv

// BinDir returns the directory holding the control-plane binaries: $FEDERATION_BIN_DIR if
// set, else _output/bin under the root of the k8s.io/federation module containing the
// working directory.
func BinDir() (string, error) {
	if dir := os.Getenv(BinDirEnv); dir != "" {
		return filepath.Abs(dir)
	}
	root, err := ModuleRoot()
	if err != nil {
		return "", fmt.Errorf("locating binaries (%s): %w", installHint, err)
	}
	return filepath.Join(root, "_output", "bin"), nil
}

// ModuleRoot walks up from the working directory to the directory whose go.mod declares
// module k8s.io/federation.
func ModuleRoot() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("getting working directory: %w", err)
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		name, err := moduleName(filepath.Join(dir, "go.mod"))
		switch {
		case err == nil && name == modulePath:
			return dir, nil
		case err != nil && !errors.Is(err, fs.ErrNotExist):
			return "", err
		}
		if filepath.Dir(dir) == dir {
			return "", fmt.Errorf("no go.mod declaring module %s in %s or any parent", modulePath, wd)
		}
	}
}

// moduleName returns the module path declared by the go.mod file at path.
func moduleName(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	for line := range strings.Lines(string(data)) {
		fields := strings.Fields(line)
		if len(fields) >= 2 && fields[0] == "module" {
			return strings.Trim(fields[1], `"`), nil
		}
	}
	return "", nil
}

// binaryPath returns dir/name after checking that it exists and, unless it is a data file,
// is executable.
func binaryPath(dir, name string) (string, error) {
	path := filepath.Join(dir, name)
	info, err := os.Stat(path)
	if err != nil {
		return "", fmt.Errorf("%s is missing in %s (%s): %w", name, dir, installHint, err)
	}
	if info.IsDir() || (!strings.HasSuffix(name, ".yaml") && info.Mode().Perm()&0o111 == 0) {
		return "", fmt.Errorf("%s is not an executable file (%s)", path, installHint)
	}
	return path, nil
}
