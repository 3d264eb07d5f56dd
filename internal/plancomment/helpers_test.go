package plancomment

import (
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/harness"
)

func TestMain(m *testing.M) { harness.Main(m) }
