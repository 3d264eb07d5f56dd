// Package tfenv installs the localcloud provider where real terraform finds
// it without any registry: a filesystem mirror plus a CLI config file that
// points at it. Tests and `make demo` share it.
package tfenv

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// ProviderVersion is the version the mirror offers; examples/local pins it.
const ProviderVersion = "0.1.0"

const providerPkg = "github.com/olympus-cloud/deploy-actions/internal/testbed/localcloud/cmd/terraform-provider-localcloud"

// Install builds the provider into dir/mirror and writes dir/terraformrc.
// It returns the CLI config's path, for TF_CLI_CONFIG_FILE.
func Install(ctx context.Context, dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	mirror := filepath.Join(dir, "mirror")
	platform := runtime.GOOS + "_" + runtime.GOARCH
	bin := filepath.Join(mirror, "registry.terraform.io", "olympus", "localcloud", ProviderVersion, platform,
		"terraform-provider-localcloud_v"+ProviderVersion)
	ctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()
	// -trimpath keeps the binary, and so the hash terraform records in the
	// lock file, the same from one build to the next.
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-o", bin, providerPkg)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("failed to build the localcloud provider: %w\n%s", err, out)
	}
	cfg := filepath.Join(dir, "terraformrc")
	if err := os.WriteFile(cfg, []byte(CLIConfig(mirror)), 0o644); err != nil {
		return "", fmt.Errorf("failed to write the terraform CLI config: %w", err)
	}
	return cfg, nil
}

// CLIConfig installs olympus/* providers from the mirror and nothing else
// from the network. dev_overrides alone would break init; a mirror works.
func CLIConfig(mirror string) string {
	return strings.TrimLeft(fmt.Sprintf(`
provider_installation {
  filesystem_mirror {
    path    = %q
    include = ["registry.terraform.io/olympus/*"]
  }
  direct {
    exclude = ["registry.terraform.io/olympus/*"]
  }
}
disable_checkpoint = true
`, mirror), "\n")
}
