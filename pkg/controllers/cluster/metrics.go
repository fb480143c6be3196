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

package cluster

import (
	"sync"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/component-base/metrics"
	"k8s.io/component-base/metrics/legacyregistry"

	fedv1beta1 "k8s.io/federation/pkg/apis/federation/v1beta1"
)

// metricSet: readiness and probe timing per member cluster. The last probe time lives here
// rather than in status, where a timestamp would make every probe a write.
type metricSet struct {
	ready     *metrics.GaugeVec
	lastProbe *metrics.GaugeVec
	duration  *metrics.HistogramVec
}

var clusterMetrics = metricSet{
	ready: metrics.NewGaugeVec(&metrics.GaugeOpts{
		Namespace:      "federation",
		Subsystem:      "cluster",
		Name:           "ready",
		Help:           "1 when the member cluster's last probe found it Ready, else 0.",
		StabilityLevel: metrics.ALPHA,
	}, []string{"cluster"}),
	lastProbe: metrics.NewGaugeVec(&metrics.GaugeOpts{
		Namespace:      "federation",
		Subsystem:      "cluster",
		Name:           "last_probe_timestamp_seconds",
		Help:           "Unix time of the member cluster's last probe.",
		StabilityLevel: metrics.ALPHA,
	}, []string{"cluster"}),
	duration: metrics.NewHistogramVec(&metrics.HistogramOpts{
		Namespace:      "federation",
		Subsystem:      "cluster",
		Name:           "probe_duration_seconds",
		Help:           "Time to probe a member cluster, by result (Ready condition reason).",
		Buckets:        metrics.ExponentialBuckets(0.001, 2, 14),
		StabilityLevel: metrics.ALPHA,
	}, []string{"cluster", "reason"}),
}

var registerOnce sync.Once

func registerMetrics() {
	registerOnce.Do(func() {
		legacyregistry.MustRegister(clusterMetrics.ready, clusterMetrics.lastProbe, clusterMetrics.duration)
	})
}

func (m metricSet) observe(cluster string, status fedv1beta1.ClusterStatus, took time.Duration, at time.Time) {
	ready, reason := 0.0, ""
	if c := meta.FindStatusCondition(status.Conditions, fedv1beta1.ClusterReady); c != nil {
		reason = c.Reason
		if c.Status == metav1.ConditionTrue {
			ready = 1
		}
	}
	m.ready.WithLabelValues(cluster).Set(ready)
	m.lastProbe.WithLabelValues(cluster).Set(float64(at.Unix()))
	m.duration.WithLabelValues(cluster, reason).Observe(took.Seconds())
}

func (m metricSet) forget(cluster string) {
	m.ready.DeleteLabelValues(cluster)
	m.lastProbe.DeleteLabelValues(cluster)
	m.duration.DeletePartialMatch(map[string]string{"cluster": cluster})
}
