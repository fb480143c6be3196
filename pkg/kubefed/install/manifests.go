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

package install

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"

	"k8s.io/federation/artifacts"
)

// Manifests returns the objects of artifacts/, in file order, with every container of the
// fcp Deployment set to image (unchanged when image is empty).
func Manifests(image string) ([]*unstructured.Unstructured, error) {
	names, err := fs.Glob(artifacts.Files, "*.yaml")
	if err != nil {
		return nil, err
	}
	slices.Sort(names)
	var objs []*unstructured.Unstructured
	for _, name := range names {
		data, err := artifacts.Files.ReadFile(name)
		if err != nil {
			return nil, err
		}
		docs, err := decode(data)
		if err != nil {
			return nil, fmt.Errorf("artifacts/%s: %w", name, err)
		}
		objs = append(objs, docs...)
	}
	if image == "" {
		return objs, nil
	}
	for _, o := range objs {
		if o.GetKind() == "Deployment" {
			if err := setImage(o, image); err != nil {
				return nil, err
			}
		}
	}
	return objs, nil
}

// decode splits a multi-document YAML file into objects, skipping empty documents.
func decode(data []byte) ([]*unstructured.Unstructured, error) {
	dec := utilyaml.NewYAMLOrJSONDecoder(bytes.NewReader(data), 4096)
	var objs []*unstructured.Unstructured
	for {
		var m map[string]any
		err := dec.Decode(&m)
		if errors.Is(err, io.EOF) {
			return objs, nil
		}
		if err != nil {
			return nil, err
		}
		if len(m) == 0 {
			continue
		}
		objs = append(objs, &unstructured.Unstructured{Object: m})
	}
}

func setImage(deploy *unstructured.Unstructured, image string) error {
	containers, found, err := unstructured.NestedSlice(deploy.Object, "spec", "template", "spec", "containers")
	if err != nil || !found {
		return fmt.Errorf("deployment %s has no containers: %v", deploy.GetName(), err)
	}
	for i := range containers {
		c, ok := containers[i].(map[string]any)
		if !ok {
			return fmt.Errorf("deployment %s: container %d is not an object", deploy.GetName(), i)
		}
		c["image"] = image
	}
	return unstructured.SetNestedSlice(deploy.Object, containers, "spec", "template", "spec", "containers")
}
