package report

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"

	"github.com/sethvargo/go-githubactions"

	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// SummaryLimit is GitHub's limit on one step's summary (1 MiB). Past it the
// runner drops the whole summary, so we stop short and say so.
const SummaryLimit = 1024 * 1024

// Reporter is a step.Reporter that also gives the stream for untrusted
// text and must be closed when the step ends.
type Reporter interface {
	step.Reporter
	// Untrusted is where terraform's and tools' output goes: redacted,
	// and inside Actions unable to issue workflow commands.
	Untrusted() io.Writer
	// Close prints what is held back and ends any open block.
	Close()
}

// New returns the reporter for where the step runs: GitHub Actions when
// GITHUB_ACTIONS is true, the terminal otherwise.
func New(stdout, stderr io.Writer, getenv func(string) string) Reporter {
	red := &Redactor{}
	b := &base{red: red}
	if getenv("GITHUB_ACTIONS") == "true" {
		c := &console{w: stdout, red: red}
		b.untrusted = untrustedWriter{c}
		b.log = slog.New(slog.NewTextHandler(b.untrusted, &slog.HandlerOptions{Level: logLevel(getenv)}))
		return &actions{
			base:    b,
			console: c,
			gh:      githubactions.New(githubactions.WithWriter(commandWriter{c}), githubactions.WithGetenv(getenv)),
			getenv:  getenv,
		}
	}
	b.untrusted = &redactingWriter{r: red, w: stderr}
	b.log = slog.New(slog.NewTextHandler(b.untrusted, &slog.HandlerOptions{Level: logLevel(getenv)}))
	return &terminal{base: b, stdout: &redactingWriter{r: red, w: stdout}}
}

func logLevel(getenv func(string) string) slog.Level {
	// RUNNER_DEBUG is set when a workflow is re-run with debug logging.
	if getenv("RUNNER_DEBUG") == "1" || getenv("OLYMPUS_DEBUG") != "" {
		return slog.LevelDebug
	}
	return slog.LevelInfo
}

type base struct {
	red       *Redactor
	untrusted io.Writer
	log       *slog.Logger

	mu          sync.Mutex
	summarySize int
	truncated   bool
}

func (b *base) Logger() *slog.Logger   { return b.log }
func (b *base) Redact(s string) string { return b.red.Redact(s) }
func (b *base) Untrusted() io.Writer   { return b.untrusted }

// fitSummary keeps the job summary under GitHub's limit.
func (b *base) fitSummary(md string) (string, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.truncated {
		return "", false
	}
	const note = "\n\n> [!WARNING]\n> The summary was cut here: it reached GitHub's 1 MiB limit. See the job log for the rest.\n"
	// Each write to the summary file also adds a newline.
	if b.summarySize+len(md)+len(note)+1 > SummaryLimit {
		b.truncated = true
		room := SummaryLimit - b.summarySize - len(note) - 1
		if room < 0 {
			room = 0
		}
		md = cutUTF8(md, room) + note
	}
	b.summarySize += len(md) + 1
	return md, true
}

// cutUTF8 cuts s to at most n bytes without splitting a character.
func cutUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}

// actions reports through GitHub's files and workflow commands.
type actions struct {
	*base
	console *console
	gh      *githubactions.Action
	getenv  func(string) string
}

func (a *actions) Close() { a.console.close() }

func (a *actions) Mask(secret string) {
	for _, s := range a.red.Add(secret) {
		a.gh.AddMask(s)
	}
}

func (a *actions) SetOutput(name, value string) {
	value = a.red.Redact(value)
	path := a.getenv("GITHUB_OUTPUT")
	if path == "" {
		a.log.Warn("GITHUB_OUTPUT is not set; output not recorded", "name", name)
		return
	}
	if err := appendFile(path, fileCommand(name, value)); err != nil {
		a.log.Error("failed to write an output", "name", name, "error", err)
	}
}

// fileCommand is one name<<DELIMITER block of GITHUB_OUTPUT with a fresh
// random delimiter: a fixed one could be written by a value to end the
// block early and set other outputs.
func fileCommand(name, value string) string {
	delim := "ghadelimiter_" + newToken()
	for strings.Contains(value, delim) {
		delim = "ghadelimiter_" + newToken()
	}
	return name + "<<" + delim + "\n" + value + "\n" + delim + "\n"
}

func appendFile(path, text string) error {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.WriteString(f, text); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func (a *actions) Summary(md string) {
	md, ok := a.fitSummary(a.red.Redact(md))
	if !ok {
		return
	}
	path := a.getenv("GITHUB_STEP_SUMMARY")
	if path == "" {
		a.console.untrusted([]byte(md))
		return
	}
	if err := appendFile(path, md+"\n"); err != nil {
		a.log.Error("failed to write the job summary", "error", err)
	}
}

func (a *actions) Annotate(an step.Annotation) {
	fields := map[string]string{}
	if an.File != "" {
		fields["file"] = a.red.Redact(an.File)
	}
	if an.Line > 0 {
		fields["line"] = fmt.Sprint(an.Line)
	}
	if an.Title != "" {
		fields["title"] = a.red.Redact(an.Title)
	}
	gh := a.gh.WithFieldsMap(fields)
	msg := a.red.Redact(an.Message)
	switch an.Level {
	case "error":
		gh.Errorf("%s", msg)
	case "warning":
		gh.Warningf("%s", msg)
	default:
		gh.Noticef("%s", msg)
	}
}

// terminal reports for a person at a terminal: the summary on stdout, so it
// can be piped or saved, and outputs, annotations and logs on stderr.
type terminal struct {
	*base
	stdout io.Writer
}

func (t *terminal) Close() {}

func (t *terminal) Mask(secret string) { t.red.Add(secret) }

func (t *terminal) SetOutput(name, value string) {
	if strings.Contains(value, "\n") {
		fmt.Fprintf(t.untrusted, "output %s:\n  %s\n", name, strings.ReplaceAll(value, "\n", "\n  "))
		return
	}
	fmt.Fprintf(t.untrusted, "output %s=%s\n", name, value)
}

func (t *terminal) Summary(md string) {
	if md, ok := t.fitSummary(t.red.Redact(md)); ok {
		io.WriteString(t.stdout, md)
	}
}

func (t *terminal) Annotate(an step.Annotation) {
	loc := an.File
	if an.Line > 0 {
		loc = fmt.Sprintf("%s:%d", an.File, an.Line)
	}
	if loc != "" {
		loc += ": "
	}
	title := ""
	if an.Title != "" {
		title = an.Title + ": "
	}
	fmt.Fprintf(t.untrusted, "%s: %s%s%s\n", an.Level, loc, title, an.Message)
}

// redactingWriter redacts each write; the terminal obeys no workflow
// commands, so nothing else is needed there.
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
