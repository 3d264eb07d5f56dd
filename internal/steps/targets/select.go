package targets

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
	"github.com/olympus-cloud/deploy-actions/internal/domain/repoconfig"
)

// Planned is a project as one commit has it: the environments planned
// and the local modules its root calls.
type Planned struct {
	repoconfig.Project
	// Envs are the environments planned: the project's (or the fallback
	// order) that have a backend file, in promotion order.
	Envs []string
	// Uses are the local modules the root calls, transitively.
	Uses []Use
}

// Use is a local module a root module calls.
type Use struct {
	Dir string
	// Via are the modules between the root and Dir, in call order.
	Via []string
}

// Kind is why a target is chosen.
type Kind string

const (
	KindAll         Kind = "all"
	KindRoot        Kind = "root module"
	KindModule      Kind = "module"
	KindEnvironment Kind = "environment"
	KindLock        Kind = "lock file"
	KindPin         Kind = "version pin"
	KindExtra       Kind = "extra file"
	KindConfig      Kind = "configuration"
)

// Reason is one change that can change a target's plan.
type Reason struct {
	Kind Kind
	// File is the changed file.
	File string
	// From is where File was before a rename; To is where a file renamed
	// away from the project went.
	From, To string
	// Module is the called module's directory (KindModule), and Via the
	// modules between the root and it.
	Module string
	Via    []string
	// Link is the symbolic link through which the project reads File.
	Link string
	// Note says more: the all's why, the settings that changed.
	Note string
}

// Target is one project in one environment to plan.
type Target struct {
	Project     *Planned
	Environment string
	Reasons     []Reason
}

// Removed is a project, or some of its environments, that the base had
// and the head does not plan: what it created is still in its state.
type Removed struct {
	Project *Planned // as the base had it
	Envs    []string
	// Kept is true when the head still has the project, without these
	// environments.
	Kept bool
	// Remains is true when the directory still holds Terraform files at
	// the head (olympus.yaml no longer declares it, or its backend files
	// are gone).
	Remains bool
	// MovedTo is the head project the root module's files were renamed
	// into; SameState is true when every removed environment's backend
	// file moved with them unchanged, so the moved project plans against
	// the same state.
	MovedTo   string
	SameState bool
}

// Selection is what the choice is made from.
type Selection struct {
	// All, when set, makes every planned environment of every project a
	// target, and says why.
	All     string
	Changes []Change
	// ConfigFile is olympus.yaml's path.
	ConfigFile string
	Head, Base []*Planned
	// ModuleDirs tells the directories with Terraform files at the head
	// or the base; HeadModuleDirs at the head only.
	ModuleDirs, HeadModuleDirs func(dir string) bool
	// Links are the head's symbolic links: their targets by link path,
	// from the repository root.
	Links map[string]string
}

// Result is the choice.
type Result struct {
	Targets []*Target
	Removed []*Removed
}

// versionPins are the files that choose a root module's engine version,
// in its directory or a parent (tfenv, tofuenv, asdf and mise read them
// so).
var versionPins = []string{".terraform-version", ".opentofu-version", ".tool-versions"}

// LockFile is the dependency lock file of a root module.
const LockFile = ".terraform.lock.hcl"

// ignoredFiles are files in a module's directory that no plan reads.
func ignored(rel string) bool {
	parts := strings.Split(rel, "/")
	for _, d := range parts[:len(parts)-1] {
		if strings.HasPrefix(d, ".") {
			return true // .github/, .terraform/, .vscode/
		}
	}
	base := parts[len(parts)-1]
	return strings.HasSuffix(base, ".md") || base == ".gitignore" || base == ".gitattributes" || base == ".tflint.hcl"
}

// PlanEnvs are the environments of p to plan: its own (else fallback)
// that only keeps, each with a backend file; missing are the others.
func PlanEnvs(p repoconfig.Project, fallback policy.Order, only []string, exists func(string) bool) (envs, missing []string) {
	order := p.Environments
	if order == nil {
		order = fallback
	}
	for _, e := range order {
		if only != nil && !slices.Contains(only, e) {
			continue
		}
		if exists(p.Backend(e)) {
			envs = append(envs, e)
		} else {
			missing = append(missing, e)
		}
	}
	return envs, missing
}

type projEnv struct {
	p   *Planned
	env string
}

type user struct {
	p   *Planned
	use Use
}

type selector struct {
	s        Selection
	byDir    map[string]*Planned
	users    map[string][]user
	envFiles map[string][]projEnv
	envDirs  map[string][]projEnv
	extras   []*Planned
	linksTo  map[string][]string
	targets  map[projEnv]*Target
	envRE    map[*Planned]*regexp.Regexp
}

// Select chooses the projects × environments whose plan the changes can
// change, and finds what the head no longer plans.
func Select(s Selection) Result {
	sel := &selector{s: s, byDir: map[string]*Planned{}, users: map[string][]user{}, envFiles: map[string][]projEnv{},
		envDirs: map[string][]projEnv{}, linksTo: map[string][]string{}, targets: map[projEnv]*Target{}, envRE: map[*Planned]*regexp.Regexp{}}
	if s.All != "" {
		for _, p := range s.Head {
			for _, env := range p.Envs {
				sel.add(p, env, Reason{Kind: KindAll, Note: s.All})
			}
		}
		return sel.result(nil)
	}
	for _, p := range s.Head {
		sel.byDir[p.Dir] = p
		for _, u := range p.Uses {
			sel.users[u.Dir] = append(sel.users[u.Dir], user{p, u})
		}
		for _, env := range p.Envs {
			pe := projEnv{p, env}
			sel.envFiles[p.Backend(env)] = append(sel.envFiles[p.Backend(env)], pe)
			for _, vf := range p.VarFiles(env) {
				sel.envFiles[vf] = append(sel.envFiles[vf], pe)
			}
			if d := p.EnvDir(env); d != "" {
				sel.envDirs[d] = append(sel.envDirs[d], pe)
			}
		}
		if len(p.ExtraFiles) > 0 {
			sel.extras = append(sel.extras, p)
		}
	}
	for link, to := range s.Links {
		sel.linksTo[to] = append(sel.linksTo[to], link)
	}
	for _, c := range s.Changes {
		switch c.Status {
		case 'R':
			sel.classify(c.Path, Reason{File: c.Path, From: c.From})
			sel.classify(c.From, Reason{File: c.From, To: c.Path})
		default:
			sel.classify(c.Path, Reason{File: c.Path})
		}
		if c.Path == s.ConfigFile {
			sel.configChanged()
		}
	}
	return sel.result(sel.removed())
}

func (sel *selector) add(p *Planned, env string, r Reason) {
	k := projEnv{p, env}
	t := sel.targets[k]
	if t == nil {
		t = &Target{Project: p, Environment: env}
		sel.targets[k] = t
	}
	if !slices.ContainsFunc(t.Reasons, func(o Reason) bool {
		return o.Kind == r.Kind && o.File == r.File && o.Module == r.Module && o.Link == r.Link
	}) {
		t.Reasons = append(t.Reasons, r)
	}
}

func (sel *selector) addAll(p *Planned, r Reason) {
	for _, env := range p.Envs {
		sel.add(p, env, r)
	}
}

// classify finds the targets a changed file can re-plan, and those that
// read it through a symbolic link.
func (sel *selector) classify(file string, r Reason) {
	sel.classifyAt(file, r)
	for to, links := range sel.linksTo {
		rest, ok := strings.CutPrefix(file, to)
		if !ok || (rest != "" && !strings.HasPrefix(rest, "/")) {
			continue
		}
		for _, link := range links {
			lr := r
			lr.Link = link
			sel.classifyAt(link+rest, lr)
		}
	}
}

// classifyAt judges a file as found at p: an environment's files first,
// then version pins, extra files, and the module directory it is in. A
// project the file is found to matter to in one way is not judged again.
func (sel *selector) classifyAt(p string, r Reason) {
	claimed := map[*Planned]bool{}
	with := func(k Kind) Reason { r2 := r; r2.Kind = k; return r2 }
	envFile := func(pe projEnv) {
		sel.add(pe.p, pe.env, with(KindEnvironment))
		claimed[pe.p] = true
	}
	for _, pe := range sel.envFiles[p] {
		envFile(pe)
	}
	for d := path.Dir(p); ; d = path.Dir(d) {
		for _, pe := range sel.envDirs[d] {
			envFile(pe)
		}
		if d == "." {
			break
		}
	}
	if slices.Contains(versionPins, path.Base(p)) {
		dir := path.Dir(p)
		for _, proj := range sel.s.Head {
			if !claimed[proj] && within(dir, proj.Dir) {
				sel.addAll(proj, with(KindPin))
				claimed[proj] = true
			}
		}
	}
	for _, proj := range sel.extras {
		if claimed[proj] {
			continue
		}
		for _, env := range proj.Envs {
			for _, g := range proj.ExtraFilesOf(env) {
				if ok, _ := doublestar.Match(g, p); ok {
					sel.add(proj, env, with(KindExtra))
					claimed[proj] = true
				}
			}
		}
	}
	owner := sel.owner(p)
	if owner == "" || ignored(strings.TrimPrefix(p, owner+"/")) {
		return
	}
	// A file of an environment that is not planned (environments/qa/ when
	// qa is not one of the project's) re-plans nothing.
	if proj := sel.byDir[owner]; proj != nil && !claimed[proj] && !sel.envSpecific(proj, p) {
		k := KindRoot
		if path.Base(p) == LockFile && path.Dir(p) == owner {
			k = KindLock
		}
		sel.addAll(proj, with(k))
		claimed[proj] = true
	}
	for _, u := range sel.users[owner] {
		if !claimed[u.p] {
			mr := with(KindModule)
			mr.Module, mr.Via = owner, u.use.Via
			sel.addAll(u.p, mr)
			claimed[u.p] = true
		}
	}
}

// envSpecific reports whether p is where the project's layout puts one
// environment's files, for any environment name.
func (sel *selector) envSpecific(proj *Planned, p string) bool {
	re, ok := sel.envRE[proj]
	if !ok {
		var alts []string
		templates := append([]string{proj.BackendTemplate}, proj.VarFileTemplates...)
		if d := path.Dir(proj.BackendTemplate); strings.Contains(d, "{env}") {
			templates = append(templates, d+"/**")
		}
		for _, t := range templates {
			if !strings.Contains(t, "{env}") {
				continue
			}
			t = path.Clean(strings.ReplaceAll(t, "{dir}", proj.Dir))
			q := regexp.QuoteMeta(t)
			q = strings.ReplaceAll(q, regexp.QuoteMeta("{env}"), "[^/]+")
			q = strings.ReplaceAll(q, regexp.QuoteMeta("**"), ".*")
			alts = append(alts, q)
		}
		if len(alts) > 0 {
			re = regexp.MustCompile("^(?:" + strings.Join(alts, "|") + ")$")
		}
		sel.envRE[proj] = re
	}
	return re != nil && re.MatchString(p)
}

// owner is the deepest directory above p with Terraform files, "" when
// none is.
func (sel *selector) owner(p string) string {
	for d := path.Dir(p); ; d = path.Dir(d) {
		if sel.s.ModuleDirs(d) {
			return d
		}
		if d == "." {
			return ""
		}
	}
}

// within reports whether dir is parent or p itself.
func within(parent, p string) bool {
	return parent == "." || p == parent || strings.HasPrefix(p, parent+"/")
}

// settings is what of a project's configuration changes its plan in env.
func settings(p *Planned, env string) string {
	return fmt.Sprintf("%q %q %q %q %q %q %q", p.Name, p.Engine, p.EngineVersion, p.Backend(env), p.VarFiles(env), p.ExtraFilesOf(env), p.PolicyPath)
}

// configChanged re-plans what olympus.yaml's change changes: a project's
// settings in an environment, or an environment or project it adds.
func (sel *selector) configChanged() {
	base := map[string]*Planned{}
	for _, b := range sel.s.Base {
		base[b.Dir] = b
	}
	for _, p := range sel.s.Head {
		b := base[p.Dir]
		for _, env := range p.Envs {
			r := Reason{Kind: KindConfig, File: sel.s.ConfigFile}
			switch {
			case b == nil:
				r.Note = "declares the project"
			case !slices.Contains(b.Envs, env):
				r.Note = "adds the environment"
			case settings(p, env) != settings(b, env):
				r.Note = "changes the project's settings"
			default:
				continue
			}
			sel.add(p, env, r)
		}
	}
}

// removed finds the environments the base planned and the head does not.
func (sel *selector) removed() []*Removed {
	var out []*Removed
	for _, b := range sel.s.Base {
		h := sel.byDir[b.Dir]
		rm := &Removed{Project: b, Kept: h != nil, Remains: sel.s.HeadModuleDirs(b.Dir)}
		for _, env := range b.Envs {
			if h == nil || !slices.Contains(h.Envs, env) {
				rm.Envs = append(rm.Envs, env)
			}
		}
		if len(rm.Envs) == 0 {
			continue
		}
		if h == nil {
			sel.moved(rm)
		}
		out = append(out, rm)
	}
	return out
}

// moved finds where a removed root module's files were renamed to: the
// head project most of them went into.
func (sel *selector) moved(rm *Removed) {
	b := rm.Project
	counts := map[string]int{}
	for _, c := range sel.s.Changes {
		if c.Status != 'R' || !within(b.Dir, c.From) {
			continue
		}
		if o := sel.owner(c.Path); sel.byDir[o] != nil {
			counts[o]++
		}
	}
	best := 0
	for dir, n := range counts {
		if n > best || (n == best && dir < rm.MovedTo) {
			rm.MovedTo, best = dir, n
		}
	}
	if rm.MovedTo == "" {
		return
	}
	to := sel.byDir[rm.MovedTo]
	rm.SameState = true
	for _, env := range rm.Envs {
		if !slices.Contains(to.Envs, env) || !slices.ContainsFunc(sel.s.Changes, func(c Change) bool {
			return c.Status == 'R' && c.Score == 100 && c.From == b.Backend(env) && c.Path == to.Backend(env)
		}) {
			rm.SameState = false
		}
	}
}

// result orders the targets by project directory, then promotion order.
func (sel *selector) result(removed []*Removed) Result {
	var out []*Target
	for _, t := range sel.targets {
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b *Target) int {
		if c := strings.Compare(a.Project.Dir, b.Project.Dir); c != 0 {
			return c
		}
		return slices.Index(a.Project.Envs, a.Environment) - slices.Index(b.Project.Envs, b.Environment)
	})
	return Result{Targets: out, Removed: removed}
}
