// Command olympus runs the Olympus deploy steps, inside GitHub Actions or
// from a terminal. See README.md. The validate step runs in olympus-validate,
// which links the security engine.
package main

import (
	"os"

	"github.com/olympus-cloud/deploy-actions/internal/cli"
)

func main() { os.Exit(cli.Main()) }
