package sqlrecover

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/olympus-cloud/deploy-actions/internal/adapters/incident"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

func run(ctx context.Context, rt *step.Runtime) error {
	cfg, err := resolve(rt)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, cfg.Timeout)
	defer cancel()
	api, err := NewAPI(ctx, cfg.Endpoint, cfg.Retry, rt.Log())
	if err != nil {
		return err
	}
	r := &Recoverer{Config: cfg, API: api, Report: rt.Report, PollFirst: cfg.PollFirst, PollMost: cfg.PollMost}
	r.Incidents = incident.New(rt.Report, rt.GitHub, rt.Workdir)
	return r.Process(ctx)
}

// resolve reads and checks every input before any request: bad input
// sends nothing.
func resolve(rt *step.Runtime) (Config, error) {
	in := rt.Inputs
	cfg := Config{Mode: in.String("mode"), Project: in.String("project"), Reason: in.String("reason"),
		DryRun: in.Bool("dry-run"), Now: time.Now, Who: step.Who(rt),
		Timeout: in.Duration("timeout"), Endpoint: in.String("sql-endpoint"),
		PollFirst: rt.Wait(2 * time.Second), PollMost: rt.Wait(30 * time.Second), Retry: rt.Wait(time.Second)}
	instances := in.List("instance")
	if cfg.Mode == "check" {
		cfg.Instances = instances
		return cfg, nil
	}
	if len(instances) != 1 {
		return cfg, step.InputError("instance", in.String("instance"), errors.New("give the one Cloud SQL instance to recover"))
	}
	cfg.Instance = instances[0]
	pit := in.String("point-in-time")
	if pit == "" {
		return cfg, step.InputError("point-in-time", "", errors.New("required in recover mode: the time to recover to, such as 2026-11-26T09:30:00Z"))
	}
	cfg.PointInTime, _ = ParsePointInTime(pit)
	cfg.Target = in.String("target-instance")
	given := cfg.Target
	if cfg.Target == "" {
		cfg.Target = DefaultTarget(cfg.Instance, cfg.PointInTime)
	}
	if err := checkTarget(cfg.Project, cfg.Target); err != nil {
		if given == "" {
			err = fmt.Errorf("the default name %q does not fit: %w", cfg.Target, err)
		}
		return cfg, step.InputError("target-instance", given, err)
	}
	if cfg.Reason == "" && !rt.GitHub.Actions && !cfg.DryRun {
		return cfg, step.InputError("reason", "", errors.New("say why outside GitHub Actions: every recovery is recorded"))
	}
	return cfg, nil
}
