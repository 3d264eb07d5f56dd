package deploy

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/olympus-cloud/deploy-actions/internal/adapters/tfinstall"
	"github.com/olympus-cloud/deploy-actions/internal/domain/plan"
	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
	"github.com/olympus-cloud/deploy-actions/internal/domain/repoconfig"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// resolve turns the inputs into a Config, refusing anything missing or
// malformed before terraform runs or GitHub is called.
func resolve(rt *step.Runtime) (Config, error) {
	in := rt.Inputs
	order, err := policy.ParseOrder(in.String("promotion-order"))
	if err != nil {
		return Config{}, step.InputError("promotion-order", in.String("promotion-order"), err)
	}
	cfg := Config{Environment: in.String("environment"), ShownDir: in.String("working-directory"),
		AllowDestroy: in.Bool("allow-destroy"), AllowDrift: in.Bool("allow-drift"), BreakGlass: in.Bool("break-glass"),
		Protected: policy.NewProtected(in.List("protected-types")),
		Promotion: Promotion{Order: order, AllowedRefs: in.List("allowed-refs")},
		SHA:       rt.GitHub.SHA, Ref: rt.GitHub.Ref, RunURL: rt.GitHub.RunURL(), Mode: in.String("mode"), Shown: rt.Shown,
		LockTimeout: in.Duration("lock-timeout"), DataDir: rt.Getenv("TF_DATA_DIR"), RunID: rt.GitHub.RunID}
	if cfg.Mode == "" {
		cfg.Mode = ModeApply
	}
	dir, err := rt.Dir("working-directory")
	if err != nil {
		return cfg, err
	}
	cfg.Dir = dir
	proj, err := repoconfig.ForStep(rt.Workspace(), dir)
	if err != nil {
		return cfg, err
	}
	cfg.Promotion.Order = proj.Order(order)
	if err := cfg.Promotion.Order.Check("environment", cfg.Environment); err != nil {
		return cfg, err
	}
	if cfg.Policy, err = resolvePolicies(rt, dir); err != nil {
		return cfg, err
	}
	layout := proj.StepLayout(cfg.Environment, repoconfig.Overrides{})

	cfg.ShownBackend = in.String("backend-config")
	if cfg.ShownBackend == "" {
		cfg.ShownBackend = layout.Backend()
	}
	if cfg.BackendConfig, err = rt.File("backend-config", cfg.ShownBackend, dir); err != nil {
		return cfg, step.InputError("backend-config", cfg.ShownBackend,
			fmt.Errorf("no such file in %q, or outside the workspace; each environment needs its own backend file so that environments never share state; create it or name another", cfg.ShownDir))
	}

	switch varFile := in.String("var-file"); varFile {
	case "":
		if cfg.VarFiles, err = rt.OptionalFiles("var-file", layout.VarFiles(), dir); err != nil {
			return cfg, err
		}
	default:
		vf, err := rt.File("var-file", varFile, dir)
		if err != nil {
			return cfg, err
		}
		cfg.VarFiles = []string{vf}
	}

	if s := in.String("plan-encryption-key"); s != "" {
		if cfg.Key, err = plan.ParseKey(s); err != nil {
			return cfg, step.InputError("plan-encryption-key", "***", err)
		}
		for _, secret := range cfg.Key.Secrets() {
			rt.Report.Mask(secret)
		}
	}
	engine, err := rt.Engine()
	if err != nil {
		return cfg, err
	}
	engine.Name, engine.Version = proj.EngineFor(engine.Name, engine.Version, engine.Path)
	if cfg.Engine, err = tfinstall.NewRequest(engine, rt.Getenv, rt.Log()); err != nil {
		return cfg, err
	}
	pf, sums := in.String("plan-file"), in.String("plan-sha256")
	if cfg.Mode == ModePlan {
		if cfg.BreakGlass {
			return cfg, step.InputError("break-glass", "true", fmt.Errorf("is for mode apply: a plan changes nothing and needs no glass broken"))
		}
		for _, name := range []string{"plan-file", "plan-sha256"} {
			if v := in.String(name); v != "" {
				return cfg, step.InputError(name, v, fmt.Errorf("is for mode apply: plan mode makes the plan (its plan-file and plan-sha256 outputs), the apply job takes them"))
			}
		}
		if cfg.PlanOut, err = rt.PlanDir("plan-file-dir"); err != nil {
			return cfg, err
		}
		return cfg, nil
	}
	if v := in.String("plan-file-dir"); v != "" {
		return cfg, step.InputError("plan-file-dir", v, fmt.Errorf("is for mode plan; to apply a saved plan pass plan-file"))
	}
	switch {
	case pf == "" && sums != "":
		return cfg, step.InputError("plan-sha256", sums, fmt.Errorf("is given without plan-file; pass both, as plan-comment's plan-files and plan-sha256 outputs"))
	case pf != "":
		if cfg.PlanFile, err = rt.RunFile("plan-file", pf); err != nil {
			return cfg, step.InputError("plan-file", pf, fmt.Errorf("no such file, or outside the workspace and the runner's directories; pass the plan plan-comment saved (its plan-files output)"))
		}
		if cfg.PlanSHA256, err = ReviewedSHA256(sums, cfg.Environment); err != nil {
			return cfg, err
		}
	}
	if err := resolveParity(rt, &cfg); err != nil {
		return cfg, err
	}
	return cfg, resolveVerify(rt, &cfg)
}

var (
	sha256Hex = regexp.MustCompile(`^[0-9a-f]{64}$`)
	// ErrNoReviewedHash is returned when plan-sha256 names other
	// environments only: the plan was reviewed for somewhere else.
	errOtherEnvironment = "plan-sha256 has no line for %q (it names %s): the plan was reviewed for another environment; pass the plan made for %s"
)

// ReviewedSHA256 reads plan-sha256 as plan-comment writes it (env=sha
// lines, taken verbatim) or as a bare hash, and returns the hash reviewed
// for env. Malformed text is bad input; lines for other environments only
// are a refusal, because the plan was made for somewhere else.
func ReviewedSHA256(text, env string) (string, error) {
	lines := step.SplitList(text)
	if len(lines) == 0 {
		return "", step.InputError("plan-sha256", text, fmt.Errorf("give the 64-hex-digit sha256 plan-comment reported for this plan (its plan-sha256 output, env=sha lines, verbatim)"))
	}
	named := map[string]string{}
	var envs []string
	for _, l := range lines {
		e, sum, ok := strings.Cut(l, "=")
		if !ok {
			if len(lines) != 1 {
				return "", step.InputError("plan-sha256", text, fmt.Errorf("%q has no environment; give env=sha lines as plan-comment writes them, or one bare hash", l))
			}
			sum = strings.ToLower(strings.TrimSpace(l))
			if !sha256Hex.MatchString(sum) {
				return "", step.InputError("plan-sha256", text, fmt.Errorf("not a sha256: give 64 hex digits, or plan-comment's plan-sha256 output verbatim"))
			}
			return sum, nil
		}
		e, sum = strings.TrimSpace(e), strings.ToLower(strings.TrimSpace(sum))
		if err := policy.ValidEnvironment(e); err != nil {
			return "", step.InputError("plan-sha256", text, fmt.Errorf("line %q: %w", l, err))
		}
		if !sha256Hex.MatchString(sum) {
			return "", step.InputError("plan-sha256", text, fmt.Errorf("line %q: not a sha256: give 64 hex digits", l))
		}
		if prev, dup := named[e]; dup && prev != sum {
			return "", step.InputError("plan-sha256", text, fmt.Errorf("%q has two different hashes", e))
		}
		named[e] = sum
		envs = append(envs, fmt.Sprintf("%q", e))
	}
	sum, ok := named[env]
	if !ok {
		return "", step.Refusef(errOtherEnvironment, env, strings.Join(envs, ", "), env)
	}
	return sum, nil
}
