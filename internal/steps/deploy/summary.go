package deploy

import (
	"fmt"
	"strings"
	"time"

	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
	"github.com/olympus-cloud/deploy-actions/internal/framework/report"
)

// Summary is what a deploy tells its reader.
type Summary struct {
	Environment string
	Dir         string
	Backend     string
	Counts      policy.Counts
	Changes     []policy.Change
	Outcome     string
	Error       string
	// Pinned are services whose traffic a rollback pinned to an older
	// revision; the deploy leaves them so and says it.
	Pinned []policy.Pinned
	// Reviewed is true when the plan applied is the reviewed plan file.
	Reviewed bool
	// PlanOnly is plan mode: the plan is saved for an apply after the
	// approval, into Saved.
	PlanOnly bool
	Saved    string
	// SHA256 is the plan's hash: reviewed, saved or applied.
	SHA256       string
	DeploymentID int64
	// BreakGlass is a deploy without the promotion check or a record on
	// GitHub.
	BreakGlass bool
}

// PlanMarkdown is written before the apply starts.
func (s *Summary) PlanMarkdown() string {
	var b strings.Builder
	if s.PlanOnly {
		fmt.Fprintf(&b, "## Plan for `%s`\n\n", s.Environment)
	} else {
		fmt.Fprintf(&b, "## Deploy to `%s`\n\n", s.Environment)
	}
	if s.BreakGlass {
		b.WriteString("> [!WARNING]\n> **Break glass:** deployed without the promotion check or a GitHub deployment record. " +
			"An incident record is filed; document the change there and codify it in Terraform.\n\n")
	}
	fmt.Fprintf(&b, "| Working directory | Backend |\n|---|---|\n| `%s` | `%s` |\n\n", s.Dir, s.Backend)
	for _, p := range s.Pinned {
		fmt.Fprintf(&b, "> [!NOTE]\n> The traffic of `%s` is pinned to `%s`, older than its latest revision `%s` (a traffic rollback). "+
			"This deploy leaves it there; once a fix is deployed, release it with `%s`.\n\n", p.Address, p.Serving, p.Latest, p.ReleaseCommand())
	}
	if !s.Counts.HasChanges() {
		b.WriteString("**Plan:** no changes. The infrastructure matches the configuration.\n\n")
		return b.String()
	}
	fmt.Fprintf(&b, "**Plan:** %s.\n\n", s.Counts.String())
	if s.Reviewed {
		fmt.Fprintf(&b, "This is the reviewed plan (sha256 `%s`), applied as it was approved.\n\n", s.SHA256)
	}
	b.WriteString("| Action | Resource |\n|---|---|\n")
	for _, c := range s.Changes {
		action := string(c.Action)
		if c.Importing {
			action += " (import)"
		}
		addr := "`" + c.Address + "`"
		if c.PreviousAddress != "" {
			addr += " (moved from `" + c.PreviousAddress + "`)"
		}
		fmt.Fprintf(&b, "| %s | %s |\n", action, addr)
	}
	b.WriteString("\n")
	return b.String()
}

// ResultMarkdown is written when the deploy ends, whatever the outcome.
func (s *Summary) ResultMarkdown() string {
	switch s.Outcome {
	case "planned":
		if !s.Counts.HasChanges() {
			return fmt.Sprintf("**Result:** planned for `%s`: no changes. The apply job applies nothing; it records the deployment of this commit (sha256 of the plan `%s`), so that the promotion can go on.\n",
				s.Environment, s.SHA256)
		}
		return fmt.Sprintf("**Result:** planned for `%s`; nothing was applied. The plan is saved (sha256 `%s`): approving the apply job applies exactly this plan, "+
			"and if the state of `%s` changes before then, the apply refuses it and the workflow must be re-run.\n", s.Environment, s.SHA256, s.Environment)
	case "applied":
		return fmt.Sprintf("**Result:** applied to `%s`: %d added, %d changed, %d destroyed.\n", s.Environment, s.Counts.Add, s.Counts.Change, s.Counts.Destroy)
	case "no-changes":
		return fmt.Sprintf("**Result:** nothing to apply to `%s`.\n", s.Environment)
	case "refused":
		return fmt.Sprintf("**Result:** %s `%s` refused; nothing was applied.\n\n> %s\n", s.verb(), s.Environment, strings.TrimSpace(s.Error))
	default:
		f := report.Fence(s.Error)
		return fmt.Sprintf("**Result:** %s `%s` failed.\n\n%s\n%s\n%s\n", s.verb(), s.Environment, f, strings.TrimSpace(s.Error), f)
	}
}

func (s *Summary) verb() string {
	if s.PlanOnly {
		return "plan for"
	}
	return "deploy to"
}

// IncidentMarkdown is the record of a break-glass deploy.
func (s *Summary) IncidentMarkdown(who string, when time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, "## Break-glass deploy to `%s`\n\n", s.Environment)
	fmt.Fprintf(&b, "| | |\n|---|---|\n| Environment | `%s` |\n| Working directory | `%s` |\n| Who | %s |\n| When | %s |\n| Outcome | %s |\n| Plan | %s |\n\n",
		s.Environment, s.Dir, report.Cell(who), when.UTC().Format(time.RFC3339), s.Outcome, s.Counts.String())
	if len(s.Changes) > 0 {
		b.WriteString("| Action | Resource |\n|---|---|\n")
		for _, c := range s.Changes {
			fmt.Fprintf(&b, "| %s | `%s` |\n", c.Action, c.Address)
		}
		b.WriteString("\n")
	}
	b.WriteString("Deployed without the promotion check or a GitHub deployment record. Document why in this incident, " +
		"make sure the change is in Terraform on `main`, and let the pipeline deploy it through the promotion order.\n")
	return b.String()
}
