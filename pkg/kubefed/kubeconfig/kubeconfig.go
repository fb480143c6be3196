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

// Package kubeconfig resolves kubectl-style --kubeconfig and context flags into client
// configurations, with errors that name the context and what is wrong with it.
package kubeconfig

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

// reachTimeout bounds the probe that tells an unreachable cluster from a slow one.
const reachTimeout = 15 * time.Second

// Loader reads a kubeconfig: Path, or $KUBECONFIG and ~/.kube/config like kubectl when
// Path is empty.
type Loader struct {
	Path string
}

// Cluster is one resolved context.
type Cluster struct {
	// Context is the context's name.
	Context string
	// Config is the client configuration of the context.
	Config *rest.Config
}

func (l Loader) rules() *clientcmd.ClientConfigLoadingRules {
	rules := clientcmd.NewDefaultClientConfigLoadingRules()
	rules.ExplicitPath = l.Path
	return rules
}

func (l Loader) raw() (*clientcmdapi.Config, error) {
	raw, err := l.rules().Load()
	if err != nil {
		return nil, fmt.Errorf("reading kubeconfig: %w", err)
	}
	return raw, nil
}

// Load resolves contextName, or the current context when it is empty. flag names the flag
// that chose it, for the error message.
func (l Loader) Load(contextName, flag string) (*Cluster, error) {
	raw, err := l.raw()
	if err != nil {
		return nil, err
	}
	if contextName == "" {
		contextName = raw.CurrentContext
		if contextName == "" {
			return nil, fmt.Errorf("no context given and the kubeconfig has no current-context: pass %s", flag)
		}
	}
	if _, ok := raw.Contexts[contextName]; !ok {
		known := slices.Sorted(maps.Keys(raw.Contexts))
		return nil, fmt.Errorf("context %q (%s) not found in the kubeconfig; known contexts: %s",
			contextName, flag, orNone(known))
	}
	cfg, err := clientcmd.NewNonInteractiveClientConfig(*raw, contextName, &clientcmd.ConfigOverrides{}, l.rules()).ClientConfig()
	if err != nil {
		return nil, fmt.Errorf("context %q: %w", contextName, err)
	}
	return &Cluster{Context: contextName, Config: cfg}, nil
}

// ContextForServer returns the contexts whose cluster's server is server, sorted.
func (l Loader) ContextForServer(server string) ([]string, error) {
	raw, err := l.raw()
	if err != nil {
		return nil, err
	}
	found := sets.New[string]()
	for name, c := range raw.Contexts {
		if cl, ok := raw.Clusters[c.Cluster]; ok && strings.TrimSuffix(cl.Server, "/") == strings.TrimSuffix(server, "/") {
			found.Insert(name)
		}
	}
	return sets.List(found), nil
}

// Reachable checks that the cluster answers (GET /version) and returns its version.
func (c *Cluster) Reachable(ctx context.Context) (string, error) {
	cfg := rest.CopyConfig(c.Config)
	cfg.Timeout = reachTimeout
	dc, err := discovery.NewDiscoveryClientForConfig(cfg)
	if err != nil {
		return "", fmt.Errorf("context %q: %w", c.Context, err)
	}
	v, err := dc.ServerVersion()
	if err != nil {
		return "", fmt.Errorf("cannot reach the cluster of context %q at %s: %w", c.Context, c.Config.Host, err)
	}
	return v.GitVersion, nil
}

// CABundle returns the CA the context trusts for its server: the data, or the file's
// content.
func CABundle(cfg *rest.Config) ([]byte, error) {
	if len(cfg.CAData) > 0 {
		return cfg.CAData, nil
	}
	if cfg.CAFile == "" {
		return nil, nil
	}
	withData := rest.CopyConfig(cfg)
	if err := rest.LoadTLSFiles(withData); err != nil {
		return nil, fmt.Errorf("reading the CA of %s: %w", cfg.Host, err)
	}
	return withData.CAData, nil
}

func orNone(names []string) string {
	if len(names) == 0 {
		return "(none)"
	}
	return strings.Join(names, ", ")
}
