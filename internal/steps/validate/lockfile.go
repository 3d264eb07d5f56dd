package validate

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// LockPlatforms are the platforms a dependency lock file must hold
// checksums for: the runners (linux, amd64 and arm64) and the laptops that
// run olympus when CI is down (macOS, both).
const LockPlatforms = "-platform=linux_amd64 -platform=linux_arm64 -platform=darwin_amd64 -platform=darwin_arm64"

// checkLockFile warns when a root module that needs providers has no
// .terraform.lock.hcl: without it, every terraform init may pick another
// provider version within the constraints, and nothing checks that the
// provider is the build that was reviewed. It must run before terraform
// init, which writes a lock file of its own. command is the engine that
// runs the module, terraform or tofu: the hint names it.
func checkLockFile(root, mod, command string) (*Notice, error) {
	if _, err := os.Stat(filepath.Join(mod, ".terraform.lock.hcl")); err == nil {
		return nil, nil
	}
	providers, err := requiredProviders(mod)
	if err != nil || len(providers) == 0 {
		return nil, err
	}
	rel, _ := filepath.Rel(root, mod)
	run := command + " providers lock " + LockPlatforms
	if rel != "." {
		run = command + " -chdir=" + filepath.ToSlash(rel) + " providers lock " + LockPlatforms
	}
	return &Notice{Check: "validate", Module: rel, Level: "warning", Message: fmt.Sprintf(
		"no .terraform.lock.hcl: the version and checksums of %s are not pinned, so each %s init may install another build. "+
			"Where the registry is reachable, run `%s` in the working directory and commit the file",
		strings.Join(providers, ", "), command, run)}, nil
}

// requiredProviders lists the source addresses of the providers a module
// and the local modules it calls need: those in required_providers, and
// those implied by the resources, data sources and provider blocks (by
// their first word). terraform's built-in provider needs no lock.
func requiredProviders(mod string) ([]string, error) {
	sources := map[string]string{} // local name => source address
	implied := map[string]bool{}
	seen := map[string]bool{}
	var walk func(dir string) error
	walk = func(dir string) error {
		if seen[dir] {
			return nil
		}
		seen[dir] = true
		files, err := filepath.Glob(filepath.Join(dir, "*.tf"))
		if err != nil {
			return err
		}
		for _, p := range files {
			src, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			f, diags := hclsyntax.ParseConfig(src, p, hcl.InitialPos)
			if diags.HasErrors() {
				continue // terraform validate reports it
			}
			body, ok := f.Body.(*hclsyntax.Body)
			if !ok {
				continue
			}
			for _, b := range body.Blocks {
				switch {
				case b.Type == "terraform":
					for _, rp := range b.Body.Blocks {
						if rp.Type == "required_providers" {
							for name, a := range rp.Body.Attributes {
								sources[name] = providerSource(name, a.Expr)
							}
						}
					}
				case (b.Type == "resource" || b.Type == "data") && len(b.Labels) > 0:
					implied[strings.SplitN(b.Labels[0], "_", 2)[0]] = true
				case b.Type == "provider" && len(b.Labels) > 0:
					implied[b.Labels[0]] = true
				}
			}
		}
		for _, src := range localCalls(dir, files) {
			if err := walk(src); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(mod); err != nil {
		return nil, err
	}
	for name := range implied {
		if _, ok := sources[name]; !ok {
			sources[name] = "hashicorp/" + name
		}
	}
	var out []string
	for name, src := range sources {
		if name == "terraform" || strings.HasSuffix(src, "/builtin/terraform") {
			continue
		}
		if !slices.Contains(out, src) {
			out = append(out, src)
		}
	}
	sort.Strings(out)
	return out, nil
}

// providerSource reads a required_providers entry: { source = "..." }, or
// a bare version string (the provider is then hashicorp/<name>).
func providerSource(name string, expr hclsyntax.Expression) string {
	if obj, ok := expr.(*hclsyntax.ObjectConsExpr); ok {
		for _, item := range obj.Items {
			key, diags := item.KeyExpr.Value(nil)
			if diags.HasErrors() || !key.Type().Equals(cty.String) || key.AsString() != "source" {
				continue
			}
			if v, diags := item.ValueExpr.Value(nil); !diags.HasErrors() && v.Type().Equals(cty.String) {
				return strings.ToLower(strings.TrimPrefix(v.AsString(), "registry.terraform.io/"))
			}
		}
	}
	return "hashicorp/" + name
}

// localCalls returns the directories of the modules called with a local
// source from the given files of dir.
func localCalls(dir string, files []string) []string {
	var out []string
	for _, p := range files {
		for _, src := range localModuleSources(p) {
			out = append(out, filepath.Clean(filepath.Join(dir, src)))
		}
	}
	return out
}
