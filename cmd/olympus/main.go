// Command olympus runs the Olympus deploy steps, inside GitHub Actions or
// from a terminal. See README.md.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/olympus-cloud/deploy-actions/internal/cli"
)

func main() {
	// A cancelled job sends SIGINT then SIGTERM: both cancel the context,
	// which interrupts terraform so it can release its state lock.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}
