package policy

import (
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/olympus-cloud/deploy-actions/internal/domain/fault"
)

// DefaultOrder is Olympus Cloud's promotion order.
const DefaultOrder = "dev,staging,prod"

// Order is the environments in promotion order: each one deploys only a
// commit that succeeded in the one before it, and the last one is
// production.
type Order []string

// envName is what an environment may be called: it becomes a directory
// name, part of a concurrency group and of a GitHub deployment.
var envName = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,62}$`) })

// ValidEnvironment checks one environment name.
func ValidEnvironment(name string) error {
	if !envName().MatchString(name) {
		return fmt.Errorf("an environment name is 1 to 63 lower-case letters, digits, - or _, starting with a letter or digit")
	}
	return nil
}

// ParseOrder reads a comma- or newline-separated promotion order and
// checks it: at least one environment, each a valid name, none twice.
func ParseOrder(s string) (Order, error) {
	var o Order
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, errors.New("name at least one environment, in promotion order, such as dev,staging,prod")
	}
	for _, item := range strings.Split(strings.ReplaceAll(s, "\n", ","), ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			return nil, errors.New("an environment name is empty; list the environments as dev,staging,prod")
		}
		if err := ValidEnvironment(item); err != nil {
			return nil, fmt.Errorf("%q: %w", item, err)
		}
		if slices.Contains(o, item) {
			return nil, fmt.Errorf("%q is listed twice; each environment has one place in the order", item)
		}
		o = append(o, item)
	}
	if len(o) == 0 {
		return nil, errors.New("name at least one environment, in promotion order, such as dev,staging,prod")
	}
	return o, nil
}

// MustOrder parses an order known to be valid.
func MustOrder(s string) Order {
	o, err := ParseOrder(s)
	if err != nil {
		panic(err)
	}
	return o
}

// First is the environment every change reaches first (dev).
func (o Order) First() string { return o[0] }

// Production is the last environment of the order.
func (o Order) Production() string { return o[len(o)-1] }

// Has reports whether env is in the order.
func (o Order) Has(env string) bool { return slices.Contains(o, env) }

// Previous is the environment a commit must have succeeded in before env,
// or "" for the first one.
func (o Order) Previous(env string) string {
	i := slices.Index(o, env)
	if i <= 0 {
		return ""
	}
	return o[i-1]
}

// Reviewed reports whether env is applied only from a plan reviewed
// before its approval: every environment after the first. Such an
// environment is planned by a job without the approval, which checks the
// promotion first (so a refused promotion fails before anyone is asked to
// approve) and shows the plan, then applied from exactly that plan by a
// job behind the environment's approval. The first environment deploys
// on every merge, planning and applying in one job.
func (o Order) Reviewed(env string) bool { return o.Index(env) > 0 }

// Index is env's place in the order, -1 when it is not in it.
func (o Order) Index(env string) int { return slices.Index(o, env) }

// String is the order as the input takes it.
func (o Order) String() string { return strings.Join(o, ",") }

// Check refuses an environment that is not in the order, naming input.
func (o Order) Check(input, env string) error {
	if !o.Has(env) {
		return fault.InputError(input, env, fmt.Errorf("not in promotion-order %q; name one of its environments or add it there", o.String()))
	}
	return nil
}

// Layout is where an environment's files live in a root module: its own
// backend (so that environments never share state) and its variables.
// Only Environment set is today's layout, environments/<env>/ in the root
// module; the repository configuration (internal/domain/repoconfig, olympus.yaml)
// sets the paths for other layouts.
type Layout struct {
	Environment string
	// BackendPath, when set, is the environment's backend configuration
	// file relative to the root module.
	BackendPath string
	// VarFilePaths, when not nil, are the environment's variables files
	// relative to the root module, in the order they are given to
	// terraform (empty: none).
	VarFilePaths []string
}

// Dir is the default layout's directory of the environment, relative to
// the root module.
func (l Layout) Dir() string { return filepath.Join("environments", l.Environment) }

// Backend is the environment's backend configuration file.
func (l Layout) Backend() string {
	if l.BackendPath != "" {
		return l.BackendPath
	}
	return filepath.Join(l.Dir(), "backend.tfbackend")
}

// VarFiles are the environment's variables files, each used when it
// exists.
func (l Layout) VarFiles() []string {
	if l.VarFilePaths != nil {
		return l.VarFilePaths
	}
	return []string{filepath.Join(l.Dir(), "terraform.tfvars")}
}

// VarFile is the environment's first variables file, "" when it has none:
// for steps that take one.
func (l Layout) VarFile() string {
	if vf := l.VarFiles(); len(vf) > 0 {
		return vf[0]
	}
	return ""
}
