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

// elfTerraform copies this test binary (see TestMain) to dir/name.
func elfTerraform(t *testing.T, dir, name string) string {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b, 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

// finder finds terraform through link on PATH and by terraform-path with
// fresh Locators that share a memo, checking the version found and how
// many times a binary was run in all.
func finder(t *testing.T, link string, versions *string) func(how, want string, runs int) {
	_, loc, log := fixture(t)
	return func(how, want string, runs int) {
		t.Helper()
		l := loc()
		l.Versions = *versions
		l.LookPath = func(string) (string, error) { return link, nil }
		dir := module(t, map[string]string{"main.tf": `resource "x" "y" {}`})
		b, err := l.Find(context.Background(), Want{Dir: dir, Top: dir})
		if err != nil {
			t.Fatalf("%s: %v", how, err)
		}
		byPath, err := l.Find(context.Background(), Want{Path: link, Dir: dir})
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
}

// A binary olympus did not install (on PATH, or terraform-path) is asked
// its version once; later Locators on the same cache remember it until the
// file changes, whether replaced, rewritten in place or reached through a
// link that now points elsewhere.
func TestTheVersionOfABinaryOnPathIsAskedOnceUntilItChanges(t *testing.T) {
	bin := t.TempDir()
	real := elfTerraform(t, bin, "terraform-1.10.2")
	link := filepath.Join(bin, "terraform")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	versions := filepath.Join(t.TempDir(), "versions")
	find := finder(t, link, &versions)
	t.Setenv("TFINSTALL_FAKE_VERSION", "1.10.2")
	find("first", "1.10.2", 1)
	find("again", "1.10.2", 1)

	// Rewritten in place: the same bytes, size and modification time
	// (the version it prints comes from the environment here).
	st, _ := os.Stat(real)
	b, _ := os.ReadFile(real)
	os.WriteFile(real, b, 0o755)
	os.Chtimes(real, st.ModTime(), st.ModTime())
	t.Setenv("TFINSTALL_FAKE_VERSION", "1.10.3")
	find("rewritten in place", "1.10.3", 2)

	other := elfTerraform(t, bin, "terraform-1.11.0")
	os.Remove(link)
	os.Symlink(other, link)
	t.Setenv("TFINSTALL_FAKE_VERSION", "1.11.0")
	find("relinked", "1.11.0", 3)
	find("relinked, again", "1.11.0", 3)

	// A memo others could write is not read.
	os.Chmod(versions, 0o777)
	find("memo open to others", "1.11.0", 4)
	find("memo open to others, again", "1.11.0", 5)

	// A memo that cannot be written costs a run each time, nothing more.
	blocked := filepath.Join(t.TempDir(), "file")
	os.WriteFile(blocked, nil, 0o644)
	versions = filepath.Join(blocked, "versions")
	find("unwritable memo", "1.11.0", 6)
	find("unwritable memo, again", "1.11.0", 7)
}

// A version manager's shim chooses what it runs at each call: a script
// (tfenv, asdf) or a link to a multi-call binary of another name (mise,
// aqua) is asked every time, never remembered.
func TestAShimIsAskedEveryTime(t *testing.T) {
	t.Setenv("TFINSTALL_FAKE_VERSION", "1.10.2")
	for _, tc := range []struct {
		name string
		make func(bin string) string
	}{
		{"a script", func(bin string) string {
			p := filepath.Join(bin, "terraform")
			os.WriteFile(p, releases.FakeTerraform("1.10.2"), 0o755)
			return p
		}},
		{"a link to a multi-call binary", func(bin string) string {
			mise := elfTerraform(t, bin, "mise")
			p := filepath.Join(bin, "terraform")
			os.Symlink(mise, p)
			return p
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			versions := filepath.Join(t.TempDir(), "versions")
			find := finder(t, tc.make(t.TempDir()), &versions)
			find("first", "1.10.2", 1)
			find("again", "1.10.2", 2)
		})
	}
}

// The version is asked in the root module, where a version manager's shim
// reads which version to run (.tool-versions, .terraform-version).
func TestTheVersionIsAskedInTheRootModule(t *testing.T) {
	shim := filepath.Join(t.TempDir(), "terraform")
	os.WriteFile(shim, []byte("#!/bin/sh\nprintf '{\"terraform_version\":\"%s\"}\\n' \"$(cat .shim-version)\"\n"), 0o755)
	_, loc, _ := fixture(t)
	for _, v := range []string{"1.9.8", "1.11.4"} {
		dir := module(t, map[string]string{"main.tf": `resource "x" "y" {}`, ".shim-version": v})
		l := loc()
		l.LookPath = func(string) (string, error) { return shim, nil }
		b, err := l.Find(context.Background(), Want{Dir: dir, Top: dir})
		if err != nil || b.Version.String() != v {
			t.Errorf("on PATH in a module of %s: %v, %v", v, b.Version, err)
		}
		if b, err = l.Find(context.Background(), Want{Path: shim, Dir: dir}); err != nil || b.Version.String() != v {
			t.Errorf("terraform-path in a module of %s: %v, %v", v, b.Version, err)
		}
	}
}
