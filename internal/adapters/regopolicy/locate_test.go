package regopolicy

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDefaultPolicyDirectory(t *testing.T) {
	ws := t.TempDir()
	mkdir := func(p string) {
		if err := os.MkdirAll(filepath.Join(ws, p), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	mkdir("terraform")
	if dir, _, err := Default(ws, filepath.Join(ws, "terraform")); dir != "" || err != nil {
		t.Errorf("no policy/: %q %v, want none", dir, err)
	}
	mkdir("policy")
	if dir, shown, err := Default(ws, filepath.Join(ws, "terraform")); err != nil || shown != "policy" || !strings.HasSuffix(dir, "/policy") {
		t.Errorf("policy/: %q %q %v", dir, shown, err)
	}
	// olympus.yaml's policy-path wins, per project.
	mkdir("rules/network")
	yaml := "version: 1\ndefaults:\n  policy-path: rules/\nprojects:\n  - dir: network\n    policy-path: rules/network\n"
	if err := os.WriteFile(filepath.Join(ws, "olympus.yaml"), []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	mkdir("network")
	if _, shown, err := Default(ws, filepath.Join(ws, "terraform")); err != nil || shown != "rules" {
		t.Errorf("defaults: %q %v", shown, err)
	}
	if _, shown, err := Default(ws, filepath.Join(ws, "network")); err != nil || shown != "rules/network" {
		t.Errorf("the project's: %q %v", shown, err)
	}
	// A policy-path olympus.yaml names must exist; a link may not leave
	// the repository.
	if err := os.WriteFile(filepath.Join(ws, "olympus.yaml"), []byte("version: 1\ndefaults:\n  policy-path: missing/\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Default(ws, filepath.Join(ws, "terraform")); err == nil || !strings.Contains(err.Error(), `policy-path "missing"`) {
		t.Errorf("a missing policy-path: %v", err)
	}
	os.Remove(filepath.Join(ws, "olympus.yaml"))
	os.RemoveAll(filepath.Join(ws, "policy"))
	if err := os.Symlink(t.TempDir(), filepath.Join(ws, "policy")); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Default(ws, filepath.Join(ws, "terraform")); err == nil || !strings.Contains(err.Error(), "outside the repository") {
		t.Errorf("a link out of the workspace: %v", err)
	}
}
