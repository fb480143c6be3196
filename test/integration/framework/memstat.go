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

package framework

import "fmt"

// ProcessID is the OS process ID of the running `fcp apiserver` (the binary itself, not a
// wrapper), e.g. to read its memory from /proc. It errors when fcp is not running.
func (f *FCP) ProcessID() (int, error) { return f.host.runningPID(componentFCP) }

// ProcessID is the OS process ID of the running `fcp controller-manager`. It errors when the
// process is not running.
func (m *ControllerManager) ProcessID() (int, error) { return m.host.runningPID(m.opts.Name) }

// runningPID returns the process ID of the host's component name, or an error if it never
// started or has exited.
func (cp *ControlPlane) runningPID(name string) (int, error) {
	p := cp.process(name)
	if p == nil || p.exited() {
		return 0, fmt.Errorf("%s of %s is not running", name, cp.name)
	}
	return p.cmd.Process.Pid, nil
}
