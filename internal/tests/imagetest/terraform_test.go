package imagetest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/dockerrun"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/fakegithub"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/harness"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/releases"
)

// TestTheTerraformTheModuleAsksForInTheImage: with no default terraform,
// a root module with required_version = "~> 1.11.0" gets the newest 1.11
// release from a releases site (a local one, signed with a test key),
// verified and installed into the cache under /github/home, where the
// next step of the job finds it; a release whose signature does not
// verify is refused, and a constraint no release meets is bad input.
func TestTheTerraformTheModuleAsksForInTheImage(t *testing.T) {
	requireImage(t)
	real, err := exec.LookPath("terraform")
	if err != nil {
		t.Fatal("terraform 1.11 is needed on PATH (make test checks it)")
	}
	bin, err := os.ReadFile(real)
	if err != nil {
		t.Fatal(err)
	}
	srv := releases.Start(t)
	srv.Add(t, "1.10.5", "linux_amd64", releases.FakeTerraform("1.10.5"))
	srv.Add(t, "1.11.4", "linux_amd64", bin)
	srv.Add(t, "1.12.0", "linux_amd64", releases.FakeTerraform("1.12.0"))
	srv.BadSignature("1.12.0")

	r := dockerrun.NewRunner(t, image)
	dir := checkout(t, r, filepath.Join("..", "..", "..", "examples", "local"), "terraform")
	main := filepath.Join(dir, "main.tf")
	b, _ := os.ReadFile(main)
	os.WriteFile(main, []byte(strings.Replace(string(b), `required_version = ">= 1.5"`, `required_version = "~> 1.11.0"`, 1)), 0o644)
	srv.WriteKey(t, r.Home)
	r.Chown(t, r.Workspace)
	r.Chown(t, r.Home)
	env, mount := provider(t)
	env["TF_VAR_api_key"] = canary
	env["OLYMPUS_TERRAFORM_BUNDLE"] = "" // no default terraform in this job
	env["OLYMPUS_TERRAFORM_RELEASES"] = srv.URL
	env["OLYMPUS_TERRAFORM_RELEASES_KEY"] = "/github/home/releases.asc"

	gh := fakegithub.New(t, harness.Token)
	deploy := r.Run(t, dockerrun.Step{Name: "deploy", GitHub: gh, Env: env, Mounts: []string{mount},
		Inputs: map[string]string{"environment": "dev", "working-directory": "terraform", "github-token": harness.Token}}, 10*time.Minute)
	if deploy.ExitCode != 0 {
		failed(t, "deploy", deploy)
	}
	if deploy.Outputs["outcome"] != "applied" {
		t.Errorf("outputs %v", deploy.Outputs)
	}
	if log := deploy.Stdout + deploy.Stderr; !strings.Contains(log, `msg="terraform found" version=1.11.4`) || !strings.Contains(log, "installed 1.11.4 for terraform ~> 1.11.0 (required_version in main.tf)") {
		t.Errorf("did not run the installed terraform 1.11.4:\n%s", log)
	}
	cached := filepath.Join(r.Home, ".cache", "olympus", "terraform", "1.11.4", "linux_amd64", "terraform")
	if _, err := os.Stat(cached); err != nil {
		t.Errorf("terraform is not in the cache under /github/home: %v", err)
	}
	if srv.Downloads() != 1 {
		t.Errorf("%d downloads, want 1", srv.Downloads())
	}
	assertClean(t, r)

	// The next step of the job finds it in the cache.
	plan := r.Run(t, dockerrun.Step{Name: "plan-comment", Env: env, Mounts: []string{mount},
		Inputs: map[string]string{"environments": "dev", "working-directory": "terraform", "comment": "off"}}, 10*time.Minute)
	if plan.ExitCode != 0 {
		failed(t, "plan-comment", plan)
	}
	if srv.Downloads() != 1 || !strings.Contains(plan.Stdout+plan.Stderr, "cached 1.11.4") {
		t.Errorf("the second step downloaded terraform again (%d downloads):\n%s%s", srv.Downloads(), plan.Stdout, plan.Stderr)
	}

	// A release whose SHA256SUMS signature does not verify: exit 3, and it
	// never lands in the cache, so it never runs.
	bad := r.Run(t, dockerrun.Step{Name: "plan-comment", Env: env, Mounts: []string{mount},
		Inputs: map[string]string{"environments": "dev", "working-directory": "terraform", "comment": "off", "terraform-version": "1.12.0"}}, 5*time.Minute)
	if bad.ExitCode != 3 || !strings.Contains(bad.Stdout, "signature") {
		t.Errorf("bad signature: exit %d\n%s\n%s", bad.ExitCode, bad.Stdout, bad.Stderr)
	}
	if _, err := os.Stat(filepath.Join(r.Home, ".cache", "olympus", "terraform", "1.12.0")); err == nil {
		t.Errorf("the refused release is in the cache")
	}

	// A constraint no release meets: bad input, exit 2, nothing run.
	none := r.Run(t, dockerrun.Step{Name: "validate", Env: env, Mounts: []string{mount}, Network: "host",
		Inputs: map[string]string{"working-directory": "terraform", "terraform-version": "~> 9.0"}}, 5*time.Minute)
	if none.ExitCode != 2 || !strings.Contains(none.Stdout, "no release satisfies") {
		t.Errorf("unsatisfiable: exit %d\n%s\n%s", none.ExitCode, none.Stdout, none.Stderr)
	}
	assertClean(t, r)
}
