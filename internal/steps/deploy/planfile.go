package deploy

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/olympus-cloud/deploy-actions/internal/domain/plan"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// The saved plan that passes between plan mode and the apply.

// takeReviewed copies (decrypting it with the key) the reviewed plan into
// this run's private directory while hashing it, and checks its hash and
// where it was made for. It returns the copy.
func (d *Deployer) takeReviewed() (string, error) {
	cfg := d.Config
	copied, got, err := copyReviewed(cfg.PlanFile, d.PlanDir, cfg.Key)
	if err != nil {
		return "", err
	}
	if got != cfg.PlanSHA256 {
		return "", step.Refusef("the plan's sha256 is %s, not the reviewed %s: it is not the plan that was reviewed; nothing was applied", got, cfg.PlanSHA256)
	}
	saved, err := plan.ReadSaved(copied)
	if err != nil {
		return "", step.Refusef("%v; nothing was applied", err)
	}
	b, err := readBinding(cfg.Environment, cfg.BackendConfig, cfg.Dir)
	if err != nil {
		return "", err
	}
	if err := CheckBinding(saved, b); err != nil {
		return "", err
	}
	d.reviewed = saved
	return copied, nil
}

// save writes the plan where plan mode's output points: encrypted with the
// key when there is one, readable only by its owner. It returns the file
// and the sha256 of the plan itself, which the apply checks after
// decrypting.
func (d *Deployer) save(planFile string) (string, string, error) {
	cfg := d.Config
	digest, err := plan.FileSHA256(planFile)
	if err != nil {
		return "", "", err
	}
	name := cfg.Environment + ".tfplan"
	if cfg.Key != nil {
		name += ".age"
	}
	dst := filepath.Join(cfg.PlanOut, name)
	in, err := os.Open(planFile)
	if err != nil {
		return "", "", fmt.Errorf("failed to save the plan: %w", err)
	}
	defer in.Close()
	// A file left by an earlier run is replaced, never written through:
	// it may be a link planted in the workspace.
	if err := os.Remove(dst); err != nil && !os.IsNotExist(err) {
		return "", "", fmt.Errorf("failed to save the plan: %w", err)
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", "", fmt.Errorf("failed to save the plan: %w", err)
	}
	if cfg.Key != nil {
		err = cfg.Key.Encrypt(out, in)
	} else {
		_, err = io.Copy(out, in)
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(dst)
		return "", "", fmt.Errorf("failed to save the plan: %w", err)
	}
	return dst, digest, nil
}
