package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// prepareProcess readies the process for a step inside GitHub Actions,
// where the runner starts the action's container as root with the
// workspace of another user mounted:
//
//   - it drops root for the owner of the workspace, so everything the step,
//     terraform and its providers write (SARIF, saved plans, lock files,
//     local state, caches under /github/home) belongs to the runner's user:
//     no root-owned file is left for a later actions/checkout to trip on,
//     and later steps on the host can read what this one wrote;
//   - it keeps terraform's working data (TF_DATA_DIR) out of the workspace,
//     in a temporary directory removed at exit, and temporary files in
//     RUNNER_TEMP (which the runner mounts and empties after the job);
//   - it points TF_PLUGIN_CACHE_DIR at the cache under HOME, which the
//     runner keeps for the whole job, so providers download once per job.
//
// Settings already in the environment are kept. Outside Actions nothing
// changes: from a laptop terraform behaves as usual. Notes go to w as
// ::debug:: commands, shown when step debug logging is on.
func prepareProcess(getenv func(string) string, setenv func(string, string) error, w io.Writer) (func(), error) {
	nothing := func() {}
	if getenv("GITHUB_ACTIONS") != "true" {
		return nothing, nil
	}
	debug := func(format string, args ...any) {
		fmt.Fprintf(w, "::debug::%s\n", commandData.Replace("olympus: "+fmt.Sprintf(format, args...)))
	}

	if os.Geteuid() == 0 {
		ws := getenv("GITHUB_WORKSPACE")
		if ws == "" {
			ws, _ = os.Getwd()
		}
		if uid, gid, ok := ownerOf(ws); ok && uid != 0 && uid != nobody {
			if err := dropTo(uid, gid); err != nil {
				debug("staying root: cannot switch to the workspace owner %d:%d: %v", uid, gid, err)
			} else {
				debug("running as the workspace owner %d:%d", uid, gid)
			}
		}
	}

	if getenv("TMPDIR") == "" {
		if rt := getenv("RUNNER_TEMP"); rt != "" && writable(rt) {
			if err := setenv("TMPDIR", rt); err != nil {
				return nothing, err
			}
		}
	}
	if getenv("TF_PLUGIN_CACHE_DIR") == "" {
		cache, err := step.CacheDir(getenv)
		dir := filepath.Join(cache, "terraform-plugins")
		if err == nil {
			err = os.MkdirAll(dir, 0o755)
		}
		if err != nil {
			debug("no provider plugin cache: %v", err)
		} else if err := setenv("TF_PLUGIN_CACHE_DIR", dir); err != nil {
			return nothing, err
		}
	}
	cleanup := nothing
	if getenv("TF_DATA_DIR") == "" {
		dir, err := os.MkdirTemp(getenv("TMPDIR"), "olympus-terraform-")
		if err != nil {
			return nothing, fmt.Errorf("failed to create terraform's data directory: %w", err)
		}
		if err := setenv("TF_DATA_DIR", dir); err != nil {
			os.RemoveAll(dir)
			return nothing, err
		}
		cleanup = func() { os.RemoveAll(dir) }
	}
	return cleanup, nil
}

// nobody is the overflow uid a user namespace shows for unmapped owners:
// switching to it would leave the step unable to write anything.
const nobody = 65534

func ownerOf(p string) (uid, gid int, ok bool) {
	st, err := os.Stat(p)
	if err != nil {
		return 0, 0, false
	}
	sys, ok := st.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, 0, false
	}
	return int(sys.Uid), int(sys.Gid), true
}

// dropTo switches the whole process (every thread, as Go does since 1.16)
// to uid and gid, with no supplementary groups.
func dropTo(uid, gid int) error {
	if err := syscall.Setgroups([]int{gid}); err != nil {
		return err
	}
	if err := syscall.Setgid(gid); err != nil {
		return err
	}
	return syscall.Setuid(uid)
}

func writable(dir string) bool {
	f, err := os.CreateTemp(dir, ".olympus-probe-")
	if err != nil {
		return false
	}
	f.Close()
	os.Remove(f.Name())
	return true
}

// commandData escapes a workflow command's data as the runner unescapes it.
var commandData = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
