package plancomment

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/olympus-cloud/deploy-actions/internal/adapters/tfinstall"
	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// resolve checks every input before anything runs.
func resolve(rt *step.Runtime) (*config, error) {
	in := rt.Inputs
	order, err := policy.ParseOrder(in.String("promotion-order"))
	if err != nil {
		return nil, step.InputError("promotion-order", in.String("promotion-order"), err)
	}
	dir, err := rt.Dir("working-directory")
	if err != nil {
		return nil, err
	}
	cfg := &config{dir: dir, shownDir: in.String("working-directory"), mode: in.String("comment"),
		label: in.String("allow-destroy-label"), protected: policy.NewProtected(in.List("protected-types")), order: order,
		noLock: !in.Bool("lock"), lockTimeout: in.Duration("lock-timeout"), settle: rt.Wait(2 * time.Second)}
	envs := slices.Compact(in.List("environments"))
	if len(envs) == 0 {
		return nil, step.InputError("environments", "", fmt.Errorf("name at least one environment"))
	}
	proj, over, err := layouts(rt, dir, envs)
	if err != nil {
		return nil, err
	}
	cfg.order = proj.Order(order)
	for _, e := range envs {
		if err := cfg.order.Check("environments", e); err != nil {
			return nil, err
		}
	}
	given, err := planJSONs(in, envs)
	if err != nil {
		return nil, err
	}
	if cfg.planDir, err = rt.PlanDir("plan-file-dir"); err != nil {
		return nil, err
	}
	if cfg.policy, err = resolvePolicies(rt, dir); err != nil {
		return nil, err
	}
	for _, e := range envs {
		j := &job{env: e}
		if p, ok := given[e]; ok {
			if j.planJSON, err = rt.RunFile("plan-json", p); err != nil {
				return nil, err
			}
			j.shownJSON, j.planFile = p, j.planJSON
		} else {
			layout := proj.StepLayout(e, over)
			if j.backend, j.varFiles, err = envFiles(rt, layout, cfg.shownDir, dir); err != nil {
				return nil, err
			}
			j.planFile = filepath.Join(cfg.planDir, e+".tfplan")
		}
		cfg.jobs = append(cfg.jobs, j)
	}

	if cfg.toPlan() > 0 {
		engine, err := rt.Engine()
		if err != nil {
			return nil, err
		}
		engine.Name, engine.Version = proj.EngineFor(engine.Name, engine.Version, engine.Path)
		if cfg.engine, err = tfinstall.NewRequest(engine, rt.Getenv, rt.Log()); err != nil {
			return nil, err
		}
	}
	if rt.GitHub.Actions && strings.HasPrefix(rt.GitHub.EventName, "pull_request") && len(rt.GitHub.Event) > 0 {
		var ev struct {
			PullRequest *pullRequest `json:"pull_request"`
		}
		if err := json.Unmarshal(rt.GitHub.Event, &ev); err == nil && ev.PullRequest != nil && ev.PullRequest.Number > 0 {
			cfg.pr = ev.PullRequest
		}
	}
	return cfg, nil
}

// planJSONs reads the plan-json input: env=path lines, or one path for a
// single environment.
func planJSONs(in step.Inputs, envs []string) (map[string]string, error) {
	raw := in.String("plan-json")
	out := map[string]string{}
	lines := step.SplitList(raw)
	for _, l := range lines {
		e, p, ok := strings.Cut(l, "=")
		if !ok {
			if len(lines) != 1 || len(envs) != 1 {
				return nil, step.InputError("plan-json", raw, fmt.Errorf("name the environment of each file as env=path when several environments are planned"))
			}
			e, p = envs[0], l
		}
		if !slices.Contains(envs, e) {
			return nil, step.InputError("plan-json", raw, fmt.Errorf("environment %q is not in environments %q", e, strings.Join(envs, ",")))
		}
		out[e] = p
	}
	return out, nil
}
