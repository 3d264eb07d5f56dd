package policy

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	tfjson "github.com/hashicorp/terraform-json"
)

// Shortest values of a plan that are masked: anything shorter (a flag,
// "app", a region code, a port) would shred every log line, our own
// outputs ("applied", "dev=<sha>") and the comment's markers, without
// protecting anything. Booleans are never masked: a sensitive
// {require_ssl = true} must not turn every "true" of the job, the
// has-changes output included, into ***. Renderings still show such values
// as redacted wherever they are marked. Secrets given as inputs (tokens)
// are masked from 3 characters by the reporter.
const (
	minSecretText   = 6
	minSecretNumber = 6
)

// Secrets returns the text of every value the plan holds that is secret,
// in every form a printer may show it: values terraform marks sensitive
// (before_sensitive, after_sensitive, sensitive outputs and variables),
// values under a secret-named key at any depth (also inside objects and
// JSON strings, and for outputs whatever nonsensitive() says), and
// variables with secret names. Steps mask them all before printing
// anything, so that a value that escapes a rendering is still hidden by
// the runner.
func Secrets(p *tfjson.Plan) []string {
	set := SecretSet{}
	if p == nil {
		return set.Sorted()
	}
	for _, list := range [][]*tfjson.ResourceChange{p.ResourceChanges, p.ResourceDrift} {
		for _, rc := range list {
			if rc != nil {
				set.AddChange(rc.Change)
			}
		}
	}
	set.AddPlanValues(p)
	set.AddSecretReferences(p)
	return set.Sorted()
}

// AddSecretReferences adds the values of every attribute the configuration
// sets from a variable or local named like a secret (var.db_password,
// local.bootstrap_token): nothing marks them sensitive, and a value
// changed by hand is printed by terraform as it is found. An attribute
// whose expression also refers to ordinary variables or locals (a map of
// settings with one token among them) is left to the other rules:
// terraform records references per attribute, not per key, and masking
// every setting beside the token (an environment's name, say) would shred
// the log. Nested blocks are followed block by block.
func (set SecretSet) AddSecretReferences(p *tfjson.Plan) {
	if p.Config == nil || p.Config.RootModule == nil {
		return
	}
	for _, list := range [][]*tfjson.ResourceChange{p.ResourceChanges, p.ResourceDrift} {
		for _, rc := range list {
			if rc == nil || rc.Change == nil {
				continue
			}
			cr := configResource(p.Config.RootModule, rc)
			if cr == nil {
				continue
			}
			for _, v := range []any{rc.Change.Before, rc.Change.After} {
				set.addReferenced(cr.Expressions, v)
			}
		}
	}
}

// addReferenced adds the leaves of value (an object, raw or decoded) set
// by expressions that refer only to secret-named variables or locals.
func (set SecretSet) addReferenced(exprs map[string]*tfjson.Expression, value any) {
	for name, e := range exprs {
		if e == nil || e.ExpressionData == nil {
			continue
		}
		if onlySecretReferences(e.References) {
			leaves(Member(value, name), set)
			continue
		}
		if len(e.NestedBlocks) == 0 {
			continue
		}
		// A block is a list of objects in the plan, one per block of the
		// configuration, in order (a single block too).
		member := Member(value, name)
		blocks, _ := member.([]any)
		if obj, ok := member.(map[string]any); ok {
			blocks = []any{obj}
		}
		for i, sub := range e.NestedBlocks {
			if i < len(blocks) {
				if m, ok := blocks[i].(map[string]any); ok {
					set.addReferenced(sub, m)
				}
			}
		}
	}
}

// onlySecretReferences reports whether references name variables or locals
// and every one of them like a secret.
func onlySecretReferences(refs []string) bool {
	named := false
	for _, r := range refs {
		root, _, _ := strings.Cut(r, ".")
		if root != "var" && root != "local" {
			continue
		}
		if !SecretReference(r) {
			return false
		}
		named = true
	}
	return named
}

// configResource finds the configuration block of a resource change.
func configResource(m *tfjson.ConfigModule, rc *tfjson.ResourceChange) *tfjson.ConfigResource {
	if rc.ModuleAddress != "" {
		parts := strings.Split(moduleKeys().ReplaceAllString(rc.ModuleAddress, ""), ".")
		for i := 0; i+1 < len(parts); i += 2 {
			call := m.ModuleCalls[parts[i+1]]
			if parts[i] != "module" || call == nil || call.Module == nil {
				return nil
			}
			m = call.Module
		}
	}
	for _, r := range m.Resources {
		if r != nil && r.Mode == rc.Mode && r.Type == rc.Type && r.Name == rc.Name {
			return r
		}
	}
	return nil
}

// moduleKeys are the instance keys of a module address: module.a["k"].
var moduleKeys = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\[("(\\.|[^"\\])*"|[^\]]*)\]`) })

// SecretReference reports whether a reference of the configuration
// (var.db_password, local.bootstrap_token.value) names a variable or local
// like a secret.
func SecretReference(ref string) bool {
	parts := strings.SplitN(ref, ".", 3)
	return len(parts) >= 2 && (parts[0] == "var" || parts[0] == "local") && SecretKey(parts[1])
}

// SecretSet gathers the secrets of a plan piece by piece: Secrets is
// AddChange for every resource change and drift entry, then
// AddPlanValues and AddSecretReferences. A reader that streams a plan adds each resource as it
// reads it and can drop the decoded values at once.
type SecretSet map[string]bool

// AddChange adds the secrets of one resource change's before and after
// values. Raw values (see Decoded) are walked as JSON without being
// decoded; the error says one of them is not valid JSON or holds a number
// out of range (it cannot be rendered either: Decoded reads it as null).
// Secrets ignores it; plan.Parse refuses such a plan.
func (set SecretSet) AddChange(c *tfjson.Change) error {
	if c == nil {
		return nil
	}
	w := walkers.Get().(*rawWalker)
	defer walkers.Put(w)
	var errs []error
	in := func(field string, err error) {
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", field, err))
		}
	}
	for _, v := range []struct {
		name, maskName string
		value, mask    any
	}{{"before", "before_sensitive", c.Before, c.BeforeSensitive}, {"after", "after_sensitive", c.After, c.AfterSensitive}} {
		mask, err := w.mask(v.mask)
		in(v.maskName, err)
		if raw, ok := v.value.(json.RawMessage); ok {
			in(v.name, w.secrets(raw, mask, set))
			continue
		}
		marked(v.value, mask, set)
		named(v.value, nil, set)
	}
	if raw, ok := c.AfterUnknown.(json.RawMessage); ok {
		in("after_unknown", w.check(raw))
	}
	return errors.Join(errs...)
}

// AddPlanValues adds the secrets of everything but the resources: output
// changes, the planned and prior outputs, and the variables.
func (set SecretSet) AddPlanValues(p *tfjson.Plan) {
	if p == nil {
		return
	}
	output := func(name string, v any, sensitive any) {
		v = Decoded(v)
		marked(v, Decoded(sensitive), set)
		named(v, []string{name}, set)
	}
	for name, oc := range p.OutputChanges {
		if oc == nil {
			continue
		}
		output(name, oc.Before, oc.BeforeSensitive)
		output(name, oc.After, oc.AfterSensitive)
	}
	for _, vals := range []*tfjson.StateValues{p.PlannedValues, stateValues(p.PriorState)} {
		if vals == nil {
			continue
		}
		for name, o := range vals.Outputs {
			if o != nil {
				output(name, o.Value, o.Sensitive)
			}
		}
	}
	var sensitiveVars map[string]*tfjson.ConfigVariable
	if p.Config != nil && p.Config.RootModule != nil {
		sensitiveVars = p.Config.RootModule.Variables
	}
	for name, pv := range p.Variables {
		if pv == nil {
			continue
		}
		v := Decoded(pv.Value)
		if cv := sensitiveVars[name]; cv != nil && cv.Sensitive {
			marked(v, true, set)
		}
		named(v, []string{name}, set)
	}
}

// Sorted lists the set's texts in order.
func (set SecretSet) Sorted() []string { return sorted(set) }

// OutputSecrets returns the mask texts of one root module output read
// after apply: all of it when it is sensitive or named like a secret
// (whatever nonsensitive() says), else what sits under secret-named keys.
func OutputSecrets(name string, v any, sensitive bool) []string {
	set := map[string]bool{}
	marked(v, sensitive, set)
	named(v, []string{name}, set)
	return sorted(set)
}

func sorted(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// ValueSecrets returns the mask texts of one value known to be secret,
// such as a sensitive output read after apply.
func ValueSecrets(v any) []string {
	set := map[string]bool{}
	leaves(v, set)
	out := make([]string, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

func stateValues(s *tfjson.State) *tfjson.StateValues {
	if s == nil {
		return nil
	}
	return s.Values
}

// marked adds the leaves of v that mask marks sensitive. A mask of true
// covers the whole subtree; a map or list mask follows v's shape.
func marked(v any, mask any, set map[string]bool) {
	if v == nil {
		return
	}
	if b, ok := mask.(bool); ok && b {
		leaves(v, set)
		return
	}
	switch m := mask.(type) {
	case map[string]any:
		if obj, ok := v.(map[string]any); ok {
			for k, sub := range m {
				marked(obj[k], sub, set)
			}
		}
	case []any:
		if list, ok := v.([]any); ok {
			for i, sub := range m {
				if i < len(list) {
					marked(list[i], sub, set)
				}
			}
		}
	}
}

// named adds every leaf of v found under a secret's name, looking inside
// JSON strings too.
func named(v any, path []string, set map[string]bool) {
	if SecretName(path) {
		leaves(v, set)
		return
	}
	switch x := v.(type) {
	case map[string]any:
		// A {name, value} pair names its value: Cloud Run's env list
		// ({name = "DB_PASSWORD", value = "..."}), Kubernetes' too.
		if n, ok := x["name"].(string); ok && SecretKey(n) {
			if val, ok := x["value"]; ok {
				leaves(val, set)
			}
		}
		for k, sub := range x {
			named(sub, append(path[:len(path):len(path)], k), set)
		}
	case []any:
		for _, sub := range x {
			named(sub, path, set)
		}
	case string:
		if inner, ok := jsonContainer(x); ok {
			named(inner, path, set)
		}
	}
}

// leaves adds every scalar under v, in each form a printer shows it.
func leaves(v any, set map[string]bool) {
	switch x := v.(type) {
	case nil, bool:
	case string:
		addText(x, set)
		if inner, ok := jsonContainer(x); ok {
			// terraform prints a jsonencode()d value structured, so its
			// parts appear on lines of their own.
			leaves(inner, set)
		}
	case map[string]any:
		for _, sub := range x {
			leaves(sub, set)
		}
	case []any:
		for _, sub := range x {
			leaves(sub, set)
		}
	case json.Number:
		addNumber(x.String(), set)
		if f, err := x.Float64(); err == nil {
			addFloat(f, set)
		}
	case float64:
		addFloat(x, set)
	case int:
		addNumber(strconv.Itoa(x), set)
	case int64:
		addNumber(strconv.FormatInt(x, 10), set)
	}
}

func addText(s string, set map[string]bool) {
	switch t := strings.TrimSpace(s); {
	case len(t) < minSecretText, t == "true", t == "false", t == "null":
		return
	}
	set[s] = true
}

func addNumber(s string, set map[string]bool) {
	if len(s) >= minSecretNumber {
		set[s] = true
	}
}

// addFloat adds a decoded number as terraform prints it (12345678) and as
// Go's %v would (1.2345678e+07).
func addFloat(f float64, set map[string]bool) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return
	}
	addNumber(strconv.FormatFloat(f, 'f', -1, 64), set)
	addNumber(strconv.FormatFloat(f, 'g', -1, 64), set)
}
