// Package terraform runs the terraform CLI through terraform-exec with the
// settings every Olympus step needs: automation mode, no input, no colour,
// the environment's backend, saved plans read as terraform-json, a state
// lock timeout, and an interrupt (not a kill) on cancellation. OpenTofu's
// tofu runs the same way: it keeps terraform's commands, flags, TF_*
// variables, JSON formats (version -json's terraform_version included),
// saved plan layout and error texts.
package terraform

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-exec/tfexec"
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/olympus-cloud/deploy-actions/internal/domain/fault"
)

// MinVersion is the oldest terraform the steps accept: the JSON plan fields
// they read (resource_drift, importing, previous_address) are all there.
var MinVersion = version.Must(version.NewVersion("1.5.0"))

// InstallHint says how to get a suitable terraform.
const InstallHint = "install terraform >= 1.5 (https://developer.hashicorp.com/terraform/install) or OpenTofu's tofu (https://opentofu.org/docs/intro/install/), " +
	"or a pinned terraform with: go run github.com/hashicorp/hc-install/cmd/hc-install@v0.9.2 install -version 1.11.4 terraform; " +
	"then put it on PATH or pass its path as terraform-path (or give terraform-version, and the step installs it)"

// Engine names the command line a binary is: "tofu" for OpenTofu's
// (named tofu, as OpenTofu ships it), else "terraform". Messages that
// tell people what to run use it.
func Engine(execPath string) string {
	if strings.HasPrefix(filepath.Base(execPath), "tofu") {
		return "tofu"
	}
	return "terraform"
}

// DefaultWaitDelay is how long terraform may take to stop after an
// interrupt before it is killed. Terraform finishes the calls in flight and
// writes its state during that time; killing it sooner can leave the state
// locked, so the delay is long. GitHub kills a cancelled step after 10 s
// whatever we choose.
const DefaultWaitDelay = 5 * time.Minute

// Options configure a Terraform.
type Options struct {
	// ExecPath is the terraform binary; empty means the one on PATH.
	ExecPath string
	// Version is ExecPath's version when the caller knows it (tfinstall
	// found the binary): terraform is then not run to ask.
	Version *version.Version
	// Dir is the root module.
	Dir string
	// Stdout and Stderr receive terraform's output live, line by line.
	Stdout, Stderr io.Writer
	// LockTimeout is passed as -lock-timeout; zero means terraform's default.
	LockTimeout time.Duration
	// WaitDelay bounds the wait after an interrupt; zero means DefaultWaitDelay.
	WaitDelay time.Duration
	// DataDir, when set, is terraform's working data directory (TF_DATA_DIR)
	// instead of the one in the environment. terraform-exec then passes the
	// environment itself, and it refuses TF_VAR_*: use DataDir only for
	// commands that read no variables (fmt, init -backend=false, validate).
	DataDir string
}

// Terraform runs terraform in one root module.
type Terraform struct {
	tf      *tfexec.Terraform
	opts    Options
	stdout  *gate
	stderr  *gate
	Version *version.Version
	// env is the environment set for a data directory; nil means the
	// process's.
	env []string
	// Engine is "terraform" or "tofu" (see Engine).
	Engine string
}

// Find resolves the terraform binary: path when given, else terraform on PATH.
func Find(path string) (string, error) {
	if path != "" {
		st, err := os.Stat(path)
		if err != nil || st.IsDir() {
			return "", fmt.Errorf("terraform %q not found: %s", path, InstallHint)
		}
		return path, nil
	}
	p, err := exec.LookPath("terraform")
	if err != nil {
		return "", fmt.Errorf("terraform not found on PATH: %s", InstallHint)
	}
	return p, nil
}

// New finds terraform, checks its version and prepares it for opts.Dir.
func New(ctx context.Context, opts Options) (*Terraform, error) {
	t, err := prepare(opts)
	if err != nil {
		return nil, err
	}
	if _, err := t.readVersion(ctx); err != nil {
		return nil, err
	}
	if err := t.checkVersion(); err != nil {
		return nil, err
	}
	return t, nil
}

// prepare readies terraform for opts.Dir without running it.
func prepare(opts Options) (*Terraform, error) {
	path, err := Find(opts.ExecPath)
	if err != nil {
		return nil, err
	}
	tf, err := tfexec.NewTerraform(opts.Dir, path)
	if err != nil {
		return nil, fmt.Errorf("failed to prepare terraform: %w", err)
	}
	if opts.WaitDelay == 0 {
		opts.WaitDelay = DefaultWaitDelay
	}
	if err := tf.SetWaitDelay(opts.WaitDelay); err != nil {
		return nil, err
	}
	var dataEnv []string
	if opts.DataDir != "" {
		env := map[string]string{}
		for _, kv := range os.Environ() {
			if k, v, ok := strings.Cut(kv, "="); ok {
				env[k] = v
			}
		}
		env = tfexec.CleanEnv(env)
		env["TF_DATA_DIR"] = opts.DataDir
		if err := tf.SetEnv(env); err != nil {
			return nil, fmt.Errorf("failed to prepare terraform: %w", err)
		}
		for k, v := range env {
			dataEnv = append(dataEnv, k+"="+v)
		}
	}
	t := &Terraform{tf: tf, opts: opts, stdout: &gate{w: opts.Stdout}, stderr: &gate{w: opts.Stderr}, env: dataEnv, Engine: Engine(path)}
	if opts.Version != nil {
		// terraform-exec would run `terraform version -json` before its
		// first command to learn it.
		tf.SetKnownVersion(opts.Version)
		t.Version = opts.Version
	}
	// terraform-exec streams every command's stdout, including show -json
	// whose plan and state hold sensitive values in clear: the gate lets
	// only the human-readable commands through.
	tf.SetStdout(t.stdout)
	tf.SetStderr(t.stderr)
	return t, nil
}

// readVersion runs terraform version once, unless the version was known:
// terraform-exec keeps the answer for the commands that depend on it.
func (t *Terraform) readVersion(ctx context.Context) (*version.Version, error) {
	if t.Version != nil {
		return t.Version, nil
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	v, err := quiet(t, fmt.Sprintf("run %q version", t.tf.ExecPath()), func() (*version.Version, error) {
		v, _, err := t.tf.Version(ctx, true)
		return v, err
	})
	if err != nil {
		return nil, err
	}
	t.Version = v
	return v, nil
}

func (t *Terraform) checkVersion() error {
	if t.Version.LessThan(MinVersion) {
		return fmt.Errorf("%s %s at %q is too old: %s", t.Engine, t.Version, t.tf.ExecPath(), InstallHint)
	}
	return nil
}

// ExecPath is the terraform binary in use.
func (t *Terraform) ExecPath() string { return t.tf.ExecPath() }

// quiet runs fn with terraform's stdout not streamed, for commands whose
// output is machine-readable and may hold sensitive values in clear.
func quiet[T any](t *Terraform, what string, fn func() (T, error)) (T, error) {
	t.stdout.set(false)
	defer t.stdout.set(true)
	v, err := fn()
	if err != nil {
		var zero T
		return zero, fmt.Errorf("failed to %s: %w", what, err)
	}
	return v, nil
}

// gate forwards writes while open, or to a hold while one is set;
// terraform's output is read line by line by terraform-exec, so switching
// between commands never splits a line.
type gate struct {
	mu     sync.Mutex
	closed bool
	hold   io.Writer
	w      io.Writer
	// from, when set, is a line after which (itself included) output goes
	// to fromHold.
	from     string
	fromHold io.Writer
	holding  bool
}

func (g *gate) holdFrom(line string, w io.Writer) {
	g.mu.Lock()
	g.from, g.fromHold, g.holding = line, w, false
	g.mu.Unlock()
}

func (g *gate) set(open bool) {
	g.mu.Lock()
	g.closed = !open
	g.mu.Unlock()
}

func (g *gate) setHold(w io.Writer) {
	g.mu.Lock()
	g.hold = w
	g.mu.Unlock()
}

func (g *gate) Write(p []byte) (int, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.from != "" && !g.holding {
		for _, l := range strings.Split(string(p), "\n") {
			if strings.TrimSpace(l) == g.from {
				g.holding = true
			}
		}
	}
	switch {
	case g.closed:
		return len(p), nil
	case g.holding:
		return g.fromHold.Write(p)
	case g.hold != nil:
		return g.hold.Write(p)
	case g.w == nil:
		return len(p), nil
	}
	return g.w.Write(p)
}

// held runs fn with terraform's output going to w instead of the log.
func (t *Terraform) held(w io.Writer, fn func() error) error {
	if w == nil {
		return fn()
	}
	t.stdout.setHold(w)
	t.stderr.setHold(w)
	defer t.stdout.setHold(nil)
	defer t.stderr.setHold(nil)
	return fn()
}

// ProvidersSchema reads the schemas of the module's providers, which say
// which attributes only the provider sets.
func (t *Terraform) ProvidersSchema(ctx context.Context) (*tfjson.ProviderSchemas, error) {
	return quiet(t, "read the providers' schemas", func() (*tfjson.ProviderSchemas, error) {
		return t.tf.ProvidersSchema(ctx)
	})
}

// Init initialises the module against a backend config file (empty: the
// module's own backend block), with -reconfigure so that switching
// environments never migrates one environment's state into another's.
func (t *Terraform) Init(ctx context.Context, backendConfig string) error {
	opts := []tfexec.InitOption{tfexec.Reconfigure(true), tfexec.Upgrade(false)}
	if backendConfig != "" {
		opts = append(opts, tfexec.BackendConfig(backendConfig))
	}
	unlock, err := lockPluginCache(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	if err := t.tf.Init(ctx, opts...); err != nil {
		return fmt.Errorf("failed to init: %w", fault.Credentials(shown(err)))
	}
	return nil
}

// shownError is a command's failure whose message ends with the stderr
// that terraform-exec captured, which the command also wrote live.
type shownError struct {
	err    error
	output string
}

func (e *shownError) Error() string  { return e.err.Error() }
func (e *shownError) Unwrap() error  { return e.err }
func (e *shownError) Echoed() string { return e.output }

// shown marks err's stderr (terraform-exec puts it after the first line)
// as shown live: a fault.Echoed.
func shown(err error) error {
	msg := err.Error()
	i := strings.Index(msg, "\n")
	if i < 0 || strings.TrimSpace(msg[i:]) == "" {
		return err
	}
	return &shownError{err: err, output: msg[i:]}
}

// InitNoBackend initialises providers and modules only, for validation.
func (t *Terraform) InitNoBackend(ctx context.Context) error {
	unlock, err := lockPluginCache(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	if err := t.tf.Init(ctx, tfexec.Backend(false)); err != nil {
		return fmt.Errorf("failed to init: %w", err)
	}
	return nil
}

// PlanOptions select what to plan.
type PlanOptions struct {
	VarFiles []string
	// Out is where the saved plan goes.
	Out string
	// RefreshOnly plans only to update the state to match reality.
	RefreshOnly bool
	// NoLock plans without taking the state lock (read-only credentials
	// cannot write the lock object).
	NoLock bool
	// Hold, when set, receives terraform's output instead of the log: a
	// plan prints values before the step knows which are secret, so the
	// step masks them first and prints the plan after.
	Hold io.Writer
}

// Plan saves a plan to opts.Out and reports whether it has changes.
func (t *Terraform) Plan(ctx context.Context, opts PlanOptions) (bool, error) {
	po := []tfexec.PlanOption{tfexec.Out(opts.Out)}
	for _, vf := range opts.VarFiles {
		po = append(po, tfexec.VarFile(vf))
	}
	if t.opts.LockTimeout > 0 {
		po = append(po, tfexec.LockTimeout(t.opts.LockTimeout.String()))
	}
	if opts.RefreshOnly {
		po = append(po, tfexec.RefreshOnly(true))
	}
	if opts.NoLock {
		po = append(po, tfexec.Lock(false))
	}
	var changed bool
	err := t.held(opts.Hold, func() (err error) {
		changed, err = t.tf.Plan(ctx, po...)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("failed to plan: %w", err)
	}
	return changed, nil
}

// Apply applies a saved plan, exactly as it was saved.
//
// outputs, when set, receives terraform's closing "Outputs:" section
// instead of the log: it prints output values known only after the apply,
// which the step can mask only once it has read them. The progress before
// it is streamed live.
func (t *Terraform) Apply(ctx context.Context, planFile string, outputs io.Writer) error {
	opts := []tfexec.ApplyOption{tfexec.DirOrPlan(planFile)}
	if t.opts.LockTimeout > 0 {
		opts = append(opts, tfexec.LockTimeout(t.opts.LockTimeout.String()))
	}
	if outputs != nil {
		t.stdout.holdFrom("Outputs:", outputs)
		defer t.stdout.holdFrom("", nil)
	}
	if err := t.tf.Apply(ctx, opts...); err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("apply interrupted: %w", errors.Join(ctx.Err(), err))
		}
		return fmt.Errorf("failed to apply: %w", fault.Credentials(shown(err)))
	}
	return nil
}

// ShowPlan reads a saved plan as terraform-json.
func (t *Terraform) ShowPlan(ctx context.Context, planFile string) (*tfjson.Plan, error) {
	return quiet(t, fmt.Sprintf("read plan %q", planFile), func() (*tfjson.Plan, error) {
		return t.tf.ShowPlanFile(ctx, planFile)
	})
}

// ShowPlanJSON returns a saved plan's `terraform show -json` text, for a
// reader that decodes it once, its own way.
func (t *Terraform) ShowPlanJSON(ctx context.Context, planFile string) (string, error) {
	return quiet(t, fmt.Sprintf("read plan %q", planFile), func() (string, error) {
		return t.tf.ShowPlanFileRaw(ctx, planFile)
	})
}

// FormatCheck lists the module's files (relative) that terraform fmt would
// change. It looks at this directory only, not below it.
func (t *Terraform) FormatCheck(ctx context.Context) ([]string, error) {
	return quiet(t, "run terraform fmt", func() ([]string, error) {
		_, files, err := t.tf.FormatCheck(ctx)
		return files, err
	})
}

// FormatString returns content as terraform fmt writes it.
func (t *Terraform) FormatString(ctx context.Context, content string) (string, error) {
	return quiet(t, "run terraform fmt", func() (string, error) {
		return t.tf.FormatString(ctx, content)
	})
}

// Validate runs terraform validate -json; the module must be initialised.
func (t *Terraform) Validate(ctx context.Context) (*tfjson.ValidateOutput, error) {
	return quiet(t, "run terraform validate", func() (*tfjson.ValidateOutput, error) {
		return t.tf.Validate(ctx)
	})
}

// Output is one root module output.
type Output struct {
	Sensitive bool
	Value     json.RawMessage
}

// Outputs reads the root module's outputs without printing them.
func (t *Terraform) Outputs(ctx context.Context) (map[string]Output, error) {
	return quiet(t, "read the outputs", func() (map[string]Output, error) {
		out, err := t.tf.Output(ctx)
		if err != nil {
			return nil, err
		}
		m := make(map[string]Output, len(out))
		for k, v := range out {
			m[k] = Output{Sensitive: v.Sensitive, Value: v.Value}
		}
		return m, nil
	})
}
