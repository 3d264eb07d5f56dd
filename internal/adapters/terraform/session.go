package terraform

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/hashicorp/go-version"

	"github.com/olympus-cloud/deploy-actions/internal/adapters/tfinstall"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// Masker hides a secret from everything printed afterwards: the step's
// reporter.
type Masker interface {
	Mask(secret string)
}

// SessionOptions open a Session. They are values its step's resolve read:
// the session never sees the step's inputs or environment.
type SessionOptions struct {
	// Dir is the root module.
	Dir string
	// Engine is the terraform asked for (terraform-path,
	// terraform-version) and where releases come from.
	Engine tfinstall.Request
	// LockTimeout is passed as -lock-timeout; zero is terraform's default.
	LockTimeout time.Duration
	// VarFiles are the variable files the session's plans are given;
	// with the module's defaults, terraform.tfvars, *.auto.tfvars and the
	// TF_VAR_* of Getenv they tell what secret variables are given.
	VarFiles []string
	Getenv   func(string) string
	// Masks receives every secret before anything that may show it is
	// printed, the module's (and each Module's) secret inputs first.
	Masks Masker
	// Log receives terraform's output: live where it holds no values
	// (init, an apply's progress), and once masked where it may.
	Log io.Writer
	// Prefix starts each environment's lines with [environment].
	Prefix bool
	// Isolated plans and applies every environment in a worker with a
	// data directory of its own, one alone too: the module's .terraform
	// (a person's, outside Actions) is never touched.
	Isolated bool
	// ReadPlan decodes the plans; nil is ReadFull.
	ReadPlan ReadPlan
	Logger   *slog.Logger
}

// Session is terraform for one root module, as every terraform step uses
// it: the secrets of its inputs masked before terraform runs, the engine
// located or installed, plans of one environment or several (in workers,
// see PlanEach) shown and masked before terraform's output is released,
// and applies whose outputs are masked before they print.
type Session struct {
	opts    SessionOptions
	locator *tfinstall.Locator
	// tf is terraform in this process; out is where its output goes.
	tf  *Terraform
	out *PrefixWriter
	// private holds the plans' JSON, terraform's held output and the
	// workers' data directories: readable by this user only, removed by
	// Close.
	mu      sync.Mutex
	private string
	// workers are the environments planned by workers, in data
	// directories of their own: what follows for them runs there too.
	workers map[string]bool
}

// Open masks what the module's secret variables are given, locates (or
// installs) the terraform asked for and checks it. Bad input is a
// step.UsageError naming the input.
func Open(ctx context.Context, o SessionOptions) (*Session, error) {
	if o.Getenv == nil {
		o.Getenv = os.Getenv
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.ReadPlan == nil {
		o.ReadPlan = ReadFull
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	// Before terraform runs: its errors quote variables' values.
	if o.Masks != nil {
		for _, s := range InputSecrets(o.Dir, o.VarFiles, o.Getenv) {
			o.Masks.Mask(s)
		}
	}
	s := &Session{opts: o, out: &PrefixWriter{W: o.Log}, workers: map[string]bool{}}
	l, err := tfinstall.New(o.Engine.Settings, o.Logger)
	if err != nil {
		return nil, err
	}
	s.locator = l
	bin, err := l.For(ctx, o.Engine.Engine, o.Dir)
	if err != nil {
		return nil, err
	}
	tf, err := prepare(s.options(bin, o.Dir))
	if err == nil {
		err = tf.checkVersion()
	}
	if err != nil {
		return nil, step.Usagef("input terraform-path: %v", err)
	}
	s.tf = tf
	o.Logger.Info("terraform found", "version", tf.Version.String())
	return s, nil
}

// privateDir creates the private directory on first use: a session that
// plans nothing (validate's) keeps no files.
func (s *Session) privateDir() (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.private == "" {
		d, err := os.MkdirTemp("", "olympus-terraform-")
		if err != nil {
			return "", fmt.Errorf("failed to create a private directory for terraform's plans: %w", err)
		}
		s.private = d
	}
	return s.private, nil
}

func (s *Session) options(bin tfinstall.Binary, dir string) Options {
	return Options{ExecPath: bin.Path, Version: bin.Version, Dir: dir, Stdout: s.out, Stderr: s.out, LockTimeout: s.opts.LockTimeout}
}

// Close removes what the session kept: plans' JSON, held output, the
// workers' data directories.
func (s *Session) Close() error {
	if s == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.private == "" {
		return nil
	}
	return os.RemoveAll(s.private)
}

// Version is the terraform in use.
func (s *Session) Version() *version.Version { return s.tf.Version }

// ExecPath is the terraform binary in use.
func (s *Session) ExecPath() string { return s.tf.ExecPath() }

// Module returns terraform for another root module under the session's
// (validate checks every one), the engine it asks for, its output
// discarded; dataDir, when set, is its own TF_DATA_DIR.
func (s *Session) Module(ctx context.Context, dir, dataDir string) (*Terraform, error) {
	// Before its terraform runs (even to say its version): what it
	// prints may quote what the module's secret variables are given.
	if s.opts.Masks != nil {
		for _, secret := range InputSecrets(dir, nil, s.opts.Getenv) {
			s.opts.Masks.Mask(secret)
		}
	}
	bin, err := s.locator.For(ctx, s.opts.Engine.Engine, dir)
	if err != nil {
		return nil, err
	}
	return New(ctx, Options{ExecPath: bin.Path, Version: bin.Version, Dir: dir, Stdout: io.Discard, Stderr: io.Discard, DataDir: dataDir})
}
