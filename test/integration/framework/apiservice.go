// Copyright 2026 The Kubernetes Authors.
//
// Licensed under the Apache License, Version 2.0 (the "License");
// you may not use this file except in compliance with the License.
// You may obtain a copy of the License at
//
//     http://www.apache.org/licenses/LICENSE-2.0
//
// Unless required by applicable law or agreed to in writing, software
// distributed under the License is distributed on an "AS IS" BASIS,
// WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
// See the License for the specific language governing permissions and
// limitations under the License.

package framework

import (
	"context"
	"errors"
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/klog/v2"
	apiregistrationv1 "k8s.io/kube-aggregator/pkg/apis/apiregistration/v1"
)

// Defaults for APIServiceOptions.
const (
	defaultGroupPriorityMinimum = 1000
	defaultVersionPriority      = 15
	apiServiceAvailableTimeout  = 60 * time.Second
)

// APIServiceOptions describes an aggregated API served by an HTTPS server on 127.0.0.1.
type APIServiceOptions struct {
	// Group and Version are the API group version served, e.g. federation.k8s.io, v1beta1.
	Group, Version string
	// Namespace and ServiceName name the ExternalName Service (externalName: localhost) the
	// APIService points at. The server's certificate must be valid for
	// <ServiceName>.<Namespace>.svc, the name the aggregator verifies.
	Namespace, ServiceName string
	// Port is the port the server listens on at 127.0.0.1.
	Port int32
	// GroupPriorityMinimum defaults to 1000.
	GroupPriorityMinimum int32
	// VersionPriority defaults to 15.
	VersionPriority int32
}

// APIServiceName returns the name of the APIService for version of group.
func APIServiceName(group, version string) string { return version + "." + group }

func (o *APIServiceOptions) validate() error {
	var errs []error
	for _, f := range []struct{ name, value string }{
		{"Group", o.Group}, {"Version", o.Version}, {"Namespace", o.Namespace}, {"ServiceName", o.ServiceName},
	} {
		if f.value == "" {
			errs = append(errs, fmt.Errorf("%s is required", f.name))
		}
	}
	if o.Port <= 0 || o.Port > 65535 {
		errs = append(errs, fmt.Errorf("port %d is out of range", o.Port))
	}
	return errors.Join(errs...)
}

// RegisterAPIService makes the aggregator route o.Group/o.Version to a server on
// 127.0.0.1:o.Port: it creates (or updates) the namespace, an ExternalName Service for
// localhost, and an APIService whose caBundle is this control plane's cluster CA. It returns
// the APIService's name; wait for it with WaitForAPIServiceAvailable.
func (cp *ControlPlane) RegisterAPIService(ctx context.Context, o APIServiceOptions) (string, error) {
	if err := o.validate(); err != nil {
		return "", fmt.Errorf("registering APIService: %w", err)
	}
	ctx = cp.withLogger(ctx)
	if o.GroupPriorityMinimum == 0 {
		o.GroupPriorityMinimum = defaultGroupPriorityMinimum
	}
	if o.VersionPriority == 0 {
		o.VersionPriority = defaultVersionPriority
	}
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: o.Namespace}}
	if _, err := cp.client.CoreV1().Namespaces().Create(ctx, ns, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
		return "", fmt.Errorf("creating namespace %s: %w", o.Namespace, err)
	}
	if err := cp.applyExternalNameService(ctx, o); err != nil {
		return "", err
	}
	name := APIServiceName(o.Group, o.Version)
	spec := apiregistrationv1.APIServiceSpec{
		Group:                o.Group,
		Version:              o.Version,
		Service:              &apiregistrationv1.ServiceReference{Namespace: o.Namespace, Name: o.ServiceName, Port: &o.Port},
		CABundle:             cp.CACertPEM(),
		GroupPriorityMinimum: o.GroupPriorityMinimum,
		VersionPriority:      o.VersionPriority,
	}
	apiServices := cp.aggregator.ApiregistrationV1().APIServices()
	svc := &apiregistrationv1.APIService{ObjectMeta: metav1.ObjectMeta{Name: name}, Spec: spec}
	_, err := apiServices.Create(ctx, svc, metav1.CreateOptions{})
	if apierrors.IsAlreadyExists(err) {
		var existing *apiregistrationv1.APIService
		if existing, err = apiServices.Get(ctx, name, metav1.GetOptions{}); err == nil {
			existing.Spec = spec
			_, err = apiServices.Update(ctx, existing, metav1.UpdateOptions{})
		}
	}
	if err != nil {
		return "", fmt.Errorf("registering APIService %s: %w", name, err)
	}
	klog.FromContext(ctx).V(2).Info("Registered APIService", "apiService", name, "port", o.Port)
	return name, nil
}

func (cp *ControlPlane) applyExternalNameService(ctx context.Context, o APIServiceOptions) error {
	services := cp.client.CoreV1().Services(o.Namespace)
	spec := corev1.ServiceSpec{Type: corev1.ServiceTypeExternalName, ExternalName: "localhost"}
	svc := &corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: o.ServiceName, Namespace: o.Namespace}, Spec: spec}
	_, err := services.Create(ctx, svc, metav1.CreateOptions{})
	if apierrors.IsAlreadyExists(err) {
		var existing *corev1.Service
		if existing, err = services.Get(ctx, o.ServiceName, metav1.GetOptions{}); err == nil {
			existing.Spec = spec
			_, err = services.Update(ctx, existing, metav1.UpdateOptions{})
		}
	}
	if err != nil {
		return fmt.Errorf("creating service %s/%s: %w", o.Namespace, o.ServiceName, err)
	}
	return nil
}

// WaitForAPIServiceAvailable waits up to a minute for the APIService name to report
// Available=True. On timeout the error carries the condition's reason and message.
func (cp *ControlPlane) WaitForAPIServiceAvailable(ctx context.Context, name string) error {
	var last string
	err := wait.PollUntilContextTimeout(ctx, 200*time.Millisecond, apiServiceAvailableTimeout, true,
		func(ctx context.Context) (bool, error) {
			svc, err := cp.aggregator.ApiregistrationV1().APIServices().Get(ctx, name, metav1.GetOptions{})
			if err != nil {
				last = err.Error()
				return false, nil
			}
			for _, c := range svc.Status.Conditions {
				if c.Type == apiregistrationv1.Available {
					last = fmt.Sprintf("Available=%s: %s: %s", c.Status, c.Reason, c.Message)
					return c.Status == apiregistrationv1.ConditionTrue, nil
				}
			}
			last = "no Available condition yet"
			return false, nil
		})
	if err != nil {
		return fmt.Errorf("APIService %s on %s not available (%s): %w", name, cp.name, last, err)
	}
	return nil
}
