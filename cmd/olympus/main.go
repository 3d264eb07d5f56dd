// Command olympus runs the Olympus deploy steps, inside GitHub Actions or
// from a terminal. See README.md. The validate step runs in olympus-validate,
// which links the security engine.
//
// Run under the name tflint-ruleset-olympus (a link to it in
// TFLINT_PLUGIN_DIR, as in the image), it is the Olympus tflint plugin:
// one binary instead of two saves the image 14 MB.
package main

import (
	// First: no collection while the packages below initialize.
	_ "github.com/olympus-cloud/deploy-actions/internal/cli/initgc"

	"os"
	"path/filepath"

	"github.com/terraform-linters/tflint-plugin-sdk/plugin"

	"github.com/olympus-cloud/deploy-actions/internal/cli"
	"github.com/olympus-cloud/deploy-actions/internal/steps"
	"github.com/olympus-cloud/deploy-actions/internal/tflintrules"
)

func main() {
	if filepath.Base(os.Args[0]) == "tflint-ruleset-olympus" {
		plugin.Serve(&plugin.ServeOpts{RuleSet: tflintrules.RuleSet()})
		return
	}
	os.Exit(cli.Main(steps.All()))
}
