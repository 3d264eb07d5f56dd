package deploy

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The hints name the engine that runs: a tofu user is told to run tofu.
func TestLockHintsNameTheEngine(t *testing.T) {
	held := errors.New("Error acquiring the state lock\n\nLock Info:\n  ID:        9f2c\n  Operation: OperationTypeApply\n  Who:       runner@host\n  Created:   2026-12-07\n")
	for _, command := range []string{"terraform", "tofu"} {
		other := map[string]string{"terraform": "tofu", "tofu": "terraform"}[command]
		msg := LockHeld(held, command).Error()
		if !strings.Contains(msg, "run "+command+" force-unlock 9f2c") || strings.Contains(msg, other) {
			t.Errorf("%s: LockHeld says %q", command, msg)
		}

		dir := t.TempDir()
		data := filepath.Join(dir, ".terraform")
		if err := os.MkdirAll(data, 0o755); err != nil {
			t.Fatal(err)
		}
		state := `{"backend":{"type":"gcs","config":{"bucket":"b","prefix":"p"}}}`
		if err := os.WriteFile(filepath.Join(data, "terraform.tfstate"), []byte(state), 0o644); err != nil {
			t.Fatal(err)
		}
		hint := UnlockHint(dir, "", "infra", "environments/dev/backend.tfbackend", command)
		want := "cd infra && " + command + " init -reconfigure -backend-config=environments/dev/backend.tfbackend && " + command + " force-unlock -force <lock id>"
		if !strings.Contains(hint, want) || strings.Contains(hint, other+" ") {
			t.Errorf("%s: UnlockHint says %q, want it to hold %q", command, hint, want)
		}
		if hint := UnlockHint(t.TempDir(), "", "infra", "b.tfbackend", command); !strings.Contains(hint, "<lock id from "+command+"'s error>") {
			t.Errorf("%s: UnlockHint without a backend record says %q", command, hint)
		}
	}
}
