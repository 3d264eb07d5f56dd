package reconcile

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/olympus-cloud/deploy-actions/internal/policy"
	"github.com/olympus-cloud/deploy-actions/internal/step"
	"github.com/olympus-cloud/deploy-actions/internal/terraform"
	"github.com/olympus-cloud/deploy-actions/internal/worker"
)

// Worker protocol: the parent starts this binary for one environment with
// workerDirEnv naming a private directory; the worker writes its plans
// there as JSON. With workerApplyEnv set, it applies the saved plan
// instead.
const (
	workerDirEnv   = "OLYMPUS_DRIFT_WORKER_DIR"
	workerApplyEnv = "OLYMPUS_DRIFT_WORKER_APPLY"
	workerInitEnv  = "OLYMPUS_DRIFT_WORKER_INIT"
)

// Detection is what one environment's detection found.
type Detection struct {
	// Refresh is the refresh-only plan: what changed outside Terraform.
	Refresh *tfjson.Plan
	// Normal is the plan of the code against reality: what an apply (a
	// revert) would do. It is saved, to be applied exactly as shown.
	Normal *tfjson.Plan
	// Schema is the providers' schemas; nil when nothing drifted.
	Schema *tfjson.ProviderSchemas
}

// Detector finds and reverts drift, one environment at a time or at once.
type Detector interface {
	// Detect checks every environment, at most Limit at a time. A failed
	// environment has an error and no Detection.
	Detect(ctx context.Context, envs []string) (map[string]*Detection, map[string]error)
	// Revert applies the environment's saved plan from Detect.
	Revert(ctx context.Context, env string) error
}

// Limit is how many environments are checked at once: terraform plans
// mostly wait on providers and APIs, so twice the CPUs keep them busy
// without one environment starving the others.
func Limit() int { return max(2*runtime.NumCPU(), 2) }

// workers is the Detector of real runs: each environment in a worker
// process with its own TF_DATA_DIR, so that environments never share
// .terraform and the user's own is not touched.
type workers struct {
	env *step.Env
	cfg *Config
	// dir is private to this run (0700): plans and their JSON hold
	// secrets in clear.
	dir   string
	limit int
}

func (w *workers) args(e string) []string {
	args := []string{"drift-reconcile", "--environments", e, "--working-directory", w.cfg.Dir,
		"--promotion-order", w.cfg.Order.String(), "--lock-timeout", w.cfg.LockTimeout.String()}
	if w.cfg.TerraformPath != "" {
		args = append(args, "--terraform-path", w.cfg.TerraformPath)
	}
	return args
}

func (w *workers) run(ctx context.Context, e string, extra ...string) error {
	data := filepath.Join(w.dir, e+".terraform")
	if len(extra) > 0 && extra[0] == workerInitEnv+"=1" {
		data = filepath.Join(w.dir, "init.terraform")
	}
	env := worker.Environ(append([]string{workerDirEnv + "=" + w.dir, "TF_DATA_DIR=" + data}, extra...)...)
	cmd, err := worker.Command(ctx, w.args(e), env, w.env.Stderr, "["+e+"] ")
	if err != nil {
		return fmt.Errorf("failed to find olympus to start the %s worker: %w", e, err)
	}
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("%s: cancelled: %w", e, ctx.Err())
		}
		return fmt.Errorf("%s: terraform failed (see the [%s] lines of the log): %w", e, e, err)
	}
	return nil
}

func (w *workers) Detect(ctx context.Context, envs []string) (map[string]*Detection, map[string]error) {
	found := map[string]*Detection{}
	failed := map[string]error{}
	// Without a lock file every worker's init would write one at the same
	// time: one init writes it first.
	if !isFile(filepath.Join(w.cfg.Dir, ".terraform.lock.hcl")) && len(envs) > 1 {
		if err := w.run(ctx, envs[0], workerInitEnv+"=1"); err != nil {
			for _, e := range envs {
				failed[e] = err
			}
			return found, failed
		}
	}
	var mu sync.Mutex
	sem := make(chan struct{}, max(w.limit, 1))
	var wg sync.WaitGroup
	for _, e := range envs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
				defer func() { <-sem }()
			case <-ctx.Done():
				mu.Lock()
				failed[e] = ctx.Err()
				mu.Unlock()
				return
			}
			d, err := w.detect(ctx, e)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				failed[e] = err
				return
			}
			found[e] = d
		}()
	}
	wg.Wait()
	return found, failed
}

func (w *workers) detect(ctx context.Context, e string) (*Detection, error) {
	if err := w.run(ctx, e); err != nil {
		return nil, err
	}
	return readDetection(w.dir, e)
}

func (w *workers) Revert(ctx context.Context, e string) error {
	return w.run(ctx, e, workerApplyEnv+"=1")
}

// Files of one environment in the run's private directory.
func refreshJSON(dir, e string) string { return filepath.Join(dir, e+".refresh.json") }
func planJSON(dir, e string) string    { return filepath.Join(dir, e+".plan.json") }
func schemaJSON(dir, e string) string  { return filepath.Join(dir, e+".schema.json") }
func planFile(dir, e string) string    { return filepath.Join(dir, e+".tfplan") }

func readDetection(dir, e string) (*Detection, error) {
	d := &Detection{Refresh: &tfjson.Plan{}, Normal: &tfjson.Plan{}}
	for path, v := range map[string]any{refreshJSON(dir, e): d.Refresh, planJSON(dir, e): d.Normal} {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("%s: the worker left no plan: %w", e, err)
		}
		if err := json.Unmarshal(b, v); err != nil {
			return nil, fmt.Errorf("%s: failed to read the plan: %w", e, err)
		}
	}
	if b, err := os.ReadFile(schemaJSON(dir, e)); err == nil {
		d.Schema = &tfjson.ProviderSchemas{}
		if err := json.Unmarshal(b, d.Schema); err != nil {
			d.Schema = nil
		}
	}
	return d, nil
}

// runWorker is the worker's side: detect one environment, or apply its
// saved plan.
func runWorker(ctx context.Context, env *step.Env, cfg *Config, dir string) error {
	if len(cfg.Environments) != 1 {
		return fmt.Errorf("a drift worker checks one environment, not %d", len(cfg.Environments))
	}
	e := cfg.Environments[0]
	tf, err := terraform.New(ctx, terraform.Options{ExecPath: cfg.TerraformPath, Dir: cfg.Dir,
		Stdout: env.Stderr, Stderr: env.Stderr, LockTimeout: cfg.LockTimeout})
	if err != nil {
		return err
	}
	if env.Getenv(workerInitEnv) != "" {
		return tf.InitNoBackend(ctx)
	}
	if env.Getenv(workerApplyEnv) != "" {
		d, err := readDetection(dir, e)
		if err != nil {
			return err
		}
		maskPlans(env.Report, d.Refresh, d.Normal)
		// Output values known only after the apply are printed in its
		// closing section: held until they are read and masked.
		var outputs bytes.Buffer
		err = tf.Apply(ctx, planFile(dir, e), &outputs)
		if outs, oerr := tf.Outputs(ctx); oerr == nil {
			for name, o := range outs {
				var v any
				if json.Unmarshal(o.Value, &v) == nil {
					for _, s := range policy.OutputSecrets(name, v, o.Sensitive) {
						env.Report.Mask(s)
					}
				}
			}
			env.Stderr.Write(outputs.Bytes())
		} else if outputs.Len() > 0 {
			fmt.Fprintf(env.Stderr, "terraform's outputs (%d bytes) are withheld: they could not be read to mask them\n", outputs.Len())
		}
		return err
	}
	if err := tf.Init(ctx, cfg.Backends[e]); err != nil {
		return err
	}
	var vars []string
	if vf := cfg.VarFiles[e]; vf != "" {
		vars = []string{vf}
	}
	// terraform prints drifted values before the worker knows which are
	// secret: its output is held, and printed once the masks are set.
	// If the plans cannot be read, their secrets are unknown: the output
	// is withheld rather than printed unmasked.
	var held bytes.Buffer
	masked := false
	defer func() {
		if masked {
			env.Stderr.Write(held.Bytes())
		} else if held.Len() > 0 {
			fmt.Fprintf(env.Stderr, "terraform's output (%d bytes) is withheld: the plan's secrets could not be read to mask them\n", held.Len())
		}
	}()
	refreshFile := filepath.Join(dir, e+".refresh.tfplan")
	if _, err := tf.Plan(ctx, terraform.PlanOptions{VarFiles: vars, Out: refreshFile, RefreshOnly: true, NoLock: true, Hold: &held}); err != nil {
		return err
	}
	refresh, err := tf.ShowPlan(ctx, refreshFile)
	if err != nil {
		return err
	}
	maskPlans(env.Report, refresh)
	masked = true
	if _, err := tf.Plan(ctx, terraform.PlanOptions{VarFiles: vars, Out: planFile(dir, e), NoLock: true, Hold: &held}); err != nil {
		return err
	}
	normal, err := tf.ShowPlan(ctx, planFile(dir, e))
	if err != nil {
		return err
	}
	maskPlans(env.Report, normal)
	var errs []error
	for path, v := range map[string]any{refreshJSON(dir, e): refresh, planJSON(dir, e): normal} {
		errs = append(errs, writeJSON(path, v))
	}
	if needsSchema(refresh, normal) {
		// The schemas tell attributes only the provider sets, which the
		// plan cannot: needed only for drifted attributes that the plan
		// leaves as they are. Reading them starts every provider again.
		if s, err := tf.ProvidersSchema(ctx); err == nil {
			errs = append(errs, writeJSON(schemaJSON(dir, e), s))
		} else {
			env.Log().Warn("the providers' schemas could not be read: attributes only the provider sets are shown too", "error", err)
		}
	}
	return errors.Join(errs...)
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

func writeJSON(path string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("failed to write %s: %w", filepath.Base(path), err)
	}
	return os.WriteFile(path, b, 0o600)
}

// needsSchema reports whether some drifted attribute is neither
// operational nor changed back by the plan: only the schema can then tell
// whether the code could set it.
func needsSchema(refresh, normal *tfjson.Plan) bool {
	planned := map[string]*tfjson.ResourceChange{}
	for _, rc := range normal.ResourceChanges {
		if rc != nil && rc.Change != nil {
			planned[rc.Address] = rc
		}
	}
	for _, rc := range policy.Drifted(refresh) {
		if rc.Change.After == nil {
			continue
		}
		for _, l := range policy.Leaves(rc.Change) {
			if !policy.Operational(rc.Type, l.Path) && !policy.PlannedAt(planned[rc.Address], l.Path) {
				return true
			}
		}
	}
	return false
}
