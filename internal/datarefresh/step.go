package datarefresh

import (
	"context"
	"time"

	"github.com/olympus-cloud/deploy-actions/internal/incident"
	"github.com/olympus-cloud/deploy-actions/internal/step"
)

func run(ctx context.Context, env *step.Env) error {
	cfg, err := resolve(env)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, env.Inputs.Duration("timeout"))
	defer cancel()
	endpoint := env.Inputs.String("sql-endpoint")
	api, err := NewAPI(ctx, endpoint, env.Log())
	if err != nil {
		return err
	}
	db, err := NewConnector(ctx, endpoint)
	if err != nil {
		return err
	}
	defer db.Close()
	r := &Refresher{Config: cfg, API: api, DB: db, Report: env.Report, Incidents: incident.New(env),
		PollFirst: 2 * time.Second, PollMost: 30 * time.Second, CleanupTimeout: 10 * time.Minute}
	if endpoint != "" {
		r.PollFirst, r.PollMost, r.CleanupTimeout = 5*time.Millisecond, 100*time.Millisecond, 30*time.Second
	}
	return r.Process(ctx)
}
