// Command olympus runs the Olympus deploy steps, inside GitHub Actions or
// from a terminal. See README.md.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/olympus-cloud/deploy-actions/internal/cli"
	"github.com/olympus-cloud/deploy-actions/internal/step"
)

func main() {
	// A cancelled job gets SIGINT, then SIGTERM 7.5 s later, then SIGKILL.
	// The first signal cancels the context, which interrupts terraform so
	// it can release its state lock; the second tells the step to print
	// what is still locked while it can.
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	escalated := make(chan struct{})
	go func() {
		<-sigs
		cancel()
		<-sigs
		close(escalated)
	}()
	code := cli.Run(step.WithEscalation(ctx, escalated), os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
	cancel()
	os.Exit(code)
}
