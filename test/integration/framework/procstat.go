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

import (
	"fmt"
	"time"

	"github.com/prometheus/procfs"
)

// PIDs returns the process id of each running component of cp, by component name: "etcd"
// and "kube-apiserver", and, once started, "kube-controller-manager", "kube-scheduler",
// "kwok", "fcp" and each fcp controller-manager (by its Name). Stopped components are left
// out.
func (cp *ControlPlane) PIDs() map[string]int {
	cp.mu.Lock()
	defer cp.mu.Unlock()
	pids := map[string]int{}
	for name, p := range cp.procs {
		if !p.exited() {
			pids[name] = p.cmd.Process.Pid
		}
	}
	return pids
}

// PID returns the process id of the running fcp apiserver (its embedded etcd runs in the same
// process), or 0 when it is stopped.
func (f *FCP) PID() int { return f.host.PIDs()[componentFCP] }

// PID returns the process id of the running controller-manager, or 0 when it is stopped.
func (m *ControllerManager) PID() int { return m.host.PIDs()[m.opts.Name] }

// CPUTime returns the CPU time process pid has used so far, user plus system, from
// /proc/<pid>/stat (procfs converts clock ticks). Threads are included; children are not.
func CPUTime(pid int) (time.Duration, error) {
	fs, err := procfs.NewDefaultFS()
	if err != nil {
		return 0, err
	}
	p, err := fs.Proc(pid)
	if err != nil {
		return 0, fmt.Errorf("process %d: %w", pid, err)
	}
	stat, err := p.Stat()
	if err != nil {
		return 0, fmt.Errorf("reading /proc/%d/stat: %w", pid, err)
	}
	return time.Duration(stat.CPUTime() * float64(time.Second)), nil
}
