package release

import (
	"os"
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
	// One stage, on a base chosen by a build argument whose default is
	// pinned by digest.
	froms := regexp.MustCompile(`(?m)^FROM\s+(.+)$`).FindAllStringSubmatch(df, -1)
	if len(froms) != 1 || strings.TrimSpace(froms[0][1]) != "${BASE_IMAGE}" {
		t.Errorf("want one FROM ${BASE_IMAGE}, found %v", froms)
	}
	if !regexp.MustCompile(`(?m)^ARG BASE_IMAGE=\S+@sha256:[0-9a-f]{64}$`).MatchString(df) {
		t.Errorf("the default BASE_IMAGE is not pinned by digest")
	}
	// Nothing is compiled or installed in Docker: binaries are copied in.
	for _, banned := range []string{"RUN", "ADD", "USER", "WORKDIR"} {
		if regexp.MustCompile(`(?m)^` + banned + `\s`).MatchString(df) {
			t.Errorf("Dockerfile uses %s: it only copies make dist's binaries, and GitHub runs Docker actions as root in the mounted workspace", banned)
		}
	}
	if !regexp.MustCompile(`(?m)^ENTRYPOINT \["/[^"]+"\]$`).MatchString(df) {
		t.Errorf("ENTRYPOINT must be exec form with an absolute path")
	}
	for _, want := range []string{
		"COPY dist/linux_${TARGETARCH}/bin/ /usr/local/bin/",
		"COPY dist/linux_${TARGETARCH}/tflint-plugins/ /usr/local/lib/tflint-plugins/",
		"COPY dist/linux_${TARGETARCH}/terraform/ /usr/local/share/olympus/terraform/",
		"TFLINT_PLUGIN_DIR=/usr/local/lib/tflint-plugins",
		"OLYMPUS_TERRAFORM_BUNDLE=/usr/local/share/olympus/terraform",
	} {
		if !strings.Contains(df, want) {
			t.Errorf("the Dockerfile lacks %q", want)
		}
	}
	// make dist builds what the Dockerfile copies: static, with the version
	// and commit, and the same tflint the tests run.
	dist := read(t, "scripts/dist.sh")
	for _, want := range []string{"export CGO_ENABLED=0", "-trimpath", "./cmd/olympus ./cmd/olympus-validate", "internal/cli.Version=$version", "internal/cli.Commit=$commit",
		`scripts/install-tool.sh tflint "$platform"`, "tflint-plugins/tflint-ruleset-olympus", "terraform-bundle"} {
		if !strings.Contains(dist, want) {
			t.Errorf("scripts/dist.sh lacks %q", want)
		}
	}
	if ignore := read(t, ".dockerignore"); !strings.Contains(ignore, "*\n!dist/linux_*") {
		t.Errorf(".dockerignore must send only dist/linux_* to the build")
	}
}

// TestOneDefaultTerraform: the image's default terraform, the version
// make test checks for, and make dist's default are the same.
func TestOneDefaultTerraform(t *testing.T) {
	mk := regexp.MustCompile(`(?m)^TERRAFORM_VERSION \?= (\S+)$`).FindStringSubmatch(read(t, "Makefile"))
	if mk == nil {
		t.Fatal("the Makefile sets no TERRAFORM_VERSION")
	}
	if !strings.Contains(read(t, "scripts/check-terraform.sh"), "pinned="+mk[1]+"\n") {
		t.Errorf("scripts/check-terraform.sh does not pin terraform %s", mk[1])
	}
	if !strings.Contains(read(t, "scripts/dist.sh"), "${TERRAFORM_VERSION:-"+mk[1]+"}") {
		t.Errorf("scripts/dist.sh does not default to terraform %s", mk[1])
	}
}

func TestCIRunsTheReadmeTestCommand(t *testing.T) {
	ci := read(t, ".ci/run")
	if !strings.Contains(ci, "apt-get install -y -qq docker.io") || !strings.Contains(ci, "scripts/docker-engine.sh") {
		t.Errorf(".ci/run must install docker.io and start the engine for the image tests")
	}
	readme := read(t, "README.md")
	if !strings.Contains(ci, "make test") || !strings.Contains(readme, "make test") || !strings.Contains(readme, "make demo") {
		t.Errorf(".ci/run must run make test, and the README must give make demo and make test")
	}
}

// TestReleaseWorkflow: on a v* tag the release builds the binaries once,
// pushes a signed multi-arch image with an SBOM and provenance, pins every
// action.yml to its digest in the release commit, moves the version and
// major tags onto it, and publishes the CLI binaries with SHA256SUMS.
func TestReleaseWorkflow(t *testing.T) {
	wf := read(t, ".github/workflows/release.yml")
	for _, want := range []string{
		`tags: ["v*"]`,
		"make dist VERSION=",
		"platforms: linux/amd64,linux/arm64",
		"push: true",
		"sbom: true",
		"provenance: mode=max",
		`cosign sign --yes "$IMAGE@$DIGEST"`,
		"actions/attest-build-provenance@",
		`go run ./internal/release/cmd/pin-actions -image "$IMAGE" -digest "$DIGEST"`,
		`major="${TAG%%.*}"`,
		`git push --force origin "refs/tags/$TAG" "refs/tags/$major"`,
		"sha256sum -- * > SHA256SUMS",
		"gh release create",
		"IMAGE: ghcr.io/olympus-cloud/deploy-actions",
		// v1 follows the newest release only, and the newest release is
		// pinned for the operational workflows in a pull request to main.
		`newest=$(git tag --list "$major.*"`,
		`if [ "$newest" = "$TAG" ]; then`,
		"needs.release.outputs.newest == 'true'",
		"token: ${{ secrets.RELEASE_PR_TOKEN }}",
		`go run ./internal/release/cmd/pin-workflows -image "$IMAGE" -digest "$DIGEST" -tag "$TAG"`,
		"gh pr create --base main",
	} {
		if !strings.Contains(wf, want) {
			t.Errorf("release.yml lacks %q", want)
		}
	}
	// The image is built from dist/, after make dist, and pinned after it
	// is pushed and signed.
	order := []string{"git merge-base --is-ancestor", "make dist VERSION=", "docker/build-push-action@", "cosign sign", "pin-actions", "gh release create", "pin-workflows"}
	last := -1
	for _, step := range order {
		i := strings.Index(wf, step)
		if i < last {
			t.Errorf("%q comes before the step it depends on", step)
		}
		last = i
	}
}
