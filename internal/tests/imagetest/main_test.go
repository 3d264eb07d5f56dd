// Package imagetest runs the action's image as GitHub runs a Docker
// action (see internal/testbed/dockerrun), for every built step, against
// the fakes and the local provider. TestMain builds the image from the
// Dockerfile with scripts/image.sh (a few seconds when nothing changed),
// starting a Docker engine when none runs. Where no engine can be had the
// tests skip, saying why; in CI (CI=true) they fail instead.
package imagetest

import (
	"path/filepath"
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/dockerrun"
)

// image is the image under test; skipReason says why there is none.
var image, skipReason string

func TestMain(m *testing.M) {
	dockerrun.Main(m, "imagetest", func() (string, error) {
		root, _ := filepath.Abs(filepath.Join("..", "..", ".."))
		var err error
		image, skipReason, err = dockerrun.Image(root, "")
		return skipReason, err
	})
}

// requireImage skips a test when there is no image to run.
func requireImage(t *testing.T) {
	t.Helper()
	if skipReason != "" {
		t.Skipf("the image tests need a Docker engine: %s (set OLYMPUS_IMAGE to use an image already built)", skipReason)
	}
}
