package validate

import (
	"context"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/olympus-cloud/deploy-actions/internal/domain/repoconfig"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// EnvVars is one environment of a root module with its variables files,
// relative to the module, in the order terraform reads them (only those
// that exist).
type EnvVars struct {
	Env      string
	VarFiles []string
}

// Layouts finds the environments of each root module: from olympus.yaml
// when the repository has one, else environments/<env>/terraform.tfvars
// (today's layout). The zero value, or nil, is today's layout.
type Layouts struct {
	// Config is the repository's configuration; nil: none.
	Config *repoconfig.Config
	// Workspace is the repository root, which the configuration's paths
	// start at.
	Workspace string
}

type layoutsKey struct{}

// WithLayouts gives the checks that run per environment (tflint, the
// security scan) the layouts, through the context their interfaces pass.
func WithLayouts(ctx context.Context, l *Layouts) context.Context {
	return context.WithValue(ctx, layoutsKey{}, l)
}

func layoutsOf(ctx context.Context) *Layouts {
	l, _ := ctx.Value(layoutsKey{}).(*Layouts)
	return l
}

// Environments lists mod's environments, sorted.
func (l *Layouts) Environments(mod string) ([]EnvVars, error) {
	if l == nil || l.Config == nil {
		return defaultEnvironments(mod)
	}
	rel, err := filepath.Rel(l.Workspace, mod)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return defaultEnvironments(mod)
	}
	p, err := l.Config.ProjectFor(filepath.ToSlash(rel))
	if err != nil {
		return nil, err
	}
	if p.Environments == nil && slices.Equal(p.VarFileTemplates, repoconfig.DefaultVarFiles) && p.BackendTemplate == repoconfig.DefaultBackend {
		return defaultEnvironments(mod)
	}
	envs := []string(p.Environments)
	if envs == nil {
		envs = discover(l.Workspace, p)
	}
	var out []EnvVars
	for _, env := range envs {
		ev := EnvVars{Env: env}
		for _, vf := range p.VarFiles(env) {
			if _, err := os.Stat(filepath.Join(l.Workspace, filepath.FromSlash(vf))); err == nil {
				r, _ := filepath.Rel(filepath.FromSlash(p.Dir), filepath.FromSlash(vf))
				ev.VarFiles = append(ev.VarFiles, r)
			}
		}
		_, berr := os.Stat(filepath.Join(l.Workspace, filepath.FromSlash(p.Backend(env))))
		if len(ev.VarFiles) > 0 || berr == nil {
			out = append(out, ev)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Env < out[j].Env })
	return out, nil
}

// discover finds the environments of a project that olympus.yaml gives
// none: those whose backend file (or first variables file) is there,
// the template's {env} read back from the paths found.
func discover(workspace string, p repoconfig.Project) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range append([]string{p.BackendTemplate}, p.VarFileTemplates...) {
		t = path.Clean(strings.ReplaceAll(t, "{dir}", p.Dir))
		if !strings.Contains(t, "{env}") {
			continue
		}
		re := regexp.MustCompile("^" + strings.ReplaceAll(regexp.QuoteMeta(t), regexp.QuoteMeta("{env}"), "([a-z0-9][a-z0-9_-]*)") + "$")
		matches, _ := filepath.Glob(filepath.Join(workspace, filepath.FromSlash(strings.ReplaceAll(t, "{env}", "*"))))
		for _, m := range matches {
			r, err := filepath.Rel(workspace, m)
			if err != nil {
				continue
			}
			if sub := re.FindStringSubmatch(filepath.ToSlash(r)); sub != nil && !seen[sub[1]] {
				seen[sub[1]] = true
				out = append(out, sub[1])
			}
		}
	}
	return out
}

// defaultEnvironments is today's layout: environments/<env>/terraform.tfvars.
func defaultEnvironments(mod string) ([]EnvVars, error) {
	envs, err := environments(mod)
	var out []EnvVars
	for _, e := range envs {
		out = append(out, EnvVars{Env: e, VarFiles: []string{filepath.Join("environments", e, "terraform.tfvars")}})
	}
	return out, err
}

// layouts reads olympus.yaml for the validator: each root module's
// environments and variables files, and the working directory's project
// (its engine). A malformed file is bad input at file:line.
func layouts(rt *step.Runtime, v *Validator) (repoconfig.Project, error) {
	cfg, err := repoconfig.LoadForStep(rt.Workspace())
	if err != nil {
		return repoconfig.Project{}, err
	}
	proj, err := repoconfig.ForStep(rt.Workspace(), v.Dir)
	if err != nil {
		return proj, err
	}
	if cfg.File != "" {
		ws := rt.Workspace()
		if r, err := filepath.EvalSymlinks(ws); err == nil {
			ws = r
		}
		v.Layouts = &Layouts{Config: cfg, Workspace: ws}
	}
	return proj, nil
}
