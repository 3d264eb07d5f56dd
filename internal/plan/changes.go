// Package plan reads terraform-json plans: what each resource change does,
// and the counts terraform itself would print.
package plan

import (
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
// counted on their own as well.
type Counts struct {
	Add, Change, Destroy, Replace, Move, Import, Forget int
}

// HasChanges reports whether applying would change any resource.
func (c Counts) HasChanges() bool {
	return c.Add+c.Change+c.Destroy+c.Move+c.Import+c.Forget > 0
}

// Count totals a plan's resource changes.
func Count(p *tfjson.Plan) Counts {
	var c Counts
	for _, rc := range p.ResourceChanges {
		if rc.Change == nil || rc.Mode == tfjson.DataResourceMode {
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
	return c
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
	for _, rc := range p.ResourceChanges {
		if rc.Change == nil || rc.Mode == tfjson.DataResourceMode {
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
