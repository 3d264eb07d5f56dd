package plancomment

import (
	"os"
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/harness"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/tfenv"
)

func TestMain(m *testing.M) {
	code := m.Run()
	tfenv.Cleanup()
	harness.Cleanup()
	os.Exit(code)
}
