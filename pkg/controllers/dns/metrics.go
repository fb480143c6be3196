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

package dns

import (
	"time"

	"k8s.io/component-base/metrics"
)

// Metrics are the DNS controller's Prometheus metrics, labelled by provider (the
// --dns-provider value), never by service or name. Build them with NewMetrics and register
// them with Register, as the controller-manager does; a nil *Metrics records nothing.
type Metrics struct {
	records *metrics.GaugeVec
	writes  *metrics.CounterVec
	errors  *metrics.CounterVec
	latency *metrics.HistogramVec
}

// NewMetrics returns unregistered metrics.
func NewMetrics() *Metrics {
	return &Metrics{
		records: metrics.NewGaugeVec(&metrics.GaugeOpts{
			Namespace: "federation", Subsystem: "dns", Name: "records_published",
			Help:           "DNS records (one per target of each name and type) the controller holds published, by provider.",
			StabilityLevel: metrics.ALPHA,
		}, []string{"provider"}),
		writes: metrics.NewCounterVec(&metrics.CounterOpts{
			Namespace: "federation", Subsystem: "dns", Name: "provider_writes_total",
			Help:           "Provider Syncs that changed a federated Service's records, by provider. Flat in steady state.",
			StabilityLevel: metrics.ALPHA,
		}, []string{"provider"}),
		errors: metrics.NewCounterVec(&metrics.CounterOpts{
			Namespace: "federation", Subsystem: "dns", Name: "provider_errors_total",
			Help:           "Failed provider calls, by provider and operation (endpoints, sync, owners).",
			StabilityLevel: metrics.ALPHA,
		}, []string{"provider", "operation"}),
		latency: metrics.NewHistogramVec(&metrics.HistogramOpts{
			Namespace: "federation", Subsystem: "dns", Name: "health_to_record_seconds",
			Help: "Time from a change (a Cluster's Ready transition, as its condition dates it; a member's EndpointSlices, a member " +
				"Service's load balancer as aggregated in the FederatedService's status, or the FederatedService itself, as the " +
				"controller sees them) to the provider holding the records that follow from it, by provider.",
			Buckets:        metrics.ExponentialBuckets(0.01, 2, 14),
			StabilityLevel: metrics.ALPHA,
		}, []string{"provider"}),
	}
}

// Register registers every metric with register, e.g. legacyregistry.MustRegister.
func (m *Metrics) Register(register func(...metrics.Registerable)) {
	register(m.records, m.writes, m.errors, m.latency)
}

func (m *Metrics) wrote(provider string, since time.Time) {
	if m == nil {
		return
	}
	m.writes.WithLabelValues(provider).Inc()
	if !since.IsZero() {
		m.latency.WithLabelValues(provider).Observe(time.Since(since).Seconds())
	}
}

func (m *Metrics) failed(provider, operation string) {
	if m != nil {
		m.errors.WithLabelValues(provider, operation).Inc()
	}
}

func (m *Metrics) published(provider string, n int) {
	if m != nil {
		m.records.WithLabelValues(provider).Set(float64(n))
	}
}
