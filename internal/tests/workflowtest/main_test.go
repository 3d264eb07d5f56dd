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
//	go test ./internal/tests/workflowtest -count=1 -v
package workflowtest

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/act"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/dockerrun"
)

var root, _ = filepath.Abs(filepath.Join("..", "..", ".."))

// actBin is act; skipReason says why the tests cannot run.
var actBin, skipReason string

func TestMain(m *testing.M) {
	dockerrun.Main(m, "workflowtest", func() (string, error) {
		var err error
		actBin, skipReason, err = prepare()
		return skipReason, err
	})
}

// prepare installs act and makes the action images act runs, or says why
// it cannot (no engine: skip), or fails (the image does not build).
func prepare() (string, string, error) {
	// A tag of its own: the image tests may build theirs meanwhile.
	image, skip, err := dockerrun.Image(root, "olympus-deploy-actions:workflowtest")
	if skip != "" || err != nil {
		return "", skip, err
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

func requireEngine(t *testing.T) {
	t.Helper()
	if skipReason != "" {
		t.Skipf("the workflow tests need a Docker engine: %s (set OLYMPUS_IMAGE to use an image already built)", skipReason)
	}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
