package deploy

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/zclconf/go-cty/cty"

	"github.com/olympus-cloud/deploy-actions/internal/domain/plan"
)

// workingModule is one module of the configuration a working directory
// resolves to.
type workingModule struct {
	plan.Module
	// Remote is a module terraform init fetches (registry, git, ...), or
	// one such a module calls: it lives where init put it, which differs
	// from one data directory to the next. Local ones are read where the
	// call's path points.
	Remote bool
	// Pending is a remote module not read yet: terraform init has not
	// fetched it. Its files, and the modules it calls, are unknown.
	Pending bool
}

// readModules walks the module tree terraform loads from the root module
// in dir: each module's files as terraform reads them (*.tf, *.tf.json,
// overrides; hidden and editor files left out), then the modules it calls,
// by key. Local modules are read where their path points. Remote ones are
// read where terraform init installed them (its manifest under dataDir,
// which is TF_DATA_DIR or dir/.terraform) when fetched is set, and are
// left pending otherwise: before init they may be missing or stale.
func readModules(dir, dataDir string, fetched bool) (map[string]*workingModule, error) {
	var installed map[string]plan.Module
	if fetched {
		var err error
		if installed, err = readInstalled(dir, dataDir); err != nil {
			return nil, err
		}
	}
	tree := map[string]*workingModule{}
	var walk func(key, modDir string, m *workingModule) error
	walk = func(key, modDir string, m *workingModule) error {
		if strings.Count(key, ".") >= maxModuleDepth {
			return fmt.Errorf("failed to read the configuration: module.%s calls modules more than %d deep; does a module call itself?", strings.ReplaceAll(key, ".", ".module."), maxModuleDepth)
		}
		tree[key] = m
		p := modDir
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		files, calls, err := readModuleDir(p)
		if err != nil {
			return err
		}
		m.Files = files
		names := make([]string, 0, len(calls))
		for name := range calls {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			source := calls[name]
			child := name
			if key != "" {
				child = key + "." + name
			}
			if localSource(source) {
				// terraform init records filepath.Join(parent, source).
				d := filepath.ToSlash(filepath.Join(modDir, source))
				if err := walk(child, d, &workingModule{Module: plan.Module{Source: source, Dir: d}, Remote: m.Remote}); err != nil {
					return err
				}
				continue
			}
			rec, ok := installed[child]
			if !ok {
				tree[child] = &workingModule{Module: plan.Module{Source: source}, Remote: true, Pending: true}
				continue
			}
			if err := walk(child, rec.Dir, &workingModule{Module: rec, Remote: true}); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk("", ".", &workingModule{Module: plan.Module{Dir: "."}}); err != nil {
		return nil, err
	}
	return tree, nil
}

// maxModuleDepth bounds the walk: a module that calls itself by a local
// path would never end it.
const maxModuleDepth = 64

// readInstalled reads terraform init's module manifest.
func readInstalled(dir, dataDir string) (map[string]plan.Module, error) {
	if dataDir == "" {
		dataDir = ".terraform"
	}
	if !filepath.IsAbs(dataDir) {
		dataDir = filepath.Join(dir, dataDir)
	}
	p := filepath.Join(dataDir, "modules", "modules.json")
	b, err := os.ReadFile(p)
	if os.IsNotExist(err) {
		// No module was ever installed: a configuration without calls,
		// or one whose remote modules are then reported as not fetched.
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("failed to read terraform's module manifest %q: %w", p, err)
	}
	var manifest struct {
		Modules []struct{ Key, Source, Version, Dir string }
	}
	if err := json.Unmarshal(b, &manifest); err != nil {
		return nil, fmt.Errorf("failed to read terraform's module manifest %q: %w", p, err)
	}
	out := map[string]plan.Module{}
	for _, r := range manifest.Modules {
		out[r.Key] = plan.Module{Source: r.Source, Version: r.Version, Dir: r.Dir}
	}
	return out, nil
}

// localSource is terraform's test for a local module path.
func localSource(s string) bool {
	for _, p := range []string{"./", "../", `.\`, `..\`} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// readModuleDir reads a module's configuration files and the source of
// each module it calls. A file that does not parse is still read, its
// calls unknown: terraform cannot have planned from it, so it differs
// from the plan's and is reported as such.
func readModuleDir(dir string) (map[string][]byte, map[string]string, error) {
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		// A module the plan had and this checkout lacks: its files
		// differ, and are reported so.
		return map[string][]byte{}, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("failed to read the module %q: %w", dir, err)
	}
	files := map[string][]byte{}
	var primary, overrides []string
	for _, e := range entries {
		name := e.Name()
		if !configFile(name) {
			continue
		}
		// terraform reads through symlinks, and skips directories.
		p := filepath.Join(dir, name)
		st, err := os.Stat(p)
		if err != nil || st.IsDir() {
			continue
		}
		text, err := os.ReadFile(p)
		if err != nil {
			return nil, nil, fmt.Errorf("failed to read %q: %w", p, err)
		}
		files[name] = text
		if overrideFile(name) {
			overrides = append(overrides, name)
		} else {
			primary = append(primary, name)
		}
	}
	calls := map[string]string{}
	parser := hclparse.NewParser()
	// Override files replace what the primary files set, in this order.
	for _, names := range [][]string{primary, overrides} {
		for _, name := range names {
			for call, source := range moduleCalls(parser, name, files[name]) {
				calls[call] = source
			}
		}
	}
	return files, calls, nil
}

var (
	moduleBlocks = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "module", LabelNames: []string{"name"}}}}
	sourceAttr   = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "source"}}}
)

// moduleCalls returns the module blocks of one file that set a literal
// source (terraform accepts nothing else).
func moduleCalls(parser *hclparse.Parser, name string, text []byte) map[string]string {
	var f *hcl.File
	var diags hcl.Diagnostics
	if strings.HasSuffix(name, ".json") {
		f, diags = parser.ParseJSON(text, name)
	} else {
		f, diags = parser.ParseHCL(text, name)
	}
	if diags.HasErrors() || f == nil {
		return nil
	}
	content, _, _ := f.Body.PartialContent(moduleBlocks)
	out := map[string]string{}
	for _, b := range content.Blocks {
		attrs, _, _ := b.Body.PartialContent(sourceAttr)
		a, ok := attrs.Attributes["source"]
		if !ok {
			continue
		}
		v, diags := a.Expr.Value(nil)
		if diags.HasErrors() || v.IsNull() || !v.IsKnown() || v.Type() != cty.String {
			continue
		}
		out[b.Labels[0]] = v.AsString()
	}
	return out
}

// configFile is terraform's test for a configuration file: .tf or
// .tf.json, not hidden, not an editor's backup or lock file.
func configFile(name string) bool {
	if strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") || (strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#")) {
		return false
	}
	return strings.HasSuffix(name, ".tf") || strings.HasSuffix(name, ".tf.json")
}

// overrideFile is terraform's test for an override file.
func overrideFile(name string) bool {
	base := strings.TrimSuffix(strings.TrimSuffix(name, ".json"), ".tf")
	return base == "override" || strings.HasSuffix(base, "_override")
}
