package actiongen

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/olympus-cloud/deploy-actions/internal/framework/report"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// The README's step reference lives between these markers.
const (
	BeginMarker = "<!-- BEGIN GENERATED STEPS: go generate ./... -->"
	EndMarker   = "<!-- END GENERATED STEPS -->"
)

// Reference renders the README section: per built step, what it does, its
// inputs and outputs, and a uses: example.
func Reference(specs []*step.Spec) string {
	var b strings.Builder
	for _, s := range specs {
		fmt.Fprintf(&b, "### `%s`\n\n%s\n\n", s.Name, s.Description)
		b.WriteString("| Input | Required | Default | Description |\n|---|---|---|---|\n")
		for _, in := range s.Inputs {
			def := in.ActionDefault
			if def == "" {
				def = in.Default
			}
			if def != "" {
				def = "`" + def + "`"
			}
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", in.Name, yesNo(in.Required), def, report.Cell(in.Description))
		}
		b.WriteString("\n| Output | Description |\n|---|---|\n")
		for _, o := range s.Outputs {
			fmt.Fprintf(&b, "| `%s` | %s |\n", o.Name, report.Cell(o.Description))
		}
		if s.Example != "" {
			fmt.Fprintf(&b, "\n```yaml\n%s\n```\n\n", strings.TrimSpace(s.Example))
			continue
		}
		fmt.Fprintf(&b, "\n```yaml\n- uses: olympus-cloud/deploy-actions/actions/%s@v1\n", s.Name)
		var with []string
		for _, in := range s.Inputs {
			if in.Required {
				with = append(with, fmt.Sprintf("    %s: %s", in.Name, example(in)))
			}
		}
		if len(with) > 0 {
			b.WriteString("  with:\n" + strings.Join(with, "\n") + "\n")
		}
		b.WriteString("```\n\n")
	}
	return b.String()
}

func example(in step.Input) string {
	if in.Name == "environment" {
		return "dev"
	}
	return "<" + in.Name + ">"
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// ReplaceReference puts a fresh reference between the README's markers.
func ReplaceReference(readme []byte, specs []*step.Spec) ([]byte, error) {
	begin := bytes.Index(readme, []byte(BeginMarker))
	end := bytes.Index(readme, []byte(EndMarker))
	if begin < 0 || end < begin {
		return nil, fmt.Errorf("README.md lacks the markers %q and %q", BeginMarker, EndMarker)
	}
	var out bytes.Buffer
	out.Write(readme[:begin+len(BeginMarker)])
	out.WriteString("\n\n" + Reference(specs))
	out.Write(readme[end:])
	return out.Bytes(), nil
}
