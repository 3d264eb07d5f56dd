package tfinstall

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-version"

	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// Environment variables that configure where terraform and tofu come from.
const (
	// EnvBundle is the directory of the image's default terraform.
	EnvBundle = "OLYMPUS_TERRAFORM_BUNDLE"
	// EnvReleases is a releases mirror with releases.hashicorp.com's layout.
	EnvReleases = "OLYMPUS_TERRAFORM_RELEASES"
	// EnvReleasesKey is the armored public key file that signs the
	// mirror's SHA256SUMS (default: HashiCorp's).
	EnvReleasesKey = "OLYMPUS_TERRAFORM_RELEASES_KEY"
	// EnvTofuReleases is an OpenTofu releases mirror with tofudl's layout:
	// <url>/api.json and <url>/v<version>/<file>.
	EnvTofuReleases = "OLYMPUS_TOFU_RELEASES"
	// EnvTofuReleasesKey is the armored public key file that signs the
	// mirror's tofu_<version>_SHA256SUMS (default: OpenTofu's).
	EnvTofuReleasesKey = "OLYMPUS_TOFU_RELEASES_KEY"
)

// Locator finds the terraform or tofu each root module asks for,
// installing it when needed. It remembers its answers, so the modules of
// one run that ask for the same thing cost one decision.
type Locator struct {
	// Installer installs terraform releases, Tofu OpenTofu's.
	Installer *Installer
	Tofu      *TofuInstaller
	// Bundle is the image's default terraform, or nil.
	Bundle *Bundle
	// LookPath finds terraform or tofu on PATH, the default outside the
	// image.
	LookPath func(string) (string, error)
	// VersionOf runs a terraform or tofu binary in a directory (the root
	// module: a version manager's shim answers for it) to read its
	// version.
	VersionOf func(ctx context.Context, path, dir string) (*version.Version, error)
	// Versions is where the versions VersionOf read are remembered for
	// later steps (see versionMemo); "" remembers them for this Locator's
	// life only.
	Versions string
	Log      *slog.Logger

	mu       sync.Mutex
	memo     map[string]Binary
	defaults map[Engine]*found
	asked    map[string]*version.Version
}

type found struct {
	path    string // "" for a bundle not yet unpacked
	version *version.Version
	what    string
}

// Want is what a step asks for in one root module.
type Want struct {
	// Engine is the engine input (or the repository configuration's);
	// Detect chooses from the pin files.
	Engine Engine
	// Path is the terraform-path input: a binary run as is.
	Path string
	// Version is the terraform-version input: the version of the engine.
	Version string
	// Dir is the root module; Top the workspace, within which pins are
	// looked for and every file is read.
	Dir, Top string
}

// Settings say where terraform and tofu releases come from and go:
// values of the process's environment, read once by the step.
type Settings struct {
	// CacheDir holds what outlives one step (step.CacheDir); releases go
	// under CacheDir/terraform and CacheDir/tofu.
	CacheDir string
	// Bundle is EnvBundle; Releases and TofuReleases the mirrors
	// (EnvReleases, EnvTofuReleases); ReleasesKey and TofuReleasesKey the
	// files of their signing keys (EnvReleasesKey, EnvTofuReleasesKey).
	Bundle                        string
	Releases, ReleasesKey         string
	TofuReleases, TofuReleasesKey string
}

// SettingsFrom reads the Settings from the process's environment.
func SettingsFrom(getenv func(string) string) (Settings, error) {
	cache, err := step.CacheDir(getenv)
	if err != nil {
		return Settings{}, err
	}
	return Settings{CacheDir: cache, Bundle: getenv(EnvBundle), Releases: getenv(EnvReleases), ReleasesKey: getenv(EnvReleasesKey),
		TofuReleases: getenv(EnvTofuReleases), TofuReleasesKey: getenv(EnvTofuReleasesKey)}, nil
}

// Request is what a step asks of tfinstall, as its resolve read it: the
// engine, terraform-path and terraform-version inputs, and the settings.
type Request struct {
	step.Engine
	Settings
	Log *slog.Logger
}

// New returns the Locator of the settings: the caches, the image's bundle
// and the releases mirrors.
func New(s Settings, log *slog.Logger) (*Locator, error) {
	var err error
	in := &Installer{Dir: filepath.Join(s.CacheDir, "terraform"), BaseURL: s.Releases}
	if in.PublicKey, err = readKey(EnvReleasesKey, s.ReleasesKey); err != nil {
		return nil, err
	}
	tofu := &TofuInstaller{Dir: filepath.Join(s.CacheDir, "tofu"), BaseURL: s.TofuReleases}
	if tofu.PublicKey, err = readKey(EnvTofuReleasesKey, s.TofuReleasesKey); err != nil {
		return nil, err
	}
	b, err := OpenBundle(s.Bundle)
	if err != nil {
		return nil, err
	}
	l := &Locator{Installer: in, Tofu: tofu, Bundle: b, LookPath: exec.LookPath, VersionOf: VersionOf, Log: log}
	if s.CacheDir != "" {
		l.Versions = filepath.Join(s.CacheDir, "versions")
	}
	return l, nil
}

func readKey(name, path string) (string, error) {
	if path == "" {
		return "", nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", step.Usagef("%s: cannot read the releases signing key: %v", name, err)
	}
	return string(b), nil
}

// For returns the terraform (or tofu) for the root module dir and its
// version: terraform-path as it is, else the engine and version the
// inputs or the module ask for.
func (l *Locator) For(ctx context.Context, e step.Engine, dir string) (Binary, error) {
	if e.Path != "" {
		return l.Find(ctx, Want{Path: e.Path, Version: e.Version, Dir: dir})
	}
	engine, err := ParseEngine(e.Name)
	if err != nil {
		return Binary{}, step.InputError("engine", e.Name, err)
	}
	return l.Find(ctx, Want{Engine: engine, Version: e.Version, Dir: dir, Top: e.Top})
}

// Find returns the binary to run in w.Dir and its version. w.Path, when
// given, is used as is (its version read, or remembered). Otherwise the
// engine and its version are chosen (see Choose) and met by, in order:
// the default (the image's terraform bundle, else the engine on PATH) when
// it satisfies the choice, a cached install, or a new install of the exact
// version or of the newest release that satisfies the constraints.
//
// Errors: bad input, a pin that leaves the workspace or a choice no
// release can meet is a step.UsageError (exit 2); a release (or a cached
// binary) that does not verify wraps ErrVerification (exit 3, nothing from
// it was run); a network failure is an external error.
func (l *Locator) Find(ctx context.Context, w Want) (Binary, error) {
	if w.Path != "" {
		if strings.TrimSpace(w.Version) != "" {
			return Binary{}, step.Usagef("inputs terraform-path %q and terraform-version %q: give one of them, not both", w.Path, w.Version)
		}
		if st, err := os.Stat(w.Path); err != nil || st.IsDir() {
			return Binary{}, step.Usagef("input terraform-path: %q is not a file: give the path of a terraform or tofu binary, or leave it empty to use the one on PATH", w.Path)
		}
		l.mu.Lock()
		defer l.mu.Unlock()
		v, err := l.versionOf(ctx, w.Path, w.Dir)
		if err != nil {
			return Binary{}, step.Usagef("input terraform-path: failed to run %q version: %v", w.Path, err)
		}
		return Binary{Path: w.Path, Version: v}, nil
	}
	choice, err := Choose(w.Engine, w.Version, w.Dir, w.Top)
	if err != nil {
		var usage *step.UsageError
		switch {
		case errors.As(err, &usage):
			return Binary{}, err
		case strings.TrimSpace(w.Version) != "":
			return Binary{}, step.InputError("terraform-version", w.Version, err)
		}
		return Binary{}, step.Usagef("%v", err)
	}
	key := string(choice.Engine) + "\x00" + choice.Source + "\x00" + choice.Raw
	l.mu.Lock()
	defer l.mu.Unlock()
	if b, ok := l.memo[key]; ok {
		return b, nil
	}
	b, why, err := l.find(ctx, choice, w.Dir)
	if err != nil {
		return Binary{}, err
	}
	l.log().Info(string(choice.Engine)+" chosen", "path", b.Path, "why", why)
	if l.memo == nil {
		l.memo = map[string]Binary{}
	}
	l.memo[key] = b
	return b, nil
}

// versionOf reads the version of a binary olympus did not install, once
// per Locator and, through the memo in Versions, once per binary (see
// versionMemo for which).
func (l *Locator) versionOf(ctx context.Context, path, dir string) (*version.Version, error) {
	// A shim answers for the directory it is run in.
	asked := path + "\x00" + dir
	if v, ok := l.asked[asked]; ok {
		return v, nil
	}
	ask := l.VersionOf
	if ask == nil {
		ask = VersionOf
	}
	v, err := versionMemo{dir: l.Versions, ask: ask}.versionOf(ctx, path, dir)
	if err != nil {
		return nil, err
	}
	if l.asked == nil {
		l.asked = map[string]*version.Version{}
	}
	l.asked[asked] = v
	return v, nil
}

func (l *Locator) log() *slog.Logger {
	if l.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return l.Log
}

// installer is what Installer and TofuInstaller have in common.
type installer interface {
	Cached(*version.Version) (string, bool, error)
	CachedVersions() []*version.Version
	Newest(context.Context, version.Constraints) (*version.Version, []*version.Version, error)
	Install(context.Context, *version.Version) (string, error)
	Path(*version.Version) string
}

func (l *Locator) installer(e Engine) (installer, error) {
	if e == Tofu {
		if l.Tofu == nil {
			return nil, fmt.Errorf("no OpenTofu installer configured")
		}
		return l.Tofu, nil
	}
	return l.Installer, nil
}

func (l *Locator) find(ctx context.Context, c Choice, dir string) (Binary, string, error) {
	e := c.Engine
	def, err := l.defaultOf(ctx, e, dir)
	if err != nil {
		return Binary{}, "", err
	}
	if def != nil && (c.Any() || c.Allows(def.version)) {
		p, err := l.materialize(def)
		return Binary{Path: p, Version: def.version}, fmt.Sprintf("%s %s satisfies %s", def.what, def.version, c), err
	}
	in, err := l.installer(e)
	if err != nil {
		return Binary{}, "", err
	}
	var v *version.Version
	switch {
	case c.Exact != nil:
		v = c.Exact
	default:
		newest, all, err := in.Newest(ctx, c.Constraints)
		if err != nil {
			// Offline: the newest cached version that satisfies will do.
			for _, cv := range in.CachedVersions() {
				if c.Allows(cv) {
					p, _, err := in.Cached(cv)
					l.log().Warn("could not list "+string(e)+" releases; using the newest cached one that satisfies", "version", cv.String(), "error", err)
					return Binary{Path: p, Version: cv}, fmt.Sprintf("cached %s satisfies %s", cv, c), err
				}
			}
			return Binary{}, "", err
		}
		if newest == nil {
			return Binary{}, "", step.Usagef("%s asks for %s %s, which no release satisfies (newest release: %s); change the constraint", c.Source, e, c.Raw, newestOf(all))
		}
		v = newest
	}
	// An install is of the release it is named after: verified when it
	// was installed, and its bytes checked against that since.
	if p, ok, err := in.Cached(v); ok || err != nil {
		return Binary{Path: p, Version: v}, fmt.Sprintf("cached %s for %s", v, c), err
	}
	l.log().Info("installing "+string(e), "version", v.String(), "for", c.String(), "into", filepath.Dir(filepath.Dir(filepath.Dir(in.Path(v)))))
	p, err := in.Install(ctx, v)
	if errors.Is(err, ErrNotReleased) {
		if c.Source == "input terraform-version" {
			return Binary{}, "", step.InputError("terraform-version", c.Raw, fmt.Errorf("no such %s release", e))
		}
		return Binary{}, "", step.Usagef("%s asks for %s %s, which is not a %s release", c.Source, e, c.Raw, e)
	}
	if err != nil {
		return Binary{}, "", err
	}
	return Binary{Path: p, Version: v}, fmt.Sprintf("installed %s for %s", v, c), nil
}

func newestOf(all []*version.Version) string {
	if len(all) == 0 {
		return "none"
	}
	return all[len(all)-1].String()
}

// defaultOf is the engine's default: for terraform the image's bundle,
// else terraform on PATH; for tofu, tofu on PATH; else nil.
func (l *Locator) defaultOf(ctx context.Context, e Engine, dir string) (*found, error) {
	if def, ok := l.defaults[e]; ok {
		return def, nil
	}
	if l.defaults == nil {
		l.defaults = map[Engine]*found{}
	}
	def := l.lookDefault(ctx, e, dir)
	l.defaults[e] = def
	return def, nil
}

func (l *Locator) lookDefault(ctx context.Context, e Engine, dir string) *found {
	if e == Terraform && l.Bundle != nil {
		return &found{version: l.Bundle.Version, what: "the image's terraform"}
	}
	if l.LookPath == nil {
		return nil
	}
	p, err := l.LookPath(string(e))
	if err != nil {
		return nil
	}
	v, err := l.versionOf(ctx, p, dir)
	if err != nil {
		l.log().Warn("ignoring "+string(e)+" on PATH: cannot read its version", "path", p, "error", err.Error())
		return nil
	}
	return &found{path: p, version: v, what: string(e) + " on PATH"}
}

func (l *Locator) materialize(f *found) (string, error) {
	if f.path != "" {
		return f.path, nil
	}
	p, err := l.Bundle.Path(l.Installer)
	if err != nil {
		return "", err
	}
	f.path = p
	return p, nil
}

// VersionOf reads a terraform or tofu binary's version from `version
// -json` (tofu reports it as terraform_version too), run in dir ("" is
// this process's directory).
func VersionOf(ctx context.Context, path, dir string) (*version.Version, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, "version", "-json")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "CHECKPOINT_DISABLE=1", "TF_CLI_CONFIG_FILE=/dev/null")
	out, err := cmd.Output()
	if err != nil {
		// The binary's own words say why (a shim with no version set, a
		// wrapper that failed).
		var exit *exec.ExitError
		if errors.As(err, &exit) && len(bytes.TrimSpace(exit.Stderr)) > 0 {
			return nil, fmt.Errorf("%w: %s", err, lastLines(exit.Stderr, 5))
		}
		return nil, err
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil || v.Version == "" {
		return nil, fmt.Errorf("unexpected output of %s version -json", path)
	}
	return version.NewVersion(v.Version)
}

// NewRequest is the Request of an engine a step's resolve read, with the
// settings of the process's environment.
func NewRequest(e step.Engine, getenv func(string) string, log *slog.Logger) (Request, error) {
	s, err := SettingsFrom(getenv)
	return Request{Engine: e, Settings: s, Log: log}, err
}

// lastLines is the last n lines of b, trimmed, and at most its last
// 2,000 bytes: a binary's words, quoted in an error, stay an error's size.
func lastLines(b []byte, n int) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	text := strings.Join(lines, "\n")
	if len(text) > 2000 {
		text = "…" + strings.ToValidUTF8(text[len(text)-2000:], "")
	}
	return text
}
