// Package imagetest runs the action's image as GitHub runs a Docker
// action (see internal/testbed/dockerrun), for every built step, against
// the fakes and the local provider. TestMain builds the image from the
// Dockerfile with scripts/image.sh (a few seconds when nothing changed),
// starting a Docker engine when none runs. Where no engine can be had the
// tests skip, saying why; in CI (CI=true) they fail instead.
package imagetest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/harness"
)

// image is the image under test; skipReason says why there is none.
var image, skipReason string

func TestMain(m *testing.M) {
	var err error
	image, skipReason, err = prepare()
	if err != nil {
		fmt.Fprintf(os.Stderr, "imagetest: %v\n", err)
		os.Exit(1)
	}
	if skipReason != "" && os.Getenv("CI") == "true" {
		fmt.Fprintf(os.Stderr, "imagetest: %s; CI must run the image tests (.ci/run installs docker.io and starts dockerd)\n", skipReason)
		os.Exit(1)
	}
	harness.Main(m)
}

// prepare returns the image, or why there is none (no engine: the tests
// skip), or an error (the image does not build: the tests fail).
func prepare() (string, string, error) {
	if img := os.Getenv("OLYMPUS_IMAGE"); img != "" {
		return img, "", nil
	}
	root, _ := filepath.Abs(filepath.Join("..", ".."))
	if out, err := exec.Command("bash", filepath.Join(root, "scripts", "docker-engine.sh")).CombinedOutput(); err != nil {
		return "", "no Docker engine: " + strings.TrimSpace(string(out)), nil
	}
	cmd := exec.Command("bash", filepath.Join(root, "scripts", "image.sh"))
	cmd.Dir = root
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return "", "", fmt.Errorf("scripts/image.sh failed: %w", err)
	}
	return strings.TrimSpace(string(out)), "", nil
}

// requireImage skips a test when there is no image to run.
func requireImage(t *testing.T) {
	t.Helper()
	if skipReason != "" {
		t.Skipf("the image tests need a Docker engine: %s (set OLYMPUS_IMAGE to use an image already built)", skipReason)
	}
}
