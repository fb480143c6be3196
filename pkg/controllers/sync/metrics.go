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

package sync

import (
	gosync "sync"
	"time"

	"k8s.io/component-base/metrics"
	"k8s.io/component-base/metrics/legacyregistry"
)

// Metrics of the sync controller. Member writes and their errors, by cluster, are the
// propagation engine's metrics; queue depth and latency are the workqueue's
// (name="federation-sync").
type metricSet struct {
	duration *metrics.HistogramVec
	restored *metrics.CounterVec
	// fieldConflicts counts fields left to other managers after repeated restorations.
	fieldConflicts *metrics.CounterVec
}

var syncMetrics = metricSet{
	duration: metrics.NewHistogramVec(&metrics.HistogramOpts{
		Namespace:      "federation",
		Subsystem:      "sync",
		Name:           "reconcile_duration_seconds",
		Help:           "Time to reconcile one federated object with its members, by kind and result.",
		Buckets:        metrics.ExponentialBuckets(0.001, 2, 14),
		StabilityLevel: metrics.ALPHA,
	}, []string{"kind", "result"}),
	restored: metrics.NewCounterVec(&metrics.CounterOpts{
		Namespace:      "federation",
		Subsystem:      "sync",
		Name:           "member_restored_total",
		Help:           "Member copies restored after they were changed or deleted in the member, by cluster.",
		StabilityLevel: metrics.ALPHA,
	}, []string{"cluster"}),
	fieldConflicts: metrics.NewCounterVec(&metrics.CounterOpts{
		Namespace:      "federation",
		Subsystem:      "sync",
		Name:           "field_manager_conflicts_total",
		Help:           "Fields of member copies left to another field manager after repeated restorations, by cluster.",
		StabilityLevel: metrics.ALPHA,
	}, []string{"cluster"}),
}

var registerOnce gosync.Once

func registerMetrics() {
	registerOnce.Do(func() {
		legacyregistry.MustRegister(syncMetrics.duration, syncMetrics.restored, syncMetrics.fieldConflicts)
	})
}

func (m metricSet) observe(kind string, err error, took time.Duration) {
	result := "success"
	if err != nil {
		result = "error"
	}
	m.duration.WithLabelValues(kind, result).Observe(took.Seconds())
}
