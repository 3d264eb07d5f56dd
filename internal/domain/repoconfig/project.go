package repoconfig

import (
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
)

// The default layout's templates: policy.Layout's paths under the
// project's directory.
var (
	DefaultBackend  = path.Join("{dir}", filepath.ToSlash(policy.Layout{Environment: "{env}"}.Backend()))
	DefaultVarFiles = []string{path.Join("{dir}", filepath.ToSlash(policy.Layout{Environment: "{env}"}.VarFile()))}
)

// DefaultEngine runs a project whose configuration names none.
const DefaultEngine = "terraform"

// Project is one root module with its settings resolved: the entry's,
// else the defaults', else the built-in ones.
type Project struct {
	// Name is the entry's name, else Dir.
	Name string
	// Dir is the root module's directory relative to the repository
	// root, slash-separated, "." for the root itself.
	Dir string
	// Environments are the project's environments in promotion order;
	// nil when olympus.yaml names none (the steps' promotion-order input
	// decides).
	Environments policy.Order
	Engine       string
	// EngineGiven is true when olympus.yaml names the engine (the
	// project's entry or the defaults): only then does it override the
	// detection from .opentofu-version.
	EngineGiven bool
	// EngineVersion is a version constraint, "" when not given.
	EngineVersion string
	// BackendTemplate and VarFileTemplates are the layout's templates
	// ({dir} and {env}), relative to the repository root.
	BackendTemplate  string
	VarFileTemplates []string
	// ExtraFiles are globs relative to the repository root, {dir}
	// expanded; one may still hold {env} (see ExtraFilesOf).
	ExtraFiles []string
	// PolicyPath is relative to the repository root, {dir} expanded; ""
	// when not given.
	PolicyPath string
	// Declared is true when olympus.yaml declares the project; Source is
	// then where (olympus.yaml:12).
	Declared bool
	Source   string
}

// Default is the project of dir with no configuration: today's layout.
func Default(dir string) Project {
	dir = cleanRel(dir)
	return Project{Name: dir, Dir: dir, Engine: DefaultEngine, BackendTemplate: DefaultBackend, VarFileTemplates: DefaultVarFiles}
}

func cleanRel(dir string) string {
	dir = path.Clean(filepath.ToSlash(dir))
	if dir == "" || dir == "/" {
		return "."
	}
	return dir
}

// expand fills a template's placeholders.
func expand(t, dir, env string) string {
	return strings.ReplaceAll(strings.ReplaceAll(t, "{dir}", dir), "{env}", env)
}

// repoPath expands a template into a clean path relative to the
// repository root.
func (p Project) repoPath(t, env string) string { return path.Clean(expand(t, p.Dir, env)) }

// Backend is env's backend configuration file, relative to the
// repository root.
func (p Project) Backend(env string) string { return p.repoPath(p.BackendTemplate, env) }

// VarFiles are env's variables files, relative to the repository root.
func (p Project) VarFiles(env string) []string {
	out := make([]string, len(p.VarFileTemplates))
	for i, t := range p.VarFileTemplates {
		out[i] = p.repoPath(t, env)
	}
	return out
}

// EnvDir is the directory that holds only env's files, relative to the
// repository root: the backend file's directory when the template puts
// {env} in it (environments/{env}/), else "".
func (p Project) EnvDir(env string) string {
	dir := path.Dir(p.BackendTemplate)
	if !strings.Contains(dir, "{env}") {
		return ""
	}
	return path.Clean(expand(dir, p.Dir, env))
}

// ExtraFilesOf are the globs of extra files for env: those with {env}
// expanded for it and those without.
func (p Project) ExtraFilesOf(env string) []string {
	out := make([]string, len(p.ExtraFiles))
	for i, g := range p.ExtraFiles {
		out[i] = expand(g, p.Dir, env)
	}
	return out
}

// Layout is env's layout for a step that runs in the project's
// directory: its paths are relative to the root module.
func (p Project) Layout(env string) policy.Layout {
	l := policy.Layout{Environment: env}
	if p.BackendTemplate != DefaultBackend {
		l.BackendPath = p.relative(p.Backend(env))
	}
	if !slices.Equal(p.VarFileTemplates, DefaultVarFiles) {
		l.VarFilePaths = []string{}
		for _, vf := range p.VarFiles(env) {
			l.VarFilePaths = append(l.VarFilePaths, p.relative(vf))
		}
	}
	return l
}

// relative makes a repository path relative to the project's directory,
// in the system's separators as the steps use them.
func (p Project) relative(repoPath string) string {
	rel, err := filepath.Rel(filepath.FromSlash(p.Dir), filepath.FromSlash(repoPath))
	if err != nil {
		return filepath.FromSlash(repoPath)
	}
	return rel
}

// resolve makes the project of dir declared by entry (nil: none).
func (c *Config) resolve(dir string, entry *Entry) (Project, error) {
	p := Default(dir)
	pick := func(key string) (Settings, int, bool) {
		if entry != nil {
			if l, ok := entry.Given(key); ok {
				return entry.Settings, l, true
			}
		}
		if l, ok := c.Defaults.Given(key); ok {
			return c.Defaults, l, true
		}
		return Settings{}, 0, false
	}
	if entry != nil {
		p.Declared = true
		p.Source = fmt.Sprintf("%s:%d", c.File, entry.Line)
		if entry.Name != "" {
			p.Name = entry.Name
		}
	}
	if s, _, ok := pick("environments"); ok {
		p.Environments = policy.MustOrder(strings.Join(s.Environments, ","))
	}
	if s, _, ok := pick("engine"); ok {
		p.Engine, p.EngineGiven = s.Engine, true
	}
	if s, _, ok := pick("engine-version"); ok {
		p.EngineVersion = s.EngineVersion
	}
	backendLine := 0
	if s, l, ok := pick("backend-config"); ok {
		p.BackendTemplate, backendLine = s.Backend, l
	}
	varLine := 0
	if s, l, ok := pick("var-files"); ok {
		p.VarFileTemplates, varLine = s.VarFiles, l
	}
	extraLine := 0
	if s, l, ok := pick("extra-files"); ok {
		extraLine = l
		for _, g := range s.ExtraFiles {
			p.ExtraFiles = append(p.ExtraFiles, strings.ReplaceAll(g, "{dir}", p.Dir))
		}
	}
	policyLine := 0
	if s, l, ok := pick("policy-path"); ok {
		p.PolicyPath, policyLine = path.Clean(expand(s.PolicyPath, p.Dir, "")), l
	}

	fail := func(line int, format string, args ...any) error {
		return &Error{File: c.File, Line: line, Msg: fmt.Sprintf(format, args...)}
	}
	if len(p.Environments) != 1 && !strings.Contains(p.BackendTemplate, "{env}") {
		return p, fail(backendLine, "backend-config %q has no {env}: each environment needs its own backend file, so that environments never share state", p.BackendTemplate)
	}
	// A template may leave the project's directory ({dir}/../shared),
	// never the repository.
	for _, env := range append([]string{"env"}, p.Environments...) {
		if b := p.Backend(env); escapes(b) {
			return p, fail(backendLine, "backend-config of %q is %q, outside the repository; keep the files inside it", p.Name, b)
		}
		for _, vf := range p.VarFiles(env) {
			if escapes(vf) {
				return p, fail(varLine, "var-files of %q has %q, outside the repository; keep the files inside it", p.Name, vf)
			}
		}
		for _, g := range p.ExtraFilesOf(env) {
			if escapes(path.Clean(g)) {
				return p, fail(extraLine, "extra-files of %q has %q, outside the repository; keep the files inside it", p.Name, g)
			}
		}
	}
	if p.PolicyPath != "" && escapes(p.PolicyPath) {
		return p, fail(policyLine, "policy-path of %q is %q, outside the repository; keep it inside", p.Name, p.PolicyPath)
	}
	return p, nil
}

func escapes(p string) bool {
	return p == ".." || strings.HasPrefix(p, "../") || strings.HasPrefix(p, "/")
}

// matches reports whether entry declares dir.
func (e Entry) matches(dir string) bool {
	if !e.Glob() {
		return e.Dir == dir
	}
	if e.Dir == "**" {
		return true
	}
	ok, _ := doublestar.Match(e.Dir, dir)
	return ok
}

// ProjectFor is the project of dir (relative to the repository root):
// the first entry that declares it, else the default project (today's
// layout) with the defaults applied.
func (c *Config) ProjectFor(dir string) (Project, error) {
	dir = cleanRel(dir)
	for i := range c.Entries {
		if c.Entries[i].matches(dir) {
			return c.resolve(dir, &c.Entries[i])
		}
	}
	return c.resolve(dir, nil)
}

// Files is what listing projects needs to know of a repository's files
// (a commit's, or a work tree's): slash-separated paths relative to its
// root.
type Files interface {
	// ModuleDirs are the directories that hold .tf or .tf.json files,
	// "." for the root, sorted.
	ModuleDirs() []string
	// Exists reports whether a file is at path.
	Exists(path string) bool
}

// Problem is an entry that declares no project, to report without
// stopping: a directory with no .tf files, a glob that matches nothing.
type Problem struct {
	Line int
	Msg  string
}

// Projects lists every project of a repository: the directories the
// entries declare (a glob declares those with a backend file for one of
// their environments), or, with no entries, every module directory with
// a backend file. fallback is the environments of a project that names
// none, for finding its backend files.
func (c *Config) Projects(files Files, fallback policy.Order) ([]Project, []Problem, error) {
	var out []Project
	var problems []Problem
	dirs := files.ModuleDirs()
	hasBackend := func(p Project) bool {
		envs := p.Environments
		if envs == nil {
			envs = fallback
		}
		return slices.ContainsFunc(envs, func(e string) bool { return files.Exists(p.Backend(e)) })
	}
	if len(c.Entries) == 0 {
		for _, d := range dirs {
			p, err := c.resolve(d, nil)
			if err != nil {
				return nil, nil, err
			}
			if hasBackend(p) {
				out = append(out, p)
			}
		}
		return out, nil, nil
	}
	taken := map[string]bool{}
	names := map[string]string{}
	for i := range c.Entries {
		e := &c.Entries[i]
		found := 0
		for _, d := range dirs {
			if taken[d] || !e.matches(d) {
				continue
			}
			p, err := c.resolve(d, e)
			if err != nil {
				return nil, nil, err
			}
			if e.Glob() && !hasBackend(p) {
				continue
			}
			taken[d] = true
			found++
			if other, dup := names[p.Name]; dup {
				return nil, nil, &Error{File: c.File, Line: e.Line, Msg: fmt.Sprintf("two projects are named %q (directories %q and %q); give them different names", p.Name, other, d)}
			}
			names[p.Name] = d
			out = append(out, p)
		}
		if found == 0 && !taken[e.Dir] {
			what := fmt.Sprintf("dir %q holds no .tf file", e.Dir)
			if e.Glob() {
				what = fmt.Sprintf("dir %q matches no directory with .tf files and a backend file", e.Dir)
			}
			problems = append(problems, Problem{Line: e.Line, Msg: what + ": it declares no project"})
		}
	}
	slices.SortFunc(out, func(a, b Project) int { return strings.Compare(a.Dir, b.Dir) })
	return out, problems, nil
}
