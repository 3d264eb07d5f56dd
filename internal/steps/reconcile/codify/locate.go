package codify

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/olympus-cloud/deploy-actions/internal/domain/plan"
	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
	"github.com/olympus-cloud/deploy-actions/internal/framework/report"
)

// Kind says what the locator found.
type Kind string

const (
	// Literal: the value is written as a constant at the last step; it can
	// be replaced there.
	Literal Kind = "literal"
	// Computed: the value comes out of an expression (a function, a
	// reference to another resource, a template) at the last step.
	Computed Kind = "computed"
	// NotSet: nothing sets the attribute; Insert says where to add it.
	NotSet Kind = "not-set"
	// Outside: the value comes from outside the code (TF_VAR_*, -var, a
	// module from a registry).
	Outside Kind = "outside"
	// NoBlock: the configuration has no block for the resource.
	NoBlock Kind = "no-block"
	// Block: the whole resource was asked for (an empty path); the edit
	// removes its block.
	Block Kind = "block"
)

// Step is one place on the way from the resource's attribute to the value.
type Step struct {
	File string // relative to the root module
	Line int
	// What names the step: `localcloud_service.api` env.LOG_LEVEL,
	// var.log_level, local.tier, module.api input image, default of var.x.
	What string
	// Text is the expression's source, on one line and cut.
	Text string
}

// Pos is file:line.
func (s Step) Pos() string { return fmt.Sprintf("%s:%d", s.File, s.Line) }

// Location is where the configuration sets one attribute of a resource.
type Location struct {
	Kind Kind
	// Block is the resource block (File and Line of its header).
	Block Step
	// Steps lead from the attribute to where the value is set; the last is
	// the place to change. Empty when the attribute is set nowhere.
	Steps []Step
	// Rest is the part of the attribute path that no expression reached.
	Rest []string
	// Secret is true when the value passes through a sensitive variable.
	Secret bool
	// EnvironmentFile is true when the last step is in the environment's
	// own variables file, so changing it changes no other environment.
	EnvironmentFile bool
	// Note explains a Computed, Outside or NoBlock location.
	Note string
	// Problems are files that did not parse.
	Problems []string

	edit *edit
	// root is the root module's directory, for the diff's file names.
	root string
}

// Last is the place to change, or the block when there is none.
func (l Location) Last() Step {
	if len(l.Steps) == 0 {
		return l.Block
	}
	return l.Steps[len(l.Steps)-1]
}

// edit is a change the suggestion can show as a diff.
type edit struct {
	file string // absolute
	src  []byte
	// replace is the expression to replace; for an insertion its Start is
	// where the new line goes (the start of the closing brace's line, or
	// the end of the file).
	replace hcl.Range
	insert  bool
	// key and indent of an inserted line ("key = value").
	key, indent string
	// remove deletes the lines of replace (a whole block).
	remove bool
	// atEOF inserts at the end of a variables file.
	atEOF bool
	// viaDefault: the value is a variable's default, and the edit sets the
	// variable in the environment's file instead.
	viaDefault bool
	// rest is the path below the replaced or inserted expression that the
	// new value must be nested under.
	rest []string
}

// maxDepth bounds how many references are followed (locals can refer to
// each other, and a configuration with a cycle must not hang the locator).
const maxDepth = 32

// Locate finds where the attribute at path (as terraform-json paths are:
// keys and list indexes) of the resource at address is set.
func (c *Config) Locate(address string, path []string) Location {
	loc := Location{root: c.Root}
	for _, m := range c.modules {
		loc.Problems = append(loc.Problems, m.errs...)
	}
	a, err := ParseAddress(address)
	if err != nil {
		loc.Kind, loc.Note = NoBlock, err.Error()
		return loc
	}
	m := c.modules[c.Root]
	for _, name := range a.Modules {
		child, call, src, err := c.child(m, name)
		switch {
		case err != nil:
			loc.Kind, loc.Note = NoBlock, err.Error()
			return loc
		case child == nil:
			loc.Kind = Outside
			loc.Block = Step{File: c.show(call.DefRange().Filename), Line: call.DefRange().Start.Line, What: "module." + name}
			loc.Note = fmt.Sprintf("the module `%s` comes from %q, outside this repository: change the resource through the inputs of its module block at `%s`", name, src, loc.Block.Pos())
			return loc
		}
		m = child
	}
	block, ok := m.resources[a.Type+"."+a.Name]
	if !ok {
		loc.Kind = NoBlock
		loc.Note = fmt.Sprintf("the code has no `resource %q %q` block in %s: the resource was removed from the code, or made by hand", a.Type, a.Name, c.moduleName(m))
		return loc
	}
	loc.Block = Step{File: c.show(block.DefRange().Filename), Line: block.DefRange().Start.Line, What: "`" + a.String() + "`"}
	if len(path) == 0 {
		r := block.Range()
		loc.Kind = Block
		loc.edit = &edit{file: r.Filename, src: c.source(r.Filename), replace: r, remove: true}
		if len(a.Modules) > 0 {
			loc.Note = "the block is in a module that other calls may share"
		}
		return loc
	}
	w := &walker{c: c, loc: &loc, address: a.String()}
	w.body(m, block.Body, path, nil)
	return loc
}

type walker struct {
	c       *Config
	loc     *Location
	address string
	depth   int
	// seen are the locals and variables followed so far, to stop on a
	// cycle (terraform refuses one, but the hint must not loop on it).
	seen map[string]bool
}

// visit reports whether name of module m is met for the first time.
func (w *walker) visit(m *module, name string) bool {
	if w.seen == nil {
		w.seen = map[string]bool{}
	}
	k := m.dir + "\x00" + name
	if w.seen[k] {
		return false
	}
	w.seen[k] = true
	return true
}

func (w *walker) step(r hcl.Range, what string, expr hclsyntax.Expression) {
	w.loc.Steps = append(w.loc.Steps, Step{File: w.c.show(r.Filename), Line: r.Start.Line, What: what, Text: w.text(expr)})
}

// text is an expression's source on one line, cut to 100 characters.
func (w *walker) text(expr hclsyntax.Expression) string {
	if expr == nil {
		return ""
	}
	r := expr.Range()
	src := w.c.source(r.Filename)
	if r.End.Byte > len(src) || r.Start.Byte > r.End.Byte {
		return ""
	}
	s := strings.Join(strings.Fields(string(src[r.Start.Byte:r.End.Byte])), " ")
	if rs := []rune(s); len(rs) > 100 {
		s = string(rs[:100]) + "…"
	}
	return s
}

// body descends a resource (or nested block) body along path.
func (w *walker) body(m *module, body *hclsyntax.Body, path, done []string) {
	if len(path) == 0 {
		w.loc.Kind = Computed
		w.loc.Note = "the whole block changed"
		return
	}
	name, rest := path[0], path[1:]
	attrPath := append(append([]string(nil), done...), name)
	if a, ok := body.Attributes[name]; ok {
		w.step(a.SrcRange, w.loc.Block.What+" "+plan.JoinPath(attrPath), a.Expr)
		w.follow(m, a.Expr, rest)
		return
	}
	var blocks []*hclsyntax.Block
	for _, b := range body.Blocks {
		if b.Type == name {
			blocks = append(blocks, b)
		}
		if b.Type == "dynamic" && len(b.Labels) == 1 && b.Labels[0] == name {
			// The blocks are generated: point at the dynamic block and
			// at what it iterates over.
			w.loc.Steps = append(w.loc.Steps, Step{File: w.c.show(b.DefRange().Filename), Line: b.DefRange().Start.Line,
				What: w.loc.Block.What + " dynamic " + strconv.Quote(name)})
			if fe, ok := b.Body.Attributes["for_each"]; ok {
				w.step(fe.SrcRange, "for_each of dynamic "+strconv.Quote(name), fe.Expr)
				w.follow(m, fe.Expr, nil)
			}
			w.loc.Kind = Computed
			w.loc.Note = fmt.Sprintf("the `%s` blocks are generated by a dynamic block: change the collection it iterates over", name)
			w.loc.Rest = rest
			return
		}
	}
	if len(blocks) > 0 {
		i := 0
		if len(rest) > 0 {
			if n, err := strconv.Atoi(rest[0]); err == nil {
				i, rest = n, rest[1:]
			}
		}
		if i >= len(blocks) {
			w.notSet(body, attrPath, path)
			return
		}
		b := blocks[i]
		w.loc.Steps = append(w.loc.Steps, Step{File: w.c.show(b.DefRange().Filename), Line: b.DefRange().Start.Line,
			What: w.loc.Block.What + " " + plan.JoinPath(attrPath) + " block"})
		w.body(m, b.Body, rest, append(attrPath, strconv.Itoa(i)))
		return
	}
	w.notSet(body, attrPath, path)
}

// notSet records that nothing sets path in body: the new attribute goes
// before the body's closing brace.
func (w *walker) notSet(body *hclsyntax.Body, attrPath, path []string) {
	w.loc.Kind = NotSet
	w.loc.Rest = path
	end := body.SrcRange.End // just after the closing brace
	w.loc.edit = insertBefore(body.SrcRange.Filename, w.c.source(body.SrcRange.Filename), end, path[0], path[1:])
	w.loc.Note = fmt.Sprintf("`%s` is not set in the code", plan.JoinPath(attrPath))
}

// insertBefore prepares an insertion on a new line before the line that
// holds the closing brace ending at end; nil when that line holds more
// than the brace (a map or block on one line), where a new line would
// land outside it.
func insertBefore(file string, src []byte, end hcl.Pos, key string, rest []string) *edit {
	closeAt := end.Byte - 1
	if closeAt < 0 || closeAt >= len(src) {
		closeAt = max(0, min(end.Byte, len(src))-1)
	}
	lineStart := closeAt
	for lineStart > 0 && src[lineStart-1] != '\n' {
		lineStart--
	}
	if len(bytes.TrimSpace(src[lineStart:closeAt])) > 0 {
		return nil
	}
	indent := leadingSpace(src[lineStart:closeAt])
	pos := hcl.Pos{Line: end.Line, Byte: lineStart}
	return &edit{file: file, src: src, replace: hcl.Range{Filename: file, Start: pos, End: pos}, insert: true, key: key, indent: indent + "  ", rest: rest}
}

func leadingSpace(b []byte) string {
	n := 0
	for n < len(b) && (b[n] == ' ' || b[n] == '\t') {
		n++
	}
	return string(b[:n])
}

// follow goes from an expression to where its value at path is set.
func (w *walker) follow(m *module, expr hclsyntax.Expression, path []string) {
	w.depth++
	if w.depth > maxDepth {
		w.computed(expr, path, "the references are too deep to follow")
		return
	}
	switch e := expr.(type) {
	case *hclsyntax.ParenthesesExpr:
		w.follow(m, e.Expression, path)
		return
	case *hclsyntax.TemplateWrapExpr:
		w.follow(m, e.Wrapped, path)
		return
	case *hclsyntax.ScopeTraversalExpr:
		w.reference(m, e, path)
		return
	case *hclsyntax.ObjectConsExpr:
		if len(path) == 0 {
			break
		}
		for _, item := range e.Items {
			if key, ok := objectKey(item.KeyExpr); ok && key == path[0] {
				w.retarget(item.ValueExpr, path[0])
				w.follow(m, item.ValueExpr, path[1:])
				return
			}
		}
		{
			// A map written out without the key: add it there.
			w.loc.Kind = NotSet
			w.loc.Rest = path
			w.loc.Note = fmt.Sprintf("the key %s is not set in the map at `%s`", report.Code(path[0]), w.c.position(e.SrcRange))
			w.loc.edit = insertBefore(e.SrcRange.Filename, w.c.source(e.SrcRange.Filename), e.SrcRange.End, path[0], path[1:])
			if w.loc.edit == nil && constant(e) {
				// A map on one line: written again whole, with the key.
				w.loc.edit = &edit{file: e.SrcRange.Filename, src: w.c.source(e.SrcRange.Filename), replace: e.SrcRange, rest: path}
			}
			return
		}
	case *hclsyntax.TupleConsExpr:
		if len(path) == 0 {
			break
		}
		if i, err := strconv.Atoi(path[0]); err == nil && i < len(e.Exprs) {
			w.retarget(e.Exprs[i], path[0])
			w.follow(m, e.Exprs[i], path[1:])
			return
		}
	}
	if constant(expr) {
		w.loc.Kind = Literal
		w.loc.Rest = path
		w.loc.edit = &edit{file: expr.Range().Filename, src: w.c.source(expr.Range().Filename), replace: expr.Range(), rest: path}
		return
	}
	w.computed(expr, path, "")
}

// retarget moves the last step to a nested expression (the value at key
// of a map, or a list element) so that it points at the exact line.
func (w *walker) retarget(expr hclsyntax.Expression, key string) {
	if n := len(w.loc.Steps); n > 0 {
		r := expr.Range()
		s := &w.loc.Steps[n-1]
		s.File, s.Line, s.Text = w.c.show(r.Filename), r.Start.Line, w.text(expr)
		if _, err := strconv.Atoi(key); err == nil {
			s.What += "[" + key + "]"
		} else {
			s.What += "." + key
		}
	}
}

func (w *walker) computed(expr hclsyntax.Expression, path []string, note string) {
	w.loc.Kind = Computed
	w.loc.Rest = path
	if note == "" {
		var refs []string
		for _, t := range expr.Variables() {
			refs = append(refs, "`"+traversalString(t)+"`")
		}
		note = "the value is computed by this expression"
		if len(refs) > 0 {
			note += " from " + strings.Join(refs, ", ")
		}
		note += "; change it so that it gives the value found"
	}
	w.loc.Note = note
}

// reference follows var.x, local.x and module outputs' inputs.
func (w *walker) reference(m *module, e *hclsyntax.ScopeTraversalExpr, path []string) {
	t := e.Traversal
	root := t.RootName()
	if len(t) < 2 {
		w.computed(e, path, "")
		return
	}
	attr, ok := t[1].(hcl.TraverseAttr)
	if !ok {
		w.computed(e, path, "")
		return
	}
	// var.obj.key[0] continues into the value at key, 0.
	path = append(traversalPath(t[2:]), path...)
	if (root == "var" || root == "local") && policy.SecretKey(attr.Name) {
		// Named like a secret: a secret even when not marked sensitive.
		w.loc.Secret = true
	}
	if (root == "var" || root == "local") && !w.visit(m, root+"."+attr.Name) {
		w.computed(e, path, fmt.Sprintf("`%s.%s` refers back to itself", root, attr.Name))
		return
	}
	switch root {
	case "var":
		w.variable(m, attr.Name, path)
	case "local":
		a, ok := m.locals[attr.Name]
		if !ok {
			w.computed(e, path, fmt.Sprintf("`local.%s` is not defined in %s", attr.Name, w.c.moduleName(m)))
			return
		}
		w.step(a.SrcRange, "local."+attr.Name, a.Expr)
		w.follow(m, a.Expr, path)
	default:
		w.computed(e, path, "")
	}
}

// variable follows var.name of module m: the caller's module block for a
// child module, the variables files for the root module, then the default.
func (w *walker) variable(m *module, name string, path []string) {
	decl, declared := m.variables[name]
	if declared {
		if s, ok := decl.Body.Attributes["sensitive"]; ok {
			if v, diags := s.Expr.Value(nil); !diags.HasErrors() && v.True() {
				w.loc.Secret = true
			}
		}
	}
	if m.parent != nil {
		if a, ok := m.call.Body.Attributes[name]; ok {
			w.step(a.SrcRange, "module."+m.call.Labels[0]+" input "+name, a.Expr)
			w.follow(m.parent, a.Expr, path)
			return
		}
	} else {
		for _, f := range w.c.varFiles() {
			if a := w.c.tfvars(f, name); a != nil {
				w.step(a.SrcRange, "var."+name, a.Expr)
				w.loc.EnvironmentFile = f == w.c.VarFile
				w.follow(m, a.Expr, path)
				return
			}
		}
	}
	if declared {
		if d, ok := decl.Body.Attributes["default"]; ok {
			w.step(d.SrcRange, "default of var."+name, d.Expr)
			w.follow(m, d.Expr, path)
			if m.parent == nil && w.c.VarFile != "" && len(path) == 0 && w.loc.Kind == Literal {
				// The default serves every environment that does not set the
				// variable: codify in this environment's file instead.
				w.loc.edit = &edit{file: w.c.VarFile, src: w.c.source(w.c.VarFile), insert: true, atEOF: true, key: name, viaDefault: true}
			}
			return
		}
	}
	w.loc.Kind = Outside
	w.loc.Rest = path
	switch {
	case !declared:
		w.loc.Note = fmt.Sprintf("`var.%s` is not declared in %s", name, w.c.moduleName(m))
	case m.parent != nil:
		w.loc.Note = fmt.Sprintf("`var.%s` has no default and the module block `%s` does not set it", name, m.call.Labels[0])
	default:
		w.loc.Note = fmt.Sprintf("`var.%s` has no default and no variables file sets it: it comes from `TF_VAR_%s` or `-var`", name, name)
	}
	if declared {
		w.loc.Steps = append(w.loc.Steps, Step{File: w.c.show(decl.DefRange().Filename), Line: decl.DefRange().Start.Line, What: "var." + name})
	}
}

// constant reports whether an expression is a constant: no references and
// no function calls.
func constant(expr hclsyntax.Expression) bool {
	if len(expr.Variables()) > 0 {
		return false
	}
	_, diags := expr.Value(nil)
	return !diags.HasErrors()
}

func objectKey(k hclsyntax.Expression) (string, bool) {
	if kw := hcl.ExprAsKeyword(k); kw != "" {
		return kw, true
	}
	v, diags := k.Value(nil)
	if diags.HasErrors() || !v.IsKnown() || v.IsNull() || v.Type().FriendlyName() != "string" {
		return "", false
	}
	return v.AsString(), true
}

func traversalPath(t hcl.Traversal) []string {
	var out []string
	for _, s := range t {
		switch x := s.(type) {
		case hcl.TraverseAttr:
			out = append(out, x.Name)
		case hcl.TraverseIndex:
			if x.Key.Type().FriendlyName() == "string" {
				out = append(out, x.Key.AsString())
			} else if bf := x.Key.AsBigFloat(); bf != nil {
				out = append(out, bf.Text('f', 0))
			}
		}
	}
	return out
}

func traversalString(t hcl.Traversal) string {
	var b strings.Builder
	b.WriteString(t.RootName())
	for _, p := range traversalPath(t[1:]) {
		b.WriteString("." + p)
	}
	return b.String()
}

// moduleName names a module directory for a note.
func (c *Config) moduleName(m *module) string {
	if m.dir == c.Root {
		return "the root module"
	}
	return "`" + c.show(m.dir) + "/`"
}
