package deploy

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// backendState is what terraform init records in .terraform/terraform.tfstate.
type backendState struct {
	Backend struct {
		Type   string         `json:"type"`
		Config map[string]any `json:"config"`
	} `json:"backend"`
}

// lockInfo is terraform's lock record (local backends keep it beside the
// state as <state>.lock.info).
type lockInfo struct {
	ID, Operation, Who, Created string
}

// UnlockHint says how to release the state lock that an interrupted
// terraform may have left: the lock id and the exact force-unlock command
// when they can be read, else where the lock is. dataDir is terraform's
// TF_DATA_DIR; empty means dir/.terraform. command is the engine's
// command line, terraform or tofu.
func UnlockHint(dir, dataDir, shownDir, backendFile, command string) string {
	cmd := func(id string) string {
		return fmt.Sprintf("cd %s && %s init -reconfigure -backend-config=%s && %s force-unlock -force %s", shownDir, command, backendFile, command, id)
	}
	if dataDir == "" {
		dataDir = filepath.Join(dir, ".terraform")
	} else if !filepath.IsAbs(dataDir) {
		dataDir = filepath.Join(dir, dataDir)
	}
	b, err := os.ReadFile(filepath.Join(dataDir, "terraform.tfstate"))
	var bs backendState
	if err != nil || json.Unmarshal(b, &bs) != nil {
		return "If the state stayed locked, release it with: " + cmd("<lock id from "+command+"'s error>")
	}
	cfg := func(k string) string { s, _ := bs.Backend.Config[k].(string); return s }
	switch bs.Backend.Type {
	case "local", "":
		path := cfg("path")
		if path == "" {
			path = "terraform.tfstate"
		}
		if !filepath.IsAbs(path) {
			path = filepath.Join(dir, path)
		}
		// The local backend keeps the lock as .<state file>.lock.info.
		lockFile := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".lock.info")
		var li lockInfo
		if b, err := os.ReadFile(lockFile); err == nil && json.Unmarshal(b, &li) == nil && li.ID != "" {
			return fmt.Sprintf("The state is still locked (lock %s, %s by %s). If %s does not finish, release it with:\n\n    %s", li.ID, li.Operation, li.Who, command, cmd(li.ID))
		}
		return "The state is not locked."
	case "gcs":
		obj := fmt.Sprintf("gs://%s/%s/default.tflock", cfg("bucket"), strings.Trim(cfg("prefix"), "/"))
		return fmt.Sprintf("If the state stayed locked, its lock is %s. Read the lock id with `gcloud storage cat %s`, then release it with:\n\n    %s", obj, obj, cmd("<lock id>"))
	default:
		return "If the state stayed locked, release it with: " + cmd("<lock id from "+command+"'s error>")
	}
}

var lockFieldRE = regexp.MustCompile(`(?m)^\s*(ID|Operation|Who|Created):\s*(.+)$`)

// LockHeld turns terraform's "Error acquiring the state lock" (tofu's
// too) into an error that names the holder and the command that releases
// it, or returns nil for other errors.
func LockHeld(err error, command string) error {
	if err == nil || !strings.Contains(err.Error(), "Error acquiring the state lock") {
		return nil
	}
	f := map[string]string{}
	for _, m := range lockFieldRE.FindAllStringSubmatch(err.Error(), -1) {
		if _, seen := f[m[1]]; !seen {
			f[m[1]] = strings.TrimSpace(m[2])
		}
	}
	return fmt.Errorf("the state is locked by %s (%s since %s, lock %s) and lock-timeout ran out; wait for that run to finish, or if it is dead, run %s force-unlock %s",
		orUnknown(f["Who"]), orUnknown(f["Operation"]), orUnknown(f["Created"]), orUnknown(f["ID"]), command, orUnknown(f["ID"]))
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}
