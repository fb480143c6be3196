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

// Package fuzzer holds the fuzzer functions that keep randomly filled federation.k8s.io
// objects round-trippable, for the API round-trip tests.
package fuzzer

import (
	"encoding/json"
	"fmt"

	runtimeserializer "k8s.io/apimachinery/pkg/runtime/serializer"
	"sigs.k8s.io/randfill"

	"k8s.io/federation/pkg/apis/federation"
	"k8s.io/federation/pkg/apis/federation/v1beta1"
)

// Funcs returns the fuzzer functions for the federation.k8s.io API group.
var Funcs = func(codecs runtimeserializer.CodecFactory) []interface{} {
	return []interface{}{
		fuzzJSON,
		fuzzDeploymentTemplate,
		fuzzReplicaSetTemplate,
		fuzzStatefulSetTemplate,
		fuzzDaemonSetTemplate,
		fuzzServiceTemplate,
		fuzzJobTemplate,
	}
}

// fuzzDeploymentTemplate fills a Deployment template as decoding would leave it: the
// v1beta1 defaulter sets the declarative defaults of the embedded apps/v1 and core/v1
// types (container port protocol, volume source fields, ...) on every decode, so a
// template without them would not survive a round trip.
func fuzzDeploymentTemplate(t *federation.DeploymentTemplate, c randfill.Continue) {
	c.FillNoCustom(t)
	defaulted := &v1beta1.FederatedDeployment{}
	defaulted.Spec.Template.Spec = t.Spec
	v1beta1.SetObjectDefaults_FederatedDeployment(defaulted)
	t.Spec = defaulted.Spec.Template.Spec
}

// fuzzReplicaSetTemplate fills a ReplicaSet template as decoding would leave it, as
// fuzzDeploymentTemplate does for Deployments.
func fuzzReplicaSetTemplate(t *federation.ReplicaSetTemplate, c randfill.Continue) {
	c.FillNoCustom(t)
	defaulted := &v1beta1.FederatedReplicaSet{}
	defaulted.Spec.Template.Spec = t.Spec
	v1beta1.SetObjectDefaults_FederatedReplicaSet(defaulted)
	t.Spec = defaulted.Spec.Template.Spec
}

// fuzzStatefulSetTemplate fills a StatefulSet template as decoding would leave it, as
// fuzzDeploymentTemplate does for Deployments.
func fuzzStatefulSetTemplate(t *federation.StatefulSetTemplate, c randfill.Continue) {
	c.FillNoCustom(t)
	defaulted := &v1beta1.FederatedStatefulSet{}
	defaulted.Spec.Template.Spec = t.Spec
	v1beta1.SetObjectDefaults_FederatedStatefulSet(defaulted)
	t.Spec = defaulted.Spec.Template.Spec
}

// fuzzDaemonSetTemplate fills a DaemonSet template as decoding would leave it, as
// fuzzDeploymentTemplate does for Deployments.
func fuzzDaemonSetTemplate(t *federation.DaemonSetTemplate, c randfill.Continue) {
	c.FillNoCustom(t)
	defaulted := &v1beta1.FederatedDaemonSet{}
	defaulted.Spec.Template.Spec = t.Spec
	v1beta1.SetObjectDefaults_FederatedDaemonSet(defaulted)
	t.Spec = defaulted.Spec.Template.Spec
}

// fuzzServiceTemplate fills a Service template as decoding would leave it (port protocols
// defaulted), for the reason fuzzDeploymentTemplate gives.
func fuzzServiceTemplate(t *federation.ServiceTemplate, c randfill.Continue) {
	c.FillNoCustom(t)
	defaulted := &v1beta1.FederatedService{}
	defaulted.Spec.Template.Spec = t.Spec
	v1beta1.SetObjectDefaults_FederatedService(defaulted)
	t.Spec = defaulted.Spec.Template.Spec
}

// fuzzJobTemplate fills a Job template as decoding would leave it, as
// fuzzDeploymentTemplate does for Deployments.
func fuzzJobTemplate(t *federation.JobTemplate, c randfill.Continue) {
	c.FillNoCustom(t)
	defaulted := &v1beta1.FederatedJob{}
	defaulted.Spec.Template.Spec = t.Spec
	v1beta1.SetObjectDefaults_FederatedJob(defaulted)
	t.Spec = defaulted.Spec.Template.Spec
}

// fuzzJSON fills Raw with a small JSON value as encoding/json writes it (compact, HTML
// escaped), because the wire type writes Raw verbatim and reads back exactly those bytes.
// It is never empty or null: both decode to a nil *JSON, not to an empty one.
func fuzzJSON(j *federation.JSON, c randfill.Continue) {
	var v any
	switch c.Intn(5) {
	case 0:
		v = c.Int63()
	case 1:
		v = c.Bool()
	case 2:
		v = c.String(0)
	case 3:
		m := map[string]string{}
		for range c.Intn(3) {
			m[c.String(0)] = c.String(0)
		}
		v = m
	default:
		v = []int32{c.Int31(), c.Int31()}
	}
	raw, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("marshalling fuzzed JSON value %#v: %v", v, err))
	}
	j.Raw = raw
}
