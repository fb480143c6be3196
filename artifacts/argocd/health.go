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

package argocd

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	lua "github.com/yuin/gopher-lua"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

// Health statuses Argo CD accepts from a health script; anything else reads as Unknown.
const (
	Healthy     = "Healthy"
	Progressing = "Progressing"
	Degraded    = "Degraded"
	Suspended   = "Suspended"
	Missing     = "Missing"
	Unknown     = "Unknown"
)

// HealthStatus is what a health script returns: hs.status and hs.message.
type HealthStatus struct {
	Status  string
	Message string
}

// Health runs obj's health script the way Argo CD runs an argocd-cm health override
// (util/lua in argo-cd): gopher-lua with only the package, base and table libraries (no
// string library, since useOpenLibs is off by default), a one-second limit, and obj as a
// global Lua table converted like Argo CD converts it (maps and slices to tables, every
// number to a Lua number). A status outside Argo CD's set reads as Unknown. It is for tests:
// on the objects the API server returns, it says what Argo CD will show.
func Health(obj *unstructured.Unstructured) (HealthStatus, error) {
	script, err := ScriptFor(obj.GroupVersionKind().GroupKind())
	if err != nil {
		return HealthStatus{}, err
	}
	if script == "" {
		return HealthStatus{}, fmt.Errorf("no health script for %s", obj.GroupVersionKind().GroupKind())
	}
	return RunHealth(script, obj.Object)
}

// RunHealth runs script with obj as its global obj, as Health does.
func RunHealth(script string, obj map[string]any) (HealthStatus, error) {
	l := lua.NewState(lua.Options{SkipOpenLibs: true})
	defer l.Close()
	for name, open := range map[string]lua.LGFunction{
		lua.LoadLibName: lua.OpenPackage, lua.BaseLibName: lua.OpenBase, lua.TabLibName: lua.OpenTable,
	} {
		if err := l.CallByParam(lua.P{Fn: l.NewFunction(open), Protect: true}, lua.LString(name)); err != nil {
			return HealthStatus{}, err
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	l.SetContext(ctx)
	l.SetGlobal("obj", toLua(l, obj))
	if err := l.DoString(script); err != nil {
		return HealthStatus{}, err
	}
	ret, ok := l.Get(-1).(*lua.LTable)
	if !ok {
		return HealthStatus{}, fmt.Errorf("the script returned %s, not a table", l.Get(-1).Type())
	}
	hs := HealthStatus{Status: lua.LVAsString(ret.RawGetString("status")), Message: lua.LVAsString(ret.RawGetString("message"))}
	switch hs.Status {
	case Healthy, Progressing, Degraded, Suspended, Missing, Unknown:
	default:
		return HealthStatus{Status: Unknown, Message: "Lua returned an invalid health status"}, nil
	}
	return hs, nil
}

// toLua converts a decoded JSON or unstructured value to Lua as Argo CD's decodeValue does:
// nested maps and slices become tables, numbers (float64, int, int32, int64) Lua numbers,
// json.Number a string; anything else nil.
func toLua(l *lua.LState, value any) lua.LValue {
	switch v := value.(type) {
	case bool:
		return lua.LBool(v)
	case float64:
		return lua.LNumber(v)
	case int:
		return lua.LNumber(v)
	case int32:
		return lua.LNumber(v)
	case int64:
		return lua.LNumber(v)
	case string:
		return lua.LString(v)
	case json.Number:
		return lua.LString(v)
	case []any:
		t := l.CreateTable(len(v), 0)
		for _, item := range v {
			t.Append(toLua(l, item))
		}
		return t
	case map[string]any:
		t := l.CreateTable(0, len(v))
		for k, item := range v {
			t.RawSetH(lua.LString(k), toLua(l, item))
		}
		return t
	}
	return lua.LNil
}
