package rollback

import (
	"errors"
	"time"

	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// DefaultRegion is the region of a service when region is not given: the
// record and the log say it was the default.
const DefaultRegion = "us-central1"

// Config is a rollback's resolved inputs.
type Config struct {
	Project, Region, Service string
	// RegionDefault is true when region was not given and DefaultRegion
	// was used.
	RegionDefault bool
	ToRevision    string
	// Environment names the GitHub Environment whose last verified
	// deployment records the known-good revision; may be empty.
	Environment        string
	Reason             string
	AllowSplit, DryRun bool
	Who                string
	Now                func() time.Time
	// Timeout bounds the whole rollback.
	Timeout time.Duration
	// Endpoint is a Cloud Run emulator's host:port, or "" for Google.
	Endpoint string
	// Poll is how often the service is read while it reconciles.
	Poll time.Duration
}

// resolve reads and checks every input before any call: bad input sends
// nothing.
func resolve(rt *step.Runtime) (Config, error) {
	in := rt.Inputs
	cfg := Config{Project: in.String("project"), Region: in.String("region"), Service: in.String("service"),
		ToRevision: in.String("to-revision"), Reason: in.String("reason"), AllowSplit: in.Bool("allow-split"),
		DryRun: in.Bool("dry-run"), Environment: in.String("environment"), Now: time.Now,
		Timeout: in.Duration("timeout"), Endpoint: in.String("run-endpoint"), Poll: rt.Wait(500 * time.Millisecond)}
	if cfg.Region == "" {
		cfg.Region, cfg.RegionDefault = DefaultRegion, true
	}
	// A dry run changes nothing, so there is nothing to record a reason for.
	if cfg.Reason == "" && !rt.GitHub.Actions && !cfg.DryRun {
		return cfg, step.InputError("reason", "", errors.New("say why outside GitHub Actions: every manual change is recorded"))
	}
	cfg.Who = step.Who(rt)
	return cfg, nil
}
