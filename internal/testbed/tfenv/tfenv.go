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
	bin := mirrorPath(mirror, registries[0])
	ctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()
	// -trimpath keeps the binary, and so the hash terraform records in the
	// lock file, the same from one build to the next.
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-o", bin, providerPkg)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("failed to build the localcloud provider: %w\n%s", err, out)
	}
	// OpenTofu reads "olympus/localcloud" as registry.opentofu.org's: the
	// same build is offered under that name too.
	for _, host := range registries[1:] {
		p := mirrorPath(mirror, host)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return "", err
		}
		os.Remove(p)
		if err := os.Link(bin, p); err != nil {
			return "", fmt.Errorf("failed to put the localcloud provider in the mirror: %w", err)
		}
	}
	cfg := filepath.Join(dir, "terraformrc")
	if err := os.WriteFile(cfg, []byte(CLIConfig(mirror)), 0o644); err != nil {
		return "", fmt.Errorf("failed to write the terraform CLI config: %w", err)
	}
	return cfg, nil
}

// registries are the hosts that name the provider: terraform's default
// registry, and OpenTofu's (tofu reads TF_CLI_CONFIG_FILE too).
var registries = []string{"registry.terraform.io", "registry.opentofu.org"}

func mirrorPath(mirror, host string) string {
	return filepath.Join(mirror, host, "olympus", "localcloud", ProviderVersion, runtime.GOOS+"_"+runtime.GOARCH,
		"terraform-provider-localcloud_v"+ProviderVersion)
}

// CLIConfig installs olympus/* providers from the mirror and nothing else
// from the network, for terraform and tofu alike. dev_overrides alone
// would break init; a mirror works.
func CLIConfig(mirror string) string {
	var pats []string
	for _, h := range registries {
		pats = append(pats, fmt.Sprintf("%q", h+"/olympus/*"))
	}
	list := strings.Join(pats, ", ")
	return strings.TrimLeft(fmt.Sprintf(`
provider_installation {
  filesystem_mirror {
    path    = %q
    include = [%s]
  }
  direct {
    exclude = [%s]
  }
}
disable_checkpoint = true
`, mirror, list, list), "\n")
}
