// Package tfinstall chooses the terraform a root module asks for and makes
// it available: the terraform-version input, else an exact pin in
// .terraform-version or .tool-versions, else required_version of the root
// module, else the image's default. A version that is not at hand is
// installed with hc-install (HashiCorp's checksum and signature verified)
// into a cache that persists across the steps of a job.
package tfinstall

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/zclconf/go-cty/cty"
)

// Choice is the terraform a root module asks for: one exact version, or
// constraints (none at all means any version will do).
type Choice struct {
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
		return "any version"
	}
	return fmt.Sprintf("%s (%s)", c.Raw, c.Source)
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

// Choose decides what the root module dir asks for. input is the
// terraform-version input. Pins are looked for in dir and its parents up
// to and including top (the workspace); required_version only in dir.
func Choose(input, dir, top string) (Choice, error) {
	if strings.TrimSpace(input) != "" {
		return ParseInput(input)
	}
	if c, ok, err := findPin(dir, top); err != nil || ok {
		return c, err
	}
	return requiredVersion(dir)
}

// findPin looks for .terraform-version, then .tool-versions, in dir and
// each parent up to top; the nearest wins.
func findPin(dir, top string) (Choice, bool, error) {
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		if c, ok, err := readTerraformVersion(filepath.Join(d, ".terraform-version")); err != nil || ok {
			return c, ok, err
		}
		if c, ok, err := readToolVersions(filepath.Join(d, ".tool-versions")); err != nil || ok {
			return c, ok, err
		}
		rel, err := filepath.Rel(top, d)
		if top == "" || err != nil || rel == "." || strings.HasPrefix(rel, "..") || filepath.Dir(d) == d {
			return Choice{}, false, nil
		}
	}
}

func readTerraformVersion(p string) (Choice, bool, error) {
	b, err := os.ReadFile(p)
	if err != nil {
		return Choice{}, false, nil
	}
	line, _, _ := strings.Cut(strings.TrimSpace(string(b)), "\n")
	return exactPin(p, strings.TrimSpace(line))
}

func readToolVersions(p string) (Choice, bool, error) {
	f, err := os.Open(p)
	if err != nil {
		return Choice{}, false, nil
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		fields := strings.Fields(line)
		if len(fields) >= 2 && fields[0] == "terraform" {
			// asdf takes the first of several versions.
			return exactPin(p, fields[1])
		}
	}
	return Choice{}, false, nil
}

func exactPin(path, s string) (Choice, bool, error) {
	c := Choice{Source: filepath.Base(path), Raw: s}
	if !exactRE.MatchString(s) {
		return c, true, fmt.Errorf("%s pins terraform %q: only an exact version is read there (1.11.4); put constraints in required_version or the terraform-version input", path, s)
	}
	v, err := version.NewVersion(s)
	if err != nil {
		return c, true, fmt.Errorf("%s pins terraform %q: %v", path, s, err)
	}
	c.Exact = v
	return c, true, nil
}

// requiredVersion reads required_version from the terraform blocks of the
// module's .tf and .tf.json files. Every constraint must hold, as
// terraform requires; one set in an override file replaces the others.
// Files that do not parse are skipped: terraform reports them itself.
func requiredVersion(dir string) (Choice, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return Choice{}, fmt.Errorf("failed to read the root module %q: %w", dir, err)
	}
	parser := hclparse.NewParser()
	var primary, override []string
	var primaryFiles, overrideFiles []string
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !(strings.HasSuffix(name, ".tf") || strings.HasSuffix(name, ".tf.json")) {
			continue
		}
		p := filepath.Join(dir, name)
		var f *hcl.File
		var diags hcl.Diagnostics
		if strings.HasSuffix(name, ".json") {
			f, diags = parser.ParseJSONFile(p)
		} else {
			f, diags = parser.ParseHCLFile(p)
		}
		if diags.HasErrors() || f == nil {
			continue
		}
		found := requiredIn(f.Body)
		if len(found) == 0 {
			continue
		}
		base := strings.TrimSuffix(strings.TrimSuffix(name, ".json"), ".tf")
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
