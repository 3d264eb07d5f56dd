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
	ctx, cancel := context.WithTimeout(ctx, cfg.Timeout)
	defer cancel()
	api, err := NewAPI(ctx, cfg.Endpoint, rt.Log())
	if err != nil {
		return err
	}
	api.Retry = cfg.Retry
	db, err := NewConnector(ctx, cfg.Endpoint)
	if err != nil {
		return err
	}
	defer db.Close()
	r := &Refresher{Config: cfg, API: api, DB: db, Report: rt.Report, Incidents: incident.New(rt.Report, rt.GitHub, rt.Workdir),
		PollFirst: cfg.PollFirst, PollMost: cfg.PollMost, CleanupTimeout: 10 * time.Minute}
	return r.Process(ctx)
}
