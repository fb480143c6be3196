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

// Command local-up runs a local federation on loopback for demos and manual testing (`make
// run`): a host cluster, member clusters, `fcp apiserver` registered through the host's
// aggregator, CoreDNS serving the zone example.test. from the host's etcd, and `fcp
// controller-manager` with its DNS controller publishing there (federation name "local").
// It stays in the foreground and stops everything on Ctrl-C or SIGTERM.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"k8s.io/klog/v2"

	"k8s.io/federation/pkg/kubefed/join"
	"k8s.io/federation/pkg/kubefed/kubeconfig"
	"k8s.io/federation/test/integration/framework"
)

// federationNamespace holds fcp's Service and the member credentials on the host.
const federationNamespace = "federation-system"

// The local federation's DNS: its name and zone, as kubefed init NAME --dns-zone-name.
const (
	federationName = "local"
	dnsZone        = "example.test"
)

type options struct {
	outputDir string
	members   int
}

func main() {
	var o options
	flag.StringVar(&o.outputDir, "output-dir", "_output/local", "Directory for the clusters' data, logs and kubeconfigs; wiped at start.")
	flag.IntVar(&o.members, "members", 2, "Number of member clusters.")
	klog.InitFlags(nil)
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, o); err != nil {
		fmt.Fprintf(os.Stderr, "local-up: %v\n", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, o options) error {
	out, err := filepath.Abs(o.outputDir)
	if err != nil {
		return err
	}
	unlock, err := lock(out)
	if err != nil {
		return err
	}
	defer unlock()
	if err := resetDir(out); err != nil {
		return err
	}

	began := time.Now()
	fmt.Printf("Starting a host and %d member clusters on 127.0.0.1 (logs under %s)...\n", o.members, out)
	var planes []*framework.ControlPlane
	defer func() {
		stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
		defer cancel()
		for i := len(planes) - 1; i >= 0; i-- {
			if err := planes[i].Stop(stopCtx); err != nil {
				fmt.Fprintf(os.Stderr, "local-up: %v\n", err)
			}
		}
	}()
	all := framework.Options{ControllerManager: true, Scheduler: true, KWOK: true}
	for i := 0; i <= o.members; i++ {
		opts := all
		opts.Name = memberName(i)
		opts.Dir = filepath.Join(out, opts.Name)
		cp, err := framework.Start(ctx, opts)
		if err != nil {
			return err
		}
		planes = append(planes, cp)
		if err := copyFile(cp.KubeconfigPath(), filepath.Join(out, opts.Name+".kubeconfig")); err != nil {
			return err
		}
	}
	host, members := planes[0], planes[1:]

	fcp, err := host.StartFCP(ctx, framework.FCPOptions{Dir: filepath.Join(out, "fcp"), Namespace: federationNamespace})
	if err != nil {
		return err
	}
	defer func() {
		if err := fcp.Stop(context.WithoutCancel(ctx)); err != nil {
			fmt.Fprintf(os.Stderr, "local-up: %v\n", err)
		}
	}()
	// CoreDNS answers for the zone from the host's etcd, where the coredns provider writes.
	coreDNS, err := host.StartCoreDNS(ctx, framework.CoreDNSOptions{Zone: dnsZone})
	if err != nil {
		return err
	}
	dnsConfig := filepath.Join(out, "dns-provider.yaml")
	if err := os.WriteFile(dnsConfig, []byte("# The coredns DNS provider: the etcd CoreDNS reads (Corefile "+coreDNS.Corefile()+").\n"+
		"endpoints: ["+host.EtcdURL()+"]\npathPrefix: /skydns\n"), 0o600); err != nil {
		return err
	}
	// The controllers keep members converged and report cluster health; a demo probes less
	// often than the tests do.
	cm, err := host.StartControllerManager(ctx, framework.ControllerManagerOptions{
		Args: []string{"--cluster-probe-interval=5s", "--cluster-probe-timeout=3s",
			"--dns-provider=coredns", "--dns-zone-name=" + dnsZone, "--dns-provider-config=" + dnsConfig,
			"--federation-name=" + federationName, "--dns-ttl=5s"},
	})
	if err != nil {
		return err
	}
	defer func() {
		if err := cm.Stop(context.WithoutCancel(ctx)); err != nil {
			fmt.Fprintf(os.Stderr, "local-up: %v\n", err)
		}
	}()
	if err := joinMembers(ctx, host, members); err != nil {
		return err
	}

	go runLoadBalancers(ctx, members)

	printWelcome(out, members, coreDNS.Port(), time.Since(began))
	<-ctx.Done()
	fmt.Println("\nStopping the local federation...")
	return nil
}

func memberName(i int) string {
	if i == 0 {
		return "host"
	}
	return "member-" + strconv.Itoa(i)
}

// joinMembers joins each member with `kubefed join`'s own code, labelled env=demo, and
// waits until the controller-manager reports it Ready.
func joinMembers(ctx context.Context, host *framework.ControlPlane, members []*framework.ControlPlane) error {
	hostCluster, err := kubeconfig.Loader{Path: host.KubeconfigPath()}.Load("", "--host-cluster-context")
	if err != nil {
		return err
	}
	for i, m := range members {
		member, err := kubeconfig.Loader{Path: m.KubeconfigPath()}.Load("", "--cluster-context")
		if err != nil {
			return err
		}
		region, zone := locality(i + 1)
		opts := join.Options{
			Name: m.Name(), Host: hostCluster, Member: member, Namespace: federationNamespace,
			Labels: map[string]string{"env": "demo"}, Region: region, Zones: []string{zone}, Wait: true,
		}
		if err := join.Run(ctx, opts, os.Stdout); err != nil {
			return fmt.Errorf("joining %s: %w", m.Name(), err)
		}
	}
	return nil
}

// locality is member i's region and zone (from 1): us-east/us-east-a, eu-west/eu-west-a,
// then region-<i>/zone-<i>.
func locality(i int) (region, zone string) {
	switch i {
	case 1:
		return "us-east", "us-east-a"
	case 2:
		return "eu-west", "eu-west-a"
	}
	return "region-" + strconv.Itoa(i), "zone-" + strconv.Itoa(i)
}

func printWelcome(out string, members []*framework.ControlPlane, dnsPort int, took time.Duration) {
	var names []string
	for _, m := range members {
		names = append(names, filepath.Join(out, m.Name()+".kubeconfig"))
	}
	fmt.Printf(`
Local federation is up (%s): a host, %d members, fcp apiserver behind the host's aggregator
and fcp controller-manager.

  export KUBECONFIG=%s

Then try:

  kubectl get clusters
  kubectl apply -f examples/federatedconfigmap.yaml
  kubectl get federatedconfigmaps -o wide
  kubectl explain federateddeployment.spec.placement

DNS: CoreDNS answers for %s. on 127.0.0.1:%d. After
  kubectl apply -f examples/federateddeployment.yaml -f examples/federatedservice.yaml
(a stand-in load balancer gives member-N's LoadBalancer Services 127.0.N.x):
  dig @127.0.0.1 -p %d web.default.%s.svc.%s +noall +answer
  dig @127.0.0.1 -p %d web.default.%s.svc.us-east-a.us-east.%s +noall +answer

Member kubeconfigs: %s
Press Ctrl-C to stop everything.
`, took.Round(time.Second), len(members), filepath.Join(out, "host.kubeconfig"),
		dnsZone, dnsPort, dnsPort, federationName, dnsZone, dnsPort, federationName, dnsZone, strings.Join(names, ", "))
}

// lock makes sure only one local federation runs from out at a time.
func lock(out string) (func(), error) {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, err
	}
	pidFile := filepath.Join(out, "local-up.pid")
	if data, err := os.ReadFile(pidFile); err == nil {
		if pid, err := strconv.Atoi(strings.TrimSpace(string(data))); err == nil && alive(pid) {
			return nil, fmt.Errorf("a local federation is already running (pid %d); stop it with Ctrl-C in its terminal or `kill %d`", pid, pid)
		}
	}
	if err := os.WriteFile(pidFile, []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
		return nil, err
	}
	return func() { _ = os.Remove(pidFile) }, nil
}

func alive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	return p.Signal(syscall.Signal(0)) == nil
}

// resetDir removes the previous run's clusters so every run starts fresh.
func resetDir(out string) error {
	entries, err := os.ReadDir(out)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.Name() == "local-up.pid" {
			continue
		}
		if err := os.RemoveAll(filepath.Join(out, e.Name())); err != nil {
			return err
		}
	}
	return nil
}

func copyFile(src, dst string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	if err := os.WriteFile(dst, data, 0o600); err != nil {
		return errors.Join(fmt.Errorf("writing %s", dst), err)
	}
	return nil
}
