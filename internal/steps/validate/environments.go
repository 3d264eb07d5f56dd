package validate

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"
)

// environments lists the environments of a root module by their
// environments/<env>/terraform.tfvars.
func environments(mod string) ([]string, error) {
	paths, err := filepath.Glob(filepath.Join(mod, "environments", "*", "terraform.tfvars"))
	if err != nil {
		return nil, err
	}
	var envs []string
	for _, p := range paths {
		envs = append(envs, filepath.Base(filepath.Dir(p)))
	}
	sort.Strings(envs)
	return envs, nil
}

// PerEnvironment runs a check once per environment of mod with that
// environment's variables files (or once, with env "", when there are
// none), so that what each environment really deploys is judged. The
// environments come from the layouts in ctx (WithLayouts; default: today's
// layout). Identical findings are merged; one found with some
// environments only says which.
func PerEnvironment(ctx context.Context, mod string, check func(ev EnvVars) ([]Finding, error)) ([]Finding, error) {
	evs, err := layoutsOf(ctx).Environments(mod)
	if err != nil {
		return nil, err
	}
	if len(evs) == 0 {
		evs = []EnvVars{{}}
	}
	defaultLayout := true
	runs := make([]string, len(evs))
	for i, ev := range evs {
		runs[i] = ev.Env
		if ev.Env != "" && !slices.Equal(ev.VarFiles, []string{filepath.Join("environments", ev.Env, "terraform.tfvars")}) {
			defaultLayout = false
		}
	}
	type seen struct {
		f    Finding
		envs []string
	}
	byKey := map[string]*seen{}
	var order []string
	for _, ev := range evs {
		env := ev.Env
		fs, err := check(ev)
		if err != nil {
			return nil, err
		}
		for _, f := range fs {
			key := fmt.Sprintf("%s\x00%s\x00%d\x00%s", f.RuleID, f.File, f.Line, f.Message)
			if byKey[key] == nil {
				byKey[key] = &seen{f: f}
				order = append(order, key)
			}
			if s := byKey[key]; len(s.envs) == 0 || s.envs[len(s.envs)-1] != env {
				s.envs = append(s.envs, env)
			}
		}
	}
	out := make([]Finding, 0, len(order))
	for _, key := range order {
		s := byKey[key]
		if len(s.envs) < len(runs) {
			if defaultLayout {
				s.f.Message += fmt.Sprintf(" (with environments/%s/terraform.tfvars)", strings.Join(s.envs, ", "))
			} else {
				s.f.Message += fmt.Sprintf(" (with the variables of %s)", strings.Join(s.envs, ", "))
			}
		}
		out = append(out, s.f)
	}
	return out, nil
}
