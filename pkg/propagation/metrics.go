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

package propagation

import (
	"sync"
	"time"

	"k8s.io/component-base/metrics"
	"k8s.io/component-base/metrics/legacyregistry"
)

// Metrics are the engine's Prometheus metrics. Labels are bounded: member cluster, operation
// and reason, never object names.
type Metrics struct {
	latency *metrics.HistogramVec
	errors  *metrics.CounterVec
}

// newMetrics returns unregistered metrics.
func newMetrics() *Metrics {
	return &Metrics{
		latency: metrics.NewHistogramVec(&metrics.HistogramOpts{
			Namespace:      "federation",
			Subsystem:      "propagation",
			Name:           "member_write_duration_seconds",
			Help:           "Latency of writes (apply, dry-run, remove) to a member cluster, by cluster, operation and result.",
			Buckets:        metrics.ExponentialBuckets(0.005, 2, 12),
			StabilityLevel: metrics.ALPHA,
		}, []string{"cluster", "operation", "result"}),
		errors: metrics.NewCounterVec(&metrics.CounterOpts{
			Namespace:      "federation",
			Subsystem:      "propagation",
			Name:           "member_errors_total",
			Help:           "Failed writes to member clusters, by cluster and reason.",
			StabilityLevel: metrics.ALPHA,
		}, []string{"cluster", "reason"}),
	}
}

var (
	registerOnce sync.Once
	registered   *Metrics
)

// RegisteredMetrics returns the process's engine metrics, registered with the legacy
// registry on first use: in `fcp all` the apiserver and the controllers share them.
func RegisteredMetrics() *Metrics {
	registerOnce.Do(func() {
		registered = newMetrics()
		legacyregistry.MustRegister(registered.latency, registered.errors)
	})
	return registered
}

func (m *Metrics) observe(cluster, op string, o Outcome, took time.Duration) {
	if m == nil {
		return
	}
	result := "success"
	if o.Err != nil {
		result = "error"
		m.errors.WithLabelValues(cluster, o.Reason).Inc()
	}
	m.latency.WithLabelValues(cluster, op, result).Observe(took.Seconds())
}
