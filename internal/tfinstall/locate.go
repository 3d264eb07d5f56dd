package tfinstall

import (
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

	"github.com/olympus-cloud/deploy-actions/internal/step"
)

// Environment variables that configure where terraform comes from.
const (
	// EnvBundle is the directory of the image's default terraform.
	EnvBundle = "OLYMPUS_TERRAFORM_BUNDLE"
	// EnvReleases is a releases mirror with releases.hashicorp.com's layout.
	EnvReleases = "OLYMPUS_TERRAFORM_RELEASES"
	// EnvReleasesKey is the armored public key file that signs the
	// mirror's SHA256SUMS (default: HashiCorp's).
	EnvReleasesKey = "OLYMPUS_TERRAFORM_RELEASES_KEY"
)

// Locator finds the terraform each root module asks for, installing it
// when needed. It remembers its answers, so the modules of one run that
// ask for the same thing cost one decision.
type Locator struct {
	Installer *Installer
	// Bundle is the image's default terraform, or nil.
	Bundle *Bundle
	// LookPath finds terraform on PATH, the default outside the image.
	LookPath func(string) (string, error)
	// VersionOf runs a terraform binary to read its version.
	VersionOf func(ctx context.Context, path string) (*version.Version, error)
	Log       *slog.Logger

	mu          sync.Mutex
	memo        map[string]string
	def         *found
	defResolved bool
}

type found struct {
	path    string // "" for a bundle not yet unpacked
	version *version.Version
	what    string
}

// Settings say where terraform releases come from and go: values of the
// process's environment, read once by the step.
type Settings struct {
	// CacheDir holds what outlives one step (step.CacheDir); releases go
	// under CacheDir/terraform.
	CacheDir string
	// Bundle is EnvBundle, Releases EnvReleases, and ReleasesKey the file
	// EnvReleasesKey names.
	Bundle, Releases, ReleasesKey string
}

// SettingsFrom reads the Settings from the process's environment.
func SettingsFrom(getenv func(string) string) Settings {
	return Settings{CacheDir: step.CacheDir(getenv), Bundle: getenv(EnvBundle), Releases: getenv(EnvReleases), ReleasesKey: getenv(EnvReleasesKey)}
}

// Request is what a step asks of tfinstall, as its resolve read it.
type Request struct {
	step.Engine
	Settings
	Log *slog.Logger
}

// New returns the Locator of the settings: the cache, the image's bundle
// and the releases mirror.
func New(s Settings, log *slog.Logger) (*Locator, error) {
	in := &Installer{Dir: filepath.Join(s.CacheDir, "terraform"), BaseURL: s.Releases}
	if p := s.ReleasesKey; p != "" {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, step.Usagef("%s: cannot read the releases signing key: %v", EnvReleasesKey, err)
		}
		in.PublicKey = string(b)
	}
	b, err := OpenBundle(s.Bundle)
	if err != nil {
		return nil, err
	}
	return &Locator{Installer: in, Bundle: b, LookPath: exec.LookPath, VersionOf: VersionOf, Log: log}, nil
}

// Locate returns the terraform for the root module dir that the request
// asks for.
func Locate(ctx context.Context, r Request, dir string) (string, error) {
	if r.Path != "" {
		return r.Path, nil
	}
	l, err := New(r.Settings, r.Log)
	if err != nil {
		return "", err
	}
	return l.For(ctx, r.Engine, dir)
}

// For is Locate with this Locator: terraform-path as it is, else the
// version terraform-version or the module asks for.
func (l *Locator) For(ctx context.Context, e step.Engine, dir string) (string, error) {
	if e.Path != "" {
		return e.Path, nil
	}
	return l.Find(ctx, "", e.Version, dir, e.Top)
}

// Find returns the terraform binary to run in dir. path, when given, is
// used as is. Otherwise the choice (see Choose) is met by, in order: the
// default terraform (the image's bundle, else terraform on PATH) when it
// satisfies it, a cached install, or a new install of the exact version or
// of the newest release that satisfies the constraints.
//
// Errors: bad input or a choice no release can meet is a step.UsageError
// (exit 2); a release that does not verify wraps ErrVerification (exit 3,
// nothing from it was run); a network failure is an external error.
func (l *Locator) Find(ctx context.Context, path, input, dir, top string) (string, error) {
	if path != "" {
		if strings.TrimSpace(input) != "" {
			return "", step.Usagef("inputs terraform-path %q and terraform-version %q: give one of them, not both", path, input)
		}
		return path, nil
	}
	choice, err := Choose(input, dir, top)
	if err != nil {
		if strings.TrimSpace(input) != "" {
			return "", step.InputError("terraform-version", input, err)
		}
		return "", step.Usagef("%v", err)
	}
	key := choice.Source + "\x00" + choice.Raw
	l.mu.Lock()
	defer l.mu.Unlock()
	if p, ok := l.memo[key]; ok {
		return p, nil
	}
	p, why, err := l.find(ctx, choice)
	if err != nil {
		return "", err
	}
	l.log().Info("terraform chosen", "path", p, "why", why)
	if l.memo == nil {
		l.memo = map[string]string{}
	}
	l.memo[key] = p
	return p, nil
}

func (l *Locator) log() *slog.Logger {
	if l.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return l.Log
}

func (l *Locator) find(ctx context.Context, c Choice) (string, string, error) {
	def, err := l.defaultTerraform(ctx)
	if err != nil {
		return "", "", err
	}
	if def != nil && (c.Any() || c.Allows(def.version)) {
		p, err := l.materialize(def)
		return p, fmt.Sprintf("%s %s satisfies %s", def.what, def.version, c), err
	}
	var v *version.Version
	switch {
	case c.Exact != nil:
		v = c.Exact
	default:
		newest, all, err := l.Installer.Newest(ctx, c.Constraints)
		if err != nil {
			// Offline: the newest cached version that satisfies will do.
			for _, cv := range l.Installer.CachedVersions() {
				if c.Allows(cv) {
					p, _ := l.Installer.Cached(cv)
					l.log().Warn("could not list terraform releases; using the newest cached one that satisfies", "version", cv.String(), "error", err.Error())
					return p, fmt.Sprintf("cached %s satisfies %s", cv, c), nil
				}
			}
			return "", "", err
		}
		if newest == nil {
			return "", "", step.Usagef("%s asks for terraform %s, which no release satisfies (newest release: %s); change the constraint", c.Source, c.Raw, newestOf(all))
		}
		v = newest
	}
	if p, ok := l.Installer.Cached(v); ok {
		return p, fmt.Sprintf("cached %s for %s", v, c), nil
	}
	l.log().Info("installing terraform", "version", v.String(), "for", c.String(), "into", l.Installer.Dir)
	p, err := l.Installer.Install(ctx, v)
	if errors.Is(err, ErrNotReleased) {
		if c.Source == "input terraform-version" {
			return "", "", step.InputError("terraform-version", c.Raw, fmt.Errorf("no such terraform release"))
		}
		return "", "", step.Usagef("%s asks for terraform %s, which is not a terraform release", c.Source, c.Raw)
	}
	if err != nil {
		return "", "", err
	}
	return p, fmt.Sprintf("installed %s for %s", v, c), nil
}

func newestOf(all []*version.Version) string {
	if len(all) == 0 {
		return "none"
	}
	return all[len(all)-1].String()
}

// defaultTerraform is the image's bundle, else terraform on PATH, else nil.
func (l *Locator) defaultTerraform(ctx context.Context) (*found, error) {
	if l.defResolved {
		return l.def, nil
	}
	l.defResolved = true
	if l.Bundle != nil {
		l.def = &found{version: l.Bundle.Version, what: "the image's terraform"}
		return l.def, nil
	}
	if l.LookPath == nil {
		return nil, nil
	}
	p, err := l.LookPath("terraform")
	if err != nil {
		return nil, nil
	}
	v, err := l.VersionOf(ctx, p)
	if err != nil {
		l.log().Warn("ignoring terraform on PATH: cannot read its version", "path", p, "error", err.Error())
		return nil, nil
	}
	l.def = &found{path: p, version: v, what: "terraform on PATH"}
	return l.def, nil
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

// VersionOf reads a terraform binary's version from `terraform version -json`.
func VersionOf(ctx context.Context, path string) (*version.Version, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, "version", "-json")
	cmd.Env = append(os.Environ(), "CHECKPOINT_DISABLE=1", "TF_CLI_CONFIG_FILE=/dev/null")
	out, err := cmd.Output()
	if err != nil {
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
