package terraform

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"

	tfjson "github.com/hashicorp/terraform-json"
)

// work is one environment's terraform commands, run in this process or
// by a worker: the same code either way, so that a plan made alone and a
// plan made beside others are held, shown and released alike. Whatever
// may hold a secret (terraform's plan output, the plan's JSON, the apply's
// closing outputs) goes to files in Private, never to the log: the
// session masks first, then releases (see reveal).
type work struct {
	Environment string `json:"environment"`
	// Private is the session's private directory (0700).
	Private string `json:"private"`
	// Init, when set, initialises the module first.
	Init *initWork `json:"init,omitempty"`
	// Plans are made in order; a failed one ends the work.
	Plans []planWork `json:"plans,omitempty"`
	// Apply, when set, applies this saved plan.
	Apply string `json:"apply,omitempty"`
	// Outputs reads the root module's outputs (after Apply, if any).
	Outputs bool `json:"outputs,omitempty"`
	// Schemas reads the providers' schemas into a file.
	Schemas bool `json:"schemas,omitempty"`
}

type initWork struct {
	// Backend is the -backend-config file; "" is the module's own block.
	Backend string `json:"backend,omitempty"`
	// NoBackend installs providers and modules only (and writes the
	// lock file), for the first init of several environments.
	NoBackend bool `json:"no_backend,omitempty"`
}

type planWork struct {
	Out         string   `json:"out"`
	VarFiles    []string `json:"var_files,omitempty"`
	RefreshOnly bool     `json:"refresh_only,omitempty"`
	NoLock      bool     `json:"no_lock,omitempty"`
	// Given is a plan that is there already (a reviewed plan): it is
	// shown, not made.
	Given bool `json:"given,omitempty"`
}

// done is what a work left. Errors travel as text from a worker; in this
// process the error values are kept too (a cancellation stays one).
type done struct {
	// Err is the failure of the init, the apply, the outputs or the
	// schemas.
	Err string `json:"err,omitempty"`
	err error
	// Plans are the plans attempted, in order.
	Plans []*made `json:"plans,omitempty"`
	// Held is the file of the apply's held closing section.
	Held string `json:"held,omitempty"`
	// Outputs are the root module's outputs, when read; OutputsErr says
	// why they could not be.
	Outputs     map[string]Output `json:"outputs,omitempty"`
	OutputsRead bool              `json:"outputs_read,omitempty"`
	OutputsErr  string            `json:"outputs_err,omitempty"`
	outputsErr  error
	// Schemas is the file of the providers' schemas.
	Schemas string `json:"schemas,omitempty"`
}

// made is one plan attempted.
type made struct {
	Out string `json:"out"`
	// Saved: terraform left a plan file (an errored one too).
	Saved bool   `json:"saved"`
	Err   string `json:"err,omitempty"`
	err   error
	// Held is the file of terraform's held output.
	Held string `json:"held,omitempty"`
	// JSON is the file of the saved plan's `terraform show -json` (a
	// worker's); ShowErr says why there is none.
	JSON    string `json:"json,omitempty"`
	ShowErr string `json:"show_err,omitempty"`
	showErr error
	// read is the plan as this process read it while terraform showed it.
	read *readPlan
}

type readPlan struct {
	plan    *tfjson.Plan
	secrets []string
}

// shower shows a saved plan: read at once in this process, or written
// to a file by a worker.
type shower func(ctx context.Context, tf *Terraform, m *made, jsonFile string) error

// execute runs a work with tf and returns what it left; nothing of it is
// printed but the live output of init and apply.
func execute(ctx context.Context, tf *Terraform, w work, show shower) *done {
	d := &done{}
	fail := func(err error) *done {
		d.err, d.Err = err, err.Error()
		return d
	}
	file := func(name string) string {
		return filepath.Join(w.Private, w.Environment+"."+name)
	}
	if w.Init != nil {
		var err error
		if w.Init.NoBackend {
			err = tf.InitNoBackend(ctx)
		} else {
			err = tf.Init(ctx, w.Init.Backend)
		}
		if err != nil {
			return fail(err)
		}
	}
	for i, pw := range w.Plans {
		m := &made{Out: pw.Out, Saved: pw.Given}
		d.Plans = append(d.Plans, m)
		if !pw.Given {
			held, err := os.OpenFile(file(strconv.Itoa(i)+".held"), os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
			if err != nil {
				return fail(fmt.Errorf("failed to hold terraform's output: %w", err))
			}
			m.Held = held.Name()
			// A plan file left by an earlier run must not pass for this
			// one's: only a file terraform writes now counts as saved.
			if err := os.Remove(pw.Out); err != nil && !os.IsNotExist(err) {
				held.Close()
				return fail(fmt.Errorf("failed to replace the plan %q: %w", pw.Out, err))
			}
			_, perr := tf.Plan(ctx, PlanOptions{Out: pw.Out, VarFiles: pw.VarFiles, RefreshOnly: pw.RefreshOnly, NoLock: pw.NoLock, Hold: held})
			held.Close()
			if perr != nil {
				m.err, m.Err = perr, perr.Error()
			}
			// A saved plan holds secrets: only this user reads it.
			if err := os.Chmod(pw.Out, 0o600); err == nil {
				m.Saved = true
			}
		}
		if m.Saved {
			if err := show(ctx, tf, m, file(strconv.Itoa(i)+".json")); err != nil {
				m.showErr, m.ShowErr = err, err.Error()
			}
		}
		if m.err != nil || m.showErr != nil {
			return d
		}
	}
	if w.Apply != "" {
		held, err := os.OpenFile(file("outputs.held"), os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
		if err != nil {
			return fail(fmt.Errorf("failed to hold terraform's output: %w", err))
		}
		d.Held = held.Name()
		err = tf.Apply(ctx, w.Apply, held)
		held.Close()
		if err != nil {
			d.err, d.Err = err, err.Error()
		}
	}
	if w.Outputs && d.err == nil {
		// terraform prints the outputs only after an apply that
		// succeeded: after a failure there is nothing to read them for.
		outs, err := tf.Outputs(ctx)
		if err != nil {
			d.outputsErr, d.OutputsErr = err, err.Error()
		} else {
			d.Outputs, d.OutputsRead = outs, true
		}
	}
	if w.Schemas && d.err == nil {
		s, err := tf.ProvidersSchema(ctx)
		if err != nil {
			return fail(err)
		}
		if err := writeJSON(file("schemas.json"), s); err != nil {
			return fail(err)
		}
		d.Schemas = file("schemas.json")
	}
	return d
}

// showHere reads the plan in this process while terraform writes it.
func showHere(read ReadPlan) shower {
	return func(ctx context.Context, tf *Terraform, m *made, _ string) error {
		return tf.ShowPlanTo(ctx, m.Out, func(r io.Reader) error {
			p, secrets, err := read(r)
			if err == nil {
				m.read = &readPlan{plan: p, secrets: secrets}
			}
			return err
		})
	}
}

// showToFile writes the plan's JSON to a private file, for the session to
// read: a worker never decodes a plan.
func showToFile(ctx context.Context, tf *Terraform, m *made, jsonFile string) error {
	f, err := os.OpenFile(jsonFile, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("failed to write the plan's JSON: %w", err)
	}
	err = tf.ShowPlanTo(ctx, m.Out, func(r io.Reader) error {
		_, err := io.Copy(f, r)
		return err
	})
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(jsonFile)
		return err
	}
	m.JSON = jsonFile
	return nil
}

// errors restores the error values of a done that came as text.
func (d *done) restore() {
	text := func(s string) error {
		if s == "" {
			return nil
		}
		return errors.New(s)
	}
	d.err, d.outputsErr = text(d.Err), text(d.OutputsErr)
	for _, m := range d.Plans {
		m.err, m.showErr = text(m.Err), text(m.ShowErr)
	}
}

func writeJSON(path string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("failed to write %s: %w", filepath.Base(path), err)
	}
	return os.WriteFile(path, b, 0o600)
}
