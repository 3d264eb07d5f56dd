package tfenv

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// TFLintVersion is the tflint scripts/install-tool.sh tflint builds.
const TFLintVersion = "v0.64.0"

// TFLint returns the tflint the tests use: OLYMPUS_TFLINT (make test sets
// it), else the one scripts/install-tool.sh tflint cached. It is never built
// here: building takes minutes.
func TFLint(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("OLYMPUS_TFLINT"); p != "" {
		return p
	}
	cache := os.Getenv("XDG_CACHE_HOME")
	if cache == "" {
		home, _ := os.UserHomeDir()
		cache = filepath.Join(home, ".cache")
	}
	p := filepath.Join(cache, "olympus-deploy-actions", "tools", "tflint-"+TFLintVersion+"-stripped", "tflint")
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("tflint %s is not installed: run `make test`, or `bash scripts/install-tool.sh tflint` once and set OLYMPUS_TFLINT to the path it prints", TFLintVersion)
	}
	return p
}

var (
	pluginOnce sync.Once
	pluginDir  string
	pluginErr  error
)

// PluginDir builds cmd/tflint-ruleset-olympus once per test process and
// returns a directory to use as TFLINT_PLUGIN_DIR.
func PluginDir(t testing.TB) string {
	t.Helper()
	pluginOnce.Do(func() {
		pluginDir, pluginErr = os.MkdirTemp("", "olympus-tflint-plugins-")
		if pluginErr != nil {
			return
		}
		addCleanup(pluginDir)
		pluginErr = BuildPlugin(context.Background(), pluginDir)
	})
	if pluginErr != nil {
		t.Fatalf("failed to build the olympus tflint plugin: %v", pluginErr)
	}
	return pluginDir
}

// BuildPlugin builds tflint-ruleset-olympus into dir.
func BuildPlugin(ctx context.Context, dir string) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-o", filepath.Join(dir, "tflint-ruleset-olympus"),
		"github.com/olympus-cloud/deploy-actions/cmd/tflint-ruleset-olympus")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("failed to build tflint-ruleset-olympus: %w\n%s", err, out)
	}
	return nil
}
