package terraform

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

func TestPrefixWriterPrefixesEveryLineOnce(t *testing.T) {
	var out bytes.Buffer
	p := &PrefixWriter{W: &out, Prefix: "[dev] "}
	for _, w := range []string{"one\ntw", "o\n", "\nthree"} {
		p.Write([]byte(w))
	}
	if got, want := out.String(), "[dev] one\n[dev] two\n[dev] \n[dev] three"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestEnvironDropsGitHubFiles(t *testing.T) {
	t.Setenv("GITHUB_OUTPUT", "/tmp/out")
	t.Setenv("GITHUB_ACTIONS", "true")
	t.Setenv("TF_DATA_DIR", "/tmp/shared")
	t.Setenv("TF_VAR_image", "api:v1")
	got := strings.Join(workerEnviron("TF_DATA_DIR=/tmp/mine"), "\n")
	for _, gone := range []string{"GITHUB_OUTPUT=", "GITHUB_ACTIONS=", "TF_DATA_DIR=/tmp/shared"} {
		if strings.Contains(got, gone) {
			t.Errorf("environ keeps %s", gone)
		}
	}
	for _, kept := range []string{"TF_VAR_image=api:v1", "TF_DATA_DIR=/tmp/mine", "PATH=" + os.Getenv("PATH")} {
		if !strings.Contains(got, kept) {
			t.Errorf("environ lacks %s", kept)
		}
	}
}
