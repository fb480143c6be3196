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

package embeddedetcd

import (
	"errors"
	"net"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// newLogger returns etcd's logger: errors only, minus the "use of closed network connection"
// errors every listener reports when etcd is closed on purpose.
func newLogger() *zap.Logger {
	cfg := zap.NewProductionConfig()
	cfg.Level = zap.NewAtomicLevelAt(zapcore.ErrorLevel)
	cfg.Sampling = nil
	lg, err := cfg.Build()
	if err != nil {
		return zap.NewNop()
	}
	return lg.WithOptions(zap.WrapCore(func(c zapcore.Core) zapcore.Core { return closedConnFilter{c} }))
}

type closedConnFilter struct {
	zapcore.Core
}

func (f closedConnFilter) With(fields []zapcore.Field) zapcore.Core {
	return closedConnFilter{f.Core.With(fields)}
}

func (f closedConnFilter) Check(e zapcore.Entry, ce *zapcore.CheckedEntry) *zapcore.CheckedEntry {
	if f.Enabled(e.Level) {
		return ce.AddCore(e, f)
	}
	return ce
}

func (f closedConnFilter) Write(e zapcore.Entry, fields []zapcore.Field) error {
	for _, fl := range fields {
		if err, ok := fl.Interface.(error); ok && errors.Is(err, net.ErrClosed) {
			return nil
		}
	}
	return f.Core.Write(e, fields)
}
