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
)

// The reader's JSON primitives: objects and lists read member by member,
// strings read without allocating when they repeat, raw values kept in an
// arena, and errors said in the plan's own terms.

// arenaChunk is the size of the blocks raw values are copied into.
const arenaChunk = 1 << 20

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
