// Command recordexec stands in for a command (terraform, tofu) in tests:
// it appends its first argument to the file $RECORDEXEC_LOG and then
// becomes $RECORDEXEC_REAL (exec: the real command's signals, output and
// exit status). It is compiled, not a script, so olympus treats it as it
// treats a release binary (a script is a version manager's shim to it).
package main

import (
	"fmt"
	"os"
	"syscall"
)

func main() {
	real := os.Getenv("RECORDEXEC_REAL")
	if real == "" {
		fmt.Fprintln(os.Stderr, "recordexec: RECORDEXEC_REAL is not set")
		os.Exit(127)
	}
	if log := os.Getenv("RECORDEXEC_LOG"); log != "" && len(os.Args) > 1 {
		f, err := os.OpenFile(log, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err == nil {
			fmt.Fprintln(f, os.Args[1])
			f.Close()
		}
	}
	args := append([]string{real}, os.Args[1:]...)
	err := syscall.Exec(real, args, os.Environ())
	fmt.Fprintf(os.Stderr, "recordexec: failed to run %q: %v\n", real, err)
	os.Exit(127)
}
