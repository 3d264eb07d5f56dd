package targets

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/olympus-cloud/deploy-actions/internal/framework/report"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// outcome is everything the report says.
type outcome struct {
	cfg     Config
	changes int
	targets []*Target
	removed []*Removed
	deps    []Dependency
	// notes are what was not planned and why, and what could not be read.
	notes []string
	// refused is why no matrix is given, nil when it is.
	refused error
}

func (o *outcome) note(s string) { o.notes = append(o.notes, s) }

// report sets the outputs, annotates what the head no longer plans, and
// writes the summary.
func (f *Finder) report(o *outcome) error {
	o.refused = refusal(o.cfg, o.targets)
	rep := f.Report
	log := rep.Logger()
	for _, t := range o.targets {
		r := t.Reasons[0]
		log.Info("target", "project", t.Project.Name, "environment", t.Environment, "why", string(r.Kind), "file", or(r.File, r.Note))
	}
	log.Info("targets", "targets", len(o.targets), "changed files", o.changes, "removed", len(o.removed), "dependencies", len(o.deps))
	if o.refused == nil {
		rep.SetOutput("matrix", Matrix(o.targets))
		rep.SetOutput("projects", ProjectsMatrix(o.targets))
	}
	rep.SetOutput("count", strconv.Itoa(len(o.targets)))
	rep.SetOutput("removed", removedJSON(o.removed))
	rep.SetOutput("dependencies", depsJSON(o.deps))
	rep.SetOutput("base", or(o.cfg.Base, "all"))
	rep.SetOutput("head", o.cfg.Head)
	for _, rm := range o.removed {
		if rm.SameState {
			continue
		}
		rep.Annotate(step.Annotation{Level: "warning", Title: "olympus: no longer planned: " + rm.Project.Name,
			Message: fmt.Sprintf("%s (%s): %s %s", rm.Project.Name, strings.Join(rm.Envs, ", "), what(rm), todo(rm))})
	}
	rep.Summary(Summary(o))
	if o.refused != nil {
		return step.Refusef("%v", o.refused)
	}
	return nil
}

type matrixEntry struct {
	Project          string `json:"project"`
	WorkingDirectory string `json:"working-directory"`
	Environment      string `json:"environment,omitempty"`
	Environments     string `json:"environments,omitempty"`
	Engine           string `json:"engine"`
	EngineVersion    string `json:"engine-version"`
}

type matrix struct {
	Include []matrixEntry `json:"include"`
}

// marshal is compact JSON, with < > & as themselves (constraints such as
// "~> 1.8.0" read as written in the log).
func marshal(v any) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err) // only strings and slices of them
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// Matrix is the strategy.matrix of one job per target.
func Matrix(targets []*Target) string {
	m := matrix{Include: []matrixEntry{}}
	for _, t := range targets {
		p := t.Project
		m.Include = append(m.Include, matrixEntry{Project: p.Name, WorkingDirectory: p.Dir, Environment: t.Environment, Engine: p.Engine, EngineVersion: p.EngineVersion})
	}
	return marshal(m)
}

// ProjectsMatrix is the strategy.matrix of one job per project, with its
// targeted environments in promotion order.
func ProjectsMatrix(targets []*Target) string {
	m := matrix{Include: []matrixEntry{}}
	for _, t := range targets {
		p := t.Project
		if n := len(m.Include); n > 0 && m.Include[n-1].WorkingDirectory == p.Dir {
			m.Include[n-1].Environments += "," + t.Environment
			continue
		}
		m.Include = append(m.Include, matrixEntry{Project: p.Name, WorkingDirectory: p.Dir, Environments: t.Environment, Engine: p.Engine, EngineVersion: p.EngineVersion})
	}
	return marshal(m)
}

func removedJSON(rs []*Removed) string {
	type entry struct {
		Project          string   `json:"project"`
		WorkingDirectory string   `json:"working-directory"`
		Environments     []string `json:"environments"`
		MovedTo          string   `json:"moved-to,omitempty"`
	}
	out := []entry{}
	for _, r := range rs {
		out = append(out, entry{r.Project.Name, r.Project.Dir, r.Envs, r.MovedTo})
	}
	return marshal(out)
}

func depsJSON(ds []Dependency) string {
	type entry struct {
		Project      string   `json:"project"`
		Reads        string   `json:"reads"`
		Environments []string `json:"environments"`
		Via          string   `json:"via"`
	}
	out := []entry{}
	for _, d := range ds {
		out = append(out, entry{d.Reader.Name, d.Read.Name, d.Envs, d.Pos + " " + d.Via})
	}
	return marshal(out)
}

func or(s, other string) string {
	if s == "" {
		return other
	}
	return s
}

func short(id string) string {
	if len(id) > 12 {
		return id[:12]
	}
	return id
}

// code is untrusted text (a file name from the pull request) as inline
// code in a table cell, in report's words: it can end neither the span
// nor the cell nor the row.
func code(s string) string { return report.Cell(report.Code(s)) }

// maxReasons is how many reasons a target's row shows.
const maxReasons = 5

// Summary is the Markdown report.
func Summary(o *outcome) string {
	var b strings.Builder
	projects := map[*Planned]bool{}
	for _, t := range o.targets {
		projects[t.Project] = true
	}
	fmt.Fprintf(&b, "## Targets: %s in %s\n\n", plural(len(o.targets), "plan"), plural(len(projects), "project"))
	if o.cfg.All != "" {
		fmt.Fprintf(&b, "Every project at %s (%s).\n\n", code(short(o.cfg.Head)), o.cfg.All)
	} else {
		fmt.Fprintf(&b, "From %s (%s) to %s: %s changed.\n\n", code(short(o.cfg.Base)), o.cfg.BaseShown, code(short(o.cfg.Head)), plural(o.changes, "file"))
	}
	if o.refused != nil {
		fmt.Fprintf(&b, "> [!CAUTION]\n> %s\n\n", report.Cell(o.refused.Error()))
	}
	if len(o.targets) == 0 {
		b.WriteString("Nothing to plan: no change reaches a project.\n")
	} else {
		b.WriteString("| Project | Environment | Engine | Why |\n|---|---|---|---|\n")
		for _, t := range o.targets {
			p := t.Project
			name := code(p.Name)
			if p.Name != p.Dir {
				name += " in " + code(p.Dir)
			}
			engine := p.Engine
			if p.EngineVersion != "" {
				engine += " " + report.Cell(p.EngineVersion)
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", name, t.Environment, engine, why(t.Reasons))
		}
	}
	if len(o.removed) > 0 {
		b.WriteString("\n### No longer planned\n\n")
		b.WriteString("The base planned these and the head does not: unless they moved with their state, what they created is still in it, and nothing plans it any more.\n\n")
		b.WriteString("| Project | Environments | What happened | What to do |\n|---|---|---|---|\n")
		for _, rm := range o.removed {
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", code(rm.Project.Name), strings.Join(rm.Envs, ", "), what(rm), todo(rm))
		}
	}
	if len(o.deps) > 0 {
		b.WriteString("\n### Order\n\n")
		b.WriteString("| Project | Reads the state of | Environments | Where |\n|---|---|---|---|\n")
		for _, d := range o.deps {
			fmt.Fprintf(&b, "| %s | %s | %s | %s (%s) |\n", code(d.Reader.Name), code(d.Read.Name), strings.Join(d.Envs, ", "), code(d.Pos), code(d.Via))
		}
		b.WriteString("\nThe matrix runs its jobs side by side: apply a project whose state is read before the one that reads it, and plan the reader again after it.\n")
	}
	if len(o.notes) > 0 {
		b.WriteString("\n### Notes\n\n")
		for _, n := range o.notes {
			fmt.Fprintf(&b, "- %s\n", report.Cell(n))
		}
	}
	return b.String()
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// why is a target's reasons, the first few.
func why(rs []Reason) string {
	var parts []string
	for i, r := range rs {
		if i == maxReasons {
			parts = append(parts, fmt.Sprintf("and %d more", len(rs)-maxReasons))
			break
		}
		parts = append(parts, reason(r))
	}
	return strings.Join(parts, "<br>")
}

func reason(r Reason) string {
	var s string
	switch r.Kind {
	case KindAll:
		return "all: " + report.Cell(r.Note)
	case KindConfig:
		return fmt.Sprintf("%s %s", code(r.File), r.Note)
	case KindModule:
		s = "module " + code(r.Module)
		if len(r.Via) > 0 {
			vias := make([]string, len(r.Via))
			for i, v := range r.Via {
				vias[i] = code(v)
			}
			s += " via " + strings.Join(vias, ", ")
		}
		s += ": " + code(r.File)
	default:
		s = string(r.Kind) + ": " + code(r.File)
	}
	switch {
	case r.From != "":
		s += ", renamed from " + code(r.From)
	case r.To != "":
		s += ", renamed to " + code(r.To)
	}
	if r.Link != "" {
		s += ", read through the link " + code(r.Link)
	}
	return s
}

// what says what happened to a project no longer planned.
func what(rm *Removed) string {
	switch {
	case rm.MovedTo != "" && rm.SameState:
		return "moved to " + code(rm.MovedTo) + " with its backend files"
	case rm.MovedTo != "":
		return "moved to " + code(rm.MovedTo) + ", where its backend is not the same"
	case rm.Kept:
		return "these environments have no backend file any more, or olympus.yaml no longer lists them"
	case rm.Remains:
		return "no longer a project (olympus.yaml does not declare it, or its backend files are gone), but its Terraform files are still there"
	}
	return "deleted"
}

// todo says what to do about a project no longer planned.
func todo(rm *Removed) string {
	if rm.SameState {
		return code(rm.MovedTo) + " plans against the same state: check its plan changes nothing it should not."
	}
	return "To destroy what it created: restore it (revert the change), run `terraform destroy` with each environment's backend file, then remove it again. " +
		"If its resources now belong to another root module, move them there (import or moved blocks) and `terraform state rm` them here."
}
