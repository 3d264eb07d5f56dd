package report

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"io"
	"strings"
	"sync"
)

// console is the job log inside Actions: one stream, so that the order in
// which the runner sees our commands and other text is the order we wrote
// them (the runner reads stdout and stderr separately and does not keep
// their relative order).
//
// Text we did not write ourselves (terraform's and tools' output, and our
// log lines, which quote plan values and errors) is untrusted: the runner
// would obey a line of it that looks like a workflow command. It is
// therefore printed inside a ::stop-commands::<token> block, as GitHub
// documents, with a fresh random token that the text cannot know. Before
// one of our commands (::add-mask::, an annotation), the block is ended
// with ::<token>::; the next untrusted text opens a new one. The runner
// splits lines at \r as well as \n and trims leading spaces, so nothing
// inside the block is safe to let through, and nothing is.
type console struct {
	mu  sync.Mutex
	w   io.Writer
	red *Redactor
	// token is the open block's token, "" when commands are live.
	token string
	// partial holds untrusted text after its last newline: redaction
	// works on whole lines, so a secret split across two writes is still
	// found.
	partial []byte
	// midLine is true when the last byte written did not end a line.
	midLine bool
}

// maxPartial bounds a line held back for redaction.
const maxPartial = 64 << 10

func newToken() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

// untrusted prints text that must never command the runner.
func (c *console) untrusted(p []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.partial = append(c.partial, p...)
	i := bytes.LastIndexAny(c.partial, "\n\r")
	if i < 0 && len(c.partial) < maxPartial {
		return
	}
	if i < 0 {
		// A line too long to hold: print all but its last bytes, as many
		// as a secret could still need to be found whole.
		i = len(c.partial) - c.red.Longest()
		if i < 0 {
			return
		}
	}
	c.emit(c.partial[:i+1])
	c.partial = append(c.partial[:0], c.partial[i+1:]...)
}

// flush prints held-back untrusted text.
func (c *console) flush() {
	if len(c.partial) > 0 {
		c.emit(c.partial)
		c.partial = c.partial[:0]
	}
}

func (c *console) emit(p []byte) {
	if c.token == "" {
		c.token = newToken()
		c.endLine()
		io.WriteString(c.w, "::stop-commands::"+c.token+"\n")
	}
	text := c.red.Redact(string(p))
	// The token is unguessable, but never let the text end the block.
	text = stripToken(text, c.token)
	io.WriteString(c.w, text)
	c.midLine = len(text) > 0 && text[len(text)-1] != '\n' && text[len(text)-1] != '\r'
}

func stripToken(s, token string) string {
	if token == "" || !strings.Contains(s, token) {
		return s
	}
	return strings.ReplaceAll(s, token, Redacted)
}

// command prints one of our workflow commands, with commands live.
func (c *console) command(line []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.flush()
	if c.token != "" {
		c.endLine()
		io.WriteString(c.w, "::"+c.token+"::\n")
		c.token = ""
	}
	c.endLine()
	c.w.Write(line)
	c.midLine = len(line) > 0 && line[len(line)-1] != '\n'
}

func (c *console) endLine() {
	if c.midLine {
		io.WriteString(c.w, "\n")
		c.midLine = false
	}
}

// close prints what is held back and ends an open block.
func (c *console) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.flush()
	if c.token != "" {
		c.endLine()
		io.WriteString(c.w, "::"+c.token+"::\n")
		c.token = ""
	}
}

// untrustedWriter is the io.Writer of untrusted text.
type untrustedWriter struct{ c *console }

func (u untrustedWriter) Write(p []byte) (int, error) {
	u.c.untrusted(p)
	return len(p), nil
}

// commandWriter is the io.Writer go-githubactions issues commands to: it
// writes one whole command per call.
type commandWriter struct{ c *console }

func (w commandWriter) Write(p []byte) (int, error) {
	w.c.command(p)
	return len(p), nil
}
