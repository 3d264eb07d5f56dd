package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func TestPrepareProcessOutsideActionsChangesNothing(t *testing.T) {
	env := map[string]string{"RUNNER_TEMP": t.TempDir()}
	cleanup, err := prepareProcess(func(k string) string { return env[k] }, func(k, v string) error { env[k] = v; return nil }, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	cleanup()
	if len(env) != 1 {
		t.Errorf("outside Actions the environment changed: %v", env)
	}
}

func TestPrepareProcessKeepsTerraformsFilesOutOfTheWorkspace(t *testing.T) {
	// The workspace is the test's own, so no switch of user is made; the
	// switch is tested in the image (internal/tests/imagetest).
	ws, home, rt := t.TempDir(), t.TempDir(), t.TempDir()
	env := map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": ws, "HOME": home, "RUNNER_TEMP": rt}
	cleanup, err := prepareProcess(func(k string) string { return env[k] }, func(k, v string) error { env[k] = v; return nil }, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if env["TMPDIR"] != rt {
		t.Errorf("TMPDIR = %q, want RUNNER_TEMP %q", env["TMPDIR"], rt)
	}
	if want := filepath.Join(home, ".cache", "olympus", "terraform-plugins"); env["TF_PLUGIN_CACHE_DIR"] != want {
		t.Errorf("TF_PLUGIN_CACHE_DIR = %q, want %q", env["TF_PLUGIN_CACHE_DIR"], want)
	}
	data := env["TF_DATA_DIR"]
	if st, err := os.Stat(data); err != nil || !st.IsDir() {
		t.Fatalf("TF_DATA_DIR %q is not a directory: %v", data, err)
	}
	if filepath.Dir(data) != rt {
		t.Errorf("TF_DATA_DIR %q is not in RUNNER_TEMP %q", data, rt)
	}
	cleanup()
	if _, err := os.Stat(data); !os.IsNotExist(err) {
		t.Errorf("TF_DATA_DIR %q left behind", data)
	}

	// What the workflow set is kept.
	env = map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": ws, "HOME": home, "TF_DATA_DIR": "/mine", "TF_PLUGIN_CACHE_DIR": "/cache", "TMPDIR": "/tmp"}
	cleanup, err = prepareProcess(func(k string) string { return env[k] }, func(k, v string) error { env[k] = v; return nil }, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	cleanup()
	if env["TF_DATA_DIR"] != "/mine" || env["TF_PLUGIN_CACHE_DIR"] != "/cache" || env["TMPDIR"] != "/tmp" {
		t.Errorf("settings of the workflow were replaced: %v", env)
	}
}
