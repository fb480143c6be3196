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

package app

import (
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"k8s.io/federation/pkg/kubefed/install"
	"k8s.io/federation/pkg/kubefed/join"
	"k8s.io/federation/pkg/kubefed/kubeconfig"
	"k8s.io/federation/pkg/kubefed/unjoin"
	"k8s.io/federation/pkg/kubefed/version"
)

func newInitCommand(g *globalFlags) *cobra.Command {
	var hostContext string
	o := install.Options{Wait: true, Timeout: 5 * time.Minute}
	cmd := &cobra.Command{
		Use:   "init NAME",
		Short: "Install the federation control plane into the host cluster",
		Long: `Install the federation control plane into the host cluster: the objects of artifacts/
(namespace federation-system, ServiceAccount, RBAC, the fcp Deployment, Service,
PodDisruptionBudget, PersistentVolumeClaim and the APIService v1beta1.federation.k8s.io),
applied server-side, then wait until the host's aggregator reports the APIService
Available. Running it again re-applies the same objects; unchanged ones stay unchanged.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			host, err := g.host(hostContext)
			if err != nil {
				return err
			}
			if _, err := host.Reachable(cmd.Context()); err != nil {
				return err
			}
			o.Name, o.Host = args[0], host.Config
			return install.Run(cmd.Context(), o, cmd.OutOrStdout())
		},
	}
	f := cmd.Flags()
	f.StringVar(&hostContext, "host-cluster-context", "", "The kubeconfig context of the host cluster; default --context or the current context.")
	f.StringVar(&o.Image, "image", "", "The fcp image; default the image named in artifacts/05-deployment.yaml.")
	f.BoolVar(&o.Wait, "wait", o.Wait, "Wait until the APIService is Available.")
	f.DurationVar(&o.Timeout, "timeout", o.Timeout, "How long to wait for the APIService.")
	f.StringVar(&o.DNS.Provider, "dns-provider", "",
		"DNS provider of federated Services' names (coredns, external-dns), passed to the controller-manager with NAME as its --federation-name; empty: no DNS.")
	f.StringVar(&o.DNS.Zone, "dns-zone-name", "", "DNS zone the names are published in, e.g. example.com.")
	f.StringVar(&o.DNS.ConfigFile, "dns-provider-config", "",
		"Local file with the DNS provider's configuration; stored in the Secret federation-system/"+install.DNSConfigSecret+" and mounted into the controller-manager.")
	return cmd
}

func newJoinCommand(g *globalFlags) *cobra.Command {
	var hostContext, memberContext string
	o := join.Options{Wait: true, Timeout: join.DefaultTimeout, TokenTimeout: join.DefaultTokenTimeout, Namespace: join.DefaultNamespace}
	cmd := &cobra.Command{
		Use:   "join NAME --cluster-context=CONTEXT",
		Short: "Join a member cluster to the federation",
		Long: `Join a member cluster: in the member, create a ServiceAccount with the rights federation
needs, a ClusterRole and binding, and a token; on the host, create the credentials Secret
in the federation namespace and the Cluster NAME (server, caBundle, secretRef, region and
zones); then wait until the Cluster is Ready.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if memberContext == "" {
				return errors.New("--cluster-context is required: the kubeconfig context of the member cluster")
			}
			host, err := g.host(hostContext)
			if err != nil {
				return err
			}
			member, err := g.loader().Load(memberContext, "--cluster-context")
			if err != nil {
				return err
			}
			o.Name, o.Host, o.Member = args[0], host, member
			return join.Run(cmd.Context(), o, cmd.OutOrStdout())
		},
	}
	f := cmd.Flags()
	f.StringVar(&memberContext, "cluster-context", "", "The kubeconfig context of the member cluster (required).")
	f.StringVar(&hostContext, "host-cluster-context", "", "The kubeconfig context of the host cluster; default --context or the current context.")
	f.StringVar(&o.Namespace, "federation-namespace", o.Namespace, "The federation namespace: credentials on the host, federation's ServiceAccount in the member.")
	f.StringVar(&o.Server, "server", "", "The member API server address fcp uses; default the server of --cluster-context.")
	f.StringVar(&o.Region, "region", "", "The member's region; default: read from its nodes' topology labels.")
	f.StringSliceVar(&o.Zones, "zones", nil, "The member's zones; default: read from its nodes' topology labels.")
	f.StringToStringVar(&o.Labels, "cluster-labels", nil, "Labels of the Cluster, for placement selectors: key=value,...")
	f.BoolVar(&o.Wait, "wait", o.Wait, "Wait until the Cluster is Ready.")
	f.DurationVar(&o.Timeout, "timeout", o.Timeout, "How long to wait for Ready.")
	f.DurationVar(&o.TokenTimeout, "token-timeout", o.TokenTimeout, "How long to wait for the member to issue the ServiceAccount's token.")
	return cmd
}

func newUnjoinCommand(g *globalFlags) *cobra.Command {
	var hostContext, memberContext string
	var skipMember bool
	o := unjoin.Options{Namespace: join.DefaultNamespace}
	cmd := &cobra.Command{
		Use:   "unjoin NAME",
		Short: "Remove a member cluster from the federation",
		Long: `Remove a member cluster: delete the Cluster NAME and its credentials Secret on the host, and
federation's ServiceAccount, token, ClusterRole and binding in the member.

Member copies of federated objects stay in the member, no longer managed, unless
--delete-federated-objects is given. The member is reached through --cluster-context, or
the kubeconfig context whose server is the Cluster's.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			host, err := g.host(hostContext)
			if err != nil {
				return err
			}
			o.Name, o.Host = args[0], host
			if !skipMember {
				o.Member = memberResolver(g.loader(), memberContext)
			}
			return unjoin.Run(cmd.Context(), o, cmd.OutOrStdout())
		},
	}
	f := cmd.Flags()
	f.StringVar(&memberContext, "cluster-context", "", "The kubeconfig context of the member; default the context whose server is the Cluster's.")
	f.StringVar(&hostContext, "host-cluster-context", "", "The kubeconfig context of the host cluster; default --context or the current context.")
	f.StringVar(&o.Namespace, "federation-namespace", o.Namespace, "The federation namespace on the host and in the member.")
	f.BoolVar(&o.DeleteFederatedObjects, "delete-federated-objects", false,
		"Also delete the member copies of federated objects. By default they stay in the member, no longer managed.")
	f.BoolVar(&skipMember, "skip-member-cleanup", false,
		"Do not touch the member (e.g. it is gone): federation's ServiceAccount and RBAC stay there.")
	return cmd
}

// memberResolver finds the member's context: the flag, else the one context whose server is
// the Cluster's.
func memberResolver(l kubeconfig.Loader, flag string) func(server string) (*kubeconfig.Cluster, error) {
	return func(server string) (*kubeconfig.Cluster, error) {
		if flag != "" {
			return l.Load(flag, "--cluster-context")
		}
		found, err := l.ContextForServer(server)
		if err != nil {
			return nil, err
		}
		switch len(found) {
		case 1:
			return l.Load(found[0], "--cluster-context")
		case 0:
			return nil, fmt.Errorf("no kubeconfig context has server %s: pass --cluster-context, or --skip-member-cleanup to leave the member as it is", server)
		default:
			return nil, fmt.Errorf("several kubeconfig contexts have server %s (%v): pass --cluster-context", server, found)
		}
	}
}

func newVersionCommand(g *globalFlags) *cobra.Command {
	var hostContext string
	var clientOnly bool
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print the client version and the host's and federation's versions",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if clientOnly {
				return version.Run(cmd.Context(), nil, cmd.OutOrStdout())
			}
			host, err := g.host(hostContext)
			if err != nil {
				return err
			}
			return version.Run(cmd.Context(), host, cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&hostContext, "host-cluster-context", "", "The kubeconfig context of the host cluster; default --context or the current context.")
	cmd.Flags().BoolVar(&clientOnly, "client", false, "Print the client version only.")
	return cmd
}
