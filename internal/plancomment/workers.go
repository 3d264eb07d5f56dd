package plancomment

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/olympus-cloud/deploy-actions/internal/step"
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
func planConcurrently(ctx context.Context, env *step.Env, cfg *config, jobs []*job, tf *terraformRunner) error {
	self, err := os.Executable()
	if err != nil {
		return fmt.Errorf("failed to find olympus to plan environments concurrently: %w", err)
	}
	// One init first, so that the workers find the providers' lock file
	// and never write it at the same time.
	if _, err := os.Stat(filepath.Join(cfg.dir, ".terraform.lock.hcl")); err != nil {
		tf.out.setPrefix("[init] ")
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
			cmd := exec.CommandContext(gctx, self, args...)
			cmd.Env = append(workerEnviron(), workerOutEnv+"="+out,
				"TF_DATA_DIR="+filepath.Join(cfg.planDir, j.env+".terraform"))
			cmd.Stdout = &prefixWriter{w: env.Stderr, prefix: "[" + j.env + "] "}
			cmd.Stderr = cmd.Stdout
			cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
			cmd.WaitDelay = time.Minute
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
			j.held = held
			return nil
		})
	}
	return g.Wait()
}

// workerEnviron is this process's environment without GitHub's files and
// commands: a worker reports only through its JSON file and its log.
func workerEnviron() []string {
	return slices.DeleteFunc(os.Environ(), func(kv string) bool {
		for _, k := range []string{"GITHUB_ACTIONS=", "GITHUB_OUTPUT=", "GITHUB_STEP_SUMMARY=", "GITHUB_ENV=", "GITHUB_PATH=", "TF_DATA_DIR="} {
			if strings.HasPrefix(kv, k) {
				return true
			}
		}
		return false
	})
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
