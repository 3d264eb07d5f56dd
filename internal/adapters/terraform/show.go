package terraform

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
)

// ReadPlan decodes a `terraform show -json` plan from a stream and returns
// it with its secrets (policy.Secrets): one pass over the text.
type ReadPlan func(io.Reader) (*tfjson.Plan, []string, error)

// ReadFull is the ReadPlan that keeps the whole plan, prior state and
// configuration included (a deploy reads pinned traffic from the prior
// state).
func ReadFull(r io.Reader) (*tfjson.Plan, []string, error) {
	var p tfjson.Plan
	dec := json.NewDecoder(r)
	dec.UseNumber()
	if err := dec.Decode(&p); err != nil {
		return nil, nil, fmt.Errorf("failed to read the plan's JSON: %w", err)
	}
	if err := p.Validate(); err != nil {
		return nil, nil, fmt.Errorf("failed to read the plan's JSON: %w", err)
	}
	return &p, policy.Secrets(&p), nil
}

// ShowPlanTo runs `terraform show -json` on a saved plan and hands its
// output to read as a stream: the plan is decoded once, while terraform
// writes it, and never held whole as text. terraform-exec has no streaming
// show, so this one command is run here, in the environment
// terraform-exec gives the others.
func (t *Terraform) ShowPlanTo(ctx context.Context, planFile string, read func(io.Reader) error) error {
	// terraform-exec's checks (the version) come first, as for its commands.
	if _, _, err := t.tf.Version(ctx, false); err != nil {
		return fmt.Errorf("failed to read plan %q: %w", planFile, err)
	}
	cmd := exec.CommandContext(ctx, t.tf.ExecPath(), "show", "-json", "-no-color", planFile)
	cmd.Dir = t.tf.WorkingDir()
	cmd.Env = t.environ()
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = t.opts.WaitDelay
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return fmt.Errorf("failed to read plan %q: %w", planFile, err)
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("failed to read plan %q: %w", planFile, err)
	}
	rerr := read(out)
	// Whatever read left is drained, so that terraform can finish.
	io.Copy(io.Discard, out)
	werr := cmd.Wait()
	switch {
	case werr != nil && ctx.Err() != nil:
		return fmt.Errorf("failed to read plan %q: %w", planFile, errors.Join(ctx.Err(), werr))
	case werr != nil:
		return fmt.Errorf("failed to read plan %q: %w\n\n%s", planFile, werr, strings.TrimSpace(stderr.String()))
	case rerr != nil:
		return fmt.Errorf("failed to read plan %q: %w", planFile, rerr)
	}
	return nil
}

// environ is the environment terraform-exec gives terraform: the process's
// (or the one set for a data directory), in automation mode, without
// logging or a workspace override.
func (t *Terraform) environ() []string {
	env := os.Environ()
	if t.env != nil {
		env = t.env
	}
	out := make([]string, 0, len(env)+6)
	for _, kv := range env {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "TF_IN_AUTOMATION", "TF_LOG", "TF_LOG_CORE", "TF_LOG_PATH", "TF_LOG_PROVIDER", "TF_WORKSPACE":
			continue
		}
		out = append(out, kv)
	}
	return append(out, "TF_IN_AUTOMATION=1", "TF_LOG=", "TF_LOG_CORE=", "TF_LOG_PATH=", "TF_LOG_PROVIDER=")
}
