package migrations_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/domain/migrations"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/gitrepo"
)

// repo has two old migrations on main, then a branch that changes one,
// adds one (committed) and one (not yet committed), while main moves on.
func repo(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	gitrepo.Git(t, dir, "init", "-q", "-b", "main")
	gitrepo.Write(t, dir, "migrations/0001_init.sql", "CREATE TABLE users (id int);\n")
	gitrepo.Write(t, dir, "migrations/0002_old_contract.sql", "ALTER TABLE users DROP COLUMN legacy;\n")
	gitrepo.Write(t, dir, "docs/readme.sql", "DROP TABLE x;\n")
	gitrepo.Git(t, dir, "add", ".")
	gitrepo.Git(t, dir, "commit", "-q", "-m", "old")
	gitrepo.Git(t, dir, "checkout", "-q", "-b", "feature")
	gitrepo.Write(t, dir, "migrations/0001_init.sql", "CREATE TABLE users (id int, name text);\n")
	gitrepo.Write(t, dir, "migrations/sub/0003_new.sql", "ALTER TABLE users DROP COLUMN name;\n")
	gitrepo.Git(t, dir, "add", ".")
	gitrepo.Git(t, dir, "commit", "-q", "-m", "feature")
	gitrepo.Write(t, dir, "migrations/0004_wip.sql", "SELECT 1;\n")
	gitrepo.Git(t, dir, "checkout", "-q", "main")
	gitrepo.Write(t, dir, "migrations/0005_main_only.sql", "SELECT 1;\n")
	gitrepo.Git(t, dir, "add", ".")
	gitrepo.Git(t, dir, "commit", "-q", "-m", "main moves on")
	gitrepo.Git(t, dir, "checkout", "-q", "feature")
	gitrepo.Write(t, dir, "migrations/0004_wip.sql", "SELECT 1;\n")
	return dir
}

func selectIn(t *testing.T, dir, glob, base string) (migrations.Selection, error) {
	t.Helper()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	return migrations.Select(context.Background(), root, glob, base, migrations.ExecGit{Getenv: os.Getenv})
}

func TestSelectOnlyWhatChangedSinceTheBase(t *testing.T) {
	dir := repo(t)
	sel, err := selectIn(t, dir, "migrations/**/*.sql", "main")
	if err != nil {
		t.Fatal(err)
	}
	// Not 0002 (old), not 0005 (main's own, after the branch point).
	want := []string{"migrations/0001_init.sql", "migrations/0004_wip.sql", "migrations/sub/0003_new.sql"}
	if !slices.Equal(sel.Files, want) || sel.All || sel.Matched != 4 || len(sel.Since) != 40 {
		t.Errorf("selection %+v, want files %v", sel, want)
	}

	all, err := selectIn(t, dir, "migrations/**/*.sql", "")
	if err != nil || !all.All || len(all.Files) != 4 || all.Why == "" {
		t.Errorf("no base: %+v, %v", all, err)
	}
}

func TestSelectWithoutHistoryJudgesEveryFile(t *testing.T) {
	dir := repo(t)
	shallow := filepath.Join(t.TempDir(), "shallow")
	gitrepo.Git(t, dir, "clone", "-q", "--depth", "1", "--branch", "feature", "file://"+dir, shallow)
	sel, err := selectIn(t, shallow, "migrations/**/*.sql", "main")
	if err != nil || !sel.All || !strings.Contains(sel.Why, "fetch-depth: 0") || len(sel.Files) != 3 {
		t.Errorf("shallow clone: %+v, %v", sel, err)
	}

	plain := t.TempDir()
	gitrepo.Write(t, plain, "migrations/0001.sql", "SELECT 1;")
	sel, err = selectIn(t, plain, "migrations/*.sql", "main")
	if err != nil || !sel.All || sel.Why != "not a git work tree" || len(sel.Files) != 1 {
		t.Errorf("no repository: %+v, %v", sel, err)
	}
}

func TestSelectRefusesAnUnknownBase(t *testing.T) {
	_, err := selectIn(t, repo(t), "migrations/**/*.sql", "mian")
	var unknown *migrations.UnknownBaseError
	if !errors.As(err, &unknown) {
		t.Errorf("err = %v, want an unknown base", err)
	}
}

func TestSelectRefusesASymlinkOutside(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	gitrepo.Write(t, outside, "secret.sql", "DROP TABLE x;")
	gitrepo.Write(t, dir, "migrations/0001.sql", "SELECT 1;")
	if err := os.Symlink(filepath.Join(outside, "secret.sql"), filepath.Join(dir, "migrations", "0002.sql")); err != nil {
		t.Fatal(err)
	}
	root, _ := os.OpenRoot(dir)
	defer root.Close()
	sel, err := migrations.Select(context.Background(), root, "migrations/*.sql", "", nil)
	if err == nil {
		// The glob may list the link; reading it must fail.
		for _, f := range sel.Files {
			if _, rerr := migrations.ReadFile(root, f); f == "migrations/0002.sql" && rerr == nil {
				t.Errorf("a file outside the workspace was read through %s", f)
			}
		}
	}
}

// In a Docker action the workspace belongs to the runner's user, not to
// the container's root, and git refuses such a repository by default.
func TestSelectInAWorkspaceOwnedByAnotherUser(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to give the repository to another user")
	}
	dir := repo(t)
	if err := exec.Command("chown", "-R", "1001:1001", dir).Run(); err != nil {
		t.Skipf("chown: %v", err)
	}
	sel, err := selectIn(t, dir, "migrations/**/*.sql", "main")
	if err != nil || sel.All || len(sel.Files) != 3 {
		t.Errorf("selection %+v, %v", sel, err)
	}
}

// A migration that is a symbolic link changes when the file it leads to
// does: git reports the target, and the link is judged.
func TestSelectFollowsSymbolicLinksToChangedFiles(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	gitrepo.Git(t, dir, "init", "-q", "-b", "main")
	gitrepo.Write(t, dir, "sql/0001.sql", "SELECT 1;\n")
	gitrepo.Write(t, dir, "shared/0002.sql", "SELECT 1;\n")
	gitrepo.Write(t, dir, "migrations/0003.sql", "SELECT 1;\n")
	if err := os.Symlink("../sql/0001.sql", filepath.Join(dir, "migrations", "0001.sql")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../shared", filepath.Join(dir, "migrations", "shared")); err != nil {
		t.Fatal(err)
	}
	gitrepo.Git(t, dir, "add", ".")
	gitrepo.Git(t, dir, "commit", "-q", "-m", "old")
	gitrepo.Git(t, dir, "checkout", "-q", "-b", "feature")
	gitrepo.Write(t, dir, "sql/0001.sql", "DROP TABLE users;\n")
	gitrepo.Write(t, dir, "shared/0002.sql", "DROP TABLE orders;\n")
	gitrepo.Git(t, dir, "commit", "-q", "-am", "feature")
	sel, err := selectIn(t, dir, "migrations/**/*.sql", "main")
	want := []string{"migrations/0001.sql", "migrations/shared/0002.sql"}
	if err != nil || !slices.Equal(sel.Files, want) {
		t.Errorf("selection %+v, %v; want files %v", sel, err, want)
	}
}
