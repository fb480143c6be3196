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

// Package controllermanager is the `fcp controller-manager` command: flags, leader election
// on the host, and the controllers that keep member clusters converged.
package controllermanager

import (
	"context"
	"fmt"
	"os"
	goruntime "runtime"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/spf13/pflag"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	utilerrors "k8s.io/apimachinery/pkg/util/errors"
	genericapiserver "k8s.io/apiserver/pkg/server"
	"k8s.io/apiserver/pkg/server/healthz"
	"k8s.io/apiserver/pkg/server/mux"
	genericoptions "k8s.io/apiserver/pkg/server/options"
	"k8s.io/apiserver/pkg/server/routes"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/client-go/tools/events"
	"k8s.io/client-go/tools/leaderelection"
	"k8s.io/client-go/tools/leaderelection/resourcelock"
	componentbaseconfig "k8s.io/component-base/config"
	configoptions "k8s.io/component-base/config/options"
	"k8s.io/component-base/metrics/legacyregistry"
	_ "k8s.io/component-base/metrics/prometheus/clientgo"  // client-go request metrics
	_ "k8s.io/component-base/metrics/prometheus/workqueue" // queue depth and latency
	controllermanagerapp "k8s.io/controller-manager/app"
	controllermanageroptions "k8s.io/controller-manager/options"
	"k8s.io/klog/v2"

	clustercontroller "k8s.io/federation/pkg/controllers/cluster"
	dnscontroller "k8s.io/federation/pkg/controllers/dns"
	synccontroller "k8s.io/federation/pkg/controllers/sync"
	"k8s.io/federation/pkg/dns"
	clientset "k8s.io/federation/pkg/generated/clientset/versioned"
	fedscheme "k8s.io/federation/pkg/generated/clientset/versioned/scheme"
	fedinformers "k8s.io/federation/pkg/generated/informers/externalversions"
	"k8s.io/federation/pkg/members"
	"k8s.io/federation/pkg/propagation"
)

// Options are the flags of `fcp controller-manager`.
type Options struct {
	// Kubeconfig reaches the host cluster; empty means in-cluster.
	Kubeconfig string
	// FederationKubeconfig reaches the federation API; empty means Kubeconfig, through the
	// host's aggregator.
	FederationKubeconfig string
	Controllers          ControllerOptions
	LeaderElection       componentbaseconfig.LeaderElectionConfiguration
	SecureServing        *genericoptions.SecureServingOptions
	Authentication       *genericoptions.DelegatingAuthenticationOptions
	Authorization        *genericoptions.DelegatingAuthorizationOptions
	// Debugging serves /debug/pprof on the secure port (--profiling, on by default as in
	// kube-controller-manager), behind the same authentication and authorization.
	Debugging *controllermanageroptions.DebuggingOptions
}

// ControllerOptions tune the controllers; `fcp all` shares some with the apiserver.
type ControllerOptions struct {
	Namespace            string
	ClusterProbeInterval time.Duration
	ClusterProbeTimeout  time.Duration
	// ClusterFailoverGrace is how long a cluster may be not Ready before replicaScheduling
	// moves its replicas away; published on the Cluster as Schedulable=False.
	ClusterFailoverGrace time.Duration
	// ClusterUnreachableTaintAfter is how long a cluster may be Offline before it is tainted
	// federation.k8s.io/unreachable:NoExecute; 0 (the default) never.
	ClusterUnreachableTaintAfter time.Duration
	// ClusterDiscoveryInterval is how often a member's API discovery is read in full to learn
	// which federated kinds' member types it serves (Cluster status.unservedResources).
	ClusterDiscoveryInterval time.Duration
	ResyncPeriod             time.Duration
	ConcurrentSyncs          int
	WriteThroughGrace        time.Duration
	MemberTimeout            time.Duration
	MemberQPS                float32
	MemberBurst              int
	// APIQPS and APIBurst limit the clients of the host and the federation API: every
	// status write is a request, and a member back from an outage means one per object. A
	// negative APIQPS (the default) sets no client-side limit (see noClientLimit).
	APIQPS   float32
	APIBurst int
	// DNS configures the DNS controller; it runs when DNS.Provider is set.
	DNS DNSOptions
}

// noClientLimit is the default of --kube-api-qps and the controller-manager's --member-qps:
// no client-side rate limit (client-go makes none for a negative QPS). The servers protect
// themselves with API Priority and Fairness (on by default since Kubernetes 1.20, GA in
// 1.29), which is SIG API Machinery's advice to rely on instead (controller-runtime's default
// since kubernetes-sigs/controller-runtime#3119), and the controllers' load is bounded by
// their workers (--concurrent-syncs): each has one request in flight at a time. A fixed
// rate, like the 50/s these flags had, is what a member back from an outage waited on: two
// federation requests per object capped reconvergence at 25 objects/s with both processes
// mostly idle (BenchmarkConvergence).
const noClientLimit = -1

// NewOptions returns the defaults.
func NewOptions() *Options {
	o := &Options{
		Controllers: ControllerOptions{
			Namespace:                "federation-system",
			ClusterProbeInterval:     10 * time.Second,
			ClusterProbeTimeout:      5 * time.Second,
			ClusterFailoverGrace:     time.Minute,
			ClusterDiscoveryInterval: 10 * time.Minute,
			ResyncPeriod:             5 * time.Minute,
			ConcurrentSyncs:          40,
			WriteThroughGrace:        15 * time.Second,
			MemberTimeout:            5 * time.Second,
			MemberQPS:                noClientLimit,
			MemberBurst:              100,
			APIQPS:                   noClientLimit,
			APIBurst:                 100,
			DNS:                      DNSOptions{TTL: 30 * time.Second},
		},
		LeaderElection: componentbaseconfig.LeaderElectionConfiguration{
			LeaderElect:   true,
			LeaseDuration: metav1Duration(15 * time.Second),
			RenewDeadline: metav1Duration(10 * time.Second),
			RetryPeriod:   metav1Duration(2 * time.Second),
			ResourceLock:  resourcelock.LeasesResourceLock,
			ResourceName:  "fcp-controller-manager",
		},
		SecureServing:  genericoptions.NewSecureServingOptions(),
		Authentication: genericoptions.NewDelegatingAuthenticationOptions(),
		Authorization:  genericoptions.NewDelegatingAuthorizationOptions(),
		Debugging:      controllermanageroptions.RecommendedDebuggingOptions(),
	}
	o.SecureServing.BindPort = 10271
	o.SecureServing.ServerCert.PairName = "fcp-controller-manager"
	// Without --tls-cert-file, a self-signed certificate in memory: nothing is written to a
	// working directory that may be read-only.
	o.SecureServing.ServerCert.CertDirectory = ""
	o.Authentication.RemoteKubeConfigFileOptional = true
	o.Authorization.RemoteKubeConfigFileOptional = true
	o.Authorization.AlwaysAllowPaths = []string{"/healthz", "/readyz", "/livez"}
	return o
}

// AddFlags adds every flag of the standalone command.
func (o *Options) AddFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.Kubeconfig, "kubeconfig", o.Kubeconfig, "Kubeconfig of the host cluster; empty means in-cluster configuration.")
	fs.StringVar(&o.FederationKubeconfig, "federation-kubeconfig", o.FederationKubeconfig,
		"Kubeconfig of the federation API; empty means --kubeconfig (the API is served through the host's aggregator).")
	o.Controllers.AddFlags(fs, true)
	configoptions.BindLeaderElectionFlags(&o.LeaderElection, fs)
	o.SecureServing.AddFlags(fs)
	o.Authentication.AddFlags(fs)
	o.Authorization.AddFlags(fs)
	o.Debugging.AddFlags(fs)
}

// AddFlags adds the controllers' flags; withMemberAccess adds the member-access flags the
// apiserver also has (`fcp all` has them once).
func (c *ControllerOptions) AddFlags(fs *pflag.FlagSet, withMemberAccess bool) {
	fs.DurationVar(&c.ClusterProbeInterval, "cluster-probe-interval", c.ClusterProbeInterval,
		"Time between two health probes (/readyz) of a member cluster. A stopped member shows Offline within two intervals. "+
			"A member that is not Ready is probed every fifth of it (at least every 1s), so that one back from an outage is written to within seconds.")
	fs.DurationVar(&c.ClusterProbeTimeout, "cluster-probe-timeout", c.ClusterProbeTimeout, "Longest one health probe of a member waits.")
	fs.DurationVar(&c.ClusterFailoverGrace, "cluster-failover-grace", c.ClusterFailoverGrace,
		"How long a member cluster may be not Ready before its Cluster turns Schedulable=False and spec.replicaScheduling moves its replicas "+
			"to the other placed clusters (the API server reads the condition, so it needs no such flag).")
	fs.DurationVar(&c.ClusterUnreachableTaintAfter, "cluster-unreachable-taint-after", c.ClusterUnreachableTaintAfter,
		"How long a member cluster may be Offline before its Cluster is tainted federation.k8s.io/unreachable:NoExecute: objects "+
			"whose placement does not tolerate it are no longer placed there (status rows say Excluded; replicaScheduling gives its share to "+
			"the other clusters). Copies there stay, as the cluster cannot be reached, and the taint is removed as soon as it answers, before it counts as Ready. "+
			"0 never taints, and removes a taint set before.")
	fs.DurationVar(&c.ClusterDiscoveryInterval, "cluster-discovery-interval", c.ClusterDiscoveryInterval,
		"How often a member cluster's API discovery is read in full (one request per group/version the federated kinds use) to learn which "+
			"kinds it serves, into its Cluster's status.unservedResources. It is also read when the member's version changes or it turns Ready, "+
			"and the types it lacks are looked for at every probe.")
	fs.DurationVar(&c.ResyncPeriod, "resync-period", c.ResyncPeriod,
		"How often every federated object is compared again with its members' copies (from watch caches: reads, no writes).")
	fs.IntVar(&c.ConcurrentSyncs, "concurrent-syncs", c.ConcurrentSyncs,
		"Federated objects reconciled in parallel. A reconcile that writes waits on a few requests in turn (member write, status write), "+
			"so workers, not CPU, bound how fast a member back from an outage catches up: 1,000 objects took 15 s with 10 and 9 s with 40 "+
			"on 2 cores (BenchmarkConvergence); 100 were no faster than 40.")
	fs.Float32Var(&c.APIQPS, "kube-api-qps", c.APIQPS,
		"Queries per second to the host and federation APIs; negative (the default): no client-side limit, the servers' API Priority and Fairness "+
			"decides, and --concurrent-syncs bounds the requests in flight.")
	fs.IntVar(&c.APIBurst, "kube-api-burst", c.APIBurst, "Burst of queries to the host and federation APIs, with a positive --kube-api-qps.")
	c.DNS.AddFlags(fs)
	fs.DurationVar(&c.WriteThroughGrace, "write-through-grace", c.WriteThroughGrace,
		"How long a new spec is left to the apiserver's write-through before the controller writes it to members itself.")
	if withMemberAccess {
		fs.StringVar(&c.Namespace, "federation-namespace", c.Namespace, "Namespace on the host holding member credential Secrets and the leader-election Lease.")
		fs.DurationVar(&c.MemberTimeout, "member-timeout", c.MemberTimeout, "Longest a request waits for one member cluster.")
		fs.Float32Var(&c.MemberQPS, "member-qps", c.MemberQPS,
			"Queries per second to each member cluster; negative (the default): no client-side limit, the member's API Priority and Fairness decides.")
		fs.IntVar(&c.MemberBurst, "member-burst", c.MemberBurst, "Burst of queries to each member cluster, with a positive --member-qps.")
	}
}

// Validate reports every invalid flag at once.
func (o *Options) Validate() error {
	errs := o.Controllers.Validate()
	errs = append(errs, o.SecureServing.Validate()...)
	errs = append(errs, o.Authentication.Validate()...)
	errs = append(errs, o.Authorization.Validate()...)
	le := o.LeaderElection
	if le.LeaderElect && (le.LeaseDuration.Duration <= le.RenewDeadline.Duration || le.RenewDeadline.Duration <= le.RetryPeriod.Duration) {
		errs = append(errs, fmt.Errorf("--leader-elect-lease-duration (%s) must exceed --leader-elect-renew-deadline (%s), which must exceed --leader-elect-retry-period (%s)",
			le.LeaseDuration.Duration, le.RenewDeadline.Duration, le.RetryPeriod.Duration))
	}
	return utilerrors.NewAggregate(errs)
}

// Validate reports invalid controller flags.
func (c *ControllerOptions) Validate() []error {
	var errs []error
	if c.Namespace == "" {
		errs = append(errs, fmt.Errorf("--federation-namespace must not be empty"))
	}
	for name, d := range map[string]time.Duration{
		"--cluster-probe-interval": c.ClusterProbeInterval, "--cluster-probe-timeout": c.ClusterProbeTimeout,
		"--member-timeout": c.MemberTimeout, "--resync-period": c.ResyncPeriod, "--cluster-discovery-interval": c.ClusterDiscoveryInterval,
	} {
		if d <= 0 {
			errs = append(errs, fmt.Errorf("%s must be positive, got %s", name, d))
		}
	}
	if c.ClusterFailoverGrace < 0 {
		errs = append(errs, fmt.Errorf("--cluster-failover-grace must not be negative, got %s", c.ClusterFailoverGrace))
	}
	if c.ClusterUnreachableTaintAfter < 0 {
		errs = append(errs, fmt.Errorf("--cluster-unreachable-taint-after must not be negative, got %s", c.ClusterUnreachableTaintAfter))
	}
	if c.WriteThroughGrace < 0 {
		errs = append(errs, fmt.Errorf("--write-through-grace must not be negative"))
	}
	// client-go reads a zero QPS as its own default of 5 per second: say "no limit" with a
	// negative value instead.
	for _, l := range []struct {
		qps   float32
		burst int
		name  string
	}{{c.APIQPS, c.APIBurst, "--kube-api"}, {c.MemberQPS, c.MemberBurst, "--member"}} {
		if l.qps == 0 || (l.qps > 0 && l.burst < 1) {
			errs = append(errs, fmt.Errorf("%s-qps must be negative (no client-side limit) or positive with a positive %s-burst, got %v and %d",
				l.name, l.name, l.qps, l.burst))
		}
	}
	errs = append(errs, c.DNS.Validate()...)
	if c.ConcurrentSyncs < 1 {
		errs = append(errs, fmt.Errorf("--concurrent-syncs must be at least 1, got %d", c.ConcurrentSyncs))
	}
	return errs
}

// Run serves health and metrics, and runs the controllers while this process leads.
func (o *Options) Run(ctx context.Context) error {
	hostCfg, err := clientcmd.BuildConfigFromFlags("", o.Kubeconfig)
	if err != nil {
		return fmt.Errorf("host cluster client configuration: %w", err)
	}
	fedCfg := hostCfg
	if o.FederationKubeconfig != "" {
		if fedCfg, err = clientcmd.BuildConfigFromFlags("", o.FederationKubeconfig); err != nil {
			return fmt.Errorf("federation API client configuration: %w", err)
		}
	}
	var watchdog *leaderelection.HealthzAdaptor
	checks := []healthz.HealthChecker{healthz.PingHealthz}
	if o.LeaderElection.LeaderElect {
		watchdog = leaderelection.NewLeaderHealthzAdaptor(20 * time.Second)
		checks = append(checks, watchdog)
	}
	if err := o.serve(ctx, checks); err != nil {
		return err
	}
	return RunControllers(ctx, hostCfg, fedCfg, o.Controllers, o.LeaderElection, watchdog)
}

// serve serves /healthz, /metrics and (with --profiling) /debug/pprof on the secure port, authenticated and authorized by
// the host like kube-controller-manager's.
func (o *Options) serve(ctx context.Context, checks []healthz.HealthChecker) error {
	var serving *genericapiserver.SecureServingInfo
	if err := o.SecureServing.MaybeDefaultWithSelfSignedCerts("localhost", nil, nil); err != nil {
		return err
	}
	if err := o.SecureServing.ApplyTo(&serving); err != nil {
		return err
	}
	if serving == nil {
		return nil // --secure-port=0
	}
	var authn genericapiserver.AuthenticationInfo
	var authz genericapiserver.AuthorizationInfo
	if err := o.Authentication.ApplyTo(&authn, serving, nil); err != nil {
		return err
	}
	if err := o.Authorization.ApplyTo(&authz); err != nil {
		return err
	}
	m := mux.NewPathRecorderMux("fcp-controller-manager")
	healthz.InstallHandler(m, checks...)
	m.Handle("/metrics", legacyregistry.Handler())
	if o.Debugging.EnableProfiling {
		routes.Profiling{}.Install(m)
		if o.Debugging.EnableContentionProfiling {
			goruntime.SetBlockProfileRate(1)
		}
	}
	handler := controllermanagerapp.BuildHandlerChain(m, &authz, &authn)
	if _, _, err := serving.Serve(handler, 0, ctx.Done()); err != nil {
		return fmt.Errorf("serving health and metrics: %w", err)
	}
	return nil
}

// RunControllers runs the controllers, under leader election on a Lease in the host when
// le.LeaderElect is set, until ctx ends or leadership is lost.
func RunControllers(ctx context.Context, hostCfg, fedCfg *rest.Config, opts ControllerOptions, le componentbaseconfig.LeaderElectionConfiguration,
	watchdog *leaderelection.HealthzAdaptor) error {
	logger := klog.FromContext(ctx)
	hostCfg = rest.CopyConfig(hostCfg)
	hostCfg.UserAgent, hostCfg.QPS, hostCfg.Burst = "fcp-controller-manager", opts.APIQPS, opts.APIBurst
	fedCfg = rest.CopyConfig(fedCfg)
	fedCfg.UserAgent, fedCfg.QPS, fedCfg.Burst = "fcp-controller-manager", opts.APIQPS, opts.APIBurst
	host, err := kubernetes.NewForConfig(hostCfg)
	if err != nil {
		return err
	}
	fed, err := clientset.NewForConfig(fedCfg)
	if err != nil {
		return err
	}
	// The DNS provider is built once, before leadership: a bad configuration fails the
	// start, and a new leadership reuses it.
	var provider dns.Provider
	if opts.DNS.Provider != "" {
		if provider, err = opts.DNS.newProvider(hostCfg); err != nil {
			return fmt.Errorf("DNS provider %s: %w", opts.DNS.Provider, err)
		}
	}
	broadcaster := events.NewBroadcaster(&events.EventSinkImpl{Interface: host.EventsV1()})
	broadcaster.StartRecordingToSink(ctx.Done())
	defer broadcaster.Shutdown()
	recorder := broadcaster.NewRecorder(fedscheme.Scheme, "fcp-controller-manager")

	run := func(ctx context.Context) error { return runControllers(ctx, host, fed, recorder, provider, opts) }
	if !le.LeaderElect {
		return run(ctx)
	}
	id, err := os.Hostname()
	if err != nil {
		return err
	}
	id += "_" + uuid.NewString()
	namespace := le.ResourceNamespace
	if namespace == "" {
		namespace = opts.Namespace
	}
	lock, err := resourcelock.New(le.ResourceLock, namespace, le.ResourceName, host.CoreV1(), host.CoordinationV1(),
		resourcelock.ResourceLockConfig{Identity: id})
	if err != nil {
		return fmt.Errorf("leader election lock: %w", err)
	}
	// The election runs on its own context so that the Lease is released only after the
	// controllers have stopped: until then another instance must not start its own.
	electCtx, stopElecting := context.WithCancel(context.WithoutCancel(ctx))
	defer stopElecting()
	started := make(chan struct{})
	leading := make(chan error, 1)
	// Before it leads, an instance stops electing as soon as the process stops.
	stopWaiting := context.AfterFunc(ctx, func() {
		select {
		case <-started:
		default:
			stopElecting()
		}
	})
	defer stopWaiting()
	elector, err := leaderelection.NewLeaderElector(leaderelection.LeaderElectionConfig{
		Lock:            lock,
		LeaseDuration:   le.LeaseDuration.Duration,
		RenewDeadline:   le.RenewDeadline.Duration,
		RetryPeriod:     le.RetryPeriod.Duration,
		ReleaseOnCancel: true,
		WatchDog:        watchdog,
		Name:            le.ResourceName,
		Callbacks: leaderelection.LeaderCallbacks{
			OnStartedLeading: func(leaderCtx context.Context) {
				close(started)
				logger.Info("Became leader, starting controllers", "lease", namespace+"/"+le.ResourceName, "identity", id)
				// The controllers stop when the process does or leadership is lost; then the
				// election ends, which releases the Lease. A leader whose controllers failed
				// lets another instance lead.
				runCtx, cancel := context.WithCancel(leaderCtx)
				stop := context.AfterFunc(ctx, cancel)
				leading <- run(runCtx)
				stop()
				cancel()
				stopElecting()
			},
			OnStoppedLeading: func() { logger.Info("No longer the leader", "identity", id) },
			OnNewLeader: func(identity string) {
				if identity != id {
					logger.Info("Another instance leads", "leader", identity)
				}
			},
		},
	})
	if err != nil {
		return err
	}
	logger.Info("Waiting for leadership", "lease", namespace+"/"+le.ResourceName, "identity", id)
	elector.Run(electCtx)
	select {
	case <-started:
	default:
		return nil // the process stopped before this instance led
	}
	// elector.Run does not wait for OnStartedLeading; the controllers have stopped once it
	// has sent their result.
	if err := <-leading; err != nil {
		return err
	}
	if ctx.Err() != nil {
		return nil
	}
	// Controllers must not run on after another instance may have taken over.
	return fmt.Errorf("leader election lost")
}

// withoutManagedFields drops managedFields from the federated objects and Clusters the
// controllers cache (issue 16: memory per object). No controller reads them: drift
// attribution reads the member copies', cached apart. A write made from a cached copy
// without them keeps the stored ones, as the API server takes the live object's
// managedFields when a request has none. Tombstones pass unchanged.
func withoutManagedFields(obj any) (any, error) {
	if o, ok := obj.(metav1.Object); ok {
		o.SetManagedFields(nil)
	}
	return obj, nil
}

func runControllers(ctx context.Context, host kubernetes.Interface, fed clientset.Interface, recorder events.EventRecorder, provider dns.Provider, opts ControllerOptions) error {
	fedFactory := fedinformers.NewSharedInformerFactoryWithOptions(fed, opts.ResyncPeriod, fedinformers.WithTransform(withoutManagedFields))
	secretFactory := informers.NewSharedInformerFactoryWithOptions(host, 0, informers.WithNamespace(opts.Namespace))
	clusters := fedFactory.Federation().V1beta1().Clusters()
	secrets := secretFactory.Core().V1().Secrets()
	clients := members.NewClients(clusters.Lister(), secrets.Lister().Secrets(opts.Namespace), members.Options{
		QPS: opts.MemberQPS, Burst: opts.MemberBurst, Timeout: opts.MemberTimeout, UserAgent: "federation-controller-manager",
	})
	engine := propagation.NewEngine(clusters.Lister(), clients, opts.MemberTimeout, propagation.RegisteredMetrics()).
		WithAutoscalers(fedFactory.Federation().V1beta1().FederatedHorizontalPodAutoscalers().Lister())
	clusterCtl, err := clustercontroller.New(fed, clusters, clients, recorder, clustercontroller.Options{
		ProbeInterval: opts.ClusterProbeInterval, ProbeTimeout: opts.ClusterProbeTimeout, Workers: 4,
		FailoverGrace: opts.ClusterFailoverGrace, UnreachableTaintAfter: opts.ClusterUnreachableTaintAfter,
		DiscoveryInterval: opts.ClusterDiscoveryInterval,
	})
	if err != nil {
		return err
	}
	syncCtl, err := synccontroller.New(fed.FederationV1beta1().RESTClient(), fedFactory, clients, engine, recorder, synccontroller.Options{
		Workers: opts.ConcurrentSyncs, WriteThroughGrace: opts.WriteThroughGrace,
	})
	if err != nil {
		return err
	}
	var dnsCtl *dnscontroller.Controller
	if provider != nil {
		dnsCtl, err = dnscontroller.New(fed, fedFactory.Federation().V1beta1().FederatedServices(), clusters, clients, provider, recorder,
			dnscontroller.Options{
				ProviderName: opts.DNS.Provider, Config: opts.DNS.config(), TTL: int64(opts.DNS.TTL / time.Second),
				Workers: 4, OwnersInterval: opts.ResyncPeriod, Metrics: dnsMetrics(),
			})
		if err != nil {
			return err
		}
	}
	fedFactory.Start(ctx.Done())
	secretFactory.Start(ctx.Done())
	defer fedFactory.Shutdown()
	defer secretFactory.Shutdown()
	if !cache.WaitForNamedCacheSyncWithContext(ctx, secrets.Informer().HasSynced) {
		return ctx.Err()
	}
	var wg sync.WaitGroup
	wg.Go(func() { clusterCtl.Run(ctx) })
	if dnsCtl != nil {
		wg.Go(func() { dnsCtl.Run(ctx) })
	}
	syncCtl.Run(ctx)
	wg.Wait()
	return nil
}

func metav1Duration(d time.Duration) metav1.Duration { return metav1.Duration{Duration: d} }
