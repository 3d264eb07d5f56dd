package reconcile

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/olympus-cloud/deploy-actions/internal/adapters/terraform"
	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// Detection is what one environment's detection found.
type Detection struct {
	// Refresh is the plan whose resource_drift says what changed outside
	// Terraform: the normal plan itself (see refreshOnlyNeeded), else a
	// refresh-only plan.
	Refresh *tfjson.Plan
	// Normal is the plan of the code against reality: what an apply (a
	// revert) would do. It is saved, to be applied exactly as shown.
	Normal *tfjson.Plan
	// Schema is the providers' schemas; nil when nothing needs them.
	Schema *tfjson.ProviderSchemas
}

// Detector finds and reverts drift, one environment at a time or at once.
type Detector interface {
	// Detect checks every environment at once. A failed environment has
	// an error and no Detection.
	Detect(ctx context.Context, envs []string) (map[string]*Detection, map[string]error)
	// Revert applies the environment's saved plan from Detect.
	Revert(ctx context.Context, env string) error
}

// Session is what drift-reconcile needs from terraform: the session
// (terraform.Session), isolated, so that every environment has a data
// directory of its own and the module's .terraform is never touched.
type Session interface {
	PlanEach(ctx context.Context, jobs []terraform.Job) []*terraform.Outcome
	Schemas(ctx context.Context, environment string) (*tfjson.ProviderSchemas, error)
	Apply(ctx context.Context, environment, planFile string) (map[string]terraform.Output, error)
}

// sessionDetector is the Detector of real runs.
type sessionDetector struct {
	tf  Session
	cfg *Config
	// dir is private to this run (0700): the saved plans hold secrets.
	dir string
	// refreshOnly runs a refresh-only plan beside the normal one.
	refreshOnly bool
	log         *slog.Logger
}

func (s *sessionDetector) planFile(e string) string { return filepath.Join(s.dir, e+".tfplan") }

func (s *sessionDetector) Detect(ctx context.Context, envs []string) (map[string]*Detection, map[string]error) {
	jobs := make([]terraform.Job, len(envs))
	for i, e := range envs {
		jobs[i] = terraform.Job{Environment: e, Backend: s.cfg.Backends[e], NoLock: true}
		jobs[i].VarFiles = s.cfg.VarFiles[e]
		if s.refreshOnly {
			jobs[i].Plans = append(jobs[i].Plans, terraform.PlanSpec{Out: filepath.Join(s.dir, e+".refresh.tfplan"), RefreshOnly: true})
		}
		jobs[i].Plans = append(jobs[i].Plans, terraform.PlanSpec{Out: s.planFile(e)})
	}
	found, failed := map[string]*Detection{}, map[string]error{}
	for _, o := range s.tf.PlanEach(ctx, jobs) {
		if o.Err != nil {
			failed[o.Environment] = fmt.Errorf("%s: %w", o.Environment, o.Err)
			continue
		}
		d := &Detection{Normal: o.Plans[len(o.Plans)-1].Plan}
		d.Refresh = o.Plans[0].Plan
		found[o.Environment] = d
	}
	// The schemas tell attributes only the provider sets, which the plan
	// cannot: needed only for drifted attributes that the plan leaves as
	// they are. Reading them starts every provider again, so only where
	// needed, and all at once.
	var wg sync.WaitGroup
	for e, d := range found {
		if !needsSchema(d.Refresh, d.Normal) {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			schema, err := s.tf.Schemas(ctx, e)
			if err != nil {
				s.log.Warn("the providers' schemas could not be read: attributes only the provider sets are shown too", "environment", e, "error", err)
				return
			}
			d.Schema = schema
		}()
	}
	wg.Wait()
	return found, failed
}

func (s *sessionDetector) Revert(ctx context.Context, e string) error {
	_, err := s.tf.Apply(ctx, e, s.planFile(e))
	return err
}

// maskPlans masks every secret of the plans before anything of them is
// printed.
func maskPlans(rep step.Reporter, plans ...*tfjson.Plan) {
	for _, p := range plans {
		for _, v := range policy.Secrets(p) {
			rep.Mask(v)
		}
	}
}
