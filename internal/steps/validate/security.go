package validate

import (
	"context"
	"fmt"

	"github.com/olympus-cloud/deploy-actions/internal/steps/validate/validatespec"
)

// SecurityScanner finds security misconfigurations in one root module.
type SecurityScanner interface {
	Scan(ctx context.Context, root, module string) ([]Finding, error)
}

// NewSecurityScanner makes the security engine. It is set by the binary
// that links one (olympus-validate links defsec); in a binary without one
// the validate step runs olympus-validate instead.
var NewSecurityScanner func() SecurityScanner

// Binary is the program that runs the validate step with its engine.
const Binary = validatespec.Binary

// SeamScannerPanic names a module (relative to the working directory) on
// which the security scanner panics: the test seam that shows a scanner's
// crash is contained to its module. Nothing sets it outside tests.
const SeamScannerPanic = "OLYMPUS_TEST_SCANNER_PANIC"

// panicsIn is a scanner that panics in one module, for the seam.
type panicsIn struct {
	SecurityScanner
	module string
}

func (p panicsIn) Scan(ctx context.Context, root, module string) ([]Finding, error) {
	if relTo(root, module) == p.module {
		panic(fmt.Sprintf("%s: forced crash in %q", SeamScannerPanic, p.module))
	}
	return p.SecurityScanner.Scan(ctx, root, module)
}
