// Package targets is the targets step: from a pull request's base to its
// head, the projects (root modules) and environments whose plan can
// change, as a GitHub Actions matrix, with why each was chosen, what the
// head no longer plans, and which projects read another's state.
//
// The step reads commits, never the work tree: files and their contents
// come from git (ls-tree, diff -M, cat-file), olympus.yaml from the head
// (internal/domain/repoconfig), and each module's calls from its HCL, parsed
// once (modules.go). The choice itself is pure (select.go, order.go).
package targets

import (
	"context"
	"fmt"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/olympus-cloud/deploy-actions/internal/domain/repoconfig"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// Finder runs one targets step.
type Finder struct {
	Config Config
	Git    Git
	Report step.Reporter
}

// commit is one side of the comparison: its files, configuration and
// projects.
type commit struct {
	id       string
	tree     *Tree
	config   *repoconfig.Config
	projects []*Planned
}

// Process finds the targets and reports them.
func (f *Finder) Process(ctx context.Context) error {
	cfg := f.Config
	read := &reader{ctx: ctx, git: f.Git, cache: map[string][]byte{}}

	out := &outcome{cfg: cfg}
	head, err := f.load(ctx, cfg.Head)
	if err != nil {
		return err
	}
	// A bad olympus.yaml is bad input, found before anything is written.
	if head.config, err = f.headConfig(head, read); err != nil {
		return err
	}
	if err := f.list(head, out, true); err != nil {
		return err
	}
	graph := &Graph{Load: func(dir string) *Module { return loadModule(head.tree, dir, read) }}
	if err := readModules(head, graph, read); err != nil {
		return err
	}
	for _, p := range head.projects {
		p.Uses = graph.Uses(p.Dir)
	}

	sel := Selection{All: cfg.All, ConfigFile: cfg.ConfigFile, Head: head.projects, Links: links(head.tree, read),
		HeadModuleDirs: dirSet(head.tree.ModuleDirs())}
	sel.ModuleDirs = sel.HeadModuleDirs
	if cfg.All == "" {
		base, err := f.load(ctx, cfg.Base)
		if err != nil {
			return err
		}
		base.config = f.baseConfig(base, head.config, read, out)
		if err := f.list(base, out, false); err != nil {
			return err
		}
		sel.Base = base.projects
		sel.ModuleDirs = dirSet(append(slices.Clone(head.tree.ModuleDirs()), base.tree.ModuleDirs()...))
		if sel.Changes, err = f.Git.Diff(ctx, cfg.Base, cfg.Head); err != nil {
			return err
		}
		out.changes = len(sel.Changes)
	}
	res := Select(sel)
	out.targets, out.removed = res.Targets, res.Removed
	modules := graph.Read()
	for _, dir := range slices.Sorted(maps.Keys(modules)) {
		for _, p := range modules[dir].Problems {
			out.note(fmt.Sprintf("module %s: hcl could not read it all (its calls that could be read are followed): %s", code(dir), p))
		}
	}
	out.deps = relevant(Dependencies(states(head, graph, read, out)), res.Targets)
	return f.report(out)
}

// load lists a commit's files.
func (f *Finder) load(ctx context.Context, id string) (*commit, error) {
	entries, err := f.Git.Tree(ctx, id)
	if err != nil {
		return nil, err
	}
	return &commit{id: id, tree: NewTree(entries)}, nil
}

// headConfig parses the head's olympus.yaml; a malformed one is bad input
// at file:line, each problem also annotated on its line.
func (f *Finder) headConfig(head *commit, read *reader) (*repoconfig.Config, error) {
	cfg := f.Config
	if !head.tree.Exists(cfg.ConfigFile) {
		if cfg.ConfigGiven {
			return nil, step.InputError("config", cfg.ConfigFile, fmt.Errorf("%w %s; name the repository configuration's path from the repository root, or leave it empty", errNoConfig, short(head.id)))
		}
		return &repoconfig.Config{}, nil
	}
	data, err := read.file(head.tree, cfg.ConfigFile)
	if err != nil {
		return nil, fmt.Errorf("failed to read %s: %w", cfg.ConfigFile, err)
	}
	c, err := repoconfig.Parse(cfg.ConfigFile, data)
	if err != nil {
		return nil, f.configError(err)
	}
	return c, nil
}

// configError annotates each problem of the configuration on its line and
// makes the whole bad input.
func (f *Finder) configError(err error) error {
	for _, e := range repoconfig.AsErrors(err) {
		f.Report.Annotate(step.Annotation{Level: "error", File: e.File, Line: e.Line, Title: "olympus: " + repoconfig.FileName, Message: e.Msg})
	}
	return step.InputError("config", f.Config.ConfigFile, fmt.Errorf("%v\nfix the file (its schema is in the README: The repository configuration)", err))
}

// baseConfig is the base's configuration; one the base cannot give (a
// malformed file) is replaced by the head's, and said.
func (f *Finder) baseConfig(base *commit, head *repoconfig.Config, read *reader, out *outcome) *repoconfig.Config {
	if !base.tree.Exists(f.Config.ConfigFile) {
		return &repoconfig.Config{}
	}
	data, err := read.file(base.tree, f.Config.ConfigFile)
	if err == nil {
		var c *repoconfig.Config
		if c, err = repoconfig.Parse(f.Config.ConfigFile, data); err == nil {
			return c
		}
	}
	out.note(fmt.Sprintf("%s at the base cannot be read (%v): the base's projects are listed with the head's", code(f.Config.ConfigFile), err))
	return head
}

// list makes a commit's projects, in the working directory, with the
// environments to plan.
func (f *Finder) list(c *commit, out *outcome, isHead bool) error {
	cfg := f.Config
	ps, problems, err := c.config.Projects(c.tree, cfg.Order)
	if err != nil {
		if !isHead {
			out.note(fmt.Sprintf("the base's projects cannot be listed (%v): removed projects are not looked for", err))
			return nil
		}
		return f.configError(err)
	}
	if isHead {
		for _, p := range problems {
			f.Report.Annotate(step.Annotation{Level: "warning", File: c.config.File, Line: p.Line, Title: "olympus: " + repoconfig.FileName, Message: p.Msg})
			out.note(fmt.Sprintf("%s:%d: %s", code(c.config.File), p.Line, p.Msg))
		}
	}
	for _, p := range ps {
		if !within(cfg.Dir, p.Dir) {
			continue
		}
		// Environments olympus.yaml names are expected; those of the
		// fallback order are planned where they are.
		envs, missing := PlanEnvs(p, cfg.Order, cfg.Only, c.tree.Exists)
		if isHead && len(missing) > 0 && p.Environments != nil {
			for _, e := range missing {
				out.note(fmt.Sprintf("%s: %s is not planned: it has no backend file %s", code(p.Name), e, code(p.Backend(e))))
			}
		}
		if len(envs) > 0 {
			c.projects = append(c.projects, &Planned{Project: p, Envs: envs})
		}
	}
	return nil
}

// loadModule reads the Terraform files directly in dir. A file that is a
// symbolic link is read from its target when that is a file of the
// commit.
func loadModule(t *Tree, dir string, read *reader) *Module {
	var files []File
	var problems []string
	for _, p := range t.Files(dir) {
		if !isTerraform(p) {
			continue
		}
		src := p
		if link, ok := t.Links()[p]; ok && link != "" {
			if to, ok := linkTarget(t, p, read); ok {
				src = to
			}
		}
		data, err := read.file(t, src)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", p, err))
			continue
		}
		files = append(files, File{Name: p, Data: data})
	}
	m := ParseModule(dir, files)
	m.Problems = append(problems, m.Problems...)
	return m
}

// linkTarget is where a symbolic link of the commit points, from the
// repository root, when that stays inside it.
func linkTarget(t *Tree, link string, read *reader) (string, bool) {
	data, err := read.blob(t.Links()[link])
	if err != nil || len(data) == 0 || strings.HasPrefix(string(data), "/") {
		return "", false
	}
	to := path.Join(path.Dir(link), string(data))
	if to == ".." || strings.HasPrefix(to, "../") {
		return "", false
	}
	return to, true
}

// links are the commit's symbolic links that point inside it, by path.
func links(t *Tree, read *reader) map[string]string {
	out := map[string]string{}
	var blobs []string
	for _, b := range t.Links() {
		blobs = append(blobs, b)
	}
	read.prefetch(blobs)
	for link := range t.Links() {
		if to, ok := linkTarget(t, link, read); ok {
			out[link] = to
		}
	}
	return out
}

func dirSet(dirs []string) func(string) bool {
	set := make(map[string]bool, len(dirs))
	for _, d := range dirs {
		set[d] = true
	}
	return func(d string) bool { return set[d] }
}

// states gathers the states each project reads and where its own are,
// when any project reads one.
func states(head *commit, g *Graph, read *reader, out *outcome) []States {
	if !slices.ContainsFunc(head.projects, func(p *Planned) bool { return len(g.Module(p.Dir).StateReads) > 0 }) {
		return nil
	}
	var backends []string
	for _, p := range head.projects {
		for _, env := range p.Envs {
			backends = append(backends, head.tree.Blob(p.Backend(env)))
		}
	}
	read.prefetch(backends)
	var all []States
	for _, p := range head.projects {
		m := g.Module(p.Dir)
		s := States{Project: p, Reads: m.StateReads, Backends: map[string]Backend{}}
		for _, env := range p.Envs {
			b := Backend{Type: "local", Config: map[string]Value{}}
			if m.Backend != nil {
				b.Type = m.Backend.Type
				for k, v := range m.Backend.Config {
					b.Config[k] = v
				}
			}
			data, err := read.file(head.tree, p.Backend(env))
			if err == nil {
				var file map[string]Value
				if file, err = ParseBackendFile(p.Backend(env), data); err == nil {
					for k, v := range file {
						b.Config[k] = v
					}
				}
			}
			if err != nil {
				out.note(fmt.Sprintf("%s: its backend file %s cannot be read (%v): which projects read its %s state is not known", code(p.Name), code(p.Backend(env)), err, env))
			}
			s.Backends[env] = b
		}
		all = append(all, s)
	}
	return all
}

// relevant keeps the dependencies with a target at one end.
func relevant(deps []Dependency, targets []*Target) []Dependency {
	targeted := map[*Planned]bool{}
	for _, t := range targets {
		targeted[t.Project] = true
	}
	var out []Dependency
	for _, d := range deps {
		if targeted[d.Reader] || targeted[d.Read] {
			out = append(out, d)
		}
	}
	return out
}

// safeName is what a project's name and directory may hold to go into the
// matrix: workflows put matrix values into run: scripts and paths, where
// quotes, $, backticks, spaces or newlines would be code.
var safeName = regexp.MustCompile(`^[A-Za-z0-9._/@+-]+$`)

// refusal says why the matrix is not given, "" when it is.
func refusal(cfg Config, targets []*Target) error {
	var unsafe []string
	for _, t := range targets {
		for _, s := range []string{t.Project.Name, t.Project.Dir} {
			if !safeName.MatchString(s) && !slices.Contains(unsafe, s) {
				unsafe = append(unsafe, s)
			}
		}
	}
	switch {
	case len(unsafe) > 0:
		return fmt.Errorf("no matrix: the project names or directories %q hold characters other than letters, digits and . _ / @ + -, which a workflow would run as code "+
			"where it puts matrix values in a script; rename them, or name the projects in %s", unsafe, repoconfig.FileName)
	case len(targets) > cfg.MaxTargets:
		return fmt.Errorf("no matrix: %d targets, more than max-targets (%d; GitHub makes at most %d jobs of one matrix); split the run: one targets step per "+
			"environment (input environments) or per directory (input working-directory), each feeding its own matrix job", len(targets), cfg.MaxTargets, MatrixLimit)
	}
	return nil
}

// reader reads files of the commits through git, many at a time, each
// once.
type reader struct {
	ctx   context.Context
	git   Git
	cache map[string][]byte
}

// prefetch reads the blobs not read yet in one go; what fails is read
// again, alone, when asked for.
func (r *reader) prefetch(blobs []string) {
	var want []string
	seen := map[string]bool{}
	for _, b := range blobs {
		if _, ok := r.cache[b]; !ok && b != "" && !seen[b] {
			want = append(want, b)
			seen[b] = true
		}
	}
	data, err := r.git.Read(r.ctx, want)
	if err != nil {
		return
	}
	for i, b := range want {
		r.cache[b] = data[i]
	}
}

func (r *reader) blob(b string) ([]byte, error) {
	if data, ok := r.cache[b]; ok {
		return data, nil
	}
	data, err := r.git.Read(r.ctx, []string{b})
	if err != nil {
		return nil, err
	}
	r.cache[b] = data[0]
	return data[0], nil
}

// file reads the regular file at p.
func (r *reader) file(t *Tree, p string) ([]byte, error) {
	b := t.Blob(p)
	if b == "" {
		return nil, fmt.Errorf("%s is not a regular file of the commit", p)
	}
	return r.blob(b)
}

// readModules reads the module graph of the head's projects level by
// level, each level's files in one read: the roots, the modules they
// call, the modules those call.
func readModules(head *commit, g *Graph, read *reader) error {
	var level []string
	seen := map[string]bool{}
	for _, p := range head.projects {
		if !seen[p.Dir] {
			seen[p.Dir] = true
			level = append(level, p.Dir)
		}
	}
	for len(level) > 0 {
		var blobs []string
		for _, dir := range level {
			for _, f := range head.tree.Files(dir) {
				if isTerraform(f) {
					blobs = append(blobs, head.tree.Blob(f))
				}
			}
		}
		read.prefetch(blobs)
		if err := read.ctx.Err(); err != nil {
			return err
		}
		var next []string
		for _, dir := range level {
			for _, c := range g.Module(dir).Calls {
				if !seen[c.Dir] {
					seen[c.Dir] = true
					next = append(next, c.Dir)
				}
			}
		}
		level = next
	}
	return nil
}
