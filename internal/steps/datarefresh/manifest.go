package datarefresh

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// The sanitization folder (sanitize-path, default sanitize/):
//
//	sanitize/manifest.yaml      every personal or secret column, and its rule
//	sanitize/<database>/*.sql   the SQL that applies the rules, run in name order
//
// The manifest:
//
//	version: 1
//	personal-names: [loyalty, badge]     # words added to the built-in list
//	databases:
//	  olympus:
//	    columns:
//	      public.users.email: fake
//	      public.users.phone: null
//	      public.users.password_hash: hash
//	      public.countries.name: {rule: keep, reason: "country names, not about a person"}

// ManifestFile is the manifest's name inside the sanitization folder.
const ManifestFile = "manifest.yaml"

// Rules a column may have. null, fake and hash are verified: no value
// sampled before the SQL runs may be left after it (and, for null, no value
// at all). keep is not verified and needs a reason.
const (
	RuleNull = "null"
	RuleFake = "fake"
	RuleHash = "hash"
	RuleKeep = "keep"
)

// Column names one column.
type Column struct{ Schema, Table, Name string }

func (c Column) String() string { return c.Schema + "." + c.Table + "." + c.Name }

// TableName is the column's schema.table.
func (c Column) TableName() string { return c.Schema + "." + c.Table }

// Rule is what the SQL does to a column.
type Rule struct {
	Kind   string
	Reason string
}

// DatabaseRules are one database's columns and its SQL files.
type DatabaseRules struct {
	Name    string
	Columns map[Column]Rule
	Files   []SQLFile
}

// SQLFile is one sanitization file, read once: what runs is what was
// hashed.
type SQLFile struct {
	Path   string // relative to the sanitization folder, with /
	SQL    string
	SHA256 string
}

// Sanitization is the folder as read before any request.
type Sanitization struct {
	Dir            string
	ManifestSHA256 string
	// PersonalNames are the manifest's words added to the built-in list.
	PersonalNames []string
	// Databases in name order.
	Databases []*DatabaseRules
}

// Database returns the rules of the named database, or nil.
func (s *Sanitization) Database(name string) *DatabaseRules {
	for _, d := range s.Databases {
		if d.Name == name {
			return d
		}
	}
	return nil
}

// Files are every SQL file, database by database, in run order.
func (s *Sanitization) Files() []SQLFile {
	var out []SQLFile
	for _, d := range s.Databases {
		out = append(out, d.Files...)
	}
	return out
}

// manifestDoc is the YAML as written.
type manifestDoc struct {
	Version       int                    `yaml:"version"`
	PersonalNames []string               `yaml:"personal-names"`
	Databases     map[string]databaseDoc `yaml:"databases"`
}

type databaseDoc struct {
	Columns yaml.Node `yaml:"columns"`
}

var (
	identRE    = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_$]*$`)
	dbNameRE   = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_-]*$`)
	wordRE     = regexp.MustCompile(`^[a-z][a-z0-9]*$`)
	ruleChoice = "null, fake, hash, or keep with a reason"
)

// LoadSanitization reads and checks the folder: the manifest, and each
// database's SQL files. Every problem is a usage error: nothing has run.
func LoadSanitization(dir string) (*Sanitization, error) {
	raw, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("no %s in %s: write one naming every personal or secret column and its rule (README: data refresh)", ManifestFile, dir)
		}
		return nil, fmt.Errorf("failed to read %s: %w", ManifestFile, err)
	}
	sum := sha256.Sum256(raw)
	s := &Sanitization{Dir: dir, ManifestSHA256: hex.EncodeToString(sum[:])}
	if err := s.parse(raw); err != nil {
		return nil, fmt.Errorf("%s: %w", ManifestFile, err)
	}
	return s, s.readFiles()
}

// ParseManifest reads a manifest's text alone (no SQL files).
func ParseManifest(raw []byte) (*Sanitization, error) {
	s := &Sanitization{}
	return s, s.parse(raw)
}

func (s *Sanitization) parse(raw []byte) error {
	var doc manifestDoc
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	if err := dec.Decode(&doc); err != nil {
		return fmt.Errorf("not a valid manifest: %w", err)
	}
	if doc.Version != 1 {
		return fmt.Errorf("version is %d; this olympus reads version: 1", doc.Version)
	}
	for _, w := range doc.PersonalNames {
		if !wordRE.MatchString(w) {
			return fmt.Errorf("personal-names: %q is not a word (lower-case letters and digits)", w)
		}
	}
	s.PersonalNames = doc.PersonalNames
	if len(doc.Databases) == 0 {
		return errors.New("no databases: name each database of the instance and its columns")
	}
	for name, d := range doc.Databases {
		if !dbNameRE.MatchString(name) {
			return fmt.Errorf("databases: %q is not a database name", name)
		}
		rules := &DatabaseRules{Name: name, Columns: map[Column]Rule{}}
		if err := parseColumns(&d.Columns, rules.Columns); err != nil {
			return fmt.Errorf("database %s: %w", name, err)
		}
		s.Databases = append(s.Databases, rules)
	}
	sort.Slice(s.Databases, func(i, j int) bool { return s.Databases[i].Name < s.Databases[j].Name })
	return nil
}

func parseColumns(n *yaml.Node, out map[Column]Rule) error {
	if n.Kind == 0 {
		return nil // no columns: a database without personal data
	}
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: columns is a mapping of schema.table.column to its rule", n.Line)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		col, err := parseColumn(k.Value)
		if err != nil {
			return fmt.Errorf("line %d: %w", k.Line, err)
		}
		if _, dup := out[col]; dup {
			return fmt.Errorf("line %d: %s is listed twice", k.Line, col)
		}
		rule, err := parseRule(v)
		if err != nil {
			return fmt.Errorf("line %d: %s: %w", v.Line, col, err)
		}
		out[col] = rule
	}
	return nil
}

// parseColumn reads schema.table.column, or table.column in public.
func parseColumn(v string) (Column, error) {
	parts := strings.Split(v, ".")
	if len(parts) == 2 {
		parts = append([]string{"public"}, parts...)
	}
	if len(parts) != 3 {
		return Column{}, fmt.Errorf("%q is not schema.table.column", v)
	}
	for _, p := range parts {
		if !identRE.MatchString(p) {
			return Column{}, fmt.Errorf("%q is not schema.table.column (unquoted PostgreSQL names)", v)
		}
	}
	return Column{Schema: parts[0], Table: parts[1], Name: parts[2]}, nil
}

// parseRule reads a rule: a bare word (YAML's null is the rule null), or
// {rule, reason}.
func parseRule(n *yaml.Node) (Rule, error) {
	word := func(n *yaml.Node) string {
		if n.Tag == "!!null" {
			return RuleNull
		}
		return n.Value
	}
	var r Rule
	switch n.Kind {
	case yaml.ScalarNode:
		r.Kind = word(n)
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			switch k, v := n.Content[i].Value, n.Content[i+1]; k {
			case "rule":
				r.Kind = word(v)
			case "reason":
				r.Reason = strings.TrimSpace(v.Value)
			default:
				return r, fmt.Errorf("unknown field %q (rule, reason)", k)
			}
		}
	default:
		return r, fmt.Errorf("a rule is %s", ruleChoice)
	}
	switch r.Kind {
	case RuleNull, RuleFake, RuleHash:
	case RuleKeep:
		if r.Reason == "" {
			return r, errors.New("keep needs a reason: {rule: keep, reason: \"why this is not personal\"}")
		}
	default:
		return r, fmt.Errorf("unknown rule %q; a rule is %s", r.Kind, ruleChoice)
	}
	return r, nil
}

// readFiles reads each database's SQL files; a folder that no database
// of the manifest names is refused, as is a database whose rules need SQL
// but has none.
func (s *Sanitization) readFiles() error {
	entries, err := os.ReadDir(s.Dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		switch {
		case e.IsDir() && s.Database(e.Name()) == nil:
			return fmt.Errorf("folder %s names no database of %s: add it there, or remove the folder", e.Name(), ManifestFile)
		case !e.IsDir() && strings.HasSuffix(e.Name(), ".sql"):
			return fmt.Errorf("%s: SQL files go in <database>/ (%s names the databases)", e.Name(), ManifestFile)
		}
	}
	for _, d := range s.Databases {
		paths, _ := filepath.Glob(filepath.Join(s.Dir, d.Name, "*.sql"))
		sort.Strings(paths)
		for _, p := range paths {
			b, err := os.ReadFile(p)
			if err != nil {
				return fmt.Errorf("failed to read %s: %w", p, err)
			}
			sum := sha256.Sum256(b)
			d.Files = append(d.Files, SQLFile{Path: d.Name + "/" + filepath.Base(p), SQL: string(b), SHA256: hex.EncodeToString(sum[:])})
		}
		if len(d.Files) == 0 && slices.ContainsFunc(mapValues(d.Columns), func(r Rule) bool { return r.Kind != RuleKeep }) {
			return fmt.Errorf("database %s has rules to apply but no SQL: add %s/*.sql", d.Name, d.Name)
		}
	}
	return nil
}

func mapValues(m map[Column]Rule) []Rule {
	out := make([]Rule, 0, len(m))
	for _, r := range m {
		out = append(out, r)
	}
	return out
}

// SortedColumns are a database's columns in name order.
func (d *DatabaseRules) SortedColumns() []Column {
	cols := make([]Column, 0, len(d.Columns))
	for c := range d.Columns {
		cols = append(cols, c)
	}
	sort.Slice(cols, func(i, j int) bool { return cols[i].String() < cols[j].String() })
	return cols
}
