package step

import "context"

type escalationKey struct{}

// WithEscalation returns ctx carrying a channel that is closed when a
// second stop signal arrives: GitHub sends SIGINT, then SIGTERM 7.5 s
// later, then kills the step 2.5 s after that. The first signal cancels
// ctx; the second is the last moment to say what may be left behind.
func WithEscalation(ctx context.Context, escalated <-chan struct{}) context.Context {
	return context.WithValue(ctx, escalationKey{}, escalated)
}

// Escalation returns the channel of WithEscalation, or nil (never ready).
func Escalation(ctx context.Context) <-chan struct{} {
	ch, _ := ctx.Value(escalationKey{}).(<-chan struct{})
	return ch
}
