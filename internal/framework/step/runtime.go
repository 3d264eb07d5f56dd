package step

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// Runtime is everything one run of a step may touch: its inputs, where
// its results go, and the GitHub context. Steps never read the process
// environment directly, so tests can give them any. Only a step's run and
// resolve see it: adapters are given values.
type Runtime struct {
	Inputs Inputs
	Report Reporter
	GitHub GitHub
	// Getenv reads the process environment.
	Getenv func(string) string
	// Stderr receives live output of subprocesses such as terraform and
	// tflint: it is redacted and, inside Actions, fenced so that the text
	// can never issue a workflow command.
	Stderr io.Writer
	// Workdir is the directory relative inputs are resolved against.
	Workdir string
}

// Log returns the step's logger.
func (rt *Runtime) Log() *slog.Logger { return rt.Report.Logger() }

// Reporter is where a step's results go: GitHub's files and workflow
// commands inside Actions, the terminal outside.
type Reporter interface {
	// Mask hides a secret from everything printed afterwards.
	Mask(secret string)
	// Redact removes every secret masked so far from s: text sent
	// anywhere the reporter does not write itself (a comment, an issue,
	// a file) goes through it.
	Redact(s string) string
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

// Path resolves a path against the working directory, without checks;
// inputs go through Dir, File or OutputFile instead.
func (rt *Runtime) Path(p string) string {
	if p == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(rt.Workdir, p)
}

// Roots are the directories a path input may resolve into inside Actions:
// the workspace, and the runner's temporary and home directories where
// saved plans travel between steps. Outside Actions a person chose the
// paths, and any is accepted.
func (rt *Runtime) Roots() []string {
	var roots []string
	for _, r := range []string{rt.GitHub.Workspace, rt.Getenv("RUNNER_TEMP"), rt.Getenv("HOME")} {
		if r == "" || !filepath.IsAbs(r) {
			continue
		}
		if real, err := filepath.EvalSymlinks(r); err == nil {
			roots = append(roots, real)
		}
	}
	return roots
}

// confined resolves p (relative to base) with every symlink followed and,
// inside Actions, refuses it unless it stays within roots. A path that
// does not exist yet is resolved through its nearest existing parent, so a
// file about to be written cannot escape through a symlinked directory.
func (rt *Runtime) confined(input, value, base string, roots []string) (string, error) {
	p := value
	if !filepath.IsAbs(p) {
		p = filepath.Join(base, p)
	}
	p = filepath.Clean(p)
	real, err := resolveExisting(p)
	if err != nil {
		return "", InputError(input, value, err)
	}
	if !rt.GitHub.Actions || rt.GitHub.Workspace == "" {
		return real, nil
	}
	for _, r := range roots {
		if within(r, real) {
			return real, nil
		}
	}
	shown := make([]string, len(roots))
	for i, r := range roots {
		shown[i] = fmt.Sprintf("%q", r)
	}
	return "", InputError(input, value, fmt.Errorf("resolves to %q, outside %s; symlinks are followed: give a path inside the workspace", real, strings.Join(shown, " or ")))
}

// resolveExisting follows the symlinks of p's longest existing prefix and
// appends the rest.
func resolveExisting(p string) (string, error) {
	rest := ""
	for cur := p; ; {
		real, err := filepath.EvalSymlinks(cur)
		if err == nil {
			return filepath.Join(real, rest), nil
		}
		if !os.IsNotExist(err) {
			return "", fmt.Errorf("cannot resolve it: %v", err)
		}
		parent := filepath.Dir(cur)
		if parent == cur {
			return p, nil
		}
		rest = filepath.Join(filepath.Base(cur), rest)
		cur = parent
	}
}

func within(root, p string) bool {
	rel, err := filepath.Rel(root, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// workspaceRoots is the workspace alone: inputs that name the repository's
// own files (modules, configuration) must come from the checkout.
func (rt *Runtime) workspaceRoots() []string {
	if rt.GitHub.Workspace == "" {
		return nil
	}
	real, err := filepath.EvalSymlinks(rt.GitHub.Workspace)
	if err != nil {
		return []string{filepath.Clean(rt.GitHub.Workspace)}
	}
	return []string{real}
}

// Dir resolves a directory input (relative to the working directory),
// follows its symlinks, keeps it inside the workspace in Actions, and
// checks that it exists.
func (rt *Runtime) Dir(input string) (string, error) {
	v := rt.Inputs.String(input)
	p, err := rt.confined(input, v, rt.Workdir, rt.workspaceRoots())
	if err != nil {
		return "", err
	}
	st, err := os.Stat(p)
	if err != nil || !st.IsDir() {
		return "", InputError(input, v, fmt.Errorf("no such directory; give a directory relative to %q", rt.Workdir))
	}
	return p, nil
}

// File resolves a file input of the repository (a var file, a backend
// file, a configuration) relative to base, inside the workspace in
// Actions, and checks that it is a regular file.
func (rt *Runtime) File(input, value, base string) (string, error) {
	p, err := rt.confined(input, value, base, rt.workspaceRoots())
	if err != nil {
		return "", err
	}
	if st, err := os.Stat(p); err != nil || !st.Mode().IsRegular() {
		return "", InputError(input, value, fmt.Errorf("no such file in %q", base))
	}
	return p, nil
}

// OptionalFile is File for a file that may be absent (an environment's
// terraform.tfvars): absent is "", but a file that is there and fails a
// check (it resolves outside the workspace, it is a directory) is an
// error, never silently skipped.
func (rt *Runtime) OptionalFile(input, value, base string) (string, error) {
	p := value
	if !filepath.IsAbs(p) {
		p = filepath.Join(base, p)
	}
	if _, err := os.Lstat(p); os.IsNotExist(err) {
		return "", nil
	}
	return rt.File(input, value, base)
}

// RunFile resolves a file input made by an earlier step (a saved plan, a
// plan JSON), which may also live in the runner's temporary or home
// directory, and checks that it is a regular file.
func (rt *Runtime) RunFile(input, value string) (string, error) {
	p, err := rt.confined(input, value, rt.Workdir, rt.Roots())
	if err != nil {
		return "", err
	}
	if st, err := os.Stat(p); err != nil || !st.Mode().IsRegular() {
		return "", InputError(input, value, fmt.Errorf("no such file"))
	}
	return p, nil
}

// OutputPath resolves where a step will write a file for later steps
// (SARIF, saved plans): inside the workspace or the runner's directories
// in Actions, through no symlink out of them, and not onto a directory or
// a symlink.
func (rt *Runtime) OutputPath(input, value string) (string, error) {
	if st, err := os.Lstat(rt.Path(value)); err == nil && !st.Mode().IsRegular() {
		return "", InputError(input, value, fmt.Errorf("exists and is not a regular file (a symlink or a directory); name a new or regular file to write"))
	}
	return rt.confined(input, value, rt.Workdir, rt.Roots())
}

// RunDir resolves a directory input for files that later steps read
// (saved plans), like OutputPath.
func (rt *Runtime) RunDir(input, value string) (string, error) {
	return rt.confined(input, value, rt.Workdir, rt.Roots())
}

// Tool resolves a tool path input (terraform-path, tflint-path): an
// executable file. Tools may live anywhere a person or the image put them.
func (rt *Runtime) Tool(input, value string) (string, error) {
	p := rt.Path(value)
	st, err := os.Stat(p)
	if err != nil || st.IsDir() || st.Mode()&0o111 == 0 {
		return "", InputError(input, value, fmt.Errorf("not an executable file; give the path to the binary, or leave it empty to use the one on PATH"))
	}
	return p, nil
}

// PlanDir resolves the directory input where saved plans go. Saved plans
// hold secrets: by default it is a new directory of this run's own (0700;
// the files go in 0600), under the runner's temporary directory when there
// is one so that later steps of the job can read it; a given directory
// must stay within the workspace or the runner's directories, and is made
// 0700 when it does not exist.
func (rt *Runtime) PlanDir(input string) (string, error) {
	given := rt.Inputs.String(input)
	if given == "" {
		base := rt.Getenv("RUNNER_TEMP")
		if base == "" {
			base = os.TempDir()
		}
		d, err := os.MkdirTemp(base, "olympus-plans-")
		if err != nil {
			return "", fmt.Errorf("failed to create a directory for the saved plans: %w", err)
		}
		return d, nil
	}
	d, err := rt.RunDir(input, given)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(d, 0o700); err != nil {
		return "", InputError(input, given, fmt.Errorf("cannot create it: %v", err))
	}
	return d, nil
}

// Shown is how a path the step wrote is reported in an output: relative to
// the workspace when it lies within it. A Docker action sees the workspace
// at another path than the runner's later steps and jobs do, and the
// relative path means the same file to all of them.
func (rt *Runtime) Shown(p string) string {
	for _, root := range rt.workspaceRoots() {
		if rel, err := filepath.Rel(root, p); err == nil && within(root, p) {
			return rel
		}
	}
	return p
}

// CacheDir is where steps keep what outlives one step: terraform and tofu
// releases, provider and tflint plugins. OLYMPUS_CACHE_DIR, else
// $XDG_CACHE_HOME/olympus, else $HOME/.cache/olympus. In the action's
// container HOME is /github/home, which the runner keeps for the whole job
// (and actions/cache can keep across jobs). With no home at all it is
// never a shared directory that another user of the machine could make
// first and fill with binaries the steps would run: it is
// olympus-cache-<uid> in the temporary directory, a 0700 directory of this
// user's, made here, and refused when it is anything else.
func CacheDir(getenv func(string) string) (string, error) {
	if d := getenv("OLYMPUS_CACHE_DIR"); d != "" {
		return d, nil
	}
	if d := getenv("XDG_CACHE_HOME"); d != "" {
		return filepath.Join(d, "olympus"), nil
	}
	if h := getenv("HOME"); h != "" && h != "/" {
		return filepath.Join(h, ".cache", "olympus"), nil
	}
	d := filepath.Join(os.TempDir(), fmt.Sprintf("olympus-cache-%d", os.Geteuid()))
	if err := os.Mkdir(d, 0o700); err != nil && !os.IsExist(err) {
		return "", fmt.Errorf("failed to create the cache %q: %w; set OLYMPUS_CACHE_DIR to a directory of yours", d, err)
	}
	st, err := os.Lstat(d)
	if err != nil {
		return "", fmt.Errorf("failed to create the cache %q: %w; set OLYMPUS_CACHE_DIR to a directory of yours", d, err)
	}
	sys, ok := st.Sys().(*syscall.Stat_t)
	if !st.IsDir() || st.Mode().Perm()&0o077 != 0 || !ok || int(sys.Uid) != os.Geteuid() {
		return "", fmt.Errorf("refusing the cache %q: with no HOME the cache must be a directory of this user's that no one else can write (it is %v), and it is not; "+
			"remove it, or set OLYMPUS_CACHE_DIR or HOME to a directory of yours", d, st.Mode())
	}
	return d, nil
}
