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
	"crypto/sha256"
	"os"
	"syscall"
	"testing"
	"time"
)

// TestCPUTime checks CPUTime of this process against what getrusage(2) says it used, read
// just before and just after, and that it refuses a pid that does not exist.
func TestCPUTime(t *testing.T) {
	// Burn some CPU so that the numbers are not all zero.
	var sum [32]byte
	for start := time.Now(); time.Since(start) < 100*time.Millisecond; {
		sum = sha256.Sum256(sum[:])
	}
	lo := rusageCPU(t)
	got, err := CPUTime(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	hi := rusageCPU(t)
	// /proc counts user and system time each in whole clock ticks (10ms at USER_HZ=100),
	// rounded down; getrusage is finer.
	const tick = 10 * time.Millisecond
	if got <= lo-2*tick || got > hi {
		t.Errorf("CPUTime = %v, want between %v and %v (getrusage before and after)", got, lo, hi)
	}
	if _, err := CPUTime(1 << 30); err == nil {
		t.Error("CPUTime of a pid that does not exist: no error")
	}
}

func rusageCPU(t *testing.T) time.Duration {
	t.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
