package policy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sync"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// rawSecrets adds the secrets of a raw JSON value without decoding it into
// maps: what marked(v, mask) and named(v, nil) add for the decoded v, in
// one walk of its tokens. A plan of 100,000 resources is read in a
// fraction of the time and garbage.
//
// The two rules walk the same tree: marked collects every leaf under a
// mask of true, named every leaf under a secret-named key, and both hold
// for a whole subtree once they hold at its root. So the walk descends
// with the mask's matching part and whether a key above was secret, and
// collects a whole subtree as soon as either holds. A string that is a
// JSON object or list (jsonencode) is searched for secret names as named
// does. Every number is checked to fit a float64, as decoding would.
func (w *rawWalker) secrets(raw json.RawMessage, mask any, set map[string]bool) error {
	w.buf.Reset()
	w.buf.Write(raw)
	w.d.Reset(&w.buf, jsontext.AllowDuplicateNames(true))
	w.set = set
	if err := w.walk(mask, false); err != nil {
		return err
	}
	if _, err := w.d.ReadToken(); err != io.EOF {
		return fmt.Errorf("more than one JSON value")
	}
	return nil
}

// check checks that a raw value decodes: valid JSON with every number
// within a float64's range.
func (w *rawWalker) check(raw json.RawMessage) error { return w.secrets(raw, nil, nil) }

// mask decodes a raw sensitivity mask. Masks repeat from resource to
// resource, so they are decoded once; one without a true in it marks
// nothing and reads as nil.
func (w *rawWalker) mask(mask any) (any, error) {
	raw, ok := mask.(json.RawMessage)
	if !ok {
		return mask, nil
	}
	if m, ok := w.masks[string(raw)]; ok {
		return m, nil
	}
	var out any
	if bytes.Contains(raw, []byte("true")) {
		if err := jsonv2.Unmarshal(raw, &out); err != nil {
			return nil, err
		}
	} else if err := w.check(raw); err != nil {
		return nil, err
	}
	if len(w.masks) >= maxCached {
		clear(w.masks)
	}
	w.masks[string(raw)] = out
	return out, nil
}

// secretKey is SecretKey of a quoted object member name, remembered: the
// same names come back in every resource.
func (w *rawWalker) secretKey(quoted []byte) (bool, error) {
	if v, ok := w.keys[string(quoted)]; ok {
		return v, nil
	}
	name, err := unquote(quoted)
	if err != nil {
		return false, err
	}
	v := SecretKey(name)
	if len(w.keys) >= maxCached {
		clear(w.keys)
	}
	w.keys[string(quoted)] = v
	return v, nil
}

// lookup is m[name] for a quoted name.
func lookup(m map[string]any, quoted []byte) (any, error) {
	if len(quoted) >= 2 && bytes.IndexByte(quoted, '\\') < 0 {
		return m[string(quoted[1:len(quoted)-1])], nil
	}
	name, err := unquote(quoted)
	return m[name], err
}

// maxCached bounds each of a walker's caches.
const maxCached = 4096

var walkers = sync.Pool{New: func() any {
	w := &rawWalker{masks: map[string]any{}, keys: map[string]bool{}}
	w.d = jsontext.NewDecoder(&w.buf)
	return w
}}

// rawWalker walks raw values. plan.Parse checked them already, duplicate
// names included; for a hand-made value, reading both duplicates finds
// more secrets, never fewer.
type rawWalker struct {
	d   *jsontext.Decoder
	buf bytes.Buffer
	// set is nil when the walk only checks the value.
	set   map[string]bool
	masks map[string]any
	keys  map[string]bool
}

func (w *rawWalker) walk(mask any, secret bool) error {
	if secret || isTrue(mask) {
		return w.leaves()
	}
	switch w.d.PeekKind() {
	case '{':
		if _, err := w.d.ReadToken(); err != nil {
			return err
		}
		m, _ := mask.(map[string]any)
		for w.d.PeekKind() != '}' {
			quoted, err := w.d.ReadValue()
			if err != nil {
				return err
			}
			var sub any
			if m != nil {
				if sub, err = lookup(m, quoted); err != nil {
					return err
				}
			}
			secret := false
			if w.set != nil {
				if secret, err = w.secretKey(quoted); err != nil {
					return err
				}
				if !secret && string(quoted) == `"env"` && w.d.PeekKind() == '[' {
					// An env list names its values by {name, value}
					// pairs: small, so it is decoded and judged whole.
					if err := w.decoded(sub); err != nil {
						return err
					}
					continue
				}
			}
			if err := w.walk(sub, secret); err != nil {
				return err
			}
		}
		_, err := w.d.ReadToken()
		return err
	case '[':
		if _, err := w.d.ReadToken(); err != nil {
			return err
		}
		l, _ := mask.([]any)
		for i := 0; w.d.PeekKind() != ']'; i++ {
			var sub any
			if i < len(l) {
				sub = l[i]
			}
			if err := w.walk(sub, false); err != nil {
				return err
			}
		}
		_, err := w.d.ReadToken()
		return err
	case '"':
		s, err := w.d.ReadValue()
		if err != nil {
			return err
		}
		if w.set == nil || !mayBeJSON(s) {
			return nil
		}
		text, err := unquote(s)
		if err != nil {
			return err
		}
		if inner, ok := jsonContainer(text); ok {
			named(inner, nil, w.set)
		}
		return nil
	default:
		return w.scalar(false)
	}
}

// leaves adds every scalar of the next value, as leaves does.
func (w *rawWalker) leaves() error {
	switch w.d.PeekKind() {
	case '{':
		if _, err := w.d.ReadToken(); err != nil {
			return err
		}
		for w.d.PeekKind() != '}' {
			if _, err := w.d.ReadToken(); err != nil { // the member's name
				return err
			}
			if err := w.leaves(); err != nil {
				return err
			}
		}
		_, err := w.d.ReadToken()
		return err
	case '[':
		if _, err := w.d.ReadToken(); err != nil {
			return err
		}
		for w.d.PeekKind() != ']' {
			if err := w.leaves(); err != nil {
				return err
			}
		}
		_, err := w.d.ReadToken()
		return err
	default:
		return w.scalar(true)
	}
}

// scalar reads a string, number, true, false or null, adding it when add.
func (w *rawWalker) scalar(add bool) error {
	tok, err := w.d.ReadToken()
	if err != nil {
		return err
	}
	switch tok.Kind() {
	case '0':
		f, err := tok.Float()
		if err != nil {
			return fmt.Errorf("the number %s is out of range", tok.String())
		}
		if add && w.set != nil {
			addFloat(f, w.set)
		}
	case '"':
		if add && w.set != nil {
			leaves(tok.String(), w.set)
		}
	case '{', '[', '}', ']':
		return fmt.Errorf("unexpected %s", tok.Kind())
	}
	return nil
}

// mayBeJSON reports whether a quoted JSON string could hold a JSON object
// or list: escapes aside, its first non-space character opens one.
func mayBeJSON(quoted []byte) bool {
	body := quoted[1 : len(quoted)-1]
	if bytes.IndexByte(body, '\\') >= 0 {
		return true
	}
	t := bytes.TrimSpace(body)
	return len(t) >= 2 && (t[0] == '{' || t[0] == '[')
}

func unquote(quoted []byte) (string, error) {
	if len(quoted) >= 2 && bytes.IndexByte(quoted, '\\') < 0 {
		return string(quoted[1 : len(quoted)-1]), nil
	}
	b, err := jsontext.AppendUnquote(nil, quoted)
	return string(b), err
}

// decoded reads the next value whole and adds its secrets as the decoded
// rules do.
func (w *rawWalker) decoded(mask any) error {
	raw, err := w.d.ReadValue()
	if err != nil {
		return err
	}
	var v any
	if err := jsonv2.Unmarshal(raw, &v); err != nil {
		return err
	}
	marked(v, mask, w.set)
	named(v, nil, w.set)
	return nil
}
