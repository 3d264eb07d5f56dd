package policy

import (
	"fmt"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
)

// Action is what a plan does to one resource, as a reviewer names it.
type Action string

const (
	Create  Action = "create"
	Update  Action = "update"
	Delete  Action = "delete"
	Replace Action = "replace"
	Read    Action = "read"
	NoOp    Action = "no-op"
	Forget  Action = "forget"
)

// ActionOf folds terraform's action list into one Action.
func ActionOf(a tfjson.Actions) Action {
	switch {
	case a.Replace():
		return Replace
	case a.Create():
		return Create
	case a.Update():
		return Update
	case a.Delete():
		return Delete
	case a.Read():
		return Read
	case a.Forget():
		return Forget
	default:
		return NoOp
	}
}

// Counts are the plan's totals. Add, Change and Destroy count as terraform
// does (a replace is one add and one destroy); Replace, Move and Import are
// counted on their own as well. Outputs counts the root module outputs
// that applying would change.
type Counts struct {
	Add, Change, Destroy, Replace, Move, Import, Forget, Outputs int
}

// HasChanges reports whether applying would change anything: a resource,
// or an output value (terraform applies output-only changes too, and a
// later step may read the new output).
func (c Counts) HasChanges() bool {
	return c.ResourceChanges() || c.Outputs > 0
}

// ResourceChanges reports whether applying would change any resource.
func (c Counts) ResourceChanges() bool {
	return c.Add+c.Change+c.Destroy+c.Move+c.Import+c.Forget > 0
}

// Plus adds two counts, for the totals of several environments.
func (c Counts) Plus(o Counts) Counts {
	return Counts{Add: c.Add + o.Add, Change: c.Change + o.Change, Destroy: c.Destroy + o.Destroy, Replace: c.Replace + o.Replace,
		Move: c.Move + o.Move, Import: c.Import + o.Import, Forget: c.Forget + o.Forget, Outputs: c.Outputs + o.Outputs}
}

// Count totals a plan's resource changes.
func Count(p *tfjson.Plan) Counts {
	var c Counts
	if p == nil {
		return c
	}
	for _, rc := range p.ResourceChanges {
		if rc == nil || rc.Change == nil || rc.Mode == tfjson.DataResourceMode {
			continue
		}
		switch ActionOf(rc.Change.Actions) {
		case Create:
			c.Add++
		case Update:
			c.Change++
		case Delete:
			c.Destroy++
		case Replace:
			c.Replace++
			c.Add++
			c.Destroy++
		case Forget:
			c.Forget++
		}
		if rc.PreviousAddress != "" && rc.PreviousAddress != rc.Address {
			c.Move++
		}
		if rc.Change.Importing != nil {
			c.Import++
		}
	}
	for _, oc := range p.OutputChanges {
		if outputChanges(oc) {
			c.Outputs++
		}
	}
	return c
}

// outputChanges reports whether applying changes an output's value. The
// refreshed prior state already holds the new values of outputs that can
// be computed at plan time, so only the planned action tells; terraform
// applies such a plan to save them ("You can apply this plan to save
// these new output values").
func outputChanges(oc *tfjson.Change) bool {
	return oc != nil && len(oc.Actions) > 0 && !oc.Actions.NoOp()
}

// AnyUnknown reports whether an after_unknown mask marks anything.
func AnyUnknown(v any) bool {
	switch x := v.(type) {
	case bool:
		return x
	case map[string]any:
		for _, s := range x {
			if AnyUnknown(s) {
				return true
			}
		}
	case []any:
		for _, s := range x {
			if AnyUnknown(s) {
				return true
			}
		}
	}
	return false
}

// Change is one resource change a reviewer should see.
type Change struct {
	Address         string
	PreviousAddress string
	Type            string
	Action          Action
	Importing       bool
}

// Changes lists the managed resources the plan changes, in plan order.
func Changes(p *tfjson.Plan) []Change {
	var out []Change
	if p == nil {
		return nil
	}
	for _, rc := range p.ResourceChanges {
		if rc == nil || rc.Change == nil || rc.Mode == tfjson.DataResourceMode {
			continue
		}
		a := ActionOf(rc.Change.Actions)
		moved := rc.PreviousAddress != "" && rc.PreviousAddress != rc.Address
		importing := rc.Change.Importing != nil
		if a == NoOp && !moved && !importing {
			continue
		}
		ch := Change{Address: rc.Address, Type: rc.Type, Action: a, Importing: importing}
		if moved {
			ch.PreviousAddress = rc.PreviousAddress
		}
		out = append(out, ch)
	}
	return out
}

// String says the counts the way both the plan comment and the deploy
// summary put them: "1 to add, 0 to change, 1 to destroy, 1 to replace".
func (c Counts) String() string {
	parts := []string{
		fmt.Sprintf("%d to add", c.Add), fmt.Sprintf("%d to change", c.Change), fmt.Sprintf("%d to destroy", c.Destroy),
	}
	if c.Replace > 0 {
		parts = append(parts, fmt.Sprintf("%d to replace", c.Replace))
	}
	if c.Move > 0 {
		parts = append(parts, fmt.Sprintf("%d moved", c.Move))
	}
	if c.Import > 0 {
		parts = append(parts, fmt.Sprintf("%d to import", c.Import))
	}
	if c.Forget > 0 {
		parts = append(parts, fmt.Sprintf("%d to forget", c.Forget))
	}
	if c.Outputs > 0 {
		parts = append(parts, fmt.Sprintf("%d output(s) to change", c.Outputs))
	}
	return strings.Join(parts, ", ")
}
