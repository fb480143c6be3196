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
	"slices"
	gosync "sync"
	"time"

	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"

	"k8s.io/federation/pkg/propagation"
)

// fightLimit is how many times the controller restores one field of one member copy, for
// one generation of the federated object, before it leaves the field to the manager that
// keeps changing it.
const fightLimit = 3

// fightWindow is how close restorations of one field must follow each other to add up to a
// fight: a field changed in the member now and then (a person's kubectl edit) is restored
// every time, and only a writer that changes it back again soon is given in to.
const fightWindow = 10 * time.Minute

// memberFights is what the controller remembers about member copies that differ from what
// their federated object renders to, per federated object (by queue key) and cluster:
//   - verdicts: the copy (by resourceVersion) that a server-side dry run found to hold all
//     the member would hold after federation's apply (a Secret's stringData, which the member
//     folds into data and never returns, or a field it normalises), so that later reconciles
//     of that copy cost no request;
//   - fights: how often each field was restored, and the fields left to another manager
//     after fightLimit restorations within fightWindow of each other.
//
// It is reset for an object whose generation changes (a new spec is fought for afresh), and
// dropped for an object that is gone. It lives in memory only: a restarted controller (or a
// new leader) restores a contested field fightLimit more times before it stops again, and
// reports the conflict again only then.
type memberFights struct {
	now func() time.Time

	mu      gosync.Mutex
	objects map[string]*objectFights
}

type objectFights struct {
	generation int64
	clusters   map[string]*clusterFights
}

type clusterFights struct {
	verdict verdict
	fields  map[string]*fieldFight
}

// verdict identifies a member copy found in sync by a dry run: its resourceVersion, the
// rendered hash it was compared with, and how many fields were left out of that comparison.
type verdict struct {
	resourceVersion string
	renderedHash    string
	givenUp         int
}

type fieldFight struct {
	path         fieldpath.Path
	manager      string
	restorations int
	last         time.Time
	givenUp      bool
}

func newMemberFights(now func() time.Time) *memberFights {
	return &memberFights{now: now, objects: map[string]*objectFights{}}
}

// cluster returns the state of key's copy in cluster for generation, starting over when the
// generation changed. The caller holds mu.
func (m *memberFights) cluster(key string, generation int64, cluster string) *clusterFights {
	o := m.objects[key]
	if o == nil || o.generation != generation {
		o = &objectFights{generation: generation, clusters: map[string]*clusterFights{}}
		m.objects[key] = o
	}
	c := o.clusters[cluster]
	if c == nil {
		c = &clusterFights{fields: map[string]*fieldFight{}}
		o.clusters[cluster] = c
	}
	return c
}

// peek returns the state of key's copy in cluster for generation, or nil: a converged
// object's reconcile adds nothing. The caller holds mu.
func (m *memberFights) peek(key string, generation int64, cluster string) *clusterFights {
	if o := m.objects[key]; o != nil && o.generation == generation {
		return o.clusters[cluster]
	}
	return nil
}

// givenUp returns the fields of key's copy in cluster that were left to another manager.
func (m *memberFights) givenUp(key string, generation int64, cluster string) []fieldpath.Path {
	m.mu.Lock()
	defer m.mu.Unlock()
	c := m.peek(key, generation, cluster)
	if c == nil {
		return nil
	}
	var out []fieldpath.Path
	for _, f := range c.fields {
		if f.givenUp {
			out = append(out, f.path)
		}
	}
	slices.SortFunc(out, fieldpath.Path.Compare)
	return out
}

// inSync reports whether a dry run found the copy v names in sync.
func (m *memberFights) inSync(key string, generation int64, cluster string, v verdict) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	c := m.peek(key, generation, cluster)
	return c != nil && c.verdict == v
}

// rememberInSync records that a dry run found the copy v names in sync.
func (m *memberFights) rememberInSync(key string, generation int64, cluster string, v verdict) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.cluster(key, generation, cluster).verdict = v
}

// restore records that the controller is about to restore drifts in key's copy in cluster,
// and returns the fields restored fightLimit times already, to leave to their manager
// instead: now left out of every apply and comparison for this cluster, and reported.
// Identity fields are always restored.
func (m *memberFights) restore(key string, generation int64, cluster string, drifts []propagation.FieldDrift) []propagation.FieldConflict {
	m.mu.Lock()
	defer m.mu.Unlock()
	c := m.cluster(key, generation, cluster)
	now := m.now()
	var out []propagation.FieldConflict
	for _, d := range drifts {
		if propagation.IsIdentityField(d.Path) {
			continue
		}
		name := d.Path.String()
		f := c.fields[name]
		if f == nil {
			f = &fieldFight{path: d.Path}
			c.fields[name] = f
		}
		if f.givenUp {
			continue
		}
		if d.Manager != "" {
			f.manager = d.Manager
		}
		if now.Sub(f.last) > fightWindow {
			f.restorations = 0
		}
		if f.restorations >= fightLimit {
			f.givenUp = true
			out = append(out, propagation.FieldConflict{Field: name, Manager: f.manager, Restorations: f.restorations})
			continue
		}
		f.restorations++
		f.last = now
	}
	return out
}

// conflicts returns the fields of key's copies left to other managers, by cluster.
func (m *memberFights) conflicts(key string, generation int64) map[string][]propagation.FieldConflict {
	m.mu.Lock()
	defer m.mu.Unlock()
	o := m.objects[key]
	if o == nil || o.generation != generation {
		return nil
	}
	out := map[string][]propagation.FieldConflict{}
	for cluster, c := range o.clusters {
		for name, f := range c.fields {
			if f.givenUp {
				out[cluster] = append(out[cluster], propagation.FieldConflict{Field: name, Manager: f.manager, Restorations: f.restorations})
			}
		}
	}
	return out
}

// retain forgets key's copies in clusters other than placed.
func (m *memberFights) retain(key string, placed []string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if o := m.objects[key]; o != nil {
		for cluster := range o.clusters {
			if !slices.Contains(placed, cluster) {
				delete(o.clusters, cluster)
			}
		}
	}
}

// forget drops everything about key, an object that is gone or being deleted.
func (m *memberFights) forget(key string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.objects, key)
}
