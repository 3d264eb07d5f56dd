package workflowtest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/steps/plancomment"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/act"
)

// TestMonorepoFanOut runs the pull request path of
// deploy-infrastructure.yml on a repository of three root modules under
// terraform/ (app-a and app-b call modules/shared, app-c calls nothing):
// a pull request that changes only the shared module plans exactly its
// callers, each environment in a job of the matrix, each root module in
// one comment with a section per environment; app-c is neither planned
// nor commented on.
func TestMonorepoFanOut(t *testing.T) {
	requireEngine(t)
	b := newBed(t)
	base, head := b.monorepo(t)
	res := b.run(t, act.Event{Name: "pull_request", Payload: map[string]any{
		"action": "synchronize", "number": 9, "repository": repository,
		"pull_request": map[string]any{"number": 9, "labels": []any{},
			"head": map[string]any{"ref": "feature", "sha": head}, "base": map[string]any{"ref": "main", "sha": base}},
	}})
	if res.ExitCode != 0 || res.JobResult("targets") != "success" || res.JobResult("plan-pull-request") != "success" {
		t.Fatalf("exit %d, targets %q, plans %q\n%s", res.ExitCode, res.JobResult("targets"), res.JobResult("plan-pull-request"), res.Raw)
	}
	comments := b.gh.Comments(9)
	var dirs []string
	for _, c := range comments {
		for _, dir := range []string{"terraform/app-a", "terraform/app-b", "terraform/app-c"} {
			if !strings.HasPrefix(c.Body, plancomment.Marker(dir)) {
				continue
			}
			dirs = append(dirs, dir)
			var envs []string
			for env, section := range plancomment.ParseSections(c.Body) {
				envs = append(envs, env)
				if !strings.Contains(section, "localcloud_service.api") {
					t.Errorf("%s: the %s section does not show the plan:\n%s", dir, env, section)
				}
			}
			sort.Strings(envs)
			if !slices.Equal(envs, []string{"dev", "staging"}) {
				t.Errorf("%s: sections %v, want dev and staging:\n%s", dir, envs, c.Body)
			}
		}
	}
	sort.Strings(dirs)
	if len(comments) != 2 || !slices.Equal(dirs, []string{"terraform/app-a", "terraform/app-b"}) {
		t.Errorf("comments for %v (%d in all), want one for each caller of the shared module: app-a and app-b", dirs, len(comments))
	}
	if got := b.auths(t); len(got) != 4 || !allAre(got, "plan-pull-request", "PLAN") {
		t.Errorf("identities asked for: %q, want the plan identity for 2 modules × 2 environments", got)
	}
}

// monorepo makes terraform/ three root modules on main (the base), then
// a feature branch that changes the module two of them call (the head),
// checked out as act's commit.
func (b *bed) monorepo(t *testing.T) (base, head string) {
	t.Helper()
	tf := filepath.Join(b.repo, "terraform")
	mainTF := read(t, filepath.Join(tf, "main.tf"))
	entries, err := os.ReadDir(tf)
	if err != nil {
		t.Fatal(err)
	}
	// The .tf files and environments move into the root modules; the
	// rest (.tflint.hcl, migrations/) stays where validate reads it.
	files := map[string][]byte{}
	for _, e := range entries {
		switch {
		case !e.IsDir() && strings.HasSuffix(e.Name(), ".tf"):
			files[e.Name()] = []byte(read(t, filepath.Join(tf, e.Name())))
		case e.Name() == "environments":
		default:
			continue
		}
		if err := os.RemoveAll(filepath.Join(tf, e.Name())); err != nil {
			t.Fatal(err)
		}
	}
	for _, app := range []string{"app-a", "app-b", "app-c"} {
		dir := filepath.Join(tf, app)
		for name, data := range files {
			write(t, filepath.Join(dir, name), data, 0o644)
		}
		// Each its own cloud and state, so their names never meet.
		write(t, filepath.Join(dir, "main.tf"), []byte(strings.Replace(mainTF, "/cloud/${var.environment}", "/cloud/"+app+"-${var.environment}", 1)), 0o644)
		if app != "app-c" {
			write(t, filepath.Join(dir, "shared.tf"), []byte("module \"shared\" {\n  source = \"../modules/shared\"\n}\n"), 0o644)
		}
		for _, env := range []string{"dev", "staging", "prod"} {
			write(t, filepath.Join(dir, "environments", env, "backend.tfbackend"),
				[]byte(fmt.Sprintf("path = %q\n", filepath.Join(b.root, "state", app+"-"+env+".tfstate"))), 0o644)
			write(t, filepath.Join(dir, "environments", env, "terraform.tfvars"), []byte(read(t, filepath.Join(root, "examples", "local", "environments", env, "terraform.tfvars"))), 0o644)
		}
	}
	shared := filepath.Join(tf, "modules", "shared", "main.tf")
	write(t, shared, []byte("terraform {\n  required_version = \">= 1.5\"\n}\n\noutput \"greeting\" {\n  value = \"hello\"\n}\n"), 0o644)
	git := func(args ...string) string {
		cmd := exec.Command("git", append([]string{"-C", b.repo, "-c", "user.name=Olympus Test", "-c", "user.email=test@olympus.invalid", "-c", "commit.gpgsign=false"}, args...)...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	git("add", "-A")
	git("commit", "-q", "-m", "three root modules, two calling a shared one")
	base = git("rev-parse", "HEAD")
	git("checkout", "-q", "-b", "feature")
	write(t, shared, []byte("terraform {\n  required_version = \">= 1.5\"\n}\n\noutput \"greeting\" {\n  value = \"hello, world\"\n}\n"), 0o644)
	git("commit", "-q", "-am", "the shared module says more")
	head = git("rev-parse", "HEAD")
	b.sha = head
	return base, head
}
