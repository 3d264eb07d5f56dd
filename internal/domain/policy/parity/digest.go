package parity

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"hash"
	"slices"
	"sort"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
)

// Sizes of the keyed hashes a record holds, in bytes. 48 bits make a
// false match between two different values of one attribute a chance in
// 2^48; the top-level hashes are longer because they stand for the whole
// change set when nothing else fits.
const (
	SaltLen = 16
	hashLen = 6
	topLen  = 16
)

// Hash is a truncated keyed hash (hashLen bytes).
type Hash [hashLen]byte

// ChangeSet is the digest of one environment's plan: what a reviewer was
// shown, as keyed hashes. Digest makes one from a plan with every detail;
// Decode returns one with the detail its record kept (Detail).
type ChangeSet struct {
	// Salt keys every hash of the record (HMAC-SHA256): a fresh plan is
	// digested with the reviewed record's salt to be compared with it.
	Salt []byte
	// Detail is how much the record holds; Digest gives Attributes.
	Detail Detail
	// Count is the number of resource changes, whatever the detail.
	Count int
	// Shape hashes the set of (address, action) pairs; All hashes
	// everything (shape, values, outputs).
	Shape, All []byte
	// Resources are the resource changes by Key (empty at Summary).
	Resources []Resource
	// Outputs are the root module outputs that change, by name (empty at
	// Summary).
	Outputs []Output
}

// Detail is how much of a change set a record keeps; the encoding drops
// detail until the record fits its budget (see Encode).
type Detail string

const (
	// Attributes: each resource change's address, action, values hash
	// and one hash per changed attribute.
	Attributes Detail = "attributes"
	// Resources: address, action and values hash of each resource change.
	Resources Detail = "resources"
	// Keys: a keyed hash of each address instead of the address, the
	// action and the values hash. Deploy still names every fresh change
	// by its address (it has them); a reviewed change no longer planned
	// is counted, not named.
	Keys Detail = "keys"
	// Summary: only the top-level hashes and the count.
	Summary Detail = "summary"
)

// Resource is one resource change of a change set.
type Resource struct {
	// Address is the resource's address, with " (deposed KEY)" for a
	// deposed object; empty when the record kept only Key.
	Address string
	// Key is the keyed hash of the address.
	Key    Hash
	Action policy.Action
	// Moved and Importing are the change's move (from another address)
	// and import, which policy.Changes counts as changes of their own.
	Moved, Importing bool
	// Values hashes every changed attribute (their Path keys and Values).
	Values Hash
	// Attributes are the changed leaf attributes, by PathKey.
	Attributes []Attribute
}

// Attribute is one changed leaf attribute of a resource change.
type Attribute struct {
	// Path is the attribute as terraform names it (env.LOG_LEVEL,
	// template[0].image); only on the fresh side of a comparison, never
	// in a record or a change set made by Digest.
	Path string
	// PathKey is the keyed hash of the address and path.
	PathKey Hash
	// Value is the keyed hash of the before and after values, the after
	// normalised to "unknown" when terraform knows it only at apply time
	// and both withheld when secret.
	Value Hash
	// Unknown: the value after is known only at apply time.
	Unknown bool
	// Withheld: the value is secret (marked sensitive, at a policy
	// SecretPath, or holding one of the plan's secrets): the hash says
	// that it changes, not from what to what.
	Withheld bool
}

// Output is one root module output that applying changes.
type Output struct {
	Name              string
	Value             Hash
	Unknown, Withheld bool
}

// NewSalt returns a new random salt for a record.
func NewSalt() ([]byte, error) {
	s := make([]byte, SaltLen)
	if _, err := rand.Read(s); err != nil {
		return nil, fmt.Errorf("failed to read random bytes: %w", err)
	}
	return s, nil
}

// Digest makes the change set of a plan with a new random salt. secrets
// are the plan's secret texts (plan.Parsed.Secrets): an attribute whose
// value holds one is withheld, as the plan comment redacts it.
func Digest(p *tfjson.Plan, secrets []string) (*ChangeSet, error) {
	salt, err := NewSalt()
	if err != nil {
		return nil, err
	}
	return digest(p, salt, secrets, false), nil
}

// digest makes the change set of p keyed by salt.
//
// What counts is what policy.Changes lists (managed resources created,
// updated, deleted, replaced or forgotten, and moves and imports without
// another action), plus deposed objects, and the outputs whose planned
// action is not a no-op. Data sources are read on every plan and are not
// changes.
//
// paths keeps each attribute's Path, which only the fresh side of a
// comparison needs (to name differences): a reviewed plan of 100,000
// resources is digested without them.
func digest(p *tfjson.Plan, salt []byte, secrets []string, paths bool) *ChangeSet {
	d := &digester{h: hmac.New(sha256.New, salt), paths: paths}
	if len(secrets) > 0 {
		pairs := make([]string, 0, 2*len(secrets))
		for _, s := range secrets {
			if s != "" {
				pairs = append(pairs, s, "")
			}
		}
		d.secrets = strings.NewReplacer(pairs...)
	}
	cs := &ChangeSet{Salt: slices.Clone(salt), Detail: Attributes}
	if p != nil {
		for _, rc := range p.ResourceChanges {
			if r, ok := d.resource(rc); ok {
				cs.Resources = append(cs.Resources, r)
			}
		}
		names := make([]string, 0, len(p.OutputChanges))
		for name, oc := range p.OutputChanges {
			if oc != nil && len(oc.Actions) > 0 && !oc.Actions.NoOp() {
				names = append(names, name)
			}
		}
		sort.Strings(names)
		for _, name := range names {
			cs.Outputs = append(cs.Outputs, d.output(name, p.OutputChanges[name]))
		}
	}
	sortResources(cs.Resources)
	cs.Count = len(cs.Resources)
	cs.Shape, cs.All = d.tops(cs)
	return cs
}

func sortResources(rs []Resource) {
	sort.Slice(rs, func(i, j int) bool { return bytes.Compare(rs[i].Key[:], rs[j].Key[:]) < 0 })
}

// digester hashes one change set; h is keyed by its salt.
type digester struct {
	h       hash.Hash
	secrets *strings.Replacer
	paths   bool
}

// sum is the keyed hash of parts, each length-prefixed so that no two
// lists of parts hash alike.
func (d *digester) sum(n int, parts ...[]byte) []byte {
	d.h.Reset()
	var l [8]byte
	for _, p := range parts {
		binary.BigEndian.PutUint64(l[:], uint64(len(p)))
		d.h.Write(l[:])
		d.h.Write(p)
	}
	return d.h.Sum(nil)[:n]
}

func (d *digester) short(parts ...[]byte) Hash {
	var h Hash
	copy(h[:], d.sum(hashLen, parts...))
	return h
}

// Domain tags keep hashes of one kind from ever equalling another's.
var (
	tagAddress = []byte("address")
	tagPath    = []byte("path")
	tagValue   = []byte("value")
	tagValues  = []byte("values")
	tagOutput  = []byte("output")
	tagShape   = []byte("shape")
	tagAll     = []byte("all")
)

// Normalised values: what a hash stands for when the value itself may
// not be hashed (secret) or is not known yet.
var (
	unknownValue  = []byte("\x00unknown")
	withheldValue = []byte("\x00withheld")
)

// AddressKey is the keyed hash of an address under salt, as a record
// stores it at Keys detail.
func AddressKey(salt []byte, address string) Hash {
	d := &digester{h: hmac.New(sha256.New, salt)}
	return d.short(tagAddress, []byte(address))
}

func (d *digester) resource(rc *tfjson.ResourceChange) (Resource, bool) {
	if rc == nil || rc.Change == nil || rc.Mode == tfjson.DataResourceMode {
		return Resource{}, false
	}
	c := rc.Change
	r := Resource{
		Address:   rc.Address,
		Action:    policy.ActionOf(c.Actions),
		Moved:     rc.PreviousAddress != "" && rc.PreviousAddress != rc.Address,
		Importing: c.Importing != nil,
	}
	if r.Action == policy.NoOp && !r.Moved && !r.Importing {
		return Resource{}, false
	}
	if rc.DeposedKey != "" {
		r.Address += " (deposed " + rc.DeposedKey + ")"
	}
	r.Key = d.short(tagAddress, []byte(r.Address))
	w := &leafWalker{d: d, address: r.Address}
	w.walk(policy.Decoded(c.Before), policy.Decoded(c.After), policy.Decoded(c.BeforeSensitive), policy.Decoded(c.AfterSensitive),
		policy.Decoded(c.AfterUnknown), nil)
	sort.Slice(w.out, func(i, j int) bool { return bytes.Compare(w.out[i].PathKey[:], w.out[j].PathKey[:]) < 0 })
	r.Attributes = w.out
	r.Values = d.values(r.Key, r.Attributes)
	return r, true
}

// values hashes a resource's attributes, in PathKey order.
func (d *digester) values(key Hash, attrs []Attribute) Hash {
	parts := make([][]byte, 0, 2+len(attrs))
	parts = append(parts, tagValues, key[:])
	for _, a := range attrs {
		parts = append(parts, attributeBytes(a))
	}
	return d.short(parts...)
}

// attributeBytes is an attribute as a record packs it: path key, value
// hash and flags.
func attributeBytes(a Attribute) []byte {
	b := make([]byte, 0, 2*hashLen+1)
	b = append(b, a.PathKey[:]...)
	b = append(b, a.Value[:]...)
	return append(b, flags(a.Unknown, a.Withheld))
}

func flags(unknown, withheld bool) byte {
	var f byte
	if unknown {
		f |= 1
	}
	if withheld {
		f |= 2
	}
	return f
}

func (d *digester) output(name string, oc *tfjson.Change) Output {
	o := Output{Name: name, Unknown: isTrue(oc.AfterUnknown) || policy.AnyUnknown(oc.AfterUnknown),
		Withheld: anyTrue(oc.BeforeSensitive) || anyTrue(oc.AfterSensitive)}
	o.Value = d.short(tagOutput, []byte(name), d.canonical(oc.Before, o.Withheld), d.after(oc.After, o.Unknown, o.Withheld))
	return o
}

// tops hashes the shape (addresses and actions) and everything.
func (d *digester) tops(cs *ChangeSet) (shape, all []byte) {
	sp := [][]byte{tagShape}
	ap := [][]byte{tagAll}
	for _, r := range cs.Resources {
		sp = append(sp, r.Key[:], []byte{actionByte(r)})
		ap = append(ap, r.Key[:], []byte{actionByte(r)}, r.Values[:])
	}
	for _, o := range cs.Outputs {
		ap = append(ap, []byte(o.Name), o.Value[:], []byte{flags(o.Unknown, o.Withheld)})
	}
	return d.sum(topLen, sp...), d.sum(topLen, ap...)
}

func actionByte(r Resource) byte {
	b := byte(slices.Index(actionCodes, r.Action) + 1)
	if r.Moved {
		b |= 1 << 4
	}
	if r.Importing {
		b |= 1 << 5
	}
	return b
}

// actionCodes number the actions in a record; never reorder, only append.
var actionCodes = []policy.Action{policy.NoOp, policy.Create, policy.Update, policy.Delete, policy.Replace, policy.Forget, policy.Read}

func fromActionByte(b byte) (action policy.Action, moved, importing bool, ok bool) {
	i := int(b&0x0f) - 1
	if i < 0 || i >= len(actionCodes) || b&^0x3f != 0 {
		return "", false, false, false
	}
	return actionCodes[i], b&(1<<4) != 0, b&(1<<5) != 0, true
}
