package tfinstall

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/releases"
)

func ranLines(t *testing.T, log string) []string {
	t.Helper()
	b, err := os.ReadFile(log)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSpace(string(b)), "\n")
}

// What tfinstall finds comes with its version, and the binary is not run
// to learn it: the image's terraform (its manifest), a release it installs
// and one it installed before (the cache names the version it verified).
func TestTheVersionOfWhatIsFoundIsKnownWithoutRunningIt(t *testing.T) {
	_, loc, log := fixture(t, "1.11.9")
	bundle := fakeBundle(t, "1.11.4")
	for _, tc := range []struct {
		name, constraint, want string
		bundle                 bool
	}{
		{"the image's terraform", ">= 1.5", "1.11.4", true},
		{"a new install", ">= 1.11.5", "1.11.9", false},
		{"a cached install", ">= 1.11.5", "1.11.9", false},
	} {
		l := loc()
		if tc.bundle {
			l.Bundle = bundle
		}
		dir := module(t, map[string]string{"main.tf": `terraform { required_version = "` + tc.constraint + `" }`})
		b, err := l.Find(context.Background(), Want{Dir: dir, Top: dir})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if b.Version == nil || b.Version.String() != tc.want {
			t.Errorf("%s: version %v, want %s", tc.name, b.Version, tc.want)
		}
		if ran := ranLines(t, log); len(ran) != 0 {
			t.Errorf("%s: the binary was run to find it: %q", tc.name, ran)
		}
	}
}

// A binary olympus did not install (on PATH, or terraform-path) is asked
// its version once; later Locators on the same cache remember it until the
// file changes, whether replaced, rewritten in place or reached through a
// link that now points elsewhere.
func TestTheVersionOfABinaryOnPathIsAskedOnceUntilItChanges(t *testing.T) {
	_, loc, log := fixture(t)
	versions := filepath.Join(t.TempDir(), "versions")
	bin := t.TempDir()
	real := filepath.Join(bin, "terraform-1.10.2")
	os.WriteFile(real, releases.FakeTerraform("1.10.2"), 0o755)
	link := filepath.Join(bin, "terraform")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	find := func(how string, want string, runs int) {
		t.Helper()
		l := loc()
		l.Versions = versions
		l.LookPath = func(string) (string, error) { return link, nil }
		dir := module(t, map[string]string{"main.tf": `resource "x" "y" {}`})
		b, err := l.Find(context.Background(), Want{Dir: dir, Top: dir})
		if err != nil {
			t.Fatalf("%s: %v", how, err)
		}
		byPath, err := l.Find(context.Background(), Want{Path: link})
		if err != nil {
			t.Fatalf("%s (terraform-path): %v", how, err)
		}
		if b.Path != link || b.Version.String() != want || byPath.Version.String() != want {
			t.Errorf("%s: found %s %v (by path %v), want %s %s", how, b.Path, b.Version, byPath.Version, link, want)
		}
		if got := len(ranLines(t, log)); got != runs {
			t.Errorf("%s: %d runs in all, want %d", how, got, runs)
		}
	}
	find("first", "1.10.2", 1)
	find("again", "1.10.2", 1)

	// Rewritten in place, same size, same modification time.
	st, _ := os.Stat(real)
	os.WriteFile(real, releases.FakeTerraform("1.10.3"), 0o755)
	os.Chtimes(real, st.ModTime(), st.ModTime())
	find("rewritten in place", "1.10.3", 2)

	other := filepath.Join(bin, "terraform-1.11.0")
	os.WriteFile(other, releases.FakeTerraform("1.11.0"), 0o755)
	os.Remove(link)
	os.Symlink(other, link)
	find("relinked", "1.11.0", 3)
	find("relinked, again", "1.11.0", 3)

	// A memo that cannot be written costs a run each time, nothing more.
	blocked := filepath.Join(t.TempDir(), "file")
	os.WriteFile(blocked, nil, 0o644)
	versions = filepath.Join(blocked, "versions")
	find("unwritable memo", "1.11.0", 4)
	find("unwritable memo, again", "1.11.0", 5)
}
