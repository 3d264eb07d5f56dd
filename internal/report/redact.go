// Package report sends a step's results where its reader looks: GitHub's
// output and summary files and workflow commands inside Actions, the terminal
// outside. Every stream it writes is redacted of the secrets it was told.
package report

import (
	"io"
	"sort"
	"strings"
	"sync"
)

// Redacted replaces a secret wherever it would be printed.
const Redacted = "***"

// minSecretLen avoids masking tiny values such as "1" or "no", which would
// shred every line without protecting anything.
const minSecretLen = 3

// Redactor remembers secrets and removes them from text.
type Redactor struct {
	mu      sync.RWMutex
	secrets []string // longest first, so a secret containing another wins
}

// Add remembers a secret.
// It returns what was newly remembered.
func (r *Redactor) Add(secret string) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var added []string
	// A multi-line secret is remembered line by line, which also covers it
	// whole, and is what GitHub's ::add-mask:: needs.
	for _, s := range strings.Split(secret, "\n") {
		s = strings.TrimSpace(s)
		if len(s) < minSecretLen || contains(r.secrets, s) {
			continue
		}
		r.secrets = append(r.secrets, s)
		added = append(added, s)
	}
	sort.Slice(r.secrets, func(i, j int) bool { return len(r.secrets[i]) > len(r.secrets[j]) })
	return added
}

// Redact returns s with every known secret replaced.
func (r *Redactor) Redact(s string) string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	for _, sec := range r.secrets {
		if strings.Contains(s, sec) {
			s = strings.ReplaceAll(s, sec, Redacted)
		}
	}
	return s
}

// Writer wraps w so every write is redacted. Writers such as terraform-exec's
// and slog's write whole lines at a time, which is what keeps a secret from
// being split across two writes.
func (r *Redactor) Writer(w io.Writer) io.Writer {
	return &redactingWriter{r: r, w: w}
}

type redactingWriter struct {
	r  *Redactor
	mu sync.Mutex
	w  io.Writer
}

func (rw *redactingWriter) Write(p []byte) (int, error) {
	rw.mu.Lock()
	defer rw.mu.Unlock()
	if _, err := io.WriteString(rw.w, rw.r.Redact(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
