package validate

import (
	"context"

	"github.com/olympus-cloud/deploy-actions/internal/validatespec"
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
