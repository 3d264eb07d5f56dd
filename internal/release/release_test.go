package release

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var root = filepath.Join("..", "..")

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, p))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestDockerfileRules(t *testing.T) {
	df := read(t, "Dockerfile")
	froms := regexp.MustCompile(`(?m)^FROM\s+(\S+)`).FindAllStringSubmatch(df, -1)
	if len(froms) < 2 {
		t.Fatalf("want a multi-stage build, found %d FROM lines", len(froms))
	}
	for _, f := range froms {
		if !regexp.MustCompile(`@sha256:[0-9a-f]{64}$`).MatchString(f[1]) {
			t.Errorf("base image %q is not pinned by digest", f[1])
		}
	}
	for _, banned := range []string{"USER", "WORKDIR"} {
		if regexp.MustCompile(`(?m)^` + banned + `\s`).MatchString(df) {
			t.Errorf("Dockerfile sets %s; GitHub runs Docker actions as root in the mounted workspace", banned)
		}
	}
	if !regexp.MustCompile(`(?m)^ENTRYPOINT \["/[^"]+"\]$`).MatchString(df) {
		t.Errorf("ENTRYPOINT must be exec form with an absolute path")
	}
	for _, want := range []string{"CGO_ENABLED=0", "-trimpath", `-ldflags "-s -w -X github.com/olympus-cloud/deploy-actions/internal/cli.Version=`} {
		if !strings.Contains(df, want) {
			t.Errorf("the olympus build lacks %q", want)
		}
	}
	if !regexp.MustCompile(`ARG TERRAFORM_SHA256=[0-9a-f]{64}\n`).MatchString(df) {
		t.Errorf("terraform is not pinned by checksum")
	}
	ver := regexp.MustCompile(`ARG TERRAFORM_VERSION=(\S+)`).FindStringSubmatch(df)
	if ver == nil || !strings.Contains(read(t, "scripts/check-terraform.sh"), "pinned="+ver[1]) {
		t.Errorf("the Dockerfile's terraform and the setup's pinned terraform differ")
	}
	tfl := regexp.MustCompile(`ARG TFLINT_VERSION=(\S+)`).FindStringSubmatch(df)
	if tfl == nil || !strings.Contains(read(t, "scripts/install-tool.sh"), "tflint) version="+tfl[1]+" ") {
		t.Errorf("the Dockerfile's tflint and scripts/install-tool.sh differ")
	}
	for _, want := range []string{"./cmd/tflint-ruleset-olympus", "./cmd/olympus-validate", "/out/olympus-validate", "TFLINT_PLUGIN_DIR=/usr/local/lib/tflint-plugins", "COPY --from=build /out/tflint-ruleset-olympus /usr/local/lib/tflint-plugins/"} {
		if !strings.Contains(df, want) {
			t.Errorf("the image does not bundle the olympus tflint plugin: no %q", want)
		}
	}
}

// releases serves a terraform zip the way releases.hashicorp.com does.
func releases(t *testing.T) (url, sum string) {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.CreateHeader(&zip.FileHeader{Name: "terraform", Method: zip.Deflate})
	w.Write([]byte("#!/bin/sh\necho 'Terraform v9.9.9'\n"))
	zw.Close()
	h := sha256.Sum256(buf.Bytes())
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/9.9.9/terraform_9.9.9_linux_amd64.zip" {
			http.NotFound(w, r)
			return
		}
		w.Write(buf.Bytes())
	}))
	t.Cleanup(srv.Close)
	return srv.URL, hex.EncodeToString(h[:])
}

func installTerraform(t *testing.T, url, sum, dest string) ([]byte, error) {
	for _, tool := range []string{"curl", "unzip", "sha256sum"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed", tool)
		}
	}
	cmd := exec.Command("sh", filepath.Join(root, "scripts", "install-terraform.sh"), "9.9.9", sum, dest)
	cmd.Env = append(os.Environ(), "TERRAFORM_RELEASES_URL="+url)
	return cmd.CombinedOutput()
}

func TestInstallTerraformVerifiesTheChecksum(t *testing.T) {
	url, sum := releases(t)
	dest := t.TempDir()
	if out, err := installTerraform(t, url, sum, dest); err != nil {
		t.Fatalf("install: %v\n%s", err, out)
	}
	out, err := exec.Command(filepath.Join(dest, "terraform")).Output()
	if err != nil || !strings.Contains(string(out), "v9.9.9") {
		t.Fatalf("installed terraform: %v %q", err, out)
	}

	bad := t.TempDir()
	out, err = installTerraform(t, url, strings.Repeat("0", 64), bad)
	if err == nil || !strings.Contains(string(out), "checksum mismatch") {
		t.Fatalf("a wrong checksum was accepted: %v\n%s", err, out)
	}
	if _, err := os.Stat(filepath.Join(bad, "terraform")); err == nil {
		t.Errorf("terraform was installed despite the checksum mismatch")
	}
}

func TestCIRunsTheReadmeTestCommand(t *testing.T) {
	ci := read(t, ".ci/run")
	readme := read(t, "README.md")
	if !strings.Contains(ci, "make test") || !strings.Contains(readme, "make test") || !strings.Contains(readme, "make demo") {
		t.Errorf(".ci/run must run make test, and the README must give make demo and make test")
	}
}
