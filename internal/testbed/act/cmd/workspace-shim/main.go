// Command workspace-shim starts olympus in GITHUB_WORKSPACE. It goes in
// front of the action's image in the act-driven workflow test only: act,
// running jobs on the host (-P ubuntu-latest=-self-hosted), starts a Docker
// action with the workspace mounted at the repository's path and its
// working directory there, while GITHUB_WORKSPACE names act's copy of the
// workspace (mounted at its own path by the test). The GitHub runner
// starts it in GITHUB_WORKSPACE; so does this shim, and nothing else.
package main

import (
	"fmt"
	"os"
	"syscall"
)

const olympus = "/usr/local/bin/olympus"

func main() {
	if ws := os.Getenv("GITHUB_WORKSPACE"); ws != "" {
		if err := os.Chdir(ws); err != nil {
			fmt.Fprintf(os.Stderr, "workspace-shim: %v\n", err)
			os.Exit(2)
		}
	}
	err := syscall.Exec(olympus, append([]string{olympus}, os.Args[1:]...), os.Environ())
	fmt.Fprintf(os.Stderr, "workspace-shim: %v\n", err)
	os.Exit(2)
}
