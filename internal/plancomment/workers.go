package plancomment

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"golang.org/x/sync/errgroup"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/olympus-cloud/deploy-actions/internal/step"
	"github.com/olympus-cloud/deploy-actions/internal/worker"
)

// workerOutEnv names the file a worker writes its environment's
// `terraform show -json` to. Set only for the worker processes below.
const workerOutEnv = "OLYMPUS_PLAN_WORKER_OUT"

// Environments of one working directory share its .terraform, so they
// cannot be planned at once in one process: terraform-exec refuses
// TF_VAR_* in SetEnv, so a per-environment TF_DATA_DIR is impossible
// without losing the variables. Each environment is therefore planned by a
// worker, this same binary, with its own TF_DATA_DIR in its inherited
// environment, at most one per CPU. Their logs are prefixed [env].
type workerPool struct {
	env    *step.Env
	cfg    *config
	runner *terraformRunner
}

// Plan is never reached: planAll has planned every job into its JSON.
func (w *workerPool) Plan(_ context.Context, j *job) (*tfjson.Plan, error) {
	return nil, fmt.Errorf("%s was not planned by a worker", j.env)
}

func (w *workerPool) planAll(ctx context.Context, jobs []*job) error {
	env, cfg, tf := w.env, w.cfg, w.runner
	// One init first, so that the workers find the providers' lock file
	// and never write it at the same time.
	if _, err := os.Stat(filepath.Join(cfg.dir, ".terraform.lock.hcl")); err != nil {
		tf.out.SetPrefix("[init] ")
		if err := tf.tf.InitNoBackend(ctx); err != nil {
			return err
		}
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(max(runtime.NumCPU(), 1))
	for _, j := range jobs {
		g.Go(func() error {
			out := filepath.Join(cfg.planDir, j.env+".json")
			args := []string{"plan-comment", "--environments", j.env, "--working-directory", cfg.dir,
				"--plan-file-dir", cfg.planDir, "--comment", "off", "--lock-timeout", env.Inputs.String("lock-timeout"),
				"--lock=" + env.Inputs.String("lock"), "--promotion-order", cfg.order.String()}
			// The terraform this run chose, so that every worker runs it.
			args = append(args, "--terraform-path", tf.tf.ExecPath())
			cmd, err := worker.Command(gctx, args, worker.Environ(workerOutEnv+"="+out,
				"TF_DATA_DIR="+filepath.Join(cfg.planDir, j.env+".terraform")), env.Stderr, "["+j.env+"] ")
			if err != nil {
				return fmt.Errorf("failed to find olympus to plan environments concurrently: %w", err)
			}
			if err := cmd.Run(); err != nil {
				return fmt.Errorf("%s: failed to plan (see the [%s] log lines): %w", j.env, j.env, err)
			}
			j.planJSON, j.shownJSON = out, out
			// The worker held terraform's plan output back: it is
			// printed by this process once the plan's secrets are masked.
			held, err := os.ReadFile(out + ".log")
			if err != nil {
				return fmt.Errorf("%s: failed to read the plan's log: %w", j.env, err)
			}
			j.held, j.workerJSON = held, true
			// Both hold secrets in clear: gone once read.
			os.Remove(out + ".log")
			return nil
		})
	}
	return g.Wait()
}

// runWorker plans the one environment of a worker and writes its JSON.
func runWorker(ctx context.Context, cfg *config, tf *terraformRunner, out string) error {
	if len(cfg.jobs) != 1 {
		return fmt.Errorf("a plan worker plans one environment, not %d", len(cfg.jobs))
	}
	j := cfg.jobs[0]
	p, err := tf.plan(ctx, j)
	if err != nil {
		return err
	}
	b, err := json.Marshal(p)
	if err != nil {
		return fmt.Errorf("failed to write the plan of %s: %w", j.env, err)
	}
	if err := os.WriteFile(out+".log", j.held, 0o600); err != nil {
		return fmt.Errorf("failed to write the plan log of %s: %w", j.env, err)
	}
	return os.WriteFile(out, b, 0o600)
}
