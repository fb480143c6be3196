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

package v1alpha1

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// This file generates the DNSEndpoint CRD from the Go types of this package: the shape
// (properties, types, lists, maps) comes from reflection on the types and their json tags,
// descriptions from the fields' doc comments, and validations from the kubebuilder markers
// in those comments (Required, Enum, MinLength, MaxLength, MaxItems, Minimum, Maximum), as
// controller-gen reads them for external-dns's own CRD. It is a test so that the sources it
// reads are at hand; crd_test.go keeps the checked-in CRD equal to its output.

// docs are the doc comments of a package's types and struct fields, keyed "Type" and
// "Type.Field", split into description text and +markers.
type docs map[string]doc

type doc struct {
	text    string
	markers map[string]string
}

// parseDocs reads the doc comments of every non-test Go file in dir.
func parseDocs(dir string) (docs, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	out := docs{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		addDocs(out, file)
	}
	return out, nil
}

// addDocs adds the doc comments of file's types and their fields.
func addDocs(out docs, file *ast.File) {
	for _, decl := range file.Decls {
		gen, ok := decl.(*ast.GenDecl)
		if !ok || gen.Tok != token.TYPE {
			continue
		}
		for _, spec := range gen.Specs {
			ts := spec.(*ast.TypeSpec)
			out[ts.Name.Name] = splitDoc(gen.Doc)
			st, ok := ts.Type.(*ast.StructType)
			if !ok {
				continue
			}
			for _, f := range st.Fields.List {
				for _, n := range f.Names {
					out[ts.Name.Name+"."+n.Name] = splitDoc(f.Doc)
				}
			}
		}
	}
}

func splitDoc(cg *ast.CommentGroup) doc {
	d := doc{markers: map[string]string{}}
	if cg == nil {
		return d
	}
	var text []string
	for line := range strings.SplitSeq(strings.TrimSpace(cg.Text()), "\n") {
		if marker, ok := strings.CutPrefix(line, "+kubebuilder:validation:"); ok {
			name, value, _ := strings.Cut(marker, "=")
			d.markers[name] = value
			continue
		}
		if strings.HasPrefix(line, "+") || line == "" && len(text) == 0 {
			continue
		}
		text = append(text, line)
	}
	d.text = strings.TrimSpace(strings.Join(text, "\n"))
	return d
}

// typeMetaDocs describe the fields every object has; they are not in this package's sources.
var typeMetaDocs = map[string]string{
	"apiVersion": "APIVersion defines the versioned schema of this representation of an object.",
	"kind":       "Kind is a string value representing the REST resource this object represents.",
}

// schemaOf returns the OpenAPI v3 schema of t, as a CRD's openAPIV3Schema holds it.
func (d docs) schemaOf(t reflect.Type) (map[string]any, error) {
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}, nil
	case reflect.Int64, reflect.Int32:
		return map[string]any{"type": "integer", "format": "int" + strconv.Itoa(t.Bits())}, nil
	case reflect.Slice:
		items, err := d.schemaOf(t.Elem())
		if err != nil {
			return nil, err
		}
		return map[string]any{"type": "array", "items": items}, nil
	case reflect.Map:
		if t.Key().Kind() != reflect.String {
			return nil, fmt.Errorf("map key of %s is not a string", t)
		}
		values, err := d.schemaOf(t.Elem())
		if err != nil {
			return nil, err
		}
		return map[string]any{"type": "object", "additionalProperties": values}, nil
	case reflect.Struct:
		return d.structSchema(t)
	}
	return nil, fmt.Errorf("no schema for %s", t)
}

func (d docs) structSchema(t reflect.Type) (map[string]any, error) {
	props := map[string]any{}
	var required []string
	if err := d.addFields(t, props, &required); err != nil {
		return nil, err
	}
	s := map[string]any{"type": "object", "properties": props}
	if text := d[t.Name()].text; text != "" {
		s["description"] = text
	}
	if len(required) > 0 {
		slices.Sort(required)
		s["required"] = required
	}
	return s, nil
}

func (d docs) addFields(t reflect.Type, props map[string]any, required *[]string) error {
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch {
		case f.Type == reflect.TypeFor[metav1.TypeMeta]():
			for _, field := range []string{"apiVersion", "kind"} {
				props[field] = map[string]any{"type": "string", "description": typeMetaDocs[field]}
			}
			continue
		case f.Type == reflect.TypeFor[metav1.ObjectMeta]() || f.Type == reflect.TypeFor[metav1.ListMeta]():
			props[name] = map[string]any{"type": "object"}
			continue
		case name == "" || name == "-":
			return fmt.Errorf("%s.%s has no json name", t.Name(), f.Name)
		}
		s, err := d.schemaOf(f.Type)
		if err != nil {
			return fmt.Errorf("%s.%s: %w", t.Name(), f.Name, err)
		}
		fd := d[t.Name()+"."+f.Name]
		if fd.text == "" {
			return fmt.Errorf("%s.%s has no doc comment", t.Name(), f.Name)
		}
		s["description"] = fd.text
		if err := applyMarkers(s, fd.markers); err != nil {
			return fmt.Errorf("%s.%s: %w", t.Name(), f.Name, err)
		}
		if _, ok := fd.markers["Required"]; ok {
			*required = append(*required, name)
		}
		props[name] = s
	}
	return nil
}

// applyMarkers adds the validations named by kubebuilder markers to a field's schema.
func applyMarkers(s map[string]any, markers map[string]string) error {
	for name, value := range markers {
		switch name {
		case "Required":
		case "Enum":
			s["enum"] = strings.Split(value, ";")
		case "MinLength", "MaxLength", "MaxItems", "Minimum", "Maximum":
			n, err := strconv.ParseInt(value, 10, 64)
			if err != nil {
				return fmt.Errorf("marker %s: %w", name, err)
			}
			s[strings.ToLower(name[:1])+name[1:]] = n
		default:
			return fmt.Errorf("unknown marker %s", name)
		}
	}
	return nil
}

// customResourceDefinition returns the DNSEndpoint CRD, generated from the types in dir.
func customResourceDefinition(dir string) (map[string]any, error) {
	d, err := parseDocs(dir)
	if err != nil {
		return nil, err
	}
	schema, err := d.schemaOf(reflect.TypeFor[DNSEndpoint]())
	if err != nil {
		return nil, err
	}
	return map[string]any{
		"apiVersion": "apiextensions.k8s.io/v1",
		"kind":       "CustomResourceDefinition",
		"metadata": map[string]any{
			"name": Resource.Resource + "." + GroupName,
			// Groups under k8s.io need an approved API review; this is external-dns's.
			"annotations": map[string]any{"api-approved.kubernetes.io": "https://github.com/kubernetes-sigs/external-dns/pull/2007"},
		},
		"spec": map[string]any{
			"group": GroupName,
			"names": map[string]any{"kind": "DNSEndpoint", "listKind": "DNSEndpointList", "plural": Resource.Resource, "singular": "dnsendpoint"},
			"scope": "Namespaced",
			"versions": []any{map[string]any{
				"name": SchemeGroupVersion.Version, "served": true, "storage": true,
				"schema":       map[string]any{"openAPIV3Schema": schema},
				"subresources": map[string]any{"status": map[string]any{}},
			}},
		},
	}, nil
}
