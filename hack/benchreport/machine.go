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

package main

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/prometheus/procfs"
)

// machine says where and when the figures were measured.
type machine struct {
	Date      string  `json:"date"`
	Cores     int     `json:"cores"`
	CPU       string  `json:"cpu,omitempty"`
	MemoryGiB float64 `json:"memoryGiB,omitempty"`
	OS        string  `json:"os"`
	Go        string  `json:"go"`
	// LoadBefore and LoadAfter are /proc/loadavg's 1, 5 and 15 minute averages when the
	// suite started and ended, as `make bench` saved them (loadavg-before, loadavg-after).
	LoadBefore string `json:"loadBefore,omitempty"`
	LoadAfter  string `json:"loadAfter,omitempty"`
	// Ran is when the suite ran, from the times `make bench` saved its load averages:
	// "2026-11-30 15:11 to 15:30 UTC"; empty if it did not save them.
	Ran string `json:"ran,omitempty"`
	// Sizes are the suite's sizes, as `make bench` passed them (-bench-objects ...).
	Sizes string `json:"sizes,omitempty"`
}

// describeMachine reads this machine and the files `make bench` left in dir; config holds the
// benchmark output's configuration lines (cpu, goos, goarch).
func describeMachine(dir string, config map[string]string, sizes string, now time.Time) machine {
	m := machine{
		Date:  now.UTC().Format("2006-01-02 15:04 MST"),
		Cores: runtime.NumCPU(),
		CPU:   config["cpu"],
		OS:    runtime.GOOS + "/" + runtime.GOARCH,
		Go:    runtime.Version(),
		Sizes: sizes,
	}
	if fs, err := procfs.NewDefaultFS(); err == nil {
		if mi, err := fs.Meminfo(); err == nil && mi.MemTotal != nil {
			m.MemoryGiB = float64(*mi.MemTotal) / (1 << 20)
		}
	}
	before, errBefore := os.Stat(filepath.Join(dir, "loadavg-before"))
	after, errAfter := os.Stat(filepath.Join(dir, "loadavg-after"))
	if errBefore == nil && errAfter == nil {
		m.Ran = before.ModTime().UTC().Format("2006-01-02 15:04") + " to " + after.ModTime().UTC().Format("15:04 MST")
	}
	m.LoadBefore = loadAverages(filepath.Join(dir, "loadavg-before"))
	m.LoadAfter = loadAverages(filepath.Join(dir, "loadavg-after"))
	return m
}

// loadAverages is the first three fields of a saved /proc/loadavg, or "" if it was not saved.
func loadAverages(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	f := strings.Fields(string(data))
	return strings.Join(f[:min(3, len(f))], " ")
}
