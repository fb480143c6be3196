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

package integration

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"k8s.io/client-go/rest"
)

// testHealthAndMetrics reads fcp's own /livez, /readyz and /metrics, as a kubelet probe and
// a Prometheus scrape would: health without credentials (always allowed), metrics with
// credentials the host authorizes.
func testHealthAndMetrics(t *testing.T, e *fedEnv) {
	anonymous := rest.AnonymousClientConfig(e.host.RESTConfig())
	for _, tc := range []struct {
		path string
		cfg  *rest.Config
		want []string
	}{
		{path: "/livez", cfg: anonymous, want: []string{"ok"}},
		{path: "/readyz?verbose", cfg: anonymous, want: []string{"poststarthook/federation-member-access ok", "[+]etcd ok", "readyz check passed"}},
		{path: "/metrics", cfg: e.host.RESTConfig(), want: []string{"apiserver_request_total", "etcd_request_duration_seconds"}},
	} {
		t.Run(tc.path, func(t *testing.T) {
			client, err := rest.HTTPClientFor(tc.cfg)
			if err != nil {
				t.Fatal(err)
			}
			req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, e.fcp.URL()+tc.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer func() {
				if err := resp.Body.Close(); err != nil {
					t.Error(err)
				}
			}()
			body, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: %d %s", tc.path, resp.StatusCode, body)
			}
			for _, want := range tc.want {
				if !strings.Contains(string(body), want) {
					t.Errorf("GET %s lacks %q", tc.path, want)
				}
			}
		})
	}
}
