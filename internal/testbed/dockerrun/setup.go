package dockerrun

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/harness"
)

// Main runs the tests of a package that needs a Docker engine, after
// prepare. prepare returns why the tests cannot run here (no engine: they
// skip, saying why) or an error (the image does not build: they fail).
// In CI (CI=true) a reason to skip fails too: CI must run them, and
// .ci/run installs docker.io and starts dockerd.
func Main(m *testing.M, pkg string, prepare func() (skip string, err error)) {
	skip, err := prepare()
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", pkg, err)
		os.Exit(1)
	}
	if skip != "" && os.Getenv("CI") == "true" {
		fmt.Fprintf(os.Stderr, "%s: %s; CI must run these tests (.ci/run installs docker.io and starts dockerd)\n", pkg, skip)
		os.Exit(1)
	}
	harness.Main(m)
}

// Image returns the action's image to test: OLYMPUS_IMAGE when set, else
// the one scripts/image.sh builds from the Dockerfile (a few seconds when
// nothing changed) under tag (empty: the script's own), after
// scripts/docker-engine.sh made sure an engine runs. root is the
// repository. skip says why there is none: no engine.
func Image(root, tag string) (image, skip string, err error) {
	if img := os.Getenv("OLYMPUS_IMAGE"); img != "" {
		return img, "", nil
	}
	if out, err := exec.Command("bash", filepath.Join(root, "scripts", "docker-engine.sh")).CombinedOutput(); err != nil {
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		return "", "no Docker engine: " + lines[len(lines)-1], nil
	}
	cmd := exec.Command("bash", filepath.Join(root, "scripts", "image.sh"))
	cmd.Dir = root
	if tag != "" {
		cmd.Env = append(os.Environ(), "IMAGE="+tag)
	}
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return "", "", fmt.Errorf("scripts/image.sh failed: %w", err)
	}
	return strings.TrimSpace(string(out)), "", nil
}
