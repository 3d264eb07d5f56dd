package parity

import (
	"fmt"

	"github.com/olympus-cloud/deploy-actions/internal/domain/fault"
	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
)

// Unreviewed is what deploy does when a push to the default branch has no
// pull request (a direct push), so there is no reviewed change set to
// compare with: warn (apply, saying so) or refuse.
type Unreviewed string

const (
	UnreviewedWarn   Unreviewed = "warn"
	UnreviewedRefuse Unreviewed = "refuse"
)

// DefaultUnreviewed is the rule when the input is not set: warn in the
// first environment of the order (dev exists to try changes; a direct
// push there is shown, not stopped), refuse in every later one.
func DefaultUnreviewed(o policy.Order, env string) Unreviewed {
	if o.Index(env) == 0 {
		return UnreviewedWarn
	}
	return UnreviewedRefuse
}

// ParseUnreviewed reads the unreviewed input for env: "" is
// DefaultUnreviewed, else refuse or warn. The error is a fault.InputError
// (exit 2) naming the input, the value and the values accepted.
func ParseUnreviewed(input, value string, o policy.Order, env string) (Unreviewed, error) {
	switch Unreviewed(value) {
	case "":
		return DefaultUnreviewed(o, env), nil
	case UnreviewedWarn, UnreviewedRefuse:
		return Unreviewed(value), nil
	}
	return "", fault.InputError(input, value,
		fmt.Errorf("use refuse or warn, or leave it empty for warn in %q and refuse in the other environments", o.First()))
}

// Refuses reports whether a deploy without a reviewed change set stops.
func (u Unreviewed) Refuses() bool { return u == UnreviewedRefuse }
