// Package codify finds where a Terraform configuration sets a resource's
// attribute, so that a change made by hand (drift) can be written back into
// the code: the resource block, the attribute's expression, and through
// variables (the environment's tfvars or the default), locals and module
// calls, the one line that sets the value. It only reads HCL (hclsyntax);
// it evaluates nothing beyond constants.
package codify

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// Config is a root module and the local modules it calls, parsed on demand.
type Config struct {
	// Root is the root module's directory; locations are shown relative to
	// it.
	Root    string
	parser  *hclparse.Parser
	modules map[string]*module
	// VarFile is the environment's variables file (-var-file), highest in
	// precedence; "" when there is none.
	VarFile string
}

// module is one parsed module directory.
type module struct {
	dir       string
	parent    *module
	call      *hclsyntax.Block // the module block in parent that calls it
	resources map[string]*hclsyntax.Block
	variables map[string]*hclsyntax.Block
	locals    map[string]*hclsyntax.Attribute
	calls     map[string]*hclsyntax.Block
	errs      []string
}

// Load parses the root module in dir. varFile is the environment's
// variables file (absolute, or relative to dir), or "".
func Load(dir, varFile string) (*Config, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("failed to read module %q: %w", dir, err)
	}
	if varFile != "" && !filepath.IsAbs(varFile) {
		varFile = filepath.Join(abs, varFile)
	}
	c := &Config{Root: abs, parser: hclparse.NewParser(), modules: map[string]*module{}, VarFile: varFile}
	if _, err := c.module(abs, nil, nil); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *Config) module(dir string, parent *module, call *hclsyntax.Block) (*module, error) {
	if m, ok := c.modules[dir]; ok {
		return m, nil
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.tf"))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("failed to read module %q: no .tf files", c.show(dir))
	}
	sort.Strings(files)
	m := &module{dir: dir, parent: parent, call: call, resources: map[string]*hclsyntax.Block{},
		variables: map[string]*hclsyntax.Block{}, locals: map[string]*hclsyntax.Attribute{}, calls: map[string]*hclsyntax.Block{}}
	for _, f := range files {
		body, err := c.parse(f)
		if err != nil {
			m.errs = append(m.errs, err.Error())
			continue
		}
		for _, b := range body.Blocks {
			switch {
			case b.Type == "resource" && len(b.Labels) == 2:
				m.resources[b.Labels[0]+"."+b.Labels[1]] = b
			case b.Type == "variable" && len(b.Labels) == 1:
				m.variables[b.Labels[0]] = b
			case b.Type == "module" && len(b.Labels) == 1:
				m.calls[b.Labels[0]] = b
			case b.Type == "locals":
				for name, a := range b.Body.Attributes {
					m.locals[name] = a
				}
			}
		}
	}
	c.modules[dir] = m
	return m, nil
}

// parse reads one HCL file. Files that do not parse are skipped: the hint
// is then less precise, never wrong.
func (c *Config) parse(path string) (*hclsyntax.Body, error) {
	f, diags := c.parser.ParseHCLFile(path)
	if diags.HasErrors() || f == nil {
		return nil, fmt.Errorf("failed to parse %s: %s", c.show(path), diags.Error())
	}
	body, ok := f.Body.(*hclsyntax.Body)
	if !ok {
		return nil, fmt.Errorf("failed to parse %s: not native HCL syntax", c.show(path))
	}
	return body, nil
}

// source returns the bytes of a parsed file.
func (c *Config) source(path string) []byte {
	if f := c.parser.Files()[path]; f != nil {
		return f.Bytes
	}
	b, _ := os.ReadFile(path)
	return b
}

// show turns an absolute path into one relative to the root module.
func (c *Config) show(path string) string {
	if rel, err := filepath.Rel(c.Root, path); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(path)
}

// child resolves a module call to its parsed module; only local sources
// (./ and ../) can be read.
func (c *Config) child(m *module, name string) (*module, *hclsyntax.Block, string, error) {
	call, ok := m.calls[name]
	if !ok {
		return nil, nil, "", fmt.Errorf("no module %q block in %s", name, c.show(m.dir))
	}
	src := ""
	if a, ok := call.Body.Attributes["source"]; ok {
		if v, diags := a.Expr.Value(nil); !diags.HasErrors() && v.Type().FriendlyName() == "string" {
			src = v.AsString()
		}
	}
	if !strings.HasPrefix(src, "./") && !strings.HasPrefix(src, "../") {
		return nil, call, src, nil
	}
	cm, err := c.module(filepath.Join(m.dir, filepath.FromSlash(src)), m, call)
	return cm, call, src, err
}

// varFiles are the files terraform reads variables from, highest
// precedence first: the -var-file, then *.auto.tfvars (the last
// alphabetically wins), then terraform.tfvars.
func (c *Config) varFiles() []string {
	var out []string
	if c.VarFile != "" {
		out = append(out, c.VarFile)
	}
	auto, _ := filepath.Glob(filepath.Join(c.Root, "*.auto.tfvars"))
	sort.Sort(sort.Reverse(sort.StringSlice(auto)))
	out = append(out, auto...)
	return append(out, filepath.Join(c.Root, "terraform.tfvars"))
}

// tfvars returns the attribute that sets name in a variables file.
func (c *Config) tfvars(file, name string) *hclsyntax.Attribute {
	if _, err := os.Stat(file); err != nil {
		return nil
	}
	body, err := c.parse(file)
	if err != nil {
		return nil
	}
	return body.Attributes[name]
}

// position returns file:line of a range, relative to the root module.
func (c *Config) position(r hcl.Range) string {
	return fmt.Sprintf("%s:%d", c.show(r.Filename), r.Start.Line)
}
