package tfinstall

import (
	"fmt"
	"os"
	"testing"
)

// TestMain makes this test binary a terraform whose bytes are not a
// script (as a real release's are not) when TFINSTALL_FAKE_VERSION is
// set: `version -json` prints that version, and each run appends a line to
// $FAKE_TERRAFORM_LOG, as releases.FakeTerraform's scripts do.
func TestMain(m *testing.M) {
	if v := os.Getenv("TFINSTALL_FAKE_VERSION"); v != "" && len(os.Args) > 1 && os.Args[1] == "version" {
		if log := os.Getenv("FAKE_TERRAFORM_LOG"); log != "" {
			if f, err := os.OpenFile(log, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644); err == nil {
				fmt.Fprintf(f, "terraform %s version\n", v)
				f.Close()
			}
		}
		fmt.Printf(`{"terraform_version":%q,"platform":"linux_amd64","provider_selections":{}}`+"\n", v)
		os.Exit(0)
	}
	os.Exit(m.Run())
}
