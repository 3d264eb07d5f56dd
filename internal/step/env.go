package step

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
)

// Env is everything a step may touch: its inputs, where its results go, and
// the GitHub context. Steps never read the process environment directly, so
// tests can give them any.
type Env struct {
	Inputs Inputs
	Report Reporter
	GitHub GitHub
	// Getenv reads the process environment.
	Getenv func(string) string
	// Stderr receives live logs of subprocesses such as terraform; it is
	// redacted like every other stream.
	Stderr io.Writer
	// Workdir is the directory relative inputs are resolved against.
	Workdir string
}

// Log returns the step's logger.
func (e *Env) Log() *slog.Logger { return e.Report.Logger() }

// Reporter is where a step's results go: GitHub's files and workflow
// commands inside Actions, the terminal outside.
type Reporter interface {
	// Mask hides a secret from everything printed afterwards.
	Mask(secret string)
	SetOutput(name, value string)
	// Summary appends Markdown to the job summary (stdout outside Actions).
	Summary(markdown string)
	Annotate(a Annotation)
	Logger() *slog.Logger
}

// Annotation is a problem attached to a file and line.
type Annotation struct {
	Level   string // error, warning or notice
	File    string
	Line    int
	Title   string
	Message string
}

// GitHub is the workflow run's context, empty fields outside Actions.
type GitHub struct {
	Actions    bool
	Repository string // owner/name
	SHA        string
	Ref        string
	EventName  string
	Actor      string
	APIURL     string
	ServerURL  string
	RunID      string
	Workspace  string
	Token      string
	// Event is the raw webhook payload from GITHUB_EVENT_PATH.
	Event json.RawMessage
}

// LoadGitHub reads the GitHub context from the environment.
func LoadGitHub(getenv func(string) string) (GitHub, error) {
	g := GitHub{
		Actions:    getenv("GITHUB_ACTIONS") == "true",
		Repository: getenv("GITHUB_REPOSITORY"),
		SHA:        getenv("GITHUB_SHA"),
		Ref:        getenv("GITHUB_REF"),
		EventName:  getenv("GITHUB_EVENT_NAME"),
		Actor:      getenv("GITHUB_ACTOR"),
		APIURL:     strings.TrimSuffix(getenv("GITHUB_API_URL"), "/"),
		ServerURL:  strings.TrimSuffix(getenv("GITHUB_SERVER_URL"), "/"),
		RunID:      getenv("GITHUB_RUN_ID"),
		Workspace:  getenv("GITHUB_WORKSPACE"),
		Token:      getenv("GITHUB_TOKEN"),
	}
	if g.APIURL == "" {
		g.APIURL = "https://api.github.com"
	}
	if g.ServerURL == "" {
		g.ServerURL = "https://github.com"
	}
	if p := getenv("GITHUB_EVENT_PATH"); p != "" {
		b, err := os.ReadFile(p)
		if err != nil {
			return g, fmt.Errorf("failed to read GITHUB_EVENT_PATH: %w", err)
		}
		if !json.Valid(b) {
			return g, fmt.Errorf("failed to read GITHUB_EVENT_PATH: %q is not JSON", p)
		}
		g.Event = b
	}
	return g, nil
}

// RunURL is the link to this workflow run, or "" outside Actions.
func (g GitHub) RunURL() string {
	if g.Repository == "" || g.RunID == "" {
		return ""
	}
	return fmt.Sprintf("%s/%s/actions/runs/%s", g.ServerURL, g.Repository, g.RunID)
}

// Path resolves a path input against the working directory.
func (e *Env) Path(p string) string {
	if p == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(e.Workdir, p)
}

// Dir resolves a directory input and checks that it exists and, inside
// Actions, that it stays within the workspace.
func (e *Env) Dir(input string) (string, error) {
	v := e.Inputs.String(input)
	p, err := filepath.Abs(e.Path(v))
	if err != nil {
		return "", InputError(input, v, err)
	}
	if err := e.InWorkspace(input, v); err != nil {
		return "", err
	}
	st, err := os.Stat(p)
	if err != nil || !st.IsDir() {
		return "", InputError(input, v, fmt.Errorf("no such directory; give a directory relative to %q", e.Workdir))
	}
	return p, nil
}

// InWorkspace refuses a path input that leaves the workspace inside
// Actions: a step reads and writes only the checked-out repository.
func (e *Env) InWorkspace(input, value string) error {
	ws := e.GitHub.Workspace
	if !e.GitHub.Actions || ws == "" {
		return nil
	}
	p, err := filepath.Abs(e.Path(value))
	if err != nil {
		return InputError(input, value, err)
	}
	rel, err := filepath.Rel(ws, p)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return InputError(input, value, fmt.Errorf("must stay inside the workspace %q", ws))
	}
	return nil
}

// CacheDir is where steps keep what outlives one step: terraform releases,
// provider and tflint plugins. OLYMPUS_CACHE_DIR, else
// $XDG_CACHE_HOME/olympus, else $HOME/.cache/olympus. In the action's
// container HOME is /github/home, which the runner keeps for the whole job
// (and actions/cache can keep across jobs).
func CacheDir(getenv func(string) string) string {
	if d := getenv("OLYMPUS_CACHE_DIR"); d != "" {
		return d
	}
	if d := getenv("XDG_CACHE_HOME"); d != "" {
		return filepath.Join(d, "olympus")
	}
	if h := getenv("HOME"); h != "" && h != "/" {
		return filepath.Join(h, ".cache", "olympus")
	}
	return filepath.Join(os.TempDir(), "olympus-cache")
}
