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

// Package apiserver is the `fcp apiserver` command: flags, validation and the run loop.
package apiserver

import (
	"context"
	"fmt"
	"net"
	"path/filepath"
	"time"

	"github.com/spf13/pflag"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	utilerrors "k8s.io/apimachinery/pkg/util/errors"
	openapinamer "k8s.io/apiserver/pkg/endpoints/openapi"
	genericapiserver "k8s.io/apiserver/pkg/server"
	genericoptions "k8s.io/apiserver/pkg/server/options"
	"k8s.io/klog/v2"

	"k8s.io/federation/pkg/apis/federation"
	"k8s.io/federation/pkg/apis/federation/v1beta1"
	"k8s.io/federation/pkg/apiserver"
	"k8s.io/federation/pkg/apiserver/embeddedetcd"
	"k8s.io/federation/pkg/generated/openapi"
	"k8s.io/federation/pkg/servingcert"
)

const etcdPathPrefix = "/registry/federation.k8s.io"

// Options are the flags of `fcp apiserver`.
type Options struct {
	ServerRun   *genericoptions.ServerRunOptions
	Recommended *genericoptions.RecommendedOptions
	// EtcdDataDir is the embedded etcd's data dir, used when --etcd-servers is not set.
	EtcdDataDir string
	// EmbeddedEtcdClientURL is where the embedded etcd listens; port 0 picks a free port.
	EmbeddedEtcdClientURL string
	// WriteThrough configures member access and write-through.
	WriteThrough apiserver.WriteThroughConfig
	// ServingCert makes fcp manage its own serving certificate (servingcert package).
	ServingCert servingcert.Flags

	scheme *runtime.Scheme
	codecs serializer.CodecFactory
	// certs is set by Config when ServingCert.SecretName is set.
	certs *servingcert.Manager
}

// NewOptions returns the defaults: embedded etcd, delegated authentication and
// authorization against the host, and the default admission plugins wired to the host.
func NewOptions() *Options {
	scheme, codecs := apiserver.NewScheme()
	o := &Options{
		ServerRun:             genericoptions.NewServerRunOptions(),
		Recommended:           genericoptions.NewRecommendedOptions(etcdPathPrefix, codecs.LegacyCodec(v1beta1.SchemeGroupVersion)),
		EtcdDataDir:           "/var/lib/federation/etcd",
		EmbeddedEtcdClientURL: "http://127.0.0.1:0",
		WriteThrough: apiserver.WriteThroughConfig{
			Namespace:     "federation-system",
			MemberTimeout: 5 * time.Second,
			Preflight:     true,
			// No client-side limit: member writes are made for requests fcp is serving, which
			// its own in-flight limits bound, and each member paces them with API Priority and
			// Fairness as it does any client. A bucket here turned load into member Timeouts
			// and capped creates at 25/s per member with pre-flight (2 requests each) at 50 qps.
			MemberQPS:   -1,
			MemberBurst: 100,
		},
		scheme: scheme,
		codecs: codecs,
	}
	o.Recommended.Etcd.StorageConfig.EncodeVersioner = runtime.NewMultiGroupVersioner(
		v1beta1.SchemeGroupVersion, schema.GroupKind{Group: federation.GroupName})
	o.Recommended.SecureServing.ServerCert.CertDirectory = ""
	o.Recommended.SecureServing.BindPort = 8443
	return o
}

// AddFlags adds the server's flags to fs.
func (o *Options) AddFlags(fs *pflag.FlagSet) {
	o.ServerRun.AddUniversalFlags(fs)
	o.Recommended.AddFlags(fs)
	fs.StringVar(&o.EtcdDataDir, "etcd-data-dir", o.EtcdDataDir,
		"Data directory of the embedded etcd, used when --etcd-servers is empty. Data survives restarts.")
	fs.StringVar(&o.EmbeddedEtcdClientURL, "embedded-etcd-client-url", o.EmbeddedEtcdClientURL,
		"Client URL of the embedded etcd; port 0 picks a free port.")
	wt := &o.WriteThrough
	fs.StringVar(&wt.Namespace, "federation-namespace", wt.Namespace,
		"Namespace on the host cluster holding the Secrets with member cluster credentials.")
	fs.DurationVar(&wt.MemberTimeout, "member-timeout", wt.MemberTimeout,
		"Longest a request waits for one member cluster; a slower member is reported Failed (Timeout) and retried by the controller.")
	fs.BoolVar(&wt.Preflight, "preflight", wt.Preflight,
		"Dry-run every create and update in the placed member clusters first, and refuse what a member rejects as Invalid or Forbidden.")
	fs.Float32Var(&wt.MemberQPS, "member-qps", wt.MemberQPS,
		"Queries per second to each member cluster; negative: no client-side limit (each member's API Priority and Fairness applies).")
	fs.IntVar(&wt.MemberBurst, "member-burst", wt.MemberBurst, "Burst of queries to each member cluster, when --member-qps is positive.")
	o.ServingCert.AddFlags(fs)
}

func (o *Options) embeddedEtcd() bool {
	return len(o.Recommended.Etcd.StorageConfig.Transport.ServerList) == 0
}

// Complete fills in defaults that depend on other flags.
func (o *Options) Complete() error {
	if err := o.ServerRun.Complete(); err != nil {
		return err
	}
	if o.Recommended.SecureServing.ServerCert.CertDirectory == "" {
		o.Recommended.SecureServing.ServerCert.CertDirectory = filepath.Join(filepath.Dir(o.EtcdDataDir), "certificates")
	}
	return nil
}

// Validate reports every invalid flag at once.
func (o *Options) Validate() error {
	rec := *o.Recommended
	if o.embeddedEtcd() {
		// The embedded etcd's address is only known once it runs; validate the rest.
		etcd := *rec.Etcd
		etcd.StorageConfig.Transport.ServerList = []string{o.EmbeddedEtcdClientURL}
		rec.Etcd = &etcd
		if o.EtcdDataDir == "" {
			return fmt.Errorf("--etcd-data-dir must be set when --etcd-servers is empty")
		}
	}
	errs := append(o.ServerRun.Validate(), rec.Validate()...)
	errs = append(errs, o.ServingCert.Validate(o.Recommended.SecureServing.ServerCert.CertKey.CertFile, o.Recommended.SecureServing.ServerCert.CertKey.KeyFile)...)
	if o.WriteThrough.Namespace == "" {
		errs = append(errs, fmt.Errorf("--federation-namespace must not be empty"))
	}
	if o.WriteThrough.MemberTimeout <= 0 {
		errs = append(errs, fmt.Errorf("--member-timeout must be positive"))
	}
	return utilerrors.NewAggregate(errs)
}

// Run starts the embedded etcd when needed, then serves until ctx is done.
func (o *Options) Run(ctx context.Context) error {
	logger := klog.FromContext(ctx)
	if o.embeddedEtcd() {
		etcd, err := embeddedetcd.Start(ctx, embeddedetcd.Options{DataDir: o.EtcdDataDir, ClientURL: o.EmbeddedEtcdClientURL})
		if err != nil {
			return err
		}
		defer etcd.Close()
		o.Recommended.Etcd.StorageConfig.Transport.ServerList = []string{etcd.ClientURL()}
	}
	config, err := o.Config()
	if err != nil {
		return err
	}
	if o.certs != nil {
		// Serve only once the certificate the APIService will trust is loaded.
		if err := o.certs.Load(ctx); err != nil {
			return err
		}
	}
	server, err := config.Complete().New()
	if err != nil {
		return err
	}
	if o.certs != nil {
		if err := server.GenericAPIServer.AddPostStartHook("federation-serving-cert", func(hc genericapiserver.PostStartHookContext) error {
			go o.certs.Run(hc)
			return nil
		}); err != nil {
			return err
		}
	}
	logger.Info("Starting federation API server")
	return server.GenericAPIServer.PrepareRun().RunWithContext(ctx)
}

// Config turns the options into the server configuration.
func (o *Options) Config() (*apiserver.Config, error) {
	if o.ServingCert.SecretName != "" {
		certs, err := o.ServingCert.NewManager(o.Recommended.CoreAPI.CoreAPIKubeconfigPath, o.WriteThrough.Namespace)
		if err != nil {
			return nil, err
		}
		o.certs = certs
		o.Recommended.SecureServing.ServerCert.GeneratedCert = certs
	} else if err := o.Recommended.SecureServing.MaybeDefaultWithSelfSignedCerts("localhost", nil, []net.IP{net.ParseIP("127.0.0.1")}); err != nil {
		return nil, fmt.Errorf("creating self-signed certificates: %w", err)
	}
	generic := genericapiserver.NewRecommendedConfig(o.codecs)
	if err := o.ServerRun.ApplyTo(&generic.Config); err != nil {
		return nil, err
	}
	namer := openapinamer.NewDefinitionNamer(o.scheme)
	generic.OpenAPIConfig = genericapiserver.DefaultOpenAPIConfig(openapi.GetOpenAPIDefinitions, namer)
	generic.OpenAPIConfig.Info.Title = "Federation"
	generic.OpenAPIV3Config = genericapiserver.DefaultOpenAPIV3Config(openapi.GetOpenAPIDefinitions, namer)
	generic.OpenAPIV3Config.Info.Title = "Federation"
	if err := o.Recommended.ApplyTo(generic); err != nil {
		return nil, err
	}
	return &apiserver.Config{Generic: generic, Scheme: o.scheme, Codecs: o.codecs, WriteThrough: o.WriteThrough}, nil
}
