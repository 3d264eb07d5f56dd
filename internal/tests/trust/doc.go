// Package trust holds the end-to-end tests of the promises every step
// makes, run as GitHub runs the steps (the harness, the runner emulation,
// the fake GitHub, real terraform with the local provider): no secret in
// any channel, no command from untrusted text, the reviewed plan is the
// applied plan, bad input changes nothing. It has no code of its own.
package trust
