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

// Package embeddedetcd runs a single-member etcd inside the fcp process, so a federation
// control plane needs no etcd of its own to get started. Production installs may point
// --etcd-servers at an external etcd cluster instead.
package embeddedetcd

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"time"

	"go.etcd.io/etcd/server/v3/embed"
	"k8s.io/klog/v2"
)

// singleMemberCatchUpEntries is the raft entries the embedded etcd keeps in memory behind
// its latest snapshot: a few, as nothing reads them without followers.
const singleMemberCatchUpEntries = 100

// Options configure the embedded etcd.
type Options struct {
	// DataDir holds etcd's data; it survives restarts.
	DataDir string
	// ClientURL is where etcd listens for clients, e.g. http://127.0.0.1:2379. Port 0 picks a
	// free port.
	ClientURL string
	// StartTimeout bounds how long Start waits for etcd to become ready.
	StartTimeout time.Duration
}

// Server is a running embedded etcd.
type Server struct {
	etcd *embed.Etcd
}

// Start starts etcd and waits until it serves clients.
func Start(ctx context.Context, o Options) (*Server, error) {
	if err := os.MkdirAll(o.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("creating etcd data dir: %w", err)
	}
	clientURL, err := url.Parse(o.ClientURL)
	if err != nil {
		return nil, fmt.Errorf("parsing etcd client URL %q: %w", o.ClientURL, err)
	}
	// The peer port is never dialled by anyone (single member), so any free port does.
	peerURL := url.URL{Scheme: "http", Host: "127.0.0.1:0"}

	cfg := embed.NewConfig()
	cfg.Name = "fcp"
	cfg.Dir = o.DataDir
	cfg.ListenClientUrls = []url.URL{*clientURL}
	cfg.AdvertiseClientUrls = []url.URL{*clientURL}
	cfg.ListenPeerUrls = []url.URL{peerURL}
	cfg.AdvertisePeerUrls = []url.URL{peerURL}
	cfg.InitialCluster = cfg.InitialClusterFromName(cfg.Name)
	cfg.ZapLoggerBuilder = embed.NewZapLoggerBuilder(newLogger())
	// Keep history bounded, as kube-apiserver's compaction would for a standalone etcd.
	cfg.AutoCompactionMode = embed.CompactorModePeriodic
	cfg.AutoCompactionRetention = "1h"
	// etcd keeps this many raft entries in memory after each in-memory snapshot (every 100
	// entries) so that a slow follower can catch up without a full snapshot. The default
	// (5000) holds 5000 copies of recent writes, whole objects, in fcp's heap, ~8 MiB of
	// FederatedConfigMaps (issue 16, BenchmarkAtScale's heap profile); a single member has
	// no follower to serve them to.
	cfg.SnapshotCatchUpEntries = singleMemberCatchUpEntries

	logger := klog.FromContext(ctx)
	e, err := embed.StartEtcd(cfg)
	if err != nil {
		return nil, fmt.Errorf("starting embedded etcd in %s: %w", o.DataDir, err)
	}
	timeout := o.StartTimeout
	if timeout == 0 {
		timeout = time.Minute
	}
	select {
	case <-e.Server.ReadyNotify():
	case err := <-e.Err():
		e.Close()
		return nil, fmt.Errorf("embedded etcd failed: %w", err)
	case <-time.After(timeout):
		e.Close()
		return nil, fmt.Errorf("embedded etcd not ready after %s", timeout)
	case <-ctx.Done():
		e.Close()
		return nil, ctx.Err()
	}
	s := &Server{etcd: e}
	logger.Info("Embedded etcd ready", "dataDir", o.DataDir, "clientURL", s.ClientURL())
	return s, nil
}

// ClientURL returns the URL clients use, with the real port when port 0 was asked for.
func (s *Server) ClientURL() string {
	return "http://" + s.etcd.Clients[0].Addr().String()
}

// Err reports etcd failing after it started.
func (s *Server) Err() <-chan error { return s.etcd.Err() }

// Close stops etcd and waits for it to release its data dir.
func (s *Server) Close() {
	s.etcd.Close()
}
