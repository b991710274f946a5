package scenario

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/shieldsim/shield/internal/suggest"
)

// The built-in scenarios, one YAML file each, documented with their public sources.
//
//go:embed builtin/*.yaml
var builtinFS embed.FS

// BuiltinNames lists the built-in scenarios, sorted.
func BuiltinNames() []string {
	entries, err := fs.ReadDir(builtinFS, "builtin")
	if err != nil {
		return nil
	}
	var names []string
	for _, e := range entries {
		if n, ok := strings.CutSuffix(e.Name(), ".yaml"); ok {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}

// UnknownBuiltinError reports a name that is not a built-in scenario.
type UnknownBuiltinError struct {
	Name    string
	Nearest []string
}

func (e *UnknownBuiltinError) Error() string {
	return fmt.Sprintf("unknown built-in scenario %q%s", e.Name, nearest(e.Name, e.Nearest))
}

// BuiltinSource returns the YAML text of a built-in scenario, to read or to copy and edit.
func BuiltinSource(name string) ([]byte, error) {
	data, err := builtinFS.ReadFile(path.Join("builtin", name+".yaml"))
	if err != nil || strings.ContainsAny(name, "/\\") {
		names := BuiltinNames()
		near := suggest.Nearest(name, names, 3)
		if len(near) == 0 {
			near = names
		}
		return nil, &UnknownBuiltinError{Name: name, Nearest: near}
	}
	return data, nil
}

// builtins caches the loaded built-ins: they never change within a process, and loading
// calibrates catalog variants and flies every threat.
var builtins sync.Map // name -> *Scenario

// Builtin loads a built-in scenario by name. The returned Scenario is shared by every caller:
// treat it as read-only (copy the Config before changing it).
func Builtin(name string) (*Scenario, error) {
	if s, ok := builtins.Load(name); ok {
		return s.(*Scenario), nil
	}
	data, err := BuiltinSource(name)
	if err != nil {
		return nil, err
	}
	s, err := Load(name+".yaml", data)
	if err != nil {
		return nil, fmt.Errorf("built-in scenario %s: %w", name, err)
	}
	builtins.Store(name, s)
	return s, nil
}

// Builtins summarises every built-in scenario, sorted by name.
func Builtins() ([]Info, error) {
	var out []Info
	for _, n := range BuiltinNames() {
		s, err := Builtin(n)
		if err != nil {
			return nil, err
		}
		out = append(out, s.Info())
	}
	return out, nil
}
