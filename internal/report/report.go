package report

import (
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"

	"github.com/sethvargo/go-githubactions"

	"github.com/olympus-cloud/deploy-actions/internal/step"
)

// SummaryLimit is GitHub's limit on one step's summary (1 MiB). Past it the
// runner drops the whole summary, so we stop short and say so.
const SummaryLimit = 1024 * 1024

// New returns the reporter for where the step runs: GitHub Actions when
// GITHUB_ACTIONS is true, the terminal otherwise.
func New(stdout, stderr io.Writer, getenv func(string) string) (step.Reporter, *Redactor) {
	red := &Redactor{}
	b := &base{
		red:    red,
		stdout: red.Writer(stdout),
		stderr: red.Writer(stderr),
	}
	b.log = slog.New(slog.NewTextHandler(b.stderr, &slog.HandlerOptions{Level: logLevel(getenv)}))
	if getenv("GITHUB_ACTIONS") == "true" {
		return &actions{
			base: b,
			// The raw stdout: ::add-mask:: must carry the secret itself, and
			// every other command's text is redacted before it is issued.
			gh:     githubactions.New(githubactions.WithWriter(stdout), githubactions.WithGetenv(getenv)),
			getenv: getenv,
		}, red
	}
	return &terminal{base: b}, red
}

func logLevel(getenv func(string) string) slog.Level {
	// RUNNER_DEBUG is set when a workflow is re-run with debug logging.
	if getenv("RUNNER_DEBUG") == "1" || getenv("OLYMPUS_DEBUG") != "" {
		return slog.LevelDebug
	}
	return slog.LevelInfo
}

type base struct {
	red            *Redactor
	stdout, stderr io.Writer
	log            *slog.Logger

	mu          sync.Mutex
	summarySize int
	truncated   bool
}

func (b *base) Logger() *slog.Logger { return b.log }

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
	gh     *githubactions.Action
	getenv func(string) string
}

func (a *actions) Mask(secret string) {
	for _, s := range a.red.Add(secret) {
		a.gh.AddMask(s)
	}
}

func (a *actions) SetOutput(name, value string) {
	value = a.red.Redact(value)
	if a.getenv("GITHUB_OUTPUT") == "" {
		a.log.Warn("GITHUB_OUTPUT is not set; output not recorded", "name", name)
		return
	}
	a.gh.SetOutput(name, value)
}

func (a *actions) Summary(md string) {
	md, ok := a.fitSummary(a.red.Redact(md))
	if !ok {
		return
	}
	if a.getenv("GITHUB_STEP_SUMMARY") == "" {
		io.WriteString(a.stdout, md)
		return
	}
	a.gh.AddStepSummary(md)
}

func (a *actions) Annotate(an step.Annotation) {
	fields := map[string]string{}
	if an.File != "" {
		fields["file"] = an.File
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
type terminal struct{ *base }

func (t *terminal) Mask(secret string) { t.red.Add(secret) }

func (t *terminal) SetOutput(name, value string) {
	if strings.Contains(value, "\n") {
		fmt.Fprintf(t.stderr, "output %s:\n  %s\n", name, strings.ReplaceAll(value, "\n", "\n  "))
		return
	}
	fmt.Fprintf(t.stderr, "output %s=%s\n", name, value)
}

func (t *terminal) Summary(md string) {
	if md, ok := t.fitSummary(md); ok {
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
	fmt.Fprintf(t.stderr, "%s: %s%s%s\n", an.Level, loc, title, an.Message)
}
