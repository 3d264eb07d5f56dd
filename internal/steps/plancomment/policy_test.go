package plancomment

import (
	"fmt"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/olympus-cloud/deploy-actions/internal/adapters/regopolicy"
)

// servicesPlan creates n services, too many for a comment.
func servicesPlan(n int) *tfjson.Plan {
	p := &tfjson.Plan{FormatVersion: "1.2"}
	for i := range n {
		addr := fmt.Sprintf("localcloud_service.svc[%d]", i)
		p.ResourceChanges = append(p.ResourceChanges, &tfjson.ResourceChange{Address: addr, Type: "localcloud_service", Name: "svc",
			Change: &tfjson.Change{Actions: tfjson.Actions{tfjson.ActionCreate}, After: map[string]any{"name": strings.Repeat("x", 200)}}})
	}
	return p
}

func TestPolicyDenialsStayWhenTheSectionIsShortened(t *testing.T) {
	var denials, warnings []regopolicy.Result
	for i := range 30 {
		denials = append(denials, regopolicy.Result{Kind: regopolicy.Deny, Rule: "deny", Package: "data.p", File: "policy/p.rego", Line: 3, Message: fmt.Sprintf("denial <b>%d</b>\nsecond line", i)})
		warnings = append(warnings, regopolicy.Result{Kind: regopolicy.Warn, Rule: "warn", Package: "data.p", File: "policy/p.rego", Line: 9, Message: fmt.Sprintf("warning %d", i)})
	}
	e := &EnvPlan{Environment: "prod", Plan: servicesPlan(3000), Protected: protectedTypes(),
		Policy: &PolicyResults{Results: regopolicy.Results{Environment: "prod", Denials: denials, Warnings: warnings}, Dir: "policy", Rules: 2}}
	full := e.Render(Full, 0)
	for _, want := range []string{"#### Policies (`policy`): 30 denied, 30 warning(s)", "> - denial &lt;b&gt;0&lt;/b&gt; second line — `p.deny` in `policy/p.rego:3`", "- warning 29 — `p.warn` in `policy/p.rego:9`"} {
		if !strings.Contains(full, want) {
			t.Errorf("the full section lacks %q", want)
		}
	}
	if strings.Index(full, "Denied by policy") > strings.Index(full, "Warnings:") || strings.Index(full, "Warnings:") > strings.Index(full, "#### Create") {
		t.Error("the policies do not come first, denials before warnings")
	}
	// Addresses go before the policies' results do.
	short := FitSection(e, 9000)
	if len(short) > 9000 || !strings.Contains(short, "denial &lt;b&gt;29") || !strings.Contains(short, "- warning 29") || !strings.Contains(short, "- … and ") {
		t.Errorf("the shortened section (%d bytes) lost policy results before addresses:\n%s", len(short), short)
	}
	// At the headline, the first denials stay, the warnings go.
	shortest := FitSection(e, 2500)
	if len(shortest) > 2500 || !strings.Contains(shortest, "30 denied, 30 warning(s)") || !strings.Contains(shortest, "denial &lt;b&gt;9") ||
		!strings.Contains(shortest, "> - … and 20 more") || strings.Contains(shortest, "warning 0") {
		t.Errorf("the headline-only section (%d bytes) lost the denials:\n%s", len(shortest), shortest)
	}
	passed := &EnvPlan{Environment: "dev", Plan: servicesPlan(1), Policy: &PolicyResults{Dir: "policy", Rules: 4}}
	if s := passed.Render(Full, 0); !strings.Contains(s, "**Policies** (`policy`, 4 rule(s)): passed.") {
		t.Errorf("a plan the policies pass does not say so:\n%s", s)
	}
	if s := (&EnvPlan{Environment: "dev", Plan: servicesPlan(1)}).Render(Full, 0); strings.Contains(s, "Policies") {
		t.Errorf("a run without policies mentions them:\n%s", s)
	}
}

func TestPolicyVerdictNamesEachDenial(t *testing.T) {
	plans := []*EnvPlan{
		{Environment: "dev", Policy: &PolicyResults{}},
		{Environment: "prod", Policy: &PolicyResults{Results: regopolicy.Results{Denials: []regopolicy.Result{{Rule: "deny_iam", Package: "data.olympus_rules.iam", File: "policy/iam.rego", Line: 20, Message: "an IAM change"}}}}},
	}
	err := policyVerdict(plans)
	if err == nil || !strings.Contains(err.Error(), "prod: an IAM change (olympus_rules.iam.deny_iam, policy/iam.rego:20)") {
		t.Fatalf("verdict %v", err)
	}
	if policyVerdict(plans[:1]) != nil {
		t.Error("a plan without denials is refused")
	}
	if err := joinVerdicts(fmt.Errorf("protected"), err); err == nil || !strings.Contains(err.Error(), "protected; the policies deny") {
		t.Errorf("joined %v", err)
	}
}
