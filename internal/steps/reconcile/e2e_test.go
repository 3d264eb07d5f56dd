package reconcile_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/olympus-cloud/deploy-actions/internal/steps/reconcile"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/fakegithub"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/harness"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/localstore"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/runemu"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/runneremu"
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
	tfenv.CopyDir(t, filepath.Join("..", "..", "..", "examples", "local"), dir)
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
		Env: map[string]string{"TF_CLI_CONFIG_FILE": tfenv.Shared(t), "TF_VAR_api_key": apiKey, "OLYMPUS_TEST_TIMING": "1s"}}
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

// canary is a secret changed by hand in the cloud: it must be reported as
// changed and appear in no channel.
const canary = "canary-drift-9f1c27d4"

// A sensitive value and hostile text changed by hand: the sensitive one is
// reported as changed and never shown, and no text from the cloud can
// issue a workflow command.
func TestSecretsAndHostileTextInDrift(t *testing.T) {
	dir := cloud(t, "dev")
	if _, err := store(dir, "dev").UpdateService("olympus-api-dev", func(s *localstore.Service) error {
		s.Env["API_KEY"] = canary
		s.Env["LOG_LEVEL"] = "::stop-commands::y"
		s.Image = "api:v1\r::stop-commands::x"
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	gh := fakegithub.New(t, harness.Token)
	res := drift(t, gh, dir, map[string]string{"environments": "dev"})
	if res.ExitCode != 0 {
		t.Fatalf("exit %d\n%s", res.ExitCode, res.Stderr)
	}
	is := ours(gh, "dev")
	if len(is) != 1 {
		t.Fatalf("issues %+v", gh.Issues())
	}
	contains(t, "the issue", is[0].Body, "| `env.API_KEY` |", "(sensitive, changed)", "Secret Manager",
		`"api:v1\r::stop-commands::x"`)
	var everything strings.Builder
	everything.WriteString(res.All())
	for _, i := range gh.Issues() {
		everything.WriteString(i.Title + i.Body)
		for _, c := range gh.Comments(i.Number) {
			everything.WriteString(c.Body)
		}
	}
	for _, line := range strings.Split(everything.String(), "\n") {
		if strings.Contains(line, canary) && !strings.HasPrefix(line, "::add-mask::") {
			t.Errorf("the canary was printed: %q", line)
		}
	}
	if !strings.Contains(res.Stdout, "::add-mask::"+canary) {
		t.Error("the canary was never masked")
	}
	// The job log as the runner makes it: the canary is masked and the
	// hostile text stopped nothing.
	log := runneremu.ProcessStreams([]byte(res.Stdout), []byte(res.Stderr))
	if log.Contains(canary) || log.Failed || log.StopToken != "" {
		t.Errorf("job log: canary %v, failed %v, stopped by %q", log.Contains(canary), log.Failed, log.StopToken)
	}
	for _, c := range log.Commands {
		if strings.EqualFold(c.Name, "stop-commands") && (c.Data == "x" || c.Data == "y") {
			t.Errorf("text from the cloud issued %+v", c)
		}
	}
}

// Revert in the first environment restores the object, through the
// saved plan, and records it in the issue.
func TestRevertRestoresTheFirstEnvironment(t *testing.T) {
	dir := cloud(t, "dev")
	setTier(t, dir, "dev", "db-custom-2-7680")
	gh := fakegithub.New(t, harness.Token)
	res := drift(t, gh, dir, map[string]string{"environments": "dev", "mode": "revert"})
	if res.ExitCode != 0 {
		t.Fatalf("exit %d\n%s", res.ExitCode, res.Stderr)
	}
	inst, err := store(dir, "dev").GetSQLInstance("olympus-db-dev")
	if err != nil || inst.Tier != "db-f1-micro" {
		t.Fatalf("after the revert the tier is %q (%v)", inst.Tier, err)
	}
	if res.Outputs["drifted"] != "false" {
		t.Errorf("outputs after a revert %v", res.Outputs)
	}
	is := ours(gh, "dev")
	if len(is) != 1 || is[0].State != "closed" {
		t.Fatalf("issue %+v", is)
	}
	contains(t, "the closing comment", gh.Comments(is[0].Number)[0].Body, "reverted by applying the code (0 to add, 1 to change, 0 to destroy)")
	contains(t, "the summary", res.Summary, "Reverted: the code was applied to `dev`")
	// And now nothing is left.
	if after := drift(t, gh, dir, map[string]string{"environments": "dev"}); after.Outputs["drifted"] != "false" {
		t.Errorf("drift after the revert: %v", after.Outputs)
	}
}

// fakeTerraform is a terraform that records that it ran.
func fakeTerraform(t *testing.T) (path, ran string) {
	t.Helper()
	d := t.TempDir()
	path, ran = filepath.Join(d, "terraform"), filepath.Join(d, "ran")
	if err := os.WriteFile(path, []byte("#!/bin/sh\ntouch "+ran+"\nexit 1\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return path, ran
}

// Bad input exits 2 before terraform or GitHub is called.
func TestBadInputChangesNothing(t *testing.T) {
	dir := t.TempDir()
	tfenv.CopyDir(t, filepath.Join("..", "..", "..", "examples", "local"), dir)
	for name, tc := range map[string]struct {
		inputs map[string]string
		want   string
	}{
		"unknown environment":      {map[string]string{"environments": "dev,qa"}, `input environments: invalid value "dev,qa": "qa" is not in promotion-order "dev,staging,prod"`},
		"mode apply":               {map[string]string{"mode": "apply"}, `input mode: invalid value "apply": must be one of report, revert`},
		"revert of production":     {map[string]string{"environments": "prod", "mode": "revert"}, "mode revert would apply to prod, which is not in revert-environments (dev); nothing was run. It is production"},
		"revert of a non-listed":   {map[string]string{"environments": "dev,staging", "mode": "revert"}, "mode revert would apply to staging, which is not in revert-environments (dev)"},
		"malformed lock-timeout":   {map[string]string{"lock-timeout": "5 minutes"}, `input lock-timeout: invalid value "5 minutes": must be a positive duration`},
		"bad promotion-order":      {map[string]string{"promotion-order": "dev,dev"}, `input promotion-order: invalid value "dev,dev"`},
		"revert list not in order": {map[string]string{"revert-environments": "qa"}, `input revert-environments: invalid value "qa"`},
		"no backend":               {map[string]string{"environments": "dev", "promotion-order": "dev,sandbox", "revert-environments": "dev"}, ""},
	} {
		t.Run(name, func(t *testing.T) {
			tf, ran := fakeTerraform(t)
			gh := fakegithub.New(t, harness.Token)
			in := map[string]string{"terraform-path": tf}
			for k, v := range tc.inputs {
				in[k] = v
			}
			if name == "no backend" {
				in["environments"] = "sandbox"
				tc.want = "sandbox has no backend file environments/sandbox/backend.tfbackend"
			}
			res := drift(t, gh, dir, in)
			if res.ExitCode != 2 || !strings.Contains(res.Stdout+res.Stderr, tc.want) {
				t.Errorf("exit %d, want 2 with %q\n%s%s", res.ExitCode, tc.want, res.Stdout, res.Stderr)
			}
			if _, err := os.Stat(ran); err == nil {
				t.Error("terraform ran")
			}
			if n := len(gh.Requests()); n != 0 {
				t.Errorf("%d GitHub requests", n)
			}
		})
	}
}

// A traffic rollback is operational drift: reported with the exact
// command that releases it, never as a change to codify or revert; once
// released (roll forward after a fix), the issue closes.
func TestPinnedTrafficIsOperationalDrift(t *testing.T) {
	dir := t.TempDir()
	tfenv.CopyDir(t, filepath.Join("..", "..", "..", "examples", "local"), dir)
	setup := fakegithub.New(t, harness.Token)
	deploy := func(image string) {
		t.Helper()
		res := harness.Exec(t, harness.Run{Step: "deploy", Dir: dir, GitHub: setup, Inputs: map[string]string{"environment": "dev"},
			Env: map[string]string{"TF_CLI_CONFIG_FILE": tfenv.Shared(t), "TF_VAR_api_key": apiKey, "TF_VAR_image": image}})
		if res.ExitCode != 0 {
			t.Fatalf("deploy %s: exit %d\n%s", image, res.ExitCode, res.Stderr)
		}
	}
	deploy("api:v1")
	deploy("api:v2")
	emu, err := runemu.Start(store(dir, "dev"), "olympus-dev-7d1e", "us-central1")
	if err != nil {
		t.Fatal(err)
	}
	defer emu.Stop()
	gh := fakegithub.New(t, harness.Token)
	traffic := func(to string) {
		t.Helper()
		in := map[string]string{"project": "olympus-dev-7d1e", "service": "olympus-api-dev", "run-endpoint": emu.Addr, "reason": "5xx after v2"}
		if to != "" {
			in["to-revision"] = to
		}
		if res := harness.Exec(t, harness.Run{Step: "traffic-rollback", GitHub: gh, Inputs: in, Env: map[string]string{"OLYMPUS_TEST_TIMING": "5ms"}}); res.ExitCode != 0 {
			t.Fatalf("traffic-rollback %s: exit %d\n%s", to, res.ExitCode, res.Stderr)
		}
	}
	traffic("")
	run := func(image string) *harness.Result {
		t.Helper()
		res := harness.Exec(t, harness.Run{Step: "drift-reconcile", Dir: dir, GitHub: gh, Inputs: map[string]string{"environments": "dev", "mode": "revert"},
			Env: map[string]string{"TF_CLI_CONFIG_FILE": tfenv.Shared(t), "TF_VAR_api_key": apiKey, "TF_VAR_image": image, "OLYMPUS_TEST_TIMING": "1s"}})
		if res.ExitCode != 0 {
			t.Fatalf("drift-reconcile: exit %d\n%s", res.ExitCode, res.Stderr)
		}
		return res
	}
	svc, _ := store(dir, "dev").GetService("olympus-api-dev")
	pinnedTo := svc.Traffic[0].Revision
	res := run("api:v2")
	if res.Outputs["drifted"] != "true" || res.Outputs["resources"] != "1" {
		t.Errorf("outputs %v", res.Outputs)
	}
	is := ours(gh, "dev")
	if len(is) != 1 {
		t.Fatalf("issues %+v", gh.Issues())
	}
	contains(t, "the issue", is[0].Body, "### Operational drift", "all traffic is pinned to `"+pinnedTo+"`",
		"olympus traffic-rollback --project <project> --service olympus-api-dev --to-revision LATEST",
		"Traffic rollback: olympus-api-dev to "+pinnedTo) // the rollback's incident issue
	if strings.Contains(is[0].Body, "changed outside Terraform") || strings.Contains(is[0].Body, "### Revert") {
		t.Errorf("pinned traffic reported as a change to codify or revert:\n%s", is[0].Body)
	}
	if svc, _ := store(dir, "dev").GetService("olympus-api-dev"); svc.Traffic[0].Revision != pinnedTo {
		t.Error("mode revert moved the pinned traffic")
	}

	// The fix is deployed and the pin released: nothing left, closed.
	deploy("api:v3")
	traffic("LATEST")
	run("api:v3")
	if is := ours(gh, "dev"); is[0].State != "closed" {
		t.Errorf("the issue stays %s after the roll forward", is[0].State)
	}
}
