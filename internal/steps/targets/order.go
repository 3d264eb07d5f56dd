package targets

import (
	"path"
	"slices"
	"strings"
)

// States is what finding the order between projects needs of one: the
// states its root module reads, and where each environment's state is.
type States struct {
	Project *Planned
	Reads   []StateRead
	// Backends are each planned environment's backend: the root module's
	// block with the environment's backend file over it.
	Backends map[string]Backend
}

// Dependency is a project that reads another's outputs through a
// terraform_remote_state data source: the other must be applied first.
type Dependency struct {
	Reader, Read *Planned
	// Envs are the read project's environments whose state matches.
	Envs []string
	// Via is the data source and Pos where it is.
	Via, Pos string
}

// locators are the settings that tell one state from another in the same
// store (a bucket, a workspace): they must agree for a read to name a
// backend's state.
var locators = []string{"prefix", "key", "path", "workspace_key_prefix", "name"}

// Dependencies finds which project reads which one's state: a read whose
// backend type and every setting it shares with a project's backend match
// (each of them a literal, or a template whose literal parts match), the
// settings that locate a state within its store among them.
func Dependencies(all []States) []Dependency {
	// Most reads name their state by a literal (prefix = "network"):
	// backends are indexed by each literal locator, so that a read is
	// compared with the few that can match, not with every project.
	type slot struct {
		s   *States
		env string
	}
	index := map[string][]slot{}
	indexKey := func(typ, key, value string) string { return typ + "\x00" + key + "\x00" + value }
	for i := range all {
		s := &all[i]
		for _, env := range s.Project.Envs {
			b, ok := s.Backends[env]
			if !ok {
				continue
			}
			for _, key := range locators {
				if v, ok := b.Config[key]; ok && v.Known() && key != "path" {
					index[indexKey(b.Type, key, v.Text)] = append(index[indexKey(b.Type, key, v.Text)], slot{s, env})
				}
			}
		}
	}
	var out []Dependency
	for _, reader := range all {
		for _, read := range reader.Reads {
			var candidates []slot
			indexed := false
			for _, key := range locators {
				if v, ok := read.Config[key]; ok && v.Known() && read.Backend != "" && key != "path" {
					candidates, indexed = index[indexKey(read.Backend, key, v.Text)], true
					break
				}
			}
			if !indexed {
				for i := range all {
					for _, env := range all[i].Project.Envs {
						candidates = append(candidates, slot{&all[i], env})
					}
				}
			}
			found := map[*Planned][]string{}
			var order []*Planned
			for _, c := range candidates {
				other := c.s.Project
				if other == reader.Project {
					continue
				}
				if b, ok := c.s.Backends[c.env]; ok && readsState(read, reader.Project.Dir, b, other.Dir) {
					if _, seen := found[other]; !seen {
						order = append(order, other)
					}
					found[other] = append(found[other], c.env)
				}
			}
			for _, other := range order {
				out = append(out, Dependency{Reader: reader.Project, Read: other, Envs: found[other],
					Via: "data.terraform_remote_state." + read.Name, Pos: read.Pos})
			}
		}
	}
	slices.SortFunc(out, func(a, b Dependency) int {
		if c := strings.Compare(a.Reader.Dir, b.Reader.Dir); c != 0 {
			return c
		}
		if c := strings.Compare(a.Read.Dir, b.Read.Dir); c != 0 {
			return c
		}
		return strings.Compare(a.Pos, b.Pos)
	})
	return out
}

// readsState reports whether read (in readerDir) names the state of
// backend b (of the root module in dir).
func readsState(read StateRead, readerDir string, b Backend, dir string) bool {
	if read.Backend != "" && read.Backend != b.Type {
		return false
	}
	located := false
	for key, want := range read.Config {
		have, ok := b.Config[key]
		if !ok {
			if slices.Contains(locators, key) {
				return false // it locates a state this backend does not name
			}
			continue
		}
		if !have.Known() {
			continue
		}
		got := have.Text
		if key == "path" && b.Type == "local" {
			// Each is relative to its own root module.
			got = relPath(readerDir, path.Join(dir, have.Text))
			if want.Known() {
				want = Value{Text: relPath(readerDir, path.Join(readerDir, want.Text))}
			}
		}
		if !want.Match(got) {
			return false
		}
		if slices.Contains(locators, key) {
			located = true
		}
	}
	for _, key := range locators {
		if _, ok := b.Config[key]; ok {
			if _, read := read.Config[key]; !read {
				return false // the backend locates its state by a setting the read does not give
			}
		}
	}
	return located
}

// relPath is to relative to from, both from the repository root.
func relPath(from, to string) string {
	f, t := split(from), split(path.Clean(to))
	i := 0
	for i < len(f) && i < len(t) && f[i] == t[i] {
		i++
	}
	var parts []string
	for range f[i:] {
		parts = append(parts, "..")
	}
	parts = append(parts, t[i:]...)
	if len(parts) == 0 {
		return "."
	}
	return strings.Join(parts, "/")
}

func split(p string) []string {
	if p == "." || p == "" {
		return nil
	}
	return strings.Split(p, "/")
}
