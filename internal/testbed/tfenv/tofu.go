package tfenv

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// EnvEngine chooses the engine the end-to-end suites run: tofu runs them
// against a real OpenTofu (see Tofu), anything else against terraform.
const EnvEngine = "OLYMPUS_TEST_ENGINE"

// Engine is the engine the suites run: "terraform" or "tofu".
func Engine() string {
	if strings.TrimSpace(os.Getenv(EnvEngine)) == "tofu" {
		return "tofu"
	}
	return "terraform"
}

var (
	tofuOnce sync.Once
	tofuPath string
	tofuErr  string
)

// Tofu returns the tofu the tests run: OLYMPUS_TOFU (make test sets it),
// else the one scripts/install-tool.sh tofu built into the tools cache,
// where the version is pinned. It is never built here: building takes
// minutes.
func Tofu(t testing.TB) string {
	t.Helper()
	tofuOnce.Do(func() {
		if p := os.Getenv("OLYMPUS_TOFU"); p != "" {
			tofuPath = p
			return
		}
		script, err := repoFile("scripts/install-tool.sh")
		if err != nil {
			tofuErr = err.Error()
			return
		}
		cmd := exec.Command("bash", script, "tofu")
		cmd.Env = append(os.Environ(), "OLYMPUS_TOOLS_NO_BUILD=1")
		out, err := cmd.Output()
		if err != nil {
			tofuErr = "tofu is not built: run `bash scripts/install-tool.sh tofu` once (minutes), or set OLYMPUS_TOFU to a tofu binary"
			return
		}
		tofuPath = strings.TrimSpace(string(out))
	})
	if tofuErr != "" {
		t.Fatal(tofuErr)
	}
	return tofuPath
}

// repoFile finds a file of this repository from a test's directory.
func repoFile(rel string) (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		p := filepath.Join(dir, rel)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
		if filepath.Dir(dir) == dir {
			return "", os.ErrNotExist
		}
		dir = filepath.Dir(dir)
	}
}
