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
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/miekg/dns"
)

const (
	componentCoreDNS = "coredns"
	corednsBinary    = "coredns"
)

// CoreDNSOptions configures a CoreDNS serving one zone from the control plane's etcd with
// its etcd plugin, as the coredns DNS provider writes it.
type CoreDNSOptions struct {
	// Zone is the zone served, e.g. example.test (a trailing dot is optional).
	Zone string
	// PathPrefix is the etcd plugin's path. Default /skydns.
	PathPrefix string
}

// CoreDNS is a CoreDNS process answering for a zone on 127.0.0.1 (UDP and TCP), reading
// every answer from the control plane's etcd (the plugin reads etcd per query: no cache).
// The control plane's Stop stops it too.
type CoreDNS struct {
	host *ControlPlane
	opts CoreDNSOptions
	port int
}

// StartCoreDNS starts CoreDNS (the coredns binary in BinDir(), which hack/install-binaries.sh
// builds) for opts.Zone and waits until it answers the zone's SOA query.
func (cp *ControlPlane) StartCoreDNS(ctx context.Context, opts CoreDNSOptions) (*CoreDNS, error) {
	ctx = cp.withLogger(ctx)
	opts.Zone = dns.Fqdn(strings.ToLower(opts.Zone))
	if opts.PathPrefix == "" {
		opts.PathPrefix = "/skydns"
	}
	if _, err := binaryPath(filepath.Dir(cp.bins[etcdBinary]), corednsBinary); err != nil {
		return nil, err
	}
	c := &CoreDNS{host: cp, opts: opts}
	if err := cp.runOnFreePort(ctx, &c.port, c.spec, c.ready); err != nil {
		return nil, err
	}
	return c, nil
}

// EtcdURL is the control plane's etcd client URL.
func (cp *ControlPlane) EtcdURL() string { return cp.etcdURL() }

func (c *CoreDNS) corefile() string {
	return filepath.Join(c.host.dir, "coredns", "Corefile")
}

func (c *CoreDNS) spec() processSpec {
	// The Corefile is rewritten for each port; a write error shows as CoreDNS failing to
	// start, quoting its log.
	body := fmt.Sprintf("%s:%d {\n  bind 127.0.0.1\n  etcd {\n    path %s\n    endpoint %s\n  }\n  errors\n}\n",
		c.opts.Zone, c.port, c.opts.PathPrefix, c.host.etcdURL())
	if err := os.MkdirAll(filepath.Dir(c.corefile()), 0o700); err == nil {
		_ = os.WriteFile(c.corefile(), []byte(body), 0o600)
	}
	return processSpec{
		name: componentCoreDNS,
		path: filepath.Join(filepath.Dir(c.host.bins[etcdBinary]), corednsBinary),
		args: []string{"-conf", c.corefile()},
	}
}

// ready asks for the zone's SOA, which the etcd plugin synthesizes.
func (c *CoreDNS) ready(ctx context.Context) error {
	m := new(dns.Msg)
	m.SetQuestion(c.opts.Zone, dns.TypeSOA)
	r, err := c.Exchange(ctx, m)
	if err != nil {
		return err
	}
	if r.Rcode != dns.RcodeSuccess {
		return fmt.Errorf("SOA %s: %s", c.opts.Zone, dns.RcodeToString[r.Rcode])
	}
	return nil
}

// Addr is the host:port CoreDNS answers on.
func (c *CoreDNS) Addr() string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(c.port)) }

// Port is the loopback port CoreDNS answers on (UDP and TCP).
func (c *CoreDNS) Port() int { return c.port }

// Corefile is the path of the Corefile CoreDNS runs with.
func (c *CoreDNS) Corefile() string { return c.corefile() }

// Exchange sends m over UDP and returns the answer.
func (c *CoreDNS) Exchange(ctx context.Context, m *dns.Msg) (*dns.Msg, error) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	client := &dns.Client{Net: "udp"}
	r, _, err := client.ExchangeContext(ctx, m, c.Addr())
	return r, err
}

// Query asks for name (fully qualified or not) of type qtype, recursion not desired.
func (c *CoreDNS) Query(ctx context.Context, name string, qtype uint16) (*dns.Msg, error) {
	m := new(dns.Msg)
	m.SetQuestion(dns.Fqdn(name), qtype)
	m.RecursionDesired = false
	return c.Exchange(ctx, m)
}

// Stop stops CoreDNS.
func (c *CoreDNS) Stop(ctx context.Context) error {
	return c.host.stopProcess(ctx, componentCoreDNS, processStopGrace)
}
