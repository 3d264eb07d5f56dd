package parity

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
)

// Version is the record format this package writes and reads. A record
// of another version is refused by Decode, naming the fix (re-run the
// pull request's plan with this version).
const Version = 1

// MinBudget is the smallest budget Encode accepts: a Summary record
// always fits in it.
const MinBudget = 256

// CommentBudget is how many bytes the records of a comment's environments
// share: a quarter of GitHub's 65,536-character comment, so that the
// rendered plans keep three quarters whatever the plan's size.
const CommentBudget = 16384

// Budget is the budget of one environment's record when a comment holds
// environments of them: CommentBudget shared, never under MinBudget.
func Budget(environments int) int {
	return max(CommentBudget/max(environments, 1), MinBudget)
}

// maxDecoded bounds what Decode inflates: a record is at most a comment
// long, and deflate's best ratio is about 1:1000.
const maxDecoded = 8 << 20

// record is the serialised form. Hashes are bytes (base64 in JSON);
// at Keys detail the per-resource fields are packed, one entry after
// another, to keep the per-entry overhead to the hashes themselves.
type record struct {
	V      int    `json:"v"`
	Salt   []byte `json:"s"`
	Detail Detail `json:"d"`
	Count  int    `json:"n"`
	Shape  []byte `json:"sh"`
	All    []byte `json:"al"`
	// Resources, at Attributes and Resources detail.
	Resources []recordResource `json:"r,omitempty"`
	// Keys, Actions and Values, at Keys detail: hashLen bytes, one byte
	// and hashLen bytes per resource change, in Key order.
	Keys    []byte `json:"k,omitempty"`
	Actions []byte `json:"x,omitempty"`
	Values  []byte `json:"h,omitempty"`
	// Outputs, at every detail but Summary: name to hash and flags.
	Outputs map[string][]byte `json:"o,omitempty"`
}

type recordResource struct {
	Address string `json:"a"`
	Action  byte   `json:"x"`
	Values  []byte `json:"h"`
	// Attributes are attributeBytes, one after another, at Attributes
	// detail.
	Attributes []byte `json:"at,omitempty"`
}

// Encode serialises cs for a hidden comment marker: deflated JSON in
// unpadded base64url, whose alphabet (A-Z a-z 0-9 - _) can never close an
// HTML comment or a Markdown block. It keeps as much detail as fits in
// budget bytes (at least MinBudget), in this order: Attributes,
// Resources, Keys, Summary; see the package documentation for what each
// lets deploy say. The result is never longer than budget.
func (cs *ChangeSet) Encode(budget int) (string, error) {
	if budget < MinBudget {
		return "", fmt.Errorf("a record's budget is at least %d bytes, not %d", MinBudget, budget)
	}
	for _, d := range []Detail{Attributes, Resources, Keys, Summary} {
		if !cs.has(d) {
			continue
		}
		// Hashes do not compress: a detail whose hashes alone are over
		// budget is not tried (a 100,000-resource plan is never
		// deflated only to be dropped).
		if d != Summary && base64.RawURLEncoding.EncodedLen(cs.hashBytes(d)) > budget {
			continue
		}
		s, err := encode(cs.record(d))
		if err != nil {
			return "", err
		}
		if len(s) <= budget {
			return s, nil
		}
	}
	return "", errors.New("a change set summary does not fit its budget")
}

// has reports whether cs holds what detail d records.
func (cs *ChangeSet) has(d Detail) bool { return detailRank(d) >= detailRank(cs.Detail) }

func detailRank(d Detail) int { return slices.Index([]Detail{Attributes, Resources, Keys, Summary}, d) }

// hashBytes is how many bytes of hashes a record of cs at d holds.
func (cs *ChangeSet) hashBytes(d Detail) int {
	n := len(cs.Outputs) * (hashLen + 1)
	for _, r := range cs.Resources {
		n += hashLen + 1
		if d == Attributes {
			n += len(r.Attributes) * (2*hashLen + 1)
		}
		if d == Keys {
			n += hashLen
		}
	}
	return n
}

func (cs *ChangeSet) record(d Detail) record {
	rec := record{V: Version, Salt: cs.Salt, Detail: d, Count: cs.Count, Shape: cs.Shape, All: cs.All}
	if d == Summary {
		return rec
	}
	for _, r := range cs.Resources {
		switch d {
		case Keys:
			rec.Keys = append(rec.Keys, r.Key[:]...)
			rec.Actions = append(rec.Actions, actionByte(r))
			rec.Values = append(rec.Values, r.Values[:]...)
		default:
			rr := recordResource{Address: r.Address, Action: actionByte(r), Values: r.Values[:]}
			if d == Attributes {
				for _, a := range r.Attributes {
					rr.Attributes = append(rr.Attributes, attributeBytes(a)...)
				}
			}
			rec.Resources = append(rec.Resources, rr)
		}
	}
	if len(cs.Outputs) > 0 {
		rec.Outputs = map[string][]byte{}
		for _, o := range cs.Outputs {
			rec.Outputs[o.Name] = append(o.Value[:], flags(o.Unknown, o.Withheld))
		}
	}
	return rec
}

func encode(rec record) (string, error) {
	js, err := json.Marshal(rec)
	if err != nil {
		return "", fmt.Errorf("failed to encode a change set: %w", err)
	}
	var b bytes.Buffer
	w, err := flate.NewWriter(&b, flate.BestCompression)
	if err != nil {
		return "", err
	}
	if _, err := w.Write(js); err != nil {
		return "", err
	}
	if err := w.Close(); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b.Bytes()), nil
}

// Decode reads a record written by Encode. A record that is not one, or
// of another Version, is an error that says so; a record is read only
// from our own comment, but checked as if it were not.
func Decode(s string) (*ChangeSet, error) {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("not a change set record: %w", err)
	}
	js, err := io.ReadAll(io.LimitReader(flate.NewReader(bytes.NewReader(raw)), maxDecoded+1))
	if err != nil {
		return nil, fmt.Errorf("not a change set record: %w", err)
	}
	if len(js) > maxDecoded {
		return nil, fmt.Errorf("not a change set record: over %d bytes decoded", maxDecoded)
	}
	var rec record
	if err := json.Unmarshal(js, &rec); err != nil {
		return nil, fmt.Errorf("not a change set record: %w", err)
	}
	if rec.V != Version {
		return nil, fmt.Errorf("the change set was recorded in format %d and this olympus reads format %d; re-run the pull request's plan so that it is recorded again", rec.V, Version)
	}
	return rec.changeSet()
}

func (rec record) changeSet() (*ChangeSet, error) {
	bad := func(format string, args ...any) (*ChangeSet, error) {
		return nil, fmt.Errorf("not a change set record: "+format, args...)
	}
	if len(rec.Salt) != SaltLen || len(rec.Shape) != topLen || len(rec.All) != topLen || rec.Count < 0 {
		return bad("salt, hashes or count malformed")
	}
	cs := &ChangeSet{Salt: rec.Salt, Detail: rec.Detail, Count: rec.Count, Shape: rec.Shape, All: rec.All}
	switch rec.Detail {
	case Summary:
		return cs, nil
	case Keys:
		n := len(rec.Actions)
		if len(rec.Keys) != n*hashLen || len(rec.Values) != n*hashLen || len(rec.Resources) > 0 {
			return bad("keys malformed")
		}
		for i := range n {
			r, ok := resourceFrom("", rec.Actions[i], rec.Values[i*hashLen:(i+1)*hashLen])
			if !ok {
				return bad("action %d malformed", rec.Actions[i])
			}
			copy(r.Key[:], rec.Keys[i*hashLen:])
			cs.Resources = append(cs.Resources, r)
		}
	case Attributes, Resources:
		for _, rr := range rec.Resources {
			r, ok := resourceFrom(rr.Address, rr.Action, rr.Values)
			if !ok || rr.Address == "" || len(rr.Attributes)%(2*hashLen+1) != 0 || (rec.Detail == Resources && len(rr.Attributes) > 0) {
				return bad("resource %q malformed", rr.Address)
			}
			r.Key = AddressKey(rec.Salt, rr.Address)
			for at := rr.Attributes; len(at) > 0; at = at[2*hashLen+1:] {
				a := Attribute{Unknown: at[2*hashLen]&1 != 0, Withheld: at[2*hashLen]&2 != 0}
				copy(a.PathKey[:], at)
				copy(a.Value[:], at[hashLen:])
				r.Attributes = append(r.Attributes, a)
			}
			cs.Resources = append(cs.Resources, r)
		}
		sortResources(cs.Resources)
	default:
		return bad("detail %q unknown", rec.Detail)
	}
	if len(cs.Resources) != rec.Count {
		return bad("%d resources for a count of %d", len(cs.Resources), rec.Count)
	}
	names := make([]string, 0, len(rec.Outputs))
	for name := range rec.Outputs {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		v := rec.Outputs[name]
		if len(v) != hashLen+1 {
			return bad("output %q malformed", name)
		}
		o := Output{Name: name, Unknown: v[hashLen]&1 != 0, Withheld: v[hashLen]&2 != 0}
		copy(o.Value[:], v)
		cs.Outputs = append(cs.Outputs, o)
	}
	return cs, nil
}

func resourceFrom(address string, action byte, values []byte) (Resource, bool) {
	a, moved, importing, ok := fromActionByte(action)
	if !ok || len(values) != hashLen {
		return Resource{}, false
	}
	r := Resource{Address: address, Action: a, Moved: moved, Importing: importing}
	copy(r.Values[:], values)
	return r, true
}
