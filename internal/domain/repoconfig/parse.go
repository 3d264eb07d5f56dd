package repoconfig

import (
	"errors"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/hashicorp/go-version"
	"gopkg.in/yaml.v3"

	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
)

// FileName is the repository configuration's name, at the repository root.
const FileName = "olympus.yaml"

// Version is the schema version this package reads.
const Version = 1

// Engines are the engines a project may run.
var Engines = []string{"terraform", "tofu"}

// Config is a parsed olympus.yaml; the zero Config (no file) is the
// default: every project with today's layout.
type Config struct {
	// File is the file's path as it was read, "" when there is none.
	File     string
	Version  int
	Defaults Settings
	// Entries are the projects as declared; none means every directory
	// with .tf files and a backend file is a project.
	Entries []Entry
}

// Settings are what the defaults and each project entry may set. A field
// that is not given inherits (see Given).
type Settings struct {
	Environments  []string
	Engine        string
	EngineVersion string
	Backend       string
	VarFiles      []string
	ExtraFiles    []string
	PolicyPath    string
	// lines are the line of each key given, by key.
	lines map[string]int
}

// Given reports whether key (as written in the file, such as var-files)
// was given, and its line.
func (s Settings) Given(key string) (int, bool) {
	l, ok := s.lines[key]
	return l, ok
}

// Entry is one item of projects.
type Entry struct {
	// Dir is a directory or a glob (*, **, ?, [a-z], {a,b}).
	Dir  string
	Name string
	// Line and Column are where the entry starts.
	Line, Column int
	Settings
}

// Glob reports whether the entry names directories by a pattern.
func (e Entry) Glob() bool { return isGlob(e.Dir) }

func isGlob(s string) bool { return strings.ContainsAny(s, "*?[{") }

// Error is a problem in the configuration at a line of it.
type Error struct {
	File         string
	Line, Column int
	Msg          string
}

func (e *Error) Error() string {
	switch {
	case e.Line > 0 && e.Column > 0:
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Msg)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Errors are every problem found in one file, in the file's order.
type Errors []*Error

func (es Errors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

// AsErrors returns the configuration problems err holds, or nil.
func AsErrors(err error) Errors {
	var es Errors
	if errors.As(err, &es) {
		return es
	}
	var e *Error
	if errors.As(err, &e) {
		return Errors{e}
	}
	return nil
}

var (
	topKeys     = []string{"version", "defaults", "projects"}
	settingKeys = []string{"environments", "engine", "engine-version", "backend-config", "var-files", "extra-files", "policy-path"}
	entryKeys   = append([]string{"dir", "name"}, settingKeys...)
	nameRE      = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._/@+-]{0,127}$`) })
	yamlLineRE  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^yaml: line (\d+): (.*)$`) })
)

// Parse reads an olympus.yaml. file names it in errors. Every problem is
// reported, each at its line, as Errors.
func Parse(file string, data []byte) (*Config, error) {
	p := &parser{file: file}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, Errors{p.yamlError(err)}
	}
	c := &Config{File: file}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, Errors{{File: file, Line: 1, Msg: "the file is empty; start it with version: 1"}}
	}
	root := deref(doc.Content[0])
	if root.Kind != yaml.MappingNode {
		return nil, Errors{p.at(root, "the file must be a mapping of version, defaults and projects, such as version: 1")}
	}
	versionSeen := false
	p.mapping(root, "the file", topKeys, func(key string, k, v *yaml.Node) {
		switch key {
		case "version":
			versionSeen = true
			n, err := strconv.Atoi(v.Value)
			if v.Kind != yaml.ScalarNode || err != nil {
				p.errs = append(p.errs, p.at(v, "version must be a number: version: 1"))
				return
			}
			if n != Version {
				p.errs = append(p.errs, p.at(v, fmt.Sprintf("version %d is not supported: this olympus reads version %d; write version: %d or upgrade olympus", n, Version, Version)))
				return
			}
			c.Version = n
		case "defaults":
			c.Defaults = p.settings(v, "defaults", settingKeys)
		case "projects":
			c.Entries = p.entries(v)
		}
	})
	if !versionSeen {
		p.errs = append(p.errs, &Error{File: file, Line: root.Line, Column: root.Column, Msg: "version is missing; start the file with version: 1"})
	}
	p.checkNames(c.Entries)
	if len(p.errs) > 0 {
		return nil, p.errs
	}
	return c, nil
}

type parser struct {
	file string
	errs Errors
}

func (p *parser) at(n *yaml.Node, msg string) *Error {
	return &Error{File: p.file, Line: n.Line, Column: n.Column, Msg: msg}
}

func (p *parser) errf(n *yaml.Node, format string, args ...any) {
	p.errs = append(p.errs, p.at(n, fmt.Sprintf(format, args...)))
}

// yamlError places a syntax error from the YAML library at its line.
func (p *parser) yamlError(err error) *Error {
	msg := err.Error()
	if m := yamlLineRE().FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return &Error{File: p.file, Line: line, Msg: "not valid YAML: " + m[2]}
	}
	return &Error{File: p.file, Line: 1, Msg: "not valid YAML: " + strings.TrimPrefix(msg, "yaml: ")}
}

// deref follows an alias to what it names.
func deref(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// mapping calls each for every key of n, refusing keys not in known and
// keys given twice.
func (p *parser) mapping(n *yaml.Node, what string, known []string, each func(key string, k, v *yaml.Node)) {
	n = deref(n)
	if n.Kind != yaml.MappingNode {
		p.errf(n, "%s must be a mapping with the keys %s", what, strings.Join(known, ", "))
		return
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := deref(n.Content[i]), deref(n.Content[i+1])
		key := k.Value
		if !slices.Contains(known, key) {
			msg := fmt.Sprintf("unknown key %q in %s", key, what)
			if near := nearest(key, known); near != "" {
				msg += fmt.Sprintf("; did you mean %q?", near)
			}
			p.errf(k, "%s; the keys are %s", msg, strings.Join(known, ", "))
			continue
		}
		if line, dup := seen[key]; dup {
			p.errf(k, "%s is given twice in %s (first at line %d); keep one", key, what, line)
			continue
		}
		seen[key] = k.Line
		each(key, k, v)
	}
}

// str reads a string scalar.
func (p *parser) str(v *yaml.Node, key string) (string, bool) {
	if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
		p.errf(v, "%s must be a string", key)
		return "", false
	}
	return v.Value, true
}

// strs reads a list of string scalars.
func (p *parser) strs(v *yaml.Node, key, example string) ([]string, bool) {
	if v.Kind != yaml.SequenceNode {
		p.errf(v, "%s must be a list, such as %s", key, example)
		return nil, false
	}
	out := []string{}
	ok := true
	for _, it := range v.Content {
		it = deref(it)
		if it.Kind != yaml.ScalarNode || it.Tag == "!!null" || it.Value == "" {
			p.errf(it, "each item of %s must be a non-empty string, such as %s", key, example)
			ok = false
			continue
		}
		out = append(out, it.Value)
	}
	return out, ok
}

// settings reads the defaults or a project entry's settings.
func (p *parser) settings(n *yaml.Node, what string, known []string) Settings {
	s := Settings{lines: map[string]int{}}
	p.mapping(n, what, known, func(key string, k, v *yaml.Node) {
		if p.setting(&s, key, v) {
			s.lines[key] = k.Line
		}
	})
	return s
}

// setting reads one setting into s, and reports whether it was valid.
func (p *parser) setting(s *Settings, key string, v *yaml.Node) bool {
	switch key {
	case "environments":
		envs, ok := p.strs(v, key, "[dev, staging, prod]")
		if !ok {
			return false
		}
		if len(envs) == 0 {
			p.errf(v, "environments is empty: name at least one, in promotion order, such as [dev, staging, prod]")
			return false
		}
		if _, err := policy.ParseOrder(strings.Join(envs, ",")); err != nil {
			p.errf(v, "environments: %v", err)
			return false
		}
		s.Environments = envs
	case "engine":
		e, ok := p.str(v, key)
		if !ok {
			return false
		}
		if !slices.Contains(Engines, e) {
			p.errf(v, "engine %q is not one of %s", e, strings.Join(Engines, ", "))
			return false
		}
		s.Engine = e
	case "engine-version":
		c, ok := p.str(v, key)
		if !ok {
			return false
		}
		if _, err := version.NewConstraint(c); err != nil {
			p.errf(v, "engine-version %q is not a version constraint such as 1.9.8 or \"~> 1.9.0\": %v", c, err)
			return false
		}
		s.EngineVersion = c
	case "backend-config":
		t, ok := p.str(v, key)
		if !ok || !p.template(v, key, t) {
			return false
		}
		s.Backend = t
	case "var-files":
		ts, ok := p.strs(v, key, `["{dir}/environments/{env}/terraform.tfvars"]`)
		if !ok {
			return false
		}
		for _, t := range ts {
			if !p.template(v, key, t) {
				return false
			}
		}
		s.VarFiles = ts
	case "extra-files":
		gs, ok := p.strs(v, key, `["shared/*.yaml", "{dir}/templates/**"]`)
		if !ok {
			return false
		}
		for _, g := range gs {
			if !p.template(v, key, g) {
				return false
			}
			if !doublestar.ValidatePattern(expand(g, "d", "e")) {
				p.errf(v, "extra-files: %q is not a valid glob; use *, **, ?, [a-z] and {a,b}", g)
				return false
			}
		}
		s.ExtraFiles = gs
	case "policy-path":
		pp, ok := p.str(v, key)
		if !ok || !p.template(v, key, pp) {
			return false
		}
		if strings.Contains(pp, "{env}") {
			p.errf(v, "policy-path: %q has {env}; a project has one policy path, for every environment", pp)
			return false
		}
		s.PolicyPath = pp
	}
	return true
}

// placeholderRE finds what a template substitutes, and what looks like a
// placeholder but is a glob's alternation ({a,b}).
var placeholderRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\{([A-Za-z_]*)\}`) })

// template checks a path template: relative to the repository root, slash
// separated, with {dir} and {env} as its only placeholders.
func (p *parser) template(v *yaml.Node, key, t string) bool {
	switch {
	case t == "":
		p.errf(v, "%s: a path is empty", key)
		return false
	case strings.HasPrefix(t, "/") || strings.Contains(t, `\`):
		p.errf(v, "%s: %q must be relative to the repository root with / between directories, such as {dir}/environments/{env}/backend.tfbackend", key, t)
		return false
	}
	for _, m := range placeholderRE().FindAllStringSubmatch(t, -1) {
		if m[1] != "dir" && m[1] != "env" {
			p.errf(v, "%s: %q has the placeholder %s; the placeholders are {dir} (the project's directory) and {env} (the environment)", key, t, m[0])
			return false
		}
	}
	return true
}

// entries reads projects.
func (p *parser) entries(n *yaml.Node) []Entry {
	if n.Kind != yaml.SequenceNode {
		p.errf(n, "projects must be a list of entries, each with a dir, such as:\n  - dir: services/*")
		return nil
	}
	var out []Entry
	for i, it := range n.Content {
		it = deref(it)
		what := fmt.Sprintf("projects[%d]", i)
		e := Entry{Line: it.Line, Column: it.Column, Settings: Settings{lines: map[string]int{}}}
		var dirNode, nameNode *yaml.Node
		p.mapping(it, what, entryKeys, func(key string, k, v *yaml.Node) {
			switch key {
			case "dir":
				if d, ok := p.str(v, key); ok {
					e.Dir, dirNode = d, v
				}
			case "name":
				if nm, ok := p.str(v, key); ok {
					e.Name, nameNode = nm, v
				}
			default:
				if p.setting(&e.Settings, key, v) {
					e.lines[key] = k.Line
				}
			}
		})
		if it.Kind != yaml.MappingNode {
			continue
		}
		if dirNode == nil {
			p.errf(it, "%s has no dir: give the root module's directory or a glob, such as dir: services/*", what)
			continue
		}
		if d, err := cleanDir(e.Dir); err != nil {
			p.errf(dirNode, "dir %q: %v", e.Dir, err)
		} else {
			e.Dir = d
		}
		if nameNode != nil {
			switch {
			case e.Glob():
				p.errf(nameNode, "name is for one directory; %q is a glob, whose projects are named by their directories", e.Dir)
			case !nameRE().MatchString(e.Name):
				p.errf(nameNode, "name %q: use letters, digits and . _ / @ + -, starting with a letter or digit", e.Name)
			}
		}
		out = append(out, e)
	}
	return out
}

// cleanDir checks and cleans a dir entry.
func cleanDir(d string) (string, error) {
	switch {
	case d == "":
		return "", errors.New("empty; give a directory relative to the repository root, such as services/api, or . for the root")
	case strings.HasPrefix(d, "/") || strings.Contains(d, `\`):
		return "", errors.New("must be relative to the repository root with / between directories, such as services/api")
	case slices.Contains(strings.Split(d, "/"), ".."):
		return "", errors.New("must stay inside the repository (no ..)")
	case strings.Contains(d, "{dir}") || strings.Contains(d, "{env}"):
		return "", errors.New("dir takes no placeholder; it is what {dir} becomes")
	case isGlob(d) && !doublestar.ValidatePattern(d):
		return "", errors.New("not a valid glob; use *, **, ?, [a-z] and {a,b}, such as services/*")
	}
	return path.Clean(d), nil
}

// checkNames refuses two entries that would name the same project.
func (p *parser) checkNames(entries []Entry) {
	seen := map[string]int{}
	for _, e := range entries {
		if e.Glob() || e.Dir == "" {
			continue
		}
		name := e.Name
		if name == "" {
			name = e.Dir
		}
		if line, dup := seen[name]; dup {
			p.errs = append(p.errs, &Error{File: p.file, Line: e.Line, Column: e.Column, Msg: fmt.Sprintf("project %q is declared twice (first at line %d); keep one entry, or give each a different name", name, line)})
			continue
		}
		seen[name] = e.Line
	}
}

// nearest is the known key closest to a misspelt one, "" when none is
// close.
func nearest(key string, known []string) string {
	best, bestD := "", 3
	for _, k := range known {
		if d := distance(key, k); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

// distance is the Levenshtein distance of a and b.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
