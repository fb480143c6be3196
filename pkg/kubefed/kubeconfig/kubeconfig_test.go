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

package kubeconfig

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

func writeKubeconfig(t *testing.T, current string) string {
	t.Helper()
	cfg := clientcmdapi.NewConfig()
	for name, server := range map[string]string{"host": "https://10.0.0.1:6443", "eu": "https://10.0.0.2:6443", "eu-admin": "https://10.0.0.2:6443"} {
		cfg.Clusters[name] = &clientcmdapi.Cluster{Server: server}
		cfg.AuthInfos[name] = &clientcmdapi.AuthInfo{Token: "t"}
		cfg.Contexts[name] = &clientcmdapi.Context{Cluster: name, AuthInfo: name}
	}
	cfg.CurrentContext = current
	path := filepath.Join(t.TempDir(), "kubeconfig")
	if err := clientcmd.WriteToFile(*cfg, path); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLoad(t *testing.T) {
	for name, tc := range map[string]struct {
		current, context string
		wantHost         string
		wantErr          string
	}{
		"named":           {context: "eu", wantHost: "https://10.0.0.2:6443"},
		"current":         {current: "host", wantHost: "https://10.0.0.1:6443"},
		"missing":         {context: "nope", wantErr: `context "nope" (--flag) not found in the kubeconfig; known contexts: eu, eu-admin, host`},
		"no current":      {wantErr: "no context given and the kubeconfig has no current-context: pass --flag"},
		"missing current": {current: "gone", wantErr: `context "gone" (--flag) not found`},
	} {
		t.Run(name, func(t *testing.T) {
			c, err := Loader{Path: writeKubeconfig(t, tc.current)}.Load(tc.context, "--flag")
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.Config.Host != tc.wantHost {
				t.Errorf("host %s, want %s", c.Config.Host, tc.wantHost)
			}
		})
	}
}

func TestContextForServer(t *testing.T) {
	l := Loader{Path: writeKubeconfig(t, "")}
	got, err := l.ContextForServer("https://10.0.0.2:6443/")
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"eu", "eu-admin"}, got); d != "" {
		t.Errorf("contexts (-want +got):\n%s", d)
	}
}
