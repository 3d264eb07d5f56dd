package plancomment

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/olympus-cloud/deploy-actions/internal/step"
)

// resolve checks every input before anything runs.
func resolve(env *step.Env) (*config, error) {
	in := env.Inputs
	dir, err := env.Dir("working-directory")
	if err != nil {
		return nil, err
	}
	cfg := &config{dir: dir, shownDir: in.String("working-directory"), mode: in.String("comment"),
		label: in.String("allow-destroy-label"), protected: map[string]bool{}}
	for _, t := range in.List("protected-types") {
		cfg.protected[t] = true
	}
	envs := in.List("environments")
	if len(envs) == 0 {
		return nil, step.InputError("environments", "", fmt.Errorf("name at least one environment"))
	}
	given, err := planJSONs(env, envs)
	if err != nil {
		return nil, err
	}

	cfg.planDir = in.String("plan-file-dir")
	if cfg.planDir == "" {
		cfg.planDir = filepath.Join(os.TempDir(), "olympus-plans")
	} else {
		cfg.planDir = env.Path(cfg.planDir)
	}
	if err := os.MkdirAll(cfg.planDir, 0o700); err != nil {
		return nil, step.InputError("plan-file-dir", in.String("plan-file-dir"), fmt.Errorf("cannot create it: %v", err))
	}
	for _, e := range slices.Compact(envs) {
		j := &job{env: e}
		if p, ok := given[e]; ok {
			j.planJSON, j.shownJSON, j.planFile = env.Path(p), p, env.Path(p)
			if _, err := os.Stat(j.planJSON); err != nil {
				return nil, step.InputError("plan-json", p, fmt.Errorf("no such file"))
			}
		} else {
			j.backend = filepath.Join(dir, "environments", e, "backend.tfbackend")
			if _, err := os.Stat(j.backend); err != nil {
				return nil, step.InputError("environments", in.String("environments"),
					fmt.Errorf("%q has no environments/%s/backend.tfbackend in %q; each environment needs its own backend file", e, e, cfg.shownDir))
			}
			if vf := filepath.Join(dir, "environments", e, "terraform.tfvars"); isFile(vf) {
				j.varFile = vf
			}
			j.planFile = filepath.Join(cfg.planDir, e+".tfplan")
		}
		cfg.jobs = append(cfg.jobs, j)
	}

	if env.GitHub.Actions && strings.HasPrefix(env.GitHub.EventName, "pull_request") && len(env.GitHub.Event) > 0 {
		var ev struct {
			PullRequest *pullRequest `json:"pull_request"`
		}
		if err := json.Unmarshal(env.GitHub.Event, &ev); err == nil && ev.PullRequest != nil && ev.PullRequest.Number > 0 {
			cfg.pr = ev.PullRequest
		}
	}
	return cfg, nil
}

// planJSONs reads the plan-json input: env=path lines, or one path for a
// single environment.
func planJSONs(env *step.Env, envs []string) (map[string]string, error) {
	raw := env.Inputs.String("plan-json")
	out := map[string]string{}
	var lines []string
	for _, l := range strings.FieldsFunc(raw, func(r rune) bool { return r == '\n' || r == ',' }) {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
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

func isFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}
