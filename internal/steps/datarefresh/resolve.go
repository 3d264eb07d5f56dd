package datarefresh

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// Config is the step's resolved inputs, the sanitization folder read and
// checked with them.
type Config struct {
	SourceEnv, TargetEnv          string
	SourceProject, SourceInstance string
	TargetProject, TargetInstance string
	Backup                        int64 // 0: the newest successful one
	MaxBackupAge                  time.Duration
	Sanitize                      *Sanitization
	ServiceAccount                string
	DryRun                        bool
	Reason, Who                   string
	// RunID names this refresh in the scratch instance's name and labels:
	// the workflow run's id, or local-<time>.
	RunID string
	Now   func() time.Time
	// Timeout bounds the whole step.
	Timeout time.Duration
	// Endpoint is a SQL Admin emulator's URL (which also serves the
	// databases), or "" for Google.
	Endpoint string
	// PollFirst and PollMost bound the pause between reads of an
	// operation; Retry is the first pause before a failed read is retried.
	PollFirst, PollMost, Retry time.Duration
}

// Source and Target name the instances as project/instance.
func (c Config) Source() string { return c.SourceProject + "/" + c.SourceInstance }
func (c Config) Target() string { return c.TargetProject + "/" + c.TargetInstance }

// resolve reads and checks every input, and the sanitization folder,
// before any request: bad input sends nothing.
func resolve(rt *step.Runtime) (Config, error) {
	in := rt.Inputs
	cfg := Config{SourceProject: in.String("source-project"), TargetProject: in.String("target-project"),
		MaxBackupAge: in.Duration("max-backup-age"), ServiceAccount: in.String("service-account"),
		DryRun: in.Bool("dry-run"), Reason: in.String("reason"), Who: step.Who(rt), Now: time.Now,
		Timeout: in.Duration("timeout"), Endpoint: in.String("sql-endpoint"),
		PollFirst: rt.Wait(2 * time.Second), PollMost: rt.Wait(30 * time.Second), Retry: rt.Wait(time.Second)}
	order, err := policy.ParseOrder(in.String("promotion-order"))
	if err != nil {
		return cfg, step.InputError("promotion-order", in.String("promotion-order"), err)
	}
	if len(order) < 2 {
		return cfg, step.InputError("promotion-order", in.String("promotion-order"), errors.New("a refresh needs two environments: production and one before it"))
	}
	cfg.SourceEnv = in.String("source-environment")
	if cfg.SourceEnv == "" {
		cfg.SourceEnv = order.Production()
	}
	if err := order.Check("source-environment", cfg.SourceEnv); err != nil {
		return cfg, err
	}
	cfg.TargetEnv = in.String("target-environment")
	if cfg.TargetEnv == "" {
		cfg.TargetEnv = order.Previous(cfg.SourceEnv)
		if cfg.TargetEnv == "" {
			return cfg, step.InputError("target-environment", "", fmt.Errorf("source-environment %q is the first of promotion-order: name the environment to refresh", cfg.SourceEnv))
		}
	}
	if err := order.Check("target-environment", cfg.TargetEnv); err != nil {
		return cfg, err
	}
	switch {
	case cfg.TargetEnv == order.Production():
		return cfg, step.InputError("target-environment", cfg.TargetEnv, errors.New("it is production (the last of promotion-order): production is only ever read, never refreshed"))
	case cfg.TargetEnv == cfg.SourceEnv:
		return cfg, step.InputError("target-environment", cfg.TargetEnv, errors.New("it is the source environment"))
	}
	cfg.SourceInstance = orDefault(in.String("source-instance"), "olympus-"+cfg.SourceEnv)
	cfg.TargetInstance = orDefault(in.String("target-instance"), "olympus-"+cfg.TargetEnv)
	for input, name := range map[string]string{"source-instance": cfg.SourceInstance, "target-instance": cfg.TargetInstance} {
		if err := ValidInstance(name); err != nil {
			return cfg, step.InputError(input, in.String(input), fmt.Errorf("the default name %q does not fit: %w", name, err))
		}
	}
	if cfg.Source() == cfg.Target() {
		return cfg, step.InputError("target-instance", cfg.TargetInstance, errors.New("it is the source instance"))
	}
	if cfg.SourceEnv == order.Production() && cfg.TargetProject == cfg.SourceProject {
		return cfg, step.InputError("target-project", cfg.TargetProject, errors.New("it is production's project: the scratch instance and the target must live in the target environment's own project"))
	}
	if b := in.String("backup"); b != "" {
		cfg.Backup, _ = strconv.ParseInt(b, 10, 64)
	}
	if cfg.ServiceAccount == "" && !cfg.DryRun {
		return cfg, step.InputError("service-account", "", errors.New("required: the email of the identity the step runs as (it logs in to the scratch instance as its IAM database user)"))
	}
	if cfg.Reason == "" && !rt.GitHub.Actions && !cfg.DryRun {
		return cfg, step.InputError("reason", "", errors.New("say why outside GitHub Actions: every refresh is recorded"))
	}
	dir, err := rt.Dir("sanitize-path")
	if err != nil {
		return cfg, err
	}
	if cfg.Sanitize, err = LoadSanitization(dir); err != nil {
		return cfg, step.InputError("sanitize-path", in.String("sanitize-path"), err)
	}
	cfg.RunID = rt.GitHub.RunID
	if cfg.RunID == "" {
		cfg.RunID = "local-" + cfg.Now().UTC().Format("20060102150405")
	}
	return cfg, nil
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
