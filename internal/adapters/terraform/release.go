package terraform

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/olympus-cloud/deploy-actions/internal/domain/fault"
	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
)

// The one policy for what terraform prints, in every step: nothing that
// may show a value is printed before the values it may show are masked.
//
//   - Live: init, and an apply's progress, which print no value the plan
//     being applied did not already show (and mask).
//   - A plan's output, succeeded or failed, is held. Terraform saves the
//     plan it made, an errored one too (a variable's validation failing
//     after the changes were planned): it is read, its secrets masked,
//     and then the output is released.
//   - A saved plan that cannot be read has secrets no one knows: the
//     output is withheld, the log says so, and the error does not quote
//     it.
//   - No plan saved: terraform stopped before it evaluated the
//     configuration (a syntax error, the backend, the state lock), so its
//     output holds no more than its inputs gave, which Open masked: it is
//     released.
//   - An apply's closing outputs are held until the outputs are read and
//     masked, and withheld if they cannot be read.

// reveal reads every saved plan of every job and masks its secrets, then
// releases each job's held output, in order.
func (s *Session) reveal(_ context.Context, jobs []Job, dones []*done) []*Outcome {
	outs := make([]*Outcome, len(jobs))
	for i, d := range dones {
		out := &Outcome{Environment: jobs[i].Environment}
		outs[i] = out
		for _, m := range d.Plans {
			if m.read == nil && m.JSON != "" {
				s.readFile(m)
			}
			if m.read == nil {
				continue
			}
			if s.opts.Masks != nil {
				for _, v := range m.read.secrets {
					s.opts.Masks.Mask(v)
				}
			}
			out.Plans = append(out.Plans, &Shown{File: m.Out, Plan: m.read.plan, Secrets: m.read.secrets})
		}
	}
	prefixed := s.opts.Prefix || s.opts.Isolated || len(jobs) > 1
	for i, d := range dones {
		out, env := outs[i], jobs[i].Environment
		log := s.log(env, prefixed)
		for _, m := range d.Plans {
			held := take(m.Held)
			unreadable := m.Saved && m.read == nil
			released := false
			switch {
			case len(held) == 0:
			case unreadable:
				fmt.Fprintf(log, "olympus: terraform's output of the %s plan (%d bytes) is withheld: the plan it saved could not be read to mask its secrets\n", env, len(held))
			default:
				log.Write(held)
				released = true
			}
			switch {
			case out.Err != nil:
			case m.err != nil && unreadable:
				out.Err = fmt.Errorf("terraform's plan failed, and the plan it saved could not be read to mask its secrets (%v): terraform's output is withheld", m.showErr)
			case m.err != nil && released:
				// Its stderr, which ends the error, was just released.
				out.Err = fault.Credentials(shown(m.err))
			case m.err != nil:
				out.Err = fault.Credentials(m.err)
			case m.showErr != nil:
				out.Err = m.showErr
			}
		}
		if out.Err == nil && d.err != nil {
			out.Err = d.err
		}
		if out.Err != nil {
			out.Plans = nil
		}
	}
	return outs
}

// readFile reads a worker's plan JSON with the session's reader, then
// removes it: it holds secrets in clear.
func (s *Session) readFile(m *made) {
	defer os.Remove(m.JSON)
	f, err := os.Open(m.JSON)
	if err != nil {
		m.showErr = fmt.Errorf("failed to read the plan's JSON: %w", err)
		return
	}
	defer f.Close()
	p, secrets, err := s.opts.ReadPlan(f)
	if err != nil {
		m.showErr = err
		return
	}
	m.read = &readPlan{plan: p, secrets: secrets}
}

// revealOutputs masks the secrets of the outputs read, then releases the
// apply's held closing section; without outputs, it is withheld.
func (s *Session) revealOutputs(env string, d *done) {
	held := take(d.Held)
	if d.OutputsRead && s.opts.Masks != nil {
		for name, o := range d.Outputs {
			v, err := decodeJSON(o.Value)
			if err != nil {
				continue
			}
			for _, secret := range policy.OutputSecrets(name, v, o.Sensitive) {
				s.opts.Masks.Mask(secret)
			}
		}
	}
	if len(held) == 0 {
		return
	}
	log := s.log(env, s.opts.Prefix || s.opts.Isolated)
	if !d.OutputsRead {
		fmt.Fprintf(log, "olympus: terraform's outputs (%d bytes) are withheld: they could not be read to mask them\n", len(held))
		return
	}
	log.Write(held)
}

func (s *Session) log(env string, prefixed bool) io.Writer {
	if !prefixed {
		return s.opts.Log
	}
	return &PrefixWriter{W: s.opts.Log, Prefix: "[" + env + "] "}
}

// take reads a held file and removes it.
func take(path string) []byte {
	if path == "" {
		return nil
	}
	b, _ := os.ReadFile(path)
	os.Remove(path)
	return b
}

// decodeJSON decodes a value keeping numbers as they are written, so that
// a numeric secret is masked as terraform prints it.
func decodeJSON(b []byte) (any, error) {
	var v any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	err := dec.Decode(&v)
	return v, err
}
