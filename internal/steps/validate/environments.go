package validate

import (
	"fmt"
	"path/filepath"
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
// environment's values (or once, with env "", when there are none), so that
// what each environment really deploys is judged. Identical findings are
// merged; one found with some environments only says which.
func PerEnvironment(mod string, check func(env string) ([]Finding, error)) ([]Finding, error) {
	runs, err := environments(mod)
	if err != nil {
		return nil, err
	}
	if len(runs) == 0 {
		runs = []string{""}
	}
	type seen struct {
		f    Finding
		envs []string
	}
	byKey := map[string]*seen{}
	var order []string
	for _, env := range runs {
		fs, err := check(env)
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
			s.f.Message += fmt.Sprintf(" (with environments/%s/terraform.tfvars)", strings.Join(s.envs, ", "))
		}
		out = append(out, s.f)
	}
	return out, nil
}
