package tfinstall

import (
	"context"
	"encoding/hex"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/hashicorp/go-version"
	"github.com/opentofu/tofudl/branding"

	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/releases"
)

// tofuFixture is fixture with OpenTofu releases.
func tofuFixture(t *testing.T, versions ...string) (*releases.Server, func() *Locator, string) {
	t.Helper()
	srv, loc, ran := fixture(t)
	for _, v := range versions {
		srv.AddTofu(t, v, platform, releases.FakeTofu(v))
	}
	return srv, loc, ran
}

func TestTofuIsInstalledFromItsVerifiedRelease(t *testing.T) {
	srv, loc, _ := tofuFixture(t, "1.8.8", "1.9.1", "1.9.4", "1.10.0-rc1")
	dir := module(t, map[string]string{"main.tf": `terraform { required_version = "~> 1.9.0" }`})
	p, err := pathOf(loc().Find(context.Background(), Want{Engine: Tofu, Dir: dir, Top: dir}))
	if err != nil {
		t.Fatal(err)
	}
	if got := runVersion(t, p); got != "1.9.4" || !strings.HasSuffix(p, "/tofu") {
		t.Errorf("ran %s at %s, want tofu 1.9.4", got, p)
	}
	again, err := pathOf(loc().Find(context.Background(), Want{Engine: Tofu, Dir: dir, Top: dir}))
	if err != nil || again != p || srv.Downloads() != 1 {
		t.Fatalf("second run: %q, %v, %d downloads; want the cached %q", again, err, srv.Downloads(), p)
	}
}

// .opentofu-version chooses tofu and its version: the exact release is
// fetched without listing every release.
func TestOpentofuVersionChoosesTofu(t *testing.T) {
	srv, loc, _ := tofuFixture(t, "1.9.1", "1.9.4")
	dir := module(t, map[string]string{".opentofu-version": "1.9.1\n", "main.tf": `terraform { required_version = ">= 1.6" }`})
	p, err := pathOf(loc().Find(context.Background(), Want{Dir: dir, Top: dir}))
	if err != nil {
		t.Fatal(err)
	}
	if got := runVersion(t, p); got != "1.9.1" || !strings.HasSuffix(p, "/tofu") {
		t.Errorf("ran %s at %s, want the pinned tofu 1.9.1", got, p)
	}
	for _, r := range srv.Requests() {
		if strings.HasSuffix(r, "api.json") || strings.HasPrefix(r, "/terraform") {
			t.Errorf("an exact tofu pin asked for %s: %v", r, srv.Requests())
		}
	}
}

func TestATofuReleaseThatDoesNotVerifyIsRefusedAndNeverRun(t *testing.T) {
	for _, tt := range []struct {
		name  string
		spoil func(*releases.Server)
		want  string
	}{
		{"bad checksum", func(s *releases.Server) { s.Corrupt("1.9.4") }, "invalid checksum"},
		{"bad signature", func(s *releases.Server) { s.BadSignature("1.9.4") }, "Signature verification failed"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv, loc, ran := tofuFixture(t, "1.9.4")
			tt.spoil(srv)
			l := loc()
			dir := module(t, map[string]string{".opentofu-version": "1.9.4"})
			_, err := l.Find(context.Background(), Want{Dir: dir, Top: dir})
			if !errors.Is(err, ErrVerification) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want a verification error mentioning %q", err, tt.want)
			}
			if code := step.ExitCode(err); code != step.ExitExternal {
				t.Errorf("exit %d, want %d", code, step.ExitExternal)
			}
			if _, ok, _ := l.Tofu.Cached(version.Must(version.NewVersion("1.9.4"))); ok {
				t.Errorf("the refused release is in the cache")
			}
			entries, _ := os.ReadDir(l.Tofu.Dir)
			for _, e := range entries {
				t.Errorf("left in the cache: %s", e.Name())
			}
			if b, _ := os.ReadFile(ran); len(b) > 0 {
				t.Errorf("the refused tofu ran: %s", b)
			}
		})
	}
}

func TestACachedTofuWhoseBytesChangedIsRefused(t *testing.T) {
	_, loc, ran := tofuFixture(t, "1.9.4")
	dir := module(t, map[string]string{".opentofu-version": "1.9.4"})
	p, err := pathOf(loc().Find(context.Background(), Want{Dir: dir, Top: dir}))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(p, releases.FakeTofu("6.6.6"), 0o755)
	os.Remove(ran)
	if _, err := loc().Find(context.Background(), Want{Dir: dir, Top: dir}); !errors.Is(err, ErrVerification) {
		t.Fatalf("err = %v, want the changed tofu refused", err)
	}
	if b, _ := os.ReadFile(ran); len(b) > 0 {
		t.Errorf("the changed tofu ran: %s", b)
	}
}

func TestWhatNoTofuReleaseMeetsIsBadInput(t *testing.T) {
	_, loc, _ := tofuFixture(t, "1.9.4")
	for _, tt := range []struct {
		name  string
		want  Want
		files map[string]string
		msg   string
	}{
		{"unreleased pin", Want{}, map[string]string{".opentofu-version": "1.99.0"}, ".opentofu-version asks for tofu 1.99.0, which is not a tofu release"},
		{"unreleased input", Want{Engine: Tofu, Version: "1.99.0"}, nil, `input terraform-version: invalid value "1.99.0": no such tofu release`},
		{"unsatisfiable", Want{Engine: Tofu}, map[string]string{"main.tf": `terraform { required_version = "~> 2.0" }`}, "asks for tofu ~> 2.0, which no release satisfies (newest release: 1.9.4)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := module(t, tt.files)
			tt.want.Dir, tt.want.Top = dir, dir
			_, err := loc().Find(context.Background(), tt.want)
			if err == nil || !strings.Contains(err.Error(), tt.msg) || step.ExitCode(err) != step.ExitUsage {
				t.Fatalf("err = %v (exit %d), want exit 2 with %q", err, step.ExitCode(err), tt.msg)
			}
		})
	}
}

// The key tofudl embeds, which verifies every OpenTofu release, is the one
// OpenTofu publishes at get.opentofu.org/opentofu.asc, by the fingerprint
// its installation guide gives.
func TestTheEmbeddedKeyIsOpenTofus(t *testing.T) {
	keys, err := openpgp.ReadArmoredKeyRing(strings.NewReader(branding.DefaultGPGKey))
	if err != nil || len(keys) != 1 {
		t.Fatalf("%d keys, %v", len(keys), err)
	}
	got := hexOf(keys[0].PrimaryKey.Fingerprint)
	if got != OpenTofuKeyFingerprint {
		t.Errorf("embedded key %s, want OpenTofu's %s", got, OpenTofuKeyFingerprint)
	}
}

func hexOf(b []byte) string { return strings.ToUpper(hex.EncodeToString(b)) }
