// Package tfinstall chooses the engine (terraform or OpenTofu's tofu) and
// the version a root module asks for, and makes it available: the
// engine input, else the one its pin files name (.opentofu-version: tofu);
// the terraform-version input, else an exact pin in .terraform-version,
// .opentofu-version or .tool-versions, else required_version of the root
// module, else the default (the image's terraform, or the one on PATH). A
// version that is not at hand is installed, its publisher's signed
// checksums verified (hc-install for HashiCorp's terraform, OpenTofu's
// signing key for tofu), into a cache that persists across the steps of a
// job; a cached binary is checked against the sha256 recorded when it was
// installed before it runs. Every repository file read for this is read
// inside the workspace: a pin linked to a file outside it is refused
// unread.
package tfinstall

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/zclconf/go-cty/cty"
)

// Engine is the command line that runs a root module.
type Engine string

const (
	// Detect chooses from the pin files: tofu when the nearest names
	// OpenTofu (.opentofu-version, or opentofu in .tool-versions), else
	// terraform.
	Detect    Engine = ""
	Terraform Engine = "terraform"
	Tofu      Engine = "tofu"
)

// ParseEngine reads the engine input: terraform, tofu (opentofu is
// accepted for it) or empty to detect.
func ParseEngine(s string) (Engine, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		return Detect, nil
	case "terraform":
		return Terraform, nil
	case "tofu", "opentofu":
		return Tofu, nil
	}
	return Detect, fmt.Errorf("give terraform or tofu, or leave it empty to detect it (.opentofu-version: tofu)")
}

// Product is the engine's name for people: Terraform, OpenTofu.
func (e Engine) Product() string {
	if e == Tofu {
		return "OpenTofu"
	}
	return "Terraform"
}

// pinFile is the engine's own pin file.
func (e Engine) pinFile() string {
	if e == Tofu {
		return ".opentofu-version"
	}
	return ".terraform-version"
}

// toolNames are the engine's names in .tool-versions (asdf, mise).
func (e Engine) toolNames() []string {
	if e == Tofu {
		return []string{"opentofu", "tofu"}
	}
	return []string{"terraform"}
}

// Choice is the terraform a root module asks for: one exact version, or
// constraints (none at all means any version will do).
type Choice struct {
	Engine      Engine
	Exact       *version.Version
	Constraints version.Constraints
	// Source says where the choice comes from, for logs and errors:
	// "input terraform-version", ".terraform-version", "required_version in main.tf".
	Source string
	// Raw is the text as written there.
	Raw string
}

// Any reports whether nothing constrains the version.
func (c Choice) Any() bool { return c.Exact == nil && len(c.Constraints) == 0 }

// Allows reports whether v is acceptable.
func (c Choice) Allows(v *version.Version) bool {
	if c.Exact != nil {
		return v.Equal(c.Exact)
	}
	return c.Constraints.Check(v)
}

func (c Choice) String() string {
	if c.Any() {
		return "any " + string(c.Engine) + " version"
	}
	return fmt.Sprintf("%s %s (%s)", c.Engine, c.Raw, c.Source)
}

// exactRE is a release version as HashiCorp publishes them: 1.11.4,
// 1.12.0-rc1. A leading v is tolerated, as tfenv does.
var exactRE = regexp.MustCompile(`^v?\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?$`)

// ParseInput reads the terraform-version input: an exact version (1.11.4)
// or constraints (~> 1.11.0, >= 1.9, < 2.0).
func ParseInput(s string) (Choice, error) {
	s = strings.TrimSpace(s)
	c := Choice{Source: "input terraform-version", Raw: s}
	if exactRE.MatchString(s) {
		v, err := version.NewVersion(s)
		if err != nil {
			return c, err
		}
		c.Exact = v
		return c, nil
	}
	cs, err := version.NewConstraint(s)
	if err != nil {
		return c, fmt.Errorf("give an exact version (1.11.4) or constraints (~> 1.11.0, >= 1.9, < 2.0)")
	}
	c.Constraints = cs
	return c, nil
}

// Choose decides what the root module dir asks for: the engine (e, or
// detected when e is Detect) and its version. input is the
// terraform-version input, the version of whichever engine runs. Pins are
// looked for in dir and its parents up to and including top (the
// workspace); required_version only in dir. Every file is read inside top.
func Choose(e Engine, input, dir, top string) (Choice, error) {
	ws, err := openWorkspace(dir, top)
	if err != nil {
		return Choice{}, err
	}
	defer ws.Close()
	if e == Detect {
		if e, err = detect(ws, dir); err != nil {
			return Choice{}, err
		}
	}
	c, err := choose(ws, e, input, dir)
	c.Engine = e
	return c, err
}

func choose(ws *workspace, e Engine, input, dir string) (Choice, error) {
	if strings.TrimSpace(input) != "" {
		return ParseInput(input)
	}
	if c, ok, err := findPin(ws, e, dir); err != nil || ok {
		return c, err
	}
	return requiredVersion(ws, e, dir)
}

// parents calls fn for dir and each parent up to the workspace's top,
// nearest first, until fn says stop.
func (w *workspace) parents(dir string, fn func(d string) (stop bool, err error)) error {
	for d := realPath(dir); ; d = filepath.Dir(d) {
		if stop, err := fn(d); err != nil || stop {
			return err
		}
		if d == w.top || !inside(w.top, d) || filepath.Dir(d) == d {
			return nil
		}
	}
}

// detect is the engine of the nearest directory that names one:
// .opentofu-version (tofu; it wins over a .terraform-version beside it),
// .terraform-version (terraform), or a .tool-versions with opentofu or
// terraform. None at all is terraform.
func detect(ws *workspace, dir string) (Engine, error) {
	found := Terraform
	err := ws.parents(dir, func(d string) (bool, error) {
		for _, e := range []Engine{Tofu, Terraform} {
			if ws.exists(filepath.Join(d, e.pinFile())) {
				found = e
				return true, nil
			}
		}
		b, ok, err := ws.read(filepath.Join(d, ".tool-versions"))
		if err != nil || !ok {
			return false, err
		}
		for _, e := range []Engine{Tofu, Terraform} {
			if _, named := toolVersion(b, e); named {
				found = e
				return true, nil
			}
		}
		return false, nil
	})
	return found, err
}

// findPin looks for the engine's pin file, then .tool-versions, in dir
// and each parent up to the workspace; the nearest wins.
func findPin(ws *workspace, e Engine, dir string) (c Choice, ok bool, err error) {
	err = ws.parents(dir, func(d string) (bool, error) {
		p := filepath.Join(d, e.pinFile())
		b, found, err := ws.read(p)
		if err != nil {
			return true, err
		}
		if found {
			line, _, _ := strings.Cut(strings.TrimSpace(string(b)), "\n")
			c, ok, err = exactPin(e, p, strings.TrimSpace(line))
			return true, err
		}
		p = filepath.Join(d, ".tool-versions")
		if b, found, err = ws.read(p); err != nil {
			return true, err
		}
		if v, named := toolVersion(b, e); found && named {
			c, ok, err = exactPin(e, p, v)
			return true, err
		}
		return false, nil
	})
	return c, ok, err
}

// toolVersion is the engine's version in a .tool-versions file; asdf
// takes the first of several.
func toolVersion(b []byte, e Engine) (string, bool) {
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		fields := strings.Fields(line)
		if len(fields) >= 2 && slices.Contains(e.toolNames(), fields[0]) {
			return fields[1], true
		}
	}
	return "", false
}

func exactPin(e Engine, path, s string) (Choice, bool, error) {
	c := Choice{Source: filepath.Base(path), Raw: s}
	if !exactRE.MatchString(s) {
		return c, true, fmt.Errorf("%s pins %s %q: only an exact version is read there (1.11.4); put constraints in required_version or the terraform-version input", path, e, s)
	}
	v, err := version.NewVersion(s)
	if err != nil {
		return c, true, fmt.Errorf("%s pins %s %q: %v", path, e, s, err)
	}
	c.Exact = v
	return c, true, nil
}

// requiredVersion reads required_version from the terraform blocks of the
// module's .tf and .tf.json files (and, for tofu, .tofu and .tofu.json,
// which replace the .tf file of the same name). Every constraint must
// hold, as terraform requires; one set in an override file replaces the
// others. Files that do not parse are skipped: the engine reports them
// itself.
func requiredVersion(ws *workspace, e Engine, dir string) (Choice, error) {
	entries, err := ws.readDir(dir)
	if err != nil {
		return Choice{}, fmt.Errorf("failed to read the root module %q: %w", dir, err)
	}
	names := configFiles(e, entries)
	parser := hclparse.NewParser()
	var primary, override []string
	var primaryFiles, overrideFiles []string
	for _, name := range names {
		p := filepath.Join(dir, name)
		src, ok, err := ws.read(p)
		if err != nil {
			return Choice{}, err
		}
		if !ok {
			continue
		}
		var f *hcl.File
		var diags hcl.Diagnostics
		if strings.HasSuffix(name, ".json") {
			f, diags = parser.ParseJSON(src, p)
		} else {
			f, diags = parser.ParseHCL(src, p)
		}
		if diags.HasErrors() || f == nil {
			continue
		}
		found := requiredIn(f.Body)
		if len(found) == 0 {
			continue
		}
		base := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(name, ".json"), ".tf"), ".tofu")
		if base == "override" || strings.HasSuffix(base, "_override") {
			override = append(override, found...)
			overrideFiles = append(overrideFiles, name)
		} else {
			primary = append(primary, found...)
			primaryFiles = append(primaryFiles, name)
		}
	}
	raw, files := primary, primaryFiles
	if len(override) > 0 {
		raw, files = override, overrideFiles
	}
	if len(raw) == 0 {
		return Choice{Source: "no required_version"}, nil
	}
	c := Choice{Source: "required_version in " + strings.Join(slices.Compact(files), ", "), Raw: strings.Join(raw, ", ")}
	for _, r := range raw {
		cs, err := version.NewConstraint(r)
		if err != nil {
			return c, fmt.Errorf("required_version %q in %s is not a version constraint: %v", r, strings.Join(files, ", "), err)
		}
		c.Constraints = append(c.Constraints, cs...)
	}
	return c, nil
}

// tofuName is the .tofu file that replaces name (main.tf, main.tf.json).
func tofuName(name string) string {
	if b, ok := strings.CutSuffix(name, ".tf.json"); ok {
		return b + ".tofu.json"
	}
	return strings.TrimSuffix(name, ".tf") + ".tofu"
}

// configFiles are the names of the module's configuration files the
// engine reads, sorted: OpenTofu reads x.tofu instead of x.tf.
func configFiles(e Engine, entries []fs.DirEntry) []string {
	var names []string
	has := map[string]bool{}
	for _, en := range entries {
		has[en.Name()] = !en.IsDir()
	}
	for _, en := range entries {
		name := en.Name()
		if en.IsDir() {
			continue
		}
		switch {
		case strings.HasSuffix(name, ".tf"), strings.HasSuffix(name, ".tf.json"):
			if e == Tofu && has[tofuName(name)] {
				continue
			}
		case e == Tofu && (strings.HasSuffix(name, ".tofu") || strings.HasSuffix(name, ".tofu.json")):
		default:
			continue
		}
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

var (
	terraformBlock = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "terraform"}}}
	requiredAttr   = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "required_version"}}}
)

func requiredIn(body hcl.Body) []string {
	content, _, _ := body.PartialContent(terraformBlock)
	if content == nil {
		return nil
	}
	var out []string
	for _, b := range content.Blocks {
		inner, _, _ := b.Body.PartialContent(requiredAttr)
		if inner == nil {
			continue
		}
		attr, ok := inner.Attributes["required_version"]
		if !ok {
			continue
		}
		v, diags := attr.Expr.Value(nil)
		if diags.HasErrors() || v.IsNull() || !v.IsKnown() || v.Type() != cty.String {
			continue
		}
		out = append(out, v.AsString())
	}
	return out
}
