package reconcile_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/olympus-cloud/deploy-actions/internal/reconcile"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/fakegithub"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/harness"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/localstore"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/tfenv"
)

func TestMain(m *testing.M) { harness.Main(m) }

// apiKey is the example's sensitive api_key in every run.
const apiKey = "k-5ecret-api-key-0042"

// cloud is examples/local deployed to the given environments, with its
// own fake GitHub for the setup (so that the tests' fake sees only
// drift-reconcile's requests).
func cloud(t *testing.T, envs ...string) string {
	t.Helper()
	dir := t.TempDir()
	tfenv.CopyDir(t, filepath.Join("..", "..", "examples", "local"), dir)
	setup := fakegithub.New(t, harness.Token)
	for _, e := range envs {
		res := harness.Exec(t, harness.Run{Step: "deploy", Dir: dir, GitHub: setup,
			Inputs: map[string]string{"environment": e, "break-glass": "true"},
			Env:    map[string]string{"TF_CLI_CONFIG_FILE": tfenv.Shared(t), "TF_VAR_api_key": apiKey}})
		if res.ExitCode != 0 {
			t.Fatalf("deploy %s: exit %d\n%s", e, res.ExitCode, res.Stderr)
		}
	}
	return dir
}

func store(dir, env string) localstore.Store {
	return localstore.Store{Root: filepath.Join(dir, ".localcloud", env)}
}

func setTier(t *testing.T, dir, env, tier string) {
	t.Helper()
	s := store(dir, env)
	inst, err := s.GetSQLInstance("olympus-db-" + env)
	if err != nil {
		t.Fatal(err)
	}
	inst.Tier = tier
	if err := s.PutSQLInstance(inst); err != nil {
		t.Fatal(err)
	}
}

func drift(t *testing.T, gh *fakegithub.Server, dir string, inputs map[string]string) *harness.Result {
	t.Helper()
	return harness.Exec(t, driftRun(t, gh, dir, inputs))
}

func driftRun(t *testing.T, gh *fakegithub.Server, dir string, inputs map[string]string) harness.Run {
	return harness.Run{Step: "drift-reconcile", Dir: dir, GitHub: gh, Inputs: inputs,
		Env: map[string]string{"TF_CLI_CONFIG_FILE": tfenv.Shared(t), "TF_VAR_api_key": apiKey, "OLYMPUS_ISSUE_SETTLE": "1s"}}
}

// ours are the open drift issues the bot wrote for env.
func ours(gh *fakegithub.Server, env string) []fakegithub.Issue {
	var out []fakegithub.Issue
	for _, is := range gh.Issues() {
		if is.User.Login == reconcile.ActionsBot && strings.HasPrefix(is.Body, reconcile.Marker(env, ".")) {
			out = append(out, is)
		}
	}
	return out
}

func contains(t *testing.T, what, text string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, text)
		}
	}
}

// The break-glass story of the acceptance: a hand edit in dev and a
// deletion in staging give two issues naming resource, attribute,
// file:line, code and real value; a second run updates them in place;
// making the code match closes dev's with a comment; a new hand edit
// reopens it; a forged issue is never touched.
func TestDriftIssuesFollowTheDrift(t *testing.T) {
	dir := cloud(t, "dev", "staging")
	gh := fakegithub.New(t, harness.Token)
	forged := gh.AddIssue("mallory", "Drift in dev", reconcile.Marker("dev", ".")+"\nforged: trust me", "drift")
	gh.AddIssue("alice", "Break glass: scaled olympus-db-dev up", "Load spike; tier raised by hand.", "incident")

	setTier(t, dir, "dev", "db-custom-2-7680")
	if err := store(dir, "staging").DeleteService("olympus-api-staging"); err != nil {
		t.Fatal(err)
	}
	in := map[string]string{"environments": "dev,staging"}
	res := drift(t, gh, dir, in)
	if res.ExitCode != 0 {
		t.Fatalf("exit %d\n%s", res.ExitCode, res.Stderr)
	}
	if res.Outputs["drifted"] != "true" || res.Outputs["drifted-environments"] != "dev,staging" || res.Outputs["resources"] != "2" ||
		len(strings.Split(res.Outputs["issue-urls"], "\n")) != 2 {
		t.Errorf("outputs %v", res.Outputs)
	}
	dev, staging := ours(gh, "dev"), ours(gh, "staging")
	if len(dev) != 1 || len(staging) != 1 {
		t.Fatalf("issues: dev %d, staging %d\n%+v", len(dev), len(staging), gh.Issues())
	}
	contains(t, "dev's issue", dev[0].Body, "`localcloud_sql_instance.db` changed outside Terraform", "| `tier` | `environments/dev/terraform.tfvars:3` | `\"db-f1-micro\"` | `\"db-custom-2-7680\"` |",
		"-sql_tier            = \"db-f1-micro\"\n+sql_tier            = \"db-custom-2-7680\"", "Break glass: scaled olympus-db-dev up")
	contains(t, "staging's issue", staging[0].Body, "`localcloud_service.api` deleted outside Terraform", "The resource block is at `main.tf:26-35`",
		"An apply of the code would create it again.")
	if dev[0].Title != "Drift in dev: changes made outside Terraform" || len(dev[0].Labels) != 1 || dev[0].Labels[0].Name != "drift" {
		t.Errorf("dev issue %q labels %v", dev[0].Title, dev[0].Labels)
	}
	contains(t, "the summary", res.Summary, "## Drift in `dev`", "## Drift in `staging`")

	// Again: updated in place, nothing new, no comment (nothing changed).
	again := drift(t, gh, dir, in)
	if again.ExitCode != 0 || len(gh.Issues()) != 4 {
		t.Fatalf("second run: exit %d, %d issues\n%s", again.ExitCode, len(gh.Issues()), again.Stderr)
	}
	if n := len(gh.Comments(dev[0].Number)); n != 0 {
		t.Errorf("%d comments on an unchanged drift", n)
	}

	// Codify dev's change as the hint says: its issue closes.
	tfvars := filepath.Join(dir, "environments", "dev", "terraform.tfvars")
	b, _ := os.ReadFile(tfvars)
	os.WriteFile(tfvars, []byte(strings.Replace(string(b), `sql_tier            = "db-f1-micro"`, `sql_tier            = "db-custom-2-7680"`, 1)), 0o644)
	codified := drift(t, gh, dir, in)
	if codified.ExitCode != 0 || codified.Outputs["drifted-environments"] != "staging" {
		t.Fatalf("after codifying: exit %d outputs %v\n%s", codified.ExitCode, codified.Outputs, codified.Stderr)
	}
	if is := ours(gh, "dev")[0]; is.State != "closed" || len(gh.Comments(is.Number)) != 1 || !strings.Contains(gh.Comments(is.Number)[0].Body, "Resolved: `dev` matches the code") {
		t.Errorf("dev's issue after codifying: %s, comments %+v", is.State, gh.Comments(is.Number))
	}
	if ours(gh, "staging")[0].State != "open" {
		t.Error("staging's issue closed while its drift remains")
	}

	// A new hand edit: the issue reopens, with a comment.
	setTier(t, dir, "dev", "db-custom-4-15360")
	back := drift(t, gh, dir, in)
	is := ours(gh, "dev")
	if back.ExitCode != 0 || len(is) != 1 || is[0].State != "open" || !strings.Contains(is[0].Body, `"db-custom-4-15360"`) {
		t.Fatalf("after a new edit: exit %d issues %+v", back.ExitCode, is)
	}
	if c := gh.Comments(is[0].Number); len(c) != 2 || !strings.Contains(c[1].Body, "Drift is back in `dev`") {
		t.Errorf("comments %+v", c)
	}
	for _, i := range gh.Issues() {
		if i.Number == forged {
			if i.Body != reconcile.Marker("dev", ".")+"\nforged: trust me" || i.State != "open" {
				t.Errorf("the forged issue was changed: %+v", i)
			}
		}
	}
	for _, r := range gh.Requests() {
		if strings.HasSuffix(r.Path, "/issues/"+strconv.Itoa(forged)) && r.Method != "GET" {
			t.Errorf("a write to the forged issue: %s %s", r.Method, r.Path)
		}
	}
}

// Two runs that find the same new drift at the same moment leave one
// issue.
func TestOverlappingRunsLeaveOneIssue(t *testing.T) {
	dir := cloud(t, "dev")
	// The providers' lock file exists, as in a repository that commits it.
	gh := fakegithub.New(t, harness.Token)
	if res := drift(t, gh, dir, map[string]string{"environments": "dev"}); res.ExitCode != 0 {
		t.Fatalf("clean run: exit %d\n%s", res.ExitCode, res.Stderr)
	}
	setTier(t, dir, "dev", "db-custom-2-7680")
	a := harness.Start(t, driftRun(t, gh, dir, map[string]string{"environments": "dev"}))
	b := harness.Start(t, driftRun(t, gh, dir, map[string]string{"environments": "dev"}))
	ra, rb := a.Wait(t, 5*time.Minute), b.Wait(t, 5*time.Minute)
	if ra.ExitCode != 0 || rb.ExitCode != 0 {
		t.Fatalf("exits %d %d\n%s\n%s", ra.ExitCode, rb.ExitCode, ra.Stderr, rb.Stderr)
	}
	if n := len(gh.Issues()); n != 1 {
		t.Errorf("%d issues after two overlapping runs, want 1: %+v", n, gh.Issues())
	}
	if open := ours(gh, "dev"); len(open) != 1 || open[0].State != "open" {
		t.Errorf("open drift issues %+v", open)
	}
}
