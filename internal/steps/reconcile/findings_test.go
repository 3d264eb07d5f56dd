package reconcile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	tfjson "github.com/hashicorp/terraform-json"

	"github.com/olympus-cloud/deploy-actions/internal/domain/plan"
	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
	"github.com/olympus-cloud/deploy-actions/internal/steps/reconcile/codify"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/golden"
)

func locator(t *testing.T) *codify.Config {
	t.Helper()
	c, err := codify.Load(filepath.Join("..", "..", "..", "examples", "local"), filepath.Join("environments", "dev", "terraform.tfvars"))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func change(actions tfjson.Actions, before, after, bs, as any) *tfjson.Change {
	return &tfjson.Change{Actions: actions, Before: before, After: after, BeforeSensitive: bs, AfterSensitive: as}
}

var (
	update = tfjson.Actions{tfjson.ActionUpdate}
	del    = tfjson.Actions{tfjson.ActionDelete}
	create = tfjson.Actions{tfjson.ActionCreate}
)

// plans is a dev environment where someone scaled the database up, put a
// canary key and a hostile image into the service by hand, and a rollback
// pinned the service's traffic.
func plans() (refresh, normal *tfjson.Plan) {
	svcBefore := map[string]any{"name": "olympus-api-dev", "image": "api:v1", "revision": "olympus-api-dev-00002-bbb",
		"env":     map[string]any{"API_KEY": "k-123456789", "LOG_LEVEL": "debug", "ENVIRONMENT": "dev"},
		"traffic": []any{map[string]any{"revision": "olympus-api-dev-00002-bbb", "percent": float64(100)}}}
	svcAfter := map[string]any{"name": "olympus-api-dev", "image": "api:v1\r::stop-commands::x", "revision": "olympus-api-dev-00002-bbb",
		"env":     map[string]any{"API_KEY": "canary-5ec2e7", "LOG_LEVEL": "trace", "ENVIRONMENT": "dev"},
		"traffic": []any{map[string]any{"revision": "olympus-api-dev-00001-aaa", "percent": float64(100)}}}
	envMask := map[string]any{"env": map[string]any{"API_KEY": true}}
	refresh = &tfjson.Plan{
		ResourceDrift: []*tfjson.ResourceChange{
			{Address: "localcloud_service.api", Type: "localcloud_service", Mode: tfjson.ManagedResourceMode,
				Change: change(update, svcBefore, svcAfter, envMask, envMask)},
			{Address: "localcloud_sql_instance.db", Type: "localcloud_sql_instance", Mode: tfjson.ManagedResourceMode,
				Change: change(update, map[string]any{"tier": "db-f1-micro", "retention_days": float64(1), "id": "a"},
					map[string]any{"tier": "db-custom-2-7680", "retention_days": float64(1), "id": "b"}, map[string]any{}, map[string]any{})},
			{Address: "data.localcloud_thing.x", Type: "localcloud_thing", Mode: tfjson.DataResourceMode,
				Change: change(update, map[string]any{"a": "1"}, map[string]any{"a": "2"}, nil, nil)},
			nil,
		},
		PriorState: &tfjson.State{Values: &tfjson.StateValues{RootModule: &tfjson.StateModule{Resources: []*tfjson.StateResource{
			{Address: "localcloud_service.api", Type: "localcloud_service", AttributeValues: svcAfter},
		}}}},
	}
	normal = &tfjson.Plan{ResourceChanges: []*tfjson.ResourceChange{
		{Address: "localcloud_service.api", Type: "localcloud_service", Mode: tfjson.ManagedResourceMode, Change: change(update, svcAfter, svcBefore, nil, nil)},
		{Address: "localcloud_sql_instance.db", Type: "localcloud_sql_instance", Mode: tfjson.ManagedResourceMode,
			Change: change(update, map[string]any{"tier": "db-custom-2-7680"}, map[string]any{"tier": "db-f1-micro"}, nil, nil)},
	}}
	return refresh, normal
}

// idOnly plays a provider schema in which id is computed only.
type idOnly struct{}

func (idOnly) ComputedOnly(_ string, path []string) bool { return len(path) == 1 && path[0] == "id" }

func TestAnalyze(t *testing.T) {
	refresh, normal := plans()
	f := Analyze(refresh, normal, idOnly{}, locator(t))
	var got []string
	for _, r := range f.Resources {
		for _, a := range r.Attrs {
			got = append(got, strings.Join([]string{r.Address, plan.JoinPath(a.Path), a.Hint.Last().Pos(), string(a.Hint.Kind),
				map[bool]string{true: "secret", false: ""}[a.Secret], map[bool]string{true: "hidden", false: ""}[a.Hidden], string(r.Revert)}, " "))
		}
	}
	want := []string{
		"localcloud_service.api env.API_KEY variables.tf:27 literal secret  update",
		"localcloud_service.api env.LOG_LEVEL environments/dev/terraform.tfvars:2 literal  hidden update",
		"localcloud_service.api image variables.tf:14 literal   update",
		"localcloud_sql_instance.db tier environments/dev/terraform.tfvars:3 literal   update",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("attributes (-want +got):\n%s", diff)
	}
	if f.Resources[1].Computed != 1 {
		t.Errorf("the database's computed id change is not counted: %+v", f.Resources[1])
	}
	if len(f.Pinned) != 1 || f.Pinned[0].Serving != "olympus-api-dev-00001-aaa" {
		t.Errorf("pinned %+v", f.Pinned)
	}
	if f.Count() != 2 || !f.Drifted() {
		t.Errorf("count %d", f.Count())
	}
	if diff := cmp.Diff([]string{"localcloud_service.api changed", "localcloud_service.api pinned", "localcloud_sql_instance.db changed"}, f.Keys()); diff != "" {
		t.Errorf("keys (-want +got):\n%s", diff)
	}
}

// Once the code says what was found, the plan leaves it: codified, even
// though the state only catches up at the next apply.
func TestAnalyzeCodifiedChangesAreNotDrift(t *testing.T) {
	refresh, _ := plans()
	var noop []*tfjson.ResourceChange
	for _, rc := range refresh.ResourceDrift {
		if rc != nil && rc.Mode == tfjson.ManagedResourceMode {
			noop = append(noop, &tfjson.ResourceChange{Address: rc.Address, Type: rc.Type, Mode: rc.Mode,
				Change: change(tfjson.Actions{tfjson.ActionNoop}, rc.Change.After, rc.Change.After, nil, nil)})
		}
	}
	deleted := &tfjson.ResourceChange{Address: "localcloud_sql_instance.gone", Type: "localcloud_sql_instance", Mode: tfjson.ManagedResourceMode,
		Change: change(del, map[string]any{"tier": "x"}, nil, nil, nil)}
	refresh.ResourceDrift = append(refresh.ResourceDrift, deleted)
	f := Analyze(refresh, &tfjson.Plan{ResourceChanges: noop}, idOnly{}, locator(t))
	if len(f.Resources) != 0 || len(f.Pinned) != 1 || f.Codified != 5 {
		t.Errorf("codified drift reported: %+v, %d codified", f.Resources, f.Codified)
	}
}

func TestAnalyzeDeletionAndTrafficOnly(t *testing.T) {
	refresh := &tfjson.Plan{ResourceDrift: []*tfjson.ResourceChange{
		{Address: "localcloud_sql_instance.db", Type: "localcloud_sql_instance", Mode: tfjson.ManagedResourceMode,
			Change: change(del, map[string]any{"tier": "db-f1-micro"}, nil, nil, nil)},
		// Only the traffic moved: operational, not code drift.
		{Address: "localcloud_service.api", Type: "localcloud_service", Mode: tfjson.ManagedResourceMode,
			Change: change(update, map[string]any{"traffic": []any{map[string]any{"revision": "b"}}}, map[string]any{"traffic": []any{map[string]any{"revision": "a"}}}, nil, nil)},
	}}
	normal := &tfjson.Plan{ResourceChanges: []*tfjson.ResourceChange{
		{Address: "localcloud_sql_instance.db", Type: "localcloud_sql_instance", Mode: tfjson.ManagedResourceMode, Change: change(create, nil, map[string]any{}, nil, nil)},
	}}
	f := Analyze(refresh, normal, nil, locator(t))
	if len(f.Resources) != 1 || !f.Resources[0].Deleted || f.Resources[0].Revert != policy.Create || f.Resources[0].Hint.Kind != codify.Block {
		t.Fatalf("resources %+v", f.Resources)
	}
	if f.Apply.Add != 1 {
		t.Errorf("apply %+v", f.Apply)
	}
}

func TestReportMarkdown(t *testing.T) {
	refresh, normal := plans()
	checked := time.Date(2026, 11, 2, 12, 0, 0, 0, time.UTC)
	r := &EnvReport{Environment: "dev", Dir: "examples/local", Findings: Analyze(refresh, normal, idOnly{}, locator(t)),
		Checked: checked, FirstSeen: checked.Add(-6 * time.Hour), RunURL: "https://github.com/o/r/actions/runs/4242", SHA: "0123456789abcdef",
		Incidents: []Incident{{Number: 7, Title: "Traffic rollback: olympus-api-dev to olympus-api-dev-00001-aaa", URL: "https://github.com/o/r/issues/7", State: "open", Created: checked.Add(-7 * time.Hour)}}}
	got := r.Markdown(IssueBodyLimit)
	golden.Check(t, "report-dev.md", got)
	for _, leak := range []string{"canary-5ec2e7", "k-123456789", "\"trace\"", "\r"} {
		if strings.Contains(got, leak) {
			t.Errorf("the report shows %q", leak)
		}
	}

	deleted := &EnvReport{Environment: "staging", Dir: ".", Checked: checked, FirstSeen: checked, CleanSince: checked.Add(-24 * time.Hour),
		Findings: Findings{Resources: []ResourceDrift{{Address: "localcloud_sql_instance.db", Type: "localcloud_sql_instance", Deleted: true, Revert: policy.Create,
			Hint: locator(t).Locate("localcloud_sql_instance.db", nil)}}, Apply: policy.Counts{Add: 1}},
		Revert: &RevertResult{Outcome: "refused", Detail: "staging is not in revert-environments (dev)."}}
	golden.Check(t, "report-deleted.md", deleted.Markdown(IssueBodyLimit))

	clean := &EnvReport{Environment: "prod", Dir: ".", Checked: checked}
	golden.Check(t, "report-clean.md", clean.Markdown(IssueBodyLimit))
}

func TestReportFitsTheLimit(t *testing.T) {
	refresh, normal := plans()
	f := Analyze(refresh, normal, idOnly{}, locator(t))
	var many []ResourceDrift
	for i := range 400 {
		r := f.Resources[1]
		r.Address = r.Address + "_" + strings.Repeat("x", i%7) + string(rune('a'+i%26))
		many = append(many, r)
	}
	f.Resources = many
	r := &EnvReport{Environment: "dev", Dir: ".", Findings: f, Checked: time.Now()}
	for _, limit := range []int{IssueBodyLimit, 8000} {
		got := r.Markdown(limit)
		if len(got) > limit {
			t.Errorf("limit %d: %d bytes", limit, len(got))
		}
		if !strings.Contains(got, "more\n\nNot shown for lack of room") || !strings.Contains(got, "Kept up to date") {
			t.Errorf("limit %d: a cut report must say so and keep its end", limit)
		}
	}
}

// The providers' schemas are read only when a drifted attribute is left
// as it is by the plan: then only the schema tells whether code sets it.
func TestNeedsSchema(t *testing.T) {
	refresh, normal := plans()
	if !needsSchema(refresh, normal) {
		t.Error("the database's id changed and the plan leaves it: the schema is needed")
	}
	db := refresh.ResourceDrift[1].Change
	db.After.(map[string]any)["id"] = db.Before.(map[string]any)["id"]
	if needsSchema(refresh, normal) {
		t.Error("every drifted attribute is changed back by the plan or operational: no schema needed")
	}
}

// A value set through a variable named like a secret, changed by hand, is
// a secret in every part of the report, not only in the codify hint.
func TestSecretNamedVariableIsNeverShown(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"main.tf":      "resource \"x_y\" \"z\" {\n  metadata = { boot = var.bootstrap_token }\n}\n",
		"variables.tf": "variable \"bootstrap_token\" {\n  type = string\n}\n",
		"dev.tfvars":   "bootstrap_token = \"old-token-1\"\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	loc, err := codify.Load(dir, "dev.tfvars")
	if err != nil {
		t.Fatal(err)
	}
	before := map[string]any{"metadata": map[string]any{"boot": "old-token-1"}}
	after := map[string]any{"metadata": map[string]any{"boot": "canary-7f3e9b"}}
	refresh := &tfjson.Plan{ResourceDrift: []*tfjson.ResourceChange{{Address: "x_y.z", Type: "x_y", Mode: tfjson.ManagedResourceMode,
		Change: change(update, before, after, map[string]any{}, map[string]any{})}}}
	normal := &tfjson.Plan{ResourceChanges: []*tfjson.ResourceChange{{Address: "x_y.z", Type: "x_y", Mode: tfjson.ManagedResourceMode,
		Change: change(update, after, before, nil, nil)}}}
	f := Analyze(refresh, normal, nil, loc)
	r := &EnvReport{Environment: "dev", Dir: ".", Findings: f, Checked: time.Now(), Reverted: f.Resources,
		Revert: &RevertResult{Outcome: "applied"}}
	got := r.Markdown(IssueBodyLimit)
	if len(f.Resources) != 1 || strings.Contains(got, "canary-7f3e9b") || strings.Contains(got, "old-token-1") {
		t.Errorf("the report shows the secret:\n%s", got)
	}
}

// Keys and names found in the cloud (a map key added by hand, a revision
// name) stay inside their inline code: no line break, no HTML comment
// that would hide the rest of the issue.
func TestHostileNamesFromTheCloudStayInline(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte("resource \"x_y\" \"z\" {\n  metadata = {\n    a = \"b\"\n  }\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	loc, err := codify.Load(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	key := "k`\n\n<!-- hidden"
	path := []string{"metadata", key}
	f := Findings{Resources: []ResourceDrift{{Address: "x_y.z", Type: "x_y", Revert: policy.Update,
		Attrs: []AttrDrift{{Path: path, After: "v", Hint: loc.Locate("x_y.z", path)}}}},
		Pinned: []policy.Pinned{{Address: "localcloud_service.api", Serving: "rev`\n\n<!-- hidden", Latest: "l", Service: "s\n```\n<!-- hidden", Project: "p"}}}
	r := &EnvReport{Environment: "dev", Dir: ".", Findings: f, Checked: time.Now(), Reverted: f.Resources, Revert: &RevertResult{Outcome: "applied"}}
	got := r.Markdown(IssueBodyLimit)
	for _, line := range strings.Split(got, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "<!--") {
			t.Errorf("a name from the cloud broke out onto its own line %q:\n%s", line, got)
		}
	}
}
