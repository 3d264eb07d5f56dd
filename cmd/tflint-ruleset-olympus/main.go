// Command tflint-ruleset-olympus is the Olympus policy as a tflint plugin.
// Install it in TFLINT_PLUGIN_DIR and enable it with plugin "olympus" {}.
package main

import (
	"github.com/terraform-linters/tflint-plugin-sdk/plugin"

	"github.com/olympus-cloud/deploy-actions/internal/tflintrules"
)

func main() {
	plugin.Serve(&plugin.ServeOpts{RuleSet: tflintrules.RuleSet()})
}
