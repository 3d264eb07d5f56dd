package datarefresh

import (
	"context"
	"time"

	"github.com/olympus-cloud/deploy-actions/internal/adapters/incident"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

func run(ctx context.Context, rt *step.Runtime) error {
	cfg, err := resolve(rt)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, rt.Inputs.Duration("timeout"))
	defer cancel()
	endpoint := rt.Inputs.String("sql-endpoint")
	api, err := NewAPI(ctx, endpoint, rt.Log())
	if err != nil {
		return err
	}
	db, err := NewConnector(ctx, endpoint)
	if err != nil {
		return err
	}
	defer db.Close()
	r := &Refresher{Config: cfg, API: api, DB: db, Report: rt.Report, Incidents: incident.New(rt.Report, rt.GitHub, rt.Workdir),
		PollFirst: 2 * time.Second, PollMost: 30 * time.Second, CleanupTimeout: 10 * time.Minute}
	if endpoint != "" {
		r.PollFirst, r.PollMost, r.CleanupTimeout = 5*time.Millisecond, 100*time.Millisecond, 30*time.Second
	}
	return r.Process(ctx)
}
