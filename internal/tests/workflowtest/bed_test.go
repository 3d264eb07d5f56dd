package workflowtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/olympus-cloud/deploy-actions/internal/domain/plan"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/act"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/fakegithub"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/harness"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/localstore"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/tfenv"
)

// canary is the example's sensitive api_key, given to every job the way a
// workflow passes a secret to terraform (TF_VAR_api_key): it reaches the
// plans, the state, the saved plan and the cloud, and must appear in
// nothing act prints.
const canary = "canary-5d1e0c7a-the-workflow-never-prints"

// The identity variables of the GitHub Environments (terraform/README.md),
// as vars: act has no environments, so each name has one value here.
var identityVars = map[string]string{
	"PLAN_WIF_PROVIDER":        "projects/1/locations/global/workloadIdentityPools/github-plan/providers/github",
	"PLAN_SERVICE_ACCOUNT":     "terraform-plan@olympus-test.iam.gserviceaccount.com",
	"DEPLOY_WIF_PROVIDER":      "projects/1/locations/global/workloadIdentityPools/github-apply/providers/github",
	"DEPLOY_SERVICE_ACCOUNT":   "terraform-apply@olympus-test.iam.gserviceaccount.com",
	"ROLLBACK_WIF_PROVIDER":    "projects/1/locations/global/workloadIdentityPools/github-rollback/providers/github",
	"ROLLBACK_SERVICE_ACCOUNT": "traffic-rollback@olympus-test.iam.gserviceaccount.com",
	"GCP_PROJECT":              "olympus-test",
	// deploy-dev's checks after the apply: the example's stand-in for a
	// smoke test, which reads the local cloud's store.
	"DEV_VERIFY": "- run: sh checks/api-ready.sh dev\n  attempts: 2\n",
}

// bed is one repository, its fake GitHub and its local cloud, shared by
// the runs of a test in order, as a real repository's runs share them.
type bed struct {
	root, repo, sha string
	key             string
	gh              *fakegithub.Server
	runner          *act.Runner
	results         []*act.Result
}

func newBed(t *testing.T) *bed {
	t.Helper()
	// Containers see Root at its own path; keep it short and absolute.
	dir, err := os.MkdirTemp("", "olympus-act-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		// Files made in containers as root, in directories act made.
		exec.Command("chmod", "-R", "u+rwX", dir).Run()
		os.RemoveAll(dir)
	})
	b := &bed{root: dir, repo: filepath.Join(dir, "repo")}
	for _, d := range []string{"home", "state", "cloud", "sarif", "approval"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	cli, err := tfenv.Install(context.Background(), filepath.Join(dir, "tfenv"))
	if err != nil {
		t.Fatal(err)
	}
	b.sha = b.makeRepo(t)
	if b.key, _, err = plan.NewKey(); err != nil {
		t.Fatal(err)
	}
	b.gh = fakegithub.New(t, harness.Token)
	env := map[string]string{
		"PATH":                     os.Getenv("PATH"),
		"HOME":                     filepath.Join(dir, "home"),
		"TF_CLI_CONFIG_FILE":       cli,
		"TF_VAR_api_key":           canary,
		"CHECKPOINT_DISABLE":       "1",
		"GITHUB_API_URL":           b.gh.URL,
		"OLYMPUS_ACT_REPO":         b.repo,
		"OLYMPUS_ACT_AUTH_LOG":     filepath.Join(dir, "auth.log"),
		"OLYMPUS_ACT_SARIF_DIR":    filepath.Join(dir, "sarif"),
		"OLYMPUS_ACT_APPROVAL_DIR": filepath.Join(dir, "approval"),
		"OLYMPUS_ACT_APPROVAL_JOB": "",
		"GOFLAGS":                  os.Getenv("GOFLAGS"),
		"GOCACHE":                  goEnv(t, "GOCACHE"),
		"GOMODCACHE":               goEnv(t, "GOMODCACHE"),
		"GOPROXY":                  goEnv(t, "GOPROXY"),
		"OLYMPUS_TOOLS_DIR":        os.Getenv("OLYMPUS_TOOLS_DIR"),
		"XDG_CACHE_HOME":           xdgCache(),
		"DOCKER_HOST":              os.Getenv("DOCKER_HOST"),
		"TERRAFORM_BUNDLE":         "local",
	}
	b.runner = &act.Runner{Act: actBin, Repo: b.repo, Root: dir, Env: env,
		Secrets: map[string]string{"GITHUB_TOKEN": harness.Token, "PLAN_ENCRYPTION_KEY": b.key},
		Vars:    identityVars}
	return b
}

func goEnv(t *testing.T, name string) string {
	out, err := exec.Command("go", "env", name).Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(out))
}

// xdgCache keeps the tools cache (scripts/install-tool.sh) where it is,
// though HOME moves.
func xdgCache() string {
	if c := os.Getenv("XDG_CACHE_HOME"); c != "" {
		return c
	}
	home, _ := os.UserHomeDir()
	return filepath.Join(home, ".cache")
}

var stateRoot = regexp.MustCompile(`root = "\$\{path\.root\}/\.localcloud/\$\{var\.environment\}"`)

// makeRepo makes the repository the workflows run on: this repository's
// files (the workflows and actions verbatim but for act's one schema gap,
// see act.Adapt), with terraform/ replaced by the local example, whose
// state and cloud live in Root so that every job of every run shares
// them. It returns the commit.
func (b *bed) makeRepo(t *testing.T) string {
	t.Helper()
	files, err := exec.Command("git", "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		t.Fatalf("git ls-files: %v", err)
	}
	for _, f := range strings.Split(strings.TrimRight(string(files), "\x00"), "\x00") {
		if f == "" || strings.HasPrefix(f, "terraform/") {
			continue
		}
		src := filepath.Join(root, f)
		st, err := os.Lstat(src)
		if err != nil || !st.Mode().IsRegular() {
			continue // deleted in the working tree, or a link
		}
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(f, ".github/workflows/") {
			data, _ = act.Adapt(data)
		}
		write(t, filepath.Join(b.repo, f), data, st.Mode().Perm())
	}
	tf := filepath.Join(b.repo, "terraform")
	tfenv.CopyDir(t, filepath.Join(root, "examples", "local"), tf)
	main := read(t, filepath.Join(tf, "main.tf"))
	if !stateRoot.MatchString(main) {
		t.Fatal("examples/local/main.tf no longer keeps its objects under path.root: adapt the workflow test")
	}
	main = stateRoot.ReplaceAllString(main, fmt.Sprintf(`root = "%s/cloud/${var.environment}"`, b.root))
	write(t, filepath.Join(tf, "main.tf"), []byte(main), 0o644)
	for _, env := range []string{"dev", "staging", "prod"} {
		write(t, filepath.Join(tf, "environments", env, "backend.tfbackend"),
			[]byte(fmt.Sprintf("path = %q\n", filepath.Join(b.root, "state", env+".tfstate"))), 0o644)
	}
	git := func(args ...string) string {
		cmd := exec.Command("git", append([]string{"-C", b.repo, "-c", "user.name=Olympus Test", "-c", "user.email=test@olympus.invalid",
			"-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"}, args...)...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	git("init", "-q")
	git("checkout", "-q", "-B", "main")
	git("add", "-A")
	git("commit", "-q", "-m", "olympus under test")
	// act reads the repository's name from the remote (it is never
	// contacted).
	git("remote", "add", "origin", "https://github.com/"+harness.Repository+".git")
	return git("rev-parse", "HEAD")
}

var repository = map[string]any{"name": "olympus", "full_name": harness.Repository,
	"owner": map[string]any{"login": "olympus-cloud"}, "default_branch": "main"}

func (b *bed) pullRequest(number int) act.Event {
	return act.Event{Name: "pull_request", Payload: map[string]any{
		"action": "synchronize", "number": number, "repository": repository,
		"pull_request": map[string]any{"number": number, "labels": []any{},
			"head": map[string]any{"ref": "feature", "sha": b.sha}, "base": map[string]any{"ref": "main"}},
	}}
}

func (b *bed) push() act.Event {
	return act.Event{Name: "push", Payload: map[string]any{
		"ref": "refs/heads/main", "after": b.sha, "deleted": false, "repository": repository}}
}

func dispatch(env string) act.Event {
	return act.Event{Name: "workflow_dispatch", Payload: map[string]any{
		"ref": "refs/heads/main", "inputs": map[string]any{"environment": env}, "repository": repository}}
}

const deployWorkflow = ".github/workflows/deploy-infrastructure.yml"

// run runs the deploy workflow for event and keeps the result for the
// canary check.
func (b *bed) run(t *testing.T, event act.Event) *act.Result {
	t.Helper()
	p := b.start(t, event, nil)
	return b.wait(t, p)
}

func (b *bed) start(t *testing.T, event act.Event, env map[string]string) *act.Process {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	t.Cleanup(cancel)
	p, err := b.runner.Start(ctx, act.Run{Event: event, Workflow: deployWorkflow, Env: env})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func (b *bed) wait(t *testing.T, p *act.Process) *act.Result {
	t.Helper()
	res := p.Wait()
	b.results = append(b.results, res)
	t.Logf("act %s: exit %d in %s", t.Name(), res.ExitCode, res.Elapsed.Round(100*time.Millisecond))
	return res
}

// state reads an environment's Terraform state, if it has one.
func (b *bed) state(t *testing.T, env string) (serial int, ok bool) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(b.root, "state", env+".tfstate"))
	if err != nil {
		return 0, false
	}
	var s struct {
		Serial int `json:"serial"`
	}
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatal(err)
	}
	return s.Serial, true
}

func (b *bed) cloud(env string) localstore.Store {
	return localstore.Store{Root: filepath.Join(b.root, "cloud", env)}
}

// artifact is a file of an artifact uploaded in run.
func (b *bed) artifact(res *act.Result, name, file string) ([]byte, error) {
	return os.ReadFile(filepath.Join(b.root, "artifacts", fmt.Sprint(res.RunID), name, file))
}

// auths are the identities each job asked the auth stand-in for.
func (b *bed) auths(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(b.root, "auth.log"))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSpace(string(data)), "\n")
}

// applyBehindTheWorkflowsBack changes an environment's state the way
// another apply would: terraform run by hand on the same configuration,
// backend and cloud, with another log level.
func (b *bed) applyBehindTheWorkflowsBack(t *testing.T, env string) {
	t.Helper()
	dir := filepath.Join(b.root, "by-hand")
	if _, err := os.Stat(dir); err != nil {
		tfenv.CopyDir(t, filepath.Join(b.repo, "terraform"), dir)
	}
	for _, args := range [][]string{
		{"init", "-input=false", "-reconfigure", "-backend-config=environments/" + env + "/backend.tfbackend"},
		{"apply", "-input=false", "-auto-approve", "-var-file=environments/" + env + "/terraform.tfvars", "-var", "log_level=warn"},
	} {
		cmd := exec.Command("terraform", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+b.runner.Env["TF_CLI_CONFIG_FILE"], "TF_VAR_api_key="+canary,
			"TF_DATA_DIR="+filepath.Join(dir, ".terraform-"+env), "CHECKPOINT_DISABLE=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("terraform %s: %v\n%s", args[0], err, out)
		}
	}
}

// decryptedSHA256 decrypts an artifact with the workflow's key and hashes
// the plan inside.
func (b *bed) decryptedSHA256(t *testing.T, ct []byte) string {
	t.Helper()
	k, err := plan.ParseKey(b.key)
	if err != nil {
		t.Fatal(err)
	}
	var pt bytes.Buffer
	if err := k.Decrypt(&pt, bytes.NewReader(ct)); err != nil {
		t.Fatalf("the artifact does not decrypt with the workflow's key: %v", err)
	}
	f := filepath.Join(t.TempDir(), "plan")
	write(t, f, pt.Bytes(), 0o600)
	sum, err := plan.FileSHA256(f)
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

func write(t *testing.T, p string, data []byte, mode os.FileMode) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, mode); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, p string) string {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// waitForFile waits until p exists or the run ends.
func waitForFile(t *testing.T, p string, proc *act.Process, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if _, err := os.Stat(p); err == nil {
			return
		}
		// act ended without it: no need to wait for the deadline.
		if proc.Exited() {
			if _, err := os.Stat(p); err == nil {
				return
			}
			t.Fatalf("act ended and %s never appeared; act printed:\n%s", p, proc.Output())
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("%s never appeared; act printed:\n%s", p, proc.Output())
}
