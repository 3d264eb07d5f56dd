package release

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// verifiedDeliveryProblems checks issue 23's loop in the pipeline, as
// GitHub runs it: the pull request's plan-comment plans the working
// directory deploy-dev applies (so deploy finds its record in that
// comment), deploy-dev applies without a plan-file (so it compares its
// plan with the record) and may read pull requests, and it runs checks
// after the apply that roll traffic back when they fail, with a check
// command that exists both in the repository's root module and in the
// example the act test bed puts in its place.
func verifiedDeliveryProblems(src []byte, exists func(string) bool) []string {
	var w struct {
		Jobs map[string]struct {
			Permissions map[string]string `yaml:"permissions"`
			Steps       []pStep           `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal(src, &w); err != nil {
		return []string{"not YAML: " + err.Error()}
	}
	var out []string
	find := func(job, step string) (pStep, bool) {
		for _, s := range w.Jobs[job].Steps {
			if n, _ := s.ours(); n == step {
				return s, true
			}
		}
		out = append(out, job+": runs no "+step)
		return pStep{}, false
	}
	plan, okPlan := find("plan-pull-request", "plan-comment")
	dev, okDev := find("deploy-dev", "deploy")
	if !okPlan || !okDev {
		return out
	}
	planned := plan.With["working-directory"]
	if strings.Contains(planned, "matrix.working-directory") {
		// The fan-out: the matrix's working directories are the root
		// modules the targets job finds under its working-directory, one
		// comment each; deploy-dev's must be one of them.
		t, ok := find("targets", "targets")
		if !ok {
			return out
		}
		if root := t.With["working-directory"]; dev.With["working-directory"] == root || strings.HasPrefix(dev.With["working-directory"], root+"/") {
			planned = dev.With["working-directory"]
		}
	}
	if planned != dev.With["working-directory"] {
		out = append(out, "deploy-dev: working-directory "+dev.With["working-directory"]+" is not the one plan-comment records ("+plan.With["working-directory"]+"): no reviewed plan would be found")
	}
	if dev.With["plan-file"] != "" {
		out = append(out, "deploy-dev: a plan-file skips plan parity")
	}
	if p := w.Jobs["deploy-dev"].Permissions["pull-requests"]; p != "read" && p != "write" {
		out = append(out, "deploy-dev: no pull-requests: read, so the merged pull request's record cannot be read")
	}
	if dev.With["on-verify-failure"] != "rollback" {
		out = append(out, "deploy-dev: a failed check does not roll traffic back (on-verify-failure: rollback)")
	}
	if w.Jobs["deploy-dev"].Permissions["issues"] != "write" {
		out = append(out, "deploy-dev: no issues: write for the incident record of a rollback")
	}
	verify := strings.TrimSpace(dev.With["verify"])
	if verify == "" {
		out = append(out, "deploy-dev: no checks after the apply (verify)")
	}
	if strings.Contains(verify, "${{") {
		// The checks are the repository's (a variable): the act test bed
		// sets them to the example's check script.
		if !exists(filepath.Join("examples", "local", "checks", "api-ready.sh")) {
			out = append(out, "deploy-dev: the example has no check script for the test bed")
		}
		return out
	}
	// Literal checks, as deploy reads them (internal/adapters/verify,
	// which this package may not import): a list of url:, output: or run:.
	var checks []struct{ URL, Output, Run string }
	if err := yaml.Unmarshal([]byte(verify), &checks); err != nil || len(checks) == 0 {
		out = append(out, fmt.Sprintf("deploy-dev: verify is not a YAML list of checks (%v)", err))
	}
	for _, c := range checks {
		if c.Run == "" {
			continue
		}
		fields := strings.Fields(c.Run)
		script := fields[0]
		if (script == "bash" || script == "sh") && len(fields) > 1 {
			script = fields[1]
		}
		for _, dir := range []string{dev.With["working-directory"], filepath.Join("examples", "local")} {
			if !exists(filepath.Join(dir, script)) {
				out = append(out, "deploy-dev: check "+script+" is not in "+dir)
			}
		}
	}
	return out
}

func TestPipelineDeliversVerified(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(root, ".github", "workflows", "deploy-infrastructure.yml"))
	if err != nil {
		t.Fatal(err)
	}
	exists := func(p string) bool {
		fi, err := os.Stat(filepath.Join(root, p))
		return err == nil && fi.Mode().IsRegular()
	}
	for _, p := range verifiedDeliveryProblems(src, exists) {
		t.Error(p)
	}
	// Each rule can fail.
	for _, tc := range []struct{ from, to, want string }{
		{"on-verify-failure: rollback", "on-verify-failure: none", "does not roll traffic back"},
		{"          environment: dev\n          working-directory: terraform\n          # The checks", "          environment: dev\n          working-directory: elsewhere\n          # The checks", "is not the one plan-comment records"},
		{"      pull-requests: read\n", "", "no pull-requests: read"},
		{"verify: ${{ vars.DEV_VERIFY }}", "verify: ''", "no checks after the apply"},
		{"verify: ${{ vars.DEV_VERIFY }}", "verify: '- run: sh checks/nope.sh dev'", "check checks/nope.sh is not in terraform"},
	} {
		broken := strings.Replace(string(src), tc.from, tc.to, 1)
		if broken == string(src) {
			t.Fatalf("%q is not in the workflow", tc.from)
		}
		got := strings.Join(verifiedDeliveryProblems([]byte(broken), exists), "\n")
		if !strings.Contains(got, tc.want) {
			t.Errorf("with %q: problems %q, want %q", tc.to, got, tc.want)
		}
	}
}
