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
	"context"
	"errors"
	"sync"
	"testing"

	"k8s.io/klog/v2"
	"k8s.io/klog/v2/ktesting"
)

// LogTailLines is how many lines of each component's log a failed test prints.
const LogTailLines = 40

// testLogVerbosity shows the framework's state changes (V(2)) in test output.
const testLogVerbosity = 2

// TestContext returns t.Context() carrying a logger that writes through t.Log.
func TestContext(t testing.TB) context.Context {
	logger := ktesting.NewLogger(t, ktesting.NewConfig(ktesting.Verbosity(testLogVerbosity)))
	return klog.NewContext(t.Context(), logger)
}

// StartHost starts a control plane for t as the federation host; opts.Name defaults to
// "host". See StartControlPlanes.
func StartHost(t testing.TB, opts Options) *ControlPlane {
	t.Helper()
	if opts.Name == "" {
		opts.Name = "host"
	}
	return StartControlPlanes(t, opts)[0]
}

// StartMember starts a control plane for t as a member cluster; opts.Name defaults to
// "member". See StartControlPlanes.
func StartMember(t testing.TB, opts Options) *ControlPlane {
	t.Helper()
	if opts.Name == "" {
		opts.Name = "member"
	}
	return StartControlPlanes(t, opts)[0]
}

// StartControlPlanes starts one control plane per opts concurrently, each in its own
// t.TempDir() unless Options.Dir is set, and fails t if any does not start. When t ends it
// reports components that died during the test, prints the last LogTailLines lines of every
// component's log if t failed, and stops them all.
func StartControlPlanes(t testing.TB, opts ...Options) []*ControlPlane {
	t.Helper()
	ctx := TestContext(t)
	cps := make([]*ControlPlane, len(opts))
	errs := make([]error, len(opts))
	var wg sync.WaitGroup
	for i, o := range opts {
		if o.Dir == "" {
			o.Dir = t.TempDir()
			tracker.removeOnSignal(o.Dir)
		}
		wg.Go(func() { cps[i], errs[i] = Start(ctx, o) })
	}
	wg.Wait()
	for _, cp := range cps {
		if cp != nil {
			stopOnCleanup(t, cp)
		}
	}
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	return cps
}

func stopOnCleanup(t testing.TB, cp *ControlPlane) {
	t.Cleanup(func() {
		if err := cp.CheckProcesses(); err != nil {
			t.Error(err)
		}
		if t.Failed() {
			t.Logf("Logs of control plane %s:\n%s", cp.Name(), cp.LogTails(LogTailLines))
		}
		// t.Context() is already canceled when cleanups run.
		if err := cp.Stop(context.WithoutCancel(TestContext(t))); err != nil {
			t.Error(err)
		}
	})
}
