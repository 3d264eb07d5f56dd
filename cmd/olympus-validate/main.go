// Command olympus-validate is olympus with the validate step's security
// engine (defsec) linked in; olympus runs it for `olympus validate`.
package main

import (
	"os"

	"github.com/olympus-cloud/deploy-actions/internal/cli"
	"github.com/olympus-cloud/deploy-actions/internal/validate"
	"github.com/olympus-cloud/deploy-actions/internal/validate/defsec"
)

func main() {
	validate.NewSecurityScanner = defsec.New
	os.Exit(cli.Main())
}
