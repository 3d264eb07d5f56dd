package tfinstall

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"

	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/releases"
)

var platform = runtime.GOOS + "_" + runtime.GOARCH

// fixture is a release server with fake terraform releases and a Locator
// on an empty cache with no default terraform.
func fixture(t *testing.T, versions ...string) (*releases.Server, func() *Locator, string) {
	t.Helper()
	srv := releases.Start(t)
	for _, v := range versions {
		srv.Add(t, v, platform, releases.FakeTerraform(v))
	}
	cache := t.TempDir()
	log := filepath.Join(t.TempDir(), "ran.log")
	t.Setenv("FAKE_TERRAFORM_LOG", log)
	newLocator := func() *Locator {
		return &Locator{
			Installer: &Installer{Dir: filepath.Join(cache, "terraform"), BaseURL: srv.URL, PublicKey: srv.PublicKey},
			Tofu:      &TofuInstaller{Dir: filepath.Join(cache, "tofu"), BaseURL: srv.TofuURL, PublicKey: srv.PublicKey},
			LookPath:  func(string) (string, error) { return "", exec.ErrNotFound },
			VersionOf: VersionOf,
		}
	}
	return srv, newLocator, log
}

func module(t *testing.T, files map[string]string) string {
	t.Helper()
	ws := t.TempDir()
	write(t, ws, files)
	return ws
}

func runVersion(t *testing.T, p string) string {
	t.Helper()
	v, err := VersionOf(context.Background(), p, "")
	if err != nil {
		t.Fatalf("run %s: %v", p, err)
	}
	return v.String()
}

func TestInstallsTheNewestReleaseRequiredVersionAllows(t *testing.T) {
	srv, loc, _ := fixture(t, "1.10.5", "1.11.2", "1.11.9", "1.12.0", "1.13.0-rc1")
	dir := module(t, map[string]string{"main.tf": `terraform { required_version = "~> 1.11.0" }`})
	p, err := pathOf(loc().Find(context.Background(), Want{Dir: dir, Top: dir}))
	if err != nil {
		t.Fatal(err)
	}
	if got := runVersion(t, p); got != "1.11.9" {
		t.Errorf("ran terraform %s, want 1.11.9", got)
	}
	if srv.Downloads() != 1 {
		t.Errorf("%d downloads, want 1: %v", srv.Downloads(), srv.Requests())
	}
	// A later step of the job finds it in the cache: nothing downloaded.
	again, err := pathOf(loc().Find(context.Background(), Want{Dir: dir, Top: dir}))
	if err != nil || again != p {
		t.Fatalf("second run: %q, %v; want the cached %q", again, err, p)
	}
	if srv.Downloads() != 1 {
		t.Errorf("the second run downloaded again: %v", srv.Requests())
	}
}

func TestExactPinIsInstalledWithoutListing(t *testing.T) {
	srv, loc, _ := fixture(t, "1.11.2", "1.11.9")
	dir := module(t, map[string]string{".terraform-version": "1.11.2\n", "main.tf": `terraform { required_version = ">= 1.5" }`})
	p, err := pathOf(loc().Find(context.Background(), Want{Dir: dir, Top: dir}))
	if err != nil {
		t.Fatal(err)
	}
	if got := runVersion(t, p); got != "1.11.2" {
		t.Errorf("ran %s, want the pinned 1.11.2", got)
	}
	for _, r := range srv.Requests() {
		if r == "/terraform/index.json" {
			t.Errorf("an exact pin listed every release: %v", srv.Requests())
		}
	}
}

func TestTheDefaultIsUsedWhenItSatisfies(t *testing.T) {
	srv, loc, _ := fixture(t, "1.11.9")
	b := fakeBundle(t, "1.11.4")
	for _, files := range []map[string]string{
		{"main.tf": `terraform { required_version = ">= 1.5, < 2.0" }`},
		{"main.tf": `resource "x" "y" {}`},
		{".tool-versions": "terraform 1.11.4\n"},
	} {
		l := loc()
		l.Bundle = b
		dir := module(t, files)
		p, err := pathOf(l.Find(context.Background(), Want{Dir: dir, Top: dir}))
		if err != nil {
			t.Fatal(err)
		}
		if got := runVersion(t, p); got != "1.11.4" {
			t.Errorf("%v: ran %s, want the image's 1.11.4", files, got)
		}
	}
	if len(srv.Requests()) != 0 {
		t.Errorf("the image's terraform satisfied every module, yet the releases site was asked: %v", srv.Requests())
	}
	// A default that does not satisfy is passed over.
	l := loc()
	l.Bundle = b
	dir := module(t, map[string]string{"main.tf": `terraform { required_version = ">= 1.11.5" }`})
	p, err := pathOf(l.Find(context.Background(), Want{Dir: dir, Top: dir}))
	if err != nil || runVersion(t, p) != "1.11.9" {
		t.Fatalf("got %q, %v; want 1.11.9 installed", p, err)
	}
}

func TestAReleaseThatDoesNotVerifyIsRefusedAndNeverRun(t *testing.T) {
	for _, tt := range []struct {
		name  string
		spoil func(*releases.Server)
		want  string
	}{
		{"bad checksum", func(s *releases.Server) { s.Corrupt("1.11.9") }, "checksum mismatch"},
		{"bad signature", func(s *releases.Server) { s.BadSignature("1.11.9") }, "signature"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv, loc, ran := fixture(t, "1.11.9")
			tt.spoil(srv)
			l := loc()
			dir := module(t, map[string]string{"main.tf": `terraform { required_version = "~> 1.11.0" }`})
			_, err := l.Find(context.Background(), Want{Dir: dir, Top: dir})
			if !errors.Is(err, ErrVerification) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want a verification error mentioning %q", err, tt.want)
			}
			if code := step.ExitCode(err); code != step.ExitExternal {
				t.Errorf("exit %d, want %d", code, step.ExitExternal)
			}
			if _, ok, _ := l.Installer.Cached(version.Must(version.NewVersion("1.11.9"))); ok {
				t.Errorf("the refused release is in the cache")
			}
			entries, _ := os.ReadDir(l.Installer.Dir)
			for _, e := range entries {
				t.Errorf("left in the cache: %s", e.Name())
			}
			if b, _ := os.ReadFile(ran); len(b) > 0 {
				t.Errorf("the refused terraform ran: %s", b)
			}
		})
	}
}

func TestWhatCannotBeMetIsBadInput(t *testing.T) {
	_, loc, _ := fixture(t, "1.10.5", "1.11.9")
	for _, tt := range []struct {
		name, input string
		files       map[string]string
		want        string
	}{
		{"unsatisfiable required_version", "", map[string]string{"main.tf": `terraform { required_version = "~> 2.0" }`}, `required_version in main.tf asks for terraform ~> 2.0, which no release satisfies (newest release: 1.11.9)`},
		{"unreleased input", "1.99.0", nil, `input terraform-version: invalid value "1.99.0": no such terraform release`},
		{"unreleased pin", "", map[string]string{".terraform-version": "1.99.0"}, `.terraform-version asks for terraform 1.99.0, which is not a terraform release`},
		{"both inputs", "1.11.9", nil, "give one of them, not both"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := module(t, tt.files)
			path := ""
			if tt.name == "both inputs" {
				path = "/usr/bin/terraform"
			}
			_, err := loc().Find(context.Background(), Want{Path: path, Version: tt.input, Dir: dir, Top: dir})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			if code := step.ExitCode(err); code != step.ExitUsage {
				t.Errorf("exit %d, want %d", code, step.ExitUsage)
			}
		})
	}
}

func TestOfflineFallsBackToTheCache(t *testing.T) {
	srv, loc, _ := fixture(t, "1.11.2")
	dir := module(t, map[string]string{"main.tf": `terraform { required_version = "~> 1.11.0" }`})
	if _, err := loc().Find(context.Background(), Want{Dir: dir, Top: dir}); err != nil {
		t.Fatal(err)
	}
	l := loc()
	l.Installer.BaseURL = "http://127.0.0.1:1" // nothing listens
	p, err := pathOf(l.Find(context.Background(), Want{Dir: dir, Top: dir}))
	if err != nil || runVersion(t, p) != "1.11.2" {
		t.Fatalf("offline: %q, %v; want the cached 1.11.2", p, err)
	}
	_ = srv
	// Nothing cached and no network: an external failure, not bad input.
	l = loc()
	l.Installer.Dir = t.TempDir()
	l.Installer.BaseURL = "http://127.0.0.1:1"
	if _, err := l.Find(context.Background(), Want{Dir: dir, Top: dir}); step.ExitCode(err) != step.ExitExternal {
		t.Fatalf("err = %v (exit %d), want exit 3", err, step.ExitCode(err))
	}
}

func TestInstallsAnotherPlatformsBuild(t *testing.T) {
	srv := releases.Start(t)
	srv.Add(t, "1.11.4", "linux_arm64", []byte("arm64 terraform"))
	srv.Add(t, "1.11.4", "linux_amd64", []byte("amd64 terraform"))
	in := &Installer{Dir: t.TempDir(), BaseURL: srv.URL, PublicKey: srv.PublicKey, OS: "linux", Arch: "arm64"}
	p, err := in.Install(context.Background(), version.Must(version.NewVersion("1.11.4")))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(p)
	if string(b) != "arm64 terraform" || !strings.Contains(p, filepath.Join("1.11.4", "linux_arm64")) {
		t.Errorf("installed %q at %s, want the arm64 build", b, p)
	}
}

func TestATamperedDefaultIsRefused(t *testing.T) {
	_, loc, _ := fixture(t)
	dir := t.TempDir()
	fake := filepath.Join(t.TempDir(), "terraform")
	os.WriteFile(fake, releases.FakeTerraform("1.11.4"), 0o755)
	m, err := WriteBundle(dir, fake, version.Must(version.NewVersion("1.11.4")), runtime.GOOS, runtime.GOARCH, "test", true)
	if err != nil {
		t.Fatal(err)
	}
	// Another binary, compressed in its place.
	other := filepath.Join(t.TempDir(), "terraform")
	os.WriteFile(other, releases.FakeTerraform("6.6.6"), 0o755)
	tmp := t.TempDir()
	if _, err := WriteBundle(tmp, other, version.Must(version.NewVersion("1.11.4")), runtime.GOOS, runtime.GOARCH, "test", true); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(tmp, m.File))
	os.WriteFile(filepath.Join(dir, m.File), b, 0o644)
	l := loc()
	if l.Bundle, err = OpenBundle(dir); err != nil {
		t.Fatal(err)
	}
	ws := module(t, nil)
	if _, err := l.Find(context.Background(), Want{Dir: ws, Top: ws}); !errors.Is(err, ErrVerification) {
		t.Fatalf("err = %v, want the tampered default refused", err)
	}
	if _, ok, _ := l.Installer.Cached(version.Must(version.NewVersion("1.11.4"))); ok {
		t.Errorf("the tampered binary is in the cache")
	}
}

// A cached terraform is checked against the sha256 recorded when it was
// installed before it is handed out: one whose bytes changed since (another
// job sharing the cache, a disk error) is refused and never run.
func TestACachedTerraformWhoseBytesChangedIsRefused(t *testing.T) {
	srv, loc, ran := fixture(t, "1.11.2")
	dir := module(t, map[string]string{".terraform-version": "1.11.2"})
	p, err := pathOf(loc().Find(context.Background(), Want{Dir: dir, Top: dir}))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, releases.FakeTerraform("6.6.6"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.Remove(ran)
	_, err = loc().Find(context.Background(), Want{Dir: dir, Top: dir})
	if !errors.Is(err, ErrVerification) || !strings.Contains(err.Error(), p) || !strings.Contains(err.Error(), "changed since it was installed") {
		t.Fatalf("err = %v, want the changed binary %s refused", err, p)
	}
	if step.ExitCode(err) != step.ExitExternal {
		t.Errorf("exit %d, want %d", step.ExitCode(err), step.ExitExternal)
	}
	if b, _ := os.ReadFile(ran); len(b) > 0 {
		t.Errorf("the changed terraform ran: %s", b)
	}
	if srv.Downloads() != 1 {
		t.Errorf("%d downloads: a changed binary is refused, not silently replaced", srv.Downloads())
	}
}

// An install with no record (left by an older olympus) is installed again.
func TestACachedTerraformWithNoRecordIsInstalledAgain(t *testing.T) {
	srv, loc, _ := fixture(t, "1.11.2")
	dir := module(t, map[string]string{".terraform-version": "1.11.2"})
	p, err := pathOf(loc().Find(context.Background(), Want{Dir: dir, Top: dir}))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(p + recordSuffix); err != nil {
		t.Fatal(err)
	}
	again, err := pathOf(loc().Find(context.Background(), Want{Dir: dir, Top: dir}))
	if err != nil || again != p || runVersion(t, again) != "1.11.2" {
		t.Fatalf("got %q, %v; want 1.11.2 installed again at %s", again, err, p)
	}
	if srv.Downloads() != 2 {
		t.Errorf("%d downloads, want 2", srv.Downloads())
	}
}

// pathOf is the path of what Find found.
func pathOf(b Binary, err error) (string, error) { return b.Path, err }

// fakeBundle is an image's bundle of a fake terraform of version v.
func fakeBundle(t *testing.T, v string) *Bundle {
	t.Helper()
	dir := t.TempDir()
	fake := filepath.Join(t.TempDir(), "terraform")
	os.WriteFile(fake, releases.FakeTerraform(v), 0o755)
	if _, err := WriteBundle(dir, fake, version.Must(version.NewVersion(v)), runtime.GOOS, runtime.GOARCH, "test", true); err != nil {
		t.Fatal(err)
	}
	b, err := OpenBundle(dir)
	if err != nil || b == nil {
		t.Fatalf("bundle %v, %v", b, err)
	}
	return b
}
