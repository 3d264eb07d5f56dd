package reconcile

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/olympus-cloud/deploy-actions/internal/adapters/tfinstall"
	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
	"github.com/olympus-cloud/deploy-actions/internal/domain/repoconfig"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// Config is a run's resolved inputs.
type Config struct {
	// Dir is the root module; ShownDir as the user gave it.
	Dir, ShownDir string
	// Order is promotion-order; Environments are those to check.
	Order              policy.Order
	Environments       []string
	Revert             bool
	RevertEnvironments []string
	Label              string
	FailOnDrift        bool
	Protected          policy.Protected
	LockTimeout        time.Duration
	// Engine is the terraform asked for.
	Engine tfinstall.Request
	// Settle is how long an issue's write is given to show before it is
	// checked.
	Settle time.Duration
	// Backends and VarFiles are each environment's files, absolute;
	// VarFiles has no entry for an environment without any.
	Backends map[string]string
	VarFiles map[string][]string
}

var errLabel = errors.New("a label is at most 50 characters, without commas or newlines")

// resolve reads and checks every input before anything runs: bad input
// exits 2 with nothing done.
func resolve(rt *step.Runtime) (*Config, error) {
	in := rt.Inputs
	// The shown directory names the issues: ./terraform and terraform are
	// the same one.
	cfg := &Config{ShownDir: filepath.ToSlash(filepath.Clean(in.String("working-directory"))), Revert: in.String("mode") == "revert", Label: in.String("issue-label"),
		FailOnDrift: in.Bool("fail-on-drift"), LockTimeout: in.Duration("lock-timeout"), Protected: map[string]bool{}, Settle: rt.Wait(2 * time.Second),
		Backends: map[string]string{}, VarFiles: map[string][]string{}}
	order, err := policy.ParseOrder(in.String("promotion-order"))
	if err != nil {
		return nil, step.InputError("promotion-order", in.String("promotion-order"), err)
	}
	if cfg.Dir, err = rt.Dir("working-directory"); err != nil {
		return nil, err
	}
	proj, err := repoconfig.ForStep(rt.Workspace(), cfg.Dir)
	if err != nil {
		return nil, err
	}
	order = proj.Order(order)
	cfg.Order = order
	cfg.Environments = in.List("environments")
	if len(cfg.Environments) == 0 {
		cfg.Environments = order
	}
	seen := map[string]bool{}
	for _, e := range cfg.Environments {
		if !slices.Contains(order, e) {
			return nil, step.InputError("environments", in.String("environments"), fmt.Errorf("%q is not in promotion-order %q; name environments of it", e, strings.Join(order, ",")))
		}
		if seen[e] {
			return nil, step.InputError("environments", in.String("environments"), fmt.Errorf("%q is listed twice", e))
		}
		seen[e] = true
	}
	cfg.RevertEnvironments = in.List("revert-environments")
	if in.String("revert-environments") == "" {
		cfg.RevertEnvironments = defaultRevert(order)
	}
	for _, e := range cfg.RevertEnvironments {
		if !slices.Contains(order, e) {
			return nil, step.InputError("revert-environments", in.String("revert-environments"), fmt.Errorf("%q is not in promotion-order %q", e, strings.Join(order, ",")))
		}
	}
	if cfg.Revert {
		for _, e := range cfg.Environments {
			if !slices.Contains(cfg.RevertEnvironments, e) {
				return nil, step.InputError("environments", in.String("environments"), revertRefusal(e, order, cfg.RevertEnvironments))
			}
		}
	}
	cfg.Protected = policy.NewProtected(in.List("protected-types"))
	if err := envFiles(rt, cfg, proj); err != nil {
		return nil, err
	}
	engine, err := rt.Engine()
	if err != nil {
		return nil, err
	}
	engine.Name, engine.Version = proj.EngineFor(engine.Name, engine.Version, engine.Path)
	if cfg.Engine, err = tfinstall.NewRequest(engine, rt.Getenv, rt.Log()); err != nil {
		return nil, err
	}
	return cfg, nil
}

// defaultRevert is the first environment only, and none when the first is
// also the last: production is never revertible unless listed.
func defaultRevert(order policy.Order) []string {
	if len(order) < 2 {
		return nil
	}
	return order[:1]
}

// revertRefusal says why env may not be reverted and how to allow it.
func revertRefusal(env string, order policy.Order, allowed []string) error {
	list := strings.Join(allowed, ",")
	if list == "" {
		list = "none"
	}
	msg := fmt.Sprintf("mode revert would apply to %s, which is not in revert-environments (%s); nothing was run. ", env, list)
	if env == order.Production() {
		msg += "It is production: it is reverted only when revert-environments names it, and a revert there should go through deploy instead"
	} else {
		msg += "Add it to revert-environments, or run mode report for it"
	}
	return errors.New(msg)
}

// promotionOrder and protectedTypes are the inputs deploy shares, with
// what they mean here.
var (
	promotionOrder = withDescription(step.PromotionOrder,
		"Environments in promotion order, comma-separated: the first is where mode revert applies by default; the last is production.")
	protectedTypes   = withDescription(step.ProtectedTypes, "Resource types whose destroy or replace a revert refuses.")
	validEnvironment = policy.ValidEnvironment
)

func withDescription(in step.Input, d string) step.Input {
	in.Description = d
	return in
}
