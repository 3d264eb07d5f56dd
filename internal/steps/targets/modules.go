package targets

import (
	"fmt"
	"path"
	"regexp"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// Module is what the step needs of one module directory: the local
// modules it calls, the states it reads, and its backend block.
type Module struct {
	Calls      []Call
	StateReads []StateRead
	// Backend is the backend block of terraform {}, nil when there is
	// none.
	Backend *Backend
	// Problems are files hcl could not read, in hcl's own words: what
	// could be read of the others is still used.
	Problems []string
}

// Call is a module block with a local source.
type Call struct {
	Name string
	// Dir is the called module's directory from the repository root.
	Dir string
	Pos string // file:line
}

// StateRead is a data "terraform_remote_state" block.
type StateRead struct {
	Name    string
	Backend string // "" when it is not a literal
	Config  map[string]Value
	Pos     string
}

// Backend is a backend's type and settings, from the root module's block
// and an environment's backend file.
type Backend struct {
	Type   string
	Config map[string]Value
}

// Value is a setting as far as it can be known without evaluating:
// a literal, or a pattern of what an expression with references or
// interpolations can be.
type Value struct {
	Text string
	// Re, when set, matches every string the expression can be.
	Re *regexp.Regexp
}

// Match reports whether s is a value v can be.
func (v Value) Match(s string) bool {
	if v.Re != nil {
		return v.Re.MatchString(s)
	}
	return v.Text == s
}

// Known reports whether v is a literal.
func (v Value) Known() bool { return v.Re == nil }

func (v Value) String() string {
	if v.Re != nil {
		return v.Re.String()
	}
	return v.Text
}

var anything = regexp.MustCompile(`^.*$`)

// File is a file's name (from the repository root) and contents.
type File struct {
	Name string
	Data []byte
}

// moduleSchema is all the step reads of a module: partial content, so
// resources, variables and the rest are parsed but never decoded.
var moduleSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
	{Type: "module", LabelNames: []string{"name"}},
	{Type: "data", LabelNames: []string{"type", "name"}},
	{Type: "terraform"},
}}

var (
	callSchema      = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "source"}}}
	stateSchema     = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "backend"}, {Name: "config"}}}
	terraformSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "backend", LabelNames: []string{"type"}}}}
)

// ParseModule reads the Terraform files of the module in dir.
func ParseModule(dir string, files []File) *Module {
	m := &Module{}
	for _, f := range files {
		body, diags := parseFile(f)
		if diags.HasErrors() {
			m.Problems = append(m.Problems, diags.Error())
		}
		if body == nil {
			continue
		}
		content, _, _ := body.PartialContent(moduleSchema)
		for _, b := range content.Blocks {
			switch b.Type {
			case "module":
				if c, ok := localCall(dir, b); ok {
					m.Calls = append(m.Calls, c)
				}
			case "data":
				if b.Labels[0] == "terraform_remote_state" {
					m.StateReads = append(m.StateReads, stateRead(b))
				}
			case "terraform":
				tc, _, _ := b.Body.PartialContent(terraformSchema)
				for _, bb := range tc.Blocks {
					attrs, _ := bb.Body.JustAttributes()
					m.Backend = &Backend{Type: bb.Labels[0], Config: values(attrs)}
				}
			}
		}
	}
	return m
}

func parseFile(f File) (hcl.Body, hcl.Diagnostics) {
	var file *hcl.File
	var diags hcl.Diagnostics
	if strings.HasSuffix(f.Name, ".json") {
		file, diags = hcljson.Parse(f.Data, f.Name)
	} else {
		file, diags = hclsyntax.ParseConfig(f.Data, f.Name, hcl.InitialPos)
	}
	if file == nil {
		return nil, diags
	}
	return file.Body, diags
}

func pos(r hcl.Range) string { return fmt.Sprintf("%s:%d", r.Filename, r.Start.Line) }

// localCall is a module block whose source is a local path (./ or ../,
// as terraform tells them from registry and remote sources).
func localCall(dir string, b *hcl.Block) (Call, bool) {
	content, _, _ := b.Body.PartialContent(callSchema)
	attr, ok := content.Attributes["source"]
	if !ok {
		return Call{}, false
	}
	src := literal(attr.Expr)
	if !src.Known() || !(strings.HasPrefix(src.Text, "./") || strings.HasPrefix(src.Text, "../")) {
		return Call{}, false
	}
	to := path.Join(dir, src.Text)
	if to == ".." || strings.HasPrefix(to, "../") {
		return Call{}, false
	}
	return Call{Name: b.Labels[0], Dir: to, Pos: pos(b.DefRange)}, true
}

func stateRead(b *hcl.Block) StateRead {
	r := StateRead{Name: b.Labels[1], Pos: pos(b.DefRange), Config: map[string]Value{}}
	content, _, _ := b.Body.PartialContent(stateSchema)
	if a, ok := content.Attributes["backend"]; ok {
		if v := literal(a.Expr); v.Known() {
			r.Backend = v.Text
		}
	}
	if a, ok := content.Attributes["config"]; ok {
		items, diags := hcl.ExprMap(a.Expr)
		if !diags.HasErrors() {
			for _, it := range items {
				key := hcl.ExprAsKeyword(it.Key)
				if key == "" {
					if k := literal(it.Key); k.Known() {
						key = k.Text
					}
				}
				if key != "" {
					r.Config[key] = literal(it.Value)
				}
			}
		}
	}
	return r
}

func values(attrs hcl.Attributes) map[string]Value {
	out := map[string]Value{}
	for name, a := range attrs {
		out[name] = literal(a.Expr)
	}
	return out
}

// literal is an expression's string value when it has one without
// evaluation, else the pattern of what it can be: the literal parts of a
// template, anything for each interpolation.
func literal(e hcl.Expression) Value {
	if v, diags := e.Value(nil); !diags.HasErrors() && v.IsWhollyKnown() && !v.IsNull() {
		if s, err := convert.Convert(v, cty.String); err == nil {
			return Value{Text: s.AsString()}
		}
	}
	if t, ok := e.(*hclsyntax.TemplateExpr); ok {
		var re strings.Builder
		re.WriteString("^")
		for _, part := range t.Parts {
			if lit, ok := part.(*hclsyntax.LiteralValueExpr); ok && lit.Val.Type() == cty.String {
				re.WriteString(regexp.QuoteMeta(lit.Val.AsString()))
				continue
			}
			re.WriteString(".*")
		}
		re.WriteString("$")
		return Value{Re: regexp.MustCompile(re.String())}
	}
	return Value{Re: anything}
}

// ParseBackendFile reads an environment's backend file (name = value
// lines, HCL).
func ParseBackendFile(name string, data []byte) (map[string]Value, error) {
	file, diags := hclsyntax.ParseConfig(data, name, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, diags
	}
	attrs, diags := file.Body.JustAttributes()
	if diags.HasErrors() {
		return nil, diags
	}
	return values(attrs), nil
}
