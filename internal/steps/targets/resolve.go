package targets

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
	"github.com/olympus-cloud/deploy-actions/internal/domain/repoconfig"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// Config is the step's resolved inputs.
type Config struct {
	// Head is the commit planned; Base the commit compared with (the
	// merge base of the base given and the head), "" with All.
	Head, Base string
	// BaseShown says what the base is, for the summary.
	BaseShown string
	// All, when set, makes every project a target and says why.
	All string
	// Dir is the directory targets must be in, from the repository root.
	Dir string
	// ConfigFile is olympus.yaml's path from the repository root;
	// ConfigGiven is true when the config input named it (it must exist).
	ConfigFile  string
	ConfigGiven bool
	// Order is the environments of a project that olympus.yaml gives none.
	Order policy.Order
	// Only, when set, are the only environments that are targets.
	Only       []string
	MaxTargets int
}

// resolve reads and checks every input, and resolves the commits: a bad
// base or head is bad input, and nothing is read before they are checked.
func resolve(ctx context.Context, rt *step.Runtime, git Git) (Config, error) {
	in := rt.Inputs
	cfg := Config{Order: policy.MustOrder(in.String("promotion-order")), Only: in.List("environments")}
	cfg.MaxTargets, _ = strconv.Atoi(in.String("max-targets"))
	for _, e := range cfg.Only {
		if err := cfg.Order.Check("environments", e); err != nil {
			return cfg, err
		}
	}
	dir, err := rt.Dir("working-directory")
	if err != nil {
		return cfg, err
	}
	top, err := git.Toplevel(ctx)
	if err != nil {
		return cfg, step.InputError("working-directory", in.String("working-directory"),
			fmt.Errorf("%v; the step reads the repository's history: check it out first (actions/checkout with fetch-depth: 0)", err))
	}
	if cfg.Dir, err = inside(top, dir); err != nil {
		return cfg, step.InputError("working-directory", in.String("working-directory"), err)
	}
	cfg.ConfigFile = repoconfig.FileName
	if c := in.String("config"); c != "" {
		cfg.ConfigFile, cfg.ConfigGiven = path.Clean(c), true
	}

	if cfg.Head, err = git.Commit(ctx, in.String("head")); err != nil {
		return cfg, step.InputError("head", in.String("head"), fmt.Errorf("%v; give a commit of this clone, or leave it empty for the checked-out one", err))
	}
	base, shown := in.String("base"), ""
	if base == "" {
		base, shown = defaultBase(rt.GitHub)
	} else {
		shown = fmt.Sprintf("base %s", base)
	}
	cfg.BaseShown = shown
	if base == "all" {
		cfg.All = shown
		return cfg, nil
	}
	commit, err := git.Commit(ctx, base)
	if err != nil {
		return cfg, step.InputError("base", base, fmt.Errorf("%v; or give base: all to plan every project", err))
	}
	if cfg.Base, err = git.MergeBase(ctx, commit, cfg.Head); err != nil {
		return cfg, step.InputError("base", base, fmt.Errorf("%v; or give base: all to plan every project", err))
	}
	return cfg, nil
}

// inside makes dir relative to the repository's top directory.
func inside(top, dir string) (string, error) {
	realTop, err := filepath.EvalSymlinks(top)
	if err != nil {
		return "", err
	}
	realDir, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return "", err
	}
	rel, err := filepath.Rel(realTop, realDir)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("is outside the repository %q; give a directory inside it", top)
	}
	return filepath.ToSlash(rel), nil
}

// zeroSHA is a push's before when the branch is new.
const zeroSHA = "0000000000000000000000000000000000000000"

// defaultBase is the event's base: a pull request's, or a push's commit
// before; all for other events, and says which.
func defaultBase(gh step.GitHub) (string, string) {
	var ev struct {
		Before      string `json:"before"`
		PullRequest struct {
			Base struct {
				SHA string `json:"sha"`
			} `json:"base"`
		} `json:"pull_request"`
	}
	if gh.Actions && len(gh.Event) > 0 {
		if err := json.Unmarshal(gh.Event, &ev); err != nil {
			ev.Before, ev.PullRequest.Base.SHA = "", ""
		}
	}
	switch {
	case !gh.Actions:
		return "all", "no base given: every project"
	case strings.HasPrefix(gh.EventName, "pull_request") && step.GitRef(ev.PullRequest.Base.SHA) == nil && ev.PullRequest.Base.SHA != "":
		return ev.PullRequest.Base.SHA, "the pull request's base"
	case gh.EventName == "push" && ev.Before == zeroSHA:
		return "all", "a push that made the branch: every project"
	case gh.EventName == "push" && ev.Before != "" && step.GitRef(ev.Before) == nil:
		return ev.Before, "the commit before the push"
	case gh.EventName == "":
		return "all", "no event: every project"
	}
	return "all", fmt.Sprintf("a %s event: every project", gh.EventName)
}

var errNoConfig = errors.New("no such file at the head")
