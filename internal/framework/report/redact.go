// Package report sends a step's results where its reader looks: GitHub's
// output and summary files and workflow commands inside Actions, the terminal
// outside. Every byte it writes passes one Redactor, and text that did not
// come from us (terraform, tools, plans, cloud APIs) is fenced so that it
// can never issue a workflow command.
package report

import (
	"encoding/json"
	"slices"
	"strings"
	"sync"
)

// Redacted replaces a secret wherever it would be printed.
const Redacted = "***"

// minSecretLen avoids masking tiny values such as "1" or "no", which would
// shred every line without protecting anything. Which plan values are
// secrets, and which booleans and numbers are too short to be, is decided
// by internal/domain/policy; this is the last guard.
const minSecretLen = 3

// Redactor remembers secrets and removes them from text in every form a
// printer may give them: as they are, line by line, and JSON-escaped
// (with and without HTML escaping, as json.Marshal writes < > &).
//
// Adding is O(1); the matcher, a strings.Replacer (one pass over the text
// whatever the number of secrets, longest secret first), is rebuilt
// lazily on the next Redact after secrets were added.
type Redactor struct {
	mu      sync.RWMutex
	secrets map[string]bool
	dirty   bool
	rep     *strings.Replacer
	longest int
}

// Add remembers a secret and returns the forms newly remembered, which is
// what a runner must be told to mask.
func (r *Redactor) Add(secret string) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.secrets == nil {
		r.secrets = map[string]bool{}
	}
	var added []string
	for _, f := range Forms(secret) {
		if r.secrets[f] {
			continue
		}
		r.secrets[f] = true
		r.longest = max(r.longest, len(f))
		added = append(added, f)
	}
	if len(added) > 0 {
		r.dirty = true
	}
	return added
}

// Forms are the texts under which a secret can appear: itself, each of its
// lines (GitHub masks line by line), and its JSON-escaped forms.
func Forms(secret string) []string {
	var out []string
	add := func(s string) {
		if len(strings.TrimSpace(s)) >= minSecretLen && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	add(secret)
	if strings.ContainsAny(secret, "\n\r") {
		for _, l := range strings.FieldsFunc(secret, func(r rune) bool { return r == '\n' || r == '\r' }) {
			add(strings.TrimSpace(l))
		}
	}
	if needsJSONEscape(secret) {
		for _, escaped := range jsonEscaped(secret) {
			add(escaped)
		}
	}
	return out
}

// needsJSONEscape reports whether json.Marshal would write s differently
// inside a string.
func needsJSONEscape(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20, c == '"', c == '\\', c == '<', c == '>', c == '&', c >= 0x80:
			return true
		}
	}
	return false
}

// jsonEscaped is s as it appears inside a JSON string, with and without
// HTML escaping.
func jsonEscaped(s string) []string {
	var out []string
	if b, err := json.Marshal(s); err == nil {
		out = append(out, string(b[1:len(b)-1]))
	}
	var sb strings.Builder
	enc := json.NewEncoder(&sb)
	enc.SetEscapeHTML(false)
	if enc.Encode(s) == nil {
		t := strings.TrimSpace(sb.String())
		out = append(out, t[1:len(t)-1])
	}
	return out
}

// Redact returns s with every known secret replaced.
func (r *Redactor) Redact(s string) string {
	rep := r.replacer()
	if rep == nil {
		return s
	}
	return rep.Replace(s)
}

func (r *Redactor) replacer() *strings.Replacer {
	r.mu.RLock()
	rep, dirty := r.rep, r.dirty
	r.mu.RUnlock()
	if !dirty {
		return rep
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.dirty {
		list := make([]string, 0, len(r.secrets))
		for s := range r.secrets {
			list = append(list, s)
		}
		// strings.Replacer prefers earlier pairs at the same position:
		// the longest secret first, so one containing another wins.
		slices.SortFunc(list, func(a, b string) int {
			if len(a) != len(b) {
				return len(b) - len(a)
			}
			return strings.Compare(a, b)
		})
		pairs := make([]string, 0, 2*len(list))
		for _, s := range list {
			pairs = append(pairs, s, Redacted)
		}
		r.rep = strings.NewReplacer(pairs...)
		r.dirty = false
	}
	return r.rep
}

// Longest is the length of the longest secret known.
func (r *Redactor) Longest() int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.longest
}
