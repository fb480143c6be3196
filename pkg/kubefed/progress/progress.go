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

// Package progress waits for a condition and tells the user what it is waiting for, once per
// change of state and at a steady beat while nothing changes.
package progress

import (
	"context"
	"fmt"
	"io"
	"time"

	"k8s.io/apimachinery/pkg/util/wait"
)

// Defaults of Wait.
const (
	interval  = time.Second
	heartbeat = 15 * time.Second
)

// Check reports whether the wait is over and, if not, a one-line state for the user. An
// error ends the wait.
type Check func(ctx context.Context) (done bool, state string, err error)

// Wait polls check every second until it is done, ctx ends or timeout passes. It prints
// "what: state" to out whenever the state changes, and the elapsed time every 15s. On
// timeout the error quotes the last state.
func Wait(ctx context.Context, out io.Writer, what string, timeout time.Duration, check Check) error {
	began := time.Now()
	var last string
	lastPrint := began
	err := wait.PollUntilContextTimeout(ctx, interval, timeout, true, func(ctx context.Context) (bool, error) {
		done, state, err := check(ctx)
		if err != nil || done {
			return done, err
		}
		if state != last || time.Since(lastPrint) >= heartbeat {
			fmt.Fprintf(out, "  %s: %s (%s)\n", what, state, time.Since(began).Round(time.Second))
			last, lastPrint = state, time.Now()
		}
		return false, nil
	})
	if err != nil && wait.Interrupted(err) {
		return fmt.Errorf("timed out after %s waiting for %s; last state: %s", timeout, what, last)
	}
	return err
}
