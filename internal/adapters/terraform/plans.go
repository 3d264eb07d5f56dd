package terraform

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	tfjson "github.com/hashicorp/terraform-json"
)

// Job is one environment's plans: one init against its backend, then
// each plan in order.
type Job struct {
	Environment string
	// Backend is the -backend-config file; "" is the module's own block.
	Backend  string
	VarFiles []string
	// NoLock plans without the state lock (read-only credentials cannot
	// write the lock object).
	NoLock bool
	// Initialized skips the init: Init ran it already (a deploy checks
	// what init fetched before it shows a reviewed plan).
	Initialized bool
	Plans       []PlanSpec
}

// PlanSpec is one plan of a Job.
type PlanSpec struct {
	// Out is where the plan is saved.
	Out string
	// RefreshOnly plans only to update the state to match reality.
	RefreshOnly bool
	// Given is a plan that is there already (a reviewed plan): it is
	// shown, not made.
	Given bool
}

// Shown is a saved plan, read, its secrets masked.
type Shown struct {
	File    string
	Plan    *tfjson.Plan
	Secrets []string
}

// Outcome is what one Job gave: its plans, or why not.
type Outcome struct {
	Environment string
	Plans       []*Shown
	Err         error
}

func (s *Session) work(j Job) work {
	w := work{Environment: j.Environment}
	if !j.Initialized {
		w.Init = &initWork{Backend: j.Backend}
	}
	for _, p := range j.Plans {
		w.Plans = append(w.Plans, planWork{Out: p.Out, VarFiles: j.VarFiles, RefreshOnly: p.RefreshOnly, NoLock: j.NoLock, Given: p.Given})
	}
	return w
}

// Plan makes one environment's plans, in this process unless the session
// is isolated.
func (s *Session) Plan(ctx context.Context, j Job) ([]*Shown, error) {
	out := s.PlanEach(ctx, []Job{j})[0]
	return out.Plans, out.Err
}

// PlanEach makes the plans of every environment: one alone in this
// process (unless the session is isolated), several at once in workers,
// at most Limit at a time, each with its own data directory. One
// environment's failure never stops the others. Every plan is read and
// its secrets masked before any of terraform's output is released.
func (s *Session) PlanEach(ctx context.Context, jobs []Job) []*Outcome {
	dones := make([]*done, len(jobs))
	if len(jobs) == 1 && !s.opts.Isolated {
		dones[0] = s.here(ctx, jobs[0].Environment, s.work(jobs[0]))
	} else {
		works := make([]work, len(jobs))
		s.mu.Lock()
		for i, j := range jobs {
			works[i] = s.work(j)
			s.workers[j.Environment] = true
		}
		s.mu.Unlock()
		dones = s.pool(ctx, works)
	}
	return s.reveal(ctx, jobs, dones)
}

// here runs a work in this process, its lines prefixed when asked.
func (s *Session) here(ctx context.Context, environment string, w work) *done {
	var err error
	if w.Private, err = s.privateDir(); err != nil {
		return &done{err: err, Err: err.Error()}
	}
	if s.opts.Prefix {
		s.out.SetPrefix("[" + environment + "] ")
		defer s.out.SetPrefix("")
	}
	return execute(ctx, s.tf, w, showHere(s.opts.ReadPlan))
}

// pool runs works in workers, at most Limit at once. Without a providers'
// lock file, every worker's init would write one at the same time: one
// init writes it first.
func (s *Session) pool(ctx context.Context, works []work) []*done {
	dones := make([]*done, len(works))
	if len(works) > 1 && !isFile(filepath.Join(s.opts.Dir, ".terraform.lock.hcl")) {
		first := s.worker(ctx, work{Environment: firstInit, Init: &initWork{NoBackend: true}})
		if first.err != nil {
			for i := range dones {
				dones[i] = first
			}
			return dones
		}
	}
	var wg sync.WaitGroup
	sem := make(chan struct{}, Limit())
	for i, w := range works {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
				defer func() { <-sem }()
			case <-ctx.Done():
				dones[i] = &done{err: ctx.Err(), Err: ctx.Err().Error()}
				return
			}
			dones[i] = s.worker(ctx, w)
		}()
	}
	wg.Wait()
	return dones
}

// onItsOwn runs a work where the environment's data directory is: in a
// worker when the environment was planned by one (always, isolated),
// else here.
func (s *Session) onItsOwn(ctx context.Context, w work) *done {
	s.mu.Lock()
	inWorker := s.opts.Isolated || s.workers[w.Environment]
	s.mu.Unlock()
	if inWorker {
		return s.worker(ctx, w)
	}
	return s.here(ctx, w.Environment, w)
}

// Init initialises the module against the environment's backend
// (backendConfig; "" is the module's own block), for a Job that follows
// with Initialized set.
func (s *Session) Init(ctx context.Context, environment, backendConfig string) error {
	return s.onItsOwn(ctx, work{Environment: environment, Init: &initWork{Backend: backendConfig}}).err
}

// Apply applies an environment's saved plan exactly as it was saved, its
// progress live. Output values known only after the apply are printed in
// its closing section: it is held until the outputs are read and masked,
// and withheld if they cannot be.
func (s *Session) Apply(ctx context.Context, environment, planFile string) (map[string]Output, error) {
	d := s.onItsOwn(ctx, work{Environment: environment, Apply: planFile, Outputs: true})
	s.revealOutputs(environment, d)
	if d.err != nil {
		return d.Outputs, d.err
	}
	return d.Outputs, d.outputsErr
}

// Outputs reads the root module's outputs and masks their secrets.
func (s *Session) Outputs(ctx context.Context, environment string) (map[string]Output, error) {
	d := s.onItsOwn(ctx, work{Environment: environment, Outputs: true})
	s.revealOutputs(environment, d)
	return d.Outputs, d.outputsErr
}

// Schemas reads the providers' schemas of an environment already planned.
func (s *Session) Schemas(ctx context.Context, environment string) (*tfjson.ProviderSchemas, error) {
	d := s.onItsOwn(ctx, work{Environment: environment, Schemas: true})
	if d.err != nil {
		return nil, d.err
	}
	defer os.Remove(d.Schemas)
	b, err := os.ReadFile(d.Schemas)
	if err != nil {
		return nil, fmt.Errorf("failed to read the providers' schemas: %w", err)
	}
	var out tfjson.ProviderSchemas
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, fmt.Errorf("failed to read the providers' schemas: %w", err)
	}
	return &out, nil
}

func isFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}
