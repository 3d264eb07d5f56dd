// Command olympus-validate runs the validate step with its security engine
// (defsec) linked in; olympus runs it for `olympus validate`. It links no
// other step, which keeps it (and the image) smaller.
package main

import (
	// First: no collection while the packages below initialize.
	_ "github.com/olympus-cloud/deploy-actions/internal/cli/initgc"

	"os"

	"github.com/olympus-cloud/deploy-actions/internal/cli"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
	"github.com/olympus-cloud/deploy-actions/internal/steps/validate"
	"github.com/olympus-cloud/deploy-actions/internal/steps/validate/defsec"
)

func main() {
	validate.NewSecurityScanner = defsec.New
	os.Exit(cli.Main([]*step.Spec{validate.Spec()}))
}
