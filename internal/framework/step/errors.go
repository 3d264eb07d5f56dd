package step

import "github.com/olympus-cloud/deploy-actions/internal/domain/fault"

// The errors and exit codes are the domain's (internal/domain/fault), so
// that domain rules can return them without importing this framework;
// these names keep the steps' spelling.
const (
	ExitOK       = fault.ExitOK
	ExitVerdict  = fault.ExitVerdict
	ExitUsage    = fault.ExitUsage
	ExitExternal = fault.ExitExternal
)

type (
	UsageError   = fault.UsageError
	VerdictError = fault.VerdictError
	InvalidInput = fault.InvalidInput
)

var (
	Usagef     = fault.Usagef
	InputError = fault.InputError
	Refusef    = fault.Refusef
	ExitCode   = fault.ExitCode
)
