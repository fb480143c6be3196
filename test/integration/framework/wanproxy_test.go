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
	"bytes"
	"crypto/rand"
	"errors"
	"io"
	"net"
	"runtime"
	"sync"
	"testing"
	"time"
)

// wanSlack is how much slower than its delay a round trip through the proxy may be on a
// loaded 2-core machine before the proxy counts as adding more than it says.
const wanSlack = 500 * time.Millisecond

// startServer serves connections on 127.0.0.1 with handle, each on its own goroutine; it
// stops, and waits for them, when t ends.
func startServer(t *testing.T, handle func(net.Conn)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Go(func() {
				defer func() { _ = c.Close() }()
				handle(c)
			})
		}
	})
	t.Cleanup(func() {
		_ = ln.Close()
		wg.Wait()
	})
	return ln.Addr().String()
}

// startEcho serves, on 127.0.0.1, connections that send back what they receive; it stops
// when t ends.
func startEcho(t *testing.T) string {
	t.Helper()
	return startServer(t, func(c net.Conn) { _, _ = io.Copy(c, c) })
}

// dialThroughProxy starts a proxy to target with oneWay and dials it; both are closed when t
// ends.
func dialThroughProxy(t *testing.T, target string, oneWay time.Duration) (*WANProxy, net.Conn) {
	t.Helper()
	p, err := StartWANProxy(TestContext(t), target, oneWay)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Close() })
	conn, err := net.Dial("tcp", p.Addr())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return p, conn
}

// dialEchoThroughProxy starts an echo server and a proxy to it with oneWay, and dials the
// proxy; all are closed when t ends.
func dialEchoThroughProxy(t *testing.T, oneWay time.Duration) (*WANProxy, net.Conn) {
	t.Helper()
	return dialThroughProxy(t, startEcho(t), oneWay)
}

// roundTrip sends one byte through conn and returns how long its echo took.
func roundTrip(t *testing.T, conn net.Conn) time.Duration {
	t.Helper()
	start := time.Now()
	if _, err := conn.Write([]byte{'x'}); err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadFull(conn, make([]byte, 1)); err != nil {
		t.Fatal(err)
	}
	return time.Since(start)
}

func TestWANProxyDelaysBothWays(t *testing.T) {
	const oneWay = 50 * time.Millisecond
	p, conn := dialEchoThroughProxy(t, oneWay)
	// The first round trip also dials the target; a delay that covered one direction only
	// would show as a round trip of oneWay.
	for i := range 3 {
		if rtt := roundTrip(t, conn); rtt < 2*oneWay || rtt > 2*oneWay+wanSlack {
			t.Errorf("round trip %d took %v, want %v (+ at most %v)", i, rtt, 2*oneWay, wanSlack)
		}
	}
	const slower = 150 * time.Millisecond
	p.SetDelay(slower)
	if got := p.Delay(); got != slower {
		t.Errorf("Delay() = %v after SetDelay(%v)", got, slower)
	}
	if rtt := roundTrip(t, conn); rtt < 2*slower || rtt > 2*slower+wanSlack {
		t.Errorf("round trip after SetDelay(%v) took %v, want %v (+ at most %v)", slower, rtt, 2*slower, wanSlack)
	}
	p.SetDelay(0)
	if rtt := roundTrip(t, conn); rtt > wanSlack {
		t.Errorf("round trip after SetDelay(0) took %v, want at most %v", rtt, wanSlack)
	}
}

// TestWANProxyDelaysEachDirection times each direction alone: from the client's write to the
// target's read, and from the target's write to the client's read, each at least oneWay. A
// proxy that put the whole round trip's delay on one side would pass a round-trip test.
func TestWANProxyDelaysEachDirection(t *testing.T) {
	const oneWay = 50 * time.Millisecond
	arrived := make(chan time.Time, 1)
	target := startServer(t, func(c net.Conn) {
		b := make([]byte, 1)
		if _, err := io.ReadFull(c, b); err != nil {
			return
		}
		arrived <- time.Now()
		_, _ = c.Write(b)
		_, _ = io.Copy(io.Discard, c)
	})
	_, conn := dialThroughProxy(t, target, oneWay)

	sent := time.Now()
	if _, err := conn.Write([]byte{'x'}); err != nil {
		t.Fatal(err)
	}
	var at time.Time
	select {
	case at = <-arrived:
	case <-time.After(10 * time.Second):
		t.Fatal("the byte never reached the target")
	}
	if _, err := io.ReadFull(conn, make([]byte, 1)); err != nil {
		t.Fatal(err)
	}
	back := time.Now()
	for _, d := range []struct {
		direction string
		took      time.Duration
	}{{"client to target", at.Sub(sent)}, {"target to client", back.Sub(at)}} {
		if d.took < oneWay || d.took > oneWay+wanSlack {
			t.Errorf("%s took %v, want %v (+ at most %v)", d.direction, d.took, oneWay, wanSlack)
		}
	}
}

// TestWANProxyPassesDataIntact sends a large payload both ways at once through a delayed
// proxy. Delivered a chunk at a time with a sleep per read, it would take at least
// payload/wanChunk × oneWay (6.4 s here); pipelined, about one round trip plus copying.
func TestWANProxyPassesDataIntact(t *testing.T) {
	const oneWay, payload = 50 * time.Millisecond, 4 << 20
	_, conn := dialEchoThroughProxy(t, oneWay)
	sent := make([]byte, payload)
	if _, err := rand.Read(sent); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	var wg sync.WaitGroup
	var writeErr error
	wg.Go(func() {
		_, writeErr = conn.Write(sent)
		// The echo sees EOF, and so ends its side: a half-close must pass through too.
		writeErr = errors.Join(writeErr, conn.(*net.TCPConn).CloseWrite())
	})
	got, err := io.ReadAll(conn)
	wg.Wait()
	elapsed := time.Since(start)
	if err := errors.Join(err, writeErr); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, sent) {
		t.Fatalf("echoed %d bytes differ from the %d sent", len(got), len(sent))
	}
	serialised := time.Duration(payload/wanChunk) * oneWay
	if elapsed < 2*oneWay || elapsed >= serialised {
		t.Errorf("%d bytes both ways took %v: want at least one round trip (%v) and less than a sleep per chunk (%v)",
			payload, elapsed, 2*oneWay, serialised)
	}
}

func TestWANProxyCloseEndsConnectionsAndGoroutines(t *testing.T) {
	echo := startEcho(t)
	before := runtime.NumGoroutine()
	p, err := StartWANProxy(TestContext(t), echo, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	conns := make([]net.Conn, 3)
	for i := range conns {
		if conns[i], err = net.Dial("tcp", p.Addr()); err != nil {
			t.Fatal(err)
		}
		defer func() { _ = conns[i].Close() }()
		// Data in flight (due in a second) when Close is called.
		if _, err := conns[i].Write([]byte("pending")); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(100 * time.Millisecond) // let the proxy accept and queue
	start := time.Now()
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took >= time.Second {
		t.Errorf("Close took %v: it waited for queued data instead of dropping it", took)
	}
	for i, c := range conns {
		if err := c.SetReadDeadline(time.Now().Add(5 * time.Second)); err != nil {
			t.Fatal(err)
		}
		if n, err := c.Read(make([]byte, 16)); err == nil || errors.Is(err, net.ErrClosed) || isTimeout(err) {
			t.Errorf("connection %d after Close: read %d bytes, err %v; want it cut by the proxy", i, n, err)
		}
	}
	if _, err := net.DialTimeout("tcp", p.Addr(), time.Second); err == nil {
		t.Error("the proxy still accepts connections after Close")
	}
	if err := p.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	// Close has waited for the proxy's goroutines; the echo's end when their peer does.
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		buf := make([]byte, 1<<16)
		t.Errorf("%d goroutines after Close, %d before:\n%s", n, before, buf[:runtime.Stack(buf, true)])
	}
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
