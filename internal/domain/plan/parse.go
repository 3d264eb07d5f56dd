package plan

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	tfjson "github.com/hashicorp/terraform-json"

	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
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
// variables and which of them are sensitive, and of the configuration's
// resources only the attributes set from a secret-named variable or local
// (policy.AddSecretReferences). The resources of planned_values and
// prior_state and the rest of the configuration are skipped. The plan's secrets are gathered resource by resource as it is
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
	// Each change's secrets are gathered by a second walk of its raw
	// values: a goroutine of its own does it while the next changes are
	// read, on the other core.
	walks, walked := make(chan walk, 1024), make(chan error, 1)
	gathered := policy.SecretSet{}
	go func() {
		var first error
		for w := range walks {
			if err := gathered.AddChange(w.change); err != nil && first == nil {
				first = fmt.Errorf("%s.%w", w.where, err)
			}
		}
		walked <- first
	}()
	rd.walks = walks
	p := &tfjson.Plan{}
	err := rd.plan(p)
	close(walks)
	// A change the walk refused comes before wherever reading stopped.
	if werr := <-walked; werr != nil {
		err = werr
	}
	if err != nil {
		return nil, fmt.Errorf("not a `terraform show -json` plan this step can read: %w", rd.explain(err))
	}
	for s := range gathered {
		rd.secrets[s] = true
	}
	if err := p.Validate(); err != nil {
		return nil, fmt.Errorf("not a `terraform show -json` plan this step can read: %w", err)
	}
	rd.secrets.AddPlanValues(p)
	rd.secrets.AddSecretReferences(p)
	return &Parsed{Plan: p, Secrets: rd.secrets.Sorted()}, nil
}

type reader struct {
	d       *jsontext.Decoder
	secrets policy.SecretSet
	// walks takes each change read, for its secrets.
	walks chan<- walk
	// arena holds the raw values of many changes in few allocations.
	arena   []byte
	strings map[string]string
}

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
				if p.Config == nil {
					p.Config = &tfjson.Config{RootModule: &tfjson.ConfigModule{}}
				}
				return r.configModule(p.Config.RootModule, true)
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
	// The secrets are gathered from the raw values (the walk goroutine of
	// Parse), and a value that would not decode (a number out of range) is
	// an error of the plan rather than a blank in the rendering.
	r.walks <- walk{change: c, where: where(r.d.StackPointer())}
	return nil
}

// walk is a change whose raw values are to be walked for secrets, and
// where it is in the plan.
type walk struct {
	change *tfjson.Change
	where  string
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

// configModule reads a module of the configuration: its variables (root
// only) and, for each resource and module call, just what
// policy.AddSecretReferences needs.
func (r *reader) configModule(m *tfjson.ConfigModule, root bool) error {
	return r.object(func(name string) error {
		switch {
		case name == "variables" && root:
			return r.configVariables(&m.Variables)
		case name == "resources":
			return r.array(func() error {
				res, err := r.configResource()
				if err != nil || res == nil {
					return err
				}
				m.Resources = append(m.Resources, res)
				return nil
			})
		case name == "module_calls":
			return r.object(func(call string) error {
				return r.object(func(name string) error {
					if name != "module" {
						return r.d.SkipValue()
					}
					if m.ModuleCalls == nil {
						m.ModuleCalls = map[string]*tfjson.ModuleCall{}
					}
					child := &tfjson.ConfigModule{}
					m.ModuleCalls[call] = &tfjson.ModuleCall{Module: child}
					return r.configModule(child, false)
				})
			})
		default:
			return r.d.SkipValue()
		}
	})
}

// refersToSecret reports whether a configuration block's JSON refers to a
// variable or local named like a secret anywhere ("var.db_password",
// "local.bootstrap_token.value"). It looks for the quoted prefixes with
// bytes.Index, so that the configuration of a large plan, where such
// references are rare, costs a scan and no decoding.
func refersToSecret(v []byte) bool {
	for _, prefix := range [][]byte{[]byte(`"var.`), []byte(`"local.`)} {
		for rest := v; ; {
			i := bytes.Index(rest, prefix)
			if i < 0 {
				break
			}
			rest = rest[i+len(prefix):]
			n := 0
			for n < len(rest) && (rest[n] == '_' || rest[n] == '-' || rest[n] >= 'a' && rest[n] <= 'z' || rest[n] >= 'A' && rest[n] <= 'Z' || rest[n] >= '0' && rest[n] <= '9') {
				n++
			}
			if n > 0 && policy.SecretKey(string(rest[:n])) {
				return true
			}
		}
	}
	return false
}

// configResource reads a resource block of the configuration, keeping only
// the expressions of attributes that refer to a secret-named variable or
// local somewhere (policy.AddSecretReferences judges them); nil when there
// is none.
func (r *reader) configResource() (*tfjson.ConfigResource, error) {
	v, err := r.d.ReadValue()
	if err != nil || !refersToSecret(v) {
		return nil, err
	}
	var raw struct {
		Mode        tfjson.ResourceMode        `json:"mode"`
		Type        string                     `json:"type"`
		Name        string                     `json:"name"`
		Expressions map[string]json.RawMessage `json:"expressions"`
	}
	if err := json.Unmarshal(v, &raw); err != nil {
		return nil, err
	}
	var kept map[string]*tfjson.Expression
	for attr, expr := range raw.Expressions {
		if !refersToSecret(expr) {
			continue
		}
		var e tfjson.Expression
		if err := json.Unmarshal(expr, &e); err != nil {
			return nil, fmt.Errorf("expressions.%s: %w", attr, err)
		}
		if kept == nil {
			kept = map[string]*tfjson.Expression{}
		}
		kept[attr] = &e
	}
	if kept == nil {
		return nil, nil
	}
	return &tfjson.ConfigResource{Mode: raw.Mode, Type: raw.Type, Name: raw.Name, Expressions: kept}, nil
}
