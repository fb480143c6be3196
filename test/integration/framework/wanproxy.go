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
	"fmt"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"k8s.io/klog/v2"
)

// wanChunk is the most one read takes from a connection before it is stamped and queued.
const wanChunk = 32 << 10

// wanQueue is how many chunks each direction of a connection holds in flight; a full queue
// stops reading, so the sender sees TCP back-pressure as over a real link.
const wanQueue = 1024

// WANProxy is a TCP proxy on 127.0.0.1 that delays the data in each direction by a one-way
// latency, to put a member "far away" from fcp on loopback. It proxies bytes, not HTTP: TLS
// goes through untouched, so the target's serving certificate must be valid for 127.0.0.1
// (the framework's are). Each chunk read is stamped with the time it is due and delivered by
// a separate goroutine, so the delay adds latency without limiting throughput, and a delay
// change applies to data read after it. Start it with StartWANProxy and end it with Close.
type WANProxy struct {
	target string
	ln     net.Listener
	delay  atomic.Int64 // one-way, in nanoseconds
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu    sync.Mutex
	conns map[net.Conn]struct{}
}

// StartWANProxy listens on a free port of 127.0.0.1 and forwards each connection to target
// (host:port), delaying the data each way by oneWay (a round trip gains 2×oneWay; 0 adds
// none). The proxy closes when ctx ends or Close is called. Errors: the listener's.
func StartWANProxy(ctx context.Context, target string, oneWay time.Duration) (*WANProxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("WAN proxy to %s: %w", target, err)
	}
	p := &WANProxy{target: target, ln: ln, conns: map[net.Conn]struct{}{}}
	p.ctx, p.cancel = context.WithCancel(klog.NewContext(context.WithoutCancel(ctx),
		klog.LoggerWithValues(klog.FromContext(ctx), "wanProxy", ln.Addr().String(), "target", target)))
	p.SetDelay(oneWay)
	stop := context.AfterFunc(ctx, func() { _ = p.Close() })
	p.wg.Go(func() {
		defer stop()
		p.accept()
	})
	klog.FromContext(p.ctx).V(2).Info("WAN proxy started", "oneWay", oneWay)
	return p, nil
}

// Addr is the proxy's host:port on 127.0.0.1.
func (p *WANProxy) Addr() string { return p.ln.Addr().String() }

// URL is https://Addr, the server address to give clients of a TLS target.
func (p *WANProxy) URL() string { return "https://" + p.Addr() }

// SetDelay sets the one-way latency for data read from now on; negative counts as 0.
func (p *WANProxy) SetDelay(oneWay time.Duration) { p.delay.Store(int64(max(oneWay, 0))) }

// Delay is the current one-way latency.
func (p *WANProxy) Delay() time.Duration { return time.Duration(p.delay.Load()) }

// Close stops accepting, cuts every connection (data still queued is dropped, as when a
// link goes down) and returns once all of the proxy's goroutines have ended. Calling it
// again does nothing.
func (p *WANProxy) Close() error {
	p.cancel()
	err := p.ln.Close()
	p.mu.Lock()
	for c := range p.conns {
		_ = c.Close()
	}
	p.mu.Unlock()
	p.wg.Wait()
	if errors.Is(err, net.ErrClosed) {
		return nil
	}
	return err
}

func (p *WANProxy) accept() {
	for {
		client, err := p.ln.Accept()
		if err != nil {
			return // closed
		}
		p.wg.Go(func() { p.serve(client) })
	}
}

// track adds c to the connections Close cuts; false when the proxy is closing.
func (p *WANProxy) track(c net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ctx.Err() != nil {
		_ = c.Close()
		return false
	}
	p.conns[c] = struct{}{}
	return true
}

func (p *WANProxy) untrack(c net.Conn) {
	p.mu.Lock()
	delete(p.conns, c)
	p.mu.Unlock()
	_ = c.Close()
}

// serve relays one client connection to the target until both directions have ended.
func (p *WANProxy) serve(client net.Conn) {
	logger := klog.FromContext(p.ctx)
	if !p.track(client) {
		return
	}
	defer p.untrack(client)
	var d net.Dialer
	target, err := d.DialContext(p.ctx, "tcp", p.target)
	if err != nil {
		logger.V(2).Info("WAN proxy could not reach its target", "err", err)
		return
	}
	if !p.track(target) {
		return
	}
	defer p.untrack(target)
	var wg sync.WaitGroup
	wg.Go(func() { p.relay(target, client) })
	wg.Go(func() { p.relay(client, target) })
	wg.Wait()
}

// chunk is data read at one moment, to be written at due.
type chunk struct {
	data []byte
	due  time.Time
}

// relay copies src to dst with the delay: a reader stamps and queues what it reads, a
// writer delivers each chunk when it is due. At src's EOF the writer half-closes dst once
// the queue is drained; on an error both sides are closed, which ends the other direction
// too.
func (p *WANProxy) relay(dst, src net.Conn) {
	queue := make(chan chunk, wanQueue)
	var wg sync.WaitGroup
	wg.Go(func() {
		defer close(queue)
		for {
			buf := make([]byte, wanChunk)
			n, err := src.Read(buf)
			if n > 0 {
				select {
				case queue <- chunk{data: buf[:n], due: time.Now().Add(p.Delay())}:
				case <-p.ctx.Done():
					return
				}
			}
			if err != nil {
				if !errors.Is(err, io.EOF) {
					_ = dst.Close()
				}
				return
			}
		}
	})
	wg.Go(func() {
		timer := time.NewTimer(0)
		defer timer.Stop()
		for c := range queue {
			if wait := time.Until(c.due); wait > 0 {
				timer.Reset(wait)
				select {
				case <-timer.C:
				case <-p.ctx.Done():
					return
				}
			}
			if _, err := dst.Write(c.data); err != nil {
				_ = src.Close()
				for range queue { // let the reader finish
				}
				return
			}
		}
		if cw, ok := dst.(interface{ CloseWrite() error }); ok {
			_ = cw.CloseWrite()
		}
	})
	wg.Wait()
}
