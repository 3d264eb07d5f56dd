package release

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const (
	testImage  = "ghcr.io/olympus-cloud/deploy-actions"
	testDigest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
)

// copyRepo copies the repository's action.yml files, a README and a
// workflow (which must not change) into a fresh directory.
func copyRepo(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	files, err := ActionFiles(root)
	if err != nil || len(files) < 5 {
		t.Fatalf("action files %v, %v", files, err)
	}
	files = append(files, filepath.Join(root, "README.md"), filepath.Join(root, ".github", "workflows", "deploy-infrastructure.yml"))
	for _, f := range files {
		rel, _ := filepath.Rel(root, f)
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(filepath.Dir(filepath.Join(dst, rel)), 0o755)
		if err := os.WriteFile(filepath.Join(dst, rel), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// TestPinActionsChangesOnlyTheImageLine: every action.yml runs the digest;
// everything else, in those files and outside them, is byte-identical.
func TestPinActionsChangesOnlyTheImageLine(t *testing.T) {
	repo := copyRepo(t)
	before := map[string][]byte{}
	filepath.WalkDir(repo, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			before[p], _ = os.ReadFile(p)
		}
		return nil
	})
	changed, err := PinActions(repo, testImage, testDigest)
	if err != nil {
		t.Fatal(err)
	}
	if len(changed) != len(before)-2 {
		t.Errorf("changed %d files, want every action.yml (%d)", len(changed), len(before)-2)
	}
	want := `  image: "docker://` + testImage + `@` + testDigest + `"`
	for p, old := range before {
		now, _ := os.ReadFile(p)
		if filepath.Base(p) != "action.yml" {
			if !bytes.Equal(old, now) {
				t.Errorf("%s changed", p)
			}
			continue
		}
		oldLines, newLines := strings.Split(string(old), "\n"), strings.Split(string(now), "\n")
		if len(oldLines) != len(newLines) {
			t.Fatalf("%s: %d lines, was %d", p, len(newLines), len(oldLines))
		}
		diffs := 0
		for i := range oldLines {
			if oldLines[i] == newLines[i] {
				continue
			}
			diffs++
			if !strings.HasPrefix(oldLines[i], "  image: ") || newLines[i] != want {
				t.Errorf("%s line %d: %q -> %q", p, i+1, oldLines[i], newLines[i])
			}
		}
		if diffs != 1 {
			t.Errorf("%s: %d lines changed, want the image line only", p, diffs)
		}
	}
	// Pinning again (a re-run of the release) changes nothing more.
	if _, err := PinActions(repo, testImage, testDigest); err != nil {
		t.Fatal(err)
	}
	for p := range before {
		if filepath.Base(p) == "action.yml" {
			b, _ := os.ReadFile(p)
			if strings.Count(string(b), want) != 1 {
				t.Errorf("%s after a second pin:\n%s", p, b)
			}
		}
	}
}

func TestPinRefusesWhatItCannotPin(t *testing.T) {
	docker := "name: x\nruns:\n  using: \"docker\"\n  image: \"Dockerfile\"\n"
	for _, tt := range []struct{ name, content, digest, want string }{
		{"bad digest", docker, "sha256:abc", "want sha256: and 64 hex digits"},
		{"tag instead of digest", docker, "v1.2.3", "want sha256:"},
		{"not a docker action", "runs:\n  using: \"node20\"\n  main: \"index.js\"\n", testDigest, "not a Docker action"},
		{"two image lines", docker + "  image: \"Other\"\n", testDigest, "found 2"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Pin([]byte(tt.content), testImage, tt.digest); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
	// One bad file: nothing is written.
	repo := copyRepo(t)
	bad := filepath.Join(repo, "actions", "validate", "action.yml")
	os.WriteFile(bad, []byte("name: broken\n"), 0o644)
	good := filepath.Join(repo, "actions", "deploy", "action.yml")
	was, _ := os.ReadFile(good)
	if _, err := PinActions(repo, testImage, testDigest); err == nil {
		t.Fatal("a file without an image line was accepted")
	}
	if now, _ := os.ReadFile(good); !bytes.Equal(was, now) {
		t.Errorf("a file was rewritten although another could not be pinned")
	}
}

func TestPinActionsCommand(t *testing.T) {
	repo := copyRepo(t)
	cmd := exec.Command("go", "run", "./internal/release/cmd/pin-actions", "-root", repo, "-digest", testDigest)
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	b, _ := os.ReadFile(filepath.Join(repo, "action.yml"))
	if !strings.Contains(string(b), `image: "docker://ghcr.io/olympus-cloud/deploy-actions@`+testDigest+`"`) || !strings.Contains(string(out), "pinned") {
		t.Errorf("root action.yml:\n%s\noutput:\n%s", b, out)
	}
}
