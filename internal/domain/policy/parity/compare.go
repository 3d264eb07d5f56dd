package parity

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
)

// Kind is what sort of difference a fresh plan has from the reviewed one.
type Kind string

// Differences that refuse the apply: something would be destroyed,
// replaced, forgotten or changed that nobody reviewed.
const (
	// UnreviewedDestroy: the fresh plan deletes a resource that the
	// reviewed plan did not delete (it updated it, replaced it, or did
	// not touch it).
	UnreviewedDestroy Kind = "unreviewed-destroy"
	// UnreviewedReplace: the fresh plan replaces a resource that the
	// reviewed plan did not replace.
	UnreviewedReplace Kind = "unreviewed-replace"
	// UnreviewedForget: the fresh plan removes a resource from the state
	// (a removed block) where the reviewed plan did not.
	UnreviewedForget Kind = "unreviewed-forget"
	// NotReviewed: the fresh plan creates, updates, moves or imports a
	// resource that is not in the reviewed plan at all.
	NotReviewed Kind = "not-reviewed"
	// Unverifiable: the reviewed record kept only its summary (the plan
	// was too large to record per resource) and the fresh plan's set of
	// addresses and actions is not the same, so no fresh change can be
	// shown to have been reviewed.
	Unverifiable Kind = "unverifiable"
)

// Differences that are shown and applied.
const (
	// ActionChanged: a resource in both plans whose action changed in a
	// way that destroys nothing (a reviewed replace is now an update, a
	// reviewed update a create because the object is gone, a move or an
	// import appeared or went away).
	ActionChanged Kind = "action-changed"
	// ValuesDiffer: a resource in both plans with the same action whose
	// attribute values differ (a branch merged stale: the image the
	// reviewer saw was replaced by a newer one on main).
	ValuesDiffer Kind = "values-differ"
	// ApplyTimeValues: the only differences of a resource are values
	// known only at apply time in one plan or the other.
	ApplyTimeValues Kind = "apply-time-values"
	// OutputDiffers: a root module output changes differently.
	OutputDiffers Kind = "output-differs"
	// NoLongerPlanned: a reviewed change is not in the fresh plan (it was
	// applied another way, or main undid its cause).
	NoLongerPlanned Kind = "no-longer-planned"
)

// Refuses reports whether a difference of this kind refuses the apply.
func (k Kind) Refuses() bool {
	switch k {
	case UnreviewedDestroy, UnreviewedReplace, UnreviewedForget, NotReviewed, Unverifiable:
		return true
	}
	return false
}

// Difference is one way the fresh plan differs from the reviewed one.
type Difference struct {
	Kind Kind
	// Address is the resource's address or the output's name; empty for a
	// reviewed change whose record kept only the hash of its address
	// (Keys detail), and for the one ValuesDiffer of a Summary record.
	Address string
	// Reviewed and Fresh are the action in each plan, as Action says
	// it; empty when the plan does not change the resource.
	Reviewed, Fresh string
	// Attributes are the attributes whose values differ, when the
	// reviewed record kept them (Attributes detail).
	Attributes []AttributeDifference
}

// AttributeDifference is one attribute whose value differs.
type AttributeDifference struct {
	// Path names the attribute as the fresh plan does; empty for an
	// attribute the reviewed plan changed and the fresh one does not
	// (the record keeps only its hash).
	Path string
	// ApplyTime: the value is known only at apply time in one plan.
	ApplyTime bool
}

// Refuses reports whether d refuses the apply.
func (d Difference) Refuses() bool { return d.Kind.Refuses() }

// String says d in a sentence, plain text (the address is the plan's:
// escape it where it is rendered).
func (d Difference) String() string {
	addr := d.Address
	if addr == "" {
		addr = "a reviewed resource change (its address was not recorded)"
	}
	switch d.Kind {
	case UnreviewedDestroy, UnreviewedReplace, UnreviewedForget:
		return fmt.Sprintf("%s: %s, reviewed as %s", addr, d.Fresh, orNothing(d.Reviewed))
	case NotReviewed:
		return fmt.Sprintf("%s: %s, not in the reviewed plan", addr, d.Fresh)
	case Unverifiable:
		if d.Address == "" {
			return "the reviewed record does not match its own parts (corrupted or forged); re-run the pull request's plan"
		}
		return fmt.Sprintf("%s: %s, cannot be matched to the reviewed plan (recorded as a summary only)", addr, d.Fresh)
	case ActionChanged:
		return fmt.Sprintf("%s: %s, reviewed as %s", addr, d.Fresh, d.Reviewed)
	case ValuesDiffer, ApplyTimeValues:
		if d.Address == "" {
			return "values differ from the reviewed plan (it was recorded as a summary only, so where is not known)"
		}
		what := "values differ from the reviewed plan"
		if d.Kind == ApplyTimeValues {
			what = "values known only at apply time differ"
		}
		if paths := d.attributePaths(); paths != "" {
			what += ": " + paths
		}
		return fmt.Sprintf("%s: %s", addr, what)
	case OutputDiffers:
		return fmt.Sprintf("output %s: value differs from the reviewed plan", addr)
	case NoLongerPlanned:
		return fmt.Sprintf("%s: reviewed as %s, no longer planned", addr, d.Reviewed)
	}
	return addr
}

func (d Difference) attributePaths() string {
	var named []string
	unnamed := 0
	for _, a := range d.Attributes {
		if a.Path == "" {
			unnamed++
			continue
		}
		named = append(named, a.Path)
	}
	if unnamed > 0 {
		named = append(named, fmt.Sprintf("%d reviewed attribute change(s) no longer planned", unnamed))
	}
	return strings.Join(named, ", ")
}

func orNothing(action string) string {
	if action == "" {
		return "no change"
	}
	return action
}

// Comparison is the outcome of comparing a fresh plan with the reviewed
// record.
type Comparison struct {
	// Exact: the fresh plan is exactly the change set reviewed (values
	// known only at apply time included, as unknown in both).
	Exact bool
	// Detail is the reviewed record's detail, for the summary to say how
	// closely it could compare.
	Detail Detail
	// Differences, refusals first, then by address.
	Differences []Difference
}

// Refusals are the differences that refuse the apply.
func (c Comparison) Refusals() []Difference {
	var out []Difference
	for _, d := range c.Differences {
		if d.Refuses() {
			out = append(out, d)
		}
	}
	return out
}

// Refused reports whether any difference refuses the apply.
func (c Comparison) Refused() bool { return len(c.Refusals()) > 0 }

// Compare digests the fresh plan with the reviewed record's salt and
// compares the two. secrets are the fresh plan's secrets (see Digest).
//
// The rule (issue 23): an unreviewed destroy, replace or forget, or a
// resource change not in the reviewed plan, refuses the apply; every
// other difference is shown and applied: values that differ on a
// resource both plans change the same way (a stale branch), values
// known only at apply time, outputs, a reviewed change no longer
// planned, and an action that changed without destroying anything.
func Compare(reviewed *ChangeSet, fresh *tfjson.Plan, secrets []string) Comparison {
	f := digest(fresh, reviewed.Salt, secrets, true)
	c := Comparison{Detail: reviewed.Detail}
	if bytes.Equal(f.All, reviewed.All) {
		c.Exact = true
		return c
	}
	if reviewed.Detail == Summary {
		c.Differences = compareSummary(reviewed, f)
	} else {
		c.Differences = append(compareResources(reviewed, f), compareOutputs(reviewed.Outputs, f.Outputs)...)
	}
	sort.SliceStable(c.Differences, func(i, j int) bool {
		a, b := c.Differences[i], c.Differences[j]
		if a.Refuses() != b.Refuses() {
			return a.Refuses()
		}
		if (a.Address == "") != (b.Address == "") {
			return b.Address == ""
		}
		return a.Address < b.Address
	})
	if len(c.Differences) == 0 {
		// The record and the plan disagree on the whole and on no part:
		// only a forged or corrupted record does that.
		c.Differences = []Difference{{Kind: Unverifiable}}
	}
	return c
}

func compareSummary(reviewed, f *ChangeSet) []Difference {
	if bytes.Equal(f.Shape, reviewed.Shape) {
		return []Difference{{Kind: ValuesDiffer}}
	}
	var out []Difference
	for _, r := range f.Resources {
		out = append(out, Difference{Kind: Unverifiable, Address: r.Address, Fresh: describe(r)})
	}
	if len(out) == 0 {
		out = append(out, Difference{Kind: NoLongerPlanned, Reviewed: fmt.Sprintf("%d change(s)", reviewed.Count)})
	}
	return out
}

func compareResources(reviewed, f *ChangeSet) []Difference {
	byKey := make(map[Hash]*Resource, len(reviewed.Resources))
	for i := range reviewed.Resources {
		byKey[reviewed.Resources[i].Key] = &reviewed.Resources[i]
	}
	matched := map[Hash]bool{}
	var out []Difference
	for _, fr := range f.Resources {
		rr, ok := byKey[fr.Key]
		if !ok {
			out = append(out, Difference{Kind: unreviewed(fr.Action, NotReviewed), Address: fr.Address, Fresh: describe(fr)})
			continue
		}
		matched[fr.Key] = true
		d := Difference{Address: fr.Address, Reviewed: describe(*rr), Fresh: describe(fr)}
		switch {
		case fr.Action != rr.Action && destructive(fr.Action):
			d.Kind = unreviewed(fr.Action, "")
		case fr.Action != rr.Action || fr.Moved != rr.Moved || fr.Importing != rr.Importing:
			d.Kind = ActionChanged
		case fr.Values == rr.Values:
			continue
		default:
			d.Kind = ValuesDiffer
		}
		if d.Kind == ValuesDiffer && reviewed.Detail == Attributes {
			d.Attributes = compareAttributes(rr.Attributes, fr.Attributes)
			if d.Kind == ValuesDiffer && allApplyTime(d.Attributes) {
				d.Kind = ApplyTimeValues
			}
		}
		out = append(out, d)
	}
	for _, rr := range reviewed.Resources {
		if !matched[rr.Key] {
			out = append(out, Difference{Kind: NoLongerPlanned, Address: rr.Address, Reviewed: describe(rr)})
		}
	}
	return out
}

// destructive actions are refused when they were not reviewed.
func destructive(a policy.Action) bool {
	return a == policy.Delete || a == policy.Replace || a == policy.Forget
}

// unreviewed is the refusal kind of an unreviewed action: other is for a
// non-destructive one.
func unreviewed(a policy.Action, other Kind) Kind {
	switch a {
	case policy.Delete:
		return UnreviewedDestroy
	case policy.Replace:
		return UnreviewedReplace
	case policy.Forget:
		return UnreviewedForget
	}
	return other
}

func compareAttributes(reviewed, fresh []Attribute) []AttributeDifference {
	byKey := make(map[Hash]Attribute, len(reviewed))
	for _, a := range reviewed {
		byKey[a.PathKey] = a
	}
	seen := map[Hash]bool{}
	var out []AttributeDifference
	for _, fa := range fresh {
		ra, ok := byKey[fa.PathKey]
		seen[fa.PathKey] = true
		switch {
		case !ok:
			out = append(out, AttributeDifference{Path: fa.Path, ApplyTime: fa.Unknown})
		case ra.Value != fa.Value || ra.Unknown != fa.Unknown || ra.Withheld != fa.Withheld:
			out = append(out, AttributeDifference{Path: fa.Path, ApplyTime: ra.Unknown || fa.Unknown})
		}
	}
	for _, ra := range reviewed {
		if !seen[ra.PathKey] {
			out = append(out, AttributeDifference{ApplyTime: ra.Unknown})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if (out[i].Path == "") != (out[j].Path == "") {
			return out[j].Path == ""
		}
		return out[i].Path < out[j].Path
	})
	return out
}

func allApplyTime(attrs []AttributeDifference) bool {
	for _, a := range attrs {
		if !a.ApplyTime {
			return false
		}
	}
	return len(attrs) > 0
}

func compareOutputs(reviewed, fresh []Output) []Difference {
	byName := make(map[string]Output, len(reviewed))
	for _, o := range reviewed {
		byName[o.Name] = o
	}
	seen := map[string]bool{}
	var out []Difference
	for _, fo := range fresh {
		seen[fo.Name] = true
		if ro, ok := byName[fo.Name]; ok && ro == fo {
			continue
		}
		out = append(out, Difference{Kind: OutputDiffers, Address: fo.Name})
	}
	for _, ro := range reviewed {
		if !seen[ro.Name] {
			out = append(out, Difference{Kind: OutputDiffers, Address: ro.Name})
		}
	}
	return out
}

// describe says a resource change's action: "replace", "update (moved)",
// "no-op (import)".
func describe(r Resource) string {
	s := string(r.Action)
	if r.Moved {
		s += " (moved)"
	}
	if r.Importing {
		s += " (import)"
	}
	return s
}
