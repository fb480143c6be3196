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
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/util/wait"
)

// alive reports whether pid exists and is not a zombie.
func alive(pid int) bool {
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	// The state follows the parenthesized command name.
	s := string(stat)
	return !strings.HasPrefix(strings.TrimSpace(s[strings.LastIndex(s, ")")+1:]), "Z")
}

func TestProcessStop(t *testing.T) {
	for name, tc := range map[string]struct {
		script      string
		grace       time.Duration
		minDuration time.Duration
	}{
		"exits on SIGTERM": {
			script: `sleep 60 & echo $! > child.pid; wait`,
			grace:  10 * time.Second,
		},
		"ignores SIGTERM, killed after grace": {
			script:      `trap '' TERM; sleep 60 & echo $! > child.pid; wait`,
			grace:       300 * time.Millisecond,
			minDuration: 300 * time.Millisecond,
		},
	} {
		t.Run(name, func(t *testing.T) {
			ctx := TestContext(t)
			dir := t.TempDir()
			spec := processSpec{name: "sh", path: "/bin/sh", args: []string{"-c", tc.script}, dir: dir,
				logPath: filepath.Join(dir, "sh.log")}
			p, err := tracker.start(ctx, spec)
			if err != nil {
				t.Fatal(err)
			}
			var child int
			if err := wait.PollUntilContextTimeout(ctx, 20*time.Millisecond, 10*time.Second, true, func(ctx context.Context) (bool, error) {
				b, err := os.ReadFile(filepath.Join(dir, "child.pid"))
				if err != nil {
					return false, nil
				}
				child, err = strconv.Atoi(strings.TrimSpace(string(b)))
				return err == nil, nil
			}); err != nil {
				t.Fatalf("child never started: %v", err)
			}
			began := time.Now()
			if err := p.stop(ctx, tc.grace); err != nil {
				t.Fatal(err)
			}
			if took := time.Since(began); took < tc.minDuration || took > tc.grace+5*time.Second {
				t.Errorf("stop took %v, want between %v and %v", took, tc.minDuration, tc.grace+5*time.Second)
			}
			if !p.exited() || !p.stopRequested.Load() {
				t.Error("process not marked stopped")
			}
			// The grandchild shares the process group, so it must be gone too.
			if err := wait.PollUntilContextTimeout(ctx, 20*time.Millisecond, 5*time.Second, true, func(context.Context) (bool, error) {
				return !alive(child), nil
			}); err != nil {
				t.Errorf("grandchild %d survived: %v", child, err)
			}
		})
	}
}

func TestStartFailure(t *testing.T) {
	for name, tc := range map[string]struct {
		earlierLog string
		script     string
		portClash  bool
	}{
		"port clash": {script: `echo "listen tcp 127.0.0.1:4001: bind: address already in use"; exit 1`, portClash: true},
		// Only this run's part of the log counts.
		"other failure after an earlier clash": {earlierLog: "address already in use\n", script: `echo "bad flag"; exit 2`},
	} {
		t.Run(name, func(t *testing.T) {
			ctx := TestContext(t)
			dir := t.TempDir()
			logPath := filepath.Join(dir, "sh.log")
			if err := os.WriteFile(logPath, []byte(tc.earlierLog), 0o600); err != nil {
				t.Fatal(err)
			}
			p, err := tracker.start(ctx, processSpec{name: "sh", path: "/bin/sh", args: []string{"-c", tc.script}, dir: dir, logPath: logPath})
			if err != nil {
				t.Fatal(err)
			}
			<-p.done
			err = p.startFailure()
			if err == nil {
				t.Fatal("want error")
			}
			if got := errors.Is(err, errPortInUse); got != tc.portClash {
				t.Errorf("errors.Is(%v, errPortInUse) = %v, want %v", err, got, tc.portClash)
			}
			if !strings.Contains(p.state(), "DIED UNEXPECTEDLY") {
				t.Errorf("state %q should say the process died", p.state())
			}
		})
	}
}

func TestFreePorts(t *testing.T) {
	ps, err := tracker.freePorts(20)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[int]bool{}
	for _, p := range ps {
		if seen[p] {
			t.Errorf("port %d handed out twice", p)
		}
		seen[p] = true
		l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(p)))
		if err != nil {
			t.Errorf("port %d not free: %v", p, err)
			continue
		}
		if err := l.Close(); err != nil {
			t.Error(err)
		}
	}
}
