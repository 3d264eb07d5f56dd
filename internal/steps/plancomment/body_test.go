package plancomment

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
)

// bigPlan has n updates of google_storage_bucket, each with changed
// attributes, and one protected destroy.
func bigPlan(n int) *tfjson.Plan {
	p := &tfjson.Plan{FormatVersion: "1.2"}
	for i := range n {
		p.ResourceChanges = append(p.ResourceChanges, &tfjson.ResourceChange{
			Address: fmt.Sprintf("google_storage_bucket.b[%d]", i), Type: "google_storage_bucket", Mode: tfjson.ManagedResourceMode,
			Change: &tfjson.Change{Actions: tfjson.Actions{tfjson.ActionUpdate},
				Before: map[string]any{"labels": map[string]any{"team": "a"}, "location": "EU"},
				After:  map[string]any{"labels": map[string]any{"team": "b"}, "location": "EU"}},
		})
	}
	p.ResourceChanges = append(p.ResourceChanges, &tfjson.ResourceChange{
		Address: "google_sql_database_instance.main", Type: "google_sql_database_instance", Mode: tfjson.ManagedResourceMode,
		Change: &tfjson.Change{Actions: tfjson.Actions{tfjson.ActionDelete}, Before: map[string]any{"name": "main"}},
	})
	return p
}

func TestMergeShortensToFitAndKeepsHeadlinesAndWarnings(t *testing.T) {
	for _, n := range []int{10, 2000, 50000} {
		e := &EnvPlan{Environment: "prod", Plan: bigPlan(n), Protected: protectedTypes(), PlanFile: "/tmp/prod.tfplan"}
		other := "### `dev`: No changes.\n"
		existing := Merge("terraform", "", []*EnvPlan{{Environment: "dev", Plan: &tfjson.Plan{FormatVersion: "1.2"}}}, CommentLimit)
		body := Merge("terraform", existing, []*EnvPlan{e}, CommentLimit)
		if len(body) > CommentLimit {
			t.Fatalf("%d resources: %d bytes", n, len(body))
		}
		sections := ParseSections(body)
		if !strings.HasPrefix(sections["dev"], other) {
			t.Errorf("%d resources: the dev section was lost:\n%s", n, sections["dev"])
		}
		prod := sections["prod"]
		if !strings.Contains(prod, fmt.Sprintf("### `prod`: 0 to add, %d to change, 1 to destroy.", n)) || !strings.Contains(prod, "delete `google_sql_database_instance.main`") {
			t.Errorf("%d resources: the headline or the protected warning is missing:\n%.400s", n, prod)
		}
		shortened := strings.Contains(prod, "Shortened to fit")
		if shortened != (n > 10) {
			t.Errorf("%d resources: shortened = %v", n, shortened)
		}
		if shortened && !strings.Contains(prod, "`/tmp/prod.tfplan`") {
			t.Errorf("%d resources: does not say where the full plan is", n)
		}
	}
}

func TestMergeCutsAnotherJobsOversizedSection(t *testing.T) {
	huge := openTag("dev") + strings.Repeat("- a line of an old, very long dev section\n", 3000) + closeTag("dev")
	e := &EnvPlan{Environment: "staging", Plan: bigPlan(3), Protected: protectedTypes()}
	body := Merge("terraform", header("terraform")+huge, []*EnvPlan{e}, CommentLimit)
	if len(body) > CommentLimit || !strings.Contains(body, "### `staging`") || !strings.Contains(body, "- a line of an old") {
		t.Fatalf("%d bytes:\n%.300s", len(body), body)
	}
}

func TestSectionsCannotForgeMarkers(t *testing.T) {
	p := bigPlan(1)
	p.ResourceChanges[0].Change.After = map[string]any{"location": "<!-- olympus:end dev -->\n<!-- olympus:env prod -->"}
	body := Merge("terraform", "", []*EnvPlan{{Environment: "dev", Plan: p}}, CommentLimit)
	if got := ParseSections(body); len(got) != 1 || got["dev"] == "" {
		t.Fatalf("sections %v", got)
	}
}

// fakeComments is a pull request's comments in memory; onWrite runs after
// each write, to act as another job.
type fakeComments struct {
	comments []Comment
	next     int64
	onWrite  func(f *fakeComments)
	calls    []string
}

func (f *fakeComments) List(context.Context) ([]Comment, error) {
	f.calls = append(f.calls, "list")
	return append([]Comment(nil), f.comments...), nil
}
func (f *fakeComments) Get(_ context.Context, id int64) (Comment, error) {
	f.calls = append(f.calls, "get")
	for _, c := range f.comments {
		if c.ID == id {
			return c, nil
		}
	}
	return Comment{}, fmt.Errorf("no comment %d", id)
}
func (f *fakeComments) Create(_ context.Context, body string) (Comment, error) {
	f.calls = append(f.calls, "create")
	f.next++
	c := Comment{ID: f.next, Body: body, Author: ourBot}
	f.comments = append(f.comments, c)
	f.written()
	return c, nil
}
func (f *fakeComments) Edit(_ context.Context, id int64, body string) (Comment, error) {
	f.calls = append(f.calls, "edit")
	for i := range f.comments {
		if f.comments[i].ID == id {
			f.comments[i].Body = body
			c := f.comments[i]
			f.written()
			return c, nil
		}
	}
	return Comment{}, fmt.Errorf("no comment %d", id)
}
func (f *fakeComments) Delete(_ context.Context, id int64) error {
	f.calls = append(f.calls, "delete")
	for i := range f.comments {
		if f.comments[i].ID == id {
			f.comments = append(f.comments[:i], f.comments[i+1:]...)
			return nil
		}
	}
	return nil
}
func (f *fakeComments) written() {
	if f.onWrite != nil {
		hook := f.onWrite
		f.onWrite = nil
		hook(f)
	}
}

func envPlan(env string, adds int) *EnvPlan {
	p := &tfjson.Plan{FormatVersion: "1.2"}
	for i := range adds {
		p.ResourceChanges = append(p.ResourceChanges, &tfjson.ResourceChange{Address: fmt.Sprintf("x.y[%d]", i), Type: "x", Mode: tfjson.ManagedResourceMode,
			Change: &tfjson.Change{Actions: tfjson.Actions{tfjson.ActionCreate}}})
	}
	return &EnvPlan{Environment: env, Plan: p}
}

func TestUpsertRewritesWhenAnotherJobOverwroteItsSection(t *testing.T) {
	f := &fakeComments{}
	// Another job read the comment before our write and writes back its
	// own section with the old body: ours is lost.
	f.onWrite = func(f *fakeComments) {
		f.comments[0].Body = Merge("terraform", "", []*EnvPlan{envPlan("staging", 2)}, CommentLimit)
	}
	u := &Upserter{Comments: f, Dir: "terraform", Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Attempts: 3, Owner: ourBot}
	if _, err := u.Upsert(context.Background(), []*EnvPlan{envPlan("dev", 1)}, "update"); err != nil {
		t.Fatal(err)
	}
	if len(f.comments) != 1 {
		t.Fatalf("%d comments", len(f.comments))
	}
	got := ParseSections(f.comments[0].Body)
	if !strings.Contains(got["dev"], "1 to add") || !strings.Contains(got["staging"], "2 to add") {
		t.Errorf("sections after the conflict: %v", got)
	}
}

func TestUpsertKeepsTheOlderOfTwoNewComments(t *testing.T) {
	f := &fakeComments{}
	// Another job created its comment just before ours.
	f.comments = nil
	f.onWrite = func(f *fakeComments) {
		other := Comment{ID: 0, Body: Merge("terraform", "", []*EnvPlan{envPlan("staging", 2)}, CommentLimit), Author: ourBot}
		f.comments = append([]Comment{other}, f.comments...)
	}
	u := &Upserter{Comments: f, Dir: "terraform", Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Attempts: 3, Owner: ourBot}
	if _, err := u.Upsert(context.Background(), []*EnvPlan{envPlan("dev", 1)}, "update"); err != nil {
		t.Fatal(err)
	}
	if len(f.comments) != 1 || f.comments[0].ID != 0 {
		t.Fatalf("comments %+v", f.comments)
	}
	got := ParseSections(f.comments[0].Body)
	if got["dev"] == "" || got["staging"] == "" {
		t.Errorf("sections %v", got)
	}
}

const ourBot = "github-actions[bot]"

// Anyone can post a comment carrying our marker; only ours is ours.
func TestUpsertNeverTouchesAForgedComment(t *testing.T) {
	forged := Merge("terraform", "", []*EnvPlan{envPlan("prod", 0)}, CommentLimit) + "approve me"
	f := &fakeComments{comments: []Comment{{ID: 1, Body: forged, Author: "mallory"}}, next: 1}
	u := &Upserter{Comments: f, Dir: "terraform", Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Attempts: 3, Owner: ourBot}
	c, err := u.Upsert(context.Background(), []*EnvPlan{envPlan("dev", 1)}, "update")
	if err != nil {
		t.Fatal(err)
	}
	if c.ID == 1 || len(f.comments) != 2 || f.comments[0].Body != forged {
		t.Fatalf("the forged comment was used or changed: %+v", f.comments)
	}
	if got := ParseSections(c.Body); got["prod"] != "" || got["dev"] == "" {
		t.Errorf("our comment took the forged section: %v", got)
	}
}
