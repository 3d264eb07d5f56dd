package validate

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// tflintPlugin is a plugin block of a tflint configuration.
type tflintPlugin struct {
	Name, Source, Version string
}

var (
	pluginBlocks = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "plugin", LabelNames: []string{"name"}}}}
	pluginAttrs  = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "source"}, {Name: "version"}}}
)

// tflintPlugins reads the plugin blocks of a tflint configuration. A
// configuration that does not parse yields none: tflint reports it.
func tflintPlugins(cfg string) map[string]tflintPlugin {
	out := map[string]tflintPlugin{}
	f, diags := hclsyntax.ParseConfig([]byte(cfg), ".tflint.hcl", hcl.InitialPos)
	if diags.HasErrors() {
		return out
	}
	content, _, _ := f.Body.PartialContent(pluginBlocks)
	for _, b := range content.Blocks {
		p := tflintPlugin{Name: b.Labels[0]}
		attrs, _, _ := b.Body.PartialContent(pluginAttrs)
		for name, a := range attrs.Attributes {
			v, d := a.Expr.Value(nil)
			if d.HasErrors() || v.IsNull() || !v.IsKnown() || v.Type() != cty.String {
				continue
			}
			switch name {
			case "source":
				p.Source = v.AsString()
			case "version":
				p.Version = v.AsString()
			}
		}
		out[p.Name] = p
	}
	return out
}

// initPlugins installs the plugins the configuration takes from a source
// (the Google ruleset, say) with `tflint --init` into cacheDir, which then
// becomes the plugin directory; the bundled olympus plugin is linked into
// it. cacheDir is under the job's cache, so a later step (or, with
// actions/cache, a later job) finds them installed. Nothing to install
// leaves the plugin directory as it is.
func (l *TFLint) initPlugins(ctx context.Context, plugins map[string]tflintPlugin, cacheDir string) error {
	var sourced []string
	for name, p := range plugins {
		if p.Source != "" {
			sourced = append(sourced, name)
		}
	}
	if len(sourced) == 0 {
		return nil
	}
	sort.Strings(sourced)
	if err := os.MkdirAll(cacheDir, 0o755); err != nil {
		return fmt.Errorf("failed to create the tflint plugin cache: %w", err)
	}
	if p, ok := plugins["olympus"]; ok && p.Source == "" {
		bundled := filepath.Join(l.PluginDir, PluginName)
		link := filepath.Join(cacheDir, PluginName)
		if cur, err := os.Readlink(link); err != nil || cur != bundled {
			os.Remove(link)
			if err := os.Symlink(bundled, link); err != nil {
				return fmt.Errorf("failed to link the olympus tflint plugin into the plugin cache: %w", err)
			}
		}
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, l.Path, "--init", "--no-color", "--config="+l.Config)
	cmd.Dir = filepath.Dir(l.Config)
	cmd.Env = append(os.Environ(), "TFLINT_PLUGIN_DIR="+cacheDir, "TFLINT_LOG=")
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 10 * time.Second
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("failed to install the tflint plugins %s with tflint --init (set GITHUB_TOKEN for GitHub's rate limit; plugins are cached in %q): %w: %s",
			strings.Join(sourced, ", "), cacheDir, err, strings.TrimSpace(string(out)))
	}
	l.PluginDir = cacheDir
	return nil
}
