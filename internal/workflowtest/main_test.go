// Package workflowtest runs the real workflow files of .github/workflows
// with a real workflow engine, nektos/act v0.2.89 (internal/testbed/act),
// against the fake GitHub, the local provider and the action image built
// from this repository, with stand-ins for the third-party actions.
//
// TestMain builds the image (scripts/image.sh, a few seconds when nothing
// changed, starting a Docker engine when none runs) and installs act
// (scripts/install-tool.sh act). Where no engine can be had the tests skip,
// saying why; in CI (CI=true) they fail instead. OLYMPUS_IMAGE names an
// image already built. Run them alone with
//
//	go test ./internal/workflowtest -count=1 -v
package workflowtest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/act"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/harness"
)

var root, _ = filepath.Abs(filepath.Join("..", ".."))

// actBin is act; skipReason says why the tests cannot run.
var actBin, skipReason string

func TestMain(m *testing.M) {
	var err error
	actBin, skipReason, err = prepare()
	if err != nil {
		fmt.Fprintf(os.Stderr, "workflowtest: %v\n", err)
		os.Exit(1)
	}
	if skipReason != "" && os.Getenv("CI") == "true" {
		fmt.Fprintf(os.Stderr, "workflowtest: %s; CI must run the workflow tests (.ci/run installs docker.io and starts dockerd)\n", skipReason)
		os.Exit(1)
	}
	harness.Main(m)
}

// prepare installs act and makes the action images act runs, or says why
// it cannot (no engine: skip), or fails (the image does not build).
func prepare() (string, string, error) {
	engine := exec.Command("bash", filepath.Join(root, "scripts", "docker-engine.sh"))
	if _, err := os.Stat(engine.Args[1]); err != nil {
		engine = exec.Command("docker", "info")
	}
	if out, err := engine.CombinedOutput(); err != nil {
		return "", "no Docker engine: " + lastLine(string(out)), nil
	}
	image := os.Getenv("OLYMPUS_IMAGE")
	if image == "" {
		cmd := exec.Command("bash", filepath.Join(root, "scripts", "image.sh"))
		cmd.Dir = root
		// A tag of its own: the image tests may build theirs meanwhile.
		cmd.Env = append(os.Environ(), "IMAGE=olympus-deploy-actions:workflowtest")
		cmd.Stderr = os.Stderr
		out, err := cmd.Output()
		if err != nil {
			return "", "", fmt.Errorf("scripts/image.sh failed: %w", err)
		}
		image = strings.TrimSpace(string(out))
	}
	bin, err := exec.Command("bash", filepath.Join(root, "scripts", "install-tool.sh"), "act").Output()
	if err != nil {
		return "", "", fmt.Errorf("scripts/install-tool.sh act failed: %w", err)
	}
	if _, err := act.ActionImages(context.Background(), image, root); err != nil {
		return "", "", err
	}
	return strings.TrimSpace(string(bin)), "", nil
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

func requireEngine(t *testing.T) {
	t.Helper()
	if skipReason != "" {
		t.Skipf("the workflow tests need a Docker engine: %s (set OLYMPUS_IMAGE to use an image already built)", skipReason)
	}
}
