package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/adapters/tfinstall"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/releases"
)

// TestBundlesAnotherPlatformsVerifiedRelease: the release build makes the
// arm64 image's default terraform on an amd64 machine, verified.
func TestBundlesAnotherPlatformsVerifiedRelease(t *testing.T) {
	srv := releases.Start(t)
	srv.Add(t, "1.11.4", "linux_amd64", []byte("amd64 build"))
	srv.Add(t, "1.11.4", "linux_arm64", []byte("arm64 build"))
	key := srv.WriteKey(t, t.TempDir())
	out := filepath.Join(t.TempDir(), "terraform")
	if err := run("1.11.4", "linux/arm64", out, "", srv.URL, key, false); err != nil {
		t.Fatal(err)
	}
	var m tfinstall.Manifest
	b, _ := os.ReadFile(filepath.Join(out, tfinstall.ManifestName))
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	bin, _ := os.ReadFile(filepath.Join(out, m.File))
	if m.Arch != "arm64" || m.OS != "linux" || m.Version != "1.11.4" || string(bin) != "arm64 build" || !strings.Contains(m.Source, "verified") {
		t.Errorf("manifest %+v, binary %q", m, bin)
	}

	// A release that does not verify makes no bundle.
	srv.Corrupt("1.11.4")
	bad := filepath.Join(t.TempDir(), "terraform")
	if err := run("1.11.4", "linux/arm64", bad, "", srv.URL, key, true); err == nil || !strings.Contains(err.Error(), "checksum mismatch") {
		t.Fatalf("err = %v, want a checksum mismatch", err)
	}
	if _, err := os.Stat(bad); err == nil {
		t.Errorf("a bundle was written for a release that did not verify")
	}
}

func TestBundlesTheTerraformAtHandForThisPlatformOnly(t *testing.T) {
	fake := filepath.Join(t.TempDir(), "terraform")
	os.WriteFile(fake, releases.FakeTerraform("1.11.4"), 0o755)
	out := filepath.Join(t.TempDir(), "terraform")
	host := runtime.GOOS + "/" + runtime.GOARCH
	if err := run("1.11.4", host, out, fake, "", "", true); err != nil {
		t.Fatal(err)
	}
	b, err := tfinstall.OpenBundle(out)
	if err != nil || b == nil || b.Version.String() != "1.11.4" {
		t.Fatalf("bundle %+v, %v", b, err)
	}
	if err := run("1.12.0", host, out, fake, "", "", true); err == nil || !strings.Contains(err.Error(), "is terraform 1.11.4, not 1.12.0") {
		t.Errorf("a binary of another version was bundled: %v", err)
	}
	other := "linux/arm64"
	if runtime.GOARCH == "arm64" {
		other = "linux/amd64"
	}
	if err := run("1.11.4", other, out, fake, "", "", true); err == nil {
		t.Errorf("this machine's terraform was bundled for %s", other)
	}
}
