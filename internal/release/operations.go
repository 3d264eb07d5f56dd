package release

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"text/template"
)

// The operational workflows (rollback, sql-recover, drift, data-refresh) run against
// production on demand or on a schedule and never test this repository's
// unreleased code: once a release exists they run its image by digest, with
// nothing built first, so a rollback starts as soon as the runner has
// pulled the image. GitHub reads a step's uses: literally (no expression),
// so the digest is written into the workflow files: they are generated
// from the templates in operations/ and the release pinned in PinFile.
// Until a first release is pinned they build the actions from their own
// commit, and say so.

// PinFile is where the release the operational workflows run is recorded,
// relative to the repository root.
const PinFile = ".github/released-image"

// Release is a published image, by digest, and its version tag. The zero
// Release is "none yet".
type Release struct {
	Image, Digest, Tag string
}

// Pinned reports whether a release is set.
func (r Release) Pinned() bool { return r.Digest != "" }

// Ref is image@digest.
func (r Release) Ref() string { return r.Image + "@" + r.Digest }

var (
	imageNameRE = regexp.MustCompile(`^[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]+)?(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)+$`)
	tagRE       = regexp.MustCompile(`^v[0-9]+\.[0-9]+\.[0-9]+$`)
)

// Check says what is wrong with a release to pin, naming the value and
// what is accepted.
func (r Release) Check() error {
	switch {
	case !imageNameRE.MatchString(r.Image):
		return fmt.Errorf("image %q: want a repository without tag or digest, such as ghcr.io/olympus-cloud/deploy-actions", r.Image)
	case !digestRE.MatchString(r.Digest):
		return fmt.Errorf("digest %q: want sha256: and 64 hex digits", r.Digest)
	case !tagRE.MatchString(r.Tag):
		return fmt.Errorf("tag %q: want a release tag vMAJOR.MINOR.PATCH", r.Tag)
	}
	return nil
}

const pinHeader = `# The release the operational workflows (rollback, sql-recover, drift, data-refresh) run:
# docker://<image>@<digest>, nothing built first. release.yml writes this
# file and the workflows (go run ./internal/release/cmd/pin-workflows) in
# the pull request it opens after each newest release. No release line
# here: those workflows build the actions from their own commit, and say so.
`

// ParseRelease reads a pin file: comments (#) and blank lines, and at most
// one line "image@sha256:<digest> <tag>".
func ParseRelease(b []byte) (Release, error) {
	var lines []string
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			lines = append(lines, l)
		}
	}
	switch len(lines) {
	case 0:
		return Release{}, nil
	case 1:
	default:
		return Release{}, fmt.Errorf("%d release lines, want at most one", len(lines))
	}
	f := strings.Fields(lines[0])
	image, digest, ok := strings.Cut(f[0], "@")
	if len(f) != 2 || !ok {
		return Release{}, fmt.Errorf("release line %q: want \"<image>@sha256:<digest> <tag>\"", lines[0])
	}
	r := Release{Image: image, Digest: digest, Tag: f[1]}
	if err := r.Check(); err != nil {
		return Release{}, fmt.Errorf("release line %q: %w", lines[0], err)
	}
	return r, nil
}

// Format is the pin file for r.
func (r Release) Format() []byte {
	if !r.Pinned() {
		return []byte(pinHeader)
	}
	return []byte(pinHeader + r.Ref() + " " + r.Tag + "\n")
}

// ReadRelease reads root's pin file; a missing file is no release.
func ReadRelease(root string) (Release, error) {
	b, err := os.ReadFile(filepath.Join(root, PinFile))
	if errors.Is(err, fs.ErrNotExist) {
		return Release{}, nil
	}
	if err != nil {
		return Release{}, err
	}
	r, err := ParseRelease(b)
	if err != nil {
		return Release{}, fmt.Errorf("%s: %w", PinFile, err)
	}
	return r, nil
}

//go:embed operations/*.yml operations/*.tmpl
var operationsFS embed.FS

// OperationalWorkflows are the generated workflows' file names under
// .github/workflows, each from operations/<name>.
func OperationalWorkflows() []string {
	entries, _ := fs.Glob(operationsFS, "operations/*.yml")
	var out []string
	for _, e := range entries {
		out = append(out, filepath.Base(e))
	}
	slices.Sort(out)
	return out
}

// RenderWorkflow makes the operational workflow name for r: with a pinned
// release, every step of ours runs docker://image@digest and no job builds
// anything; without one, a build job makes the binaries first and says why.
func RenderWorkflow(name string, r Release) ([]byte, error) {
	if r.Pinned() {
		if err := r.Check(); err != nil {
			return nil, err
		}
	}
	t, err := template.New(name).Delims("[%", "%]").Option("missingkey=error").Funcs(template.FuncMap{
		// action is the uses: of one of our steps and the start of its
		// with:, at the indentation of a job's steps.
		"action": func(step string) string {
			if !r.Pinned() {
				return "uses: ./actions/" + step + "\n        with:"
			}
			return fmt.Sprintf("uses: docker://%s # %s\n        with:\n          args: %s", r.Ref(), r.Tag, step)
		},
	}).ParseFS(operationsFS, "operations/*.tmpl", "operations/"+name)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Code generated by go generate ./... from internal/release/operations/%s\n# and %s; DO NOT EDIT.\n", name, PinFile)
	if err := t.ExecuteTemplate(&b, name, struct{ Released bool }{r.Pinned()}); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// WriteOperations writes r to root's pin file and renders every
// operational workflow for it. Nothing is written unless every workflow
// renders. It returns the files written.
func WriteOperations(root string, r Release) ([]string, error) {
	if r.Pinned() {
		if err := r.Check(); err != nil {
			return nil, err
		}
	}
	out := map[string][]byte{filepath.Join(root, PinFile): r.Format()}
	for _, name := range OperationalWorkflows() {
		b, err := RenderWorkflow(name, r)
		if err != nil {
			return nil, fmt.Errorf("operations/%s: %w", name, err)
		}
		out[filepath.Join(root, ".github", "workflows", name)] = b
	}
	var files []string
	for f := range out {
		files = append(files, f)
	}
	slices.Sort(files)
	for _, f := range files {
		if err := os.WriteFile(f, out[f], 0o644); err != nil {
			return nil, err
		}
	}
	return files, nil
}
