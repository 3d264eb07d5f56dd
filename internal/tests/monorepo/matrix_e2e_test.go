package monorepo_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/olympus-cloud/deploy-actions/internal/steps/plancomment"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/fakegithub"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/harness"
)

// TestPlanCommentFromTenParallelMatrixJobs is the fan-out's comment: ten
// jobs of one matrix (three root modules, each environment a job) write
// at once, and each working directory ends with one comment holding a
// section for every environment. GitHub has no conditional update of a
// comment: each job re-reads before writing, checks after a settle time
// that its section stayed, and writes again (merged) when another job's
// write replaced it; two jobs that create the comment at once keep the
// oldest. The fake GitHub answers slowly, so that the jobs interleave.
func TestPlanCommentFromTenParallelMatrixJobs(t *testing.T) {
	ws := t.TempDir()
	plan, err := os.ReadFile(filepath.Join("..", "..", "domain", "policy", "testdata", "terraform-json", "basic__plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	jobs := map[string][]string{
		"services/api":     {"dev", "qa", "staging", "prod"},
		"services/billing": {"dev", "staging", "prod"},
		"network":          {"dev", "staging", "prod"},
	}
	files := map[string]string{}
	for dir, envs := range jobs {
		for _, env := range envs {
			files[dir+"/plans/"+env+".json"] = string(plan)
		}
	}
	write(t, ws, files)

	gh := fakegithub.New(t, harness.Token)
	gh.SetDelay(20 * time.Millisecond)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var failed []string
	n := 0
	for dir, envs := range jobs {
		for _, env := range envs {
			n++
			r := harness.Run{Step: "plan-comment", Dir: ws, GitHub: gh, Event: harness.PullRequest(7),
				Inputs: map[string]string{"working-directory": dir, "environments": env, "promotion-order": "dev,qa,staging,prod",
					"plan-json": filepath.Join(dir, "plans", env+".json")},
				Env: map[string]string{"OLYMPUS_TEST_TIMING": "300ms"}}
			wg.Add(1)
			go func() {
				defer wg.Done()
				res := harness.Start(t, r).Wait(t, 3*time.Minute)
				if res.ExitCode != 0 {
					mu.Lock()
					failed = append(failed, fmt.Sprintf("%s %s: exit %d\n%s", dir, env, res.ExitCode, res.Stdout+res.Stderr))
					mu.Unlock()
				}
			}()
		}
	}
	if n != 10 {
		t.Fatalf("%d jobs, want 10", n)
	}
	wg.Wait()
	if len(failed) > 0 {
		t.Fatalf("jobs failed:\n%s", strings.Join(failed, "\n"))
	}

	byDir := map[string][]fakegithub.Comment{}
	for _, c := range gh.Comments(7) {
		for dir := range jobs {
			if strings.HasPrefix(c.Body, plancomment.Marker(dir)) {
				byDir[dir] = append(byDir[dir], c)
			}
		}
	}
	if got := len(gh.Comments(7)); got != len(jobs) {
		t.Errorf("%d comments on the pull request, want one per working directory (%d)", got, len(jobs))
	}
	for dir, envs := range jobs {
		cs := byDir[dir]
		if len(cs) != 1 {
			t.Errorf("%s: %d comments, want 1", dir, len(cs))
			continue
		}
		sections := plancomment.ParseSections(cs[0].Body)
		var got []string
		for env, s := range sections {
			got = append(got, env)
			if !strings.Contains(s, "### `"+env+"`: 7 to add") {
				t.Errorf("%s: the %s section does not hold its plan:\n%s", dir, env, s)
			}
		}
		sort.Strings(got)
		want := slices.Clone(envs)
		sort.Strings(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s: sections %v, want %v:\n%s", dir, got, want, cs[0].Body)
		}
	}
}
