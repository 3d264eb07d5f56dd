package plan

import (
	"archive/zip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
	ctymsgpack "github.com/zclconf/go-cty/cty/msgpack"
	"google.golang.org/protobuf/encoding/protowire"
)

// Saved is what a saved plan file records about where it was made:
// terraform applies a saved plan to the backend recorded in it, whatever
// the working directory is initialised with, and from the configuration
// snapshot inside it.
type Saved struct {
	BackendType string
	// Backend is the backend configuration, each value as a string (JSON
	// for values that are not strings); nulls are left out.
	Backend   map[string]string
	Workspace string
	// Modules is the configuration snapshot terraform applies the plan
	// from, by module key ("" is the root module, "a.b" module b called by
	// module a), as its manifest (tfconfig/modules.json) records it.
	Modules map[string]*Module
}

// Module is one module of a configuration snapshot: where terraform found
// it and its configuration files, by file name.
type Module struct {
	// Source is the call's source address and Version the version
	// installed (registry modules only); both empty for the root.
	Source, Version string
	// Dir is where terraform read it: relative to the root module, or
	// absolute when TF_DATA_DIR is.
	Dir string
	// Files are the .tf and .tf.json files, overrides included.
	Files map[string][]byte
	// Listed is whether the manifest lists it; a module with files but
	// no manifest entry is a snapshot terraform did not write.
	Listed bool
}

// Field numbers of terraform's planfile.proto (stable since format 3):
// Plan.backend = 13; Backend.type = 1, Backend.config = 2 (a
// DynamicValue, msgpack = 1), Backend.workspace = 3.
const (
	planBackendField    = 13
	backendTypeField    = 1
	backendConfigField  = 2
	backendWorkspace    = 3
	dynamicMsgpackField = 1
	maxSavedPlanEntry   = 512 << 20
)

// Where terraform's planfile package writes the configuration snapshot:
// tfconfig/modules.json lists the modules, tfconfig/m-<key>/<file> holds
// each module's files.
const (
	snapshotManifest = "tfconfig/modules.json"
	snapshotModuleIn = "tfconfig/m-"
)

// ReadSaved reads the backend and the configuration snapshot of a saved
// plan.
func ReadSaved(file string) (*Saved, error) {
	zr, err := zip.OpenReader(file)
	if err != nil {
		return nil, fmt.Errorf("failed to read the saved plan %q: not a terraform plan file: %w", file, err)
	}
	defer zr.Close()
	s := &Saved{Backend: map[string]string{}, Modules: map[string]*Module{}}
	module := func(key string) *Module {
		m := s.Modules[key]
		if m == nil {
			m = &Module{Files: map[string][]byte{}}
			s.Modules[key] = m
		}
		return m
	}
	var sawPlan, sawManifest bool
	for _, f := range zr.File {
		switch {
		case f.Name == "tfplan":
			b, err := readEntry(f)
			if err != nil {
				return nil, err
			}
			if err := s.decodePlan(b); err != nil {
				return nil, fmt.Errorf("failed to read the saved plan %q: %w", file, err)
			}
			sawPlan = true
		case f.Name == snapshotManifest:
			b, err := readEntry(f)
			if err != nil {
				return nil, err
			}
			var records []struct{ Key, Source, Version, Dir string }
			if err := json.Unmarshal(b, &records); err != nil {
				return nil, fmt.Errorf("failed to read the saved plan %q: its module manifest: %w", file, err)
			}
			for _, r := range records {
				m := module(r.Key)
				m.Source, m.Version, m.Dir, m.Listed = r.Source, r.Version, r.Dir, true
			}
			sawManifest = true
		case strings.HasPrefix(f.Name, snapshotModuleIn):
			key, name, ok := strings.Cut(strings.TrimPrefix(f.Name, snapshotModuleIn), "/")
			if !ok || name == "" || strings.Contains(name, "/") {
				continue
			}
			b, err := readEntry(f)
			if err != nil {
				return nil, err
			}
			module(key).Files[name] = b
		}
	}
	if !sawPlan {
		return nil, fmt.Errorf("failed to read the saved plan %q: it has no tfplan entry; pass the file terraform plan -out wrote", file)
	}
	if !sawManifest {
		return nil, fmt.Errorf("failed to read the saved plan %q: it has no configuration snapshot (%s); pass the file terraform plan -out wrote", file, snapshotManifest)
	}
	return s, nil
}

func readEntry(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("failed to read %q in the saved plan: %w", f.Name, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, maxSavedPlanEntry))
	if err != nil {
		return nil, fmt.Errorf("failed to read %q in the saved plan: %w", f.Name, err)
	}
	return b, nil
}

func (s *Saved) decodePlan(b []byte) error {
	return eachField(b, func(num protowire.Number, v []byte) error {
		if num != planBackendField {
			return nil
		}
		return eachField(v, func(num protowire.Number, v []byte) error {
			switch num {
			case backendTypeField:
				s.BackendType = string(v)
			case backendWorkspace:
				s.Workspace = string(v)
			case backendConfigField:
				return eachField(v, func(num protowire.Number, v []byte) error {
					if num == dynamicMsgpackField {
						return s.decodeBackendConfig(v)
					}
					return nil
				})
			}
			return nil
		})
	})
}

func (s *Saved) decodeBackendConfig(b []byte) error {
	ty, err := ctymsgpack.ImpliedType(b)
	if err != nil {
		return fmt.Errorf("backend configuration: %w", err)
	}
	v, err := ctymsgpack.Unmarshal(b, ty)
	if err != nil {
		return fmt.Errorf("backend configuration: %w", err)
	}
	if v.IsNull() || !v.IsKnown() || !(v.Type().IsObjectType() || v.Type().IsMapType()) {
		return nil
	}
	for it := v.ElementIterator(); it.Next(); {
		k, val := it.Element()
		if val.IsNull() || !val.IsWhollyKnown() {
			continue
		}
		if val.Type() == cty.String {
			s.Backend[k.AsString()] = val.AsString()
			continue
		}
		j, err := ctyjson.Marshal(val, val.Type())
		if err != nil {
			return fmt.Errorf("backend configuration %q: %w", k.AsString(), err)
		}
		s.Backend[k.AsString()] = string(j)
	}
	return nil
}

// eachField calls fn with every length-delimited field of a protobuf
// message and skips the others.
func eachField(b []byte, fn func(protowire.Number, []byte) error) error {
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return errors.New("malformed plan data")
		}
		b = b[n:]
		if typ == protowire.BytesType {
			v, n := protowire.ConsumeBytes(b)
			if n < 0 {
				return errors.New("malformed plan data")
			}
			if err := fn(num, v); err != nil {
				return err
			}
			b = b[n:]
			continue
		}
		n = protowire.ConsumeFieldValue(num, typ, b)
		if n < 0 {
			return errors.New("malformed plan data")
		}
		b = b[n:]
	}
	return nil
}
