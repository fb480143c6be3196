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

// Package benchseries is the file format between the benchmark suite and its report: the
// raw series a benchmark leaves (every latency it measured, memory against objects held)
// for hack/benchreport's charts, as <dir>/samples/<name>.json.
package benchseries

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
)

// Series is a distribution (Y only, e.g. every create's latency in ms) or a curve (X and Y
// of equal length, e.g. RSS in MiB against objects held).
type Series struct {
	// Name identifies the series and names its file: letters, digits, '-', '_', '.' and '='.
	Name string `json:"name"`
	// XUnit and YUnit name the units, e.g. "objects", "ms", "MiB".
	XUnit string    `json:"xUnit,omitempty"`
	YUnit string    `json:"yUnit"`
	X     []float64 `json:"x,omitempty"`
	Y     []float64 `json:"y"`
}

var validName = regexp.MustCompile(`^[A-Za-z0-9_.=-]+$`)

// Validate says why s cannot be written or read: a name outside the file-name alphabet, or
// X and Y of different lengths.
func (s Series) Validate() error {
	if !validName.MatchString(s.Name) {
		return fmt.Errorf("series name %q: only letters, digits, '-', '_', '.' and '='", s.Name)
	}
	if len(s.X) > 0 && len(s.X) != len(s.Y) {
		return fmt.Errorf("series %s: %d x values for %d y values", s.Name, len(s.X), len(s.Y))
	}
	return nil
}

// Write writes s as dir/samples/<Name>.json, replacing a series of the same name.
func Write(dir string, s Series) error {
	if err := s.Validate(); err != nil {
		return err
	}
	data, err := json.Marshal(s)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(dir, "samples"), 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "samples", s.Name+".json"), data, 0o644)
}

// ReadAll reads every dir/samples/*.json by name; a missing directory holds no series.
func ReadAll(dir string) (map[string]Series, error) {
	files, err := filepath.Glob(filepath.Join(dir, "samples", "*.json"))
	if err != nil {
		return nil, err
	}
	out := map[string]Series{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var s Series
		if err := json.Unmarshal(data, &s); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		if err := s.Validate(); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		out[s.Name] = s
	}
	return out, nil
}
