// Package fault holds the errors every layer returns and the exit code each
// maps to; it imports nothing of ours, so that the domain rules can say
// "bad input" or "refused" without depending on the step framework.
package fault

import (
	"errors"
	"fmt"
	"strings"
)

// Exit codes, documented in the README.
const (
	ExitOK       = 0 // the step succeeded
	ExitVerdict  = 1 // the step ran and its verdict is negative
	ExitUsage    = 2 // bad input or usage; nothing was done
	ExitExternal = 3 // an external system (terraform, GitHub, Google Cloud) failed
)

// UsageError is bad input: the step did nothing.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// Usagef returns a UsageError.
func Usagef(format string, args ...any) error {
	return &UsageError{Err: fmt.Errorf(format, args...)}
}

// InputError names the input, its bad value and what is accepted: a
// UsageError holding an InvalidInput.
func InputError(name, value string, err error) error {
	return &UsageError{Err: &InvalidInput{Name: name, Value: value, Err: err}}
}

// InvalidInput is an input's bad value and why, which says what to give.
type InvalidInput struct {
	Name, Value string
	Err         error
}

func (e *InvalidInput) Error() string {
	return fmt.Sprintf("input %s: invalid value %q: %v", e.Name, e.Value, e.Err)
}

func (e *InvalidInput) Unwrap() error { return e.Err }

// Flag says it as a person at a terminal gave it, as a flag, in one line:
// the flag, its value, and what to do.
func (e *InvalidInput) Flag() string {
	if e.Value == "" {
		return fmt.Sprintf("--%s is missing: %v", e.Name, e.Err)
	}
	return fmt.Sprintf("--%s %q is not accepted: %v", e.Name, e.Value, e.Err)
}

// VerdictError is a negative verdict: findings, drift, a refusal.
type VerdictError struct{ Err error }

func (e *VerdictError) Error() string { return e.Err.Error() }
func (e *VerdictError) Unwrap() error { return e.Err }

// Refusef returns a VerdictError.
func Refusef(format string, args ...any) error {
	return &VerdictError{Err: fmt.Errorf(format, args...)}
}

// CredentialsHint says how to give a step Google Cloud credentials; every
// step that needs them says it this way, through Credentials.
const CredentialsHint = "Google Cloud credentials are needed: from a terminal run `gcloud auth application-default login` " +
	"(Application Default Credentials; gcloud auth login alone is not enough); in GitHub Actions run " +
	"google-github-actions/auth before this step"

// Credentials adds CredentialsHint to an error that came from looking for
// Google Cloud credentials or from not having any. Any other error is
// returned as it is.
func Credentials(err error) error {
	if err == nil || !missingCredentials(err.Error()) {
		return err
	}
	return fmt.Errorf("%w\n%s", err, CredentialsHint)
}

// missingCredentials tells the messages of Google's client libraries and
// of terraform's google provider when they find no credentials.
func missingCredentials(msg string) bool {
	msg = strings.ToLower(msg)
	for _, s := range []string{"could not find default credentials", "application default credentials", "no credentials loaded"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// Echoed is an error whose message ends with output the step already
// wrote live, such as terraform's stderr: at a terminal the step's last
// line leaves that part out, so that it is read once.
type Echoed interface {
	error
	// Echoed is the end of Error() that was shown live.
	Echoed() string
}

// ExitCode maps an error returned by a step to the process exit code.
// Anything that is neither usage nor verdict is an external failure.
func ExitCode(err error) int {
	var u *UsageError
	var v *VerdictError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &u):
		return ExitUsage
	case errors.As(err, &v):
		return ExitVerdict
	default:
		return ExitExternal
	}
}
