package plan

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	tfjson "github.com/hashicorp/terraform-json"

	"github.com/olympus-cloud/deploy-actions/internal/policy"
)

// Parsed is a `terraform show -json` plan as the steps read it.
type Parsed struct {
	*tfjson.Plan
	// Secrets is policy.Secrets of the plan, gathered while it was read.
	Secrets []string
}

// Parse reads a `terraform show -json` plan from r, as a stream: the file
// is never held in memory whole, whatever its size.
//
// It keeps what the steps read: the resource changes and the drift (each
// change's before, after and masks kept as compact JSON, json.RawMessage,
// decoded again only when a rendering or a rule needs them: see
// policy.Decoded), the output changes, the planned and prior outputs, the
// variables and which of them are sensitive. The resources of
// planned_values and prior_state and the configuration's bodies are
// skipped. The plan's secrets are gathered resource by resource as it is
// read, with the same rules as policy.Secrets.
//
// A null entry (a null resource change or drift entry, a change without
// "change", a null output or variable) is dropped. A value of the wrong
// type, invalid JSON, a name given twice in one object, invalid UTF-8 and
// a number out of range are errors that say where they are
// (resource_changes[3].change.actions: ...). Unknown fields are ignored;
// a format version terraform-json does not know (a new major version) is
// refused.
func Parse(r io.Reader) (*Parsed, error) {
	rd := &reader{d: jsontext.NewDecoder(r), secrets: policy.SecretSet{}, strings: map[string]string{}}
	p := &tfjson.Plan{}
	if err := rd.plan(p); err != nil {
		return nil, fmt.Errorf("not a `terraform show -json` plan this step can read: %w", rd.explain(err))
	}
	if err := p.Validate(); err != nil {
		return nil, fmt.Errorf("not a `terraform show -json` plan this step can read: %w", err)
	}
	rd.secrets.AddPlanValues(p)
	return &Parsed{Plan: p, Secrets: rd.secrets.Sorted()}, nil
}

type reader struct {
	d       *jsontext.Decoder
	secrets policy.SecretSet
	// arena holds the raw values of many changes in few allocations.
	arena   []byte
	strings map[string]string
}

// arenaChunk is the size of the blocks raw values are copied into.
const arenaChunk = 1 << 20

func (r *reader) plan(p *tfjson.Plan) error {
	if err := r.object(func(name string) error {
		switch name {
		case "format_version":
			return r.str(&p.FormatVersion)
		case "terraform_version":
			return r.str(&p.TerraformVersion)
		case "variables":
			return r.variables(&p.Variables)
		case "resource_changes":
			return r.changes(&p.ResourceChanges)
		case "resource_drift":
			return r.changes(&p.ResourceDrift)
		case "output_changes":
			return r.outputChanges(&p.OutputChanges)
		case "planned_values":
			return r.object(func(name string) error {
				if name != "outputs" {
					return r.d.SkipValue()
				}
				if p.PlannedValues == nil {
					p.PlannedValues = &tfjson.StateValues{}
				}
				return r.outputs(&p.PlannedValues.Outputs)
			})
		case "prior_state":
			return r.object(func(name string) error {
				if name != "values" {
					return r.d.SkipValue()
				}
				return r.object(func(name string) error {
					if name != "outputs" {
						return r.d.SkipValue()
					}
					if p.PriorState == nil {
						p.PriorState = &tfjson.State{Values: &tfjson.StateValues{}}
					}
					return r.outputs(&p.PriorState.Values.Outputs)
				})
			})
		case "configuration":
			return r.object(func(name string) error {
				if name != "root_module" {
					return r.d.SkipValue()
				}
				return r.object(func(name string) error {
					if name != "variables" {
						return r.d.SkipValue()
					}
					if p.Config == nil {
						p.Config = &tfjson.Config{RootModule: &tfjson.ConfigModule{}}
					}
					return r.configVariables(&p.Config.RootModule.Variables)
				})
			})
		default:
			return r.d.SkipValue()
		}
	}); err != nil {
		return err
	}
	// One plan per input: anything after it is a mistake.
	if _, err := r.d.ReadToken(); err != io.EOF {
		if err == nil {
			return errors.New("more JSON after the plan; pass the output of one `terraform show -json`")
		}
		return err
	}
	return nil
}

// changes reads resource_changes or resource_drift.
func (r *reader) changes(list *[]*tfjson.ResourceChange) error {
	return r.array(func() error {
		rc, err := r.resourceChange()
		if err != nil {
			return err
		}
		if rc != nil && rc.Change != nil {
			*list = append(*list, rc)
		}
		return nil
	})
}

func (r *reader) resourceChange() (*tfjson.ResourceChange, error) {
	if r.d.PeekKind() == 'n' {
		_, err := r.d.ReadToken()
		return nil, err
	}
	rc := &tfjson.ResourceChange{}
	err := r.object(func(name string) error {
		switch name {
		case "address":
			return r.str(&rc.Address)
		case "previous_address":
			return r.str(&rc.PreviousAddress)
		case "module_address":
			return r.sym(&rc.ModuleAddress)
		case "mode":
			return r.sym((*string)(&rc.Mode))
		case "type":
			return r.sym(&rc.Type)
		case "name":
			return r.sym(&rc.Name)
		case "index":
			return r.decode(&rc.Index)
		case "provider_name":
			return r.sym(&rc.ProviderName)
		case "deposed":
			return r.str(&rc.DeposedKey)
		case "action_reason":
			return r.sym((*string)(&rc.ActionReason))
		case "change":
			if r.d.PeekKind() == 'n' {
				_, err := r.d.ReadToken()
				return err
			}
			rc.Change = &tfjson.Change{}
			return r.change(rc.Change)
		default:
			return r.d.SkipValue()
		}
	})
	if err != nil {
		return nil, err
	}
	return rc, nil
}

// change reads one resource change, its values kept raw.
func (r *reader) change(c *tfjson.Change) error {
	err := r.object(func(name string) error { return r.changeMember(c, name) })
	if err != nil {
		return err
	}
	// The secrets are gathered now, from the raw values, and a value that
	// would not decode (a number out of range) is an error now rather than
	// a blank in the rendering.
	if err := r.secrets.AddChange(c); err != nil {
		return fmt.Errorf("%s.%w", where(r.d.StackPointer()), err)
	}
	return nil
}

// changeMember reads one member of a change object.
func (r *reader) changeMember(c *tfjson.Change, name string) error {
	switch name {
	case "actions":
		return r.actions(&c.Actions)
	case "before":
		return r.value(&c.Before)
	case "after":
		return r.value(&c.After)
	case "after_unknown":
		return r.value(&c.AfterUnknown)
	case "before_sensitive":
		return r.value(&c.BeforeSensitive)
	case "after_sensitive":
		return r.value(&c.AfterSensitive)
	case "importing":
		return r.decode(&c.Importing)
	case "generated_config":
		return r.str(&c.GeneratedConfig)
	case "replace_paths":
		return r.decode(&c.ReplacePaths)
	case "before_identity":
		return r.decode(&c.BeforeIdentity)
	case "after_identity":
		return r.decode(&c.AfterIdentity)
	default:
		return r.d.SkipValue()
	}
}

// decodeValues returns a copy of c with its raw values decoded.
func decodeValues(c *tfjson.Change) (*tfjson.Change, error) {
	decoded := *c
	for _, f := range []*any{&decoded.Before, &decoded.After, &decoded.AfterUnknown, &decoded.BeforeSensitive, &decoded.AfterSensitive} {
		raw, ok := (*f).(json.RawMessage)
		if !ok {
			continue
		}
		var v any
		if err := jsonv2.Unmarshal(raw, &v); err != nil {
			return nil, err
		}
		*f = v
	}
	return &decoded, nil
}

// value reads a change's value: scalars as encoding/json decodes them,
// objects and lists as compact raw JSON in the arena.
func (r *reader) value(dst *any) error {
	switch r.d.PeekKind() {
	case '{', '[':
		v, err := r.d.ReadValue()
		if err != nil {
			return err
		}
		*dst = r.keep(v)
		return nil
	default:
		return r.decode(dst)
	}
}

// keep copies a raw value into the arena, compacted.
func (r *reader) keep(v jsontext.Value) json.RawMessage {
	if len(r.arena)+len(v) > cap(r.arena) {
		r.arena = make([]byte, 0, max(arenaChunk, len(v)))
	}
	start := len(r.arena)
	r.arena = append(r.arena, v...)
	if hasSpace(v) {
		kept := jsontext.Value(r.arena[start:])
		if err := kept.Compact(); err == nil {
			r.arena = r.arena[:start+len(kept)]
		}
	}
	// The capacity is cut so that an append to the value never writes over
	// the next one.
	return json.RawMessage(r.arena[start:len(r.arena):len(r.arena)])
}

// hasSpace reports whether a value may have whitespace to compact away:
// terraform writes none, a plan reformatted by hand may.
func hasSpace(v []byte) bool {
	return bytes.IndexByte(v, ' ') >= 0 || bytes.IndexByte(v, '\n') >= 0 || bytes.IndexByte(v, '\t') >= 0 || bytes.IndexByte(v, '\r') >= 0
}

func (r *reader) actions(dst *tfjson.Actions) error {
	if r.d.PeekKind() != '[' && r.d.PeekKind() != 'n' {
		return r.wrongKind("a list of actions")
	}
	*dst = nil
	return r.array(func() error {
		var a string
		if err := r.sym(&a); err != nil {
			return err
		}
		*dst = append(*dst, tfjson.Action(a))
		return nil
	})
}

func (r *reader) variables(dst *map[string]*tfjson.PlanVariable) error {
	return r.object(func(name string) error {
		var v *tfjson.PlanVariable
		if err := r.decode(&v); err != nil || v == nil {
			return err
		}
		if *dst == nil {
			*dst = map[string]*tfjson.PlanVariable{}
		}
		(*dst)[name] = v
		return nil
	})
}

// outputChanges reads output_changes, with their values decoded: there are
// few, and the renderer reads them as they are.
func (r *reader) outputChanges(dst *map[string]*tfjson.Change) error {
	return r.object(func(name string) error {
		if r.d.PeekKind() == 'n' {
			_, err := r.d.ReadToken()
			return err
		}
		c := &tfjson.Change{}
		if err := r.object(func(name string) error { return r.changeMember(c, name) }); err != nil {
			return err
		}
		c, err := decodeValues(c)
		if err != nil {
			return err
		}
		if *dst == nil {
			*dst = map[string]*tfjson.Change{}
		}
		(*dst)[name] = c
		return nil
	})
}

// outputs reads state outputs: their value and whether they are
// sensitive (their type is not needed).
func (r *reader) outputs(dst *map[string]*tfjson.StateOutput) error {
	return r.object(func(name string) error {
		var o *struct {
			Sensitive bool `json:"sensitive"`
			Value     any  `json:"value"`
		}
		if err := r.decode(&o); err != nil || o == nil {
			return err
		}
		if *dst == nil {
			*dst = map[string]*tfjson.StateOutput{}
		}
		(*dst)[name] = &tfjson.StateOutput{Sensitive: o.Sensitive, Value: o.Value}
		return nil
	})
}

func (r *reader) configVariables(dst *map[string]*tfjson.ConfigVariable) error {
	return r.object(func(name string) error {
		var v *tfjson.ConfigVariable
		if err := r.decode(&v); err != nil || v == nil {
			return err
		}
		if *dst == nil {
			*dst = map[string]*tfjson.ConfigVariable{}
		}
		(*dst)[name] = v
		return nil
	})
}

// object reads an object, calling fn after each member's name; fn reads
// the value. A null reads as an empty object.
func (r *reader) object(fn func(name string) error) error {
	switch r.d.PeekKind() {
	case 'n':
		_, err := r.d.ReadToken()
		return err
	case '{':
	default:
		return r.wrongKind("an object")
	}
	if _, err := r.d.ReadToken(); err != nil {
		return err
	}
	for r.d.PeekKind() != '}' {
		quoted, err := r.d.ReadValue()
		if err != nil {
			return err
		}
		name, err := r.name(quoted)
		if err != nil {
			return err
		}
		if err := fn(name); err != nil {
			return err
		}
	}
	_, err := r.d.ReadToken()
	return err
}

// name returns an object member's name, interned: plans repeat the same
// few names in every resource.
func (r *reader) name(quoted []byte) (string, error) {
	if len(quoted) >= 2 && bytes.IndexByte(quoted, '\\') < 0 {
		return r.intern(quoted[1 : len(quoted)-1]), nil
	}
	b, err := jsontext.AppendUnquote(nil, quoted)
	return string(b), err
}

// intern returns b as a string, the same string for the same bytes as
// long as few distinct ones are asked for.
func (r *reader) intern(b []byte) string {
	if s, ok := r.strings[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(r.strings) >= maxInterned {
		clear(r.strings)
	}
	r.strings[s] = s
	return s
}

// maxInterned bounds the interned strings.
const maxInterned = 4096

// array reads a list, calling fn to read each element. A null reads as an
// empty list.
func (r *reader) array(fn func() error) error {
	switch r.d.PeekKind() {
	case 'n':
		_, err := r.d.ReadToken()
		return err
	case '[':
	default:
		return r.wrongKind("a list")
	}
	if _, err := r.d.ReadToken(); err != nil {
		return err
	}
	for r.d.PeekKind() != ']' {
		if err := fn(); err != nil {
			return err
		}
	}
	_, err := r.d.ReadToken()
	return err
}

// str reads a string; null reads as "".
func (r *reader) str(dst *string) error { return r.readString(dst, false) }

// sym reads a string that many resources share (a type, a mode, an
// action), interned.
func (r *reader) sym(dst *string) error { return r.readString(dst, true) }

func (r *reader) readString(dst *string, intern bool) error {
	switch r.d.PeekKind() {
	case 'n':
		_, err := r.d.ReadToken()
		return err
	case '"':
		quoted, err := r.d.ReadValue()
		if err != nil {
			return err
		}
		switch {
		case bytes.IndexByte(quoted, '\\') >= 0:
			b, err := jsontext.AppendUnquote(nil, quoted)
			if err != nil {
				return err
			}
			*dst = string(b)
		case intern:
			*dst = r.intern(quoted[1 : len(quoted)-1])
		default:
			*dst = string(quoted[1 : len(quoted)-1])
		}
		return nil
	default:
		return r.wrongKind("a string")
	}
}

// decode reads one value into dst with encoding/json's rules.
func (r *reader) decode(dst any) error {
	return jsonv2.UnmarshalDecode(r.d, dst)
}

// kindError is a value of the wrong JSON type, where it is.
type kindError struct {
	where    jsontext.Pointer
	found    jsontext.Kind
	expected string
}

func (e *kindError) Error() string {
	return fmt.Sprintf("%s: found %s where %s is expected", where(e.where), kindName(e.found), e.expected)
}

// wrongKind reports the next value as the wrong type, after reading it
// (so that the decoder's position names it).
func (r *reader) wrongKind(expected string) error {
	k := r.d.PeekKind()
	if k == 0 || k == '}' || k == ']' {
		// Not a value at all: the decoder says why.
		_, err := r.d.ReadToken()
		if err == nil {
			err = errors.New("unexpected end of an object or list")
		}
		return err
	}
	if err := r.d.SkipValue(); err != nil {
		return err
	}
	return &kindError{where: r.d.StackPointer(), found: k, expected: expected}
}

// explain turns the JSON library's errors into one line that says where
// the problem is, in the plan's own terms.
func (r *reader) explain(err error) error {
	var ke *kindError
	var se *jsonv2.SemanticError
	var syn *jsontext.SyntacticError
	switch {
	case errors.As(err, &ke):
		return ke
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return errors.New("the JSON ends too early (empty or cut short)")
	case errors.As(err, &se) && se.JSONKind == '0' && se.Err != nil && strings.Contains(se.Err.Error(), "out of range"):
		return fmt.Errorf("%s: the number %s is out of range", where(se.JSONPointer), se.JSONValue)
	case errors.As(err, &se):
		what := "a value"
		if se.GoType != nil {
			what = goKindName(se.GoType.Kind().String())
		}
		msg := fmt.Sprintf("%s: cannot read %s as %s", where(se.JSONPointer), kindName(se.JSONKind), what)
		if se.Err != nil {
			msg += ": " + se.Err.Error()
		}
		return errors.New(msg)
	case errors.As(err, &syn):
		return fmt.Errorf("invalid JSON at byte %d (%s): %v", syn.ByteOffset, where(syn.JSONPointer), syn.Err)
	}
	return err
}

// where says a JSON pointer the way a reader of the plan names things:
// resource_changes[3].change.actions.
func where(p jsontext.Pointer) string {
	if p == "" {
		return "the plan"
	}
	var b strings.Builder
	for tok := range p.Tokens() {
		if _, err := strconv.Atoi(tok); err == nil && b.Len() > 0 {
			b.WriteString("[" + tok + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(strconv.Quote(tok)[1 : len(strconv.Quote(tok))-1])
	}
	return b.String()
}

func kindName(k jsontext.Kind) string {
	switch k {
	case 'n':
		return "null"
	case 't', 'f':
		return "true or false"
	case '"':
		return "a string"
	case '0':
		return "a number"
	case '{':
		return "an object"
	case '[':
		return "a list"
	}
	return "a value"
}

func goKindName(k string) string {
	switch k {
	case "string":
		return "a string"
	case "bool":
		return "true or false"
	case "slice", "array":
		return "a list"
	case "map", "struct", "ptr":
		return "an object"
	case "interface":
		return "a value"
	}
	if strings.HasPrefix(k, "int") || strings.HasPrefix(k, "uint") || strings.HasPrefix(k, "float") {
		return "a number"
	}
	return k
}
